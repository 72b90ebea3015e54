"""Skill taxonomy and the matcher that finds canonical skills in free résumé text.

The taxonomy lives in ``skills.json`` so that adding a skill or an alias is a data change, not a
code change. Each skill has a canonical name, a category (which maps to the interview roles it
matters for) and three kinds of aliases, because a single matching rule cannot serve them all:

* ``aliases`` match case-insensitively ("k8s", "sklearn", "postgres");
* ``cased`` match only with the exact capitalisation, for short forms that collide with ordinary
  words in lower case ("JS", "React", "Rust", "Excel");
* ``listed`` match with exact case *and* only as an item of an enumeration ("Languages: C, Go,
  R"), for names that are also common English words or letters ("Go", "R", "C", "Spring");
  the one- and two-letter languages also match after "in/using/with" ("services in Go for").

The canonical name is matched like an alias unless it is itself in ``cased`` or ``listed``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TAXONOMY_PATH = Path(__file__).with_name("skills.json")

# A skill name never touches a letter or digit on either side; "+" and "#" are excluded after
# it too, so that "C" does not match inside "C++" or "C#".
_BEFORE = r"(?<![A-Za-z0-9_])"
_AFTER = r"(?![A-Za-z0-9_+#])"
# What may stand before / after an item of an enumeration (a skills line, a bullet, "X and Y").
_LIST_BEFORE = r"(?:^[ \t]*(?:[-*•·▪◦●][ \t]*)?|[,;|/(:•·▪][ \t]*|\b(?:and|or|&)[ \t]+)"
_LIST_AFTER = r"(?=[ \t]*(?:$|[,;|/)•·▪.]|(?:and|or|&)\b))"
# Programming languages are also named in prose: "written in Go for ...", "models in R and SQL".
_PROSE_BEFORE = r"\b(?:in|using|with|via)[ \t]+"
_PROSE_AFTER = r"(?=[ \t]*(?:$|[,;|/)•·▪.]|(?:and|or|&|for|to|with|on)\b))"
_PROSE_CATEGORIES = frozenset({"programming_language"})


@dataclass(frozen=True, slots=True)
class Skill:
    """One canonical skill of the taxonomy."""

    name: str
    category: str
    roles: tuple[str, ...]
    # A practice ("user research", "negotiation") rather than a tool ("Figma", "Salesforce"):
    # questions say "your work involved user research", not "you used User research".
    practice: bool = False

    @property
    def in_prose(self) -> str:
        """The name as it reads mid-sentence: practices lower-cased, acronyms and tools kept."""
        if self.practice and len(self.name) > 1 and self.name[1].islower():
            return self.name[0].lower() + self.name[1:]
        return self.name


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """A canonical skill found in a text, with how often and where it first appeared."""

    name: str
    category: str
    count: int
    first_offset: int


def _normalise(alias: str) -> str:
    """One key for every spelling the patterns accept: hyphens and whitespace are equivalent."""
    return " ".join(re.split(r"[\s\-]+", alias.strip()))


def _alias_pattern(alias: str) -> str:
    # Spaces and hyphens are interchangeable in skill names ("machine-learning", "scikit learn"),
    # and PDF extraction can break a name across a line.
    words = re.split(r"[\s\-]+", alias.strip())
    return r"[\s\-]+".join(re.escape(word) for word in words)


def _alternation(aliases: Iterable[str]) -> str:
    # Longest first so that "React Native" wins over "React" and "Java" never eats "JavaScript".
    ordered = sorted(set(aliases), key=lambda alias: (-len(alias), alias))
    return "|".join(_alias_pattern(alias) for alias in ordered)


class SkillTaxonomy:
    """The curated skills, their aliases and the compiled patterns that find them."""

    def __init__(self, data: Mapping[str, object]) -> None:
        category_roles = data["category_roles"]
        entries = data["skills"]
        if not isinstance(category_roles, Mapping) or not isinstance(entries, list):
            raise ValueError("skills taxonomy needs 'category_roles' and 'skills'")
        self._skills: dict[str, Skill] = {}
        self._by_lower: dict[str, str] = {}
        insensitive: dict[str, str] = {}
        cased: dict[str, str] = {}
        listed: dict[str, str] = {}
        prose: dict[str, str] = {}
        for entry in entries:
            name = str(entry["name"])
            category = str(entry["category"])
            if category not in category_roles:
                raise ValueError(f"skill {name!r} has unknown category {category!r}")
            self._skills[name] = Skill(
                name, category, tuple(category_roles[category]), bool(entry.get("practice"))
            )
            entry_cased = [str(alias) for alias in entry.get("cased", [])]
            entry_listed = [str(alias) for alias in entry.get("listed", [])]
            entry_aliases = [str(alias) for alias in entry.get("aliases", [])]
            if name not in entry_cased and name not in entry_listed:
                entry_aliases.append(name)
            for alias in entry_aliases:
                insensitive.setdefault(_normalise(alias.lower()), name)
            for alias in entry_cased:
                cased.setdefault(_normalise(alias), name)
            for alias in entry_listed:
                listed.setdefault(_normalise(alias), name)
                # Only the one- and two-letter languages (C, R, Go): longer list-only names are
                # also first names ("with Julia, our designer").
                if category in _PROSE_CATEGORIES and len(alias) <= 2:
                    prose.setdefault(_normalise(alias), name)
            for alias in (name, *entry_aliases, *entry_cased, *entry_listed):
                self._by_lower.setdefault(alias.lower(), name)
        self._insensitive = insensitive
        self._cased = cased
        self._listed = listed
        self._insensitive_re = re.compile(
            _BEFORE + "(" + _alternation(insensitive) + ")" + _AFTER, re.IGNORECASE
        )
        self._cased_re = re.compile(_BEFORE + "(" + _alternation(cased) + ")" + _AFTER)
        self._listed_re = re.compile(
            _LIST_BEFORE + "(" + _alternation(listed) + ")" + _AFTER + _LIST_AFTER, re.MULTILINE
        )
        self._prose_re = re.compile(
            _PROSE_BEFORE + "(" + _alternation(prose) + ")" + _AFTER + _PROSE_AFTER, re.MULTILINE
        )

    @classmethod
    def from_file(cls, path: Path = TAXONOMY_PATH) -> SkillTaxonomy:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def __len__(self) -> int:
        return len(self._skills)

    def __contains__(self, name: object) -> bool:
        return name in self._skills

    @property
    def names(self) -> list[str]:
        return list(self._skills)

    def get(self, name: str) -> Skill | None:
        return self._skills.get(name)

    def canonical(self, alias: str) -> str | None:
        """The canonical name of a skill from any of its spellings, or None if unknown."""
        return self._by_lower.get(alias.strip().lower())

    def relevant_to(self, name: str, role: str) -> bool:
        skill = self._skills.get(name)
        return skill is not None and role in skill.roles

    def find(self, text: str) -> list[SkillMatch]:
        """Every skill mentioned in ``text``, most mentioned first, then by first appearance.

        Matches of the three kinds can overlap ("Ruby on Rails" and the cased "Ruby"); the
        longest wins, as a reader would read it.
        """
        spans: list[tuple[int, int, str]] = []
        for match in self._insensitive_re.finditer(text):
            name = self._insensitive.get(_normalise(match.group(1).lower()))
            if name:
                spans.append((match.start(1), match.end(1), name))
        for match in self._cased_re.finditer(text):
            name = self._cased.get(_normalise(match.group(1)))
            if name:
                spans.append((match.start(1), match.end(1), name))
        for pattern in (self._listed_re, self._prose_re):
            for match in pattern.finditer(text):
                name = self._listed.get(_normalise(match.group(1)))
                if name:
                    spans.append((match.start(1), match.end(1), name))

        spans = sorted(set(spans), key=lambda span: (-(span[1] - span[0]), span[0]))
        taken: list[tuple[int, int]] = []
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for start, end, name in spans:
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            counts[name] = counts.get(name, 0) + 1
            first[name] = min(first.get(name, start), start)
        ordered = sorted(counts, key=lambda name: (-counts[name], first[name]))
        return [
            SkillMatch(name, self._skills[name].category, counts[name], first[name])
            for name in ordered
        ]

    def find_names(self, text: str) -> list[str]:
        return [match.name for match in self.find(text)]


@cache
def default_taxonomy() -> SkillTaxonomy:
    """The bundled taxonomy, loaded and compiled once per process."""
    return SkillTaxonomy.from_file()
