"""The names of the analysis stages and of their states, kept once for every reader.

A leaf with nothing but the standard library, so that the settings (one Celery queue per
stage), the benchmarks and the apps read the stage order from here without loading the engine.
`engine.graph` says what each stage needs and runs.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Stage(StrEnum):
    """One stage per modality; in a cluster each runs on the Celery queue of the same name."""

    MEDIA = "media"
    SPEECH = "speech"
    AUDIO = "audio"
    VIDEO = "video"
    TEXT = "text"
    SCORING = "scoring"


class StageStatus(StrEnum):
    PENDING = "pending"
    QUEUED = "queued"
    STARTED = "started"
    FINISHED = "finished"
    FAILED = "failed"
    SKIPPED = "skipped"


class Outcome(StrEnum):
    """How the analysis of an answer ended (the API's `analysis_status` once it is over)."""

    COMPLETED = "completed"
    PARTIAL = "partial"
    FAILED = "failed"


#: Where each stage sits in reports and lists: the order of the pipeline.
STAGE_ORDER: Final = {stage.value: index for index, stage in enumerate(Stage)}
