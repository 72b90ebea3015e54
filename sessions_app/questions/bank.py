"""Bank questions as plain data: the seed file, and the checks any edited entry must pass.

The bank is edited in the admin, so the generator receives dicts from the database; this
module is the one place that says what a valid entry is, for the seed, the admin and the
generator alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sessions_app.questions.types import Category, Difficulty
from sessions_app.resume.roles import GENERAL, ROLES

SEED_PATH = Path(__file__).with_name("bank_seed.json")
BANK_CATEGORIES = (Category.BEHAVIOURAL, Category.ROLE, Category.SKILL)
_KEY = re.compile(r"^[a-z0-9_.:-]{3,120}$")


class BankEntryError(ValueError):
    """An entry that cannot be used, with the field at fault for the admin form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class BankQuestion:
    key: str
    role: str
    difficulty: Difficulty
    category: Category
    text: str
    key_points: tuple[str, ...]
    skills: tuple[str, ...] = ()


def parse_bank_entry(entry: Mapping[str, Any]) -> BankQuestion:
    """A validated BankQuestion, or BankEntryError naming the field that is wrong."""
    key = str(entry.get("key") or "")
    if not _KEY.match(key):
        raise BankEntryError("key", "use 3-120 lowercase letters, digits, '.', '_', ':' or '-'")
    role = str(entry.get("role") or "")
    if role not in (*ROLES, GENERAL):
        raise BankEntryError("role", f"unknown role {role!r}")
    try:
        difficulty = Difficulty(str(entry.get("difficulty")))
    except ValueError as error:
        raise BankEntryError("difficulty", "must be easy, medium or hard") from error
    try:
        category = Category(str(entry.get("category")))
    except ValueError as error:
        raise BankEntryError("category", "must be behavioural, role or skill") from error
    if category not in BANK_CATEGORIES:
        raise BankEntryError("category", "must be behavioural, role or skill")
    text = " ".join(str(entry.get("text") or "").split())
    if not 10 <= len(text) <= 500:
        raise BankEntryError("text", "must be 10-500 characters")
    raw_points = entry.get("key_points") or []
    if isinstance(raw_points, str) or not isinstance(raw_points, Iterable):
        raise BankEntryError("key_points", "must be a list of short phrases")
    key_points = tuple(" ".join(str(point).split()) for point in raw_points if str(point).strip())
    if not key_points:
        raise BankEntryError("key_points", "at least one key point is needed for scoring")
    raw_skills = entry.get("skills") or []
    if isinstance(raw_skills, str):
        raw_skills = [raw_skills]
    skills = tuple(str(skill) for skill in raw_skills if str(skill).strip())
    if category is Category.SKILL and not skills:
        raise BankEntryError("skills", "a skill question must name the skills it is about")
    return BankQuestion(key, role, difficulty, category, text, key_points, skills)


def usable_bank(entries: Iterable[Mapping[str, Any]]) -> list[BankQuestion]:
    """The active, valid entries, sorted by key so that results never depend on the order
    the database returned them in (a seed must give the same questions everywhere)."""
    questions: dict[str, BankQuestion] = {}
    for entry in entries:
        if entry.get("active", True) is False:
            continue
        try:
            question = parse_bank_entry(entry)
        except BankEntryError:
            continue
        questions.setdefault(question.key, question)
    return [questions[key] for key in sorted(questions)]


def load_seed_bank(path: Path = SEED_PATH) -> list[dict[str, Any]]:
    """The curated questions the data migration seeds the database with."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path.name} must hold a list of questions")
    return data
