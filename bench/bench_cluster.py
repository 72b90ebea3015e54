"""Measured scale: throughput per worker layout, the API under load, and a capacity model.

Run by `make bench-cluster`; the model is computed from what the run measured.

For each worker layout this starts daphne and warm Celery workers (ANALYSIS_WARM_UP, waiting
until every pool process has logged "Loaded analysis models", as scripts/run.sh does) on a
PostgreSQL database and a redis-server of their own (bench/cluster_stack.py: the tests are never
touched), then does what candidates do, through the API: sign up (cookie + CSRF), create a
session and a question, create the answers and upload each ~25 s recording resumably in 256 KiB
chunks like the web client; then finishes every upload at once (a thread per answer, released
together) and waits for each answer's `answer.result` on the session's progress WebSocket (the
database is polled as a fallback, should a WebSocket drop). Per layout it reports:

- answers per minute: answers / (the last result - the first finish request);
- p50 / p90 seconds from each finish's 202 to its result (the report is then served);
- CPU seconds per answer: user + system time of every worker process and its children (psutil,
  just before the finishes and at the last result), of daphne (the uploads, and separately
  the finishes and the WebSocket pushes) and of the benchmark's Redis; PostgreSQL is shared
  with other work on this machine and is not counted.

Then the API load run (bench/bench_api_load.py, locust) and a capacity model computed from
the measured numbers: per-stage costs from the StageRun rows of the single-process layout,
answers per hour per core, GPU as a formula, worker nodes for N candidates answering at once.

    .venv/bin/python bench/bench_cluster.py [--answers 12] [--layouts one,two,split]
        [--users 50] [--duration 60] [--write docs/performance.md]

Smoke run: --answers 2 --layouts one --users 5 --duration 10 (without --write).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import shutil
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis_app.engine.stages import Stage  # noqa: E402
from bench import cluster_stack  # noqa: E402
from bench.results_block import write_block  # noqa: E402

if TYPE_CHECKING:
    from bench.bench_api_load import LoadResult
    from tests.faults.harness import RedisServer
    from tests.live_platform import Browser, LivePlatform

#: name -> (what it is, the workers: (queues or None for every queue, pool processes)).
LAYOUTS: dict[str, tuple[str, tuple[tuple[tuple[str, ...] | None, int], ...]]] = {
    "one": ("1 worker, `-c 1`, every queue", ((None, 1),)),
    "two": ("1 worker, `-c 2`, every queue", ((None, 2),)),
    "split": ("`-Q speech,video -c 1` + `-Q media,audio,text,scoring -c 1`",
              ((("speech", "video"), 1), (("media", "audio", "text", "scoring"), 1))),
}
WARM_UP = "speech,audio,text,video"
#: What the web client sends per PUT (frontend/src/upload/resumableUpload.ts).
CHUNK_BYTES = 256 * 1024
#: DRF's sign-up throttle allows 30 a minute per client address (sessions_app/auth_apis.py);
#: beyond this many candidates, answers are shared out between them.
MAX_CANDIDATES = 25
QUESTION = "Tell me about a project you led."
DONE = ("completed", "partial", "failed")
USER_PREFIX = "bench-"


@dataclass
class Candidate:
    browser: Browser
    session_id: str
    question_id: int
    answer_ids: list[str] = field(default_factory=list)


class Results:
    """When each answer's analysis ended, as the client learnt it (WebSocket or poll)."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.done: dict[str, tuple[float, str, str]] = {}

    def record(self, answer_id: str, status: str, via: str) -> None:
        with self.changed:
            if answer_id not in self.done:
                self.done[answer_id] = (time.monotonic(), status, via)
                self.changed.notify_all()


@dataclass
class BatchResult:
    layout: str
    label: str
    processes: int
    answers: int
    recording_s: float
    statuses: dict[str, int]
    #: answers / (last result - first finish request), per minute
    answers_per_min: float
    span_s: float
    latencies_s: list[float]
    finish_request_s: list[float]
    worker_cpu_s: float
    worker_cpu_by_process_s: list[float]
    #: daphne: sign-ups, sessions and questions (once per candidate, not per answer)
    web_cpu_signup_s: float
    candidates: int
    web_cpu_upload_s: float
    web_cpu_analysis_s: float
    redis_cpu_s: float
    pool_rss_mb: list[float]
    #: stage -> {"run": [seconds started to finished], "wait": [seconds queued to started]}
    stages: dict[str, dict[str, list[float]]]
    lost_attempts: int
    via_poll: int

    @property
    def worker_cpu_per_answer(self) -> float:
        return self.worker_cpu_s / self.answers


# -- the candidates' side: the public API, as the web client uses it --------------------------

def sign_up(base_url: str, name: str) -> Candidate:
    from tests.live_platform import signed_up

    browser = signed_up(base_url, name)
    session = browser.post("/api/sessions/create/", {"target_role": "Data engineer"})
    session.raise_for_status()
    question = browser.post(f"/api/sessions/{session.json()['id']}/questions/create/",
                            {"text": QUESTION})
    question.raise_for_status()
    return Candidate(browser, session.json()["id"], question.json()["id"])


def upload(candidate: Candidate, payload: bytes, count: int, chunk: int) -> None:
    """Create `count` answers and upload each recording whole, in chunks; not finished yet."""
    browser = candidate.browser
    for _ in range(count):
        answer = browser.post(f"/api/sessions/{candidate.session_id}/answers/create/",
                              {"question_id": candidate.question_id})
        answer.raise_for_status()
        path = f"/api/answers/{answer.json()['id']}/upload/"
        started = browser.post(f"{path}start/", {"filename": "answer.webm",
                                                 "size": len(payload)})
        started.raise_for_status()
        for offset in range(0, len(payload), chunk):
            browser.put_bytes(f"{path}chunk/", payload[offset:offset + chunk],
                              offset).raise_for_status()
        candidate.answer_ids.append(answer.json()["id"])


def listen(live: LivePlatform, candidate: Candidate, results: Results, opened: threading.Event,
           stop: threading.Event) -> None:
    """Follow the session's progress stream until all its answers have their result."""
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    with connect(f"{live.ws_url}/ws/sessions/{candidate.session_id}/",
                 additional_headers={"Cookie": candidate.browser.cookie_header(),
                                     "Origin": live.base_url}, open_timeout=30) as ws:
        ws.recv(timeout=30)  # the snapshot: joined the group
        opened.set()
        mine = set(candidate.answer_ids)
        while not stop.is_set() and not mine <= results.done.keys():
            try:
                event = json.loads(ws.recv(timeout=1.0))
            except TimeoutError:
                continue
            except ConnectionClosed:
                return
            if event.get("type") == "answer.result" and event["analysis_status"] in DONE:
                results.record(event["answer_id"], event["analysis_status"], "websocket")


def finish_all(candidates: list[Candidate]) -> tuple[float, dict[str, float], list[float]]:
    """Finish every upload at once (threads released together): when the first request went
    out, when each answer's 202 came back, and each finish request's own latency."""
    jobs = [(candidate, answer_id) for candidate in candidates
            for answer_id in candidate.answer_ids]
    start = threading.Barrier(len(jobs))

    def finish(job: tuple[Candidate, str]) -> tuple[float, float]:
        candidate, answer_id = job
        start.wait()
        sent = time.monotonic()
        response = candidate.browser.post(f"/api/answers/{answer_id}/upload/finish/")
        if response.status_code != 202:
            raise RuntimeError(f"finish of {answer_id}: {response.status_code} {response.text}")
        return sent, time.monotonic()

    with ThreadPoolExecutor(len(jobs)) as pool:
        timings = list(pool.map(finish, jobs))
    accepted = {answer_id: done for (_, answer_id), (_, done) in zip(jobs, timings, strict=True)}
    return (min(sent for sent, _ in timings), accepted,
            [done - sent for sent, done in timings])


def wait_for_results(answer_ids: list[str], results: Results, timeout: float) -> None:
    """Until every answer has its result; the database is read every 2 s in case a WebSocket
    dropped (an answer it shows ended 5 s ago without an event counts from that poll)."""
    from sessions_app.models import Answer

    deadline = time.monotonic() + timeout
    seen_in_db: dict[str, tuple[float, str]] = {}
    next_poll = time.monotonic() + 2.0
    while True:
        with results.changed:
            if set(answer_ids) <= results.done.keys():
                return
            results.changed.wait(timeout=0.2)
        now = time.monotonic()
        if now > deadline:
            missing = sorted(set(answer_ids) - results.done.keys())
            raise TimeoutError(f"{len(missing)} answers had no result after {timeout:.0f} s")
        if now >= next_poll:
            next_poll = now + 2.0
            pending = set(answer_ids) - results.done.keys()
            for answer_id, status in Answer.objects.filter(
                    pk__in=pending, analysis_status__in=DONE).values_list("pk", "analysis_status"):
                seen_in_db.setdefault(str(answer_id), (now, status))
            for answer_id, (seen, status) in seen_in_db.items():
                if now - seen > 5.0:
                    with results.changed:
                        if answer_id not in results.done:
                            results.done[answer_id] = (seen, status, "poll")


def stage_timings(answer_ids: list[str]) -> tuple[dict[str, dict[str, list[float]]], int]:
    """Per stage, from the StageRun rows: run time (started to finished) and queue wait
    (queued to started) of every finished stage; and the attempts lost to dead workers."""
    from analysis_app.models import StageAttempt, StageRun

    stages: dict[str, dict[str, list[float]]] = {}
    for run in StageRun.objects.filter(answer_id__in=answer_ids, status="finished"):
        entry = stages.setdefault(run.stage, {"run": [], "wait": []})
        if run.started_at and run.finished_at:
            entry["run"].append((run.finished_at - run.started_at).total_seconds())
        if run.queued_at and run.started_at:
            entry["wait"].append((run.started_at - run.queued_at).total_seconds())
    lost = StageAttempt.objects.filter(answer_id__in=answer_ids, outcome="lost").count()
    return stages, lost


def run_batch(live: LivePlatform, layout: str, payload: bytes, answers: int, redis_pid: int,
              timeout: float, chunk: int = CHUNK_BYTES) -> BatchResult:
    """One batch on a running stack: upload, finish all at once, wait for every result."""
    from sessions_app.models import Answer

    label, specs = LAYOUTS[layout]
    count = min(answers, MAX_CANDIDATES)
    tag = f"{USER_PREFIX}{layout}-{int(time.time())}"
    web_start = cluster_stack.cpu_snapshot([live.server_pid])
    with ThreadPoolExecutor(count) as pool:
        candidates = list(pool.map(lambda i: sign_up(live.base_url, f"{tag}-{i}"), range(count)))
        web_signed_up = cluster_stack.cpu_snapshot([live.server_pid])
        shares = [answers // count + (1 if i < answers % count else 0) for i in range(count)]
        list(pool.map(lambda pair: upload(pair[0], payload, pair[1], chunk),
                      zip(candidates, shares, strict=True)))
    answer_ids = [answer_id for candidate in candidates for answer_id in candidate.answer_ids]

    results, stop = Results(), threading.Event()
    listeners = []
    for candidate in candidates:
        opened = threading.Event()
        thread = threading.Thread(target=listen, args=(live, candidate, results, opened, stop),
                                  daemon=True)
        thread.start()
        listeners.append((thread, opened))
    for _, opened in listeners:
        if not opened.wait(timeout=60):
            raise RuntimeError("A progress WebSocket did not open")

    pids = [*live.worker_pids, live.server_pid, redis_pid]
    before = cluster_stack.cpu_snapshot(pids)
    try:
        first_sent, accepted, finish_s = finish_all(candidates)
        wait_for_results(answer_ids, results, timeout)
        after = cluster_stack.cpu_snapshot(pids)
        rss = cluster_stack.pool_rss_mb(live.worker_pids)
    finally:
        stop.set()
        for thread, _ in listeners:
            thread.join(timeout=5)

    last_done = max(done for done, _, _ in results.done.values())
    span = last_done - first_sent
    stages, lost = stage_timings(answer_ids)
    durations = [info.get("duration_s") or 0.0 for info in Answer.objects.filter(
        pk__in=answer_ids).values_list("media_info", flat=True) if info]
    for candidate in candidates:  # the report is served once the result is out
        for answer_id in candidate.answer_ids:
            candidate.browser.get(f"/api/answers/{answer_id}/report/").raise_for_status()
    return BatchResult(
        layout=layout, label=label, processes=sum(concurrency for _, concurrency in specs),
        answers=len(answer_ids), recording_s=max(durations, default=0.0),
        statuses=dict(Counter(status for _, status, _ in results.done.values())),
        answers_per_min=len(answer_ids) / span * 60.0, span_s=span,
        latencies_s=[results.done[a][0] - accepted[a] for a in answer_ids],
        finish_request_s=finish_s,
        worker_cpu_s=sum(after[p] - before[p] for p in live.worker_pids),
        worker_cpu_by_process_s=[after[p] - before[p] for p in live.worker_pids],
        web_cpu_signup_s=web_signed_up[live.server_pid] - web_start[live.server_pid],
        candidates=count,
        web_cpu_upload_s=before[live.server_pid] - web_signed_up[live.server_pid],
        web_cpu_analysis_s=after[live.server_pid] - before[live.server_pid],
        redis_cpu_s=after[redis_pid] - before[redis_pid],
        pool_rss_mb=rss, stages=stages, lost_attempts=lost,
        via_poll=sum(1 for _, _, via in results.done.values() if via == "poll"),
    )


def run_layout(layout: str, payload: bytes, answers: int, redis: RedisServer, timeout: float,
               workdir: Path = cluster_stack.WORKDIR) -> BatchResult:
    """Start the layout's stack (warm), run one batch on it, stop it."""
    from tests.live_platform import WorkerSpec, run_platform

    cluster_stack.delete_users(USER_PREFIX)
    folder = workdir / layout
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "media").mkdir(parents=True)
    workers = [WorkerSpec(queues=queues, concurrency=concurrency, env=cluster_stack.WORKER_ENV)
               for queues, concurrency in LAYOUTS[layout][1]]
    print(f"[{layout}] starting daphne and {len(workers)} worker(s), warming up...", flush=True)
    with run_platform(folder / "media", folder, workers=workers, redis_url=redis.url,
                      env={**cluster_stack.PROCESS_ENV, "ANALYSIS_WARM_UP": WARM_UP}) as live:
        print(f"[{layout}] warm; submitting {answers} answers", flush=True)
        result = run_batch(live, layout, payload, answers, redis.process.pid, timeout)
    print(f"[{layout}] {result.answers} answers in {result.span_s:.1f} s", flush=True)
    return result


# -- the capacity model ------------------------------------------------------------------------

def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def erlang_c(servers: int, offered: float) -> float:
    """Probability that an arrival waits in an M/M/c queue (c servers, offered load a = λ/μ),
    through the numerically stable Erlang B recursion."""
    if offered >= servers:
        return 1.0
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = offered * blocking / (k + offered * blocking)
    utilisation = offered / servers
    return blocking / (1 - utilisation + utilisation * blocking)


def p90_latency(servers: int, offered: float, service_s: float, floor_s: float) -> float:
    """Finish-to-report p90: the idle critical path plus the M/M/c wait that 90 % stay under:
    P(wait > t) = C(c, a) * exp(-(c - a) t / S)."""
    if offered >= servers:
        return math.inf
    waiting = erlang_c(servers, offered)
    wait = 0.0 if waiting <= 0.1 else service_s * math.log(waiting / 0.1) / (servers - offered)
    return floor_s + wait


def critical_path(run_s: dict[str, float]) -> float:
    """The answer's latency with a free core for every stage: the longest path through the
    stage graph (analysis_app/engine/graph.py), each stage taking its measured mean."""
    from analysis_app.engine.graph import GRAPH

    ends: dict[str, float] = {}
    for stage, definition in GRAPH.items():
        start = max((ends[str(before)] for before in definition.after), default=0.0)
        ends[str(stage)] = start + run_s.get(str(stage), 0.0)
    return max(ends.values(), default=0.0)


def capacity_model(results: list[BatchResult], load: LoadResult | None,
                   args: argparse.Namespace) -> list[str]:
    """Everything below is computed from the measured figures; the assumptions are flags."""
    base = next((r for r in results if r.layout == "one"), results[0])
    source = ("layout `one` (one process: stages ran one at a time on an otherwise idle "
              "worker)" if base.layout == "one" else
              f"layout `{base.layout}` (NOT the single-process layout: stages overlapped, so "
              "their wall times include contention)")
    run_s = {stage: _mean(times["run"]) for stage, times in base.stages.items()}
    wall_total = sum(run_s.values())
    cpu_answer = base.worker_cpu_per_answer
    scale = cpu_answer / wall_total if wall_total else 0.0
    cpu_stage = {stage: seconds * scale for stage, seconds in run_s.items()}
    order = [stage.value for stage in Stage]
    lines = [
        f"Per-stage cost, from the StageRun rows of {source}, {base.answers} answers of "
        f"{base.recording_s:.1f} s. CPU per stage is approximated by its wall time (started to "
        f"finished), scaled so that the stages add up to the worker CPU measured with psutil "
        f"({cpu_answer:.2f} s per answer against {wall_total:.2f} s of stage wall time: factor "
        f"{scale:.2f}, which spreads the tasks' overhead and the video stage's read-ahead thread "
        "over the stages).",
        "",
        "| stage | wall s per answer (mean) | queue wait s (mean) | CPU s per answer "
        "| share | answers per hour per core (this stage alone) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for stage in order:
        if stage not in run_s:
            continue
        per_hour = 3600 / cpu_stage[stage] if cpu_stage[stage] else math.inf
        lines.append(
            f"| {stage} | {run_s[stage]:.2f} | {_mean(base.stages[stage]['wait']):.1f} "
            f"| {cpu_stage[stage]:.2f} | {cpu_stage[stage] / cpu_answer:.0%} | {per_hour:,.0f} |")
    floor = critical_path(run_s)
    per_core_hour = 3600 / cpu_answer
    lines += [
        "",
        f"- **Answers per hour per CPU core** (worker CPU only): 3600 / {cpu_answer:.2f} = "
        f"**{per_core_hour:,.0f}** for {base.recording_s:.0f} s answers. Measured on this "
        "machine, where daphne, PostgreSQL and Redis share the cores: "
        + "; ".join(f"layout `{r.layout}` {r.answers_per_min * 60 / (_cores()):,.0f} per core "
                    f"({r.answers_per_min * 60:,.0f} per hour on {_cores()} cores)"
                    for r in results) + ".",
        f"- **Latency floor**: the critical path of the stage graph at these wall times, "
        f"{floor:.1f} s (a free core for every stage, no queueing, no dispatch hops counted).",
    ]
    speech = cpu_stage.get("speech", 0.0)
    rest = max(cpu_answer - speech, 1e-9)
    lines.append(
        "- **GPU**: not measured by this benchmark (s below: the speech stage's CPU time over its "
        "GPU time, e.g. from `make bench-gpu`). Moving Whisper (the speech stage, "
        f"{speech:.2f} CPU s of "
        f"{cpu_answer:.2f} per answer) to a GPU that runs it s times faster than one core leaves "
        f"{rest:.2f} CPU s per answer (CPU answers per core x{cpu_answer / rest:.2f}, "
        f"{3600 / rest:,.0f} per hour) and one GPU serves 3600 * s / {speech:.2f} = "
        f"{3600 / speech if speech else 0:,.0f} * s answers per hour; the speech stage's "
        f"latency becomes {run_s.get('speech', 0.0):.2f} / s s. The other stages stay on CPU "
        "(MediaPipe runs on CPU here).")

    # 1,000 candidates answering at once.
    length_scale = args.model_answer_s / base.recording_s if base.recording_s else 1.0
    service = cpu_answer * length_scale
    floor_scaled = floor * length_scale
    arrivals = args.model_candidates * args.model_answers_per_min / 60.0
    offered = arrivals * service
    nodes, latency = _nodes_needed(offered, service, floor_scaled, args)
    ceiling = max(nodes, math.ceil(offered / (args.model_node_cores * args.model_max_utilisation)))
    ceiling_latency = p90_latency(ceiling * args.model_node_cores, offered, service,
                                  floor_scaled)
    web = (base.web_cpu_analysis_s + base.web_cpu_upload_s) / base.answers
    web_cores = arrivals * web * length_scale
    lines += [
        "",
        f"**{args.model_candidates:,} candidates answering at once**, assuming each submits "
        f"{args.model_answers_per_min:g} answer(s) per minute, {args.model_answer_s:.0f} s long "
        f"(CPU per answer and the latency floor scaled linearly from the {base.recording_s:.0f} s "
        f"recording), arrivals Poisson, every node an all-queues worker with one pool process "
        f"per core, and the finish-to-report p90 from an M/M/c queue per answer "
        f"(c = nodes x {args.model_node_cores} cores, service {service:.2f} CPU s, plus the "
        f"{floor_scaled:.1f} s floor):",
        "",
        f"- arrivals {arrivals:.1f} answers/s, i.e. {offered:.1f} cores busy on average;",
        f"- the p90 target of {args.model_target_s:.0f} s alone needs {nodes} worker nodes of "
        f"{args.model_node_cores} cores (model p90 {latency:.1f} s, utilisation "
        f"{offered / (nodes * args.model_node_cores):.0%}): a large pool queues little even "
        "when nearly full;",
        f"- **{ceiling} worker nodes of {args.model_node_cores} cores** with utilisation kept "
        f"under {args.model_max_utilisation:.0%} (headroom for bursts, a lost node, and the "
        f"per-stage queues this model folds into one; model p90 {ceiling_latency:.1f} s); "
        f"memory per node: {args.model_node_cores} x {_mean(base.pool_rss_mb):,.0f} MB "
        f"(RSS of a warm pool process, measured) = "
        f"{args.model_node_cores * _mean(base.pool_rss_mb) / 1024:.1f} GB;",
        f"- web tier: {web:.2f} daphne CPU s per answer (upload in 256 KiB chunks, finish with "
        f"its decode, progress pushes; sign-ups not counted) = {web_cores:.1f} cores "
        "for the uploads alone"
        + (f", plus {load.web_cpu_per_request_ms:.1f} ms of daphne CPU per API read "
           "(the load run below)" if load else "") + ".",
    ]
    return lines


def _cores() -> int:
    return os.cpu_count() or 1


def _nodes_needed(offered: float, service: float, floor: float,
                  args: argparse.Namespace) -> tuple[int, float]:
    nodes = max(1, math.ceil(offered / args.model_node_cores))
    while True:
        latency = p90_latency(nodes * args.model_node_cores, offered, service, floor)
        if latency <= args.model_target_s or nodes > 100_000:
            return nodes, latency
        nodes += 1


# -- the report ------------------------------------------------------------------------------

def render(results: list[BatchResult], command: str, machine: str) -> str:
    p = cluster_stack.percentile
    lines = [
        f"Command: `{command}`",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}.",
        f"Each layout: {results[0].answers} answers of {results[0].recording_s:.1f} s "
        "(bench_first_answer's recording: espeak-ng speech over the astronaut's face, VP8 + Opus "
        "512x512 30 fps, ~1 MB) submitted at once through the API by "
        f"{min(results[0].answers, MAX_CANDIDATES)} candidates; warm workers "
        f"(ANALYSIS_WARM_UP={WARM_UP}), no beat; PostgreSQL and a Redis of the benchmark's own "
        "on the same machine.",
        "",
        "| layout | pool processes | answers/min | finish (202) to report p50 / p90 / max (s) "
        "| finish request p50 (s) | worker CPU s per answer | daphne CPU s per answer "
        "(upload / finish to report) | Redis CPU s per answer | pool RSS (MB) | outcome |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        outcome = ", ".join(f"{count} {status}" for status, count in sorted(r.statuses.items()))
        if r.lost_attempts:
            outcome += f", {r.lost_attempts} lost attempts"
        if r.via_poll:
            outcome += f", {r.via_poll} seen by polling"
        per_process = ""
        if len(r.worker_cpu_by_process_s) > 1:
            per_process = " (" + " + ".join(f"{cpu / r.answers:.2f}"
                                            for cpu in r.worker_cpu_by_process_s) + ")"
        lines.append(
            f"| {r.label} | {r.processes} | {r.answers_per_min:.2f} "
            f"| {p(r.latencies_s, 50):.1f} / {p(r.latencies_s, 90):.1f} / "
            f"{max(r.latencies_s):.1f} | {p(r.finish_request_s, 50):.2f} "
            f"| {r.worker_cpu_per_answer:.2f}{per_process} "
            f"| {r.web_cpu_upload_s / r.answers:.2f} / {r.web_cpu_analysis_s / r.answers:.2f} "
            f"| {r.redis_cpu_s / r.answers:.3f} "
            f"| {_mean(r.pool_rss_mb):,.0f} | {outcome} |")
    signup = sum(r.web_cpu_signup_s for r in results) / sum(r.candidates for r in results)
    lines += [
        "",
        "Answers per minute: answers / (the last result - the first finish request). Worker CPU: "
        "user + system time of each worker's main process and pool children (psutil), from "
        "just before the finishes to the last result; with two workers, each one's share (in "
        "the order listed) in brackets. daphne: the uploads (answer, start, 256 KiB chunks) "
        "and, separately, the finishes (each decodes the recording) with the WebSocket "
        "pushes; a candidate's "
        f"sign-up, session and question cost {signup:.2f} daphne CPU s more, once.",
    ]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--answers", type=int, default=12, help="answers per layout")
    parser.add_argument("--layouts", default="one,two,split",
                        help=f"comma-separated, of: {', '.join(LAYOUTS)}")
    parser.add_argument("--users", type=int, default=50, help="locust users (0: no load run)")
    parser.add_argument("--duration", type=int, default=60, help="locust run, seconds")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="locust users per second")
    parser.add_argument("--wait", default="0.5,1.5",
                        help="locust think time between requests, seconds: low,high")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="seconds a batch may take before the run fails")
    parser.add_argument("--database-url", default=cluster_stack.DEFAULT_DATABASE_URL)
    parser.add_argument("--write", type=Path, default=None,
                        help="rewrite the bench-cluster and bench-api-load blocks of this file")
    model = parser.add_argument_group("capacity model assumptions")
    model.add_argument("--model-candidates", type=int, default=1000)
    model.add_argument("--model-answers-per-min", type=float, default=1.0,
                       help="answers each candidate submits per minute")
    model.add_argument("--model-answer-s", type=float, default=25.0,
                       help="length of an answer, seconds")
    model.add_argument("--model-target-s", type=float, default=60.0,
                       help="finish-to-report p90 to keep under, seconds")
    model.add_argument("--model-node-cores", type=int, default=8)
    model.add_argument("--model-max-utilisation", type=float, default=0.8,
                       help="the busiest a worker node may be kept on average")
    args = parser.parse_args(argv)
    args.layouts = [name.strip() for name in args.layouts.split(",") if name.strip()]
    unknown = [name for name in args.layouts if name not in LAYOUTS]
    if unknown or not args.layouts:
        parser.error(f"unknown layouts {unknown}; choose from {', '.join(LAYOUTS)}")
    if args.answers < 1:
        parser.error("--answers must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    command = shlex.join([".venv/bin/python", "bench/bench_cluster.py",
                          *(sys.argv[1:] if argv is None else argv)])
    cluster_stack.stop_on_sigterm()
    load_before = cluster_stack.load_average()
    cluster_stack.configure_django(args.database_url)
    cluster_stack.ensure_database(args.database_url)
    from bench import bench_api_load
    from bench.bench_first_answer import make_recording

    payload = make_recording(ROOT / "var" / "bench").read_bytes()
    cluster_stack.WORKDIR.mkdir(parents=True, exist_ok=True)
    results: list[BatchResult] = []
    load = None
    with cluster_stack.bench_redis(cluster_stack.WORKDIR / "redis") as redis:
        for layout in args.layouts:
            results.append(run_layout(layout, payload, args.answers, redis, args.timeout))
        if args.users > 0:
            load = bench_api_load.run_api_load(redis, users=args.users, duration=args.duration,
                                               spawn_rate=args.spawn_rate, wait=args.wait)
    machine = cluster_stack.machine_line(load_before)
    report = "\n".join([render(results, command, machine), "",
                        *capacity_model(results, load, args)])
    print(report)
    if load is not None:
        load_report = bench_api_load.render(load, command, machine)
        print()
        print(load_report)
    if args.write:
        write_block(args.write, "bench-cluster", report)
        if load is not None:
            write_block(args.write, "bench-api-load", load_report)


if __name__ == "__main__":
    main()
