"""Malformed input gets a 4xx in the API's error shape, never a 500 (issue 14).

Each case here was a 500 with a traceback page when the running stack was probed: a target
role no bank family covers, a Unicode digit as Upload-Offset, JSON nested thousands deep, a
DOCX with thousands of nested runs or content controls, a DOCX whose document part carries
the zip encryption flag. The DOCX files are real python-docx documents, altered here.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.exceptions import ParseError
from rest_framework.test import APIClient

from interview_project import parsers
from interview_project.request_limits import RequestTooLarge, read_bounded
from sessions_app import selectors
from sessions_app.models import Answer, Resume
from tests.factories import AnswerFactory
from tests.live_platform import ROOT
from tests.resume_questions import resume_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user: object, client_for: Callable[[object], APIClient]) -> APIClient:
    client = client_for(user)
    client.raise_request_exception = False  # a 500 must show as a 500, not as a test error
    return client


def _error(response: object) -> dict:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}, body
    assert {"code", "message", "details"} <= set(body["error"]), body
    return body["error"]


def test_questions_for_a_role_no_bank_family_covers_are_general_ones(api: APIClient) -> None:
    # given: "Astronaut" maps to none of the bank's role families
    session = api.post("/api/sessions/create/", {"target_role": "Astronaut"}, format="json")
    assert session.status_code == 201, session.content
    # when
    response = api.post(f"/api/sessions/{session.json()['id']}/questions/generate/",
                        {"count": 4, "seed": 1}, format="json")
    # then: a set of questions that suit every role, not a 500
    assert response.status_code == 201, response.content
    assert len(response.json()["questions"]) == 4
    assert "role" not in {question["category"] for question in response.json()["questions"]}


@pytest.mark.parametrize("offset", ["²", "١٢", "0x10", "-1", " 1", "1" * 19, ""])
def test_upload_offset_must_be_ascii_digits(api: APIClient, user: object, offset: str) -> None:
    # given: an upload under way
    answer: Answer = AnswerFactory(question__session__owner=user)
    api.post(f"/api/answers/{answer.id}/upload/start/", {"filename": "a.webm", "size": 10},
             format="json")
    # when
    response = api.put(f"/api/answers/{answer.id}/upload/chunk/", b"0123456789",
                       content_type="application/octet-stream", HTTP_UPLOAD_OFFSET=offset)
    # then
    assert response.status_code == 400, response.content
    assert _error(response)["code"] == "missing_offset"


@pytest.mark.parametrize("depth", [40, 5_000, 200_000])
def test_deeply_nested_json_is_a_400(api: APIClient, depth: int) -> None:
    # when: a JSON body nested past the parser's limit (and past Python's recursion limit)
    body = "[" * depth + "]" * depth
    response = api.post("/api/sessions/create/", body, content_type="application/json")
    # then
    assert response.status_code == 400, response.content[:300]
    error = _error(response)
    assert error["code"] == "parse_error"
    assert "nested" in error["message"]


def test_json_nested_as_deep_as_real_requests_is_parsed() -> None:
    body = b'{"a": ' * parsers.MAX_JSON_DEPTH + b"1" + b"}" * parsers.MAX_JSON_DEPTH
    # MAX_JSON_DEPTH objects around a scalar: the scalar is one level deeper
    with pytest.raises(ParseError, match="nested"):
        parsers.BoundedJSONParser().parse(io.BytesIO(body))
    shallower = body[len(b'{"a": '):-1]
    assert parsers.BoundedJSONParser().parse(io.BytesIO(shallower))


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: resume_files.docx_with_nested(b"<w:r>", b"</w:r>", depth=5000),
         "resume_docx_corrupt"),
        (lambda: resume_files.docx_with_nested(b"<w:sdt><w:sdtContent>",
                                               b"</w:sdtContent></w:sdt>", depth=5000),
         "resume_docx_corrupt"),
        (resume_files.docx_with_encrypted_document, "resume_docx_encrypted_or_legacy"),
        (resume_files.docx_with_garbled_deflate, "resume_docx_corrupt"),
    ],
    ids=["thousands-of-nested-runs", "thousands-of-nested-content-controls",
         "encrypted-document-part", "garbled-compressed-data"],
)
def test_hostile_docx_resumes_are_refused_with_a_400(
    api: APIClient, make: Callable[[], bytes], code: str
) -> None:
    # when
    response = api.post("/api/resumes/upload/",
                        {"file": SimpleUploadedFile("cv.docx", make())}, format="multipart")
    # then
    assert response.status_code == 400, response.content[:300]
    assert _error(response)["code"] == code
    assert not Resume.objects.exists()


def test_unknown_api_path_is_a_json_404(api: APIClient) -> None:
    response = api.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert _error(response)["code"] == "not_found"


def test_an_unexpected_error_is_a_json_500_without_a_traceback(
    api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a bug somewhere under a view
    def broken(**kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "session_list", broken)
    # when
    response = api.get("/api/sessions/")
    # then
    assert response.status_code == 500
    assert _error(response)["code"] == "server_error"
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content


class _CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.consumed = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.consumed += len(chunk)
        return chunk


def test_bounded_read_stops_right_after_the_limit() -> None:
    # given: a 10 MiB body and a 1 MiB limit
    stream = _CountingStream(bytes(10 * 1024 * 1024))
    # when
    with pytest.raises(RequestTooLarge):
        read_bounded(stream, 1024 * 1024)
    # then: one byte past the limit was read, not the body
    assert stream.consumed == 1024 * 1024 + 1


def test_the_run_command_serves_with_debug_off() -> None:
    # given: the settings exports of scripts/run.sh, the README's run command
    exports = [line for line in (ROOT / "scripts" / "run.sh").read_text().splitlines()
               if line.startswith("export DJANGO_")]
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG")}
    # when: those settings load as daphne would load them
    probe = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    script = "\n".join([*exports, f'"{sys.executable}" -c "{probe}"'])
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    # then: no debug pages (tracebacks, HTML 404s) for whoever reaches the server
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    assert any("interview_project.settings.local" in line for line in exports)
