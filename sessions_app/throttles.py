"""Throttles of the log-in, sign-up and token endpoints, on the shared Redis cache.

Three holes these close (each has a test in tests/sessions_app/test_throttles.py):
- the address comes from interview_project.client_address (NUM_PROXIES), so a client cannot
  pick a fresh one per try by writing X-Forwarded-For;
- they count whoever calls, signed in or not: DRF's AnonRateThrottle lets any request with a
  valid token or session through unthrottled, and a guesser can hold a token of its own;
- the count is one atomic Redis counter per window (INCR), shared by every process and node.
  DRF's SimpleRateThrottle reads a list of timestamps and writes it back, so parallel guesses
  in several processes overwrite each other's entries and count as one.

A fixed window lets through at most twice the rate across a window's edge: fine for guarding
passwords. Rates are read on every request (the DEFAULT_THROTTLE_RATES setting), not frozen at
import as DRF's are.

While Redis is unreachable the count goes on in the process's own memory: people can still sign
in (a Redis restart must not lock everyone out, nor answer 500), and guessing is still slowed,
per process instead of across them, until the shared count is back.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from typing import Any

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from interview_project.client_address import client_address

logger = logging.getLogger(__name__)


#: Where the counts go while the shared cache is unreachable: this process' memory, with the
#: same add-then-incr counting and expiry as in Redis.
_local_cache = LocMemCache("throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


class WindowRateThrottle(SimpleRateThrottle):
    """A rate per fixed window, counted by an atomic increment on the shared cache."""

    cache_format = "throttle:%(scope)s:%(ident)s"
    # Parsed from `rate` by SimpleRateThrottle.__init__; read only when there is a rate.
    num_requests: int
    duration: int

    def get_rate(self) -> str | None:
        # "count/period" strings, or None (djangorestframework-stubs types them as numbers).
        rates: Mapping[str, object] = api_settings.DEFAULT_THROTTLE_RATES
        rate = rates.get(self.scope) if self.scope is not None else None
        return rate if isinstance(rate, str) else None

    def identity(self, request: Request) -> str | None:
        """What this throttle counts by; None lets the request through uncounted."""
        raise NotImplementedError

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        ident = self.identity(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        self.key = f"{key}:{window}"
        try:
            count = self._count_in(self.cache)
        except RedisError as error:
            logger.warning("Throttle %s counts in this process: the shared cache is "
                           "unreachable (%s)", self.scope, error)
            count = self._count_in(_local_cache)
        return bool(count <= self.num_requests)

    def _count_in(self, cache: BaseCache) -> int:
        # add() only creates the counter (with its expiry) when it is missing; incr() is Redis'
        # INCR. A counter that expired in between is created again with this request's count.
        cache.add(self.key, 0, timeout=self.duration + 1)
        try:
            return int(cache.incr(self.key))
        except ValueError:
            cache.add(self.key, 1, timeout=self.duration + 1)
            return 1

    def wait(self) -> float:
        return max(0.0, self.window_ends - self.now)


class AuthAddressThrottle(WindowRateThrottle):
    """Log-in, sign-up and token attempts per client address."""

    scope = "auth_address"

    def identity(self, request: Request) -> str | None:
        return client_address(request._request) or None


class AuthUsernameThrottle(WindowRateThrottle):
    """Log-in and token attempts per username, from any address: a password guessed from a
    thousand addresses is still guessed a few times a minute at most."""

    scope = "auth_username"

    def identity(self, request: Request) -> str | None:
        data = request.data
        username = data.get("username") if hasattr(data, "get") else None
        if not isinstance(username, str) or not username.strip():
            return None
        # Case-insensitively, as sign-up refuses names that differ only in case; hashed, so
        # any name makes a short, safe cache key.
        return hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]


class AuthSignedInUsernameThrottle(AuthUsernameThrottle):
    """Password checks of a signed-in user (the password change), counted in the same
    per-username bucket as log-in: a stolen session cannot guess the current password faster
    there than a guesser could at the log-in form."""

    def identity(self, request: Request) -> str | None:
        user = request.user
        if user is None or not user.is_authenticated:
            return None
        return hashlib.sha256(user.get_username().strip().casefold().encode()).hexdigest()[:32]


class DataExportThrottle(WindowRateThrottle):
    """Data exports per user: each one reads all of the user's recordings out of the storage
    and writes them to a temporary file, so a client looping on it would tie up a web process
    and its disk. A few an hour is plenty for a person keeping a copy of their data."""

    scope = "data_export"

    def identity(self, request: Request) -> str | None:
        user = request.user
        return str(user.pk) if user is not None and user.is_authenticated else None
