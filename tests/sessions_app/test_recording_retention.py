"""Retention: recordings older than RECORDING_RETENTION_DAYS are deleted by the daily task,
their reports kept, and the API says the recording expired instead of not finding it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from sessions_app import quotas
from sessions_app.models import AnalysisStatus
from tests.privacy_data import age, person_with_everything, walk_storage
from tests.stored import stored_bytes
from workers.tasks import expire_recordings

pytestmark = pytest.mark.django_db


def test_the_default_keeps_recordings_for_ever() -> None:
    assert django_settings.RECORDING_RETENTION_DAYS == 0
    person = person_with_everything("keep")
    age(person.answer, 3650)
    assert expire_recordings() == {"recordings_expired": 0}
    assert stored_bytes(person.answer.recording.name) == person.recording_bytes


def test_old_recordings_expire_and_their_reports_stay(
    media_storage: str, private_media: Path, settings: object,
    client_for: Callable[[object], APIClient],
) -> None:
    # given: a 30-day policy; one old recording, one recent, one old but being re-analysed
    settings.RECORDING_RETENTION_DAYS = 30  # type: ignore[attr-defined]
    old, recent, busy = (person_with_everything(tag) for tag in ("old", "recent", "busy"))
    busy.answer.analysis_status = AnalysisStatus.RUNNING
    busy.answer.save()
    age(old.answer, 31)
    age(recent.answer, 29)
    age(busy.answer, 400)
    old_folder = f"recordings/{old.user.pk}/{old.answer.pk}"  # type: ignore[attr-defined]
    client = client_for(old.user)

    # when
    first = expire_recordings()
    again = expire_recordings()

    # then: the old recording and its derived audio are gone, with their (local) folder
    assert (first, again) == ({"recordings_expired": 1}, {"recordings_expired": 0})
    assert [name for name in walk_storage() if name.startswith(old_folder)] == []
    if media_storage == "local":
        assert not (private_media / old_folder).exists()
    old.answer.refresh_from_db()
    assert old.answer.recording_expired_at is not None
    assert (old.answer.recording.name, old.answer.analysis_audio.name) == ("", "")
    # the others are untouched
    for kept in (recent, busy):
        assert stored_bytes(kept.answer.recording.name) == kept.recording_bytes
        assert stored_bytes(kept.answer.analysis_audio.name) == kept.audio_bytes

    # the API says so: the answer and report carry the date, the report and transcript stay,
    # the download is 410 Gone, a re-analysis is refused, and it no longer counts as storage
    detail = client.get(f"/api/answers/{old.answer.pk}/").json()
    report = client.get(f"/api/answers/{old.answer.pk}/report/").json()
    download = client.get(f"/api/answers/{old.answer.pk}/recording/")
    reanalyse = client.post(f"/api/answers/{old.answer.pk}/reanalyse/")
    assert detail["recording_expired_at"] is not None
    assert report["recording_expired_at"] == detail["recording_expired_at"]
    assert report["transcript"]["text"] == old.transcript
    assert report["scores"]["overall"] is not None
    assert (download.status_code, download.json()["error"]["code"]) == (410, "recording_expired")
    assert (reanalyse.status_code, reanalyse.json()["error"]["code"]) == (
        409, "recording_expired")
    assert quotas.stored_bytes(owner_id=old.user.pk) == 1000  # type: ignore[attr-defined]
    # (only the unfinished upload's reservation is left)
    recent_detail = client_for(recent.user).get(f"/api/answers/{recent.answer.pk}/").json()
    assert recent_detail["recording_expired_at"] is None
