"""Runs the real platform for integration tests: a daphne server and a Celery worker process.

Both processes use the test database (committed data: tests using this need transactional_db),
the test's private media folder and the test Redis database, exactly as production processes
would, so what passes here passes through the real broker, channel layer and server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
import requests
from django.conf import settings
from django.db import connection

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def process_env(media_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "interview_project.settings.test",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(media_root),
        "REDIS_URL": settings.REDIS_URL,
        "PYTHONUNBUFFERED": "1",
    }


@dataclass
class LivePlatform:
    base_url: str
    ws_url: str
    media_root: Path
    worker_log: Path
    server_log: Path


def _wait_for(check: object, what: str, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not start in {timeout:.0f} s:\n{log.read_text()[-4000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def run_platform(
    media_root: Path, logs: Path, *, worker_concurrency: int = 2
) -> Iterator[LivePlatform]:
    # Messages left by an earlier, interrupted run must not be consumed by this worker.
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    env = process_env(media_root)
    port = free_port()
    worker_log, server_log = logs / "worker.log", logs / "server.log"
    queues = ",".join(settings.ANALYSIS_QUEUES)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "interview_project", "worker", "-Q", queues,
         "-c", str(worker_concurrency), "-l", "info", "-n", f"test-{port}@%h",
         "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=worker_log.open("wb"), stderr=subprocess.STDOUT,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
         "interview_project.asgi:application"],
        cwd=ROOT, env=env, stdout=server_log.open("wb"), stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: urllib.request.urlopen(f"{base_url}/api/auth/csrf/", timeout=2).status
                  == 200, "daphne", server_log)
        _wait_for(lambda: b"ready." in worker_log.read_bytes(), "The Celery worker", worker_log)
        yield LivePlatform(base_url=base_url, ws_url=f"ws://127.0.0.1:{port}",
                           media_root=media_root, worker_log=worker_log, server_log=server_log)
    finally:
        _stop(server)
        _stop(worker)


class Browser:
    """A cookie + CSRF client, as the web app behaves."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        self.http.get(f"{base_url}/api/auth/csrf/").raise_for_status()

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"X-CSRFToken": self.http.cookies["csrftoken"], "Referer": self.base_url,
                **(extra or {})}

    def post(self, path: str, body: dict | None = None) -> requests.Response:
        return self.http.post(f"{self.base_url}{path}", json=body, headers=self._headers())

    def put_bytes(self, path: str, data: bytes, offset: int) -> requests.Response:
        return self.http.put(f"{self.base_url}{path}", data=data, headers=self._headers(
            {"Content-Type": "application/octet-stream", "Upload-Offset": str(offset)}))

    def get(self, path: str) -> requests.Response:
        return self.http.get(f"{self.base_url}{path}")

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())


def signed_up(base_url: str, name: str) -> Browser:
    browser = Browser(base_url)
    response = browser.post("/api/auth/signup/", {"username": name, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return browser
