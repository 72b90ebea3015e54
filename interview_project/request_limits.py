"""Request bodies are measured before they are read, and counted while they are read.

Each path has one size limit (`body_limit`): a recording chunk UPLOAD_CHUNK_MAX_BYTES, a
résumé upload RESUME_MAX_UPLOAD_BYTES plus its multipart envelope, any other API call
DATA_UPLOAD_MAX_MEMORY_SIZE (JSON is small), the admin and other pages the largest of those.
Three places apply it, so that no server reads a body it is going to refuse:

- under daphne, `interview_project.daphne_limits` refuses once the headers are in (daphne
  otherwise buffers the whole body, and then queues all of it in memory, before the
  application sees the request);
- `BodyLimitASGIMiddleware` does the same for any other ASGI server, and counts the bytes of
  a body sent without Content-Length as they come;
- `BodyLimitMiddleware` for WSGI servers and the test client, and the API's parsers read at
  most limit + 1 bytes (`read_bounded`), whatever the headers said.

A refusal is 413 in the API's error shape, with the code the endpoint's own check uses
(`chunk_too_large`, `resume_too_large`; `request_too_large` elsewhere).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import IO, Any, NamedTuple

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions, status

#: A multipart envelope (boundaries, part headers, the file name) around the résumé's bytes.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
_CHUNK_PATH = re.compile(r"^/api/answers/[^/]+/upload/chunk/?$")
_RESUME_PATH = re.compile(r"^/api/resumes/upload/?$")
_READ_SIZE = 64 * 1024

# As asgiref and django-stubs type them: the scope a dict, messages read-only mappings.
Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = "The request body is too large."


class BodyLimit(NamedTuple):
    max_bytes: int
    #: The error code of the refusal: the one the endpoint's own check answers with.
    code: str


def body_limit(path: str) -> BodyLimit:
    """The most bytes a request body to `path` may have."""
    if _CHUNK_PATH.match(path):
        return BodyLimit(int(settings.UPLOAD_CHUNK_MAX_BYTES), "chunk_too_large")
    if _RESUME_PATH.match(path):
        return BodyLimit(int(settings.RESUME_MAX_UPLOAD_BYTES) + MULTIPART_OVERHEAD_BYTES,
                         "resume_too_large")
    if path.startswith("/api/"):
        return BodyLimit(int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE), RequestTooLarge.default_code)
    # The admin's forms may carry a résumé or a recording file.
    return BodyLimit(max(int(settings.UPLOAD_CHUNK_MAX_BYTES),
                         int(settings.RESUME_MAX_UPLOAD_BYTES),
                         int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)) + MULTIPART_OVERHEAD_BYTES,
                     RequestTooLarge.default_code)


def too_large_message(max_bytes: int) -> str:
    return f"The request body is larger than {max_bytes} bytes, the limit for this URL."


def too_large_body(limit: BodyLimit) -> bytes:
    """The 413's JSON body, for the layers below Django that write bytes themselves."""
    # Imported here: api_errors imports DRF's views, which import the API's parsers (this
    # module's users) when DRF's settings are first read.
    from interview_project.api_errors import error_body

    return json.dumps(error_body(limit.code, too_large_message(limit.max_bytes),
                                 {"limit_bytes": limit.max_bytes})).encode()


def declared_length(value: str | bytes | None) -> int | None:
    """Content-Length as an int; None when absent or not a plain ASCII number (the server
    refuses those itself, or the body is counted as it is read)."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def read_bounded(stream: IO[bytes] | None, limit: int, code: str = RequestTooLarge.default_code
                 ) -> bytes:
    """The whole body, or RequestTooLarge as soon as more than `limit` bytes came: the parsers
    never hold more than limit + one read in memory, whatever Content-Length claimed."""
    if stream is None:
        return b""
    chunks: list[bytes] = []
    received = 0
    while chunk := stream.read(min(_READ_SIZE, limit + 1 - received)):
        received += len(chunk)
        if received > limit:
            raise RequestTooLarge(too_large_message(limit), code=code)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large_response(limit: BodyLimit) -> HttpResponse:
    response = JsonResponse(json.loads(too_large_body(limit)),
                            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    # The rest of the body is never read: the connection cannot carry another request.
    response["Connection"] = "close"
    return response


class BodyLimitMiddleware:
    """413 before the view when Content-Length is over the path's limit (WSGI servers and the
    test client, where nothing below Django has looked at it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request.path_info)
        length = declared_length(request.META.get("CONTENT_LENGTH"))
        if length is not None and length > limit.max_bytes:
            return too_large_response(limit)
        return self.get_response(request)


class BodyLimitASGIMiddleware:
    """For HTTP scopes: 413 without reading the body when Content-Length is over the path's
    limit, and 413 as soon as a body without one grows past it (the application is told the
    client went away, so Django stops reading and answers nothing itself)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope.get("path", ""))
        headers = dict(scope.get("headers") or [])
        length = declared_length(headers.get(b"content-length"))
        if length is not None and length > limit.max_bytes:
            await _send_too_large(send, limit)
            return
        received = 0
        refused = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit.max_bytes:
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counting_receive, watching_send)
        if refused and not started:
            await _send_too_large(send, limit)


async def _send_too_large(send: Send, limit: BodyLimit) -> None:
    body = too_large_body(limit)
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]})
    await send({"type": "http.response.body", "body": body})
