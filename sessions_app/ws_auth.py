"""WebSocket authentication: the browser's session cookie, or an API token for integrations.

Integrations that cannot hold a cookie send `Authorization: Token <key>` on the handshake.

The Origin check guards the cookie: a page on another site could open a WebSocket that the
browser sends our session cookie with (cross-site WebSocket hijacking), so a cookie-
authenticated handshake must come from one of our hosts. A browser never lets a page set the
Authorization header of a WebSocket, so a handshake that carries a token was not made by a
page riding on someone's cookie: it needs no Origin (server-side clients send none). A token
header that is wrong makes the connection anonymous, never falls back to the cookie.
"""

from __future__ import annotations

from typing import Any

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.security.websocket import AllowedHostsOriginValidator
from django.contrib.auth.models import AnonymousUser

from sessions_app.tokens import user_for_token_key


@database_sync_to_async
def _user_for_token(key: str) -> Any:
    user = user_for_token_key(key)
    return AnonymousUser() if user is None else user


def _token_key(scope: dict[str, Any]) -> str | None:
    """The key of an `Authorization: Token <key>` header, if the handshake has one."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            keyword, _, key = value.decode("latin-1").partition(" ")
            if keyword.lower() == "token":
                return key.strip()
    return None


class TokenOrCookieAuth:
    """Token handshakes go straight to the app; cookie ones through the Origin check and
    Channels' session authentication."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.cookie_app = AllowedHostsOriginValidator(AuthMiddlewareStack(inner))

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        key = _token_key(scope)
        if key is None:
            return await self.cookie_app(scope, receive, send)
        user = await _user_for_token(key) if key else AnonymousUser()
        return await self.inner({**scope, "user": user}, receive, send)
