"""Who reads other candidates' data: staff with the reviewer permission, nobody less.

A member of the reviewers group who is not staff, and staff without the permission, are
strangers to another candidate's sessions: 404 over REST, refused on the progress WebSocket.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from rest_framework.test import APIClient

from interview_project.asgi import application
from sessions_app.models import Answer, UploadState
from sessions_app.selectors import user_can_see_all
from tests.factories import UserFactory, analysed_answer
from tests.scoring.profiles import answer as answer_features

TRANSCRIPT = "I led the migration and cut costs by a third."


def _reviewers_group() -> Group:
    """The group as migrations made it (a transactional test's flush removes it)."""
    group, _ = Group.objects.get_or_create(name="reviewers")
    group.permissions.add(Permission.objects.get(content_type__app_label="analysis_app",
                                                 codename="view_answerforreview"))
    return group


def _user(kind: str) -> object:
    """An account of one kind: what makes (or fails to make) a reviewer."""
    user = UserFactory(is_staff=kind in {"staff", "staff reviewer", "inactive staff reviewer",
                                         "superuser"},
                       is_superuser=kind == "superuser",
                       is_active=kind != "inactive staff reviewer")
    if "reviewer" in kind:
        user.groups.add(_reviewers_group())
    return user


def _candidate_answer() -> Answer:
    answer = analysed_answer(answer_features(), transcript=TRANSCRIPT)
    answer.recording.name = default_storage.save(
        f"recordings/{answer.session.owner_id}/{answer.id}/take.wav",
        ContentFile(b"RIFF-private-bytes"))
    answer.upload_state = UploadState.COMPLETE
    answer.save()
    return answer


def _reads(answer: Answer) -> dict[str, str]:
    return {
        "session": f"/api/sessions/{answer.session_id}/",
        "session report": f"/api/sessions/{answer.session_id}/report/",
        "answer": f"/api/answers/{answer.id}/",
        "report and transcript": f"/api/answers/{answer.id}/report/",
        "recording": f"/api/answers/{answer.id}/recording/",
    }


NOT_REVIEWERS = ["candidate", "reviewer not staff", "staff", "inactive staff reviewer"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", NOT_REVIEWERS)
def test_anyone_but_a_staff_reviewer_gets_404_on_another_candidates_data(
    kind: str, client_for: Callable[[object], APIClient]
) -> None:
    # given
    answer = _candidate_answer()
    client = client_for(_user(kind))
    # when
    responses = {name: client.get(url) for name, url in _reads(answer).items()}
    listed = client.get("/api/sessions/").json()["results"]
    # then
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(
        responses, 404)
    assert all(r.json()["error"]["code"] == "not_found" for r in responses.values())
    assert listed == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["staff reviewer", "superuser"])
def test_a_staff_reviewer_reads_another_candidates_data(
    kind: str, client_for: Callable[[object], APIClient]
) -> None:
    # given
    answer = _candidate_answer()
    client = client_for(_user(kind))
    # when
    responses = {name: client.get(url) for name, url in _reads(answer).items()}
    # then
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(
        responses, 200)
    assert responses["report and transcript"].json()["transcript"]["text"] == TRANSCRIPT
    assert b"".join(responses["recording"].streaming_content) == b"RIFF-private-bytes"


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "expected"), [
    ("candidate", False), ("reviewer not staff", False), ("staff", False),
    ("inactive staff reviewer", False), ("staff reviewer", True), ("superuser", True),
])
def test_one_predicate_decides_and_me_says_what_it_decided(
    kind: str, expected: bool, client_for: Callable[[object], APIClient]
) -> None:
    user = _user(kind)
    assert user_can_see_all(user) is expected
    if user.is_active:  # type: ignore[attr-defined]
        assert client_for(user).get("/api/auth/me/").json()["is_reviewer"] is expected


# The progress WebSocket, through the real ASGI stack (cookie authentication, origin check).

@pytest.fixture
def in_memory_channel_layer(settings: object) -> Iterator[None]:
    settings.CHANNEL_LAYERS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    }
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@database_sync_to_async
def _session_and_cookie_of(kind: str) -> tuple[str, bytes]:
    answer = _candidate_answer()
    client = Client()
    client.force_login(_user(kind))
    return str(answer.session_id), f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(60)
@pytest.mark.usefixtures("in_memory_channel_layer")
@pytest.mark.parametrize(("kind", "joins"), [
    ("reviewer not staff", False), ("staff", False), ("staff reviewer", True),
])
async def test_only_a_staff_reviewer_joins_another_candidates_progress_stream(
    kind: str, joins: bool
) -> None:
    # given
    session_id, cookie = await _session_and_cookie_of(kind)
    communicator = WebsocketCommunicator(
        application, f"/ws/sessions/{session_id}/",
        headers=[(b"origin", b"http://127.0.0.1"), (b"cookie", cookie)])
    # when
    connected, code = await communicator.connect()
    # then
    assert connected is joins
    if joins:
        snapshot = await communicator.receive_json_from()
        assert snapshot["session_id"] == session_id
    else:
        assert code == 4404
    await communicator.disconnect()  # as the server does after a refusal, too
