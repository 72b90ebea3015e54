"""Text out of a PDF with pypdf, telling encrypted, scanned and broken files apart.

pypdf bounds stream decompression itself (``LimitReachedError``), so a PDF "bomb" ends as a
clear refusal rather than exhausting memory.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError
from pypdf.generic import DictionaryObject

from sessions_app.resume.errors import ResumeError, ResumeErrorCode

logger = logging.getLogger(__name__)

# Fewer letters than this on every page together means there is no real text layer: page
# numbers or a stray header can survive OCR-less scans.
_MIN_LETTERS = 25


def _page_has_images(page: DictionaryObject) -> bool:
    resources = page.get("/Resources")
    if resources is None:
        return False
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None:
        return False
    for xobject in xobjects.get_object().values():
        if xobject.get_object().get("/Subtype") == "/Image":
            return True
    return False


def pdf_to_text(data: bytes, *, max_pages: int) -> tuple[str, int]:
    """The text of every page and the page count, or a ResumeError saying why not."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # An owner password alone (printing/copy restrictions) still opens with "", and
            # such PDFs are common exports; only a user password stops us.
            try:
                if not reader.decrypt(""):
                    raise ResumeError(ResumeErrorCode.PDF_ENCRYPTED)
            except (FileNotDecryptedError, DependencyError, NotImplementedError) as error:
                raise ResumeError(ResumeErrorCode.PDF_ENCRYPTED) from error
        page_count = len(reader.pages)
    except ResumeError:
        raise
    except LimitReachedError as error:
        raise ResumeError(ResumeErrorCode.PDF_CORRUPT) from error
    except Exception as error:
        # pypdf reports malformed input through many exception types (KeyError, ValueError,
        # PdfReadError, RecursionError, ...): whatever it is, the file cannot be read.
        logger.info("unreadable PDF: %r", error)
        raise ResumeError(ResumeErrorCode.PDF_CORRUPT) from error

    if page_count == 0:
        raise ResumeError(ResumeErrorCode.PDF_CORRUPT)
    if page_count > max_pages:
        raise ResumeError(
            ResumeErrorCode.PDF_TOO_MANY_PAGES,
            f"This PDF has {page_count} pages; a résumé can have at most {max_pages}.",
        )

    texts: list[str] = []
    has_images = False
    try:
        for page in reader.pages:
            texts.append(page.extract_text() or "")
            has_images = has_images or _page_has_images(page)
    except (LimitReachedError, PyPdfError) as error:
        raise ResumeError(ResumeErrorCode.PDF_CORRUPT) from error
    except Exception as error:
        logger.info("unreadable PDF page: %r", error)
        raise ResumeError(ResumeErrorCode.PDF_CORRUPT) from error

    text = "\n\n".join(texts)
    if sum(char.isalpha() for char in text) < _MIN_LETTERS:
        if has_images:
            raise ResumeError(ResumeErrorCode.PDF_IMAGE_ONLY)
        raise ResumeError(
            ResumeErrorCode.NO_TEXT,
            "No text was found in this PDF. Export your résumé again with selectable text, "
            "or upload a DOCX or TXT file.",
        )
    return text, page_count
