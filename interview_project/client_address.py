"""The client's address, decided one way for every guard that counts by it.

DRF's throttles and django-axes each have their own idea of the address behind proxies;
here both use DRF's (`REST_FRAMEWORK["NUM_PROXIES"]`, from the NUM_PROXIES setting): with 0,
REMOTE_ADDR alone, so an X-Forwarded-For header a client wrote is ignored; with N, the address
that the N-th proxy from Django appended to X-Forwarded-For, the last one a client cannot
forge.
"""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def client_address(request: HttpRequest) -> str:
    """The address the throttles count by; django-axes calls it (AXES_CLIENT_IP_CALLABLE)."""
    # get_ident reads only `request.META`, which django-axes' plain HttpRequest has too.
    return str(BaseThrottle().get_ident(request) or "")  # type: ignore[arg-type]
