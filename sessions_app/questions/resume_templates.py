"""Questions written from the candidate's own résumé: skills at employers, projects, moves.

A question about what someone actually did ("You used Kubernetes at Acme: ...") is the one
that practice with a generic bank cannot give, and the one interviewers always ask. Each
candidate carries a subject key so that a later session does not ask about the same subject
again in other words, and the skills it touches so one set does not ask twice about one skill.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise, zip_longest
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


_T = Template
_TOOL_AT_EMPLOYER: dict[Difficulty, tuple[Template, ...]] = {
    Difficulty.EASY: (
        _T(
            "You used {skill} at {employer}. What did you use it for, and what was your part "
            "in that work?",
            (
                "what {skill} was used for at {employer}",
                "your own contribution",
                "a concrete example",
                "the result",
            ),
        ),
        _T(
            "At {employer} you worked with {skill}. Walk me through a typical task you did "
            "with it.",
            (
                "a typical task with {skill}",
                "the steps you took",
                "who you worked with",
                "how you knew it was done well",
            ),
        ),
    ),
    Difficulty.MEDIUM: (
        _T(
            "You used {skill} at {employer}: how did you decide it was the right tool, and "
            "what would you do differently today?",
            (
                "why {skill} fit the problem",
                "alternatives you considered",
                "your own contribution",
                "what you would change in hindsight",
            ),
        ),
        _T(
            "As {title} at {employer} you worked with {skill}. What trade-offs did it force "
            "on you, and how did you handle them?",
            (
                "a specific trade-off with {skill}",
                "the options you weighed",
                "the decision and why",
                "the outcome",
            ),
        ),
    ),
    Difficulty.HARD: (
        _T(
            "You used {skill} at {employer}: tell me about the hardest problem you hit with "
            "it, how you diagnosed it and what you changed so it would not happen again.",
            (
                "a specific hard problem with {skill}",
                "how you diagnosed it",
                "the fix",
                "a lasting change that prevents it",
                "measurable impact",
            ),
        ),
        _T(
            "Suppose the {skill} setup you worked on at {employer} had to handle ten times the "
            "load or the team. What would break first, and how would you change it?",
            (
                "the current design with {skill}",
                "the first bottleneck or failure",
                "a concrete redesign",
                "how you would validate it",
            ),
        ),
    ),
}
_PRACTICE_AT_EMPLOYER: dict[Difficulty, tuple[Template, ...]] = {
    Difficulty.EASY: (
        _T(
            "Your work at {employer} involved {skill}. Tell me about one example and your "
            "part in it.",
            (
                "a concrete example of {skill}",
                "your own contribution",
                "who was involved",
                "the result",
            ),
        ),
    ),
    Difficulty.MEDIUM: (
        _T(
            "Your work as {title} at {employer} involved {skill}. How did you approach it, "
            "and how did you know it was working?",
            (
                "your approach to {skill}",
                "a specific example",
                "how you measured success",
                "what you adjusted along the way",
            ),
        ),
    ),
    Difficulty.HARD: (
        _T(
            "Your work at {employer} involved {skill}. Tell me about a time it went badly: "
            "what happened, what you did, and what you changed afterwards?",
            (
                "a specific setback in {skill}",
                "your actions",
                "the outcome",
                "what you changed afterwards",
            ),
        ),
    ),
}
_PROJECT: dict[Difficulty, tuple[Template, ...]] = {
    Difficulty.EASY: (
        _T(
            "Tell me about {project}: what problem did it solve, and what did you build yourself?",
            (
                "the problem {project} solved",
                "what you built yourself",
                "the technology used",
                "the outcome or what you learned",
            ),
        ),
    ),
    Difficulty.MEDIUM: (
        _T(
            "In {project}, what was the hardest technical or design decision, and which "
            "alternatives did you consider?",
            (
                "the decision",
                "alternatives considered",
                "why you chose as you did",
                "how it worked out",
            ),
        ),
    ),
    Difficulty.HARD: (
        _T(
            "If you rebuilt {project} today for a hundred times more users, what would you "
            "change, and why?",
            (
                "limits of the current design",
                "what would break first",
                "concrete changes",
                "trade-offs of the new design",
            ),
        ),
    ),
}
_TRANSITION: dict[Difficulty, tuple[Template, ...]] = {
    Difficulty.EASY: (
        _T(
            "You moved from {previous_employer} to {employer}. What made you change, and "
            "what did you have to learn?",
            (
                "the reason for the move",
                "what was new",
                "how you learned it",
                "what you brought with you",
            ),
        ),
    ),
    Difficulty.MEDIUM: (
        _T(
            "Going from {previous_title} at {previous_employer} to {title} at {employer}, "
            "what did you have to unlearn, and what carried over?",
            (
                "differences between the roles",
                "something you had to unlearn",
                "skills that carried over",
                "a concrete example",
            ),
        ),
    ),
    Difficulty.HARD: (
        _T(
            "Looking back on your move from {previous_employer} to {employer}, what would you "
            "do differently in your first ninety days, and why?",
            (
                "what your first months looked like",
                "a specific misstep or missed chance",
                "what you would do instead",
                "what you learned about starting a role",
            ),
        ),
    ),
}
_ACHIEVEMENT: dict[Difficulty, tuple[Template, ...]] = {
    Difficulty.EASY: (
        _T(
            'At {employer} you wrote: "{highlight}". How did you achieve that?',
            (
                "the starting situation",
                "your own actions",
                "who else contributed",
                "how the result was measured",
            ),
        ),
    ),
    Difficulty.MEDIUM: (
        _T(
            'At {employer} you wrote: "{highlight}". Walk me through how you achieved it and '
            "how you measured it.",
            (
                "the starting situation",
                "your own actions",
                "how the result was measured",
                "obstacles along the way",
            ),
        ),
    ),
    Difficulty.HARD: (
        _T(
            'At {employer} you wrote: "{highlight}". How do you know the result came from your '
            "work and not from something else, and what would you do differently?",
            (
                "how the result was measured",
                "other factors that could explain it",
                "your own contribution",
                "what you would do differently",
            ),
        ),
    ),
}
_SKILL_ONLY: dict[Difficulty, tuple[Template, ...]] = {
    Difficulty.EASY: (
        _T(
            "Your résumé lists {skill}. Tell me about something concrete you did with it.",
            ("a concrete example with {skill}", "your own contribution", "the result"),
        ),
    ),
    Difficulty.MEDIUM: (
        _T(
            "Your résumé lists {skill}. What is a mistake people often make with it, and how "
            "do you avoid it?",
            (
                "a common mistake with {skill}",
                "why it happens",
                "how you avoid it",
                "an example from your work",
            ),
        ),
    ),
    Difficulty.HARD: (
        _T(
            "Your résumé lists {skill}. Where does it stop being the right choice, and what "
            "would you use instead?",
            (
                "limits of {skill}",
                "a situation where it fails",
                "the alternative",
                "how you would decide",
            ),
        ),
    ),
}
_TENURE: dict[Difficulty, tuple[Template, ...]] = {
    Difficulty.EASY: (
        _T(
            "You spent {years} years at {employer}. What are you proudest of from that time?",
            ("a specific achievement", "your role in it", "why it mattered"),
        ),
    ),
    Difficulty.MEDIUM: (
        _T(
            "You spent {years} years at {employer}. What is the most significant change you "
            "drove there?",
            ("the change", "why it was needed", "how you got support", "its lasting impact"),
        ),
    ),
    Difficulty.HARD: (
        _T(
            "You spent {years} years at {employer}. What did staying that long teach you that "
            "a shorter stay would not have, and what did it cost you?",
            (
                "a lesson from a long tenure",
                "a concrete example",
                "the trade-off",
                "how it shapes your next role",
            ),
        ),
    ),
}
_EDUCATION: dict[Difficulty, tuple[Template, ...]] = {
    difficulty: (
        _T(
            "How has your {degree} at {institution} prepared you for this role?",
            (
                "specific knowledge or skills",
                "a project or course as an example",
                "how it applies to this role",
            ),
        ),
    )
    for difficulty in Difficulty
}

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
