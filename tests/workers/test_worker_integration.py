"""The platform end to end: real daphne, a real Celery worker, real Redis and PostgreSQL.

A browser-like client signs up, uploads a webm in chunks (with a connection cut in the middle
of a chunk), and watches the stage events arrive over the WebSocket.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from analysis_app.engine.graph import GRAPH, Stage
from tests.live_platform import (
    LivePlatform,
    cut_connection_mid_chunk,
    run_platform,
    signed_up,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHUNK = 64 * 1024


@pytest.fixture
def platform(private_media: Path, tmp_path: Path) -> Iterator[LivePlatform]:
    with run_platform(private_media, tmp_path) as live:
        yield live


def _events_until_result(ws: object, timeout: float = 120.0) -> list[dict]:
    events = []
    while True:
        event = json.loads(ws.recv(timeout=timeout))  # type: ignore[attr-defined]
        events.append(event)
        if event["type"] == "answer.result":
            return events


def test_upload_with_a_dropped_connection_then_live_stage_events(
    platform: LivePlatform, interview_webm: Path
) -> None:
    # given: a candidate with a session, a question and an answer to record
    browser = signed_up(platform.base_url, "candidate")
    session = browser.post("/api/sessions/create/", {"target_role": "Software engineer"}).json()
    question = browser.post(f"/api/sessions/{session['id']}/questions/create/",
                            {"text": "Tell me about a project you led."}).json()
    answer = browser.post(f"/api/sessions/{session['id']}/answers/create/",
                          {"question_id": question["id"]}).json()
    payload = interview_webm.read_bytes()
    upload = f"/api/answers/{answer['id']}/upload/"
    browser.post(f"{upload}start/", {"filename": "answer.webm", "size": len(payload)})
    with connect(f"{platform.ws_url}/ws/sessions/{session['id']}/",
                 additional_headers={"Cookie": browser.cookie_header(),
                                     "Origin": platform.base_url}) as ws:
        snapshot = json.loads(ws.recv(timeout=10))

        # when: half the chunks go through, one chunk is cut mid-body, the client resumes
        half = (len(payload) // 2 // CHUNK) * CHUNK
        for offset in range(0, half, CHUNK):
            assert browser.put_bytes(f"{upload}chunk/", payload[offset:offset + CHUNK],
                                     offset).status_code == 200
        cut_connection_mid_chunk(browser, f"{upload}chunk/", payload[half:half + CHUNK], half)
        resume_at = browser.get(upload).json()["offset"]
        for offset in range(resume_at, len(payload), CHUNK):
            assert browser.put_bytes(f"{upload}chunk/", payload[offset:offset + CHUNK],
                                     offset).status_code == 200
        finished = browser.post(f"{upload}finish/")
        events = _events_until_result(ws)

    # then: the file is byte-identical, the media stage ran in the worker, events came in order
    assert resume_at == half
    assert finished.status_code == 202, finished.text
    assert snapshot["answers"][0]["answer_id"] == answer["id"]
    downloaded = browser.get(f"/api/answers/{answer['id']}/recording/")
    assert downloaded.content == payload
    media_events = [e["status"] for e in events if e["type"] == "stage" and e["stage"] == "media"]
    assert media_events == ["pending", "queued", "started", "finished"], \
        platform.worker_log.read_text()
    queued = [e["stage"] for e in events if e["type"] == "stage" and e["status"] == "queued"]
    assert queued == [stage.value for stage in GRAPH], "each stage queued once, when due"
    for stage in Stage:
        sequence = [e["status"] for e in events if e["type"] == "stage" and e["stage"] == stage]
        assert sequence == ["pending", "queued", "started", "finished"], (stage, sequence)
    stage_events = [e for e in events if e["type"] == "stage"]
    assert stage_events[-1]["stage"] == "scoring", "scoring runs after every modality"
    result = events[-1]
    assert result["answer_id"] == answer["id"]
    assert result["analysis_status"] == "completed"
    assert set(result["result"]["scores"]) >= {"fluency", "eye_contact", "overall"}
    report = browser.get(f"/api/answers/{answer['id']}/report/").json()
    assert report["transcript"]["words"], "Whisper ran in the worker"
    assert report["features"]["face_present_ratio"] > 0.9
    assert all(report["scores"][name] is not None for name in report["scores"])
    detail = browser.get(f"/api/answers/{answer['id']}/").json()
    assert detail["media_info"]["has_video"] is True
    assert detail["analysis_status"] == "completed"
    assert "succeeded" in platform.worker_log.read_text()


def test_another_user_cannot_open_the_session_stream(platform: LivePlatform) -> None:
    # given
    owner = signed_up(platform.base_url, "owner")
    session = owner.post("/api/sessions/create/", {"target_role": "Designer"}).json()
    intruder = signed_up(platform.base_url, "intruder")
    # when / then
    with pytest.raises(InvalidStatus) as refused:
        connect(f"{platform.ws_url}/ws/sessions/{session['id']}/",
                additional_headers={"Cookie": intruder.cookie_header(),
                                    "Origin": platform.base_url})
    assert refused.value.response.status_code == 403
