"""What the candidate's answer report adds to the scores: the question's key points covered or
not, the coaches' review (for the answer's owner only), and which take the answer is."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from rest_framework.test import APIClient

from analysis_app.engine.graph import Stage, StageStatus
from analysis_app.engine.language import LanguageAnalysis, analyze_language
from analysis_app.engine.speech import Transcript, Word
from analysis_app.engine_settings import engine_config
from analysis_app.models import StageRun
from analysis_app.stage_io import stage_output_save
from sessions_app.models import Answer, BankQuestion
from tests.factories import (
    AnswerFactory,
    InterviewSessionFactory,
    QuestionFactory,
    UserFactory,
    analysed_answer,
)
from tests.scoring.profiles import answer as features
from tests.scoring.profiles import with_fillers

pytestmark = pytest.mark.django_db

KEY_POINTS = ["conflict", "listening", "outcome"]  # QuestionFactory's


def _report(client: APIClient, answer: Answer) -> dict[str, Any]:
    response = client.get(f"/api/answers/{answer.id}/report/")
    assert response.status_code == 200, response.content
    return response.json()


def _text_stage_saved(answer: Answer, language: LanguageAnalysis) -> None:
    """The text stage's row as the pipeline stores it (`stage_io.stage_output_save`)."""
    inputs = SimpleNamespace(output=lambda stage: None)
    saved = stage_output_save(inputs, Stage.TEXT, language)  # type: ignore[arg-type]
    StageRun.objects.create(answer=answer, stage=Stage.TEXT, status=StageStatus.FINISHED,
                            result=saved.result)


# Key points

def test_each_key_point_is_marked_covered_or_not_in_the_questions_order(
    client_for: Callable[[object], APIClient],
) -> None:
    # given: the engine found two of the three points (it lists covered ones first)
    answer = analysed_answer(features())
    _text_stage_saved(answer, LanguageAnalysis(features={}, coverage={
        "covered": ["outcome", "conflict"], "missing": ["listening"], "source": "key_points"}))
    # when
    report = _report(client_for(answer.session.owner), answer)
    # then
    assert report["key_points"] == {
        "coverage_status": "scored", "covered_count": 2, "total": 3,
        "points": [
            {"text": "conflict", "covered": True, "evidence": None},
            {"text": "listening", "covered": False, "evidence": None},
            {"text": "outcome", "covered": True, "evidence": None},
        ],
        "origin": "given", "origin_question": None,
    }


def test_the_sentence_that_covered_a_point_is_shown_when_the_analysis_kept_it(
    client_for: Callable[[object], APIClient],
) -> None:
    answer = analysed_answer(features())
    _text_stage_saved(answer, LanguageAnalysis(features={}, coverage={
        "covered": ["conflict"], "missing": ["listening", "outcome"], "source": "key_points",
        "evidence": {"conflict": "We disagreed about the schema."}}))
    points = _report(client_for(answer.session.owner), answer)["key_points"]["points"]
    assert [point["evidence"] for point in points] == ["We disagreed about the schema.", None,
                                                       None]


def test_a_question_without_key_points_says_coverage_is_not_scored(
    client_for: Callable[[object], APIClient],
) -> None:
    # given: the engine matched the question's own words, which are no expected points
    answer = analysed_answer(features(), question__key_points=[])
    _text_stage_saved(answer, LanguageAnalysis(features={}, coverage={
        "covered": ["conflict"], "missing": ["team"], "source": "question_keywords"}))
    # when
    report = _report(client_for(answer.session.owner), answer)
    # then
    assert report["key_points"] == {"coverage_status": "no_key_points", "covered_count": None,
                                    "total": 0, "points": [], "origin": "given",
                                    "origin_question": None}


def test_borrowed_key_points_name_the_bank_question_they_came_from(
    client_for: Callable[[object], APIClient],
) -> None:
    # given: a custom question that borrowed the key points of a bank question
    lender = BankQuestion.objects.get(key="data_scientist.role.medium.choose-features-model")
    answer = analysed_answer(features(), question__key_points=lender.key_points,
                             question__key_points_origin=f"bank:{lender.key}")
    # when
    coverage = _report(client_for(answer.session.owner), answer)["key_points"]
    # then
    assert coverage["origin"] == "bank"
    assert coverage["origin_question"] == lender.text
    assert [point["text"] for point in coverage["points"]] == lender.key_points


@pytest.mark.parametrize("status", ["running", "completed"])
def test_key_points_without_a_measured_coverage_are_listed_unmarked(
    client_for: Callable[[object], APIClient], status: str,
) -> None:
    # given: still analysing, or analysed without a text stage result (no speech)
    answer = (AnswerFactory(analysis_status=status) if status == "running"
              else analysed_answer(features()))
    # when
    coverage = _report(client_for(answer.session.owner), answer)["key_points"]
    # then
    assert coverage["coverage_status"] == "not_measured"
    assert coverage["covered_count"] is None and coverage["total"] == 3
    assert [(p["text"], p["covered"]) for p in coverage["points"]] == [
        (point, None) for point in KEY_POINTS]


@pytest.mark.slow
def test_the_engines_coverage_reaches_the_report_through_the_text_stage(
    client_for: Callable[[object], APIClient],
) -> None:
    # given: a real language analysis (sentence embeddings decide the paraphrase)
    answer = analysed_answer(features(), question__key_points=[
        "customer response time", "trained new team members", "the budget and costs"])
    script = ("We cut the customer response time from two days to four hours. "
              "I trained two new colleagues on the ticket system.")
    words = [Word(word=f" {word}", start=index * 0.4, end=index * 0.4 + 0.3, probability=0.95)
             for index, word in enumerate(script.split())]
    language = analyze_language(Transcript(text=script, words=tuple(words)), None,
                                "Tell me about support.", tuple(answer.question.key_points),
                                engine_config())
    _text_stage_saved(answer, language)
    # when
    coverage = _report(client_for(answer.session.owner), answer)["key_points"]
    # then
    assert coverage["coverage_status"] == "scored"
    assert [(p["text"], p["covered"]) for p in coverage["points"]] == [
        ("customer response time", True), ("trained new team members", True),
        ("the budget and costs", False)]
    assert [p["evidence"] for p in coverage["points"]] == [
        "We cut the customer response time from two days to four hours.",
        "I trained two new colleagues on the ticket system.", None]


# Coaches' reviews

def _coach(name: str) -> Client:
    user = UserFactory(username=name, is_staff=True)
    user.groups.add(Group.objects.get(name="reviewers"))
    client = Client()
    client.force_login(user)
    return client


def _reviewed(answer: Answer, coach: Client, **form: str) -> None:
    saved = coach.post(f"/admin/analysis_app/answerforreview/{answer.id}/change/", form)
    assert saved.status_code == 302


def test_the_coach_review_appears_in_the_owners_report_once_a_coach_reviewed_it(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    answer = analysed_answer(features())
    candidate = client_for(answer.session.owner)
    before = _report(candidate, answer)
    # when: a coach rates two dimensions and comments in the admin
    _reviewed(answer, _coach("coach"), fluency="72", confidence="64",
              comment="Clear story; slow down at the start.")
    after = _report(candidate, answer)
    # then
    assert before["coach_review"] is None
    review = after["coach_review"]
    assert review["reviewer_count"] == 1
    assert review["ratings"] == {"confidence": {"score": 64.0, "reviewer_count": 1},
                                 "fluency": {"score": 72.0, "reviewer_count": 1}}
    assert [comment["text"] for comment in review["comments"]] == [
        "Clear story; slow down at the start."]
    assert review["updated_at"]
    assert "coach" not in str(review)  # coaches are not named to the candidate


def test_several_coaches_ratings_are_averaged_and_all_comments_shown(
    client_for: Callable[[object], APIClient],
) -> None:
    answer = analysed_answer(features())
    _reviewed(answer, _coach("ann"), fluency="70", comment="Good pace.")
    _reviewed(answer, _coach("bob"), fluency="81", structure="50")
    review = _report(client_for(answer.session.owner), answer)["coach_review"]
    assert review["reviewer_count"] == 2
    assert review["ratings"] == {"fluency": {"score": 75.5, "reviewer_count": 2},
                                 "structure": {"score": 50.0, "reviewer_count": 1}}
    assert [comment["text"] for comment in review["comments"]] == ["Good pace."]


def test_another_candidate_never_sees_a_review_of_someone_elses_answer(
    client_for: Callable[[object], APIClient], user: object, other_user: object,
) -> None:
    # given: A's answer reviewed, B's own answer not
    mine = analysed_answer(features(), question__session__owner=user)
    theirs = analysed_answer(features(), question__session__owner=other_user)
    _reviewed(mine, _coach("coach"), fluency="72", comment="For A only.")
    other = client_for(other_user)
    # when
    foreign = other.get(f"/api/answers/{mine.id}/report/")
    own = _report(other, theirs)
    # then
    assert foreign.status_code == 404
    assert own["coach_review"] is None
    assert "For A only." not in foreign.content.decode()


def test_staff_reading_a_candidates_report_get_no_review_in_the_api(
    client_for: Callable[[object], APIClient],
) -> None:
    """Coaches read reviews in the admin; the candidate-facing field is the owner's alone."""
    answer = analysed_answer(features())
    _reviewed(answer, _coach("coach"), fluency="72")
    staff = UserFactory(is_staff=True)  # a staff reviewer: anyone less gets 404
    staff.groups.add(Group.objects.get(name="reviewers"))
    report = _report(client_for(staff), answer)
    assert report["coach_review"] is None
    assert report["scores"]  # the report itself is readable


def test_a_withdrawn_review_disappears_from_the_report(
    client_for: Callable[[object], APIClient],
) -> None:
    answer = analysed_answer(features())
    coach = _coach("coach")
    _reviewed(answer, coach, fluency="72", comment="Nice.")
    _reviewed(answer, coach, fluency="", comment="")  # the coach clears the form
    assert _report(client_for(answer.session.owner), answer)["coach_review"] is None


# Takes

def test_the_answer_report_says_which_take_it_is_and_whether_it_counts(
    client_for: Callable[[object], APIClient],
) -> None:
    # given: question 1 recorded, question 2 recorded, question 1 recorded again
    session = InterviewSessionFactory()
    first, second = QuestionFactory(session=session, order=1), QuestionFactory(
        session=session, order=2)
    old = analysed_answer(with_fillers(2), question=first, session=session, order=1)
    other = analysed_answer(with_fillers(8), question=second, session=session, order=2)
    retake = analysed_answer(with_fillers(14), question=first, session=session, order=3)
    client = client_for(session.owner)
    # when
    reports = {name: _report(client, answer)
               for name, answer in [("old", old), ("other", other), ("retake", retake)]}
    # then
    assert (reports["old"]["take"], reports["old"]["is_counted_take"]) == (1, False)
    assert (reports["retake"]["take"], reports["retake"]["is_counted_take"]) == (2, True)
    assert reports["old"]["takes"] == reports["retake"]["takes"] == [
        {"answer_id": str(old.id), "take": 1, "is_counted_take": False,
         "analysis_status": "completed"},
        {"answer_id": str(retake.id), "take": 2, "is_counted_take": True,
         "analysis_status": "completed"},
    ]
    assert (reports["other"]["take"], reports["other"]["is_counted_take"]) == (1, True)
    assert len(reports["other"]["takes"]) == 1


def test_a_newer_take_in_analysis_is_not_counted_yet_and_the_older_one_still_is(
    client_for: Callable[[object], APIClient],
) -> None:
    session = InterviewSessionFactory()
    question = QuestionFactory(session=session, order=1)
    analysed = analysed_answer(features(), question=question, session=session, order=1)
    running = AnswerFactory(question=question, session=session, order=2,
                            analysis_status="running")
    report = _report(client_for(session.owner), running)
    assert (report["take"], report["is_counted_take"]) == (2, False)
    assert [(t["answer_id"], t["is_counted_take"]) for t in report["takes"]] == [
        (str(analysed.id), True), (str(running.id), False)]


def test_progress_points_count_one_take_per_question(
    client_for: Callable[[object], APIClient],
) -> None:
    session = InterviewSessionFactory()
    first, second = QuestionFactory(session=session, order=1), QuestionFactory(
        session=session, order=2)
    for order, question in enumerate([first, second, first], start=1):
        analysed_answer(features(), question=question, session=session, order=order)
    points = client_for(session.owner).get("/api/progress/").json()["results"]
    assert [point["answer_count"] for point in points] == [2]
