"""The session progress WebSocket through the real ASGI stack (auth, origin check, routing).

These in-process tests use the in-memory channel layer: cancelling a pending Redis receive
when pytest-asyncio closes each test's event loop could hang the run. The Redis layer itself
is exercised end to end by tests/workers/test_worker_integration.py (daphne, a real worker
and a real WebSocket client).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers, get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.test import Client

from analysis_app.progress import CONSUMER_HANDLER, session_group
from interview_project.asgi import application
from sessions_app.models import ApiToken, InterviewSession
from tests.factories import InterviewSessionFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]


@pytest.fixture(autouse=True)
def in_memory_channel_layer(settings: object) -> Iterator[None]:
    settings.CHANNEL_LAYERS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    }
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()

ORIGIN = (b"origin", b"http://127.0.0.1")


@database_sync_to_async
def _session_with_cookie() -> tuple[InterviewSession, bytes, object]:
    session = InterviewSessionFactory()
    client = Client()
    client.force_login(session.owner)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    return session, cookie, session.owner


@database_sync_to_async
def _cookie_for(user: object) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def _connect(session_id: object, *headers: tuple[bytes, bytes]) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, f"/ws/sessions/{session_id}/",
                                 headers=[ORIGIN, *headers])


async def test_owner_gets_a_snapshot_then_the_session_events() -> None:
    # given
    session, cookie, _ = await _session_with_cookie()
    communicator = await _connect(session.id, (b"cookie", cookie))
    connected, _ = await communicator.connect()
    snapshot = await communicator.receive_json_from()
    # when
    event = {"type": "stage", "session_id": str(session.id), "answer_id": "a", "stage": "media",
             "status": "started", "attempt": 1, "error": "", "at": "now"}
    await get_channel_layer().group_send(session_group(str(session.id)),
                                         {"type": CONSUMER_HANDLER, "event": event})
    received = await communicator.receive_json_from(timeout=5)
    await communicator.disconnect()
    # then
    assert connected
    assert snapshot == {"type": "snapshot", "session_id": str(session.id), "answers": []}
    assert received == event


async def test_another_user_is_refused() -> None:
    session, _, _ = await _session_with_cookie()
    intruder = await database_sync_to_async(UserFactory)()
    communicator = await _connect(session.id, (b"cookie", await _cookie_for(intruder)))
    connected, code = await communicator.connect()
    await communicator.disconnect()  # as the server does after a refusal
    assert not connected
    assert code == 4404


async def test_anonymous_is_refused() -> None:
    session, _, _ = await _session_with_cookie()
    communicator = await _connect(session.id)
    connected, code = await communicator.connect()
    await communicator.disconnect()  # as the server does after a refusal
    assert not connected
    assert code == 4401


async def test_foreign_origin_is_refused() -> None:
    session, cookie, _ = await _session_with_cookie()
    communicator = WebsocketCommunicator(
        application, f"/ws/sessions/{session.id}/",
        headers=[(b"origin", b"http://evil.example"), (b"cookie", cookie)],
    )
    connected, _ = await communicator.connect()
    await communicator.disconnect()  # as the server does after a refusal
    assert not connected


async def test_staff_reviewers_and_api_tokens_may_join() -> None:
    # given: a staff reviewer (tests/sessions_app/test_reviewer_access.py: anyone less is refused)
    session, _, _ = await _session_with_cookie()
    staff = await database_sync_to_async(UserFactory)(is_staff=True, is_superuser=True)
    _, key = await database_sync_to_async(ApiToken.objects.create)(user=staff)
    communicator = await _connect(session.id, (b"authorization", f"Token {key}".encode()))
    # when
    connected, _ = await communicator.connect()
    snapshot = await communicator.receive_json_from()
    await communicator.disconnect()
    # then
    assert connected
    assert snapshot["session_id"] == str(session.id)


async def test_a_bad_token_is_anonymous() -> None:
    session, _, _ = await _session_with_cookie()
    communicator = await _connect(session.id, (b"authorization", b"Token not-a-token"))
    connected, code = await communicator.connect()
    await communicator.disconnect()  # as the server does after a refusal
    assert not connected
    assert code == 4401
    assert await database_sync_to_async(get_user_model().objects.count)() == 1



async def test_a_token_client_needs_no_origin() -> None:
    # given: an integration's server-side client, which sends no Origin header
    session, _, owner = await _session_with_cookie()
    _, key = await database_sync_to_async(ApiToken.objects.create)(user=owner)
    communicator = WebsocketCommunicator(application, f"/ws/sessions/{session.id}/",
                                         headers=[(b"authorization", f"Token {key}".encode())])
    # when
    connected, _ = await communicator.connect()
    snapshot = await communicator.receive_json_from()
    await communicator.disconnect()
    # then
    assert connected
    assert snapshot["type"] == "snapshot"


async def test_a_cookie_session_without_origin_is_refused() -> None:
    # given: the owner's own cookie, but no Origin (nothing shows which page opened it)
    session, cookie, _ = await _session_with_cookie()
    communicator = WebsocketCommunicator(application, f"/ws/sessions/{session.id}/",
                                         headers=[(b"cookie", cookie)])
    # when
    connected, _ = await communicator.connect()
    await communicator.disconnect()  # as the server does after a refusal
    # then
    assert not connected


async def test_an_expired_token_is_anonymous() -> None:
    # given
    session, _, owner = await _session_with_cookie()
    _, key = await database_sync_to_async(ApiToken.objects.create)(
        user=owner, expiry=timedelta(seconds=-1))
    communicator = WebsocketCommunicator(application, f"/ws/sessions/{session.id}/",
                                         headers=[(b"authorization", f"Token {key}".encode())])
    # when
    connected, code = await communicator.connect()
    await communicator.disconnect()  # as the server does after a refusal
    # then: refused, and knox deleted the expired token on the way
    assert not connected
    assert code == 4401
    assert not await database_sync_to_async(ApiToken.objects.filter(user=owner).exists)()
