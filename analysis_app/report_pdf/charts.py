"""The report's charts as PDF vector drawing: the ten-dimension radar and horizontal score
bars. Drawn, not pasted as images, so they stay sharp when printed and need no plotting
library on the web processes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from fpdf.enums import XPos, YPos

from analysis_app.report_pdf.layout import (
    FAMILY,
    INK,
    MUTED,
    PRIMARY,
    RULE,
    TRACK,
    ReportPdf,
    score_text,
)

#: The rings of the radar, as in frontend/src/charts/RadarChart.tsx.
RINGS: Final = (25, 50, 75, 100)
#: Room around the radar's rim for its labels, in mm above and below.
RADAR_LABEL_ROOM: Final = 7.0


@dataclass(frozen=True, slots=True)
class Axis:
    """One spoke of the radar: a dimension's label and its 0-100 score (None: not measured)."""

    label: str
    score: float | None


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of a bar chart. `note` is printed under the bar in small type (a trend, why a
    score is missing)."""

    label: str
    score: float | None
    note: str = ""


def radar_height(radius: float) -> float:
    return 2 * (radius + RADAR_LABEL_ROOM)


def _point(center: tuple[float, float], radius: float, index: int, count: int,
           value: float) -> tuple[float, float]:
    """Like RadarChart.tsx: the first axis points up, the others follow clockwise."""
    angle = 2 * math.pi * index / count - math.pi / 2
    distance = radius * max(0.0, min(100.0, value)) / 100
    return center[0] + distance * math.cos(angle), center[1] + distance * math.sin(angle)


def radar(pdf: ReportPdf, axes: Sequence[Axis], *, radius: float = 34.0) -> None:
    """The radar at the cursor, centred on the page: rings at 25/50/75/100, one spoke and
    label per axis, the scores as a filled polygon. A missing score is drawn at the centre
    as a hollow dot and its label shows a dash, as on the web page."""
    top = pdf.get_y()
    center = (pdf.l_margin + pdf.epw / 2, top + RADAR_LABEL_ROOM + radius)
    count = len(axes)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*RULE)
    for ring in RINGS:
        pdf.polygon([_point(center, radius, i, count, ring) for i in range(count)], style="D")
    pdf.set_font(FAMILY, size=7.5)
    for index, axis in enumerate(axes):
        pdf.set_draw_color(*RULE)
        pdf.line(*center, *_point(center, radius, index, count, 100))
        _radar_label(pdf, center, radius, index, count, axis)
    values = [axis.score if axis.score is not None else 0.0 for axis in axes]
    pdf.set_draw_color(*PRIMARY)
    pdf.set_fill_color(*PRIMARY)
    pdf.set_line_width(0.5)
    with pdf.local_context(fill_opacity=0.22):
        pdf.polygon([_point(center, radius, i, count, v) for i, v in enumerate(values)],
                    style="DF")
    for index, axis in enumerate(axes):
        x, y = _point(center, radius, index, count, values[index])
        pdf.circle(x, y, 0.9, style="D" if axis.score is None else "DF")
    pdf.set_line_width(0.2)
    pdf.set_y(top + radar_height(radius))


def _radar_label(pdf: ReportPdf, center: tuple[float, float], radius: float, index: int,
                 count: int, axis: Axis) -> None:
    """The label just outside the rim: left of the axis on the left half, right of it on
    the right half, centred above or below on the vertical axis."""
    x, y = _point(center, radius * 1.07, index, count, 100)
    text = f"{axis.label} {score_text(axis.score)}"
    width = pdf.get_string_width(text)
    if abs(x - center[0]) < 1:
        x -= width / 2
        y += -1.5 if y < center[1] else 3.0
    elif x < center[0]:
        x -= width
    pdf.set_text_color(*MUTED)
    pdf.text(x, y + 1.0, text)
    pdf.set_text_color(*INK)


def score_bars(pdf: ReportPdf, bars: Sequence[Bar], *, label_width: float = 50.0,
               row_height: float = 6.5) -> None:
    """Horizontal bars at the cursor, one row per bar: the label, a 0-100 track filled to the
    score, the score; a missing score leaves the track empty and shows a dash."""
    left = pdf.l_margin
    track_width = pdf.epw - label_width - 14
    for bar in bars:
        note_height = 4.2 if bar.note else 0.0
        pdf.ensure_space(row_height + note_height)
        top = pdf.get_y()
        pdf.set_font(FAMILY, size=9.5)
        pdf.set_xy(left, top)
        pdf.cell(label_width, row_height, _fit(pdf, bar.label, label_width - 2))
        track_y = top + row_height / 2 - 1.8
        pdf.set_fill_color(*TRACK)
        pdf.rect(left + label_width, track_y, track_width, 3.6, style="F")
        if bar.score is not None:
            pdf.set_fill_color(*PRIMARY)
            filled = track_width * max(0.0, min(100.0, float(bar.score))) / 100
            pdf.rect(left + label_width, track_y, filled, 3.6, style="F")
        pdf.set_font(FAMILY, "B", 9.5)
        pdf.set_xy(left + label_width + track_width, top)
        pdf.cell(14, row_height, score_text(bar.score), align="R")
        pdf.set_xy(left, top + row_height)
        if bar.note:
            pdf.set_font(FAMILY, size=7.5)
            pdf.set_text_color(*MUTED)
            pdf.set_x(left + label_width)
            pdf.multi_cell(track_width + 14, 3.6, bar.note, align="L",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(*INK)
            pdf.ln(0.6)
    pdf.set_font(FAMILY, size=10)


def _fit(pdf: ReportPdf, text: str, width: float) -> str:
    """The label cut with "…" where it would run into the bar."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"
