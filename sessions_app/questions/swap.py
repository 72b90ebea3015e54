"""Choose the bank question that replaces one a candidate does not want to answer.

A swap should feel like the same interview asking something else, so the replacement is
ranked the way a set is built (`generation`): a question for the session's role family first,
then one of the same category, then one the candidate was not asked recently, then the nearest
difficulty. A question the session already holds is never chosen, whatever the ranking: asking
it twice in one session would make the swap pointless. Ties are broken at random (reproducible
with a seed), so swapping again offers something new.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sessions_app.questions.bank import BankQuestion, usable_bank
from sessions_app.questions.generation import _FALLBACK_ORDER, _from_bank
from sessions_app.questions.types import (
    Category,
    Difficulty,
    GeneratedQuestion,
    normalise_question_text,
)
from sessions_app.resume.roles import GENERAL

#: The bank category that stands in for a session category the bank does not have: a résumé
#: question is about the candidate's skills, so a skill question is its nearest relative.
_BANK_CATEGORY: dict[str, Category] = {
    Category.BEHAVIOURAL: Category.BEHAVIOURAL,
    Category.ROLE: Category.ROLE,
    Category.SKILL: Category.SKILL,
    Category.RESUME: Category.SKILL,
}


def swap_candidate(
    bank: Iterable[Mapping[str, Any]],
    *,
    category: str,
    role: str,
    difficulty: Difficulty | str,
    session_keys: Collection[str],
    session_texts: Collection[str],
    recent_keys: Collection[str] = (),
    recent_texts: Collection[str] = (),
    seed: int | None = None,
) -> GeneratedQuestion | None:
    """The best replacement from ``bank`` (bank entries as dicts), or None when every usable
    bank question is already in the session.

    ``session_keys``/``session_texts`` are the keys and texts of every question the session
    holds, the one being replaced included; they are excluded outright. ``recent_*`` are what
    the user was asked in recent sessions: avoided, but used rather than no swap at all.
    ``category`` may be any session category; custom and follow-up questions have no bank
    category, so for them only the role and the difficulty rank.
    """
    wanted = _BANK_CATEGORY.get(category)
    level = Difficulty(difficulty)
    levels = {value: index for index, value in enumerate(_FALLBACK_ORDER[level])}
    taken_keys = set(session_keys)
    taken_texts = {normalise_question_text(text) for text in session_texts}
    recent_key_set = set(recent_keys)
    recent_text_set = {normalise_question_text(text) for text in recent_texts}
    rng = random.Random(seed)

    def rank(question: BankQuestion) -> tuple[int, int, int, int, float]:
        text = normalise_question_text(question.text)
        return (
            0 if question.role in (role, GENERAL) else 1,
            0 if wanted is None or question.category is wanted else 1,
            1 if question.key in recent_key_set or text in recent_text_set else 0,
            levels[question.difficulty],
            rng.random(),
        )

    candidates = [
        question
        for question in usable_bank(bank)
        if question.key not in taken_keys
        and normalise_question_text(question.text) not in taken_texts
    ]
    if not candidates:
        return None
    return _from_bank(min(candidates, key=rank))
