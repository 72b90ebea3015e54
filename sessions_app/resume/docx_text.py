"""Text out of a DOCX with bounded decompression and a standard-library XML parser.

A DOCX is a zip of XML parts. We read only the parts that hold text, and we count the bytes
that decompression actually produces (not the sizes the archive declares), so a zip bomb is
refused after at most ``max_uncompressed_bytes`` of work. Word never writes a DTD, so any
DOCTYPE is refused outright, which also rules out entity-expansion attacks on the XML parser.
"""

from __future__ import annotations

import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

from sessions_app.resume.errors import ResumeError, ResumeErrorCode

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
_HEADER_FOOTER = re.compile(r"^word/(header|footer)\d*\.xml$")
_CHUNK = 64 * 1024
# Below this size a high ratio is harmless (tiny XML parts compress extremely well).
_RATIO_FLOOR_BYTES = 1024 * 1024
# How deep elements may nest. Word nests a run in a paragraph in a table cell in a content
# control a few levels at a time (a few dozen at worst); thousands of nested runs or content
# controls are an attack on the recursive readers below, refused before they start.
MAX_XML_DEPTH = 200
# Bit 0 of a zip entry's general-purpose flags: the entry is encrypted (APPNOTE 4.4.4).
_ZIP_ENCRYPTED_FLAG = 0x1


def _bomb(limit: int) -> ResumeError:
    return ResumeError(
        ResumeErrorCode.ARCHIVE_TOO_LARGE,
        "This document expands to more than "
        f"{limit // (1024 * 1024)} MB when opened, which no résumé needs. "
        "Save it again without embedded files, or upload a PDF.",
    )


class _Budget:
    """Decompressed bytes still allowed across every part we read."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        chunks: list[bytes] = []
        with archive.open(info) as member:
            while chunk := member.read(min(_CHUNK, self.left + 1)):
                self.left -= len(chunk)
                if self.left < 0:
                    raise _bomb(self.limit)
                chunks.append(chunk)
        return b"".join(chunks)


def _check_declared(
    archive: zipfile.ZipFile,
    *,
    max_entries: int,
    max_uncompressed_bytes: int,
    max_compression_ratio: float,
) -> None:
    # Cheap early refusal from the central directory; the streaming budget still applies
    # because these numbers can be forged.
    infos = archive.infolist()
    if len(infos) > max_entries:
        raise ResumeError(
            ResumeErrorCode.ARCHIVE_TOO_LARGE,
            f"This document contains {len(infos)} parts; a résumé needs far fewer. "
            "Save it again without embedded files, or upload a PDF.",
        )
    if sum(info.file_size for info in infos) > max_uncompressed_bytes:
        raise _bomb(max_uncompressed_bytes)
    for info in infos:
        if info.file_size > _RATIO_FLOOR_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > max_compression_ratio:
                raise _bomb(max_uncompressed_bytes)


def _deeper_than(root: ElementTree.Element, limit: int) -> bool:
    """Iteratively (the point is not to recurse): whether any element sits below `limit`."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in element)
    return False


def _parse_xml(data: bytes) -> ElementTree.Element:
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise ResumeError(ResumeErrorCode.DOCX_CORRUPT)
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise ResumeError(ResumeErrorCode.DOCX_CORRUPT) from error
    if _deeper_than(root, MAX_XML_DEPTH):
        raise ResumeError(
            ResumeErrorCode.DOCX_CORRUPT,
            "This Word document is nested far more deeply than any résumé, so it cannot be "
            "read. Save it again from your editor, or upload a PDF or TXT file.",
        )
    return root


def _run_text(element: ElementTree.Element) -> Iterator[str]:
    """Text of a paragraph's runs, without descending into nested paragraphs (text boxes)."""
    for child in element:
        tag = child.tag
        if tag == f"{_W}t":
            yield child.text or ""
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            yield "\t"
        elif tag in (f"{_W}br", f"{_W}cr"):
            yield "\n"
        elif tag == f"{_W}p":
            continue
        else:
            yield from _run_text(child)


def _is_list_item(paragraph: ElementTree.Element) -> bool:
    properties = paragraph.find(f"{_W}pPr")
    if properties is None:
        return False
    if properties.find(f"{_W}numPr") is not None:
        return True
    style = properties.find(f"{_W}pStyle")
    return style is not None and "list" in (style.get(f"{_W}val") or "").lower()


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    text = "".join(_run_text(paragraph)).strip()
    # Word's bullets are numbering properties, not characters; keep them visible because
    # the résumé parser uses bullets to tell achievements from headings.
    if text and _is_list_item(paragraph):
        return f"• {text}"
    return text


def _text_boxes(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """Text boxes anchored in a paragraph. Word stores each twice (a DrawingML choice and a
    VML fallback), so fallbacks are skipped to avoid reading every box twice."""
    for child in element:
        if child.tag.endswith("}Fallback"):
            continue
        if child.tag == f"{_W}txbxContent":
            yield child
        else:
            yield from _text_boxes(child)


def _block_lines(container: ElementTree.Element) -> Iterator[str]:
    for child in container:
        if child.tag == f"{_W}p":
            yield _paragraph_text(child)
            for box in _text_boxes(child):
                yield from _block_lines(box)
        elif child.tag == f"{_W}tbl":
            yield from _table_lines(child)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _block_lines(content)


def _table_lines(table: ElementTree.Element) -> Iterator[str]:
    """A row of one-line cells reads as one line ("Engineer | Acme | 2019 - 2021"); cells with
    several paragraphs (a two-column layout) keep their lines, cell after cell."""
    for row in table.iter(f"{_W}tr"):
        cells = [list(_block_lines(cell)) for cell in row.findall(f"{_W}tc")]
        cells = [[line for line in cell if line] for cell in cells]
        if all(len(cell) <= 1 for cell in cells):
            joined = " | ".join(cell[0] for cell in cells if cell)
            if joined:
                yield joined
        else:
            for cell in cells:
                yield from cell


def _part_text(data: bytes) -> str:
    root = _parse_xml(data)
    body = root.find(f"{_W}body")
    return "\n".join(_block_lines(body if body is not None else root))


def docx_to_text(
    data: bytes,
    *,
    max_entries: int,
    max_uncompressed_bytes: int,
    max_compression_ratio: float,
) -> str:
    """Headers first (contact details often live there), then the body, then footers."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise ResumeError(ResumeErrorCode.DOCX_CORRUPT) from error
    with archive:
        _check_declared(
            archive,
            max_entries=max_entries,
            max_uncompressed_bytes=max_uncompressed_bytes,
            max_compression_ratio=max_compression_ratio,
        )
        names = {info.filename: info for info in archive.infolist()}
        if _DOCUMENT not in names:
            if any(name.startswith(("xl/", "ppt/")) for name in names):
                raise ResumeError(
                    ResumeErrorCode.UNSUPPORTED_TYPE,
                    "This is a spreadsheet or a presentation, not a Word document. "
                    "Upload your résumé as PDF, DOCX or TXT.",
                )
            raise ResumeError(ResumeErrorCode.DOCX_CORRUPT)
        headers = sorted(name for name in names if _HEADER_FOOTER.match(name) and "header" in name)
        footers = sorted(name for name in names if _HEADER_FOOTER.match(name) and "footer" in name)
        wanted = (*headers, _DOCUMENT, *footers)
        # zipfile refuses an encrypted entry with a bare RuntimeError; say what it is instead.
        if any(names[name].flag_bits & _ZIP_ENCRYPTED_FLAG for name in wanted):
            raise ResumeError(ResumeErrorCode.DOCX_ENCRYPTED_OR_LEGACY)
        budget = _Budget(max_uncompressed_bytes)
        parts: list[str] = []
        try:
            for name in wanted:
                parts.append(_part_text(budget.read(archive, names[name])))
        except ResumeError:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError,
                RuntimeError, zlib.error, lzma.LZMAError) as error:
            # Bad CRC, truncated or garbled compressed data, unsupported compression method.
            raise ResumeError(ResumeErrorCode.DOCX_CORRUPT) from error
    return "\n".join(part for part in parts if part.strip())
