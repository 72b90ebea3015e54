"""Password guessing is slowed for real: per client address (X-Forwarded-For counts only as far
as NUM_PROXIES trusts it), per username from any address, for callers with a token too, with
the counts in Redis where every process sees them, and in the process while that Redis is dead;
the admin's log-in locks out (django-axes)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import redis
from django.conf import settings as django_settings
from django.test import Client
from rest_framework.test import APIClient

from sessions_app import throttles
from sessions_app.models import ApiToken
from sessions_app.throttles import WindowRateThrottle
from tests.factories import PASSWORD, UserFactory
from tests.faults.harness import RedisServer
from tests.live_platform import ROOT, process_env

pytestmark = pytest.mark.django_db

SetRates = Callable[..., str]


@pytest.fixture
def throttling(settings: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[SetRates]:
    """Sets the rates and NUM_PROXIES; the counters go under a cache prefix of this test's own,
    and the throttles' clock stands still mid-window, so that no test straddles a window's
    edge (where the count starts again)."""
    prefix = f"throttle-test-{uuid4().hex[:12]}"
    location = settings.CACHES["default"]["LOCATION"]  # type: ignore[attr-defined]
    mid_window = time.time() // 3600 * 3600 + 1830  # mid-minute, mid-hour
    monkeypatch.setattr(WindowRateThrottle, "timer", staticmethod(lambda: mid_window))
    settings.CACHES = {"default": {**settings.CACHES["default"],  # type: ignore[attr-defined]
                                   "KEY_PREFIX": prefix}}

    def configure(*, address: str = "1000/min", username: str = "1000/min",
                  num_proxies: int = 0) -> str:
        settings.REST_FRAMEWORK = {  # type: ignore[attr-defined]
            **settings.REST_FRAMEWORK,  # type: ignore[attr-defined]
            "NUM_PROXIES": num_proxies,
            "DEFAULT_THROTTLE_RATES": {"auth_address": address, "auth_username": username},
        }
        return prefix

    yield configure
    # The Redis the counts went to at the start (a test may point the cache elsewhere after).
    client = redis.Redis.from_url(location)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def _login(client: APIClient, username: str, password: str = "wrong", **extra: str) -> int:
    response = client.post("/api/auth/login/", {"username": username, "password": password},
                           format="json", **extra)
    return response.status_code


def test_a_new_x_forwarded_for_per_try_does_not_escape_the_address_throttle(
    throttling: SetRates,
) -> None:
    # given: no proxy in front (NUM_PROXIES=0), 5 tries a minute per address
    throttling(address="5/min", num_proxies=0)
    client = APIClient()
    # when: every try claims another address, for another username
    statuses = [_login(client, f"user{i}", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
                for i in range(7)]
    # then
    assert statuses == [400] * 5 + [429] * 2


def test_behind_one_proxy_the_address_that_proxy_appended_is_counted(
    throttling: SetRates,
) -> None:
    # given: one proxy that appends the address it saw to X-Forwarded-For
    throttling(address="3/min", num_proxies=1)
    client = APIClient()
    # when: the client forges a new first entry each time; the proxy's entry stays the same
    same_client = [_login(client, f"user{i}", HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, 198.51.100.7")
                   for i in range(4)]
    another_client = _login(client, "user9", HTTP_X_FORWARDED_FOR="10.9.9.1, 198.51.100.8")
    # then
    assert same_client == [400, 400, 400, 429]
    assert another_client == 400


def test_one_username_guessed_from_many_addresses_is_throttled(throttling: SetRates) -> None:
    # given
    throttling(username="3/min")
    UserFactory(username="victim")
    client = APIClient()
    # when: each guess from another real address
    guesses = [_login(client, "victim", REMOTE_ADDR=f"198.51.100.{i}") for i in range(5)]
    other_user = _login(client, "someone-else", REMOTE_ADDR="198.51.100.1")
    right_password_too = _login(client, "Victim", PASSWORD, REMOTE_ADDR="192.0.2.1")
    # then
    assert guesses == [400, 400, 400, 429, 429]
    assert other_user == 400
    assert right_password_too == 429  # case does not make it another username


def test_the_token_endpoint_is_throttled_per_username_too(throttling: SetRates) -> None:
    throttling(username="2/min")
    UserFactory(username="victim")
    statuses = [APIClient().post("/api/auth/token/", {"username": "victim", "password": "x"},
                                 format="json", REMOTE_ADDR=f"198.51.100.{i}").status_code
                for i in range(3)]
    assert statuses == [400, 400, 429]


@pytest.mark.parametrize("endpoint", ["/api/auth/login/", "/api/auth/token/"])
def test_a_valid_token_header_does_not_lift_the_throttle(throttling: SetRates,
                                                         endpoint: str) -> None:
    # given: the guesser holds a valid token of an account of their own
    throttling(address="3/min")
    _, key = ApiToken.objects.create(user=UserFactory(username="guesser"))
    UserFactory(username="victim")
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    # when
    statuses = [client.post(endpoint, {"username": "victim", "password": f"guess{i}"},
                            format="json").status_code for i in range(4)]
    # then
    assert statuses == [400, 400, 400, 429]


def test_a_throttled_try_says_when_to_come_back_in_the_error_shape(throttling: SetRates) -> None:
    # given
    throttling(username="1/min")
    _login(APIClient(), "victim")
    # when
    response = APIClient().post("/api/auth/login/", {"username": "victim", "password": "x"},
                                format="json")
    # then
    body = response.json()["error"]
    assert response.status_code == 429
    assert body["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    assert body["details"]["retry_after_s"] == int(response["Retry-After"])


def _wait_unless_the_hour_is_long_enough(needed_s: float) -> None:
    """An hourly window restarts at the full hour: start with at least `needed_s` left."""
    left = 3600 - time.time() % 3600
    if left < needed_s:
        time.sleep(left + 0.5)


def test_the_count_lives_in_redis_where_a_second_process_sees_it(
    throttling: SetRates, private_media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: three guesses in this process, 3 an hour allowed, on the real clock (as the
    # second process' is)
    monkeypatch.setattr(WindowRateThrottle, "timer", time.time)
    _wait_unless_the_hour_is_long_enough(90)
    prefix = throttling(username="3/hour")
    assert [_login(APIClient(), "victim") for _ in range(3)] == [400] * 3
    # then: the counter is a key in Redis, not in this process' memory
    store = redis.Redis.from_url(django_settings.CACHES["default"]["LOCATION"])
    keys = list(store.scan_iter(f"{prefix}:*throttle:auth_username:*"))
    assert len(keys) == 1
    assert int(store.get(keys[0])) == 3
    # when: a fresh Python process, same settings, tries once more
    script = (
        "import sys, django\n"
        "django.setup()\n"
        "from django.test.utils import setup_test_environment\n"
        "setup_test_environment()\n"
        "from django.test import Client\n"
        "for name in sys.argv[1:]:\n"
        "    print(Client().post('/api/auth/login/', {'username': name, 'password': 'x'},\n"
        "                        content_type='application/json').status_code)\n"
    )  # (it commits nothing: failed API log-ins write no rows)
    env = {**process_env(private_media), "CACHE_KEY_PREFIX": prefix,
           "THROTTLE_AUTH_USERNAME_RATE": "3/hour", "THROTTLE_AUTH_ADDRESS_RATE": "1000/min"}
    result = subprocess.run([sys.executable, "-c", script, "victim", "someone-else"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=180)
    # then: the victim is throttled there as here; another username is not
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["429", "400"]


def test_sign_in_works_and_is_still_slowed_while_the_redis_of_the_counts_is_dead(
    throttling: SetRates, settings: Any, tmp_path: Path
) -> None:
    # given: the counts on a Redis of the test's own, 3 tries a minute per address, and a
    # candidate who signs in once while it is up
    server = RedisServer(tmp_path / "redis", persistent=False)
    server.start()
    throttles._local_cache.clear()  # counts an earlier test left in this process
    throttling(address="3/min")
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    user = UserFactory()
    try:
        assert _login(APIClient(), user.username, PASSWORD) == 200
        # when: that Redis is killed
        server.kill()
        # then: the candidate still signs in (no 500), and a guesser is still stopped, counted
        # in this process until Redis is back
        after = [_login(APIClient(), user.username, PASSWORD)]
        after += [_login(APIClient(), "someone") for _ in range(3)]
        assert after == [200, 400, 400, 429]
        # and once Redis is back, the shared count takes over again
        server.start()
        assert _login(APIClient(), user.username, PASSWORD) == 200
        store = redis.Redis.from_url(server.url)
        assert [int(store.get(key)) for key in store.scan_iter("*throttle:auth_address:*")] == [1]
    finally:
        server.kill()


# --- The admin's log-in (django-axes) -------------------------------------------------------

def _admin_login(username: str, password: str, **extra: str) -> int:
    return Client().post("/admin/login/?next=/admin/",
                         {"username": username, "password": password}, **extra).status_code


@pytest.fixture
def lockout_after_3(settings: object) -> None:
    settings.AXES_FAILURE_LIMIT = 3  # type: ignore[attr-defined]


def test_the_admin_login_locks_out_after_the_failure_limit(lockout_after_3: None) -> None:
    # given
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    # when
    failures = [_admin_login("boss", f"guess{i}") for i in range(3)]
    with_the_right_password = _admin_login("boss", PASSWORD)
    # then: the form is shown again twice; the third failure and all after it are refused
    assert failures == [200, 200, 429]
    assert with_the_right_password == 429


def test_the_admin_lockout_of_a_username_holds_from_any_address(lockout_after_3: None) -> None:
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    for i in range(3):
        _admin_login("boss", "wrong", REMOTE_ADDR=f"198.51.100.{i}")
    assert _admin_login("boss", PASSWORD, REMOTE_ADDR="192.0.2.50") == 429


@pytest.mark.parametrize(("num_proxies", "locked"), [(0, True), (1, False)])
def test_the_admin_lockout_counts_addresses_as_the_throttles_do(
    lockout_after_3: None, throttling: SetRates, num_proxies: int, locked: bool
) -> None:
    # given: failures for three usernames, each try with another X-Forwarded-For
    throttling(num_proxies=num_proxies)
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    for i in range(3):
        _admin_login(f"nobody{i}", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    # when
    status = _admin_login("boss", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.77")
    # then: without a proxy the header is ignored (one address: locked out); behind one
    # proxy each try came from its own address
    assert status == (429 if locked else 302)


def test_failed_api_logins_are_left_to_the_throttles(lockout_after_3: None) -> None:
    # given: axes would lock at 3; the API's throttles are wide open here
    UserFactory(username="linus")
    # when
    statuses = [_login(APIClient(), "linus") for _ in range(5)]
    right_password = _login(APIClient(), "linus", PASSWORD)
    # then: every wrong password gets the API's own answer, and the account is not locked
    assert statuses == [400] * 5
    assert right_password == 200
