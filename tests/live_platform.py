"""Runs the real platform for integration tests: a daphne server and Celery worker processes.

The processes use the test database (committed data: tests using this need transactional_db),
the test's private media folder and the test Redis database, exactly as production processes
would, so what passes here passes through the real broker, channel layer and server. The
benchmarks (bench/bench_cluster.py) start the same stack with other worker layouts (several
workers, each on its own queues) against a database and a Redis of their own.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

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


@dataclass(frozen=True)
class WorkerSpec:
    """One `celery worker` process: the queues it consumes (None: every analysis queue), the
    size of its prefork pool, and what its environment adds (another node's own folders)."""

    queues: tuple[str, ...] | None = None
    concurrency: int = 2
    env: Mapping[str, str] = field(default_factory=dict)


@dataclass
class LivePlatform:
    base_url: str
    ws_url: str
    media_root: Path
    #: The first worker's log (the only one, unless several workers were asked for).
    worker_log: Path
    server_log: Path
    worker_logs: list[Path] = field(default_factory=list)
    #: Process ids, for those who measure the processes (CPU, memory) while they run.
    server_pid: int = 0
    worker_pids: list[int] = field(default_factory=list)


#: What each worker process logs once its models are loaded (workers/signals.py).
WARM_MARK = b"Loaded analysis models"


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


def _descendants(pid: int) -> list[int]:
    """Child processes, recursively (a Celery worker's pool), read from /proc."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            children = [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *_descendants(child)]
    return found


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate the process and wait for it; pool children that outlive a parent that had to
    be killed are killed too (by pid), so an interrupted run leaves nothing behind."""
    children = _descendants(process.pid)
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for child in children:
        try:
            os.kill(child, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _start_worker(spec: WorkerSpec, index: int, name: str, env: dict[str, str],
                  log: Path) -> subprocess.Popen[bytes]:
    queues = ",".join(spec.queues or settings.ANALYSIS_QUEUES)
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "interview_project", "worker", "-Q", queues,
         "-c", str(spec.concurrency), "-l", "info",
         "-n", f"{name}@%h" if index == 0 else f"{name}-{index}@%h",
         "--without-gossip", "--without-mingle"],
        cwd=ROOT, env={**env, **spec.env}, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )


@contextmanager
def run_platform(
    media_root: Path, logs: Path, *, worker_concurrency: int = 2,
    workers: Sequence[WorkerSpec] | None = None, env: Mapping[str, str] | None = None,
    redis_url: str | None = None, warm_timeout: float = 240.0,
    server_env: Mapping[str, str] | None = None,
) -> Iterator[LivePlatform]:
    """daphne and Celery workers on the test database and Redis, stopped on the way out.

    By default one worker serves every queue with `worker_concurrency` processes; `workers`
    asks for other layouts (an empty list: daphne alone). `env` adds to the processes'
    environment (`server_env` daphne's alone); `redis_url` gives them another Redis (broker
    and channel layer) than the test settings' one. When the workers load their models at
    start (ANALYSIS_WARM_UP), this waits until every pool process has (as scripts/run.sh
    does), so timings never include the loads.
    """
    # Messages left by an earlier, interrupted run must not be consumed by this worker.
    redis.Redis.from_url(redis_url or settings.REDIS_URL).flushdb()
    redis_env = ({"REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url,
                  "CHANNEL_LAYER_URL": redis_url} if redis_url else {})
    process_environment = {**process_env(media_root), **redis_env, **(env or {})}
    specs = list(workers) if workers is not None else [WorkerSpec(concurrency=worker_concurrency)]
    port = free_port()
    server_log = logs / "server.log"
    worker_logs = [logs / ("worker.log" if index == 0 else f"worker-{index}.log")
                   for index in range(len(specs))]
    started: list[subprocess.Popen[bytes]] = []
    base_url = f"http://127.0.0.1:{port}"
    try:
        worker_processes = []
        for index, (spec, log) in enumerate(zip(specs, worker_logs, strict=True)):
            worker_processes.append(
                _start_worker(spec, index, f"test-{port}", process_environment, log))
            started.append(worker_processes[-1])
        server = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
             "interview_project.asgi:application"],
            cwd=ROOT, env={**process_environment, **(server_env or {})},
            stdout=server_log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        started.append(server)
        _wait_for(lambda: urllib.request.urlopen(f"{base_url}/api/auth/csrf/", timeout=2).status
                  == 200, "daphne", server_log)
        warm = bool(process_environment.get("ANALYSIS_WARM_UP", "").strip())
        for spec, log in zip(specs, worker_logs, strict=True):
            _wait_for(lambda log=log: b"ready." in log.read_bytes(), "The Celery worker", log)
            if warm:
                _wait_for(lambda log=log, spec=spec: log.read_bytes().count(WARM_MARK)
                          >= spec.concurrency, "The warm-up of every worker process", log,
                          timeout=warm_timeout)
        yield LivePlatform(base_url=base_url, ws_url=f"ws://127.0.0.1:{port}",
                           media_root=media_root,
                           worker_log=worker_logs[0] if worker_logs else logs / "worker.log",
                           server_log=server_log, worker_logs=worker_logs,
                           server_pid=server.pid,
                           worker_pids=[process.pid for process in worker_processes])
    finally:
        # The server first (no new work comes in), then the workers; in reverse start order.
        for process in reversed(started):
            stop_process(process)


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


def cut_connection_mid_chunk(browser: Browser, path: str, data: bytes, offset: int) -> None:
    """Send the headers and half the body of a chunk, then drop the connection."""
    url = urlparse(browser.base_url)
    head = (
        f"PUT {path} HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/octet-stream\r\n"
        f"Content-Length: {len(data)}\r\nUpload-Offset: {offset}\r\n"
        f"X-CSRFToken: {browser.http.cookies['csrftoken']}\r\nReferer: {browser.base_url}\r\n"
        f"Cookie: {browser.cookie_header()}\r\n\r\n"
    ).encode()
    with socket.create_connection((url.hostname, url.port)) as raw:
        raw.sendall(head + data[: len(data) // 2])
