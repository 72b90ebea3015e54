"""Fixtures for the résumé and question core: real files, parsed résumés, the seed bank."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sessions_app.questions.bank import load_seed_bank
from sessions_app.resume import ParsedResume, read_resume
from tests.resume_questions import resume_files

# "Present" in the test résumés means this day, so years of experience are exact.
TODAY = date(2024, 6, 15)


@pytest.fixture(scope="session")
def engineer_pdf() -> bytes:
    return resume_files.pdf_from_lines(resume_files.SOFTWARE_ENGINEER_LINES)


@pytest.fixture(scope="session")
def scientist_docx() -> bytes:
    return resume_files.data_scientist_docx()


@pytest.fixture(scope="session")
def engineer_resume(engineer_pdf: bytes) -> ParsedResume:
    return read_resume(engineer_pdf, "alex-morgan.pdf", today=TODAY)[1]


@pytest.fixture(scope="session")
def scientist_resume(scientist_docx: bytes) -> ParsedResume:
    return read_resume(scientist_docx, "priya-shah.docx", today=TODAY)[1]


@pytest.fixture(scope="session")
def seed_bank() -> list[dict[str, Any]]:
    return load_seed_bank()
