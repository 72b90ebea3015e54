"""Question sets: balanced, built on the résumé, fresh across sessions, reproducible."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from sessions_app.questions import Category, GeneratedQuestion, Source, generate_questions
from sessions_app.resume import ParsedResume
from sessions_app.resume.roles import ROLES


def shares(questions: list[GeneratedQuestion]) -> Counter[str]:
    """Skill and résumé questions together are the résumé-specific share."""
    return Counter(
        "resume" if question.category in (Category.SKILL, Category.RESUME) else question.category
        for question in questions
    )


def test_set_with_a_resume_is_balanced(
    seed_bank: list[dict[str, Any]], engineer_resume: ParsedResume
) -> None:
    # when
    questions = generate_questions(
        seed_bank,
        role="software_engineer",
        difficulty="medium",
        count=9,
        resume=engineer_resume,
        seed=7,
    )

    # then
    assert len(questions) == 9
    assert shares(questions) == {"behavioural": 3, "role": 3, "resume": 3}
    assert len({question.key for question in questions}) == 9
    # it moves between shares like an interview: behavioural, role, résumé, ...
    assert [shares([question]).most_common(1)[0][0] for question in questions[:3]] == [
        "behavioural",
        "role",
        "resume",
    ]


def test_set_without_a_resume_is_balanced(seed_bank: list[dict[str, Any]]) -> None:
    # when
    questions = generate_questions(seed_bank, role="marketing", difficulty="hard", count=7, seed=1)

    # then
    assert Counter(question.category for question in questions) == {
        Category.ROLE: 4,
        Category.BEHAVIOURAL: 3,
    }
    assert all(question.difficulty == "hard" for question in questions)


def test_set_uses_the_resume(
    seed_bank: list[dict[str, Any]], engineer_resume: ParsedResume
) -> None:
    # when
    questions = generate_questions(
        seed_bank,
        role="software_engineer",
        difficulty="medium",
        count=6,
        resume=engineer_resume,
        seed=3,
    )

    # then: the first résumé question is about a skill the candidate used at an employer
    templated = [question for question in questions if question.source is Source.RESUME_TEMPLATE]
    assert templated
    first = templated[0]
    assert "Kubernetes" in first.text and "Acme Corp" in first.text
    assert first.key == "resume.skill_at_employer:kubernetes@acme-corp"
    assert first.skills == ("Kubernetes",)
    assert any("Kubernetes" in point for point in first.key_points)


def test_resume_questions_cover_several_subjects(
    seed_bank: list[dict[str, Any]], scientist_resume: ParsedResume
) -> None:
    # when: a long set, mostly from the résumé share
    questions = generate_questions(
        seed_bank,
        role="data_scientist",
        difficulty="easy",
        count=15,
        resume=scientist_resume,
        seed=11,
    )

    # then: employers, an achievement, a project; and no skill asked about twice
    resume_share = [q for q in questions if q.category in (Category.RESUME, Category.SKILL)]
    texts = " ".join(question.text for question in resume_share)
    assert "Northwind Health" in texts and "Contoso Bank" in texts
    assert "Readmission Radar" in texts
    skills = [skill for question in resume_share for skill in question.skills]
    assert len(skills) == len(set(skills))


def test_recent_questions_are_not_repeated(
    seed_bank: list[dict[str, Any]], engineer_resume: ParsedResume
) -> None:
    # given what this user was asked in their last two sessions
    first = generate_questions(
        seed_bank,
        role="software_engineer",
        difficulty="easy",
        count=8,
        resume=engineer_resume,
        seed=1,
    )
    second = generate_questions(
        seed_bank,
        role="software_engineer",
        difficulty="easy",
        count=8,
        resume=engineer_resume,
        seed=2,
        recent_keys=[q.key for q in first],
    )

    # when
    third = generate_questions(
        seed_bank,
        role="software_engineer",
        difficulty="easy",
        count=8,
        resume=engineer_resume,
        seed=3,
        recent_keys=[q.key for q in (*first, *second)],
    )

    # then
    asked_before = {q.key for q in (*first, *second)}
    assert not {q.key for q in second} & {q.key for q in first}
    assert not {q.key for q in third} & asked_before
    assert shares(third) == {"resume": 3, "role": 3, "behavioural": 2}


def test_recent_questions_are_recognised_by_text_too(seed_bank: list[dict[str, Any]]) -> None:
    # given only the texts of earlier questions (say, from an older session format)
    first = generate_questions(seed_bank, role="sales", difficulty="easy", count=6, seed=5)

    # when
    second = generate_questions(
        seed_bank,
        role="sales",
        difficulty="easy",
        count=6,
        seed=5,
        recent_texts=[q.text.upper() for q in first],
    )

    # then
    assert not {q.text for q in first} & {q.text for q in second}


def test_repeats_only_when_the_bank_is_exhausted() -> None:
    # given a tiny bank that was all asked recently
    bank = [
        {
            "key": f"designer.role.easy.q{index}",
            "role": "designer",
            "difficulty": "easy",
            "category": "role",
            "text": f"Design question number {index}?",
            "key_points": ["x"],
        }
        for index in range(3)
    ]

    # when
    questions = generate_questions(
        bank,
        role="designer",
        difficulty="easy",
        count=3,
        seed=0,
        recent_keys=[entry["key"] for entry in bank],
    )

    # then: a full set rather than an empty session
    assert sorted(q.key for q in questions) == sorted(entry["key"] for entry in bank)


def test_same_seed_gives_the_same_set_and_other_seeds_differ(
    seed_bank: list[dict[str, Any]], engineer_resume: ParsedResume
) -> None:
    # given
    def make(seed: int, bank: list[dict[str, Any]]) -> list[str]:
        return [
            q.text
            for q in generate_questions(
                bank,
                role="software_engineer",
                difficulty="hard",
                count=8,
                resume=engineer_resume,
                seed=seed,
            )
        ]

    # when
    first = make(42, seed_bank)
    again = make(42, list(reversed(seed_bank)))  # the database may return rows in any order
    other = make(43, seed_bank)

    # then
    assert first == again
    assert first != other


def test_neighbouring_difficulties_fill_a_short_tier() -> None:
    # given a bank with a single hard question
    bank = [
        {
            "key": f"sales.role.{level}.q{index}",
            "role": "sales",
            "difficulty": level,
            "category": "role",
            "text": f"A {level} sales question {index}?",
            "key_points": ["x"],
        }
        for level, count in (("hard", 1), ("medium", 3), ("easy", 3))
        for index in range(count)
    ]

    # when
    questions = generate_questions(bank, role="sales", difficulty="hard", count=3, seed=0)

    # then: the hard one, then medium before easy
    assert [q.difficulty for q in questions] == ["hard", "medium", "medium"]


def test_inactive_and_invalid_bank_entries_are_skipped(seed_bank: list[dict[str, Any]]) -> None:
    # given every customer-support role question switched off in the admin, plus junk
    bank = [
        {**entry, "active": False}
        if entry["role"] == "customer_support" and entry["category"] == "role"
        else entry
        for entry in seed_bank
    ] + [{"key": "broken", "role": "customer_support"}]

    # when
    questions = generate_questions(
        bank, role="customer_support", difficulty="medium", count=10, seed=0
    )

    # then: the role share falls back to the role's skill questions and behavioural ones
    assert len(questions) == 10
    assert not any(q.category is Category.ROLE for q in questions)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_every_role_and_difficulty_fills_a_session(
    seed_bank: list[dict[str, Any]], role: str, difficulty: str
) -> None:
    # when
    questions = generate_questions(seed_bank, role=role, difficulty=difficulty, count=10, seed=0)
    # then
    assert len(questions) == 10
    assert len({q.text for q in questions}) == 10
    assert all(q.key_points for q in questions)


def test_a_role_without_a_bank_family_gets_general_behavioural_questions(
    seed_bank: list[dict[str, Any]],
) -> None:
    # given: "Astronaut" maps to no role family, so the service asks for the general role
    # when
    questions = generate_questions(seed_bank, role="general", difficulty="medium", count=6,
                                   seed=3)
    # then: a full set, from the questions written for every role
    general_keys = {entry["key"] for entry in seed_bank if entry["role"] == "general"}
    assert len(questions) == 6
    assert {question.bank_key for question in questions} <= general_keys
    assert Category.ROLE not in {question.category for question in questions}


def test_unknown_role_or_count_is_rejected(seed_bank: list[dict[str, Any]]) -> None:
    with pytest.raises(ValueError, match="unknown role"):
        generate_questions(seed_bank, role="astronaut", difficulty="easy", count=3)
    with pytest.raises(ValueError, match="count"):
        generate_questions(seed_bank, role="sales", difficulty="easy", count=0)
    with pytest.raises(ValueError):
        generate_questions(seed_bank, role="sales", difficulty="extreme", count=3)
