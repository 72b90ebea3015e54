"""Choose the questions of one practice session from the bank and the candidate's résumé.

A set is balanced across what interviews actually probe: behavioural questions, questions
about the target role, and (with a résumé) questions about the candidate's own history. Within
each share the requested difficulty comes first, then the neighbouring ones, so a small bank
still fills a set. Questions this user saw recently are avoided, and used only as a last
resort rather than returning a short set. The same seed gives the same set.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import zip_longest
from typing import Any, Required, TypedDict, Unpack

from sessions_app.questions.bank import BankQuestion, usable_bank
from sessions_app.questions.resume_templates import TemplateCandidate, resume_candidates
from sessions_app.questions.types import (
    Category,
    Difficulty,
    GeneratedQuestion,
    Source,
    normalise_question_text,
)
from sessions_app.resume.parse import ParsedResume
from sessions_app.resume.roles import GENERAL, ROLES
from sessions_app.resume.skills import SkillTaxonomy

MAX_COUNT = 50

# Nearest difficulty first when the requested one runs out.
_FALLBACK_ORDER: dict[Difficulty, tuple[Difficulty, ...]] = {
    Difficulty.EASY: (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD),
    Difficulty.MEDIUM: (Difficulty.MEDIUM, Difficulty.EASY, Difficulty.HARD),
    Difficulty.HARD: (Difficulty.HARD, Difficulty.MEDIUM, Difficulty.EASY),
}


class Share(StrEnum):
    """The three parts of a balanced set."""

    RESUME = "resume"
    ROLE = "role"
    BEHAVIOURAL = "behavioural"


class QuestionSetOptions(TypedDict, total=False):
    """What shapes one set, as the keyword arguments of ``generate_question_shares``.

    The entry points that choose a set (``generate_questions``, the LLM path in
    ``tailoring``) take these and hand them on unchanged, so an option is declared once
    and reaches every path instead of being listed again in each signature.
    """

    role: Required[str]
    difficulty: Required[Difficulty | str]
    count: Required[int]
    resume: ParsedResume | None
    recent_keys: Collection[str]
    recent_texts: Collection[str]
    seed: int | None
    taxonomy: SkillTaxonomy | None


@dataclass(slots=True)
class _Pool:
    """Candidates of one share: fresh ones first, recently asked ones as a last resort."""

    fresh: list[GeneratedQuestion] = field(default_factory=list)
    recent: list[GeneratedQuestion] = field(default_factory=list)


def _from_bank(question: BankQuestion) -> GeneratedQuestion:
    return GeneratedQuestion(
        key=question.key,
        text=question.text,
        category=question.category,
        key_points=question.key_points,
        source=Source.BANK,
        difficulty=question.difficulty,
        bank_key=question.key,
        skills=question.skills,
    )


def _by_difficulty(
    questions: Iterable[BankQuestion], difficulty: Difficulty, rng: random.Random
) -> list[BankQuestion]:
    """Shuffled within each difficulty tier, tiers nearest-first."""
    tiers: dict[Difficulty, list[BankQuestion]] = {level: [] for level in Difficulty}
    for question in questions:
        tiers[question.difficulty].append(question)
    ordered: list[BankQuestion] = []
    for level in _FALLBACK_ORDER[difficulty]:
        tier = tiers[level]
        rng.shuffle(tier)
        ordered.extend(tier)
    return ordered


class _RecentFilter:
    def __init__(self, keys: Collection[str], texts: Collection[str]) -> None:
        self.keys = set(keys)
        self.texts = {normalise_question_text(text) for text in texts}

    def is_recent(self, question: GeneratedQuestion) -> bool:
        return (
            question.key in self.keys
            or (question.bank_key is not None and question.bank_key in self.keys)
            or normalise_question_text(question.text) in self.texts
        )


def _pool(questions: Iterable[GeneratedQuestion], recent: _RecentFilter) -> _Pool:
    pool = _Pool()
    for question in questions:
        (pool.recent if recent.is_recent(question) else pool.fresh).append(question)
    return pool


def _resume_share(
    resume: ParsedResume,
    bank: list[BankQuestion],
    *,
    role: str,
    difficulty: Difficulty,
    rng: random.Random,
    taxonomy: SkillTaxonomy | None,
) -> list[GeneratedQuestion]:
    """Templates over the résumé, mixed with bank skill questions about skills the
    résumé names (whatever role they were written for: a product manager who lists SQL can
    be asked about SQL)."""
    templates: list[TemplateCandidate] = resume_candidates(
        resume, role=role, difficulty=difficulty, taxonomy=taxonomy
    )
    rendered = [candidate.render(rng, difficulty) for candidate in templates]
    rank = {name: index for index, name in enumerate(resume.skills)}
    skill_questions = [
        question
        for question in bank
        if question.category is Category.SKILL and any(skill in rank for skill in question.skills)
    ]
    by_level = _by_difficulty(skill_questions, difficulty, rng)
    level_order = {level: index for index, level in enumerate(_FALLBACK_ORDER[difficulty])}
    # Within a difficulty tier, the skills the résumé stresses most come first; the shuffle
    # above breaks ties between questions about the same skill.
    by_level.sort(
        key=lambda question: (
            level_order[question.difficulty],
            min(rank.get(skill, len(rank)) for skill in question.skills),
            question.role not in (role, GENERAL),
        )
    )
    from_bank = [_from_bank(question) for question in by_level]
    # Two template questions to one bank question: the templates are what only this
    # candidate can be asked, the bank adds depth on the skills they claim.
    template_pairs = [rendered[index : index + 2] for index in range(0, len(rendered), 2)]
    mixed: list[GeneratedQuestion] = []
    for pair, bank_question in zip_longest(template_pairs, from_bank):
        mixed.extend(pair or [])
        if bank_question is not None:
            mixed.append(bank_question)
    return mixed


def _allocate(count: int, shares: Sequence[Share]) -> dict[Share, int]:
    base, extra = divmod(count, len(shares))
    return {share: base + (1 if index < extra else 0) for index, share in enumerate(shares)}


def _take(
    pools: dict[Share, _Pool], wanted: dict[Share, int], count: int
) -> dict[Share, list[GeneratedQuestion]]:
    """Fill each share from its fresh candidates, hand shortfalls to shares that have fresh
    ones left, and only then fall back to recently asked questions."""
    chosen: dict[Share, list[GeneratedQuestion]] = {share: [] for share in pools}
    seen_texts: set[str] = set()
    seen_skills: set[str] = set()

    def take_one(share: Share, source: list[GeneratedQuestion]) -> bool:
        while source:
            question = source.pop(0)
            text = normalise_question_text(question.text)
            if text in seen_texts:
                continue
            # Two résumé questions about one skill read as the same question twice.
            if share == Share.RESUME and seen_skills.intersection(question.skills):
                continue
            seen_texts.add(text)
            if share == Share.RESUME:
                seen_skills.update(question.skills)
            chosen[share].append(question)
            return True
        return False

    for share, number in wanted.items():
        for _ in range(number):
            if not take_one(share, pools[share].fresh):
                break
    for attribute in ("fresh", "recent"):
        progress = True
        while sum(map(len, chosen.values())) < count and progress:
            progress = False
            # The share with the fewest questions so far gets the next one: stays balanced.
            for share in sorted(pools, key=lambda name: len(chosen[name])):
                if take_one(share, getattr(pools[share], attribute)):
                    progress = True
                    break
    return chosen


def generate_question_shares(
    bank: Iterable[Mapping[str, Any]],
    *,
    role: str,
    difficulty: Difficulty | str,
    count: int,
    resume: ParsedResume | None = None,
    recent_keys: Collection[str] = (),
    recent_texts: Collection[str] = (),
    seed: int | None = None,
    taxonomy: SkillTaxonomy | None = None,
) -> dict[Share, list[GeneratedQuestion]]:
    """The chosen questions grouped by share; ``generate_questions`` interleaves them.

    ``role`` is one of ROLES, or GENERAL for a target role no bank family covers ("Astronaut"):
    the bank has no role questions for it, so the set is the general behavioural questions
    (and the résumé's, with a résumé) rather than a refusal.
    """
    if role not in (*ROLES, GENERAL):
        raise ValueError(
            f"unknown role {role!r}; expected one of {', '.join((*ROLES, GENERAL))}"
        )
    level = Difficulty(difficulty)
    if not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count must be between 1 and {MAX_COUNT}")
    rng = random.Random(seed)
    questions = usable_bank(bank)
    recent = _RecentFilter(recent_keys, recent_texts)

    behavioural = _by_difficulty(
        (q for q in questions if q.category is Category.BEHAVIOURAL and q.role in (role, GENERAL)),
        level,
        rng,
    )
    role_specific = _by_difficulty(
        (q for q in questions if q.category is Category.ROLE and q.role == role), level, rng
    )
    # Skill questions written for this role back up the role share when it runs short.
    role_skills = _by_difficulty(
        (q for q in questions if q.category is Category.SKILL and q.role == role), level, rng
    )
    pools: dict[Share, _Pool] = {}
    if resume is not None:
        pools[Share.RESUME] = _pool(
            _resume_share(
                resume, questions, role=role, difficulty=level, rng=rng, taxonomy=taxonomy
            ),
            recent,
        )
    pools[Share.ROLE] = _pool(map(_from_bank, [*role_specific, *role_skills]), recent)
    pools[Share.BEHAVIOURAL] = _pool(map(_from_bank, behavioural), recent)
    return _take(pools, share_counts(count, with_resume=resume is not None), count)


def share_counts(count: int, *, with_resume: bool) -> dict[Share, int]:
    """How many questions each share gets: equal parts, extras to the résumé, then the role."""
    shares = [Share.ROLE, Share.BEHAVIOURAL]
    if with_resume:
        shares.insert(0, Share.RESUME)
    return _allocate(count, shares)


def interleave(shares: Mapping[Share, Sequence[GeneratedQuestion]]) -> list[GeneratedQuestion]:
    """Behavioural, role, résumé, behavioural, ...: the way an interview moves between them."""
    ordered: list[GeneratedQuestion] = []
    columns = (shares.get(share, ()) for share in (Share.BEHAVIOURAL, Share.ROLE, Share.RESUME))
    for round_ in zip_longest(*columns):
        ordered.extend(question for question in round_ if question is not None)
    return ordered


def generate_questions(
    bank: Iterable[Mapping[str, Any]], **options: Unpack[QuestionSetOptions]
) -> list[GeneratedQuestion]:
    """A balanced, reproducible set of ``count`` questions for one session (the options are
    those of ``QuestionSetOptions``).

    ``bank`` is a list of bank entries as dicts (see ``bank.parse_bank_entry``; inactive or
    invalid ones are skipped). ``recent_keys``/``recent_texts`` are what this user was asked
    in recent sessions (the ``key`` of each GeneratedQuestion, or its text). Fewer than
    ``count`` come back only when the bank holds fewer usable questions.
    """
    return interleave(generate_question_shares(bank, **options))[: options["count"]]
