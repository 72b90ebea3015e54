"""Under daphne, a persistent database connection belongs to the thread that served the request,
and asgiref runs each request's sync code in a thread of its own: with CONN_MAX_AGE > 0 every
request would leave a connection open until PostgreSQL refuses new clients ("too many clients
already", seen as HTTP 500s under 50 API clients by `make bench-cluster`). Django's docs say to
disable persistent connections under ASGI; this checks the production settings do, on a real
daphne against the real PostgreSQL.
"""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.db import connection

from tests.live_platform import ROOT, free_port, process_env, stop_process

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _connections_to_test_database() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


def test_production_daphne_gives_its_database_connections_back(
    private_media: Path, tmp_path: Path
) -> None:
    # given: daphne with the production settings (only what they require is set)
    port = free_port()
    clean = {key: value for key, value in process_env(private_media).items()
             if key != "DATABASE_CONN_MAX_AGE"}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "interview_project.settings.production",
           "DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    log = tmp_path / "daphne.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
         "interview_project.asgi:application"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        before = _connections_to_test_database()

        # when: 40 clients call the database-backed view 5 times each
        with ThreadPoolExecutor(max_workers=40) as pool:
            statuses = list(pool.map(lambda _: requests.get(url, timeout=30).status_code,
                                     range(200)))
        time.sleep(0.5)
        after = _connections_to_test_database()
    finally:
        stop_process(server)

    # then: every request was served, and the connections went back with the requests
    assert statuses == [200] * 200
    assert after - before <= 3, f"{after - before} connections left open by 200 requests"
