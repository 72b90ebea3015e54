"""`Idempotency-Key` on create and finish calls: a retried call returns the first answer
(status and body) instead of doing the operation twice (interview_project/idempotency.py).
Keys live in the test Redis cache; each test uses fresh keys and users."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from analysis_app.models import StageRun, Webhook
from interview_project.idempotency import _cache_key
from sessions_app.models import Answer, InterviewSession, Question
from tests.factories import AnswerFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _key() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def api(user: object, client_for: Callable[[object], APIClient]) -> APIClient:
    return client_for(user)


def _twice(api: APIClient, path: str, body: dict | None, key: str) -> tuple[object, object]:
    first = api.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    second = api.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    return first, second


def test_a_retried_session_create_returns_the_first_answer_and_creates_one_session(
    api: APIClient, user: object
) -> None:
    # when: the same create is sent twice with one key
    first, second = _twice(api, "/api/sessions/create/", {"target_role": "Engineer"}, _key())
    # then
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert InterviewSession.objects.filter(owner=user).count() == 1


def test_without_a_key_each_call_creates(api: APIClient, user: object) -> None:
    api.post("/api/sessions/create/", {"target_role": "Engineer"}, format="json")
    api.post("/api/sessions/create/", {"target_role": "Engineer"}, format="json")
    assert InterviewSession.objects.filter(owner=user).count() == 2


def test_question_and_answer_creates_happen_once_per_key(api: APIClient, user: object) -> None:
    # given
    session = InterviewSession.objects.create(owner=user, target_role="Engineer")
    # when
    questions = _twice(api, f"/api/sessions/{session.id}/questions/create/",
                       {"text": "Tell me about a project."}, _key())
    question_id = questions[0].json()["id"]
    answers = _twice(api, f"/api/sessions/{session.id}/answers/create/",
                     {"question_id": question_id}, _key())
    # then
    assert [r.status_code for r in (*questions, *answers)] == [201, 201, 201, 201]
    assert questions[0].json() == questions[1].json()
    assert answers[0].json() == answers[1].json()
    assert Question.objects.filter(session=session).count() == 1
    assert Answer.objects.filter(session=session).count() == 1


def test_a_webhook_create_happens_once_per_key(api: APIClient, user: object,
                                               settings: object) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True  # type: ignore[attr-defined]
    first, second = _twice(api, "/api/webhooks/create/", {"url": "http://127.0.0.1:9/hooks",
                                                          "events": ["answer.completed"]},
                           _key())
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()  # the secret too: it is the same webhook
    assert Webhook.objects.filter(owner=user).count() == 1


def test_an_upload_finish_queues_one_analysis_per_key(
    client_for: Callable[[object], APIClient], interview_webm: Path,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    # given: a whole recording uploaded
    answer = AnswerFactory()
    api = client_for(answer.session.owner)
    payload = interview_webm.read_bytes()
    api.post(f"/api/answers/{answer.id}/upload/start/",
             {"filename": "a.webm", "size": len(payload)}, format="json")
    api.put(f"/api/answers/{answer.id}/upload/chunk/", payload,
            content_type="application/octet-stream", HTTP_UPLOAD_OFFSET="0")
    # when: the finish is retried with its key
    with django_capture_on_commit_callbacks() as callbacks:
        first, second = _twice(api, f"/api/answers/{answer.id}/upload/finish/", None, _key())
    # then: the same 202, and the analysis was queued once
    assert first.status_code == second.status_code == 202, first.content
    assert second.json() == first.json()
    stages = list(StageRun.objects.filter(answer=answer).values_list("stage", flat=True))
    assert stages and len(stages) == len(set(stages)), "each stage queued once"
    assert len(callbacks) >= 1
    without_key = api.post(f"/api/answers/{answer.id}/upload/finish/")
    assert without_key.status_code == 409, "without the key, the second finish is refused"


def test_the_same_key_for_another_request_is_refused(api: APIClient) -> None:
    key = _key()
    api.post("/api/sessions/create/", {"target_role": "Engineer"}, format="json",
             HTTP_IDEMPOTENCY_KEY=key)
    other = api.post("/api/sessions/create/", {"target_role": "Designer"}, format="json",
                     HTTP_IDEMPOTENCY_KEY=key)
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"


def test_keys_are_per_user(api: APIClient, client_for: Callable[[object], APIClient]) -> None:
    # given: two users pick the same key
    key = _key()
    mine = api.post("/api/sessions/create/", {"target_role": "Engineer"}, format="json",
                    HTTP_IDEMPOTENCY_KEY=key)
    # when
    theirs = client_for(UserFactory()).post("/api/sessions/create/",
                                            {"target_role": "Engineer"}, format="json",
                                            HTTP_IDEMPOTENCY_KEY=key)
    # then: each got a session of their own
    assert theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]
    assert not theirs.has_header("Idempotent-Replayed")


def test_a_refused_request_is_not_kept_so_its_retry_runs(api: APIClient, user: object) -> None:
    key = _key()
    refused = api.post("/api/sessions/create/", {"difficulty": "extreme"}, format="json",
                       HTTP_IDEMPOTENCY_KEY=key)
    retried = api.post("/api/sessions/create/", {"difficulty": "extreme"}, format="json",
                       HTTP_IDEMPOTENCY_KEY=key)
    assert refused.status_code == retried.status_code == 400
    assert not retried.has_header("Idempotent-Replayed")


def test_a_key_in_use_by_a_running_request_is_a_409(api: APIClient, user: object) -> None:
    # given: another request holds the key (its lock), still running
    key = _key()
    cache.add(_cache_key(user.pk, key, "lock"), "someone-else", timeout=30)  # type: ignore[attr-defined]
    # when
    response = api.post("/api/sessions/create/", {"target_role": "Engineer"}, format="json",
                        HTTP_IDEMPOTENCY_KEY=key)
    # then
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_in_use"
    assert response["Retry-After"] == "1"
    assert not InterviewSession.objects.filter(owner=user).exists()


def test_a_kept_answer_expires(api: APIClient, user: object, settings: object) -> None:
    settings.IDEMPOTENCY_TTL_HOURS = 1 / 3600  # type: ignore[attr-defined]
    key = _key()
    api.post("/api/sessions/create/", {"target_role": "Engineer"}, format="json",
             HTTP_IDEMPOTENCY_KEY=key)
    time.sleep(1.5)
    again = api.post("/api/sessions/create/", {"target_role": "Engineer"}, format="json",
                     HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 201
    assert InterviewSession.objects.filter(owner=user).count() == 2


@pytest.mark.parametrize("key", ["", "a" * 256, "clé"])
def test_a_malformed_key_is_a_400(api: APIClient, key: str) -> None:
    response = api.post("/api/sessions/create/", {"target_role": "Engineer"}, format="json",
                        HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_idempotency_key"


def test_question_generation_is_idempotent_too(api: APIClient, user: object) -> None:
    session = QuestionFactory(session__owner=user).session
    first, second = _twice(api, f"/api/sessions/{session.id}/questions/generate/",
                           {"count": 3, "seed": 1}, _key())
    assert first.status_code == second.status_code == 201
    assert Question.objects.filter(session=session).count() == 1 + 3
