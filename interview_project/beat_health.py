"""Whether Celery beat still ticks, from the age of its schedule file (the beat container's
healthcheck).

Workers answer `celery inspect ping`; beat is no Celery node and answers nothing, so a beat that
hangs (a stuck broker connection, a full disk) would look healthy while no reconciliation runs
and answers wait for ever. With `CELERY_BEAT_SYNC_EVERY = 1` beat writes its schedule after
every task it sends, and the reconciler is due every ANALYSIS_RECONCILE_INTERVAL_S: a file older
than a few intervals means beat stopped sending.

    python -m interview_project.beat_health /var/lib/celery-beat/schedule --max-age 120
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def schedule_age_s(schedule: Path, now: float | None = None) -> float | None:
    """Seconds since beat last wrote its schedule (shelve keeps it in `schedule` or in
    `schedule.dat`/`.dir`/`.db`, by dbm backend); None when there is no such file."""
    files = [schedule, *schedule.parent.glob(f"{schedule.name}.*")]
    written = [path.stat().st_mtime for path in files if path.is_file()]
    if not written:
        return None
    return (time.time() if now is None else now) - max(written)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("schedule", type=Path, help="the path given to beat's --schedule")
    parser.add_argument("--max-age", type=float, required=True,
                        help="seconds; a few reconcile intervals")
    args = parser.parse_args(argv)
    age = schedule_age_s(args.schedule)
    if age is None:
        print(f"beat has written no schedule at {args.schedule}", file=sys.stderr)
        return 1
    if age > args.max_age:
        print(f"beat last wrote its schedule {age:.0f} s ago (more than {args.max_age:.0f} s): "
              "it sends no tasks", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
