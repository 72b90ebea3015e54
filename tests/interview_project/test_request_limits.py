"""Request bodies are refused on their declared size before they are read, and counted while
they are read (interview_project/request_limits.py, interview_project/daphne_limits.py).

In-process through Django's test client (WSGI) and through the ASGI application, and on a
real daphne: a chunk that declares 200 MiB gets its 413 at once though only a few bytes
follow, and a chunked body that never says its size is cut off after the limit while the
server's memory stays flat.
"""

from __future__ import annotations

import json
import select
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from channels.testing import ApplicationCommunicator
from rest_framework.test import APIClient

from interview_project.asgi import application
from sessions_app.models import Answer
from tests.factories import PASSWORD, UserFactory
from tests.live_platform import LivePlatform, run_platform

MIB = 1024 * 1024


def _start_upload(client: APIClient, answer: Answer) -> None:
    response = client.post(f"/api/answers/{answer.id}/upload/start/",
                           {"filename": "a.webm", "size": 400 * MIB}, format="json")
    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_a_chunk_declaring_more_than_the_limit_is_refused_unread(
    answer: Answer, client_for: Callable[[object], APIClient], settings: object
) -> None:
    # given
    client = client_for(answer.session.owner)
    _start_upload(client, answer)
    # when: Content-Length says 200 MiB; the body is never read, so a few bytes suffice
    response = client.generic("PUT", f"/api/answers/{answer.id}/upload/chunk/", b"0123456789",
                              content_type="application/octet-stream",
                              HTTP_UPLOAD_OFFSET="0", CONTENT_LENGTH=str(200 * MIB))
    # then
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "chunk_too_large"
    assert response.json()["error"]["details"]["limit_bytes"] == settings.UPLOAD_CHUNK_MAX_BYTES  # type: ignore[attr-defined]
    answer.refresh_from_db()
    assert answer.upload_offset == 0


@pytest.mark.django_db
def test_a_json_body_over_data_upload_max_memory_size_is_a_413(
    user: object, client_for: Callable[[object], APIClient], settings: object
) -> None:
    # given
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096  # type: ignore[attr-defined]
    body = json.dumps({"target_role": "Engineer", "padding": "x" * 8192})
    # when
    response = client_for(user).post("/api/sessions/create/", body,
                                     content_type="application/json")
    # then
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


@pytest.mark.django_db
def test_an_unknown_api_path_with_a_huge_body_is_a_json_413(client: object) -> None:
    response = client.generic("POST", "/api/nowhere/", b"{}",  # type: ignore[attr-defined]
                              content_type="application/json", CONTENT_LENGTH=str(50 * MIB))
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"


async def _asgi_put(path: str, headers: list[tuple[bytes, bytes]], bodies: list[bytes]
                    ) -> tuple[int, dict, int]:
    """Send a PUT through the ASGI application; (status, JSON body, body messages taken)."""
    scope = {"type": "http", "http_version": "1.1", "method": "PUT", "path": path,
             "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1"), *headers], "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80)}
    communicator = ApplicationCommunicator(application, scope)
    for index, body in enumerate(bodies):
        await communicator.send_input({"type": "http.request", "body": body,
                                       "more_body": index < len(bodies) - 1})
    start = await communicator.receive_output(10)
    body = await communicator.receive_output(10)
    taken = len(bodies) - communicator.input_queue.qsize()
    await communicator.wait(5)
    return start["status"], json.loads(body["body"]), taken


async def test_asgi_refuses_a_declared_oversized_body_without_receiving_it() -> None:
    status, body, taken = await _asgi_put(
        "/api/answers/00000000-0000-0000-0000-000000000000/upload/chunk/",
        [(b"content-length", str(200 * MIB).encode())], [b"x" * 1024] * 4)
    assert status == 413
    assert body["error"]["code"] == "chunk_too_large"
    assert taken == 0


async def test_asgi_cuts_off_a_body_without_content_length_past_the_limit(
    settings: object,
) -> None:
    # given: 1 MiB pieces with no Content-Length (chunked transfer), 40 of them
    status, body, taken = await _asgi_put(
        "/api/answers/00000000-0000-0000-0000-000000000000/upload/chunk/",
        [(b"transfer-encoding", b"chunked")], [bytes(MIB)] * 40)
    # then: refused right after the limit's worth was received
    assert status == 413
    assert body["error"]["code"] == "chunk_too_large"
    assert taken <= settings.UPLOAD_CHUNK_MAX_BYTES // MIB + 1  # type: ignore[attr-defined]


# -- a real daphne --------------------------------------------------------------------------


@pytest.fixture
def daphne(private_media: Path, tmp_path: Path) -> Iterator[LivePlatform]:
    with run_platform(private_media, tmp_path, workers=[]) as live:
        yield live


def _token_and_upload(base_url: str) -> tuple[str, str]:
    """A real user's API token and an answer whose 400 MiB upload has started."""
    user = UserFactory()
    http = requests.Session()
    created = http.post(f"{base_url}/api/auth/token/",
                        json={"username": user.username, "password": PASSWORD, "name": "t"})
    assert created.status_code == 201, created.text
    http.headers["Authorization"] = f"Token {created.json()['token']}"
    session = http.post(f"{base_url}/api/sessions/create/", json={"target_role": "Engineer"})
    question = http.post(f"{base_url}/api/sessions/{session.json()['id']}/questions/create/",
                         json={"text": "Tell me about a project."}).json()
    answer = http.post(f"{base_url}/api/sessions/{session.json()['id']}/answers/create/",
                       json={"question_id": question["id"]}).json()
    started = http.post(f"{base_url}/api/answers/{answer['id']}/upload/start/",
                        json={"filename": "a.webm", "size": 400 * MIB})
    assert started.status_code == 201, started.text
    return created.json()["token"], answer["id"]


def _chunk_head(live: LivePlatform, token: str, answer_id: str, length_header: bytes) -> bytes:
    host = live.base_url.removeprefix("http://")
    return (f"PUT /api/answers/{answer_id}/upload/chunk/ HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Token {token}\r\nContent-Type: application/octet-stream\r\n"
            f"Upload-Offset: 0\r\n").encode() + length_header + b"\r\n"


def _read_response(raw: socket.socket, timeout: float) -> bytes:
    raw.settimeout(timeout)
    received = b""
    while b"\r\n\r\n" not in received or not _complete(received):
        chunk = raw.recv(65536)
        if not chunk:
            break
        received += chunk
    return received


def _complete(response: bytes) -> bool:
    head, _, body = response.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":", 1)[1])
    return False


def _peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_daphne_answers_413_to_a_200_mib_chunk_before_its_body_arrives(
    daphne: LivePlatform,
) -> None:
    # given
    token, answer_id = _token_and_upload(daphne.base_url)
    head = _chunk_head(daphne, token, answer_id, f"Content-Length: {200 * MIB}\r\n".encode())
    # when: the headers and 10 bytes of the 200 MiB are sent, and no more
    with socket.create_connection(("127.0.0.1", int(daphne.base_url.rsplit(":", 1)[1]))) as raw:
        began = time.monotonic()
        raw.sendall(head + b"0123456789")
        response = _read_response(raw, timeout=10)
        waited = time.monotonic() - began
    # then: the answer came without the body, in the API's error shape
    status_line, _, rest = response.partition(b"\r\n")
    assert b" 413 " in status_line, response[:500]
    assert waited < 3
    body = json.loads(rest.partition(b"\r\n\r\n")[2])
    assert body["error"]["code"] == "chunk_too_large"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_daphne_cuts_off_a_chunked_body_past_the_limit_with_flat_memory(
    daphne: LivePlatform, settings: object,
) -> None:
    # given: a chunk sent with Transfer-Encoding: chunked (no size announced)
    token, answer_id = _token_and_upload(daphne.base_url)
    head = _chunk_head(daphne, token, answer_id, b"Transfer-Encoding: chunked\r\n")
    peak_before = _peak_rss_kib(daphne.server_pid)
    piece = b"%x\r\n" % MIB + bytes(MIB) + b"\r\n"
    sent = 0
    # when: 1 MiB pieces are sent until the server answers (at most 96 MiB)
    with socket.create_connection(("127.0.0.1", int(daphne.base_url.rsplit(":", 1)[1]))) as raw:
        raw.sendall(head)
        while sent < 96 * MIB and not select.select([raw], [], [], 0)[0]:
            try:
                raw.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += MIB
        response = _read_response(raw, timeout=10)
    # then: refused soon after the limit, and daphne never held the body
    assert b" 413 " in response.partition(b"\r\n")[0], response[:500]
    limit = settings.UPLOAD_CHUNK_MAX_BYTES  # type: ignore[attr-defined]
    assert sent < limit + 32 * MIB, f"sent {sent / MIB:.0f} MiB before the answer"
    grown_mib = (_peak_rss_kib(daphne.server_pid) - peak_before) / 1024
    assert grown_mib < 24, f"daphne's peak memory grew by {grown_mib:.0f} MiB"
