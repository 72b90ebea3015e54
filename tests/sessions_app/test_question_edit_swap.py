"""Editing and swapping a session's questions before they are answered, and offering an
answer's follow-up once, through the API on the seeded bank and the real database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from analysis_app.models import StageRun
from sessions_app.models import Answer, BankQuestion, InterviewSession, Question
from tests.factories import (
    AnswerFactory,
    InterviewSessionFactory,
    QuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user: object, client_for: Callable[[object], APIClient]) -> APIClient:
    return client_for(user)


@pytest.fixture
def session(user: object) -> InterviewSession:
    return InterviewSessionFactory(owner=user, role="software_engineer", difficulty="medium")


def _bank_question(session: InterviewSession, key: str, order: int) -> Question:
    """A session question copied from the bank row `key`, as generation stores it."""
    row = BankQuestion.objects.get(key=key)
    return QuestionFactory(
        session=session, order=order, text=row.text, category=row.category, key=row.key,
        key_points=row.key_points, source="bank", skills=row.skills,
    )


def _edit(api: APIClient, question: Question, text: str) -> dict:
    response = api.post(
        f"/api/sessions/{question.session_id}/questions/{question.id}/update/", {"text": text},
        format="json",
    )
    return {"status": response.status_code, **response.json()}


def _swap(api: APIClient, question: Question) -> dict:
    response = api.post(f"/api/sessions/{question.session_id}/questions/{question.id}/swap/")
    return {"status": response.status_code, **response.json()}


def _keep_active(keys: list[str]) -> None:
    """Leave only `keys` in the bank, to make what a swap may choose from exact."""
    BankQuestion.objects.exclude(key__in=keys).update(active=False)


def _behavioural_keys(count: int) -> list[str]:
    return list(
        BankQuestion.objects.filter(role="general", category="behavioural", difficulty="medium")
        .order_by("key").values_list("key", flat=True)[:count]
    )


# Editing


def test_editing_rewords_the_question_and_clears_its_bank_key_points(
    api: APIClient, session: InterviewSession
) -> None:
    # given: a bank question whose key points were given with it
    [key] = _behavioural_keys(1)
    question = _bank_question(session, key, order=1)
    Question.objects.filter(pk=question.pk).update(key_points_origin="bank:other")
    # when
    response = _edit(api, question, "  Tell me about the hardest bug you ever fixed.  ")
    # then: stored stripped, with no key points left for the analysis to score against
    assert response["status"] == 200, response
    question.refresh_from_db()
    assert question.text == "Tell me about the hardest bug you ever fixed."
    assert response["text"] == question.text
    assert (question.key_points, question.key_points_origin) == ([], "")
    assert response["key_points"] == []
    assert question.source == "edited"
    assert (question.id, question.order, question.key) == (response["id"], 1, key)


def test_saving_the_same_text_keeps_the_key_points(
    api: APIClient, session: InterviewSession
) -> None:
    # given
    [key] = _behavioural_keys(1)
    question = _bank_question(session, key, order=1)
    points = list(question.key_points)
    # when
    response = _edit(api, question, question.text)
    # then
    assert response["status"] == 200, response
    question.refresh_from_db()
    assert question.key_points == points
    assert question.source == "bank"


@pytest.mark.parametrize("text", ["   ", "x" * 2001])
def test_an_edit_is_validated_like_a_new_question(
    api: APIClient, session: InterviewSession, text: str
) -> None:
    # given
    question = QuestionFactory(session=session, order=1)
    # when
    response = _edit(api, question, text)
    # then
    assert response["status"] == 400, response
    assert "text" in response["error"]["details"]
    question.refresh_from_db()
    assert question.text == "Tell me about a time you resolved a conflict in your team."


# Only the owner, only before an answer


@pytest.mark.parametrize("who", ["another candidate", "a superuser, who may read it"])
def test_only_the_owner_can_edit_or_swap_the_question(
    client_for: Callable[[object], APIClient], session: InterviewSession, who: str
) -> None:
    # given
    question = QuestionFactory(session=session, order=1)
    stranger = client_for(UserFactory(is_staff=who != "another candidate",
                                      is_superuser=who != "another candidate"))
    assert stranger.get(f"/api/sessions/{session.id}/").status_code == (
        404 if who == "another candidate" else 200)
    # when
    edited = _edit(stranger, question, "Tell me about your favourite bug.")
    swapped = _swap(stranger, question)
    # then: not found, as every other user's object is, and unchanged
    assert (edited["status"], swapped["status"]) == (404, 404)
    question.refresh_from_db()
    assert question.text == "Tell me about a time you resolved a conflict in your team."


def test_a_question_of_another_session_is_not_found_under_this_one(
    api: APIClient, user: object, session: InterviewSession
) -> None:
    # given: the user's own question, but in another of their sessions
    elsewhere = QuestionFactory(session=InterviewSessionFactory(owner=user), order=1)
    # when
    response = api.post(f"/api/sessions/{session.id}/questions/{elsewhere.id}/update/",
                        {"text": "Tell me about your favourite bug."}, format="json")
    # then
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.text == "Tell me about a time you resolved a conflict in your team."


@pytest.mark.parametrize("change", ["edit", "swap"])
def test_a_question_with_a_take_can_no_longer_change(
    api: APIClient, session: InterviewSession, change: str
) -> None:
    # given: a take was started (even one never uploaded)
    question = QuestionFactory(session=session, order=1)
    AnswerFactory(question=question)
    # when
    if change == "edit":
        response = _edit(api, question, "Tell me about your favourite bug.")
    else:
        response = _swap(api, question)
    # then: refused in the API's one error shape, nothing changed
    assert response["status"] == 409, response
    assert response["error"]["code"] == "question_answered"
    assert response["error"]["message"]
    question.refresh_from_db()
    assert question.text == "Tell me about a time you resolved a conflict in your team."
    assert question.key_points == ["conflict", "listening", "outcome"]


# Swapping


def test_a_swap_never_picks_a_question_the_session_already_holds(
    api: APIClient, session: InterviewSession
) -> None:
    # given: three bank questions left, two of them already in the session
    first, second, third = _behavioural_keys(3)
    _keep_active([first, second, third])
    question = _bank_question(session, first, order=1)
    _bank_question(session, second, order=2)
    # when
    response = _swap(api, question)
    # then: the only one not in the session, in the same place, with the bank's key points
    assert response["status"] == 200, response
    question.refresh_from_db()
    row = BankQuestion.objects.get(key=third)
    assert (question.key, question.text, question.order) == (third, row.text, 1)
    assert question.key_points == row.key_points
    assert question.key_points_origin == ""
    assert response["id"] == question.id


def test_a_swap_is_refused_when_the_bank_has_nothing_else(
    api: APIClient, session: InterviewSession
) -> None:
    # given: every active bank question is already in the session
    first, second = _behavioural_keys(2)
    _keep_active([first, second])
    question = _bank_question(session, first, order=1)
    _bank_question(session, second, order=2)
    # when
    response = _swap(api, question)
    # then
    assert response["status"] == 409, response
    assert response["error"]["code"] == "no_swap_available"
    question.refresh_from_db()
    assert question.key == first


def test_a_swap_avoids_a_bank_question_written_in_by_hand(
    api: APIClient, session: InterviewSession
) -> None:
    # given: the session's other question is the only other bank question's text, typed in
    first, second = _behavioural_keys(2)
    _keep_active([first, second])
    question = _bank_question(session, first, order=1)
    QuestionFactory(session=session, order=2, key="", category="custom",
                    text=BankQuestion.objects.get(key=second).text.upper() + "!")
    # when
    response = _swap(api, question)
    # then
    assert response["status"] == 409, response
    assert response["error"]["code"] == "no_swap_available"


def test_a_swap_avoids_a_bank_question_the_candidate_reworded(
    api: APIClient, session: InterviewSession
) -> None:
    # given: the session's other question came from the only other bank question, then edited
    first, second = _behavioural_keys(2)
    _keep_active([first, second])
    question = _bank_question(session, first, order=1)
    reworded = _bank_question(session, second, order=2)
    assert _edit(api, reworded, "Tell me about your favourite bug.")["status"] == 200
    # when
    response = _swap(api, question)
    # then
    assert response["status"] == 409, response
    assert response["error"]["code"] == "no_swap_available"


def test_repeated_swaps_keep_the_category_and_role_and_never_repeat_the_session(
    api: APIClient, session: InterviewSession
) -> None:
    # given: a role question among the session's others, on the whole seeded bank
    role_keys = list(
        BankQuestion.objects.filter(role="software_engineer", category="role")
        .order_by("key").values_list("key", flat=True)[:3]
    )
    question = _bank_question(session, role_keys[0], order=1)
    for order, key in enumerate(role_keys[1:], start=2):
        _bank_question(session, key, order=order)
    for _ in range(8):
        held = set(session.questions.exclude(pk=question.pk).values_list("key", flat=True))
        held.add(question.key)
        # when
        response = _swap(api, question)
        # then
        assert response["status"] == 200, response
        question.refresh_from_db()
        assert question.key not in held
        assert question.category == "role"
        assert BankQuestion.objects.get(key=question.key).role == "software_engineer"


# Follow-ups, once per answer


def _analysed_answer(user: object) -> Answer:
    answer = AnswerFactory(question__session__owner=user, question__category="behavioural",
                           analysis_status="completed")
    StageRun.objects.create(answer=answer, stage="text", status="finished", result={
        "gaps": {"star_found": ["situation", "action"], "key_points_missed": ["outcome"],
                 "word_count": 120},
    })
    return answer


def test_asking_for_an_answers_follow_up_twice_adds_it_once(api: APIClient, user: object) -> None:
    # given
    answer = _analysed_answer(user)
    url = f"/api/answers/{answer.id}/follow-ups/"
    # when
    first = api.post(url, {"limit": 1}, format="json")
    second = api.post(url, {"limit": 1}, format="json")
    # then: the second call returns the question the first added
    assert first.status_code == 201, first.json()
    assert second.status_code == 200, second.json()
    [added] = first.json()["questions"]
    assert [q["id"] for q in second.json()["questions"]] == [added["id"]]
    assert answer.session.questions.filter(category="follow_up").count() == 1
    assert answer.session.questions.count() == 2


def test_each_answer_gets_its_own_follow_up(api: APIClient, user: object) -> None:
    # given: two analysed answers in one session
    answer = _analysed_answer(user)
    question = QuestionFactory(session=answer.session, order=answer.question.order + 10)
    other = AnswerFactory(question=question, analysis_status="completed")
    StageRun.objects.create(answer=other, stage="text", status="finished",
                            result={"gaps": {"star_found": [], "word_count": 20}})
    # when
    first = api.post(f"/api/answers/{answer.id}/follow-ups/", {"limit": 1}, format="json")
    second = api.post(f"/api/answers/{other.id}/follow-ups/", {"limit": 1}, format="json")
    # then
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["questions"][0]["id"] != second.json()["questions"][0]["id"]
    assert answer.session.questions.filter(category="follow_up").count() == 2
