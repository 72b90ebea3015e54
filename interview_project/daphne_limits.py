"""daphne refuses a request body over its path's limit as soon as the headers are in.

daphne serves HTTP with Twisted, which receives a whole request body (into a temporary file)
before daphne sees the request; daphne then puts all of it on the application's queue, in
memory, at once. Left alone, a 200 MiB "chunk" is received, written to disk and held in
memory before Django could answer 413. `install()` gives daphne a request class that checks
the declared Content-Length against `interview_project.request_limits.body_limit` when the
headers end (and counts a body sent without one as it arrives), and answers 413 in the API's
error shape without keeping a byte of the body.

After a refusal the connection is half-closed: the client reads the 413 and the end of the
stream (curl stops sending; `Expect: 100-continue` clients never send the body), body bytes
still in flight are read and dropped, and the connection is cut after LINGER_S at most.

daphne offers no option for this (4.2), so `install()` replaces the request class its HTTP
factory builds (`daphne.http_protocol.WebRequest`, looked up when each connection is made);
interview_project/asgi.py calls it, which daphne imports before it starts listening.
`tests/interview_project/test_request_limits.py` checks it against a real daphne.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from daphne import http_protocol
from twisted.internet import reactor

from interview_project.request_limits import BodyLimit, body_limit, too_large_body

logger = logging.getLogger(__name__)

#: How long a refused connection goes on reading (and dropping) what the client still sends.
LINGER_S = 5.0

_ORIGINAL_WEB_REQUEST = http_protocol.WebRequest


class BodyLimitedWebRequest(_ORIGINAL_WEB_REQUEST):  # type: ignore[misc, valid-type]
    """daphne's WebRequest, refusing an oversized body before reading it."""

    _refused = False
    _received = 0
    _limit: BodyLimit | None = None

    def gotLength(self, length: int | None) -> None:  # noqa: N802 (Twisted's name)
        # The request line is parsed, the headers are in, no byte of the body was read yet.
        target = getattr(self.channel, "_path", b"") or b""
        self._limit = body_limit(target.split(b"?", 1)[0].decode("latin-1"))
        if length is not None and length > self._limit.max_bytes:
            self._refuse()
            return
        super().gotLength(length)

    def handleContentChunk(self, data: bytes) -> None:  # noqa: N802 (Twisted's name)
        if self._refused:
            return
        self._received += len(data)
        if self._limit is not None and self._received > self._limit.max_bytes:
            self._refuse()
            return
        super().handleContentChunk(data)

    def process(self) -> Any:
        if self._refused:  # the whole (dropped) body arrived within LINGER_S: nothing to do
            return None
        return super().process()

    def _refuse(self) -> None:
        assert self._limit is not None
        self._refused = True
        # Twisted still expects a content file at the end of the request: an empty one.
        self.content = io.BytesIO()
        # No "100 Continue" after the answer (Twisted sends it right after gotLength).
        self.requestHeaders.removeHeader(b"expect")
        body = too_large_body(self._limit)
        head = (b"HTTP/1.1 413 Content Too Large\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
        transport = self.channel.transport
        logger.info("Refused a request body over %d bytes for %r", self._limit.max_bytes,
                    getattr(self.channel, "_path", b""))
        transport.write(head + body)
        if hasattr(transport, "loseWriteConnection"):
            transport.loseWriteConnection()
            # Twisted declares IReactorTime.callLater zope-style, without `self`; mypy reads
            # the delay as the callable (the mypy-zope plugin would know better).
            reactor.callLater(LINGER_S, _cut, transport)  # type: ignore[arg-type]
        else:
            transport.loseConnection()


def _cut(transport: Any) -> None:
    if getattr(transport, "connected", False):
        transport.abortConnection()


def install() -> None:
    """Make daphne build BodyLimitedWebRequest for every HTTP request (idempotent)."""
    http_protocol.WebRequest = BodyLimitedWebRequest
