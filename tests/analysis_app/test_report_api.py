"""Report endpoints: an answer's scores and reasons, a session's trends, my progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from rest_framework.test import APIClient

from analysis_app import selectors
from analysis_app.engine.scoring import DIMENSIONS
from sessions_app.models import Answer, InterviewSession
from tests.factories import AnswerFactory, InterviewSessionFactory, QuestionFactory, analysed_answer
from tests.scoring.profiles import answer as features
from tests.scoring.profiles import random_answer, with_fillers

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
    assert report["markers"]["restarts"][0]["start"] == 0.1
    assert report["feedback"]["summary"]
    assert report["stages"] == []  # built directly, not by the pipeline


@pytest.mark.parametrize("kind", ["behavioural", "technical"])
def test_a_report_whose_features_carry_words_is_served(
    kind: str, client_for: Callable[[object], APIClient],
) -> None:
    """The language stage writes `question_kind` as a word among the numbers; the typed
    report once refused it with a 500 on every real analysis."""
    # given
    answer = analysed_answer({**features(), "question_kind": kind})
    # when
    response = client_for(answer.session.owner).get(f"/api/answers/{answer.id}/report/")
    # then
    assert response.status_code == 200, response.content[:300]
    assert response.json()["features"]["question_kind"] == kind


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
    points = client_for(user).get("/api/progress/").json()["results"]
    assert [p["session_id"] for p in points] == [str(first.session_id), str(second.session_id)]
    assert points[0]["scores"]["fluency"] > points[1]["scores"]["fluency"]


def test_progress_pages_count_only_analysed_sessions_and_compute_one_page(
    client_for: Callable[[object], APIClient], user: object
) -> None:
    # given: three analysed sessions, oldest first, with two unanalysed ones between them
    analysed = []
    for _ in range(3):
        analysed.append(analysed_answer(features(), question__session__owner=user).session_id)
        AnswerFactory(session=InterviewSessionFactory(owner=user), analysis_status="running")
    client = client_for(user)
    # when
    first = client.get("/api/progress/?limit=2").json()
    second = client.get("/api/progress/?limit=2&offset=2").json()
    # then: the count and the pages are over analysed sessions only, in order
    assert first["count"] == second["count"] == 3
    assert [p["session_id"] for p in first["results"] + second["results"]] == [
        str(session_id) for session_id in analysed]


def test_a_progress_page_reads_the_reports_of_its_own_sessions_only(
    client_for: Callable[[object], APIClient], user: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: twelve analysed sessions, and a count of the reports each point computation reads
    for _ in range(12):
        analysed_answer(features(), question__session__owner=user)
    read: list[int] = []
    real_counted_reports = selectors.counted_reports

    def counting(**kwargs: Any) -> Any:
        reports = list(real_counted_reports(**kwargs))
        read.append(len(reports))
        return reports

    monkeypatch.setattr(selectors, "counted_reports", counting)
    # when: one page of one point
    page = client_for(user).get("/api/progress/?limit=1&offset=5").json()
    # then: the page's one session was computed, not all twelve before paging
    assert page["count"] == 12
    assert len(page["results"]) == 1
    assert read == [1]


def test_another_user_gets_404_on_reports(
    client_for: Callable[[object], APIClient], other_user: object
) -> None:
    answer = analysed_answer(features())
    client = client_for(other_user)
    assert client.get(f"/api/answers/{answer.id}/report/").status_code == 404
    assert client.get(f"/api/sessions/{answer.session_id}/report/").status_code == 404


# Takes: a question recorded several times counts once, with its latest analysed take.

def _recorded(session: InterviewSession, takes: list[tuple[int, dict]]) -> list[Answer]:
    """Analysed answers in recording order: (question number, features) per take."""
    questions: dict[int, object] = {}
    answers = []
    for order, (number, take_features) in enumerate(takes, start=1):
        if number not in questions:
            questions[number] = QuestionFactory(session=session, order=number)
        answers.append(analysed_answer(take_features, question=questions[number],
                                       session=session, order=order))
    return answers


def test_session_report_counts_only_the_latest_take_of_each_question(
    client_for: Callable[[object], APIClient],
) -> None:
    # given: question 1 recorded, question 2 recorded, then question 1 recorded again
    session = InterviewSessionFactory()
    first_take, second_question, retake = _recorded(
        session, [(1, with_fillers(2)), (2, with_fillers(8)), (1, with_fillers(14))])
    counted = [retake.report.scores["fluency"], second_question.report.scores["fluency"]]
    # when
    report = client_for(session.owner).get(f"/api/sessions/{session.id}/report/").json()
    # then: two answers, the first take left out of means and trends
    fluency = report["dimensions"]["fluency"]
    assert report["answer_count"] == 2
    assert report["summary"].startswith("2 answers analysed.")
    assert fluency["count"] == 2
    assert fluency["scores"] == counted  # question order: the retake stands in for take 1
    assert fluency["mean"] == pytest.approx(sum(counted) / 2, abs=0.01)
    assert fluency["slope_per_answer"] == pytest.approx(counted[1] - counted[0], abs=0.01)
    assert fluency["trend"] == "improving"  # over all three takes it would read "declining"
    # and: every take is still listed, numbered, the counted ones marked
    assert [(a["answer_id"], a["take"], a["is_counted_take"]) for a in report["answers"]] == [
        (str(first_take.id), 1, False), (str(second_question.id), 1, True),
        (str(retake.id), 2, True)]
    assert report["answers"][0]["scores"] == first_take.report.scores


def test_progress_counts_only_the_latest_take_of_each_question(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    session = InterviewSessionFactory()
    _, second_question, retake = _recorded(
        session, [(1, with_fillers(2)), (2, with_fillers(8)), (1, with_fillers(14))])
    counted = [retake.report.scores["fluency"], second_question.report.scores["fluency"]]
    # when
    points = client_for(session.owner).get("/api/progress/").json()["results"]
    # then
    assert len(points) == 1
    assert points[0]["scores"]["fluency"] == pytest.approx(round(sum(counted) / 2, 2))


def test_a_newer_take_still_analysing_or_failed_does_not_hide_the_analysed_one(
    client_for: Callable[[object], APIClient],
) -> None:
    # given: take 1 analysed (partial: a modality failed), take 2 failed, take 3 in analysis
    session = InterviewSessionFactory()
    question = QuestionFactory(session=session, order=1)
    analysed = analysed_answer(with_fillers(6), question=question, session=session, order=1,
                               analysis_status="partial")
    AnswerFactory(question=question, session=session, order=2, analysis_status="failed")
    AnswerFactory(question=question, session=session, order=3, analysis_status="running")
    client = client_for(session.owner)
    # when
    report = client.get(f"/api/sessions/{session.id}/report/").json()
    points = client.get("/api/progress/").json()["results"]
    # then: the last answer with scores counts until a newer one has scores
    assert report["answer_count"] == 1
    assert [a["is_counted_take"] for a in report["answers"]] == [True, False, False]
    assert [a["take"] for a in report["answers"]] == [1, 2, 3]
    assert report["overall"] == analysed.report.scores["overall"]
    assert points[0]["scores"]["overall"] == pytest.approx(
        round(analysed.report.scores["overall"], 2))


@pytest.mark.parametrize("retake_at", [1, 2])
@pytest.mark.parametrize("seed", range(4))
def test_re_recording_a_take_replaces_it_in_the_session_report(
    client_for: Callable[[object], APIClient], seed: int, retake_at: int,
) -> None:
    # given: the same new take of question 1, recorded over an old take (straight away, or
    # after question 2), and in a session that only ever had the new take
    rng = np.random.default_rng(seed)
    old, new, other = random_answer(rng), random_answer(rng), random_answer(rng)
    plan = [(1, old), (2, other)]
    plan.insert(retake_at, (1, new))
    retaken, fresh = InterviewSessionFactory(), InterviewSessionFactory()
    _recorded(retaken, plan)
    _recorded(fresh, [(1, new), (2, other)])
    # when
    reports = [client_for(s.owner).get(f"/api/sessions/{s.id}/report/").json()
               for s in (retaken, fresh)]
    points = [client_for(s.owner).get("/api/progress/").json()["results"][0]["scores"]
              for s in (retaken, fresh)]
    # then: everything but the ids and the list of takes is the same
    for report in reports:
        del report["session_id"], report["answers"]
    assert reports[0] == reports[1]
    assert points[0] == points[1]
