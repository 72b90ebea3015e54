"""Value types shared by the question generator, the résumé templates and the LLM path."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class Category(StrEnum):
    """What a question probes. ``skill`` (bank, one named skill) and ``resume`` (templates
    over the candidate's own history) together make up the résumé-specific share of a set."""

    BEHAVIOURAL = "behavioural"
    ROLE = "role"
    SKILL = "skill"
    RESUME = "resume"


class Source(StrEnum):
    BANK = "bank"
    RESUME_TEMPLATE = "resume_template"
    LLM = "llm"


@dataclass(frozen=True, slots=True)
class GeneratedQuestion:
    """One question of a session, with what a good answer covers.

    ``key`` identifies the question across sessions so that recent ones can be avoided: the
    bank key for bank questions, a subject key ("resume.skill_at_employer:kubernetes@acme")
    for templates, so that the same subject is not asked again in other words.
    """

    key: str
    text: str
    category: Category
    key_points: tuple[str, ...]
    source: Source
    difficulty: Difficulty
    bank_key: str | None = None
    skills: tuple[str, ...] = field(default_factory=tuple)


def normalise_question_text(text: str) -> str:
    """Comparable form of a question: case, punctuation and spacing do not make it new."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "x"
