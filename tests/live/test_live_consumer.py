"""The live consumer in-process, through the real ASGI stack (auth, origin check, routing): hints
come while the candidate records, and none once they press Stop. Real-time streaming through
daphne is in test_live_server.py."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from interview_project.asgi import application
from tests.factories import AnswerFactory
from tests.media_factory import face_jpeg

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True),
              pytest.mark.timeout(180)]

ORIGIN = (b"origin", b"http://127.0.0.1")


@database_sync_to_async
def _answer_and_cookie() -> tuple[str, bytes]:
    answer = AnswerFactory()
    client = Client()
    client.force_login(answer.session.owner)
    return str(answer.id), f"sessionid={client.cookies['sessionid'].value}".encode()


async def _frames(communicator: WebsocketCommunicator, jpeg: str, times: list[float]) -> None:
    """Camera frames at these stream times, each once the previous one has been looked at."""
    for t in times:
        await communicator.send_to(text_data=json.dumps({"type": "frame", "jpeg": jpeg, "t": t}))
        await asyncio.sleep(0.25)


async def _everything_sent(communicator: WebsocketCommunicator, quiet_s: float = 2.0
                           ) -> list[dict]:
    """Every event the server sends, up to `transcript.end` and whatever comes in the
    `quiet_s` after it (receive_nothing, unlike a receive that times out, keeps the consumer)."""
    events: list[dict] = []
    while not events or events[-1]["type"] != "transcript.end":
        events.append(json.loads(await communicator.receive_from(timeout=60)))
    while not await communicator.receive_nothing(timeout=quiet_s):
        message = await communicator.receive_output()
        if message["type"] == "websocket.send":
            events.append(json.loads(message["text"]))
    return events


async def test_an_empty_frame_brings_a_hint_while_recording_and_none_after_stop(
    tmp_path: Path,
) -> None:
    # given: two recordings of the same answer; the camera sees no face in either
    answer_id, cookie = await _answer_and_cookie()
    empty = base64.b64encode(face_jpeg(tmp_path / "empty.png", face=False)).decode()
    headers = [ORIGIN, (b"cookie", cookie)]
    recording = WebsocketCommunicator(application, f"/ws/answers/{answer_id}/live/",
                                      headers=headers)
    assert (await recording.connect(timeout=90))[0]

    # when: the first goes on for 4.5 s before Stop
    await _frames(recording, empty, [i / 2 for i in range(10)])
    await recording.send_to(text_data=json.dumps({"type": "end"}))
    while_recording = await _everything_sent(recording)
    await recording.disconnect()

    # and: the second is stopped right after the frame at 3 s was sent: that frame is still
    # being looked at when Stop arrives
    stopped = WebsocketCommunicator(application, f"/ws/answers/{answer_id}/live/",
                                    headers=headers)
    assert (await stopped.connect(timeout=90))[0]
    await _frames(stopped, empty, [i / 2 for i in range(6)])
    for message in ({"type": "frame", "jpeg": empty, "t": 3.0}, {"type": "end"}):
        await stopped.send_to(text_data=json.dumps(message))
    after_stop = await _everything_sent(stopped)
    await stopped.disconnect()

    # then: a hint once the face had been gone 3 s, while recording; nothing after Stop
    assert [e["kind"] for e in while_recording if e["type"] == "nudge"] == ["face_missing"]
    assert [e for e in after_stop if e["type"] in ("nudge", "error")] == []
    assert after_stop[-1]["type"] == "transcript.end"
