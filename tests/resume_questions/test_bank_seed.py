"""The curated seed bank: size, coverage, and entries the admin and generator can trust."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from sessions_app.questions.bank import BankEntryError, parse_bank_entry
from sessions_app.questions.types import Category, Difficulty
from sessions_app.resume.roles import GENERAL, ROLES
from sessions_app.resume.skills import default_taxonomy


def test_seed_bank_is_large_and_valid(seed_bank: list[dict[str, Any]]) -> None:
    # when
    questions = [parse_bank_entry(entry) for entry in seed_bank]

    # then
    assert len(questions) >= 200
    assert len({question.key for question in questions}) == len(questions)
    assert len({question.text for question in questions}) == len(questions)
    assert {question.category for question in questions} == {
        Category.BEHAVIOURAL,
        Category.ROLE,
        Category.SKILL,
    }
    assert all(len(question.key_points) >= 2 for question in questions)


def test_every_role_has_behavioural_and_technical_questions_at_every_difficulty(
    seed_bank: list[dict[str, Any]],
) -> None:
    # given
    questions = [parse_bank_entry(entry) for entry in seed_bank]

    # when
    role_counts = Counter(
        (question.role, question.difficulty)
        for question in questions
        if question.category is Category.ROLE
    )
    behavioural = Counter(
        (question.role, question.difficulty)
        for question in questions
        if question.category is Category.BEHAVIOURAL
    )

    # then
    assert len(ROLES) == 8
    for role in ROLES:
        for difficulty in Difficulty:
            assert role_counts[(role, difficulty)] >= 6, (role, difficulty)
            assert behavioural[(role, difficulty)] >= 1, (role, difficulty)
            assert behavioural[(GENERAL, difficulty)] >= 10


def test_skill_names_in_the_bank_exist_in_the_taxonomy(seed_bank: list[dict[str, Any]]) -> None:
    # given
    taxonomy = default_taxonomy()

    # when
    unknown = {
        skill for entry in seed_bank for skill in entry.get("skills", []) if skill not in taxonomy
    }

    # then
    assert unknown == set()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"key": "Bad Key!"}, "key"),
        ({"role": "astronaut"}, "role"),
        ({"difficulty": "extreme"}, "difficulty"),
        ({"category": "resume"}, "category"),
        ({"text": "Why?"}, "text"),
        ({"key_points": []}, "key_points"),
        ({"key_points": "one string"}, "key_points"),
        ({"category": "skill", "skills": []}, "skills"),
    ],
)
def test_invalid_entries_name_the_field_at_fault(change: dict[str, Any], field: str) -> None:
    # given
    entry = {
        "key": "sales.role.easy.example",
        "role": "sales",
        "difficulty": "easy",
        "category": "role",
        "text": "How do you prepare for a first call?",
        "key_points": ["research", "agenda"],
        **change,
    }

    # when
    with pytest.raises(BankEntryError) as caught:
        parse_bank_entry(entry)

    # then
    assert caught.value.field == field
