"""The API load of `make bench-api-load` (bench/bench_api_load.py starts locust with this file).

Each locust user is one candidate with an API token and a few sessions of analysed answers
(bench_api_load.py creates them and passes them in the JSON file named by BENCH_LOCUST_DATA),
browsing what a candidate browses: the session list most, then a session, an answer, an
answer's report, a session's report. Token auth (`Authorization: Token <key>`), as an
integration calls the API; the cookie + CSRF path costs the same per read.

Think time between requests: uniform in BENCH_LOCUST_WAIT ("low,high" seconds; default
0.5,1.5), so 50 users are 50 people clicking, not 50 loops as fast as the server answers.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

_DATA = os.environ.get("BENCH_LOCUST_DATA")
if not _DATA:
    raise SystemExit("BENCH_LOCUST_DATA is not set: run `make bench-api-load`, which seeds "
                     "the users and starts locust with this file.")
USERS: list[dict[str, object]] = json.loads(Path(_DATA).read_text())
_LOW, _HIGH = (float(value) for value in os.environ.get("BENCH_LOCUST_WAIT", "0.5,1.5")
               .split(","))
_next_user = itertools.count()


class Candidate(HttpUser):
    wait_time = between(_LOW, _HIGH)

    def on_start(self) -> None:
        # gevent runs the users on one thread: next() needs no lock.
        me = USERS[next(_next_user) % len(USERS)]
        self.client.headers["Authorization"] = f"Token {me['token']}"
        self.sessions: list[str] = list(me["sessions"])  # type: ignore[call-overload]
        self.answers: list[str] = list(me["answers"])  # type: ignore[call-overload]

    @task(3)
    def session_list(self) -> None:
        self.client.get("/api/sessions/", name="/api/sessions/")

    @task(2)
    def session_detail(self) -> None:
        self.client.get(f"/api/sessions/{random.choice(self.sessions)}/",
                        name="/api/sessions/<id>/")

    @task(2)
    def answer_detail(self) -> None:
        self.client.get(f"/api/answers/{random.choice(self.answers)}/",
                        name="/api/answers/<id>/")

    @task(2)
    def answer_report(self) -> None:
        self.client.get(f"/api/answers/{random.choice(self.answers)}/report/",
                        name="/api/answers/<id>/report/")

    @task(1)
    def session_report(self) -> None:
        self.client.get(f"/api/sessions/{random.choice(self.sessions)}/report/",
                        name="/api/sessions/<id>/report/")
