"""What the cluster benchmarks share: a PostgreSQL database and a Redis of their own, Django set
up on them, and CPU and memory readings of the processes they start.

The benchmarks must never disturb the test suite (which uses the `interview_coach` database and
Redis database 15 on the shared server) nor be disturbed by it, so they use the
`interview_coach_bench` database and a redis-server they start on a free port. The processes run
with the embedded (`local`) settings, debug off, as `scripts/run.sh` runs them, and the database
connections as docker-compose.yml sets them (persistent in the workers, per request in daphne):
the figures are those of the real platform, not of the test settings (whose lease is 600 s and
whose password hasher is MD5).
"""

from __future__ import annotations

import os
import platform
import signal
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import psutil

from bench.bench_engine import cpu_name

if TYPE_CHECKING:
    from tests.faults.harness import RedisServer

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/interview_coach_bench")
WORKDIR = ROOT / "var" / "bench" / "cluster"
SETTINGS_MODULE = "interview_project.settings.local"
#: The environment of every process the benchmarks start, on top of run_platform's own.
PROCESS_ENV = {
    "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
    "DJANGO_DEBUG": "false",
    "HF_HUB_OFFLINE": "1",
    "LOG_LEVEL": "INFO",
}
#: What a worker adds (docker-compose.yml's workers): its one thread keeps its connection.
WORKER_ENV = {"DATABASE_CONN_MAX_AGE": "60"}


def stop_on_sigterm() -> None:
    """SIGTERM (a `kill`, a CI timeout) unwinds like Ctrl-C does, so every `finally` that stops
    a process runs; without it the interpreter would die and leave daphne and the workers."""

    def raise_exit(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, raise_exit)


def configure_django(database_url: str) -> None:
    """Django in this process, on the bench database: the benchmarks read the stage rows and
    create the API load's data with the ORM, and tests.live_platform needs the settings."""
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["DATABASE_URL"] = database_url
    for name, value in PROCESS_ENV.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()


def ensure_database(database_url: str) -> None:
    """Create the bench database when missing and bring its schema up to date."""
    import psycopg2
    from django.core.management import call_command

    url = urlparse(database_url)
    name = url.path.lstrip("/")
    connection = psycopg2.connect(host=url.hostname or "127.0.0.1", port=url.port or 5432,
                                  user=url.username or "postgres", password=url.password or "",
                                  dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
    call_command("migrate", interactive=False, verbosity=0)


@contextmanager
def bench_redis(folder: Path) -> Iterator[RedisServer]:
    """A redis-server of the benchmark's own on a free port (its `url`; its `process`, whose
    CPU is counted), with append-only persistence as the platform runs it; killed on the way
    out."""
    from tests.faults.harness import RedisServer

    server = RedisServer(folder, persistent=True)
    try:
        server.start()
        yield server
    finally:
        server.kill()


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and all its descendants, live or reaped: what a
    Celery worker's main process and its pool children have spent so far."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def cpu_snapshot(pids: Iterable[int]) -> dict[int, float]:
    return {pid: tree_cpu_seconds(pid) for pid in pids}


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(after[pid] - before.get(pid, 0.0) for pid in after)


def pool_rss_mb(pids: Iterable[int]) -> list[float]:
    """Resident memory of every worker pool process (the children, which hold the models)."""
    sizes = []
    for pid in pids:
        try:
            children = psutil.Process(pid).children(recursive=True)
        except psutil.NoSuchProcess:
            continue
        for child in children:
            try:
                sizes.append(child.memory_info().rss / 2**20)
            except psutil.NoSuchProcess:
                continue
    return sizes


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def machine_line(load_before: str) -> str:
    memory = psutil.virtual_memory().total / 2**30
    return (f"{os.cpu_count()} cores ({cpu_name()}), {memory:.0f} GiB RAM, Python "
            f"{platform.python_version()}; load average (1, 5, 15 min) before: {load_before}, "
            f"after: {load_average()}")


def delete_users(prefix: str) -> None:
    """Remove an earlier run's users and, by cascade, their sessions, answers and reports."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username__startswith=prefix).delete()


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (numpy's default); NaN for no values."""
    import numpy as np

    return float(np.percentile(values, q)) if values else float("nan")
