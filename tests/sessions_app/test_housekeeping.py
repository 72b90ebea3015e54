"""The hourly housekeeping: abandoned uploads give their disk space back, and answers that never
got a recording (the room creates one when recording starts) do not pile up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from sessions_app.models import AnalysisStatus, Answer, UploadState
from tests.factories import AnswerFactory
from tests.stored import upload_received
from workers.tasks import discard_stale_uploads

pytestmark = pytest.mark.django_db


def _age(answer: Answer, hours: float) -> None:
    """Pretend nothing happened to the answer for `hours` (update() skips auto_now)."""
    Answer.objects.filter(pk=answer.pk).update(updated_at=timezone.now() - timedelta(hours=hours))


def _started_upload(client: APIClient, answer: Answer) -> None:
    response = client.post(f"/api/answers/{answer.id}/upload/start/",
                           {"filename": "answer.webm", "size": 1000}, format="json")
    assert response.status_code == 201, response.json()
    response = client.put(f"/api/answers/{answer.id}/upload/chunk/", b"x" * 100,
                          content_type="application/octet-stream", HTTP_UPLOAD_OFFSET="0")
    assert response.status_code == 200, response.json()


def test_abandoned_uploads_are_discarded_and_fresh_ones_kept(
    private_media: Path, client_for: Callable[[object], APIClient]
) -> None:
    # given: two half-sent uploads, one untouched for longer than UPLOAD_STALE_HOURS
    old, fresh = AnswerFactory(), AnswerFactory()
    _started_upload(client_for(old.session.owner), old)
    _started_upload(client_for(fresh.session.owner), fresh)
    _age(old, settings.UPLOAD_STALE_HOURS + 1)

    # when
    result = discard_stale_uploads()

    # then: the old one is back to "no recording", its bytes gone; the fresh one can resume
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert result == {"uploads_discarded": 1, "answers_deleted": 0}
    assert (old.upload_state, old.upload_offset) == (UploadState.NONE, 0)
    assert upload_received(old.pk) == b""
    assert (fresh.upload_state, fresh.upload_offset) == (UploadState.UPLOADING, 100)
    assert upload_received(fresh.pk) == b"x" * 100


def test_answers_that_never_got_a_recording_are_deleted_after_the_same_delay(
    private_media: Path,
) -> None:
    # given: an empty answer left long ago, an empty one from a moment ago, and an old
    # answer whose recording was analysed
    left = AnswerFactory()
    just_started = AnswerFactory()
    analysed = AnswerFactory(upload_state=UploadState.COMPLETE,
                             analysis_status=AnalysisStatus.COMPLETED)
    for answer in (left, analysed):
        _age(answer, settings.UPLOAD_STALE_HOURS + 1)

    # when
    result = discard_stale_uploads()

    # then
    assert result == {"uploads_discarded": 0, "answers_deleted": 1}
    assert set(Answer.objects.values_list("pk", flat=True)) == {just_started.pk, analysed.pk}
