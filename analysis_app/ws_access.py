"""Who may open one of the app's WebSocket streams: the one handshake check they all make.

A stream is about one object named in its URL (a session, an answer). Only a signed-in user
who may see that object is let in; the refusals differ only between "not signed in" (4401)
and "not yours" (4404), and someone else's object is refused exactly like one that does not
exist, so a stream never reveals which ids exist. Kept in one place so that every stream
refuses with the same codes, in the same order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer

#: Close codes of a refused handshake (4000-4999 belong to the application).
CLOSE_NOT_SIGNED_IN = 4401
CLOSE_NOT_FOUND = 4404

#: Whether `user` may see the object with this id (a database read, so awaited).
MaySee = Callable[[Any, str], Awaitable[bool]]


async def admitted(
    consumer: AsyncWebsocketConsumer, url_kwarg: str, may_see: MaySee
) -> tuple[Any, str] | None:
    """The user and the id that the URL's `url_kwarg` names when the user may see it; else
    None, with the socket already closed with the reason's code."""
    user = consumer.scope.get("user")
    object_id = str(consumer.scope["url_route"]["kwargs"][url_kwarg])
    if user is None or not user.is_authenticated:
        await consumer.close(code=CLOSE_NOT_SIGNED_IN)
        return None
    if not await may_see(user, object_id):
        await consumer.close(code=CLOSE_NOT_FOUND)
        return None
    return user, object_id
