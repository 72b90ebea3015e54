"""WebSocket authentication: the browser's session cookie, or an API token for integrations.

Integrations that cannot hold a cookie send `Authorization: Token <key>` on the handshake.
"""

from __future__ import annotations

from typing import Any

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser


@database_sync_to_async
def _user_for_token(key: str) -> Any:
    from rest_framework.authtoken.models import Token

    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return AnonymousUser()
    return token.user


class TokenAuthMiddleware(BaseMiddleware):
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        headers = dict(scope.get("headers", []))
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        keyword, _, key = authorization.partition(" ")
        if keyword.lower() == "token" and key.strip():
            scope = {**scope, "user": await _user_for_token(key.strip())}
        return await super().__call__(scope, receive, send)


def TokenAuthMiddlewareStack(inner: Any) -> Any:  # noqa: N802 - mirrors AuthMiddlewareStack
    return AuthMiddlewareStack(TokenAuthMiddleware(inner))
