"""The skill taxonomy and its matcher: aliases, short names, and words that only look like
skills."""

from __future__ import annotations

import json

import pytest

from sessions_app.resume.roles import ROLES
from sessions_app.resume.skills import TAXONOMY_PATH, default_taxonomy


def test_taxonomy_is_large_and_consistent() -> None:
    # given
    data = json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))

    # when
    names = [entry["name"] for entry in data["skills"]]

    # then
    assert len(names) >= 300
    assert len(set(names)) == len(names)
    assert set(data["category_roles"]) == {entry["category"] for entry in data["skills"]}
    for roles in data["category_roles"].values():
        assert set(roles) <= set(ROLES)
    # every role is served by some skills
    assert {role for roles in data["category_roles"].values() for role in roles} == set(ROLES)


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("k8s", "Kubernetes"),
        ("JS", "JavaScript"),
        ("sklearn", "scikit-learn"),
        ("golang", "Go"),
        ("postgres", "PostgreSQL"),
        ("nodejs", "Node.js"),
        ("TS", "TypeScript"),
        ("GCP", "Google Cloud Platform"),
        ("a/b tests", "A/B testing"),
        ("SFDC", "Salesforce"),
    ],
)
def test_aliases_resolve_to_the_canonical_skill(alias: str, canonical: str) -> None:
    # when
    found = default_taxonomy().find_names(f"Experience with {alias}, daily.")
    # then
    assert found == [canonical]
    assert default_taxonomy().canonical(alias) == canonical


def test_short_names_are_found_in_skill_lists() -> None:
    # when
    found = default_taxonomy().find_names("Languages: C, Go, R, C++, C#\n- Java and JavaScript")
    # then
    assert found == ["C", "Go", "R", "C++", "C#", "Java", "JavaScript"]


def test_languages_are_found_in_prose_after_in_using_with() -> None:
    # when
    found = default_taxonomy().find_names(
        "Wrote the scheduler in Go for speed and the models using R and Python."
    )
    # then
    assert found == ["Go", "R", "Python"]


@pytest.mark.parametrize(
    "text",
    [
        "I go to the gym and lead R&D reviews.",
        "Plan C was to go-to-market later; vitamin C helps.",
        "We react to feedback quickly and excel at it.",
        "In Spring, we launched; the chef cooked.",
        "Collaborated with Julia, our designer, on main.js files.",
        "Grew the business 3x; see example.net for details.",
    ],
)
def test_ordinary_words_are_not_taken_for_skills(text: str) -> None:
    # when
    found = default_taxonomy().find_names(text)
    # then: only genuine, unambiguous skills (if any) are reported
    assert not {
        "Go",
        "R",
        "C",
        "React",
        "Spring Boot",
        "Chef",
        "Julia",
        "JavaScript",
        ".NET",
    } & set(found)


def test_longer_names_win_over_their_prefixes() -> None:
    # when
    found = default_taxonomy().find_names(
        "Built React Native apps, Ruby on Rails services and ASP.NET tools with Spring Boot."
    )
    # then
    assert found == ["React Native", "Ruby on Rails", "ASP.NET", "Spring Boot"]


def test_mentions_are_counted_and_ordered() -> None:
    # when
    matches = default_taxonomy().find("Kubernetes; k8s on EKS. Python.")
    # then
    assert [(match.name, match.count) for match in matches] == [("Kubernetes", 3), ("Python", 1)]


def test_practices_read_naturally_mid_sentence() -> None:
    # given
    taxonomy = default_taxonomy()
    # then
    assert taxonomy.get("User research").in_prose == "user research"  # type: ignore[union-attr]
    assert taxonomy.get("A/B testing").in_prose == "A/B testing"  # type: ignore[union-attr]
    assert taxonomy.get("Kubernetes").in_prose == "Kubernetes"  # type: ignore[union-attr]
