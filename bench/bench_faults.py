"""The fault-injection table of docs/reliability.md (run by `make bench-faults`).

Runs the fault suite (tests/faults: real daphne, Celery worker and beat processes, a Redis of
its own and PostgreSQL, six answers per scenario), collects what each scenario measured and
rewrites the table between the `faults` markers.

    .venv/bin/python bench/bench_faults.py [--write docs/reliability.md]
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results_block import bench_parser, publish  # noqa: E402


def run_suite(report: Path) -> int:
    env = {**os.environ, "FAULTS_REPORT": str(report), "HF_HUB_OFFLINE": "1",
           "DATABASE_URL": os.environ.get(
               "DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/interview_coach")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/faults"], cwd=ROOT, env=env, check=False).returncode


def render(rows: list[dict[str, object]], status: int) -> str:
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}), Python {platform.python_version()}; "
        "one worker (prefork, 2 children), beat every 2 s, leases of 6 s. "
        f"Suite exit status: {status}.",
        "",
        "| scenario | submitted | completed | partial | failed | stuck | duplicated work "
        "| attempts lost and redone | fault to every answer ended (s) "
        "| first request to last stage's end (s) | bound (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        duplicated = int(row["committed_twice"]) + int(row["overlapping"])  # type: ignore[call-overload]
        lines.append(
            f"| {row['scenario']} | {row['submitted']} | {row['completed']} | {row['partial']} "
            f"| {row['failed']} | {row['stuck']} | {duplicated} | {row['lost_attempts']} "
            f"| {'-' if row['recover_s'] is None else row['recover_s']} | {row['span_s']} "
            f"| {row['bound_s']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    args = bench_parser(__doc__).parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "faults.jsonl"
        status = run_suite(report)
        rows = [json.loads(line) for line in report.read_text().splitlines()] \
            if report.exists() else []
    table = render(rows, status)
    publish(table, args.write, "faults")
    sys.exit(status)


if __name__ == "__main__":
    main()
