"""The session report: per-dimension mean and trend, and the top three things to work on."""

from __future__ import annotations

import json

import pytest

from analysis_app.engine.scoring import session_report
from analysis_app.engine.scoring.scorer import score_features
from analysis_app.engine.typed_json import dump
from tests.scoring.profiles import answer, with_fillers, without_video


def test_means_and_trends_follow_the_answers_in_order() -> None:
    # given: fillers fall answer by answer
    answers = [score_features(with_fillers(n)) for n in (16, 10, 4, 0)]
    fluency = [a.dimensions["fluency"].score for a in answers]
    # when
    report = session_report(answers)
    # then
    trend = report.dimensions["fluency"]
    assert report.answer_count == 4
    assert trend.mean == pytest.approx(sum(fluency) / 4, abs=0.01)
    assert trend.slope_per_answer > 5
    assert trend.trend == "improving"
    assert report.dimensions["relevance"].trend == "steady"
    assert report.dimensions["relevance"].slope_per_answer == 0.0


def test_a_declining_dimension_is_called_declining() -> None:
    # when
    report = session_report([score_features(answer(eye_contact_ratio=r)) for r in (0.8, 0.5, 0.2)])
    # then
    assert report.dimensions["eye_contact"].trend == "declining"


def test_null_scores_are_left_out_of_the_mean_not_counted_as_zero() -> None:
    # given: the second answer was audio only
    answers = [score_features(answer(eye_contact_ratio=0.5)), score_features(without_video()),
               score_features(answer(eye_contact_ratio=0.5))]
    # when
    trend = session_report(answers).dimensions["eye_contact"]
    # then
    assert trend.count == 2
    assert trend.scores[1] is None
    assert trend.mean == answers[0].dimensions["eye_contact"].score
    assert trend.trend == "steady"


def test_the_top_three_are_the_habits_that_cost_most_across_answers() -> None:
    # given: fillers in every answer, off topic once, slow pace twice (slow enough to cost
    # more than the off-topic answer's keywords now that restarts take their 15 % of fluency)
    answers = [
        with_fillers(12, relevance_similarity=0.05, keyword_coverage=0.0),
        with_fillers(11, speech_rate_wpm=90.0),
        with_fillers(13, speech_rate_wpm=96.0),
    ]
    # when
    report = session_report([score_features(a) for a in answers])
    # then
    focus = [item.feature for item in report.focus]
    assert len(focus) == 3
    assert "filler_rate_per_100_words" in focus
    fillers = report.focus[focus.index("filler_rate_per_100_words")]
    assert fillers.answers_affected == 3
    assert fillers.advice.startswith("In 3 of 3 answers: ")
    assert "6.0 per 100 words" in fillers.advice
    assert "speech_rate_wpm" in focus
    pace = report.focus[focus.index("speech_rate_wpm")]
    assert pace.answers_affected == 2 and "93 words per minute" in pace.advice
    assert "Work on: " in report.summary


def test_a_report_can_be_rebuilt_from_stored_json() -> None:
    # given: what the database keeps for each answer
    results = [score_features(with_fillers(n)) for n in (12, 6, 1)]
    stored = [json.loads(json.dumps(dump(r.record()))) for r in results]
    # when
    from_objects = dump(session_report(results))
    from_json = dump(session_report(stored))
    # then
    assert from_json == from_objects
    assert json.loads(json.dumps(from_json)) == from_json


def test_an_empty_session_reports_nothing_made_up() -> None:
    # when
    report = session_report([])
    # then
    assert report.answer_count == 0
    assert report.focus == ()
    assert all(t.mean is None for t in report.dimensions.values())
    assert report.summary == "0 answers analysed."
