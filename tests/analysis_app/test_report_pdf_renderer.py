"""The PDF renderer alone (no database): the documents are read back with pypdf, their text
and their drawing operations, the way a reader's PDF viewer would see them."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from analysis_app.engine.scoring import DIMENSIONS, score_features
from analysis_app.engine.scoring.labels import dimension_label
from analysis_app.engine.typed_json import dump
from analysis_app.report_pdf import (
    FONT_DIR,
    FontMissingError,
    answer_report_pdf,
    session_report_pdf,
)
from analysis_app.report_pdf.layout import NO_SCORE, score_text
from analysis_app.report_pdf.transcript import transcript_runs
from tests.scoring.profiles import with_fillers

QUESTION = "Tell me about your résumé — the project you are proudest of."


def _words(text: str) -> list[dict[str, Any]]:
    return [{"word": f" {word}", "start": i * 0.4, "end": i * 0.4 + 0.3, "probability": 0.9}
            for i, word in enumerate(text.split())]


def _answer_report(**changes: Any) -> dict[str, Any]:
    """The answer report API's data for a really scored answer, plus the PDF's own keys."""
    scored = dump(score_features(with_fillers(8)).record())
    words = _words("Um, I rebuilt the billing service, you know, in six weeks · for 40 teams.")
    report: dict[str, Any] = {
        "question": {"id": 1, "text": QUESTION, "category": "behavioural", "key_points": []},
        "take": 1,
        "analysis_status": "completed",
        "key_points": {
            "coverage_status": "scored", "covered_count": 1, "total": 2,
            "points": [{"text": "Measurable outcome", "covered": True,
                        "evidence": "in six weeks for 40 teams"},
                       {"text": "What you learnt", "covered": False, "evidence": None}],
            "origin": "given", "origin_question": None},
        "transcript": {"text": " ".join(w["word"].strip() for w in words), "words": words},
        "markers": {
            "fillers": [{"kind": "filler", "text": "um", "start": 0.0, "end": 0.3,
                         "word_index": 0},
                        {"kind": "filler", "text": "you know", "start": 2.4, "end": 3.1,
                         "word_index": 6}],
            "hedges": [], "long_pauses": [], "restarts": []},
        "scores": scored["scores"],
        "missing": scored["missing"],
        "feedback": scored["feedback"],
        "rubric_version": scored["rubric_version"],
        "report_date": date(2026, 5, 3),
        "date_label": "Recorded",
        "target_role": "Backend engineer",
        "engine_version": "9.8.7",
    }
    report.update(changes)
    return report


def _session_report() -> dict[str, Any]:
    scores = dump(score_features(with_fillers(4)).record())["scores"]
    return {
        "session_id": "s", "answer_count": 2,
        "answers": [
            {"answer_id": "a", "question_id": 1, "question_text": "Why this role — really?",
             "take": 1, "is_counted_take": True, "analysis_status": "completed",
             "scores": {"overall": 81.6}},
            {"answer_id": "b", "question_id": 2, "question_text": "Tell me about a conflict.",
             "take": 1, "is_counted_take": False, "analysis_status": "completed",
             "scores": {"overall": 55.2}},
            {"answer_id": "c", "question_id": 2, "question_text": "Tell me about a conflict.",
             "take": 2, "is_counted_take": True, "analysis_status": "completed",
             "scores": {"overall": 67.4}},
        ],
        "dimensions": {name: {"mean": scores[name], "trend": "improving"}
                       for name in DIMENSIONS},
        "overall": 74.5,
        "top_improvements": ["Pause silently instead of saying “um”."],
        "focus": [],
        "summary": "2 answers analysed.",
        "report_date": date(2026, 5, 4),
        "target_role": "Site reliability engineer",
        "engine_version": "9.8.7",
        "rubric_versions": ["1.1.0"],
    }


def _text(pdf: bytes) -> str:
    """The document's text, lines joined with spaces (a wrapped sentence reads whole)."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _closed_paths(pdf: bytes) -> list[int]:
    """The vertex count of every closed straight-line path (`m`, `l`..., `h`) drawn."""
    reader = PdfReader(io.BytesIO(pdf))
    counts: list[int] = []
    for page in reader.pages:
        vertices = 0
        for _, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"m":
                vertices = 1
            elif operator == b"l" and vertices:
                vertices += 1
            elif operator == b"h" and vertices:
                counts.append(vertices)
                vertices = 0
            else:
                vertices = 0
    return counts


def _operators(pdf: bytes, name: bytes) -> int:
    reader = PdfReader(io.BytesIO(pdf))
    return sum(1 for page in reader.pages
               for _, operator in ContentStream(page.get_contents(), reader).operations
               if operator == name)


def test_the_answer_pdf_says_what_the_report_says() -> None:
    # given
    report = _answer_report()
    # when
    text = _text(answer_report_pdf(report))
    # then: the question, date, overall, every dimension in words with its score
    assert "Answer report" in text
    assert QUESTION in text  # "é" and "—" survive: the font is Unicode
    assert "Backend engineer · Recorded 3 May 2026" in text
    assert f"{score_text(report['scores']['overall'])} / 100 overall" in text
    for name in DIMENSIONS:
        assert f"{dimension_label(name)} {score_text(report['scores'][name])}" in text
    # and: the feedback, the key points covered and missed, the versions
    assert report["feedback"]["summary"] in text
    for advice in report["feedback"]["strengths"] + report["feedback"]["improvements"]:
        assert advice in text
    assert "You covered 1 of 2 key points" in text
    assert "✓ Measurable outcome (covered)" in text
    assert "✗ What you learnt (missed)" in text
    assert f"rubric {report['rubric_version']} · engine 9.8.7" in text


def test_the_transcript_marks_each_filler_in_brackets() -> None:
    # given
    report = _answer_report()
    # when
    text = _text(answer_report_pdf(report))
    # then: "you know" is one filler of two words; the comma stays outside the brackets
    assert ("[Um], I rebuilt the billing service, [you know], in six weeks · for 40 teams."
            in text)
    assert "2 fillers" in text


def test_a_transcript_without_timed_words_still_marks_its_fillers_by_spelling() -> None:
    # given: a report stored with the text only
    transcript = {"text": "Well um I think, uh, it went well. Umbrella stays.", "words": []}
    fillers = [{"text": "um", "start": 0.5, "end": 0.7}, {"text": "uh", "start": 2.0,
                                                           "end": 2.2}]
    # when
    runs = transcript_runs(transcript, fillers)
    # then: whole words only ("Umbrella" is not a filler)
    assert runs == [("Well", False), ("um", True), ("I think,", False), ("uh", True),
                    (", it went well. Umbrella stays.", False)]


def test_the_answer_pdf_draws_the_radar_and_the_bars() -> None:
    # given
    report = _answer_report()
    # when
    pdf = answer_report_pdf(report)
    # then: four rings and the score polygon, each with one vertex per dimension
    assert _closed_paths(pdf).count(len(DIMENSIONS)) == 5
    # and: ten spokes, and per dimension a bar's track plus its filled part
    assert _operators(pdf, b"re") == 2 * len(DIMENSIONS)
    assert _operators(pdf, b"l") >= 5 * (len(DIMENSIONS) - 1) + len(DIMENSIONS)
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Answer report"


def test_a_missing_score_reads_as_a_dash_with_its_reason_and_draws_no_bar() -> None:
    # given: no face in view, so no eye-contact score
    report = _answer_report(analysis_status="partial")
    report["scores"] = {**report["scores"], "eye_contact": None}
    report["missing"] = {"eye_contact": "No face was in view."}
    # when
    pdf = answer_report_pdf(report)
    text = _text(pdf)
    # then
    assert f"Eye contact {NO_SCORE}" in text
    assert "Not measured: No face was in view." in text
    assert "Part of this answer could not be analysed" in text
    assert _operators(pdf, b"re") == 2 * len(DIMENSIONS) - 1


def test_the_session_pdf_has_each_questions_score_and_the_sessions_radar() -> None:
    # given
    report = _session_report()
    # when
    pdf = session_report_pdf(report)
    text = _text(pdf)
    # then
    assert "Session report Site reliability engineer Started 4 May 2026 · 2 answers" in text
    assert "75 / 100 overall" in text  # 74.5, rounded half up as on the page
    assert "1. Pause silently instead of saying “um”." in text
    assert "1. Why this role — really? Overall 82" in text
    assert "2. Tell me about a conflict. Take 2 67 Counts in this report Take 1 55" in text
    assert "Not counted: a later take replaces it" in text
    for name in DIMENSIONS:
        mean = report["dimensions"][name]["mean"]
        assert f"{dimension_label(name)} ↗ {score_text(mean)}" in text
    assert "rubric 1.1.0 · engine 9.8.7" in text
    assert _closed_paths(pdf).count(len(DIMENSIONS)) == 5
    # and: a bar per dimension and one per take
    assert _operators(pdf, b"re") == 2 * (len(DIMENSIONS) + 3)


def test_scores_round_half_up_as_on_the_web_page() -> None:
    assert [score_text(s) for s in (96.5, 97.49, 0.5, None)] == ["97", "97", "1", NO_SCORE]


def test_the_font_is_installed_and_its_absence_is_an_error_not_a_fallback(
    tmp_path: Path,
) -> None:
    # then: the machine has it (scripts/setup.sh installs fonts-dejavu-core)
    assert (FONT_DIR / "DejaVuSans.ttf").is_file()
    assert (FONT_DIR / "DejaVuSans-Bold.ttf").is_file()
    # and: without it the renderer says what to install
    with pytest.raises(FontMissingError, match="fonts-dejavu-core"):
        answer_report_pdf(_answer_report(), font_dir=tmp_path)
