"""Every object belongs to its owner: another user gets 404, staff reviewers see all (who
counts as one: tests/sessions_app/test_reviewer_access.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from sessions_app.models import Answer, UploadState
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _with_stored_recording(answer: Answer) -> Answer:
    answer.recording.name = default_storage.save(
        f"recordings/{answer.session.owner_id}/{answer.id}/take.wav",
        ContentFile(b"RIFF-private-bytes"),
    )
    answer.upload_state = UploadState.COMPLETE
    answer.save()
    return answer


@pytest.fixture
def uploaded_answer(answer: Answer, private_media: object) -> Answer:
    return _with_stored_recording(answer)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/sessions/{session}/"),
        ("delete", "/api/sessions/{session}/delete/"),
        ("post", "/api/sessions/{session}/questions/create/"),
        ("post", "/api/sessions/{session}/answers/create/"),
        ("get", "/api/answers/{answer}/"),
        ("get", "/api/answers/{answer}/recording/"),
        ("get", "/api/answers/{answer}/upload/"),
        ("post", "/api/answers/{answer}/upload/start/"),
        ("put", "/api/answers/{answer}/upload/chunk/"),
        ("post", "/api/answers/{answer}/upload/finish/"),
        ("post", "/api/answers/{answer}/reanalyse/"),
    ],
)
def test_another_user_gets_404_everywhere(
    uploaded_answer: Answer, other_user: object, client_for: Callable[[object], APIClient],
    method: str, url: str,
) -> None:
    # given
    client = client_for(other_user)
    target = url.format(session=uploaded_answer.session_id, answer=uploaded_answer.id)
    # when
    response = getattr(client, method)(target, {}, format="json", HTTP_UPLOAD_OFFSET="0")
    # then
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_session_list_shows_only_my_sessions(
    uploaded_answer: Answer, other_user: object, client_for: Callable[[object], APIClient]
) -> None:
    mine = client_for(uploaded_answer.session.owner).get("/api/sessions/").json()["results"]
    theirs = client_for(other_user).get("/api/sessions/").json()["results"]
    assert [s["id"] for s in mine] == [str(uploaded_answer.session_id)]
    assert theirs == []


@pytest.fixture
def stored_answer(answer: Answer, media_storage: str) -> Answer:
    """An answer whose recording is on local files or on object storage (both are run)."""
    return _with_stored_recording(answer)


def test_owner_downloads_the_private_recording_with_ranges(
    stored_answer: Answer, client_for: Callable[[object], APIClient]
) -> None:
    # given
    client = client_for(stored_answer.session.owner)
    url = f"/api/answers/{stored_answer.id}/recording/"
    # when
    whole = client.get(url)
    part = client.get(url, HTTP_RANGE="bytes=4-10")
    tail = client.get(url, HTTP_RANGE="bytes=-5")
    beyond = client.get(url, HTTP_RANGE="bytes=18-")
    # then
    assert whole.status_code == 200
    assert b"".join(whole.streaming_content) == b"RIFF-private-bytes"
    assert whole["Content-Length"] == "18"
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == b"-privat"
    assert part["Content-Range"] == "bytes 4-10/18"
    assert (tail.status_code, b"".join(tail.streaming_content)) == (206, b"bytes")
    assert beyond.status_code == 416


@pytest.mark.parametrize("kind", ["staff reviewer", "superuser"])
def test_staff_reviewers_read_everything_but_cannot_write(
    uploaded_answer: Answer, client_for: Callable[[object], APIClient], kind: str
) -> None:
    # given
    coach = UserFactory(is_staff=True, is_superuser=kind == "superuser")
    if kind == "staff reviewer":
        coach.groups.add(Group.objects.get(name="reviewers"))
    client = client_for(coach)
    # when
    detail = client.get(f"/api/sessions/{uploaded_answer.session_id}/")
    recording = client.get(f"/api/answers/{uploaded_answer.id}/recording/")
    delete = client.delete(f"/api/sessions/{uploaded_answer.session_id}/delete/")
    # then
    assert detail.status_code == 200
    assert recording.status_code == 200
    assert delete.status_code == 404


def test_recordings_are_not_reachable_by_a_public_media_url(
    uploaded_answer: Answer, client: object
) -> None:
    response = client.get(f"/media/{uploaded_answer.recording.name}")  # type: ignore[attr-defined]
    assert response.status_code == 404
