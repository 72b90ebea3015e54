"""Résumé text to structured facts: skills, roles and employers, years, projects, education.

Rule-based on purpose: it runs offline, is fast, explains itself, and is good enough for what
the facts feed (question templates and a profile the candidate can correct). Each extractor
works on the section it belongs to, and falls back to the whole text when a résumé has no
recognisable headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import computed_field

from sessions_app.resume.dates import YEAR_RE, DateRange, find_range, merged_months
from sessions_app.resume.roles import role_for_title
from sessions_app.resume.sections import Section, SectionBlock, lines_of, split_sections
from sessions_app.resume.skills import SkillTaxonomy, default_taxonomy

SCHEMA_VERSION = 1


def _any_word(words: tuple[str, ...], flags: re.RegexFlag = re.IGNORECASE) -> re.Pattern[str]:
    """A pattern matching any of ``words`` as a whole word (tried in the order given).

    Vocabularies are data: kept as tuples of plain words they can be read and extended
    without editing a regular expression, and each is escaped here once.
    """
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", flags)


_BULLET = re.compile(r"^\s*(?:[-*•·▪◦●►▸✓➢\u2013\u2014]|\d{1,2}[.)])\s+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STATED_YEARS = re.compile(
    r"(\d{1,2})\s*\+?\s*(?:years|yrs)\.?(?:\s+of)?"
    r"(?:\s+(?:professional|industry|relevant|hands-on|commercial|work|working))?\s+experience",
    re.IGNORECASE,
)
_HEADER_SEPARATORS = re.compile(r"\s+[|•·]\s+|\s+[-\u2013\u2014]\s+|\s*,\s+|\t+|\s{3,}|\s*\|\s*")
_AT = re.compile(r"\s+(?:at|@)\s+", re.IGNORECASE)
_TITLE_WORDS = _any_word((
    "engineer", "developer", "programmer", "architect", "scientist", "analyst", "manager",
    "director", "lead", "head", "vp", "vice president", "president", "chief", "cto", "ceo", "cfo",
    "coo", "cmo", "cpo", "founder", "co-founder", "cofounder", "owner", "intern", "internship",
    "consultant", "specialist", "representative", "rep", "executive", "associate", "coordinator",
    "administrator", "officer", "designer", "researcher", "strategist", "marketer", "writer",
    "editor", "recruiter", "agent", "advisor", "adviser", "principal", "staff", "senior", "junior",
    "sdr", "bdr", "sre", "technician", "assistant", "teacher", "tutor", "instructor", "professor",
    "fellow", "apprentice", "trainee", "product owner", "scrum master", "account executive",
    "devops", "partner", "copywriter", "advocate", "evangelist", "generalist",
))
_COMPANY_WORDS = re.compile(
    r"\b(?:inc|llc|ltd|limited|gmbh|ag|corp|corporation|co|company|group|labs?|technologies"
    r"|technology|systems|solutions|software|studios?|agency|bank|partners|associates"
    r"|consulting|ventures|holdings|plc|s\.?a|b\.?v|pty|health|media|capital)\b\.?"
    r"|\.(?:com|io|ai|co)\b",
    re.IGNORECASE,
)
_LOCATION = re.compile(
    r"^(?:remote|hybrid|on-?site|[A-Z][a-z]+(?: [A-Z][a-z]+)?,? [A-Z]{2}|[A-Z]{2})$"
)
_INTERNSHIP = _any_word(("intern", "internship", "trainee", "apprentice", "working student"))
_DEGREE = re.compile(
    r"\b(?:Ph\.?\s?D\.?|D\.?Phil|MBA|BBA|B\.?\s?Sc\.?|M\.?\s?Sc\.?|B\.?\s?Eng\.?|M\.?\s?Eng\.?"
    r"|B\.?\s?Tech\.?|M\.?\s?Tech\.?|B\.\s?A\.|M\.\s?A\.|B\.\s?S\.|M\.\s?S\.|BA|MA|BS|MS|MPhil"
    r"|Bachelor(?:'s)?(?:\s+of\s+[A-Z][a-z]+)?(?:\s+degree)?"
    r"|Master(?:'s)?(?:\s+of\s+[A-Z][a-z]+)?(?:\s+degree)?"
    r"|Doctor(?:ate)?(?:\s+of\s+[A-Z][a-z]+)?|Associate(?:'s)?\s+(?:Degree|of\s+[A-Z][a-z]+)"
    r"|(?:High School\s+)?Diploma|GED)(?![\w])"
)
_INSTITUTION = re.compile(
    r"\b(?:University|College|Institute|School|Academy|Polytechnic|Universit(?:ä|a)t|Université"
    r"|Universidad|Università|Hochschule|Conservatory|Bootcamp|ETH|MIT|UCLA|Stanford|Harvard)\b"
)
_URL = re.compile(
    r"\(?\bhttps?://\S+|\bwww\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|me|app|ai|co)/\S*",
    re.IGNORECASE,
)
_PROJECT_SPLIT = re.compile(r"\s*(?::|\s[-\u2013\u2014]\s)\s*")


@dataclass(slots=True)
class Experience:
    # Defaults so that a stored parse missing a field (an older or hand-made one) loads.
    title: str = ""
    employer: str = ""
    start: str | None = None  # "2019-03", or "2019" when only the year was written
    end: str | None = None  # None with is_current: still there; None otherwise: unknown
    is_current: bool = False
    months: int | None = None
    skills: list[str] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Education:
    institution: str | None = None
    degree: str | None = None
    field_of_study: str | None = None
    graduation_year: int | None = None


@dataclass(slots=True)
class Project:
    name: str = ""
    description: str = ""
    skills: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ParsedResume:
    """What the question generator and the candidate's profile need from a résumé.

    Stored as JSON next to the upload through pydantic's ``TypeAdapter``
    (``analysis_app.engine.typed_json``: ``dump`` and ``load``); every field has a default,
    so a stored parse keeps loading after fields are added.
    """

    skills: list[str] = field(default_factory=list)
    experiences: list[Experience] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    years_of_experience: float | None = None
    stated_years_of_experience: int | None = None
    role_family: str | None = None
    name: str | None = None
    email: str | None = None
    sections: list[str] = field(default_factory=list)

    @property
    def roles(self) -> list[str]:
        return _unique(experience.title for experience in self.experiences if experience.title)

    @property
    def employers(self) -> list[str]:
        return _unique(
            experience.employer for experience in self.experiences if experience.employer
        )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def version(self) -> int:
        """The stored shape's version, written with every parse."""
        return SCHEMA_VERSION


def _unique(items: Any) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def _is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def _strip_bullet(line: str) -> str:
    return _BULLET.sub("", line).strip()


def _clean_part(part: str) -> str:
    return part.strip(" \t,;|()[]-\u2013\u2014:•·").strip()


def _could_be_header(line: str) -> bool:
    """Short, not a bullet, not a sentence, not a "Tech: ..." list: a title/employer line."""
    return (
        not _is_bullet(line)
        and len(line) <= 90
        and not line.rstrip().endswith(".")
        and ":" not in line
        and find_range(line) is None
    )


def _split_header(lines: list[str]) -> tuple[str, str]:
    """(title, employer) from the header lines of one job, in any of the usual layouts:
    "Engineer at Acme", "Acme | Engineer", "Engineer, Acme Corp, Berlin", or two lines."""
    title = ""
    employer = ""
    parts: list[str] = []
    for line in lines:
        at_split = _AT.split(line, maxsplit=1)
        if len(at_split) == 2 and _TITLE_WORDS.search(at_split[0]):
            title = title or _clean_part(at_split[0])
            employer_parts = [_clean_part(p) for p in _HEADER_SEPARATORS.split(at_split[1])]
            employer = employer or next((p for p in employer_parts if p), "")
            continue
        parts.extend(_clean_part(part) for part in _HEADER_SEPARATORS.split(line))
    parts = [part for part in parts if part and not _LOCATION.match(part)]
    if not title:
        title = next((part for part in parts if _TITLE_WORDS.search(part)), "")
    rest = [part for part in parts if part != title]
    if not employer:
        employer = next((part for part in rest if _COMPANY_WORDS.search(part)), "")
    if not employer:
        employer = next((part for part in rest if not YEAR_RE.search(part)), "")
    return title, employer


@dataclass(slots=True)
class _Entry:
    """One job as found in the lines: where its dates are and which lines name it."""

    anchor: int
    date_range: DateRange
    remainder: str  # the dated line without its dates: often "Engineer, Acme"
    header: list[int]
    body_start: int


def _without_range(line: str, date_range: DateRange) -> str:
    start, end = date_range.span
    return _clean_part(re.sub(r"[()\[\]]", " ", f"{line[:start]} {line[end:]}"))


def _find_entries(lines: list[str]) -> list[_Entry]:
    anchors = [
        (index, date_range)
        for index, line in enumerate(lines)
        if (date_range := find_range(line)) is not None
        and not (_INSTITUTION.search(line) or _DEGREE.search(line))
    ]
    entries: list[_Entry] = []
    previous_end = -1
    for position, (index, date_range) in enumerate(anchors):
        remainder = _without_range(lines[index], date_range)
        header: list[int] = []
        title, employer = _split_header([remainder]) if remainder else ("", "")
        if not (title and employer):
            # Walk back over up to two header-like lines that the previous job does not own.
            back = index - 1
            while back > previous_end and len(header) < 2 and _could_be_header(lines[back]):
                header.insert(0, back)
                back -= 1
        body_start = index + 1
        if not header and not title:
            # "Mar 2019 - Present" above "Engineer, Acme": the header follows the dates.
            next_anchor = anchors[position + 1][0] if position + 1 < len(anchors) else len(lines)
            forward = index + 1
            while forward < next_anchor and len(header) < 2 and _could_be_header(lines[forward]):
                header.append(forward)
                forward += 1
            body_start = forward
        entries.append(_Entry(index, date_range, remainder, header, body_start))
        previous_end = max([index, *header])
    return entries


def _parse_experiences(
    lines: list[str], taxonomy: SkillTaxonomy, today: date
) -> list[tuple[Experience, DateRange]]:
    entries = _find_entries(lines)
    experiences: list[tuple[Experience, DateRange]] = []
    for position, entry in enumerate(entries):
        if position + 1 < len(entries):
            following = entries[position + 1]
            body_end = min([following.anchor, *following.header])
        else:
            body_end = len(lines)
        before = [lines[index] for index in entry.header if index < entry.anchor]
        after = [lines[index] for index in entry.header if index > entry.anchor]
        header_lines = [line for line in (*before, entry.remainder, *after) if line]
        title, employer = _split_header(header_lines)
        body = lines[entry.body_start : body_end]
        highlights = [text for line in body if (text := _strip_bullet(line))]
        date_range = entry.date_range
        experience = Experience(
            title=title,
            employer=employer,
            start=date_range.start.iso(),
            end=date_range.end.iso() if date_range.end else None,
            is_current=date_range.end is None,
            months=date_range.months(today),
            skills=taxonomy.find_names("\n".join([*header_lines, *body])),
            highlights=highlights,
        )
        experiences.append((experience, date_range))
    return experiences


def _years_of_experience(
    experiences: list[tuple[Experience, DateRange]], today: date
) -> float | None:
    """Union of the dated jobs, internships left out (recruiters do not count them as
    professional years), future start dates ignored."""
    now = today.year * 12 + today.month - 1
    intervals = [
        date_range.interval(today)
        for experience, date_range in experiences
        if not _INTERNSHIP.search(experience.title) and date_range.start.index <= now
    ]
    if not intervals:
        return None
    return round(merged_months(intervals) / 12, 1)


def _field_of_study(degree_part: str, degree: str) -> str | None:
    """The subject of "BSc in Computer Science" or "Master of Science, Statistics"."""
    after = degree_part.split(degree, 1)[-1]
    after = re.sub(r"^\s*(?:degree\s+)?(?:in|of)\b\s*", "", after, flags=re.IGNORECASE)
    subject = _clean_part(YEAR_RE.sub("", after))
    return subject or None


def _parse_education(lines: list[str]) -> list[Education]:
    entries: list[Education] = []
    current: Education | None = None
    for line in lines:
        text = _strip_bullet(line)
        institution_match = _INSTITUTION.search(text)
        degree_match = _DEGREE.search(text)
        opens_entry = bool(institution_match or degree_match)
        if opens_entry and (
            current is None
            or (institution_match and current.institution)
            or (degree_match and current.degree)
        ):
            current = Education()
            entries.append(current)
        if current is None:
            continue
        parts = [_clean_part(part) for part in _HEADER_SEPARATORS.split(text)]
        if institution_match and not current.institution:
            current.institution = next((part for part in parts if _INSTITUTION.search(part)), None)
        if degree_match and not current.degree:
            degree = degree_match.group().strip()
            current.degree = degree
            degree_part = next((part for part in parts if degree in part), "")
            current.field_of_study = _field_of_study(degree_part, degree)
        years = [int(year) for year in YEAR_RE.findall(text)]
        if years:
            current.graduation_year = max([*years, current.graduation_year or 0])
    return [entry for entry in entries if entry.institution or entry.degree]


def _split_project(text: str) -> tuple[str, str]:
    """Split "Name: what it is" or "Name - what it is"; ("", text) when no name leads."""
    pieces = _PROJECT_SPLIT.split(text, maxsplit=1)
    if len(pieces) == 2 and pieces[0].strip() and len(pieces[0]) <= 60:
        return pieces[0].strip(), pieces[1].strip()
    return "", text


def _parse_projects(lines: list[str], taxonomy: SkillTaxonomy) -> list[Project]:
    projects: list[Project] = []
    current: Project | None = None
    for line in lines:
        text = _URL.sub("", _strip_bullet(line)).strip(" ()")
        if not text:
            continue
        name, description = _split_project(text)
        if name:
            current = Project(name=name, description=description)
            projects.append(current)
        elif not _is_bullet(line) and len(text) <= 60 and not text.endswith("."):
            current = Project(name=text)
            projects.append(current)
        elif current is not None:
            current.description = f"{current.description} {text}".strip()
        else:
            current = Project(name=" ".join(text.split()[:6]), description=text)
            projects.append(current)
    for project in projects:
        project.name = _clean_part(YEAR_RE.sub("", project.name)) or project.name
        project.skills = taxonomy.find_names(f"{project.name}\n{project.description}")
    return projects


def _guess_name(header_lines: list[str]) -> str | None:
    for line in header_lines[:3]:
        words = line.split()
        if (
            2 <= len(words) <= 4
            and len(line) <= 40
            and all(
                word[:1].isupper() and word.replace("-", "").replace(".", "").isalpha()
                for word in words
            )
        ):
            return line
    return None


def parse_resume(
    text: str,
    *,
    today: date | None = None,
    taxonomy: SkillTaxonomy | None = None,
) -> ParsedResume:
    """Parse normalised résumé text (see ``extract_text``).

    ``today`` stands in for "present" in date ranges; pass it for reproducible results.
    """
    today = today or date.today()
    taxonomy = taxonomy or default_taxonomy()
    blocks: list[SectionBlock] = split_sections(text)
    found = {block.section for block in blocks}

    if Section.EXPERIENCE in found:
        experience_lines = lines_of(blocks, Section.EXPERIENCE)
    else:
        experience_lines = lines_of(
            blocks, Section.HEADER, Section.SUMMARY, Section.OTHER, Section.CERTIFICATIONS
        )
    dated = _parse_experiences(experience_lines, taxonomy, today)
    experiences = [experience for experience, _ in dated]
    education_lines = lines_of(blocks, Section.EDUCATION)
    project_lines = lines_of(blocks, Section.PROJECTS)

    stated = [int(match.group(1)) for match in _STATED_YEARS.finditer(text)]
    email = _EMAIL.search(text)
    header_lines = lines_of(blocks, Section.HEADER)
    role_family = next(
        (role for experience in experiences if (role := role_for_title(experience.title))),
        None,
    )
    return ParsedResume(
        # Links and addresses are not skills: "github.com/jane" must not add GitHub.
        skills=taxonomy.find_names(_URL.sub(" ", _EMAIL.sub(" ", text))),
        experiences=experiences,
        education=_parse_education(education_lines),
        projects=_parse_projects(project_lines, taxonomy),
        years_of_experience=_years_of_experience(dated, today),
        stated_years_of_experience=max(stated) if stated else None,
        role_family=role_family,
        name=_guess_name(header_lines),
        email=email.group() if email else None,
        sections=[block.section.value for block in blocks if block.section is not Section.HEADER],
    )
