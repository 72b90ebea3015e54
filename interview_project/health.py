"""Liveness of a web process: `GET /healthz` answers 200 {"status": "ok"} once the database
answers a `SELECT 1`, 503 otherwise. Unauthenticated and exempt from the HTTPS redirect
(SECURE_REDIRECT_EXEMPT), so that the container's own health check can call daphne directly.

`python -m interview_project.health` is that check (docker-compose.yml): it calls /healthz on
the local daphne with a Host header Django accepts (the first of DJANGO_ALLOWED_HOSTS) and
`X-Forwarded-Proto: https`, as the reverse proxy would, and exits 0 only on a 200.
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def probe_host(allowed_hosts: list[str]) -> str:
    """A Host header that ALLOWED_HOSTS accepts: its first entry (".example.com" allows
    "example.com"; "*" allows anything)."""
    first = next((host.strip() for host in allowed_hosts if host.strip()), "localhost")
    if first == "*":
        return "localhost"
    return first.lstrip(".")


def probe(host: str, port: int, *, timeout: float = 5.0) -> bool:
    """True when /healthz on 127.0.0.1:port answers 200 (redirects are not followed)."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        client.request("GET", "/healthz",
                            headers={"Host": host, "X-Forwarded-Proto": "https"})
        return client.getresponse().status == 200
    except OSError:
        return False
    finally:
        client.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Exit 0 when the local web process is healthy.")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    hosts = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")
    return 0 if probe(probe_host(hosts), args.port) else 1


if __name__ == "__main__":
    sys.exit(main())
