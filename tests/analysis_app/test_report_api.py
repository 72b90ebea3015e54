"""Report endpoints: an answer's scores and reasons, a session's trends, my progress."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from analysis_app.engine.scoring import DIMENSIONS
from tests.factories import AnswerFactory, InterviewSessionFactory, QuestionFactory, analysed_answer
from tests.scoring.profiles import answer as features
from tests.scoring.profiles import with_fillers

pytestmark = pytest.mark.django_db


def test_answer_report_has_scores_reasons_timelines_and_markers(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    answer = analysed_answer(features())
    # when
    report = client_for(answer.session.owner).get(f"/api/answers/{answer.id}/report/").json()
    # then
    assert set(report["scores"]) == {*DIMENSIONS, "overall"}
    fluency = report["explanations"]["fluency"]
    total = report["baselines"]["fluency"] + sum(item["contribution"] for item in fluency)
    assert total == pytest.approx(report["scores"]["fluency"], abs=0.01)
    assert report["timelines"]["pace_wpm"] == [{"t": 0.0, "value": 140.0},
                                               {"t": 2.0, "value": 150.0}]
    assert report["markers"]["fillers"][0]["word"] == "um"
    assert report["feedback"]["summary"]
    assert report["stages"] == []  # built directly, not by the pipeline


def test_report_of_an_answer_still_analysing_is_empty_not_an_error(
    client_for: Callable[[object], APIClient],
) -> None:
    answer = AnswerFactory(analysis_status="running")
    report = client_for(answer.session.owner).get(f"/api/answers/{answer.id}/report/").json()
    assert report["analysis_status"] == "running"
    assert report["scores"] == {}


def test_session_report_aggregates_answers_in_order(
    client_for: Callable[[object], APIClient],
) -> None:
    # given: fillers get worse from one answer to the next
    session = InterviewSessionFactory()
    for order, count in enumerate([2, 8, 14], start=1):
        question = QuestionFactory(session=session, order=order)
        analysed_answer(with_fillers(count), question=question, session=session, order=order)
    # when
    report = client_for(session.owner).get(f"/api/sessions/{session.id}/report/").json()
    # then
    assert len(report["answers"]) == 3
    assert report["dimensions"]["fluency"]["trend"] == "declining"
    assert report["dimensions"]["fluency"]["mean"] is not None
    assert 1 <= len(report["top_improvements"]) <= 3
    assert any("um" in item.lower() or "filler" in item.lower()
               for item in report["top_improvements"])


def test_progress_lists_only_my_sessions_oldest_first(
    client_for: Callable[[object], APIClient], user: object, other_user: object
) -> None:
    first = analysed_answer(features(), question__session__owner=user)
    second = analysed_answer(with_fillers(12), question__session__owner=user)
    analysed_answer(features(), question__session__owner=other_user)
    points = client_for(user).get("/api/progress/").json()
    assert [p["session_id"] for p in points] == [str(first.session_id), str(second.session_id)]
    assert points[0]["scores"]["fluency"] > points[1]["scores"]["fluency"]


def test_another_user_gets_404_on_reports(
    client_for: Callable[[object], APIClient], other_user: object
) -> None:
    answer = analysed_answer(features())
    client = client_for(other_user)
    assert client.get(f"/api/answers/{answer.id}/report/").status_code == 404
    assert client.get(f"/api/sessions/{answer.session_id}/report/").status_code == 404
