"""A cluster of "nodes" that share no disk: the web process and two workers, each with its own
empty media folder and temporary folder, analyse an answer with the bytes only in object
storage (a real S3 API server on loopback, its own process).

The workers split the queues as docker-compose's CPU and GPU workers do, so every stage's
input crosses from one node to another through the storage, never through a shared folder.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis_app.engine.graph import Stage
from analysis_app.models import StageAttempt
from tests.live_platform import (
    Browser,
    LivePlatform,
    WorkerSpec,
    cut_connection_mid_chunk,
    run_platform,
    signed_up,
)
from tests.s3_server import S3Server

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHUNK = 64 * 1024
CPU_QUEUES = ("media", "audio", "text", "scoring")
GPU_QUEUES = ("speech", "video")
#: The private folders a stage (`<stage>-...`) or an upload's finish (`upload-...`) works in.
PRIVATE_COPY_PREFIXES = ("upload-", *(f"{stage.value}-" for stage in Stage))


def _node(root: Path, name: str) -> dict[str, str]:
    """A node's private folders: a media folder that must stay empty, and its temp folder."""
    media, temp = root / name / "media", root / name / "tmp"
    media.mkdir(parents=True)
    temp.mkdir(parents=True)
    return {"MEDIA_ROOT": str(media), "MEDIA_TEMP_DIR": str(temp), "TMPDIR": str(temp)}


@pytest.fixture
def cluster(s3_server: S3Server, tmp_path: Path) -> Iterator[tuple[LivePlatform, str, dict]]:
    bucket = s3_server.new_bucket()
    nodes = {name: _node(tmp_path / "nodes", name) for name in ("web", "cpu", "gpu")}
    storage = s3_server.settings_env(bucket)
    workers = [WorkerSpec(queues=CPU_QUEUES, concurrency=1, env={**storage, **nodes["cpu"]}),
               WorkerSpec(queues=GPU_QUEUES, concurrency=1, env={**storage, **nodes["gpu"]})]
    logs = tmp_path / "logs"
    logs.mkdir()
    with run_platform(Path(nodes["web"]["MEDIA_ROOT"]), logs, workers=workers,
                      server_env={**storage, **nodes["web"]}) as live:
        yield live, bucket, nodes


def _upload_with_a_dropped_connection(browser: Browser, answer_id: str, payload: bytes) -> int:
    """Half the chunks, one cut mid-body, then resume from the offset the server reports."""
    upload = f"/api/answers/{answer_id}/upload/"
    browser.post(f"{upload}start/", {"filename": "answer.webm", "size": len(payload)})
    half = (len(payload) // 2 // CHUNK) * CHUNK
    for offset in range(0, half, CHUNK):
        assert browser.put_bytes(f"{upload}chunk/", payload[offset:offset + CHUNK],
                                 offset).status_code == 200
    cut_connection_mid_chunk(browser, f"{upload}chunk/", payload[half:half + CHUNK], half)
    resume_at = browser.get(upload).json()["offset"]
    assert resume_at == half
    for offset in range(resume_at, len(payload), CHUNK):
        assert browser.put_bytes(f"{upload}chunk/", payload[offset:offset + CHUNK],
                                 offset).status_code == 200
    return browser.post(f"{upload}finish/").status_code


def _analysed(browser: Browser, answer_id: str, timeout: float = 240.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        detail = browser.get(f"/api/answers/{answer_id}/").json()
        if detail["analysis_status"] in {"completed", "partial", "failed"}:
            return detail
        time.sleep(0.5)
    raise AssertionError(f"answer {answer_id} was not analysed in {timeout:.0f} s")


def _files(folder: str) -> list[Path]:
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def test_web_and_two_workers_without_a_shared_disk_analyse_an_answer(
    cluster: tuple[LivePlatform, str, dict], s3_server: S3Server, interview_webm: Path
) -> None:
    # given: a candidate on the web node, workers on two other "nodes"
    live, bucket, nodes = cluster
    browser = signed_up(live.base_url, "candidate")
    session = browser.post("/api/sessions/create/", {"target_role": "Software engineer"}).json()
    question = browser.post(f"/api/sessions/{session['id']}/questions/create/",
                            {"text": "Tell me about a project you led."}).json()
    answer = browser.post(f"/api/sessions/{session['id']}/answers/create/",
                          {"question_id": question["id"]}).json()
    payload = interview_webm.read_bytes()

    # when: the recording is uploaded in chunks, over a connection that drops, and analysed
    finished = _upload_with_a_dropped_connection(browser, answer["id"], payload)
    detail = _analysed(browser, answer["id"])

    # then: every stage finished, on the worker that serves its queue
    assert finished == 202
    assert detail["analysis_status"] == "completed", detail
    report = browser.get(f"/api/answers/{answer['id']}/report/").json()
    assert report["transcript"]["words"], "Whisper read the audio the other worker stored"
    assert report["features"]["face_present_ratio"] > 0.9
    assert all(value is not None for value in report["scores"].values()), report["missing"]
    workers = {attempt.stage: attempt.worker
               for attempt in StageAttempt.objects.filter(answer_id=answer["id"])}
    assert set(workers) == {stage.value for stage in Stage}
    cpu_pids = {workers[stage] for stage in CPU_QUEUES}
    gpu_pids = {workers[stage] for stage in GPU_QUEUES}
    assert len(cpu_pids) == len(gpu_pids) == 1 and cpu_pids != gpu_pids
    # and: the bytes live only in object storage; no node kept a file
    keys = s3_server.keys(bucket)
    assert any(key.endswith("/answer.webm") for key in keys), keys
    assert any(key.endswith("/analysis/audio-16k.wav") for key in keys), keys
    assert not [key for key in keys if key.startswith("uploads/")], "chunks were cleaned up"
    for name, node in nodes.items():
        assert _files(node["MEDIA_ROOT"]) == [], f"the {name} node wrote to its own disk"
        leftovers = [path.name for path in Path(node["MEDIA_TEMP_DIR"]).iterdir()
                     if path.name.startswith(PRIVATE_COPY_PREFIXES)]
        assert leftovers == [], f"the {name} node left private copies behind"
    downloaded = browser.get(f"/api/answers/{answer['id']}/recording/")
    assert downloaded.status_code == 200 and downloaded.content == payload
    part = browser.http.get(f"{live.base_url}/api/answers/{answer['id']}/recording/",
                            headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == downloaded.content[:100]
