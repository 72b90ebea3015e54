"""Turn uploaded résumé bytes (PDF, DOCX or plain text) into text, or refuse them clearly.

The format is decided by the file's content, never by its name alone: a renamed JPEG must not
reach the PDF parser, and an encrypted DOCX (which is an OLE container, not a zip) must be told
apart from a corrupt one. Every limit is a parameter so that settings can map onto it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath

from sessions_app.resume.docx_text import docx_to_text
from sessions_app.resume.errors import ResumeError, ResumeErrorCode
from sessions_app.resume.pdf_text import pdf_to_text

__all__ = [
    "ALLOWED_EXTENSIONS",
    "ExtractedText",
    "ExtractionLimits",
    "ResumeError",
    "ResumeErrorCode",
    "SourceFormat",
    "extract_text",
]

ALLOWED_EXTENSIONS = frozenset({".pdf", ".docx", ".txt", ".text", ".md"})

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGICS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class SourceFormat(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    TXT = "txt"


@dataclass(frozen=True, slots=True)
class ExtractionLimits:
    """Bounds on what one upload may cost us to read.

    Defaults suit résumés: a few pages, well under a megabyte in practice. The archive limits
    bound *actual* decompressed bytes, not the sizes a zip declares, because a zip bomb lies.
    """

    max_file_bytes: int = 5 * 1024 * 1024
    max_pdf_pages: int = 30
    max_archive_entries: int = 500
    max_uncompressed_bytes: int = 25 * 1024 * 1024
    max_compression_ratio: float = 200.0
    max_text_chars: int = 200_000

    @classmethod
    def from_settings(cls, settings: object) -> ExtractionLimits:
        """The limits an object with the `RESUME_MAX_*` attributes sets (Django's settings)."""
        return cls(**{field: getattr(settings, name) for field, name in _SETTING_NAMES.items()})


#: Each limit's Django setting; the text length is not configurable.
_SETTING_NAMES = {
    "max_file_bytes": "RESUME_MAX_UPLOAD_BYTES", "max_pdf_pages": "RESUME_MAX_PDF_PAGES",
    "max_archive_entries": "RESUME_MAX_ARCHIVE_ENTRIES",
    "max_uncompressed_bytes": "RESUME_MAX_UNCOMPRESSED_BYTES",
    "max_compression_ratio": "RESUME_MAX_COMPRESSION_RATIO",
}


@dataclass(frozen=True, slots=True)
class ExtractedText:
    text: str
    source_format: SourceFormat
    page_count: int | None = None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _sniff(data: bytes) -> SourceFormat | None:
    # The PDF specification lets readers accept a header within the first kilobyte.
    if _PDF_MAGIC in data[:1024]:
        return SourceFormat.PDF
    if data.startswith(_ZIP_MAGIC):
        return SourceFormat.DOCX
    return None


def _refuse_unreadable_kinds(data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        raise ResumeError(
            ResumeErrorCode.DOCX_ENCRYPTED_OR_LEGACY,
            "This Word file is password-protected or in the old .doc format, so it cannot be "
            "read. Remove the password and save it as .docx or PDF, then upload it again.",
        )
    if data.startswith(b"{\\rtf"):
        raise ResumeError(
            ResumeErrorCode.UNSUPPORTED_TYPE,
            "RTF files are not supported. Save your résumé as PDF, DOCX or TXT.",
        )
    if data.startswith(_IMAGE_MAGICS):
        raise ResumeError(
            ResumeErrorCode.UNSUPPORTED_TYPE,
            "This file is an image. Upload your résumé as a PDF with selectable text, "
            "a DOCX or a TXT file.",
        )


def _decode_plain_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates: tuple[str, ...] = ("utf-16",)
    else:
        # cp1252 before latin-1: Word's "Save as text" on Windows writes cp1252 quotes and
        # dashes, which latin-1 would turn into control characters.
        candidates = ("utf-8-sig", "cp1252", "latin-1")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = len(_CONTROL_CHARS.findall(text))
        if "\x00" not in text and controls <= max(2, len(text) // 200):
            return text
    raise ResumeError(
        ResumeErrorCode.UNSUPPORTED_TYPE,
        "This file is not a PDF, a DOCX or a plain-text file. "
        "Upload your résumé as PDF, DOCX or TXT.",
    )


def normalise_text(text: str, *, max_chars: int) -> str:
    """NFKC folds PDF ligatures ("ﬁ") and full-width forms so skills match their plain spelling."""
    text = unicodedata.normalize("NFKC", text)
    # WinAnsiEncoding draws a bullet for the undefined code 0x7F (PDF 1.7, Annex D), and text
    # extraction hands it back as DEL: keep it a bullet, the parser relies on bullets.
    text = text.replace("\x7f", "•")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROL_CHARS.sub("", text).replace("\u00a0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:max_chars]


def extract_text(
    data: bytes,
    filename: str | None = None,
    *,
    limits: ExtractionLimits | None = None,
) -> ExtractedText:
    """Read a résumé upload into normalised text.

    Raises ResumeError, whose message can be shown to the user as is, for anything we will not
    read: empty or oversized files, unsupported types, encrypted or image-only PDFs, corrupt
    documents and archives that decompress past the limits.
    """
    limits = limits or ExtractionLimits()
    if not data:
        raise ResumeError(ResumeErrorCode.EMPTY)
    if len(data) > limits.max_file_bytes:
        raise ResumeError(
            ResumeErrorCode.TOO_LARGE,
            f"The file is {_megabytes(len(data))}; résumés can be at most "
            f"{_megabytes(limits.max_file_bytes)}.",
        )
    extension = PurePath(filename).suffix.lower() if filename else ""
    if extension and extension not in ALLOWED_EXTENSIONS:
        raise ResumeError(
            ResumeErrorCode.UNSUPPORTED_TYPE,
            f"Files of type {extension} are not supported. Upload a PDF, DOCX or TXT file.",
        )

    _refuse_unreadable_kinds(data)
    source_format = _sniff(data)
    page_count: int | None = None
    if source_format is SourceFormat.PDF:
        raw, page_count = pdf_to_text(data, max_pages=limits.max_pdf_pages)
    elif source_format is SourceFormat.DOCX:
        raw = docx_to_text(
            data,
            max_entries=limits.max_archive_entries,
            max_uncompressed_bytes=limits.max_uncompressed_bytes,
            max_compression_ratio=limits.max_compression_ratio,
        )
    elif extension == ".pdf":
        raise ResumeError(
            ResumeErrorCode.PDF_CORRUPT,
            "This file is named .pdf but is not a readable PDF. It may be damaged: "
            "export it again from your editor.",
        )
    elif extension == ".docx":
        raise ResumeError(
            ResumeErrorCode.DOCX_CORRUPT,
            "This file is named .docx but is not a readable Word document. It may be damaged: "
            "save it again from your editor.",
        )
    else:
        source_format = SourceFormat.TXT
        raw = _decode_plain_text(data)

    text = normalise_text(raw, max_chars=limits.max_text_chars)
    if not any(char.isalpha() for char in text):
        raise ResumeError(
            ResumeErrorCode.NO_TEXT,
            "No readable text was found in this file. Check that it is your résumé and "
            "upload it again as PDF, DOCX or TXT.",
        )
    return ExtractedText(text=text, source_format=source_format, page_count=page_count)
