"""A real webhook receiver on 127.0.0.1 for the tests: an HTTP server in a thread that
records what it gets, checks the signature as an integrator would, and misbehaves on request
(answers 500, redirects, or is down: its port refuses connections until it is started again
on the same port)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from analysis_app.webhooks.signing import signature_valid, timestamped_signature


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    raw: bytes
    #: The receiver's verdict on X-Webhook-Signature with `ReceiverState.secret`.
    signature_ok: bool
    #: ... and on X-Webhook-Signature-Timestamped with X-Webhook-Timestamp.
    timestamped_ok: bool

    @property
    def body(self) -> dict[str, Any]:
        return json.loads(self.raw)


@dataclass
class ReceiverState:
    """How the next requests are answered; tests set `status` (and `location` for 3xx)."""

    secret: str = ""
    status: int = 200
    location: str = ""
    requests: list[Received] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        state = self.server.state
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {name.lower(): value for name, value in self.headers.items()}
        timestamp = headers.get("x-webhook-timestamp", "")
        state.requests.append(Received(
            path=self.path, headers=headers, raw=raw,
            signature_ok=signature_valid(state.secret, raw,
                                         headers.get("x-webhook-signature", "")),
            timestamped_ok=timestamp.isdigit() and headers.get(
                "x-webhook-signature-timestamped") == timestamped_signature(
                state.secret, int(timestamp), raw),
        ))
        reply = b'{"received": true}' if state.status < 300 else b'{"error": "try later"}'
        self.send_response(state.status)
        if state.location:
            self.send_header("Location", state.location)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: ReceiverState


class WebhookReceiver:
    """Start, stop and start again on the same port (a receiver that goes down and back)."""

    def __init__(self) -> None:
        self.state = ReceiverState()
        self.port = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/coach"

    @property
    def requests(self) -> list[Received]:
        return self.state.requests

    def start(self) -> None:
        server = _Server(("127.0.0.1", self.port), _Handler)
        server.state = self.state
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True,
                                        name="webhook-receiver")
        self._thread.start()

    def stop(self) -> None:
        """Down: the port refuses connections (the listening socket is closed)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None


@contextmanager
def running_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()
