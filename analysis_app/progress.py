"""Typed progress events pushed to the browser over Channels, one group per interview session.

Events are plain JSON-safe dicts (TypedDicts with a `type` field) so the worker, the consumer
and the web client agree on one shape. Sending goes through a sink so tests can swap in a fake.
"""

from __future__ import annotations

import logging
from typing import Any, Literal, Protocol, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


class StageEvent(TypedDict):
    type: Literal["stage"]
    session_id: str
    answer_id: str
    stage: str
    status: str
    attempt: int
    error: str
    at: str


class AnswerResultEvent(TypedDict):
    type: Literal["answer.result"]
    session_id: str
    answer_id: str
    analysis_status: str
    error: str
    stages: dict[str, str]
    result: dict[str, Any] | None


class AnswerStateSnapshot(TypedDict):
    answer_id: str
    analysis_status: str
    stages: dict[str, str]


class SnapshotEvent(TypedDict):
    """Sent once on connect so a client that joins late knows where every answer stands."""

    type: Literal["snapshot"]
    session_id: str
    answers: list[AnswerStateSnapshot]


ProgressEvent = StageEvent | AnswerResultEvent

#: The consumer method that relays group messages (Channels maps "progress.event" to it).
CONSUMER_HANDLER = "progress.event"


def session_group(session_id: str) -> str:
    return f"session-{session_id}"


class ProgressSink(Protocol):
    def send(self, session_id: str, event: ProgressEvent) -> None: ...


class ChannelsProgressSink:
    """Publishes to the session's channel group; a broken channel layer must not fail analysis."""

    def send(self, session_id: str, event: ProgressEvent) -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(
                session_group(session_id), {"type": CONSUMER_HANDLER, "event": event}
            )
        except Exception:
            logger.warning("Could not publish progress for session %s", session_id, exc_info=True)


class RecordingProgressSink:
    """Keeps events in memory: the fake sink for unit tests."""

    def __init__(self) -> None:
        self.events: list[tuple[str, ProgressEvent]] = []

    def send(self, session_id: str, event: ProgressEvent) -> None:
        self.events.append((session_id, event))


_sink: ProgressSink = ChannelsProgressSink()


def get_progress_sink() -> ProgressSink:
    return _sink


def set_progress_sink(sink: ProgressSink) -> ProgressSink:
    """Swap the sink (tests); returns the previous one so it can be restored."""
    global _sink
    previous, _sink = _sink, sink
    return previous
