"""The one error a résumé upload can end in, worded for the person who uploaded it."""

from __future__ import annotations

from enum import StrEnum


class ResumeErrorCode(StrEnum):
    """Stable machine-readable reasons; the API returns them next to the message."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_IMAGE_ONLY = "pdf_image_only"
    PDF_CORRUPT = "pdf_corrupt"
    PDF_TOO_MANY_PAGES = "pdf_too_many_pages"
    DOCX_CORRUPT = "docx_corrupt"
    DOCX_ENCRYPTED_OR_LEGACY = "docx_encrypted_or_legacy"
    ARCHIVE_TOO_LARGE = "archive_too_large"
    NO_TEXT = "no_text"


class ResumeError(Exception):
    """A file we refuse, with a message that tells the candidate what to do instead.

    The message is shown to users as is, so it never contains a traceback, a path or library
    jargon; the code is what clients and tests branch on.
    """

    def __init__(self, code: ResumeErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"ResumeError({self.code.value!r}, {self.message!r})"
