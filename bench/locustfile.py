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
from collections.abc import Callable
from pathlib import Path

from locust import HttpUser, between

_DATA = os.environ.get("BENCH_LOCUST_DATA")
if not _DATA:
    raise SystemExit("BENCH_LOCUST_DATA is not set: run `make bench-api-load`, which seeds "
                     "the users and starts locust with this file.")
USERS: list[dict[str, object]] = json.loads(Path(_DATA).read_text())
_LOW, _HIGH = (float(value) for value in os.environ.get("BENCH_LOCUST_WAIT", "0.5,1.5")
               .split(","))
_next_user = itertools.count()


#: What a candidate reads and how often (locust's task weights), by the route locust reports
#: it under: `<id>` stands for one of the user's own sessions or answers, picked at random.
READS: tuple[tuple[str, int], ...] = (
    ("/api/sessions/", 3),
    ("/api/sessions/<id>/", 2),
    ("/api/answers/<id>/", 2),
    ("/api/answers/<id>/report/", 2),
    ("/api/sessions/<id>/report/", 1),
)


def _read(route: str) -> Callable[[Candidate], None]:
    """The locust task that GETs `route`: every read is the same request to another route, so
    one table (READS) lists them and this makes each task."""
    kind = route.split("/")[2]  # "sessions" or "answers": whose ids fill <id>

    def read(user: Candidate) -> None:
        ids = user.sessions if kind == "sessions" else user.answers
        url = route.replace("<id>", random.choice(ids)) if "<id>" in route else route
        user.client.get(url, name=route)

    read.__name__ = read.__qualname__ = f"get {route}"
    return read


class Candidate(HttpUser):
    wait_time = between(_LOW, _HIGH)

    def on_start(self) -> None:
        # gevent runs the users on one thread: next() needs no lock.
        me = USERS[next(_next_user) % len(USERS)]
        self.client.headers["Authorization"] = f"Token {me['token']}"
        self.sessions: list[str] = list(me["sessions"])  # type: ignore[call-overload]
        self.answers: list[str] = list(me["answers"])  # type: ignore[call-overload]

    # Locust picks a task from this list at random and calls it with the user: a task listed
    # `weight` times is picked that much more often (what its `{task: weight}` form becomes).
    tasks = [task for route, weight in READS for task in [_read(route)] * weight]
