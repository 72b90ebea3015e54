"""The Permissions-Policy header (django-csp covers Content-Security-Policy, not this one).

One static header from the PERMISSIONS_POLICY setting: the interview room needs the camera and
the microphone, for this origin only; a frame or a third-party script never gets them.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": ["self"], "usb": []}` -> `camera=(self), usb=()`; origins other than
    `self` and `*` are quoted, as the header's structured-field syntax wants."""

    def allowlist(origins: list[str]) -> str:
        return " ".join(o if o in ("self", "*") else f'"{o}"' for o in origins)

    return ", ".join(f"{feature}=({allowlist(origins)})" for feature, origins in policy.items())


class PermissionsPolicyMiddleware(MiddlewareMixin):
    """Adds the header to every response (MiddlewareMixin: sync and async alike)."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        header = permissions_policy_header(settings.PERMISSIONS_POLICY)
        if header:
            response.headers.setdefault("Permissions-Policy", header)
        return response
