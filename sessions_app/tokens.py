"""API token authentication: django-rest-knox's, with the token's last use recorded.

Knox finds the token by the first characters of the key, compares SHA-512 digests in constant
time, deletes expired tokens and (API_TOKEN_AUTO_REFRESH) slides the expiry. This adds
`last_used_at`, written at most once a minute per token so that a busy integration does not
turn every read into a write, and one entry point for the WebSocket handshake, which has no
DRF request.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from sessions_app.models import ApiToken

#: How stale `last_used_at` may get: it tells a person which tokens are still in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` for knox's hashed, expiring tokens (sessions_app.ApiToken)."""

    def validate_user(self, auth_token: ApiToken) -> tuple[User, ApiToken]:
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            # An update, not save(): a token revoked meanwhile must stay deleted.
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return user, token


def user_for_token_key(key: str) -> Any | None:
    """The active user whose unexpired token this key is, else None (WebSocket handshakes)."""
    try:
        user, _ = ApiTokenAuthentication().authenticate_credentials(key.encode())
    except exceptions.AuthenticationFailed:
        return None
    return user


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The schema names it `tokenAuth`, as it did for DRF's tokens: clients generated from the
    schema keep working."""

    target_class = "sessions_app.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        definition: dict[str, Any] = build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token")
        return definition
