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


#: The words for a refusal whose code always means the same thing to the candidate, kept in
#: one place so that every reader of a format says it alike. A refusal that needs its own
#: words (a count, a limit, the format it really is) passes them to ResumeError instead.
MESSAGES: dict[ResumeErrorCode, str] = {
    ResumeErrorCode.EMPTY: "The file is empty.",
    ResumeErrorCode.PDF_ENCRYPTED:
        "This PDF is password-protected. Save a copy without a password and upload that.",
    ResumeErrorCode.PDF_IMAGE_ONLY:
        "This PDF only contains images (it looks scanned), so its text cannot be read. Export "
        "your résumé as a PDF with selectable text, or upload a DOCX or TXT file.",
    ResumeErrorCode.PDF_CORRUPT:
        "This PDF is damaged and cannot be read. Export it again from your editor, or upload "
        "a DOCX or TXT file.",
    ResumeErrorCode.DOCX_CORRUPT:
        "This Word document is damaged and cannot be read. Save it again from your editor, or "
        "upload a PDF or TXT file.",
    ResumeErrorCode.DOCX_ENCRYPTED_OR_LEGACY:
        "This Word document is password-protected, so it cannot be read. Remove the password "
        "and save it again, or upload a PDF or TXT file.",
}


class ResumeError(Exception):
    """A file we refuse, with a message that tells the candidate what to do instead.

    The message is shown to users as is, so it never contains a traceback, a path or library
    jargon; the code is what clients and tests branch on. Without a message, the code's usual
    words in MESSAGES.
    """

    def __init__(self, code: ResumeErrorCode, message: str | None = None) -> None:
        message = MESSAGES[code] if message is None else message
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"ResumeError({self.code.value!r}, {self.message!r})"
