"""PDF downloads of the answer and session reports, charts included.

Pure: it takes the report API's data and returns the PDF's bytes, with no Django import, so
it renders the same in a view, a task or a test. fpdf2 draws it (pure Python); the font is
Debian's DejaVu Sans (see `layout`), and nothing is fetched at run time.
"""

from analysis_app.report_pdf.layout import FONT_DIR, FontMissingError
from analysis_app.report_pdf.reports import answer_report_pdf, session_report_pdf

__all__ = ["FONT_DIR", "FontMissingError", "answer_report_pdf", "session_report_pdf"]
