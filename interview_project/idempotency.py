"""`Idempotency-Key` on the API's create and finish calls, as Stripe's API has it.

A client that sends a create (a session, a question, an answer, a webhook) or an upload's
finish and loses the answer to a timeout cannot know whether it happened; retrying it blindly
would make two sessions, or queue a second analysis. With an `Idempotency-Key` header (any
string of 1-255 visible ASCII characters, e.g. a UUID), the first successful answer (its
status and body) is kept for IDEMPOTENCY_TTL_HOURS (24 h) in the shared Redis cache, under
the user and the key; the same key from the same user then gets that answer again, with
`Idempotent-Replayed: true`, and nothing is done twice.

- Only successful (2xx) answers are kept: a refused request changed nothing, so retrying it
  (fixed, or later) runs it again.
- The key belongs to one request: reusing it for another operation or another body is a 422
  `idempotency_key_reused`.
- While the first request with a key is still running, a second one gets 409
  `idempotency_key_in_use` with Retry-After, rather than running beside it.
- When the cache cannot be reached, a call with the header gets 503 `idempotency_unavailable`
  (retry later) instead of risking the double it asked to be protected from.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from redis.exceptions import RedisError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from interview_project.errors import ConflictError, DomainError, UnprocessableError

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
_VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
#: How long a request may hold its key before another with the same key may run.
LOCK_S = 120
#: Set on a view method by `idempotent`: ApiSchema documents the header on it.
MARK = "accepts_idempotency_key"

View = TypeVar("View", bound=Callable[..., Any])


def _cache_key(user_id: object, key: str, kind: str) -> str:
    # Hashed: the client's key may hold any visible character, cache keys may not.
    digest = hashlib.sha256(f"{user_id}\x00{key}".encode()).hexdigest()
    return f"idempotency:{kind}:{digest}"


def _fingerprint(request: Request) -> str:
    """The request the key was first used for: method, path and body."""
    try:
        body = json.dumps(request.data, sort_keys=True, default=str)
    except TypeError:  # a body that is not JSON-like (bytes): its digest is enough
        body = repr(request.data)
    return hashlib.sha256(f"{request.method} {request.path}\x00{body}".encode()).hexdigest()


def _replay(stored: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(stored["content"], status=stored["status"],
                            content_type=stored["content_type"])
    response[REPLAYED_HEADER] = "true"
    return response


def idempotent(view_method: View) -> View:
    """Honour `Idempotency-Key` on an APIView method of signed-in users (see the module)."""

    @functools.wraps(view_method)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER)
        if key is None or not request.user.is_authenticated:
            return view_method(view, request, *args, **kwargs)
        if not _VALID_KEY.match(key):
            raise DomainError(f"The {HEADER} header must be 1 to 255 visible ASCII characters.",
                              code="invalid_idempotency_key")
        fingerprint = _fingerprint(request)
        stored_key = _cache_key(request.user.pk, key, "response")
        lock_key = _cache_key(request.user.pk, key, "lock")
        try:
            stored = cache.get(stored_key)
            if stored is not None:
                if stored["fingerprint"] != fingerprint:
                    raise UnprocessableError(
                        f"This {HEADER} was used for another request; use a new key for each "
                        "distinct request.", code="idempotency_key_reused")
                return _replay(stored)
            token = secrets.token_hex(8)
            if not cache.add(lock_key, token, timeout=LOCK_S):
                error = ConflictError(
                    f"A request with this {HEADER} is still being processed; retry shortly "
                    "to get its answer.", code="idempotency_key_in_use")
                error.headers = {"Retry-After": "1"}  # type: ignore[attr-defined]
                raise error
        except RedisError as error:
            raise _unavailable() from error
        try:
            response = view_method(view, request, *args, **kwargs)
            if isinstance(response, Response) and 200 <= response.status_code < 300:
                content = JSONRenderer().render(response.data)
                try:
                    cache.set(stored_key, {
                        "fingerprint": fingerprint, "status": response.status_code,
                        "content": content, "content_type": "application/json",
                    }, timeout=int(settings.IDEMPOTENCY_TTL_HOURS * 3600))
                except RedisError:
                    # Done, but not recorded: the client gets its answer; a retry with this
                    # key would run again, as without the header.
                    pass
            return response
        finally:
            try:
                if cache.get(lock_key) == token:
                    cache.delete(lock_key)
            except RedisError:
                pass  # the lock expires after LOCK_S

    setattr(wrapper, MARK, True)
    return wrapper  # type: ignore[return-value]


def _unavailable() -> DomainError:
    error = DomainError(
        f"Requests with an {HEADER} cannot be served right now (the store of keys is "
        "unreachable); retry shortly.", code="idempotency_unavailable", status_code=503)
    error.headers = {"Retry-After": "5"}  # type: ignore[attr-defined]
    return error
