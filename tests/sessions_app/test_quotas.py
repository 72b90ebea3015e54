"""Per-user quotas: answers created per UTC day (429) and bytes of recordings stored (413),
each refusal in the API's error shape, naming the limit and when it resets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from sessions_app.models import Answer
from tests.factories import AnswerFactory, InterviewSessionFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _create_answer(client: APIClient, question: object) -> object:
    return client.post(f"/api/sessions/{question.session_id}/answers/create/",  # type: ignore[attr-defined]
                       {"question_id": question.pk}, format="json")  # type: ignore[attr-defined]


def test_answers_past_the_daily_quota_get_429_until_midnight_utc(
    user: object, client_for: Callable[[object], APIClient], settings: object
) -> None:
    # given
    settings.QUOTA_ANSWERS_PER_DAY = 2  # type: ignore[attr-defined]
    client = client_for(user)
    question = QuestionFactory(session=InterviewSessionFactory(owner=user))
    other_session_question = QuestionFactory(session=InterviewSessionFactory(owner=user))
    # when
    allowed = [_create_answer(client, question).status_code for _ in range(2)]
    refused = _create_answer(client, other_session_question)
    # then: the quota is per user, across sessions
    assert allowed == [201, 201]
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "answer_quota_exceeded"
    assert "2 a day" in error["message"]
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    assert error["details"]["limit"] == "answers_per_day"
    assert error["details"]["quota"] == 2
    assert error["details"]["used"] == 2
    assert error["details"]["resets_at"] == f"{tomorrow.isoformat()}T00:00:00Z"
    assert 0 < int(refused["Retry-After"]) <= 86400
    assert Answer.objects.count() == 2


def test_yesterdays_answers_do_not_count(
    user: object, client_for: Callable[[object], APIClient], settings: object
) -> None:
    # given: yesterday's answer used the whole quota of 1
    settings.QUOTA_ANSWERS_PER_DAY = 1  # type: ignore[attr-defined]
    question = QuestionFactory(session=InterviewSessionFactory(owner=user))
    old = AnswerFactory(question=question, session=question.session)
    Answer.objects.filter(pk=old.pk).update(created_at=datetime.now(UTC) - timedelta(days=1))
    # when
    response = _create_answer(client_for(user), question)
    # then
    assert response.status_code == 201


def _start_upload(client: APIClient, answer: object, size: int) -> object:
    return client.post(f"/api/answers/{answer.pk}/upload/start/",  # type: ignore[attr-defined]
                       {"filename": "take.webm", "size": size}, format="json")


def test_uploads_past_the_storage_quota_get_413(
    user: object, client_for: Callable[[object], APIClient], settings: object
) -> None:
    # given: 1000 bytes of recordings allowed
    settings.QUOTA_STORAGE_BYTES = 1000  # type: ignore[attr-defined]
    client = client_for(user)
    session = InterviewSessionFactory(owner=user)
    first, second = (AnswerFactory(question__session=session, session=session)
                     for _ in range(2))
    # when
    stored = _start_upload(client, first, 600)
    refused = _start_upload(client, second, 500)
    restarted_bigger = _start_upload(client, first, 900)  # replaces its own 600 bytes
    # then
    assert stored.status_code == 201
    assert refused.status_code == 413
    error = refused.json()["error"]
    assert error["code"] == "storage_quota_exceeded"
    assert error["details"] == {"limit": "storage_bytes", "quota": 1000, "used": 600,
                                "requested": 500, "resets_at": None}
    assert "delete sessions" in error["message"]
    assert restarted_bigger.status_code == 201


def test_another_users_recordings_do_not_count(
    user: object, other_user: object, client_for: Callable[[object], APIClient],
    settings: object,
) -> None:
    settings.QUOTA_STORAGE_BYTES = 1000  # type: ignore[attr-defined]
    theirs = AnswerFactory(question__session__owner=other_user)
    assert _start_upload(client_for(other_user), theirs, 900).status_code == 201
    mine = AnswerFactory(question__session__owner=user)
    assert _start_upload(client_for(user), mine, 900).status_code == 201


def test_a_quota_of_zero_means_no_limit(
    user: object, client_for: Callable[[object], APIClient], settings: object
) -> None:
    settings.QUOTA_ANSWERS_PER_DAY = 0  # type: ignore[attr-defined]
    question = QuestionFactory(session=InterviewSessionFactory(owner=user))
    assert [_create_answer(client_for(user), question).status_code
            for _ in range(3)] == [201] * 3


def test_recordings_deleted_under_the_retention_policy_do_not_count(
    user: object, client_for: Callable[[object], APIClient], settings: object
) -> None:
    # given: a 900-byte recording that the retention policy has since deleted
    settings.QUOTA_STORAGE_BYTES = 1000  # type: ignore[attr-defined]
    AnswerFactory(question__session__owner=user, upload_state="complete", upload_size=900,
                  upload_offset=900, recording_expired_at=datetime.now(UTC))
    # when
    response = _start_upload(client_for(user), AnswerFactory(question__session__owner=user), 900)
    # then
    assert response.status_code == 201
