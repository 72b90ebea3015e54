"""The suite's one fake LLM provider: a real HTTP server on 127.0.0.1 that speaks the OpenAI
chat-completions contract, and misbehaves on request: slow, trickling, malformed, failing,
redirecting. Every LLM test talks to it over a socket (fixtures ``llm_server`` and ``llm`` in
``tests/conftest.py``), so the real client, httpx included, is what gets tested."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class ChatServerState:
    """What the next replies look like; tests set ``mode`` and ``content``.

    ``mode``: ``ok`` (a completion whose message is ``content``), ``raw`` (``content`` is the
    whole body), ``slow`` (wait ``delay_s`` before answering as ``ok``), ``trickle`` (one byte
    every ``delay_s``). ``status`` and ``headers`` go with every reply."""

    mode: str = "ok"
    content: str = "{}"
    status: int = 200
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


def completion_body(content: str) -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": "test-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        state.requests.append(
            RecordedRequest(
                self.path, {k.lower(): v for k, v in self.headers.items()}, json.loads(raw or b"{}")
            )
        )
        if self.path != "/v1/chat/completions":
            self._send(404, b'{"error": {"message": "not found"}}')
            return
        if state.mode == "slow":
            # Wait without replying; the fixture releases waiters when the test ends.
            state.release.wait(state.delay_s)
        if state.mode == "trickle":
            body = completion_body(state.content)
            self.send_response(200)
            self._send_headers(len(body))
            for byte in body:
                if state.release.wait(state.delay_s):
                    return
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
            return
        if state.mode == "raw":
            self._send(state.status, state.content.encode())
            return
        self._send(state.status, completion_body(state.content))

    def _send(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self._send_headers(len(body))
            self.wfile.write(body)
        except OSError:
            pass

    def _send_headers(self, length: int) -> None:
        for name, value in self.server.state.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(length))
        self.end_headers()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: ChatServerState


@dataclass
class RunningChatServer:
    base_url: str
    state: ChatServerState


@contextmanager
def chat_server() -> Iterator[RunningChatServer]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.state = ChatServerState()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield RunningChatServer(f"http://{host}:{port}/v1", server.state)
    finally:
        server.state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
