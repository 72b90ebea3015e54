"""Real résumé files built in the tests: PDFs with reportlab, DOCX files with python-docx.

The parser must cope with what editors really write (PDF text layers, Word tables and list
styles), so the tests build real documents rather than feeding it strings.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from docx import Document
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

SOFTWARE_ENGINEER_LINES = [
    "Alex Morgan",
    "alex.morgan@example.com · +44 20 7946 0000 · github.com/alexm",
    "",
    "PROFESSIONAL SUMMARY",
    "Software engineer with 8 years of experience in backend systems.",
    "",
    "WORK EXPERIENCE",
    "Senior Software Engineer, Acme Corp | Jan 2021 \u2013 Present",
    "• Moved 30 services to k8s with Helm and Terraform, cutting deploy time by 60%.",
    "• Built a Kafka event pipeline in Go handling 3M events per day.",
    "Software Engineer at Globex Inc (Mar 2017 \u2013 Dec 2020)",
    "• Developed REST APIs in Python/Django backed by PostgreSQL.",
    "• Introduced CI/CD with GitHub Actions and raised test coverage to 85%.",
    "Initech",
    "Junior Developer",
    "Jun 2015 \u2013 Feb 2017",
    "• Maintained JS and jQuery front ends.",
    "",
    "PROJECTS",
    "Kubeshift: an open-source Kubernetes operator written in Go.",
    "",
    "EDUCATION",
    "University of Manchester \u2014 BSc in Computer Science, 2011 \u2013 2015",
    "",
    "SKILLS",
    "Languages: Python, Go, JS, TypeScript, SQL",
    "Tools: Docker, k8s, sklearn, AWS, Redis",
]


def pdf_from_lines(
    lines: Sequence[str],
    *,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> bytes:
    """A text PDF (A4, Helvetica), one line per row, new pages as needed."""
    buffer = io.BytesIO()
    encrypt = None
    if user_password is not None or owner_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(user_password or "", ownerPassword=owner_password)
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    _, height = A4
    y = height - 60
    pdf.setFont("Helvetica", 10)
    for line in lines:
        if y < 60:
            pdf.showPage()
            pdf.setFont("Helvetica", 10)
            y = height - 60
        pdf.drawString(50, y, line)
        y -= 14
    pdf.save()
    return buffer.getvalue()


def image_only_pdf(lines: Sequence[str]) -> bytes:
    """A "scanned" résumé: the text exists only as pixels of an embedded image."""
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((60, 60 + row * 28), line, fill="black")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    pdf.drawImage(ImageReader(image), 0, 0, width=width, height=height)
    pdf.save()
    return buffer.getvalue()


def data_scientist_docx() -> bytes:
    """A Word résumé with a title, headings, a table row per job and bulleted lists."""
    document = Document()
    document.add_heading("Priya Shah", level=0)
    document.add_paragraph("priya.shah@example.org | Edinburgh")
    document.add_heading("Experience", level=1)

    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(
        table.rows[0].cells,
        ("Lead Data Scientist", "Northwind Health", "2019 \u2013 Present"),
        strict=True,
    ):
        cell.text = text
    document.add_paragraph(
        "Built churn models with sklearn and XGBoost, lifting retention by 4%.",
        style="List Bullet",
    )
    document.add_paragraph(
        "Designed A/B tests for the pricing page with the product team.", style="List Bullet"
    )
    document.add_paragraph("Data Analyst, Contoso Bank \u2014 Sep 2016 \u2013 Aug 2019")
    document.add_paragraph(
        "Automated weekly reporting in SQL and Tableau for 40 branch managers.",
        style="List Bullet",
    )
    document.add_heading("Projects", level=1)
    document.add_paragraph(
        "Readmission Radar: a PyTorch model that flags patients at risk of readmission."
    )
    document.add_heading("Education", level=1)
    document.add_paragraph("MSc in Statistics, University of Edinburgh, 2016")
    document.add_heading("Skills", level=1)
    document.add_paragraph("Python, R, SQL, PyTorch, Spark, Airflow")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"/>'
)
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bomb(uncompressed_mb: int) -> bytes:
    """A DOCX whose document.xml inflates from a few hundred KB to ``uncompressed_mb`` MB."""
    padding = b" " * (uncompressed_mb * 1024 * 1024)
    document = (
        b'<?xml version="1.0"?><w:document '
        + _W
        + b"><w:body><w:p><w:r><w:t>Resume"
        + padding
        + b"</w:t></w:r></w:p></w:body></w:document>"
    )
    return zip_bytes({"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": document})


def docx_with_understated_size(real_mb: int, declared_bytes: int) -> bytes:
    """A zip bomb that lies: its headers declare a tiny document.xml."""
    data = bytearray(docx_bomb(real_mb))
    real_size = real_mb * 1024 * 1024
    # Patch the uncompressed-size field of the document.xml local header and central
    # directory entry (offsets 22 and 24 past their signatures).
    name = b"word/document.xml"
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                field = start + offset
                assert int.from_bytes(data[field : field + 4], "little") >= real_size
                data[field : field + 4] = declared_bytes.to_bytes(4, "little")
            start += 4
    return bytes(data)


def docx_with_many_parts(parts: int) -> bytes:
    members = {"[Content_Types].xml": _CONTENT_TYPES}
    members["word/document.xml"] = (
        b'<?xml version="1.0"?><w:document ' + _W + b"><w:body><w:p><w:r><w:t>Resume text here"
        b"</w:t></w:r></w:p></w:body></w:document>"
    )
    for index in range(parts):
        members[f"word/media/image{index}.bin"] = b"x"
    return zip_bytes(members)


def docx_with_nested(opening: bytes, closing: bytes, depth: int) -> bytes:
    """A real python-docx document whose body is ``depth`` nested ``opening``...``closing``
    elements around one paragraph: thousands of nested runs (``<w:r>``) or content controls
    (``<w:sdt><w:sdtContent>``), which a recursive reader cannot survive."""
    inner = b"<w:p><w:r><w:t>Resume text</w:t></w:r></w:p>"
    if opening == b"<w:r>":  # runs nest inside a paragraph, around the text
        inner = b"<w:p>" + opening * depth + b"<w:t>Resume text</w:t>" + closing * depth + b"</w:p>"
    else:
        inner = opening * depth + inner + closing * depth
    document = (b'<?xml version="1.0"?><w:document ' + _W + b"><w:body>" + inner
                + b"</w:body></w:document>")
    return _with_document_xml(data_scientist_docx(), document)


def _with_document_xml(docx: bytes, document: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = document if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def docx_with_encrypted_document() -> bytes:
    """A real python-docx document whose document.xml carries the zip "encrypted" flag (bit 0
    of the general-purpose flags, in its local header and its central directory entry), as
    a zip tool's password protection writes it."""
    data = bytearray(data_scientist_docx())
    name = b"word/document.xml"
    for signature, name_offset, flags_offset in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_offset : start + name_offset + len(name)] == name:
                data[start + flags_offset] |= 0x1
            start += 4
    return bytes(data)


def docx_with_garbled_deflate() -> bytes:
    """document.xml's compressed bytes overwritten with noise: inflating it fails (zlib)."""
    data = bytearray(data_scientist_docx())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 64] = bytes(range(7, 7 + 64))
    return bytes(data)
