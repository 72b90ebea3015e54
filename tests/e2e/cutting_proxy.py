"""A TCP proxy between the browser and daphne that can drop upload chunks in mid-flight.

It forwards bytes both ways untouched and follows the browser's HTTP/1.1 requests just enough to
know when a chunk upload (`PUT .../upload/chunk/`) is on the wire. Armed, it forwards the headers
and half the body of such a request, then closes both sides: the server sees a connection that
died mid-body, the browser a reset, exactly as when a laptop's Wi-Fi drops during an upload.
WebSocket connections pass through untouched after their upgrade request.
"""

from __future__ import annotations

import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

CHUNK_PUT = re.compile(rb"^PUT /api/answers/[^/]+/upload/chunk/ ")
CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
UPGRADE = re.compile(rb"\r\nupgrade:\s*websocket", re.IGNORECASE)


@dataclass
class CutPlan:
    """Let `skip` chunk uploads through, then cut every one that starts within `window_s` of
    the first cut."""

    skip: int
    window_s: float
    seen: int = 0
    first_cut_at: float | None = None
    cuts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def should_cut(self) -> bool:
        with self.lock:
            self.seen += 1
            if self.seen <= self.skip:
                return False
            now = time.monotonic()
            if self.first_cut_at is None:
                self.first_cut_at = now
            if now - self.first_cut_at > self.window_s:
                return False
            self.cuts += 1
            return True


class CuttingProxy:
    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.plan: CutPlan | None = None
        self._closing = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut_chunk_uploads(self, *, skip: int, window_s: float) -> CutPlan:
        self.plan = CutPlan(skip=skip, window_s=window_s)
        return self.plan

    def close(self) -> None:
        self._closing = True
        self.listener.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            for pump, ends in ((self._browser_to_server, (client, server)),
                               (self._pipe, (server, client))):
                threading.Thread(target=pump, args=ends, daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _browser_to_server(self, client: socket.socket, server: socket.socket) -> None:
        buffer = b""
        try:
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = client.recv(65536)
                    if not data:
                        return
                    buffer += data
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                head += b"\r\n\r\n"
                if UPGRADE.search(head):
                    server.sendall(head + buffer)
                    self._pipe(client, server)
                    return
                match = CONTENT_LENGTH.search(head)
                length = int(match.group(1)) if match else 0
                plan = self.plan
                cut = bool(CHUNK_PUT.match(head)) and plan is not None and plan.should_cut()
                limit = length // 2 if cut else length
                server.sendall(head)
                sent = 0
                while sent < limit:
                    if not buffer:
                        buffer = client.recv(65536)
                        if not buffer:
                            return
                    piece, buffer = buffer[: limit - sent], buffer[limit - sent :]
                    server.sendall(piece)
                    sent += len(piece)
                if cut:
                    for end in (client, server):  # a reset, not a polite close
                        end.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        end.close()
                    return
        except OSError:
            return
        finally:
            try:
                server.shutdown(socket.SHUT_WR)
            except OSError:
                pass
