"""The API under load: locust users reading sessions, answers and reports.

Run by `make bench-api-load`, and by `make bench-cluster` after its layouts.

The data is created with the ORM, for speed (50 users through the API would take minutes and
trip the sign-up throttle): per user an API token and 3 sessions of 2 questions, each answered
and analysed. Every answer is a copy of a real analysed answer (its report, stage rows and
media info) from the bench database, i.e. the last cluster batch, so the responses are as large
as real ones; when there is none, one answer is first analysed through the API on a warm
single-process worker (the `one` layout of bench_cluster.py).

daphne runs alone (one process, as scripts/run.sh serves; no workers: these are reads) on the
bench database and a Redis of its own; locust runs headless in a process of its own (its gevent
must not patch this one) on the same machine, and its CPU is reported with daphne's.

    .venv/bin/python bench/bench_api_load.py [--users 50] [--duration 60] [--spawn-rate 10]
        [--wait 0.5,1.5] [--write docs/performance.md]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import cluster_stack  # noqa: E402
from bench.results_block import write_block  # noqa: E402

if TYPE_CHECKING:
    from sessions_app.models import Answer
    from tests.faults.harness import RedisServer

USER_PREFIX = "load-"
SESSIONS_PER_USER = 3
ANSWERS_PER_SESSION = 2
LOCUSTFILE = ROOT / "bench" / "locustfile.py"


@dataclass(frozen=True)
class EndpointStats:
    name: str
    requests: int
    failures: int
    p50_ms: float
    p99_ms: float
    per_s: float


@dataclass(frozen=True)
class LoadResult:
    users: int
    duration_s: int
    spawn_rate: float
    wait: str
    endpoints: list[EndpointStats]
    total: EndpointStats
    web_cpu_s: float
    locust_cpu_s: float
    locust_status: int
    errors: list[str]

    @property
    def web_cpu_per_request_ms(self) -> float:
        return self.web_cpu_s / self.total.requests * 1000 if self.total.requests else 0.0


def template_answer() -> Answer | None:
    """The latest answer analysed by a cluster batch, with its report."""
    from bench.bench_cluster import USER_PREFIX as CLUSTER_PREFIX
    from sessions_app.models import Answer

    return (Answer.objects.filter(session__owner__username__startswith=CLUSTER_PREFIX,
                                  analysis_status__in=("completed", "partial"),
                                  report__isnull=False)
            .select_related("report", "question").order_by("-updated_at").first())


def analysed_template(redis: RedisServer) -> Answer:
    """A real analysed answer to copy: the last cluster batch's, else one analysed now."""
    answer = template_answer()
    if answer is None:
        from bench.bench_cluster import run_layout
        from bench.bench_first_answer import make_recording

        print("[api-load] no analysed answer in the bench database: analysing one first",
              flush=True)
        payload = make_recording(ROOT / "var" / "bench").read_bytes()
        run_layout("one", payload, 1, redis, timeout=600)
        answer = template_answer()
    if answer is None:
        raise RuntimeError("No analysed answer to copy for the API load")
    return answer


def seed(users: int, template: Answer) -> list[dict[str, Any]]:
    """`users` token users, each with sessions of analysed answers copied from `template`."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from knox.models import get_digest_token
    from knox.settings import CONSTANTS, knox_settings

    from analysis_app.models import AnswerReport, StageRun
    from sessions_app.models import Answer, ApiToken, InterviewSession, Question

    cluster_stack.delete_users(USER_PREFIX)
    user_model = get_user_model()
    report = template.report
    runs = list(StageRun.objects.filter(answer=template))
    report_fields = {f.name: getattr(report, f.name) for f in AnswerReport._meta.fields
                     if f.name not in ("id", "answer", "created_at", "updated_at")}
    run_fields = [{f.name: getattr(run, f.name) for f in StageRun._meta.fields
                   if f.name not in ("id", "answer")} for run in runs]
    now = timezone.now()
    with transaction.atomic():
        people = user_model.objects.bulk_create(
            [user_model(username=f"{USER_PREFIX}{i}", password=make_password(None))
             for i in range(users)])
        # knox's tokens, made in bulk: the digest in the row, the key only in the bench's data.
        keys = {person.pk: get_digest_token() for person in people}
        expiry = now + knox_settings.TOKEN_TTL
        tokens = ApiToken.objects.bulk_create(
            [ApiToken(user=person, digest=keys[person.pk][0], expiry=expiry, name="bench",
                      token_key=keys[person.pk][1][:CONSTANTS.TOKEN_KEY_LENGTH])
             for person in people])
        sessions = InterviewSession.objects.bulk_create(
            [InterviewSession(owner=person, target_role="Data engineer", status="completed",
                              started_at=now, completed_at=now)
             for person in people for _ in range(SESSIONS_PER_USER)])
        questions = Question.objects.bulk_create(
            [Question(session=session, order=k + 1, text=template.question.text,
                      category=template.question.category,
                      key_points=template.question.key_points)
             for session in sessions for k in range(ANSWERS_PER_SESSION)])
        answers = Answer.objects.bulk_create(
            [Answer(session=question.session, question=question, order=question.order,
                    recording=template.recording.name, upload_state="complete",
                    upload_filename=template.upload_filename,
                    upload_content_type=template.upload_content_type,
                    upload_size=template.upload_size, upload_offset=template.upload_offset,
                    media_info=template.media_info, analysis_status="completed")
             for question in questions])
        AnswerReport.objects.bulk_create(
            [AnswerReport(answer=answer, **report_fields) for answer in answers])
        StageRun.objects.bulk_create(
            [StageRun(answer=answer, **fields) for answer in answers for fields in run_fields])
    by_owner: dict[int, dict[str, Any]] = {
        token.user_id: {"token": keys[token.user_id][1], "sessions": [], "answers": []}
        for token in tokens}
    for session in sessions:
        by_owner[session.owner_id]["sessions"].append(str(session.id))
    for answer in answers:
        by_owner[answer.session.owner_id]["answers"].append(str(answer.id))
    return list(by_owner.values())


def _stats(row: dict[str, str]) -> EndpointStats:
    return EndpointStats(
        name=f"{row['Type']} {row['Name']}".strip(),
        requests=int(row["Request Count"]), failures=int(row["Failure Count"]),
        p50_ms=float(row["50%"] or "nan"), p99_ms=float(row["99%"] or "nan"),
        per_s=float(row["Requests/s"]))


def run_api_load(redis: RedisServer, *, users: int, duration: int, spawn_rate: float,
                 wait: str = "0.5,1.5") -> LoadResult:
    """Seed the users, start daphne alone, run locust against it, read its statistics."""
    from tests.live_platform import run_platform

    folder = cluster_stack.WORKDIR / "api-load"
    template = analysed_template(redis)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "media").mkdir(parents=True)
    data = folder / "users.json"
    data.write_text(json.dumps(seed(users, template)))
    print(f"[api-load] {users} users seeded; locust for {duration} s", flush=True)
    with run_platform(folder / "media", folder, workers=[], redis_url=redis.url,
                      env=cluster_stack.PROCESS_ENV) as live:
        web_before = cluster_stack.cpu_snapshot([live.server_pid])
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
             "-u", str(users), "-r", str(spawn_rate), "-t", f"{duration}s",
             "--host", live.base_url, "--csv", str(folder / "locust"), "--only-summary",
             "--stop-timeout", "5", "--loglevel", "WARNING"],
            cwd=ROOT, env={**os.environ, "BENCH_LOCUST_DATA": str(data),
                           "BENCH_LOCUST_WAIT": wait},
            stdout=(folder / "locust.log").open("wb"), stderr=subprocess.STDOUT,
            timeout=duration + 180, check=False)
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        web_after = cluster_stack.cpu_snapshot([live.server_pid])
    with (folder / "locust_stats.csv").open(newline="") as stats_file:
        rows = [_stats(row) for row in csv.DictReader(stats_file)]
    errors = []
    failures = folder / "locust_failures.csv"
    if failures.exists():
        with failures.open(newline="") as failures_file:
            errors = [f"{row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}x)"
                      for row in csv.DictReader(failures_file)]
    locust_cpu = ((children_after.ru_utime + children_after.ru_stime)
                  - (children_before.ru_utime + children_before.ru_stime))
    return LoadResult(
        users=users, duration_s=duration, spawn_rate=spawn_rate, wait=wait,
        endpoints=[row for row in rows if row.name != "Aggregated"],
        total=next(row for row in rows if row.name == "Aggregated"),
        web_cpu_s=cluster_stack.cpu_delta(web_before, web_after), locust_cpu_s=locust_cpu,
        locust_status=done.returncode, errors=errors)


def render(load: LoadResult, command: str, machine: str) -> str:
    low, high = load.wait.split(",")
    lines = [
        f"Command: `{command}`",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}.",
        f"locust {load.users} users (spawned {load.spawn_rate:g}/s) for {load.duration_s} s, "
        f"headless, each an API-token user with {SESSIONS_PER_USER} sessions of "
        f"{ANSWERS_PER_SESSION} analysed answers (ORM copies of a real analysed answer), "
        f"{low}-{high} s think time between requests; one daphne process, PostgreSQL, Redis and "
        "locust itself on the same machine.",
        "",
        "| endpoint | requests | errors | p50 (ms) | p99 (ms) | requests/s |",
        "|---|---:|---:|---:|---:|---:|",
        *(f"| `{e.name}` | {e.requests} | {e.failures} | {e.p50_ms:.0f} | {e.p99_ms:.0f} "
          f"| {e.per_s:.1f} |" for e in load.endpoints),
        f"| **all** | {load.total.requests} | {load.total.failures} | {load.total.p50_ms:.0f} "
        f"| {load.total.p99_ms:.0f} | {load.total.per_s:.1f} |",
        "",
        f"Errors: {load.total.failures}"
        + (f" ({'; '.join(load.errors[:3])})" if load.errors else "")
        + f". daphne CPU: {load.web_cpu_s:.1f} s, {load.web_cpu_per_request_ms:.1f} ms per "
        f"request (one core would serve ~{1000 / load.web_cpu_per_request_ms:,.0f} requests/s "
        f"of this mix if nothing else ran); locust's own CPU: {load.locust_cpu_s:.1f} s."
        if load.web_cpu_per_request_ms else f"Errors: {load.total.failures}.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second")
    parser.add_argument("--wait", default="0.5,1.5", help="think time range, seconds: low,high")
    parser.add_argument("--database-url", default=cluster_stack.DEFAULT_DATABASE_URL)
    parser.add_argument("--write", type=Path, default=None,
                        help="rewrite the bench-api-load block of this file")
    args = parser.parse_args(argv)
    command = shlex.join([".venv/bin/python", "bench/bench_api_load.py",
                          *(sys.argv[1:] if argv is None else argv)])
    cluster_stack.stop_on_sigterm()
    load_before = cluster_stack.load_average()
    cluster_stack.configure_django(args.database_url)
    cluster_stack.ensure_database(args.database_url)
    cluster_stack.WORKDIR.mkdir(parents=True, exist_ok=True)
    with cluster_stack.bench_redis(cluster_stack.WORKDIR / "redis") as redis:
        load = run_api_load(redis, users=args.users, duration=args.duration,
                            spawn_rate=args.spawn_rate, wait=args.wait)
    report = render(load, command, cluster_stack.machine_line(load_before))
    print(report)
    if args.write:
        write_block(args.write, "bench-api-load", report)


if __name__ == "__main__":
    main()
