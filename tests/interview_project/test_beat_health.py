"""Beat's healthcheck: healthy while beat sends its tasks, unhealthy once it stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interview_project.beat_health import main, schedule_age_s
from tests.faults.harness import RedisServer, wait_until
from tests.live_platform import ROOT, process_env


def test_no_schedule_is_unhealthy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "schedule"), "--max-age", "60"]) == 1
    assert "no schedule" in capsys.readouterr().err


def test_the_newest_of_shelves_files_counts(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    # given: dbm.dumb's three files, the data written 10 s ago, the rest long before
    schedule = tmp_path / "schedule"
    now = time.time()
    for suffix, age in ((".bak", 900), (".dir", 900), (".dat", 10)):
        path = tmp_path / f"schedule{suffix}"
        path.write_bytes(b"x")
        os.utime(path, (now - age, now - age))
    # when / then
    assert schedule_age_s(schedule, now) == pytest.approx(10, abs=0.01)
    assert main([str(schedule), "--max-age", "60"]) == 0
    assert main([str(schedule), "--max-age", "5"]) == 1
    assert "it sends no tasks" in capsys.readouterr().err


@pytest.mark.integration
def test_a_real_beat_is_healthy_until_it_hangs(tmp_path: Path) -> None:
    # given: celery beat with the project's settings, the reconciler due every second
    redis_server = RedisServer(tmp_path / "redis", persistent=False)
    redis_server.start()
    schedule = tmp_path / "schedule"
    env = {**process_env(tmp_path / "media"), "CELERY_BROKER_URL": redis_server.url,
           "REDIS_URL": redis_server.url, "ANALYSIS_RECONCILE_INTERVAL_S": "1"}
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "interview_project", "beat", "-l", "info",
         "--schedule", str(schedule)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        # then: healthy while it ticks, for longer than the allowed age
        wait_until(lambda: main([str(schedule), "--max-age", "3"]) == 0, "a fresh schedule", 60)
        time.sleep(5)
        assert main([str(schedule), "--max-age", "3"]) == 0
        # when: beat hangs (stopped, as a process stuck on a dead connection would be)
        beat.send_signal(signal.SIGSTOP)
        # then: unhealthy once it has missed the allowed age
        wait_until(lambda: main([str(schedule), "--max-age", "3"]) == 1, "a stale schedule", 10)
    finally:
        beat.kill()
        beat.wait()
        redis_server.kill()
