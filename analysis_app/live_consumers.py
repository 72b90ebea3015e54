"""Live transcript and nudges for one answer being recorded.

The browser sends binary frames of 16 kHz mono int16 PCM and JSON text frames
(`{"type": "frame", "jpeg": "<base64>", "t": seconds}` about twice a second, `t` on the audio's
clock: seconds since the first audio sample, `{"type": "end"}`); the server answers with
`transcript.partial`, `transcript.final` and `nudge` events (analysis_app.engine.live) and
`{"type": "transcript.end"}` after "end". "end" means the candidate pressed Stop: the last words
still come, but no more nudges (a hint about an answer that is over is noise). Only the
answer's owner may connect; anyone else is refused like an unknown answer (4404), so ids are
not probed.
A process takes at most `LIVE_MAX_STREAMS` streams: past that, a new one gets
`{"type": "error", "code": "busy"}` and close code 4429 instead of slowing every stream down.

Whisper is CPU-bound, so decodes run in a small thread pool shared by every connection of the
process, one thread per core, with one Whisper replica per thread (CTranslate2 runs one decode
per replica at a time); the event loop only moves bytes. One connection has at most one decode
in flight, and the audio that arrives meanwhile is appended before the next one, so under load a
stream decodes bigger steps less often instead of queueing work it can never catch up with.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import fields, replace
from functools import cache
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.http import Http404

from analysis_app.engine import live, model_registry
from analysis_app.engine.config import EngineConfig
from analysis_app.engine_settings import engine_config
from analysis_app.ws_access import admitted
from sessions_app import selectors

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
#: Streams open in this process. Consumers run on daphne's one event loop: no lock needed.
_open_streams = 0
#: Close code for "this process has as many live streams as it keeps up with".
BUSY_CLOSE_CODE = 4429
#: A client frame bigger than this (10 s of PCM, or a large JPEG) is refused, not buffered.
MAX_FRAME_BYTES = 320_000


def _decode_threads() -> int:
    """Sized to the cores: more threads would only share them."""
    return settings.LIVE_DECODE_THREADS or os.cpu_count() or 1


def _decode_executor() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=_decode_threads(),
                                       thread_name_prefix="live-decode")
    return _executor


def max_streams() -> int:
    """2 per decode thread: 4 streams on two threads keep a p90 lag near 1.2 s in
    `make bench-live`, leaving room for the camera frames' face mesh and a busier machine."""
    return settings.LIVE_MAX_STREAMS or max(1, 2 * _decode_threads())


@cache
def live_engine_config() -> EngineConfig:
    """The analysis' engine settings with a Whisper replica per decode thread."""
    return replace(engine_config(), whisper_num_workers=_decode_threads())


def _warm_up_face_mesh() -> None:
    """The face mesh only serves the nudges: without it the transcript still works."""
    try:
        live.warm_up_face_mesh()
    except Exception:
        logger.exception("The live face mesh could not be loaded")


def warm_up() -> None:
    """Load the live models in the decode pool now, in the background (`LIVE_WARM_UP`)."""
    def report(done: Future[Any]) -> None:
        if (error := done.exception()) is not None:
            logger.error("Live Whisper could not be loaded", exc_info=error)

    _decode_executor().submit(model_registry.whisper, live_engine_config()).add_done_callback(
        report)
    _decode_executor().submit(_warm_up_face_mesh)


def live_config() -> live.LiveConfig:
    known = {field.name for field in fields(live.LiveConfig)}
    values = {k: v for k, v in settings.LIVE_TRANSCRIPTION.items() if k in known}
    return live.LiveConfig(**values)


@database_sync_to_async
def _owns_answer(user: Any, answer_id: str) -> bool:
    try:
        selectors.answer_owned_get(user=user, answer_id=answer_id)
    except Http404:
        return False
    return True


if settings.LIVE_WARM_UP:
    warm_up()  # imported once per server process, by the WebSocket routing


class LiveAnswerConsumer(AsyncWebsocketConsumer):
    # The stream talks only to its own socket, so it joins no channel layer: otherwise every
    # open stream would hold a Redis connection in a blocking pop for messages that never come,
    # and a Redis outage would break a preview that does not need Redis.
    channel_layer_alias = None
    transcriber: live.LiveTranscriber | None = None
    nudges: live.NudgeEngine | None = None
    _worker: asyncio.Task[None] | None = None
    _face_task: asyncio.Task[None] | None = None
    _counted = False

    async def connect(self) -> None:
        if await admitted(self, "answer_id", _owns_answer) is None:
            return
        global _open_streams
        if _open_streams >= max_streams():
            # Accepted first so that the browser gets the reason, not a bare failed handshake.
            await self.accept()
            await self._send({"type": "error", "code": "busy",
                              "message": "The live preview is busy right now."})
            await self.close(code=BUSY_CLOSE_CODE)
            return
        _open_streams += 1
        self._counted = True
        config = live_config()
        self.transcriber = live.LiveTranscriber(live_engine_config(), config)
        self.nudges = live.NudgeEngine(config)
        self._pending: list[bytes] = []
        self._wake = asyncio.Event()
        self._ending = False
        self._face_busy = False
        # Load Whisper and the face mesh (once per process) before the handshake completes, so
        # the first connection's first words are not late by the models' load time: loaded by
        # the first camera frame instead, the face mesh took a core from the first decodes for
        # ~2 s. The browser keeps the audio of the meantime and sends it on open.
        try:
            loop = asyncio.get_running_loop()
            await asyncio.gather(
                loop.run_in_executor(_decode_executor(), model_registry.whisper,
                                     live_engine_config()),
                loop.run_in_executor(_decode_executor(), _warm_up_face_mesh))
        except BaseException:
            await self.disconnect(code=1011)  # give the stream's place back
            raise
        await self.accept()
        self._worker = asyncio.create_task(self._decode_loop())

    async def disconnect(self, code: int) -> None:
        global _open_streams
        if self._counted:
            _open_streams -= 1
            self._counted = False
        for task in (self._worker, self._face_task):
            if task is not None:
                task.cancel()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.transcriber is None:
            return
        if bytes_data is not None:
            if len(bytes_data) > MAX_FRAME_BYTES:
                await self._send({"type": "error", "message": "Audio frame too large."})
                return
            self._pending.append(bytes_data)
            self._wake.set()
            return
        try:
            message = json.loads(text_data or "")
        except json.JSONDecodeError:
            await self._send({"type": "error", "message": "Expected JSON."})
            return
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "end":
            self._ending = True
            if self.nudges is not None:
                self.nudges.stop()  # from now on, no hint: also none from a frame in flight
            self._wake.set()
        elif kind == "frame":
            await self._on_frame(message)
        else:
            await self._send({"type": "error", "message": "Unknown message type."})

    async def _on_frame(self, message: dict[str, Any]) -> None:
        """Video frames are optional and cheap to lose: one in flight, the rest dropped."""
        if self._face_busy or self.nudges is None or self._ending:
            return
        try:
            jpeg = base64.b64decode(str(message.get("jpeg", "")), validate=True)
            t = float(message.get("t", 0.0))
        except (binascii.Error, TypeError, ValueError):
            await self._send({"type": "error", "message": "Bad video frame."})
            return
        if not jpeg or len(jpeg) > MAX_FRAME_BYTES:
            return
        # A task, not an await: the consumer handles its messages one by one, and audio must
        # not wait behind a frame queued for a busy decode thread.
        self._face_busy = True
        self._face_task = asyncio.create_task(self._observe(jpeg, t))

    async def _observe(self, jpeg: bytes, t: float) -> None:
        assert self.nudges is not None
        try:
            loop = asyncio.get_running_loop()
            observation = await loop.run_in_executor(
                _decode_executor(), live.observe_face, jpeg, t, live_engine_config())
            for nudge in self.nudges.add_face(observation):
                await self._send(nudge)
        except Exception:
            logger.exception("Live face check failed")
        finally:
            self._face_busy = False

    async def _decode_loop(self) -> None:
        assert self.transcriber is not None and self.nudges is not None
        loop = asyncio.get_running_loop()
        transcriber, nudges = self.transcriber, self.nudges
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                if self._pending:
                    audio = b"".join(self._pending)
                    self._pending.clear()
                    transcriber.append(live.pcm16_to_float(audio))
                ending = self._ending  # "end" may arrive during the decode: finish after it
                if ending:
                    events = await loop.run_in_executor(_decode_executor(), transcriber.finish)
                elif transcriber.due:
                    events = await loop.run_in_executor(_decode_executor(), transcriber.step)
                else:
                    continue
                for event in events:
                    await self._send(event)
                if not ending:
                    settled = [word for event in events if event["type"] == "transcript.final"
                               for word in event["words"]]
                    for nudge in nudges.add_words(settled, transcriber.decoded_until_s,
                                                  tail=transcriber.partial_words):
                        await self._send(nudge)
                if ending:
                    await self._send({"type": "transcript.end"})
                    await self.close()
                    return
                if self._pending or self._ending:
                    self._wake.set()  # audio (or "end") came in during the decode
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Live transcription failed")
            await self._send({"type": "error", "message": "Live transcription stopped."})
            await self.close(code=1011)

    async def _send(self, event: Any) -> None:
        await self.send(text_data=json.dumps(event))
