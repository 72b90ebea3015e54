"""Split résumé text into its sections by the headings people actually use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class Section(StrEnum):
    HEADER = "header"  # everything before the first heading: name, contact, headline
    SUMMARY = "summary"
    EXPERIENCE = "experience"
    EDUCATION = "education"
    PROJECTS = "projects"
    SKILLS = "skills"
    CERTIFICATIONS = "certifications"
    OTHER = "other"


_HEADINGS: dict[Section, tuple[str, ...]] = {
    Section.SUMMARY: (
        "summary", "professional summary", "profile", "professional profile", "about",
        "about me", "objective", "career objective", "personal statement", "overview",
        "career summary",
    ),
    Section.EXPERIENCE: (
        "experience", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "professional background",
        "relevant experience", "positions held", "career", "experience highlights",
        "industry experience",
    ),
    Section.EDUCATION: (
        "education", "academic background", "education and training", "academic history",
        "qualifications", "academic qualifications", "education and certifications",
    ),
    Section.PROJECTS: (
        "projects", "personal projects", "selected projects", "side projects", "key projects",
        "open source", "open-source", "open source projects", "open-source projects",
        "portfolio", "project experience", "academic projects", "notable projects",
    ),
    Section.SKILLS: (
        "skills", "technical skills", "core skills", "key skills", "skills and tools",
        "core competencies", "competencies", "technologies", "tech stack", "tools",
        "expertise", "areas of expertise", "skills summary", "skills and technologies",
        "tools and technologies", "technical expertise",
    ),
    Section.CERTIFICATIONS: (
        "certifications", "certificates", "licenses", "licenses and certifications",
        "licences and certifications", "courses", "training", "certifications and training",
    ),
    Section.OTHER: (
        "awards", "honors", "honours", "awards and honors", "publications", "languages",
        "interests", "hobbies", "volunteering", "volunteer experience", "references",
        "achievements", "activities", "patents", "talks", "additional information",
        "leadership and activities", "extracurricular activities",
    ),
}  # fmt: skip
_LOOKUP = {phrase: section for section, phrases in _HEADINGS.items() for phrase in phrases}
_DECORATION = re.compile(r"^[\s#*=_\-•·▪|]+|[\s#*=_\-•·▪|:]+$")


@dataclass(slots=True)
class SectionBlock:
    section: Section
    lines: list[str] = field(default_factory=list)


def heading_section(line: str) -> Section | None:
    """The section a line opens, if it is a heading ("WORK EXPERIENCE", "Skills:")."""
    stripped = _DECORATION.sub("", line).strip()
    if not stripped or len(stripped) > 40:
        return None
    key = re.sub(r"\s+", " ", stripped.lower().replace("&", "and"))
    return _LOOKUP.get(key)


def split_sections(text: str) -> list[SectionBlock]:
    """Consecutive blocks in document order; a section may appear twice (two columns)."""
    blocks = [SectionBlock(Section.HEADER)]
    for raw in text.split("\n"):
        line = raw.strip()
        section = heading_section(line)
        if section is not None:
            blocks.append(SectionBlock(section))
        elif line:
            blocks[-1].lines.append(line)
    return [block for block in blocks if block.lines or block.section is not Section.HEADER]


def lines_of(blocks: list[SectionBlock], *sections: Section) -> list[str]:
    return [line for block in blocks if block.section in sections for line in block.lines]
