"""The follow-up an analysed answer offers, previewed without touching the session.

The room and the report show the offer on sight; only taking it up (POST .../follow-ups/)
may add a question, or a mere visit would leave the session with an unanswered question that
keeps it from completing. Through the API on the real database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from analysis_app.models import StageRun
from sessions_app.models import Answer
from tests.factories import AnswerFactory, UserFactory

pytestmark = pytest.mark.django_db

GAPS = {"star_found": ["situation", "action"], "key_points_missed": ["outcome"], "word_count": 120}


@pytest.fixture
def api(user: object, client_for: Callable[[object], APIClient]) -> APIClient:
    return client_for(user)


def _answer(user: object, gaps: dict[str, Any] | None = GAPS, *, text_status: str = "finished"
            ) -> Answer:
    """An answer to a behavioural question whose transcript analysis found `gaps`."""
    answer = AnswerFactory(question__session__owner=user, question__category="behavioural",
                           analysis_status="completed")
    if gaps is not None:
        StageRun.objects.create(answer=answer, stage="text", status=text_status,
                                result={"gaps": gaps} if text_status == "finished" else {})
    return answer


def _preview_url(answer: Answer) -> str:
    return f"/api/answers/{answer.id}/follow-ups/next/"


def test_previewing_the_follow_up_adds_no_question(api: APIClient, user: object) -> None:
    # given
    answer = _answer(user)
    before = answer.session.questions.count()
    # when: the room and the report both show it, more than once
    first = api.get(_preview_url(answer))
    second = api.get(_preview_url(answer))
    # then
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["text"]
    assert body["category"] == "follow_up"
    assert body["question"] is None
    assert second.json() == body
    assert answer.session.questions.count() == before


def test_the_preview_is_what_taking_it_up_adds(api: APIClient, user: object) -> None:
    # given
    answer = _answer(user)
    preview = api.get(_preview_url(answer)).json()
    # when
    created = api.post(f"/api/answers/{answer.id}/follow-ups/", {"limit": 1}, format="json")
    # then: the same question is added, and the preview now names it
    assert created.status_code == 201, created.json()
    [added] = created.json()["questions"]
    assert (added["text"], added["category"], added["key_points"]) == (
        preview["text"], preview["category"], preview["key_points"])
    after = api.get(_preview_url(answer))
    assert after.status_code == 200
    assert after.json()["question"] == added
    assert {key: after.json()[key] for key in ("text", "category", "key_points")} == {
        key: preview[key] for key in ("text", "category", "key_points")}
    assert answer.session.questions.filter(category="follow_up").count() == 1


def test_the_preview_of_an_answer_with_two_follow_ups_added_is_the_first(
    api: APIClient, user: object
) -> None:
    # given: an integrator took two follow-ups at once
    answer = _answer(user)
    created = api.post(f"/api/answers/{answer.id}/follow-ups/", {"limit": 2}, format="json")
    # when
    preview = api.get(_preview_url(answer))
    # then
    assert created.status_code == 201
    first = min(created.json()["questions"], key=lambda question: question["order"])
    assert preview.json()["question"]["id"] == first["id"]


def test_an_answer_with_nothing_to_follow_up_offers_nothing(api: APIClient, user: object
                                                           ) -> None:
    # given: a full story that covered its key points
    answer = _answer(user, {"star_found": ["situation", "task", "action", "result"],
                            "key_points_missed": [], "word_count": 200})
    before = answer.session.questions.count()
    # when
    response = api.get(_preview_url(answer))
    # then
    assert response.status_code == 204
    assert response.content == b""
    assert answer.session.questions.count() == before


@pytest.mark.parametrize("text_status", ["none", "running"])
def test_the_preview_waits_for_the_transcript_analysis(
    api: APIClient, user: object, text_status: str
) -> None:
    # given
    answer = _answer(user, None if text_status == "none" else GAPS, text_status=text_status)
    before = answer.session.questions.count()
    # when
    response = api.get(_preview_url(answer))
    # then: the same refusal as the POST's
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "analysis_not_ready"
    posted = api.post(f"/api/answers/{answer.id}/follow-ups/", {"limit": 1}, format="json")
    assert posted.status_code == 409
    assert answer.session.questions.count() == before


@pytest.mark.parametrize("kind", ["another user", "staff reviewer"])
def test_only_the_owner_previews_the_follow_up(
    user: object, client_for: Callable[[object], APIClient], kind: str
) -> None:
    # given: a reviewer may read the answer but not be offered the candidate's next take
    answer = _answer(user)
    stranger = UserFactory(is_staff=kind == "staff reviewer")
    if kind == "staff reviewer":
        stranger.groups.add(Group.objects.get(name="reviewers"))
    # when
    response = client_for(stranger).get(_preview_url(answer))
    # then
    assert response.status_code == 404
    assert answer.session.questions.count() == 1


def test_the_preview_needs_a_sign_in(user: object) -> None:
    # given
    answer = _answer(user)
    # when
    response = APIClient().get(_preview_url(answer))
    # then
    assert response.status_code in (401, 403)
