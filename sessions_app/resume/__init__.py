"""Résumé reading: bytes to text (with the refusals users see), text to structured facts.

Pure Python, no Django: the upload service calls ``read_resume`` and stores the
``ParsedResume`` as JSON (``analysis_app.engine.typed_json.dump``).
"""

from __future__ import annotations

from datetime import date

from sessions_app.resume.errors import ResumeError, ResumeErrorCode
from sessions_app.resume.extract import ExtractedText, ExtractionLimits, SourceFormat, extract_text
from sessions_app.resume.parse import Education, Experience, ParsedResume, Project, parse_resume
from sessions_app.resume.skills import SkillTaxonomy, default_taxonomy

__all__ = [
    "Education",
    "Experience",
    "ExtractedText",
    "ExtractionLimits",
    "ParsedResume",
    "Project",
    "ResumeError",
    "ResumeErrorCode",
    "SkillTaxonomy",
    "SourceFormat",
    "default_taxonomy",
    "extract_text",
    "parse_resume",
    "read_resume",
]


def read_resume(
    data: bytes,
    filename: str | None = None,
    *,
    limits: ExtractionLimits | None = None,
    today: date | None = None,
) -> tuple[ExtractedText, ParsedResume]:
    """Extract and parse an upload in one step; raises ResumeError for files we refuse."""
    extracted = extract_text(data, filename, limits=limits)
    return extracted, parse_resume(extracted.text, today=today)
