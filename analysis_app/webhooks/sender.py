"""One HTTP POST of a webhook body, standard library only (it must connect to the exact
address that was checked, below): one overall deadline over connect, send and a trickle of
reply bytes (a socket timeout alone restarts with every byte), a cap on what is read back,
and no redirects (a 3xx is a failed attempt: following one would leave the checked address).

The connection goes to `Target.address`, the address `targets.check_target` just checked,
while the Host header and TLS (SNI and certificate) use the URL's host name. No Django here.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from analysis_app.webhooks.targets import Target

#: Enough of the receiver's reply to debug with, from the delivery log.
EXCERPT_CHARS = 500
MAX_REPLY_BYTES = 64 * 1024


@dataclass(frozen=True)
class SendResult:
    """How one attempt went: a status code (any, 2xx is success) or the error that stopped it."""

    status_code: int | None
    duration_ms: float
    error: str = ""
    excerpt: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _pinned(address: str) -> Any:
    """`socket.create_connection` to the checked address, whatever the host name resolves to
    now: the connection's `host` stays the name, for the Host header and TLS."""

    def create_connection(target: tuple[str, int], timeout: float | None = None,
                          source_address: tuple[str, int] | None = None) -> socket.socket:
        return socket.create_connection((address, target[1]), timeout, source_address)

    return create_connection


def _connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    connection: http.client.HTTPConnection
    if target.https:
        connection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=timeout)
    connection._create_connection = _pinned(target.address)  # type: ignore[attr-defined]
    return connection


def post(target: Target, body: bytes, headers: Mapping[str, str], *,
         timeout_s: float) -> SendResult:
    """POST the body; never raises for network trouble, which is an attempt's outcome."""
    started = time.monotonic()
    deadline = started + timeout_s

    def elapsed_ms() -> float:
        return round((time.monotonic() - started) * 1000, 1)

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        return left

    connection: http.client.HTTPConnection | None = None
    status: int | None = None
    try:
        connection = _connection(target, remaining())
        connection.request("POST", target.path, body=body, headers=dict(headers))
        if connection.sock is not None:
            connection.sock.settimeout(remaining())
        response = connection.getresponse()
        status = response.status
        chunks: list[bytes] = []
        size = 0
        while size < MAX_REPLY_BYTES:
            if connection.sock is not None:
                connection.sock.settimeout(remaining())
            chunk = response.read1(16 * 1024)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        excerpt = b"".join(chunks).decode("utf-8", "replace")[:EXCERPT_CHARS]
        return SendResult(status, elapsed_ms(), excerpt=excerpt)
    except TimeoutError:
        # A receiver that answered but trickles its body still answered: its status counts.
        what = "The reply's body did not end" if status is not None else "No reply came"
        return SendResult(status, elapsed_ms(), error=f"{what} within {timeout_s:g} s.")
    except ssl.SSLError as error:
        return SendResult(None, elapsed_ms(), error=f"TLS failed: {error.reason or error}.")
    except ConnectionRefusedError:
        return SendResult(None, elapsed_ms(), error="Connection refused.")
    except (OSError, http.client.HTTPException) as error:
        return SendResult(None, elapsed_ms(),
                          error=f"Connection failed: {type(error).__name__}: {error}"[:500])
    finally:
        if connection is not None:
            connection.close()
