"""The real stack for fault injection: a Redis the test owns, daphne, Celery beat and worker
processes, all on the test database; and the audit that says whether anything was lost.

Faults are real: processes are killed by pid with SIGKILL and Redis is killed and started
again on its own port, with or without append-only persistence. The shared Redis on 6379 is
never touched.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import redis
from django.db.models import Max, Min, Q

from analysis_app.models import StageAttempt, StageRun
from sessions_app.models import AnalysisStatus, Answer
from tests.live_platform import ROOT, Browser, free_port, process_env, signed_up

#: Short enough that a test sees recovery in seconds, long enough that a busy 2-core machine
#: never lets a live worker's lease lapse (it renews every third of it).
FAULT_SETTINGS = {
    "ANALYSIS_LEASE_S": "6",
    "ANALYSIS_RECONCILE_INTERVAL_S": "2",
    "ANALYSIS_DISPATCH_GRACE_S": "1",
    "ANALYSIS_REDISPATCH_AFTER_S": "10",
    "ANALYSIS_MAX_ATTEMPTS": "3",
}
DONE = (AnalysisStatus.COMPLETED, AnalysisStatus.PARTIAL, AnalysisStatus.FAILED)


def wait_until(check: Callable[[], object], what: str, timeout: float,
               interval: float = 0.1) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}")


class RedisServer:
    """A redis-server of the test's own, on its own port and folder."""

    def __init__(self, folder: Path, *, persistent: bool) -> None:
        self.folder = folder
        self.persistent = persistent
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        persistence = (["--appendonly", "yes", "--appendfsync", "everysec"] if self.persistent
                       else ["--appendonly", "no"])
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir",
             str(self.folder), "--save", "", *persistence],
            stdout=(self.folder / "redis.log").open("ab"), stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        wait_until(lambda: _pings(client), "redis-server", 20)

    def kill(self) -> None:
        """SIGKILL, as a crash or a node loss would: no shutdown save."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def restart(self, down_s: float = 1.0) -> None:
        self.kill()
        time.sleep(down_s)
        self.start()


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill_all(self) -> None:
        """The main process and its pool children at once (a node that lost power)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@dataclass
class FaultStack:
    root: Path
    redis: RedisServer
    env: dict[str, str]
    base_url: str = ""
    workers: list[Worker] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def _spawn(self, args: list[str], log: Path) -> subprocess.Popen[bytes]:
        # A session of its own: the whole process group can be killed at once.
        process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log.open("ab"),
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def start_worker(self, concurrency: int = 2) -> Worker:
        log = self.root / f"worker-{len(self.workers)}.log"
        queues = "media,speech,audio,video,text,scoring"
        process = self._spawn(
            [sys.executable, "-m", "tests.faults.faulty_worker", "-A", "interview_project",
             "worker", "-Q", queues, "-c", str(concurrency), "-l", "info",
             "-n", f"fault-{len(self.workers)}-{free_port()}@%h",
             "--without-gossip", "--without-mingle"], log)
        worker = Worker(process, log)
        wait_until(lambda: b"ready." in log.read_bytes(), "the Celery worker", 90, 0.25)
        self.workers.append(worker)
        return worker

    def start_web_and_beat(self) -> None:
        port = free_port()
        self._spawn([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                     "interview_project.asgi:application"], self.root / "server.log")
        self._spawn([sys.executable, "-m", "celery", "-A", "interview_project", "beat",
                     "-l", "info", "-s", str(self.root / "beat-schedule")],
                    self.root / "beat.log")
        self.base_url = f"http://127.0.0.1:{port}"
        wait_until(lambda: _serves(f"{self.base_url}/api/auth/csrf/"), "daphne", 90, 0.25)

    def child_pids(self, worker: Worker) -> list[int]:
        children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=15)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        self.redis.kill()

    def logs(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
                         for log in sorted(self.root.glob("*.log")))


def _serves(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200
    except OSError:
        return False


@contextmanager
def fault_stack(root: Path, media_root: Path, *, persistent_redis: bool = True,
                workers: int = 1) -> Iterator[FaultStack]:
    root.mkdir(parents=True, exist_ok=True)
    server = RedisServer(root / "redis", persistent=persistent_redis)
    server.start()
    env = {**process_env(media_root), **FAULT_SETTINGS, "REDIS_URL": server.url,
           "CELERY_BROKER_URL": server.url, "CHANNEL_LAYER_URL": server.url}
    stack = FaultStack(root=root, redis=server, env=env)
    try:
        stack.start_web_and_beat()
        for _ in range(workers):
            stack.start_worker()
        yield stack
    finally:
        stack.stop()


# -- the client side: answers uploaded through the API, as an integrator does ------------------

def prepare_answers(browser: Browser, count: int, recording: bytes,
                    names: list[str]) -> list[str]:
    """Answers with their whole recording uploaded but not finished yet."""
    session = browser.post("/api/sessions/create/", {"target_role": "Data engineer"}).json()
    question = browser.post(f"/api/sessions/{session['id']}/questions/create/",
                            {"text": "Tell me about a project you led."}).json()
    answer_ids = []
    for index in range(count):
        answer = browser.post(f"/api/sessions/{session['id']}/answers/create/",
                              {"question_id": question["id"]}).json()
        upload = f"/api/answers/{answer['id']}/upload/"
        started = browser.post(f"{upload}start/", {"filename": names[index % len(names)],
                                                   "size": len(recording)})
        assert started.status_code == 201, started.text
        sent = browser.put_bytes(f"{upload}chunk/", recording, 0)
        assert sent.status_code == 200, sent.text
        answer_ids.append(answer["id"])
    return answer_ids


def finish_uploads(browser: Browser, answer_ids: list[str]) -> list[int]:
    return [browser.post(f"/api/answers/{answer_id}/upload/finish/").status_code
            for answer_id in answer_ids]


def new_candidate(stack: FaultStack) -> Browser:
    return signed_up(stack.base_url, f"candidate-{free_port()}")


# -- the audit --------------------------------------------------------------------------------

@dataclass
class Audit:
    submitted: int
    statuses: dict[str, str]
    committed_twice: int
    overlapping: int
    lost_attempts: int
    stage_errors: dict[tuple[str, str], str]
    #: From the first analysis request to the last stage's end, read from the rows.
    span_s: float

    @property
    def stuck(self) -> int:
        return sum(1 for status in self.statuses.values() if status not in DONE)

    def count(self, status: str) -> int:
        return sum(1 for value in self.statuses.values() if value == status)


def all_terminal(answer_ids: list[str]) -> bool:
    return Answer.objects.filter(pk__in=answer_ids, analysis_status__in=DONE).count() == len(
        answer_ids)


def audit(answer_ids: list[str]) -> Audit:
    """Exactly once per stage: at most one attempt committed a result, and no attempt started
    before the previous one of its stage had ended or gone silent (its last lease renewal)."""
    statuses = {str(pk): status for pk, status in Answer.objects.filter(
        pk__in=answer_ids).values_list("pk", "analysis_status")}
    committed_twice = overlapping = 0
    for answer_id in answer_ids:
        for stage in {run.stage for run in StageRun.objects.filter(answer_id=answer_id)}:
            attempts = list(StageAttempt.objects.filter(answer_id=answer_id, stage=stage)
                            .order_by("started_at"))
            committed = [a for a in attempts if a.outcome in ("finished", "failed")]
            committed_twice += max(0, len(committed) - 1)
            for previous, following in pairwise(attempts):
                if (previous.ended_at or previous.heartbeat_at) > following.started_at:
                    overlapping += 1
    runs = StageRun.objects.filter(answer_id__in=answer_ids)
    span = runs.aggregate(first=Min("queued_at", filter=Q(stage="media")),
                          last=Max("finished_at"))
    return Audit(
        submitted=len(answer_ids),
        statuses=statuses,
        committed_twice=committed_twice,
        overlapping=overlapping,
        lost_attempts=StageAttempt.objects.filter(answer_id__in=answer_ids,
                                                  outcome="lost").count(),
        stage_errors={(str(run.answer_id), run.stage): run.error
                      for run in runs if run.status == "failed"},
        span_s=(span["last"] - span["first"]).total_seconds()
        if span["first"] and span["last"] else 0.0,
    )


def running_stages(answer_ids: list[str]) -> list[StageRun]:
    return list(StageRun.objects.filter(answer_id__in=answer_ids, status="started")
                .exclude(lease_owner=""))
