"""Reading real uploads, and refusing every kind of bad file with a clear message."""

from __future__ import annotations

import time

import pytest

from sessions_app.resume import (
    ExtractionLimits,
    ResumeError,
    ResumeErrorCode,
    SourceFormat,
    extract_text,
)
from tests.resume_questions import resume_files


def refusal(
    data: bytes, filename: str | None, limits: ExtractionLimits | None = None
) -> ResumeError:
    with pytest.raises(ResumeError) as caught:
        extract_text(data, filename, limits=limits)
    return caught.value


def test_text_pdf_is_read(engineer_pdf: bytes) -> None:
    # given a PDF written by reportlab

    # when
    extracted = extract_text(engineer_pdf, "cv.pdf")

    # then
    assert extracted.source_format is SourceFormat.PDF
    assert extracted.page_count == 1
    assert "Senior Software Engineer, Acme Corp | Jan 2021 \u2013 Present" in extracted.text
    # the WinAnsi bullet survives extraction as a bullet
    assert "• Moved 30 services to k8s" in extracted.text


def test_docx_is_read_with_table_rows_and_list_bullets(scientist_docx: bytes) -> None:
    # given a Word document with a table row per job and "List Bullet" paragraphs

    # when
    extracted = extract_text(scientist_docx, "cv.docx")

    # then
    assert extracted.source_format is SourceFormat.DOCX
    assert "Lead Data Scientist | Northwind Health | 2019 \u2013 Present" in extracted.text
    assert "• Built churn models with sklearn and XGBoost" in extracted.text


def test_format_comes_from_the_content_not_the_name(engineer_pdf: bytes) -> None:
    # given a PDF uploaded without a file name
    # when
    extracted = extract_text(engineer_pdf, None)
    # then
    assert extracted.source_format is SourceFormat.PDF


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_plain_text_in_common_encodings_is_read(encoding: str) -> None:
    # given
    text = "Résumé \u2013 Senior Engineer at Acme Corp, 2019 \u2013 Present"

    # when
    extracted = extract_text(text.encode(encoding), "cv.txt")

    # then
    assert extracted.source_format is SourceFormat.TXT
    assert extracted.text == text


def test_pdf_with_only_an_owner_password_is_read() -> None:
    # given a PDF restricted by an owner password but openable without one
    data = resume_files.pdf_from_lines(resume_files.SOFTWARE_ENGINEER_LINES, owner_password="o")

    # when
    extracted = extract_text(data, "cv.pdf")

    # then
    assert "Acme Corp" in extracted.text


def test_password_protected_pdf_is_refused() -> None:
    # given
    data = resume_files.pdf_from_lines(resume_files.SOFTWARE_ENGINEER_LINES, user_password="s3")

    # when
    error = refusal(data, "cv.pdf")

    # then
    assert error.code is ResumeErrorCode.PDF_ENCRYPTED
    assert "password-protected" in error.message


def test_scanned_image_only_pdf_is_refused() -> None:
    # given a PDF whose only content is a picture of the résumé
    data = resume_files.image_only_pdf(resume_files.SOFTWARE_ENGINEER_LINES)

    # when
    error = refusal(data, "scan.pdf")

    # then
    assert error.code is ResumeErrorCode.PDF_IMAGE_ONLY
    assert "scanned" in error.message


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_damaged_pdf_is_refused(engineer_pdf: bytes, damage: str) -> None:
    # given
    data = (
        engineer_pdf[: len(engineer_pdf) // 2]
        if damage == "truncated"
        else (b"%PDF-1.7\n" + b"\x00not a pdf body" * 50)
    )

    # when
    error = refusal(data, "cv.pdf")

    # then
    assert error.code is ResumeErrorCode.PDF_CORRUPT
    assert "damaged" in error.message


def test_pdf_over_the_page_limit_is_refused() -> None:
    # given a 3-page PDF and a 2-page limit
    data = resume_files.pdf_from_lines(resume_files.SOFTWARE_ENGINEER_LINES * 5)

    # when
    error = refusal(data, "cv.pdf", ExtractionLimits(max_pdf_pages=2))

    # then
    assert error.code is ResumeErrorCode.PDF_TOO_MANY_PAGES
    assert "at most 2" in error.message


def test_truncated_docx_is_refused(scientist_docx: bytes) -> None:
    # given
    data = scientist_docx[: len(scientist_docx) // 2]

    # when
    error = refusal(data, "cv.docx")

    # then
    assert error.code is ResumeErrorCode.DOCX_CORRUPT


def test_docx_with_broken_xml_is_refused() -> None:
    # given a well-formed zip whose document part is not XML
    data = resume_files.zip_bytes({"word/document.xml": b"<w:document><w:body>"})

    # when
    error = refusal(data, "cv.docx")

    # then
    assert error.code is ResumeErrorCode.DOCX_CORRUPT


def test_docx_with_entity_expansion_is_refused() -> None:
    # given the "billion laughs" shape: Word never writes a DTD
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<document><body>&lol2;</body></document>"
    )
    data = resume_files.zip_bytes({"word/document.xml": xml})

    # when
    error = refusal(data, "cv.docx")

    # then
    assert error.code is ResumeErrorCode.DOCX_CORRUPT


def test_docx_zip_bomb_is_refused_without_inflating_it() -> None:
    # given a DOCX whose document inflates to 60 MB (limit 25 MB)
    data = resume_files.docx_bomb(60)
    assert len(data) < 1024 * 1024

    # when
    started = time.perf_counter()
    error = refusal(data, "cv.docx")

    # then
    assert error.code is ResumeErrorCode.ARCHIVE_TOO_LARGE
    assert "more than 25 MB" in error.message
    assert time.perf_counter() - started < 1.0


def test_zip_bomb_that_understates_its_size_is_refused() -> None:
    # given a 60 MB document whose zip headers claim 1 KB
    data = resume_files.docx_with_understated_size(60, declared_bytes=1000)

    # when
    started = time.perf_counter()
    error = refusal(data, "cv.docx")

    # then: never inflated past the claim, so it ends as a damaged file, quickly
    assert error.code is ResumeErrorCode.DOCX_CORRUPT
    assert time.perf_counter() - started < 1.0


def test_docx_with_thousands_of_parts_is_refused() -> None:
    # given
    data = resume_files.docx_with_many_parts(600)

    # when
    error = refusal(data, "cv.docx")

    # then
    assert error.code is ResumeErrorCode.ARCHIVE_TOO_LARGE
    assert "602 parts" in error.message


def test_oversized_file_is_refused_before_parsing() -> None:
    # given a 6 MB file against the default 5 MB limit
    data = b"Experience\n" * (6 * 1024 * 1024 // 11 + 1)

    # when
    error = refusal(data, "cv.txt")

    # then
    assert error.code is ResumeErrorCode.TOO_LARGE
    assert "at most 5.0 MB" in error.message


def test_size_limit_is_a_parameter(engineer_pdf: bytes) -> None:
    # when
    error = refusal(engineer_pdf, "cv.pdf", ExtractionLimits(max_file_bytes=1000))
    # then
    assert error.code is ResumeErrorCode.TOO_LARGE


def test_empty_file_is_refused() -> None:
    assert refusal(b"", "cv.pdf").code is ResumeErrorCode.EMPTY


def test_encrypted_or_legacy_word_file_is_refused() -> None:
    # given an OLE compound file: what Word writes for .doc and for password-protected .docx
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)

    # when
    error = refusal(data, "cv.docx")

    # then
    assert error.code is ResumeErrorCode.DOCX_ENCRYPTED_OR_LEGACY
    assert "password-protected" in error.message


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "cv.pdf", ResumeErrorCode.UNSUPPORTED_TYPE),
        (b"MZ\x90\x00" + bytes(range(256)) * 4, "cv.exe", ResumeErrorCode.UNSUPPORTED_TYPE),
        (b"MZ\x90\x00" + bytes(range(256)) * 4, "cv.txt", ResumeErrorCode.UNSUPPORTED_TYPE),
        (b"Plain words, but named as a PDF", "cv.pdf", ResumeErrorCode.PDF_CORRUPT),
        (b"Plain words, but named as a DOCX", "cv.docx", ResumeErrorCode.DOCX_CORRUPT),
        (b"{\\rtf1\\ansi Resume}", "cv.txt", ResumeErrorCode.UNSUPPORTED_TYPE),
        (b"   \n\t  \n", "cv.txt", ResumeErrorCode.NO_TEXT),
    ],
)
def test_files_that_are_not_resumes_are_refused(
    data: bytes, filename: str, code: ResumeErrorCode
) -> None:
    # when
    error = refusal(data, filename)
    # then
    assert error.code is code
    assert error.message and "Traceback" not in error.message


def test_spreadsheet_in_a_zip_is_refused_as_unsupported() -> None:
    # given an XLSX-shaped zip
    data = resume_files.zip_bytes({"xl/workbook.xml": b"<workbook/>"})
    # when
    error = refusal(data, "cv.docx")
    # then
    assert error.code is ResumeErrorCode.UNSUPPORTED_TYPE
    assert "spreadsheet" in error.message


@pytest.mark.parametrize(
    ("opening", "closing"),
    [(b"<w:r>", b"</w:r>"), (b"<w:sdt><w:sdtContent>", b"</w:sdtContent></w:sdt>")],
    ids=["nested-runs", "nested-content-controls"],
)
def test_docx_nested_thousands_deep_is_refused(opening: bytes, closing: bytes) -> None:
    # given: a real document whose body nests 5000 runs or content controls
    data = resume_files.docx_with_nested(opening, closing, depth=5000)
    # when
    error = refusal(data, "cv.docx")
    # then: a clear refusal, not a RecursionError
    assert error.code is ResumeErrorCode.DOCX_CORRUPT
    assert "nested" in error.message


def test_docx_nested_as_deep_as_real_documents_is_read() -> None:
    # given: content controls nested 30 deep, more than Word writes
    data = resume_files.docx_with_nested(b"<w:sdt><w:sdtContent>", b"</w:sdtContent></w:sdt>",
                                         depth=30)
    # when
    extracted = extract_text(data, "cv.docx")
    # then
    assert "Resume text" in extracted.text


def test_docx_whose_document_part_is_encrypted_is_refused() -> None:
    # given: document.xml carries the zip "encrypted" flag
    data = resume_files.docx_with_encrypted_document()
    # when
    error = refusal(data, "cv.docx")
    # then
    assert error.code is ResumeErrorCode.DOCX_ENCRYPTED_OR_LEGACY
    assert "password-protected" in error.message


def test_docx_with_garbled_compressed_data_is_refused() -> None:
    error = refusal(resume_files.docx_with_garbled_deflate(), "cv.docx")
    assert error.code is ResumeErrorCode.DOCX_CORRUPT
