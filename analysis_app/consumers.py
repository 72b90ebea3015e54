"""The progress stream of one interview session: stage events and results for its answers.

Only the session's owner and staff reviewers (`sessions_app.selectors.user_can_see_all`,
through `session_get`) may join; anyone else's handshake is refused exactly like an unknown
session, so the stream does not reveal which sessions exist.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404

from analysis_app.progress import AnswerStateSnapshot, SnapshotEvent, session_group
from analysis_app.ws_access import admitted
from sessions_app import selectors


@database_sync_to_async
def _snapshot_for(user: Any, session_id: str) -> SnapshotEvent | None:
    try:
        session = selectors.session_get(user=user, session_id=session_id)
    except Http404:
        return None
    answers = selectors.answer_list(user=user, session=session).prefetch_related("stage_runs")
    return SnapshotEvent(
        type="snapshot",
        session_id=str(session.id),
        answers=[
            AnswerStateSnapshot(
                answer_id=str(answer.id),
                analysis_status=answer.analysis_status,
                stages={run.stage: run.status for run in answer.stage_runs.all()},
            )
            for answer in answers
        ],
    )


async def _may_see_session(user: Any, session_id: str) -> bool:
    return await _snapshot_for(user, session_id) is not None


class SessionProgressConsumer(AsyncJsonWebsocketConsumer):
    group_name: str | None = None

    async def connect(self) -> None:
        who = await admitted(self, "session_id", _may_see_session)
        if who is None:
            return
        user, session_id = who
        # Join first, then read the state: an event racing the join shows up twice at worst
        # (harmless, it repeats a state), never not at all.
        self.group_name = session_group(session_id)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        snapshot = await _snapshot_for(user, session_id)
        await self.accept()
        await self.send_json(snapshot)

    async def disconnect(self, code: int) -> None:
        if self.group_name is not None:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The stream is one-way; a client message only gets a reminder of that."""
        await self.send_json({"type": "error", "message": "This stream is read-only."})

    async def progress_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
