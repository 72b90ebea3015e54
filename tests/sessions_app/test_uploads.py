"""Resumable uploads through the API: offsets, retries, resumption and clean refusals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from analysis_app.engine.graph import Stage
from analysis_app.engine.media import probe_media
from analysis_app.models import StageRun
from sessions_app.models import AnalysisStatus, Answer, UploadState
from tests import media_factory
from tests.stored import stored_bytes, stored_files, upload_received

pytestmark = pytest.mark.django_db

CHUNK = 16 * 1024


@pytest.fixture
def owner_client(answer: Answer, client_for: Callable[[object], APIClient]) -> APIClient:
    return client_for(answer.session.owner)


def _start(client: APIClient, answer: Answer, name: str, size: int) -> dict:
    response = client.post(f"/api/answers/{answer.id}/upload/start/",
                           {"filename": name, "size": size, "content_type": "video/webm"},
                           format="json")
    return {"status": response.status_code, **response.json()}


def _chunk(client: APIClient, answer: Answer, offset: int, data: bytes) -> dict:
    response = client.put(f"/api/answers/{answer.id}/upload/chunk/", data,
                          content_type="application/octet-stream", HTTP_UPLOAD_OFFSET=str(offset))
    return {"status": response.status_code, **response.json()}


def _send_all(client: APIClient, answer: Answer, payload: bytes, start: int = 0) -> None:
    for offset in range(start, len(payload), CHUNK):
        assert _chunk(client, answer, offset, payload[offset:offset + CHUNK])["status"] == 200


def _finish(client: APIClient, answer: Answer) -> dict:
    response = client.post(f"/api/answers/{answer.id}/upload/finish/")
    return {"status": response.status_code, **response.json()}


def _no_half_made_state(answer: Answer) -> None:
    answer.refresh_from_db()
    assert answer.upload_state == UploadState.NONE
    assert answer.upload_offset == 0
    assert not answer.recording.name
    assert not StageRun.objects.filter(answer=answer).exists()
    assert upload_received(answer.pk) == b""
    assert stored_files(f"recordings/{answer.session.owner_id}/{answer.pk}") == []


def test_interrupted_upload_resumes_to_a_byte_identical_file(
    answer: Answer, owner_client: APIClient, interview_webm: Path,
    django_capture_on_commit_callbacks: Callable, media_storage: str, private_media: Path,
) -> None:
    # given: half the file arrived, then the connection dropped
    payload = interview_webm.read_bytes()
    half = (len(payload) // 2 // CHUNK) * CHUNK
    _start(owner_client, answer, "answer.webm", len(payload))
    _send_all(owner_client, answer, payload[:half])
    # when: the client asks where to resume, retries the last chunk, and sends the rest
    status = owner_client.get(f"/api/answers/{answer.id}/upload/").json()
    retried = _chunk(owner_client, answer, half - CHUNK, payload[half - CHUNK:half])
    _send_all(owner_client, answer, payload, start=status["offset"])
    with django_capture_on_commit_callbacks() as callbacks:
        finished = _finish(owner_client, answer)
    # then
    assert status["offset"] == half
    assert retried["offset"] == half, "a retried chunk changes nothing"
    assert finished["status"] == 202, finished
    assert finished["analysis_status"] == AnalysisStatus.QUEUED
    answer.refresh_from_db()
    assert stored_bytes(answer.recording.name) == payload
    assert answer.media_info["has_video"] is True
    assert answer.media_info["duration_s"] > 3
    assert {run.stage for run in answer.stage_runs.all()} == set(Stage)
    assert len(callbacks) >= 1, "the pipeline is enqueued on commit"
    assert upload_received(answer.pk) == b"", "the chunks are gone once assembled"
    if media_storage == "s3":
        assert not list(private_media.rglob("*")), "object storage only: nothing on local disk"


def test_a_browser_recording_without_duration_is_stored_with_its_duration_and_seek_index(
    answer: Answer, owner_client: APIClient, live_stream_webm: Path, tmp_path: Path,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    # given: a webm written as a live stream, as Chrome's MediaRecorder does
    payload = live_stream_webm.read_bytes()
    _start(owner_client, answer, "answer.webm", len(payload))
    _send_all(owner_client, answer, payload)

    # when
    with django_capture_on_commit_callbacks():
        finished = _finish(owner_client, answer)

    # then: the stored copy has what a player needs to show its length and to seek
    assert finished["status"] == 202, finished
    answer.refresh_from_db()
    stored = tmp_path / "stored.webm"
    stored.write_bytes(stored_bytes(answer.recording.name))
    assert probe_media(stored).duration_s > 3
    assert b"\x1c\x53\xbb\x6b" in stored.read_bytes()  # Matroska Cues
    # measured from the decoded audio; the container's length also counts the last video frame
    stored_s = probe_media(stored).duration_s
    assert answer.media_info["duration_s"] == pytest.approx(stored_s, abs=0.25)
    assert upload_received(answer.pk) == b""


def test_chunk_overlapping_what_the_server_has_only_appends_the_new_bytes(
    answer: Answer, owner_client: APIClient, media_storage: str
) -> None:
    # given
    _start(owner_client, answer, "a.wav", 10)
    _chunk(owner_client, answer, 0, b"01234")
    # when
    overlap = _chunk(owner_client, answer, 3, b"34567")
    gap = _chunk(owner_client, answer, 9, b"9")
    # then
    assert overlap["offset"] == 8
    assert gap["status"] == 409
    assert gap["error"]["code"] == "offset_mismatch"
    assert gap["error"]["details"] == {"offset": 8}
    assert upload_received(answer.pk) == b"01234567"


def test_chunk_past_the_declared_size_is_refused(answer: Answer, owner_client: APIClient) -> None:
    _start(owner_client, answer, "a.wav", 4)
    response = _chunk(owner_client, answer, 0, b"12345")
    assert response["status"] == 413
    assert response["error"]["code"] == "beyond_declared_size"


def test_finishing_an_incomplete_upload_says_where_to_resume(
    answer: Answer, owner_client: APIClient
) -> None:
    _start(owner_client, answer, "a.wav", 10)
    _chunk(owner_client, answer, 0, b"0123")
    response = _finish(owner_client, answer)
    assert response["status"] == 409
    assert response["error"]["details"] == {"offset": 4}


def test_empty_upload_is_refused(answer: Answer, owner_client: APIClient) -> None:
    response = _start(owner_client, answer, "answer.webm", 0)
    assert response["status"] == 400
    assert response["error"]["message"] == "The recording is empty."
    _no_half_made_state(answer)


def test_oversized_upload_is_refused_before_any_byte_is_sent(
    answer: Answer, owner_client: APIClient, settings: object
) -> None:
    settings.UPLOAD_MAX_BYTES = 1000  # type: ignore[attr-defined]
    response = _start(owner_client, answer, "answer.webm", 1001)
    assert response["status"] == 413
    assert "limit is 1000 bytes" in response["error"]["message"]
    _no_half_made_state(answer)


def test_unsupported_extension_is_refused(answer: Answer, owner_client: APIClient) -> None:
    response = _start(owner_client, answer, "notes.txt", 10)
    assert response["status"] == 400
    assert response["error"]["code"] == "unsupported_type"


def _upload_and_finish(client: APIClient, answer: Answer, name: str, payload: bytes) -> dict:
    _start(client, answer, name, len(payload))
    _send_all(client, answer, payload)
    return _finish(client, answer)


def test_not_media_is_refused_and_leaves_nothing(answer: Answer, owner_client: APIClient) -> None:
    response = _upload_and_finish(owner_client, answer, "answer.webm", b"%PDF-1.4 not a video" * 50)
    assert response["status"] == 422
    assert response["error"] == {
        "code": "invalid_recording",
        "message": "The file is not a readable audio or video recording.",
        "details": {},
    }
    _no_half_made_state(answer)


def test_truncated_recording_is_refused_and_leaves_nothing(
    answer: Answer, owner_client: APIClient, interview_webm: Path, media_storage: str
) -> None:
    payload = interview_webm.read_bytes()
    response = _upload_and_finish(owner_client, answer, "answer.webm", payload[: len(payload) // 2])
    assert response["status"] == 422
    assert "truncated" in response["error"]["message"]
    _no_half_made_state(answer)


def test_video_without_audio_is_refused(
    answer: Answer, owner_client: APIClient, media_dir: Path
) -> None:
    silent_video = media_dir / "silent.webm"
    media_factory._run(["ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                        "testsrc=size=64x64:rate=5", "-t", "2", "-c:v", "libvpx",
                        str(silent_video)])
    response = _upload_and_finish(owner_client, answer, "answer.webm", silent_video.read_bytes())
    assert response["status"] == 422
    assert response["error"]["message"] == "The recording has no audio track."
    _no_half_made_state(answer)


def test_refused_upload_can_be_retried_with_a_good_file(
    answer: Answer, owner_client: APIClient, speech_wav: Path,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    # given
    _upload_and_finish(owner_client, answer, "answer.wav", b"garbage" * 10)
    # when
    with django_capture_on_commit_callbacks():
        response = _upload_and_finish(owner_client, answer, "answer.wav", speech_wav.read_bytes())
    # then
    assert response["status"] == 202
    assert response["media_info"]["has_video"] is False


def test_a_second_upload_on_a_finished_answer_is_refused(
    answer: Answer, owner_client: APIClient, speech_wav: Path,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    with django_capture_on_commit_callbacks():
        _upload_and_finish(owner_client, answer, "answer.wav", speech_wav.read_bytes())
    response = _start(owner_client, answer, "again.wav", 100)
    assert response["status"] == 409
    assert response["error"]["code"] == "already_uploaded"
