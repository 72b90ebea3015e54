"""The answer report and the session report as PDF documents, from the data the report API
serves (analysis_app.selectors), so the download says what the page says."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final

from fpdf.enums import XPos, YPos

from analysis_app.engine.scoring import DIMENSIONS, OVERALL
from analysis_app.engine.scoring.labels import dimension_label
from analysis_app.report_pdf.charts import Axis, Bar, radar, radar_height, score_bars
from analysis_app.report_pdf.layout import (
    FAMILY,
    FONT_DIR,
    INK,
    MARK,
    NO_SCORE,
    STATUS_LABELS,
    ReportPdf,
    long_date,
)
from analysis_app.report_pdf.transcript import transcript_runs

PRODUCT: Final = "AI interview coach"
RADAR_RADIUS: Final = 34.0
#: Punctuation written straight after the word before it, with no space.
_CLOSING: Final = tuple(",.;:!?)…")
#: A dimension's trend across the session's answers, as the session page shows it.
TREND_ARROWS: Final = {"improving": "↗", "declining": "↘", "steady": "→"}


def _versions(*, rubric: str | Sequence[str] | None, engine: str) -> str:
    rubrics = [rubric] if isinstance(rubric, str) else list(rubric or [])
    rubric_part = f"rubric {', '.join(rubrics)}" if rubrics else "rubric unknown"
    return f"{PRODUCT} · {rubric_part} · engine {engine}"


def _scores_section(pdf: ReportPdf, scores: Mapping[str, Any], notes: Mapping[str, str],
                    heading: str, *, marks: Mapping[str, str] | None = None) -> None:
    """The radar and, under it, one bar per dimension with its label in words (and its
    mark, a trend's arrow, after the label)."""
    pdf.heading(heading, space_after=radar_height(RADAR_RADIUS))
    radar(pdf, [Axis(dimension_label(name), scores.get(name)) for name in DIMENSIONS],
          radius=RADAR_RADIUS)
    pdf.ln(2)
    marks = marks or {}
    score_bars(pdf, [
        Bar(f"{dimension_label(name)} {marks.get(name, '')}".strip(), scores.get(name),
            notes.get(name, ""))
        for name in DIMENSIONS])


def _feedback_section(pdf: ReportPdf, feedback: Mapping[str, Any]) -> None:
    pdf.heading("Feedback")
    if feedback.get("summary"):
        pdf.paragraph(str(feedback["summary"]))
    for title, key, empty in (("What went well", "strengths", "Nothing stood out yet."),
                              ("What to work on", "improvements",
                               "Nothing to improve was found.")):
        pdf.subheading(title)
        items = [str(item) for item in feedback.get(key) or []]
        if items:
            pdf.bullets(items)
        else:
            pdf.paragraph(empty, muted=True)


def _key_points_section(pdf: ReportPdf, coverage: Mapping[str, Any]) -> None:
    pdf.heading("Key points")
    status, total = coverage.get("coverage_status"), int(coverage.get("total") or 0)
    points = list(coverage.get("points") or [])
    if status == "no_key_points":
        pdf.paragraph("This question has no key points, so coverage is not scored.", muted=True)
    elif status == "not_measured":
        pdf.paragraph("Which of these you covered could not be measured for this answer.",
                      muted=True)
    else:
        noun = "point" if total == 1 else "points"
        pdf.paragraph(f"You covered {coverage.get('covered_count')} of {total} key {noun} "
                      "a strong answer to this question makes.")
    if coverage.get("origin") == "bank" and coverage.get("origin_question"):
        pdf.paragraph("Your question came without key points, so it borrowed those of a "
                      f"question that asks the same thing: “{coverage['origin_question']}”",
                      muted=True, size=9)
    elif coverage.get("origin") == "llm":
        pdf.paragraph("Your question came without key points; these were written for it by "
                      "the AI.", muted=True, size=9)
    if not points:
        return
    marks = {True: "✓", False: "✗", None: NO_SCORE}
    pdf.bullets(
        [_key_point_line(point) for point in points],
        marks=[marks.get(point.get("covered"), NO_SCORE) for point in points])
    if status == "scored":
        pdf.paragraph("✓ covered · ✗ missed", muted=True, size=8.5)


def _key_point_line(point: Mapping[str, Any]) -> str:
    covered = point.get("covered")
    verdict = " (covered)" if covered is True else " (missed)" if covered is False else ""
    evidence = f" — “{point['evidence']}”" if point.get("evidence") else ""
    return f"{point.get('text', '')}{verdict}{evidence}"


def _transcript_section(pdf: ReportPdf, transcript: Mapping[str, Any],
                        markers: Mapping[str, Any]) -> None:
    fillers = list(markers.get("fillers") or [])
    runs = transcript_runs(transcript, fillers)
    pdf.heading("Transcript")
    if not runs:
        pdf.paragraph("No speech was transcribed.", muted=True)
        return
    counts = [f"{len(fillers)} {'filler' if len(fillers) == 1 else 'fillers'}"]
    for key, one, many in (("hedges", "hedge", "hedges"),
                           ("long_pauses", "long pause", "long pauses"),
                           ("restarts", "restart", "restarts")):
        count = len(markers.get(key) or [])
        if count:
            counts.append(f"{count} {one if count == 1 else many}")
    pdf.paragraph(f"Fillers are shown in [brackets]. {', '.join(counts)}.", muted=True, size=8.5)
    pdf.set_font(FAMILY, size=10)
    height = 5.2
    first = True
    for text, filler in runs:
        gap = "" if first or text.startswith(_CLOSING) else " "
        first = False
        if filler:
            # "[Um]," rather than "[Um,]": the brackets hold the filler, not the comma.
            word = text.rstrip("".join(_CLOSING))
            pdf.write(height, gap)
            pdf.set_font(FAMILY, "B", 10)
            pdf.set_text_color(*MARK)
            pdf.write(height, f"[{word or text}]")
            pdf.set_font(FAMILY, size=10)
            pdf.set_text_color(*INK)
            if word and word != text:
                pdf.write(height, text[len(word):])
        else:
            pdf.write(height, gap + text)
    pdf.ln(height + 1)


def _missing_notes(report: Mapping[str, Any]) -> dict[str, str]:
    """Why a score is missing, under its bar: the reason in words the API gives."""
    missing = report.get("missing") or {}
    scores = report.get("scores") or {}
    return {name: f"Not measured: {missing[name]}" if missing.get(name) else "Not measured"
            for name in DIMENSIONS if scores.get(name) is None}


def answer_report_pdf(report: Mapping[str, Any], *, font_dir: Path = FONT_DIR) -> bytes:
    """One answer's report as a PDF.

    `report` is the answer report API's data (analysis_app.selectors.answer_report) with
    three more keys: `report_date` (a date), `date_label` ("Recorded", "Shared") and
    `engine_version`; `target_role` is optional. The analysis must have ended with scores
    (completed or partial): the caller refuses the others."""
    question = report.get("question") or {}
    status = str(report.get("analysis_status", ""))
    pdf = ReportPdf(
        title="Answer report",
        footer_note=_versions(rubric=report.get("rubric_version"),
                              engine=str(report.get("engine_version", ""))),
        font_dir=font_dir)
    day: date = report["report_date"]
    meta = [part for part in (
        str(report.get("target_role") or ""),
        f"{report.get('date_label', 'Recorded')} {long_date(day)}",
        f"Take {report['take']}" if report.get("take") else "",
        STATUS_LABELS.get(status, status),
    ) if part]
    pdf.title_block("Answer report", f"“{question.get('text', '')}”", " · ".join(meta))
    scores = report.get("scores") or {}
    pdf.overall(scores.get(OVERALL))
    if status == "partial" or report.get("missing"):
        pdf.paragraph("Part of this answer could not be analysed; everything else is shown.",
                      muted=True, size=9)
    feedback = report.get("feedback") or {}
    if feedback:
        _feedback_section(pdf, feedback)
    if report.get("key_points"):
        _key_points_section(pdf, report["key_points"])
    _scores_section(pdf, scores, _missing_notes(report), "Scores")
    _transcript_section(pdf, report.get("transcript") or {}, report.get("markers") or {})
    return bytes(pdf.output())


def _answers_section(pdf: ReportPdf, answers: Sequence[Mapping[str, Any]]) -> None:
    """Each question's overall score as a bar; a question recorded again lists every take,
    the counted one marked, as the session page does."""
    pdf.heading("Answers", space_after=24)
    if not answers:
        pdf.paragraph("No answers have been recorded in this session yet.", muted=True)
        return
    by_question: dict[Any, list[Mapping[str, Any]]] = {}
    for answer in answers:
        by_question.setdefault(answer.get("question_id"), []).append(answer)
    for number, takes in enumerate(by_question.values(), start=1):
        pdf.ensure_space(18)
        pdf.set_font(FAMILY, "B", 10)
        pdf.multi_cell(0, 5, f"{number}. {takes[0].get('question_text', '')}", align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        ordered = ([t for t in takes if t.get("is_counted_take")]
                   + [t for t in takes if not t.get("is_counted_take")])
        score_bars(pdf, [_take_bar(take, several=len(takes) > 1) for take in ordered])
        pdf.ln(1.5)


def _take_bar(take: Mapping[str, Any], *, several: bool) -> Bar:
    status = str(take.get("analysis_status", ""))
    label = f"Take {take.get('take')}" if several else "Overall"
    notes = []
    if several:
        notes.append("counts in this report" if take.get("is_counted_take")
                     else "not counted: a later take replaces it")
    if status not in ("completed", "partial"):
        notes.append(STATUS_LABELS.get(status, status))
    return Bar(label, (take.get("scores") or {}).get(OVERALL), "; ".join(notes).capitalize())


def session_report_pdf(report: Mapping[str, Any], *, font_dir: Path = FONT_DIR) -> bytes:
    """A session's report as a PDF.

    `report` is the session report API's data (analysis_app.selectors.session_report_for)
    with `report_date` (a date), `target_role`, `engine_version` and `rubric_versions` (of
    the answers it counts) added."""
    pdf = ReportPdf(
        title="Session report",
        footer_note=_versions(rubric=report.get("rubric_versions"),
                              engine=str(report.get("engine_version", ""))),
        font_dir=font_dir)
    count = int(report.get("answer_count") or 0)
    meta = (f"Started {long_date(report['report_date'])} · "
            f"{count} {'answer' if count == 1 else 'answers'} analysed")
    pdf.title_block("Session report", str(report.get("target_role") or ""), meta)
    pdf.overall(report.get("overall"))
    if report.get("summary"):
        pdf.paragraph(str(report["summary"]))
    improvements = [str(item) for item in report.get("top_improvements") or []]
    if improvements:
        pdf.heading("Work on these first")
        pdf.bullets(improvements, marks=[f"{n}." for n in range(1, len(improvements) + 1)])
    dimensions = report.get("dimensions") or {}
    means = {name: (dimensions.get(name) or {}).get("mean") for name in DIMENSIONS}
    trends = {name: (dimensions.get(name) or {}).get("trend") for name in DIMENSIONS}
    arrows = {name: TREND_ARROWS.get(str(trend), "") for name, trend in trends.items()}
    _scores_section(pdf, means, {}, "Across your answers", marks=arrows)
    if any(trends.values()):
        pdf.paragraph("Across the answers: ↗ improving · → steady · ↘ declining.", muted=True,
                      size=8.5)
    pdf.paragraph(f"Means over {count} {'answer' if count == 1 else 'answers'}: for a question "
                  "recorded again, the latest analysed take counts.", muted=True, size=8.5)
    _answers_section(pdf, report.get("answers") or [])
    return bytes(pdf.output())

