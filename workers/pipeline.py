"""The per-answer Celery canvas: media; speech->text, audio and video in parallel; scoring.

    media ─┬─ speech ── text ─┬─ scoring
           ├─ audio ──────────┤
           └─ video ──────────┘
"""

from __future__ import annotations

from celery import chain, chord, group
from celery.canvas import Signature

from workers import tasks


def answer_pipeline(answer_id: str) -> Signature:
    answer_id = str(answer_id)
    # Audio first: the text stage waits for it, and eager runs (unit tests) go in order.
    modalities = group(
        tasks.run_audio_stage.si(answer_id),
        chain(tasks.run_speech_stage.si(answer_id), tasks.run_text_stage.si(answer_id)),
        tasks.run_video_stage.si(answer_id),
    )
    return chain(
        tasks.run_media_stage.si(answer_id),
        chord(modalities, tasks.run_scoring_stage.s(answer_id)),
    )
