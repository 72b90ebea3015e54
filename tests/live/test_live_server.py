"""The live stream end to end: real daphne, a WebSocket client streaming speech in real time."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from tests.engine.metrics import word_error_rate
from tests.live.speech import ANSWER, answer_wav, read_pcm16, speech_onset_s
from tests.live_platform import Browser, LivePlatform, run_platform, signed_up
from tests.media_factory import face_jpeg

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

FRAME_BYTES = 3200  # 100 ms of 16 kHz int16 mono, what the AudioWorklet batches


@pytest.fixture
def platform(private_media: Path, tmp_path: Path) -> Iterator[LivePlatform]:
    with run_platform(private_media, tmp_path, worker_concurrency=1) as live:
        yield live


def _new_answer(browser: Browser) -> str:
    session = browser.post("/api/sessions/create/", {"target_role": "Software engineer"}).json()
    question = browser.post(f"/api/sessions/{session['id']}/questions/create/",
                            {"text": "Tell me about a project you led."}).json()
    answer = browser.post(f"/api/sessions/{session['id']}/answers/create/",
                          {"question_id": question["id"]}).json()
    return str(answer["id"])


def _open(platform: LivePlatform, browser: Browser, answer_id: str) -> ClientConnection:
    return connect(f"{platform.ws_url}/ws/answers/{answer_id}/live/",
                   additional_headers={"Cookie": browser.cookie_header(),
                                       "Origin": platform.base_url}, open_timeout=30)


def _stream_in_real_time(
    ws: ClientConnection, pcm: bytes
) -> tuple[float, float, list[tuple[float, dict]]]:
    """Send 100 ms frames at the pace they are spoken, then "end" (Stop); collect (arrival,
    event) meanwhile. Returns when streaming started and when "end" was sent, and the events."""
    received: list[tuple[float, dict]] = []

    def listen() -> None:
        try:
            while True:
                event = json.loads(ws.recv(timeout=120))
                received.append((time.monotonic(), event))
                if event["type"] == "transcript.end":
                    return
        except ConnectionClosed:
            return

    listener = threading.Thread(target=listen)
    listener.start()
    started = time.monotonic()
    for index, offset in enumerate(range(0, len(pcm), FRAME_BYTES)):
        time.sleep(max(0.0, started + index * 0.1 - time.monotonic()))
        ws.send(pcm[offset:offset + FRAME_BYTES])
    stopped = time.monotonic()
    ws.send(json.dumps({"type": "end"}))
    listener.join(timeout=120)
    return started, stopped, received


def test_live_transcript_and_pace_nudges_over_a_real_websocket(
    platform: LivePlatform, tmp_path: Path
) -> None:
    # given: a candidate with an answer in progress, and two recordings of the same answer
    browser = signed_up(platform.base_url, "candidate")
    answer_id = _new_answer(browser)
    results = {}

    # when: each recording is streamed in real time
    for wpm in (150, 260):
        pcm = read_pcm16(answer_wav(tmp_path, wpm))
        with _open(platform, browser, answer_id) as ws:
            started, stopped, received = _stream_in_real_time(ws, pcm)
        events = [event for _, event in received]
        first_arrival = next(at for at, event in received if event.get("words"))
        results[wpm] = {
            "text": " ".join(e["text"] for e in events if e["type"] == "transcript.final"),
            "first_word_latency_s": first_arrival - started - speech_onset_s(pcm),
            "nudges": [(e["kind"], round(at - started, 1)) for at, e in received
                       if e["type"] == "nudge" and at < stopped],
            "nudges_after_stop": [e["kind"] for at, e in received
                                  if e["type"] == "nudge" and at >= stopped],
            "ended": events[-1]["type"] == "transcript.end",
        }
    print("live results:", json.dumps(results, indent=1))

    # then
    # then: the pace hint came while the fast answer was being spoken, none after Stop
    for wpm, result in results.items():
        assert result["ended"], wpm
        assert word_error_rate(ANSWER, result["text"]) < 0.3, result["text"]
        assert result["first_word_latency_s"] < 3.0, result
        assert result["nudges_after_stop"] == [], result
    assert "pace_fast" in [kind for kind, _ in results[260]["nudges"]]
    assert not {"pace_fast", "pace_slow"} & {kind for kind, _ in results[150]["nudges"]}


def test_another_users_connection_is_refused(platform: LivePlatform) -> None:
    # given: an answer that belongs to someone else, and an anonymous visitor
    owner = signed_up(platform.base_url, "owner")
    answer_id = _new_answer(owner)
    intruder = signed_up(platform.base_url, "intruder")

    # when / then: the handshake is refused (403 from daphne on a close before accept)
    with pytest.raises(InvalidStatus) as refused:
        _open(platform, intruder, answer_id).close()
    assert refused.value.response.status_code == 403
    with pytest.raises(InvalidStatus):
        _open(platform, Browser(platform.base_url), answer_id).close()
    with _open(platform, owner, answer_id) as ws:
        ws.send(json.dumps({"type": "end"}))
        assert json.loads(ws.recv(timeout=30))["type"] == "transcript.end"


def test_camera_frames_without_the_face_bring_a_face_missing_nudge(
    platform: LivePlatform, tmp_path: Path
) -> None:
    # given: the owner's live socket, and the camera frames a browser sends twice a second:
    # 2 s of a face looking at the camera, then 4.5 s of an empty scene
    browser = signed_up(platform.base_url, "candidate")
    face, empty = (base64.b64encode(face_jpeg(tmp_path / f"{has}.png", face=has)).decode()
                   for has in (True, False))
    frames = [(i / 2, face if i < 4 else empty) for i in range(14)]

    # when: they arrive in real time
    nudges: list[dict] = []
    with _open(platform, browser, _new_answer(browser)) as ws:
        started = time.monotonic()
        for t, jpeg in frames:
            time.sleep(max(0.0, started + t - time.monotonic()))
            ws.send(json.dumps({"type": "frame", "jpeg": jpeg, "t": t}))
        ws.send(json.dumps({"type": "end"}))
        while (event := json.loads(ws.recv(timeout=30)))["type"] != "transcript.end":
            if event["type"] == "nudge":
                nudges.append(event)
            assert event["type"] != "error", event

    # then: one hint, once the face has been gone for 3 s, and none while it was there
    assert [nudge["kind"] for nudge in nudges] == ["face_missing"]
    assert 5.0 <= nudges[0]["t"] <= 6.5


@pytest.fixture
def one_stream_platform(private_media: Path, tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch) -> Iterator[LivePlatform]:
    monkeypatch.setenv("LIVE_MAX_STREAMS", "1")
    with run_platform(private_media, tmp_path, worker_concurrency=1) as live:
        yield live


def test_a_stream_past_the_process_capacity_is_told_busy_and_the_place_comes_back(
    one_stream_platform: LivePlatform,
) -> None:
    # given: a process that takes one live stream, and a candidate streaming on it
    platform = one_stream_platform
    browser = signed_up(platform.base_url, "candidate")
    with _open(platform, browser, _new_answer(browser)) as first:
        # when: a second stream opens meanwhile
        with _open(platform, browser, _new_answer(browser)) as second:
            busy = json.loads(second.recv(timeout=30))
            with pytest.raises(ConnectionClosed) as closed:
                second.recv(timeout=30)
        first.send(json.dumps({"type": "end"}))
        first_ended = json.loads(first.recv(timeout=30))

    # then: it is told why and closed; once the first ends, a new stream gets its place
    assert busy["type"] == "error" and busy["code"] == "busy", busy
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
    assert first_ended["type"] == "transcript.end"
    time.sleep(0.5)  # the server notices the close
    with _open(platform, browser, _new_answer(browser)) as third:
        third.send(json.dumps({"type": "end"}))
        assert json.loads(third.recv(timeout=30))["type"] == "transcript.end"
