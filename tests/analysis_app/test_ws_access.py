"""Both WebSocket streams refuse a handshake the same way (`analysis_app.ws_access`).

The progress stream's refusals are covered in tests/sessions_app/test_consumers.py; these
check that the live stream, which loads Whisper only after the check, refuses with the same
codes before loading anything.
"""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from interview_project.asgi import application
from interview_project.settings.base import channel_layers
from tests.factories import AnswerFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]

ORIGIN = (b"origin", b"http://127.0.0.1")


@database_sync_to_async
def _cookie_of_someone_else() -> bytes:
    client = Client()
    client.force_login(UserFactory())
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def _close_code(answer_id: object, *headers: tuple[bytes, bytes]) -> object:
    communicator = WebsocketCommunicator(application, f"/ws/answers/{answer_id}/live/",
                                         headers=[ORIGIN, *headers])
    connected, code = await communicator.connect()
    await communicator.disconnect()  # as the server does after a refusal
    assert not connected
    return code


async def test_the_live_stream_refuses_an_anonymous_user_with_4401() -> None:
    # given
    answer = await database_sync_to_async(AnswerFactory)()
    # when
    code = await _close_code(answer.id)
    # then
    assert code == 4401


async def test_the_live_stream_refuses_someone_elses_answer_like_an_unknown_one() -> None:
    # given
    answer = await database_sync_to_async(AnswerFactory)()
    cookie = await _cookie_of_someone_else()
    # when
    theirs = await _close_code(answer.id, (b"cookie", cookie))
    unknown = await _close_code(uuid.uuid4(), (b"cookie", cookie))
    # then
    assert theirs == unknown == 4404


async def test_the_live_stream_needs_no_channel_layer(settings: object) -> None:
    # given: the channel layer's Redis is unreachable
    settings.CHANNEL_LAYERS = channel_layers("redis://127.0.0.1:9/0", "down")  # type: ignore[attr-defined]
    answer = await database_sync_to_async(AnswerFactory)()
    cookie = await _cookie_of_someone_else()
    communicator = WebsocketCommunicator(application, f"/ws/answers/{answer.id}/live/",
                                         headers=[ORIGIN, (b"cookie", cookie)])
    # when
    connected, code = await communicator.connect()
    await communicator.disconnect()  # as the server does after a refusal
    # then
    assert (connected, code) == (False, 4404)
