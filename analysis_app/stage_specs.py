"""What each pipeline stage needs, when it can run, and the service that does its work.

Stages are small steps (paperless' consumer plugins): each declares the stages it needs, may
decline to run (no video track, no speech) with a reason, and returns a JSON-safe result that
is stored on its StageRun for the stages after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from analysis_app.models import StageRun
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
    skip_reason: SkipFn


def _never_skip(answer: Answer, runs: StageRuns) -> str | None:
    return None


def _run_media(answer: Answer, runs: StageRuns) -> dict[str, Any]:
    from analysis_app.services_media import answer_media_prepare

    return answer_media_prepare(answer=answer)


def _not_in_this_build(stage: Stage) -> SkipFn:
    def reason(answer: Answer, runs: StageRuns) -> str | None:
        return f"The {stage} analysis is not available in this build."

    return reason


def _unreachable(answer: Answer, runs: StageRuns) -> dict[str, Any]:
    raise StageInputError("This stage is not available in this build.")


STAGE_SPECS: dict[Stage, StageSpec] = {
    Stage.MEDIA: StageSpec(Stage.MEDIA, (), _run_media, _never_skip),
    Stage.SPEECH: StageSpec(Stage.SPEECH, (Stage.MEDIA,), _unreachable,
                            _not_in_this_build(Stage.SPEECH)),
    Stage.AUDIO: StageSpec(Stage.AUDIO, (Stage.MEDIA,), _unreachable,
                           _not_in_this_build(Stage.AUDIO)),
    Stage.VIDEO: StageSpec(Stage.VIDEO, (Stage.MEDIA,), _unreachable,
                           _not_in_this_build(Stage.VIDEO)),
    Stage.TEXT: StageSpec(Stage.TEXT, (Stage.SPEECH,), _unreachable,
                          _not_in_this_build(Stage.TEXT)),
    Stage.SCORING: StageSpec(Stage.SCORING, (Stage.MEDIA,), _unreachable,
                             _not_in_this_build(Stage.SCORING)),
}
