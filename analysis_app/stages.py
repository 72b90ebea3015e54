"""Names of the pipeline stages and their states, shared by models, tasks and progress events."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """One stage per modality; each runs on the Celery queue of the same name."""

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


#: States after which a stage will not change again (unless the answer is re-analysed).
TERMINAL_STATUSES = frozenset({StageStatus.FINISHED, StageStatus.FAILED, StageStatus.SKIPPED})

#: The stages whose failure leaves the answer with missing modalities but still analysable.
MODALITY_STAGES = (Stage.SPEECH, Stage.AUDIO, Stage.VIDEO, Stage.TEXT)
