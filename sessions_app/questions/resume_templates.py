"""Questions written from the candidate's own résumé: skills at employers, projects, moves.

A question about what someone actually did ("You used Kubernetes at Acme: ...") is the one
that practice with a generic bank cannot give, and the one interviewers always ask. Each
candidate carries a subject key so that a later session does not ask about the same subject
again in other words, and the skills it touches so one set does not ask twice about one skill.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise, zip_longest
from pathlib import Path
from string import Formatter

from sessions_app.questions.types import (
    Category,
    Difficulty,
    GeneratedQuestion,
    Source,
    slug,
)
from sessions_app.resume.parse import Experience, ParsedResume
from sessions_app.resume.skills import SkillTaxonomy, default_taxonomy


@dataclass(frozen=True, slots=True)
class Template:
    text: str
    key_points: tuple[str, ...]


TEMPLATES_PATH = Path(__file__).with_name("resume_templates.json")

#: A kind of template: its templates at each difficulty.
TemplateTable = dict[Difficulty, tuple[Template, ...]]


def load_templates(path: Path = TEMPLATES_PATH) -> dict[str, TemplateTable]:
    """The question templates by kind and difficulty, read from ``path``.

    They are prose, so they live as data beside the bank (``{kind: {difficulty: [{"text",
    "key_points"}]}}``) where they can be edited and reviewed without touching the code that
    fills them in. Every kind must cover every difficulty: a gap would silently leave a
    résumé without its questions at that level, so it fails at import instead.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    tables: dict[str, TemplateTable] = {}
    for kind, levels in data.items():
        table = {
            Difficulty(level): tuple(
                Template(item["text"], tuple(item["key_points"])) for item in items
            )
            for level, items in levels.items()
        }
        if set(table) != set(Difficulty) or not all(table.values()):
            raise ValueError(f"{path.name}: {kind!r} needs templates at every difficulty")
        tables[kind] = table
    return tables


_TEMPLATES = load_templates()
_TOOL_AT_EMPLOYER = _TEMPLATES["tool_at_employer"]
_PRACTICE_AT_EMPLOYER = _TEMPLATES["practice_at_employer"]
_PROJECT = _TEMPLATES["project"]
_TRANSITION = _TEMPLATES["transition"]
_ACHIEVEMENT = _TEMPLATES["achievement"]
_SKILL_ONLY = _TEMPLATES["skill_only"]
_TENURE = _TEMPLATES["tenure"]
_EDUCATION = _TEMPLATES["education"]

_HIGHLIGHT_WITH_NUMBER = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class TemplateCandidate:
    """A résumé question before it is chosen; ``skills`` keeps one set from repeating one."""

    key: str
    templates: tuple[Template, ...]
    values: dict[str, str]
    skills: tuple[str, ...]

    def render(self, rng: random.Random, difficulty: Difficulty) -> GeneratedQuestion:
        template = self.templates[rng.randrange(len(self.templates))]
        return GeneratedQuestion(
            key=self.key,
            text=_fill(template.text, self.values),
            category=Category.RESUME,
            key_points=tuple(_fill(point, self.values) for point in template.key_points),
            source=Source.RESUME_TEMPLATE,
            difficulty=difficulty,
            skills=self.skills,
        )


def _fill(text: str, values: dict[str, str]) -> str:
    names = {name for _, name, _, _ in Formatter().parse(text) if name}
    return text.format(**{name: values.get(name, "") for name in names})


def _years(months: int) -> str:
    years = months / 12
    return str(round(years)) if years >= 2 else f"{years:.1f}".rstrip("0").rstrip(".")


def _skill_order(skills: list[str], role: str, taxonomy: SkillTaxonomy) -> list[str]:
    """Skills that matter for the target role first; soft skills never ("You used
    Communication at Acme" is not a question)."""
    usable = [
        name
        for name in skills
        if (skill := taxonomy.get(name)) is not None and skill.category != "leadership"
    ]
    relevant = [name for name in usable if taxonomy.relevant_to(name, role)]
    return relevant + [name for name in usable if name not in relevant]


def _skill_at_employer(
    resume: ParsedResume, role: str, difficulty: Difficulty, taxonomy: SkillTaxonomy
) -> Iterator[TemplateCandidate]:
    # Round-robin over jobs (most recent first, as written) so that one set covers several
    # employers before it asks a second question about the same one.
    per_job: list[list[TemplateCandidate]] = []
    for experience in resume.experiences:
        if not experience.employer:
            continue
        candidates = []
        for name in _skill_order(experience.skills, role, taxonomy):
            skill = taxonomy.get(name)
            assert skill is not None
            templates = (_PRACTICE_AT_EMPLOYER if skill.practice else _TOOL_AT_EMPLOYER)[difficulty]
            candidates.append(
                TemplateCandidate(
                    key=f"resume.skill_at_employer:{slug(name)}@{slug(experience.employer)}",
                    templates=templates,
                    values={
                        "skill": skill.in_prose,
                        "employer": experience.employer,
                        "title": experience.title or "a member of the team",
                    },
                    skills=(name,),
                )
            )
        per_job.append(candidates)
    for round_ in zip_longest(*per_job):
        yield from (candidate for candidate in round_ if candidate is not None)


def _achievements(
    resume: ParsedResume, difficulty: Difficulty, taxonomy: SkillTaxonomy
) -> Iterator[TemplateCandidate]:
    for experience in resume.experiences:
        for highlight in experience.highlights:
            if _HIGHLIGHT_WITH_NUMBER.search(highlight) and 25 <= len(highlight) <= 180:
                yield TemplateCandidate(
                    key=f"resume.achievement:{slug(highlight)[:60]}",
                    templates=_ACHIEVEMENT[difficulty],
                    values={
                        "employer": experience.employer or "a previous job",
                        "highlight": highlight.rstrip("."),
                    },
                    # The skills it names, so a set does not also ask "You used X at ..."
                    skills=tuple(taxonomy.find_names(highlight)),
                )
                break  # one achievement per job keeps the set varied


def _projects(resume: ParsedResume, difficulty: Difficulty) -> Iterator[TemplateCandidate]:
    for project in resume.projects:
        if project.name:
            yield TemplateCandidate(
                key=f"resume.project:{slug(project.name)}",
                templates=_PROJECT[difficulty],
                values={"project": project.name},
                skills=tuple(project.skills[:1]),
            )


def _transitions(resume: ParsedResume, difficulty: Difficulty) -> Iterator[TemplateCandidate]:
    jobs = [job for job in resume.experiences if job.employer]
    # Experiences are listed newest first, so each job's predecessor is the next in the list.
    for current, previous in pairwise(jobs):
        if current.employer == previous.employer:
            continue
        yield TemplateCandidate(
            key=f"resume.transition:{slug(previous.employer)}>{slug(current.employer)}",
            templates=_TRANSITION[difficulty],
            values={
                "employer": current.employer,
                "title": current.title or "your new role",
                "previous_employer": previous.employer,
                "previous_title": previous.title or "your previous role",
            },
            skills=(),
        )


def _skills_only(
    resume: ParsedResume, role: str, difficulty: Difficulty, taxonomy: SkillTaxonomy
) -> Iterator[TemplateCandidate]:
    used_at_jobs = {name for job in resume.experiences for name in job.skills}
    for name in _skill_order(resume.skills, role, taxonomy):
        skill = taxonomy.get(name)
        if name in used_at_jobs or skill is None or not taxonomy.relevant_to(name, role):
            continue
        yield TemplateCandidate(
            key=f"resume.skill:{slug(name)}",
            templates=_SKILL_ONLY[difficulty],
            values={"skill": skill.in_prose},
            skills=(name,),
        )


def _tenure(resume: ParsedResume, difficulty: Difficulty) -> Iterator[TemplateCandidate]:
    longest: Experience | None = max(
        (job for job in resume.experiences if job.employer and job.months),
        key=lambda job: job.months or 0,
        default=None,
    )
    if longest is not None and (longest.months or 0) >= 36:
        yield TemplateCandidate(
            key=f"resume.tenure:{slug(longest.employer)}",
            templates=_TENURE[difficulty],
            values={"employer": longest.employer, "years": _years(longest.months or 0)},
            skills=(),
        )


def _education(resume: ParsedResume, difficulty: Difficulty) -> Iterator[TemplateCandidate]:
    # Only for early careers: after a few years, work is the better subject.
    if (resume.years_of_experience or 0) >= 3:
        return
    for entry in resume.education:
        if entry.degree and entry.institution:
            degree = entry.degree
            if entry.field_of_study:
                degree = f"{degree} in {entry.field_of_study}"
            yield TemplateCandidate(
                key=f"resume.education:{slug(entry.institution)}",
                templates=_EDUCATION[difficulty],
                values={"degree": degree, "institution": entry.institution},
                skills=(),
            )


def resume_candidates(
    resume: ParsedResume,
    *,
    role: str,
    difficulty: Difficulty,
    taxonomy: SkillTaxonomy | None = None,
) -> list[TemplateCandidate]:
    """Every résumé question worth asking, interleaved by kind in order of interview value:
    a skill at an employer, an achievement, a project, again a skill, a career move, ..."""
    taxonomy = taxonomy or default_taxonomy()
    kinds = [
        list(_skill_at_employer(resume, role, difficulty, taxonomy)),
        list(_achievements(resume, difficulty, taxonomy)),
        list(_projects(resume, difficulty)),
        list(_transitions(resume, difficulty)),
        list(_skills_only(resume, role, difficulty, taxonomy)),
        list(_tenure(resume, difficulty)),
        list(_education(resume, difficulty)),
    ]
    ordered: list[TemplateCandidate] = []
    for round_ in zip_longest(*kinds):
        ordered.extend(candidate for candidate in round_ if candidate is not None)
    return ordered
