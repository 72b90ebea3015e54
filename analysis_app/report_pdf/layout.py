"""The page the reports are set on: A4, one Unicode font, a footer with the versions.

The font is DejaVu Sans from Debian's `fonts-dejavu-core` (scripts/setup.sh and the
Dockerfile install it). PDF's built-in fonts cover Latin-1 only, so "—", "·", "✓" or a name
in another script would come out as "?" or raise; a missing font is therefore an error, not a
silent fall back to them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Final

from fpdf import FPDF
from fpdf.enums import XPos, YPos

#: Where Debian's fonts-dejavu-core puts its fonts.
FONT_DIR: Final = Path("/usr/share/fonts/truetype/dejavu")
#: fpdf2 style -> file: regular and bold (the package ships no italic).
FONT_FILES: Final = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY: Final = "DejaVu"

RGB = tuple[int, int, int]
#: The web client's colours (frontend/src/styles.css), so the PDF reads as the same report.
INK: Final[RGB] = (32, 33, 36)
MUTED: Final[RGB] = (95, 99, 104)
PRIMARY: Final[RGB] = (11, 87, 208)
RULE: Final[RGB] = (218, 220, 224)
TRACK: Final[RGB] = (232, 234, 237)
MARK: Final[RGB] = (176, 74, 0)

#: The web client's words for an analysis status (frontend/src/text/labels.ts).
STATUS_LABELS: Final = {
    "not_started": "Not analysed yet", "queued": "Waiting for analysis",
    "running": "Being analysed", "completed": "Analysed", "partial": "Partly analysed",
    "failed": "Analysis failed",
}


#: What stands for a missing score: an en dash, as on the web page.
NO_SCORE: Final = "\u2013"


class FontMissingError(RuntimeError):
    """The report font is not installed: the machine was set up without fonts-dejavu-core."""


def score_text(score: float | None) -> str:
    """A score as the web client shows it: a whole number, a dash when there is none. Rounded
    half up like JavaScript's Math.round, so the PDF never says 96 where the page says 97."""
    return NO_SCORE if score is None else str(math.floor(float(score) + 0.5))


def long_date(day: date) -> str:
    """"3 May 2026": unambiguous in every country, unlike 03/05/2026."""
    return f"{day.day} {day:%B %Y}"


class ReportPdf(FPDF):
    """A report document: headings, paragraphs and lists that flow across pages, and a
    footer naming the versions that scored it, so a printed report can be traced back."""

    def __init__(self, *, title: str, footer_note: str, font_dir: Path = FONT_DIR) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._footer_note = footer_note
        for style, name in FONT_FILES.items():
            path = font_dir / name
            if not path.is_file():
                raise FontMissingError(
                    f"The report font {path} is missing: install Debian's fonts-dejavu-core "
                    "(scripts/setup.sh does).")
            self.add_font(FAMILY, style, path)
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_title(title)
        self.set_creator("AI interview coach")
        self.set_text_color(*INK)
        self.set_font(FAMILY, size=10)
        self.add_page()

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FAMILY, size=7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self._footer_note} · page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(*INK)

    def ensure_space(self, height: float) -> None:
        """Start a new page unless `height` mm fit on this one: a chart or a row is never cut."""
        if self.will_page_break(height):
            self.add_page()

    def title_block(self, title: str, subtitle: str, meta: str) -> None:
        self.set_font(FAMILY, "B", 18)
        self.cell(0, 9, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.set_font(FAMILY, size=11.5)
            self.multi_cell(0, 6, subtitle, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, size=9)
        self.set_text_color(*MUTED)
        self.multi_cell(0, 5, meta, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(2)

    def overall(self, score: float | None) -> None:
        """The overall score, large, as the page's heading shows it."""
        self.set_font(FAMILY, "B", 26)
        self.set_text_color(*PRIMARY)
        width = self.get_string_width(score_text(score)) + 2
        self.cell(width, 12, score_text(score))
        self.set_font(FAMILY, size=10)
        self.set_text_color(*MUTED)
        self.cell(0, 14, "/ 100 overall", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def heading(self, text: str, *, space_after: float = 14) -> None:
        """A section heading, kept on the page with at least `space_after` mm of its section."""
        self.ln(3)
        self.ensure_space(9 + space_after)
        self.set_font(FAMILY, "B", 13)
        self.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.epw, self.get_y())
        self.ln(2)
        self.set_font(FAMILY, size=10)

    def subheading(self, text: str) -> None:
        self.ensure_space(12)
        self.set_font(FAMILY, "B", 10.5)
        self.cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, size=10)

    def paragraph(self, text: str, *, muted: bool = False, size: float = 10) -> None:
        self.set_font(FAMILY, size=size)
        if muted:
            self.set_text_color(*MUTED)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(1)

    def bullets(self, items: Iterable[str], *, marks: Iterable[str] | None = None) -> None:
        """A list; `marks` gives each item its own mark ("✓", "✗", "1.") instead of "•"."""
        mark_list = list(marks) if marks is not None else None
        self.set_font(FAMILY, size=10)
        for index, item in enumerate(items):
            mark = mark_list[index] if mark_list is not None else "•"
            self.ensure_space(5)
            self.cell(6, 5, mark)
            self.multi_cell(self.epw - 6, 5, item, align="L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
