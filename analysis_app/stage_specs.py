"""What each pipeline stage needs, when it can run, and the service that does its work.

Stages are small steps (paperless' consumer plugins): each declares the stages it needs, the
stages it waits for when they are running (and uses if they finished), may decline to run (no
video track, no speech) with a reason, and returns a JSON-safe result that is stored on its
StageRun for the stages after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from analysis_app import services_stages
from analysis_app.models import StageRun
from analysis_app.services_media import answer_media_prepare
from analysis_app.stages import Stage
from sessions_app.models import Answer

StageRuns = dict[str, StageRun]
RunFn = Callable[[Answer, StageRuns], dict[str, Any]]
SkipFn = Callable[[Answer, StageRuns], str | None]


class StageInputError(Exception):
    """The stage's input is unusable (a user-facing reason, not a bug)."""


@dataclass(frozen=True)
class StageSpec:
    stage: Stage
    requires: tuple[Stage, ...]
    run: RunFn
    skip_reason: SkipFn | None = None
    #: Stages to wait for while they are still running; their results are used if present.
    waits_for: tuple[Stage, ...] = ()


STAGE_SPECS: dict[Stage, StageSpec] = {
    Stage.MEDIA: StageSpec(Stage.MEDIA, (), lambda answer, runs: answer_media_prepare(
        answer=answer)),
    Stage.SPEECH: StageSpec(Stage.SPEECH, (Stage.MEDIA,), services_stages.speech_transcribe),
    Stage.AUDIO: StageSpec(Stage.AUDIO, (Stage.MEDIA,), services_stages.audio_analyse),
    Stage.VIDEO: StageSpec(Stage.VIDEO, (Stage.MEDIA,), services_stages.video_analyse,
                           services_stages.video_skip_reason),
    Stage.TEXT: StageSpec(Stage.TEXT, (Stage.SPEECH,), services_stages.text_analyse,
                          services_stages.text_skip_reason, waits_for=(Stage.AUDIO,)),
    Stage.SCORING: StageSpec(Stage.SCORING, (Stage.MEDIA,), services_stages.scoring_assemble),
}
