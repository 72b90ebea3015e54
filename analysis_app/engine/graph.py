"""The analysis of one answer as a graph of stages, defined once for every way it runs.

Each stage says which stages must have ended before it can start (`after`), which of those must
have *finished* for it to be worth running (`requires`, else it is skipped with the reason),
when it declines to run (`skip_reason`: no video track, no speech), and what it runs. The
workers run this graph through Celery, one task per stage with the states in the database;
`analyze_recording` runs it in-process with threads. Both read their failure and skip
messages, and the answer's final status, from here, so a candidate and an integrator see the
same words whichever way an answer was analysed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Protocol

from analysis_app.engine.arrays import FloatArray
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.language import LanguageAnalysis, analyze_language
from analysis_app.engine.media import MediaError, MediaInfo, load_recording
from analysis_app.engine.merge import merge_features
from analysis_app.engine.prosody import AudioAnalysis, analyze_audio
from analysis_app.engine.scoring import LearnedModel, ScoreResult, score_features
from analysis_app.engine.scoring.rubric_types import QuestionKind
from analysis_app.engine.speech import Transcript, transcribe
from analysis_app.engine.stages import Outcome, Stage, StageStatus
from analysis_app.engine.video import VideoAnalysis, analyze_video

#: States after which a stage will not change again (unless the answer is re-analysed).
TERMINAL_STATUSES: Final = frozenset({StageStatus.FINISHED, StageStatus.FAILED,
                                      StageStatus.SKIPPED})
#: The stages whose failure leaves the answer with missing modalities but still analysable.
MODALITY_STAGES: Final = (Stage.SPEECH, Stage.AUDIO, Stage.VIDEO, Stage.TEXT)


class StageInputError(Exception):
    """The stage's input is unusable: a reason for the user, not a bug."""


@dataclass(frozen=True)
class MediaOutput:
    """What the media stage produces: the probe and the 16 kHz mono audio."""

    info: MediaInfo
    samples: FloatArray


class StageInputs(Protocol):
    """What a stage reads. In-process the outputs are in memory; in the workers they are
    loaded from the database and object storage, so a stage never knows where it runs."""

    @property
    def config(self) -> EngineConfig: ...

    @property
    def question(self) -> str | None: ...

    @property
    def key_points(self) -> tuple[str, ...]: ...

    @property
    def question_kind(self) -> QuestionKind | None:
        """Behavioural or technical, from the question's category; None: classify the text."""
        ...

    @property
    def scoring_models(self) -> Mapping[str, LearnedModel]: ...

    def recording(self) -> Path:
        """A local path to the recording."""
        ...

    def media(self) -> MediaInfo: ...

    def samples(self) -> FloatArray: ...

    def output(self, stage: Stage) -> Any | None:
        """The output of an earlier stage that finished, else None."""
        ...

    def stage_states(self) -> Mapping[Stage, StageState]:
        """How the other stages ended: the scoring stage tells an absent modality (no video
        track, no speech) from one whose analysis failed, and says which to the candidate."""
        ...


@dataclass(frozen=True)
class StageDef:
    stage: Stage
    after: tuple[Stage, ...]
    requires: tuple[Stage, ...]
    run: Callable[[StageInputs], Any]
    skip_reason: Callable[[StageInputs], str | None] | None = None

    @property
    def label(self) -> str:
        return f"{self.stage} analysis"


def _media(inputs: StageInputs) -> MediaOutput:
    info, samples = load_recording(inputs.recording())
    return MediaOutput(info, samples)


def _speech(inputs: StageInputs) -> Transcript:
    return transcribe(inputs.samples(), inputs.config)


def _audio(inputs: StageInputs) -> AudioAnalysis:
    return analyze_audio(inputs.samples(), inputs.config)


def _video_skip(inputs: StageInputs) -> str | None:
    return None if inputs.media().has_video else "The recording has no video track."


def _video(inputs: StageInputs) -> VideoAnalysis:
    video = analyze_video(inputs.recording(), inputs.config)
    if video is None:
        raise StageInputError("The recording has no video track.")
    return video


def _text_skip(inputs: StageInputs) -> str | None:
    transcript = inputs.output(Stage.SPEECH)
    if transcript is not None and transcript.is_empty:
        return "No speech was recognised in the recording."
    return None


def _text(inputs: StageInputs) -> LanguageAnalysis:
    """Speaking time comes from the audio stage when it finished, else from word timings."""
    transcript = inputs.output(Stage.SPEECH)
    if not isinstance(transcript, Transcript):  # TEXT runs only after SPEECH finished
        raise StageInputError("The text stage needs the speech stage's transcript.")
    return analyze_language(
        transcript, inputs.output(Stage.AUDIO), inputs.question,
        inputs.key_points, inputs.config, duration_s=inputs.media().duration_s,
        question_kind=inputs.question_kind,
    )


def _scoring(inputs: StageInputs) -> ScoreResult:
    """A modality whose stage failed has null features just as an absent one does: the
    stages' states go with them so the missing reasons say which it was."""
    features = merge_features(inputs.media(), inputs.output(Stage.AUDIO),
                              inputs.output(Stage.TEXT), inputs.output(Stage.VIDEO))
    return score_features(features, models=dict(inputs.scoring_models),
                          failures=modality_failures(inputs.stage_states()))


#: The graph, in the order stages are started when several are ready at once: Whisper first,
#: as the longest, then video, then prosody (what keeps two cores busy in-process).
GRAPH: Final[Mapping[Stage, StageDef]] = {
    Stage.MEDIA: StageDef(Stage.MEDIA, (), (), _media),
    Stage.SPEECH: StageDef(Stage.SPEECH, (Stage.MEDIA,), (Stage.MEDIA,), _speech),
    Stage.VIDEO: StageDef(Stage.VIDEO, (Stage.MEDIA,), (Stage.MEDIA,), _video, _video_skip),
    Stage.AUDIO: StageDef(Stage.AUDIO, (Stage.MEDIA,), (Stage.MEDIA,), _audio),
    # Text waits for prosody's speaking time but runs without it if prosody failed.
    Stage.TEXT: StageDef(Stage.TEXT, (Stage.SPEECH, Stage.AUDIO), (Stage.SPEECH,), _text,
                         _text_skip),
    Stage.SCORING: StageDef(Stage.SCORING, MODALITY_STAGES, (Stage.MEDIA,), _scoring),
}


@dataclass(frozen=True)
class StageState:
    status: StageStatus
    reason: str = ""


def ready_stages(states: Mapping[Stage, StageState]) -> list[Stage]:
    """Pending stages whose `after` stages have all ended, in graph order."""
    return [
        stage for stage, spec in GRAPH.items()
        if states[stage].status == StageStatus.PENDING
        and all(states[need].status in TERMINAL_STATUSES for need in spec.after)
    ]


def unmet_requirement(stage: Stage, states: Mapping[Stage, StageState]) -> str | None:
    """Why a ready stage cannot run because a stage it needs did not finish, or None."""
    for need in GRAPH[stage].requires:
        if states[need].status != StageStatus.FINISHED:
            return f"Needs the {need} stage, which {states[need].status}."
    return None


def skip_reason(stage: Stage, states: Mapping[Stage, StageState],
                inputs: StageInputs) -> str | None:
    """Why a ready stage will not run (a stage it needs did not finish, or the stage declines:
    no video track, no speech), or None when it should run."""
    spec = GRAPH[stage]
    return unmet_requirement(stage, states) or (
        spec.skip_reason(inputs) if spec.skip_reason else None)


#: The stored failure messages, written here and read back by `modality_failures` (a worker
#: keeps only the message, in its StageRun's `error`).
_BUG = "The {label} failed: {detail}"
_TIMEOUT = "The {label} took too long and was stopped."
_CRASH = "The {label} stopped its worker {attempts} times."


def failure_reason(stage: Stage, error: BaseException) -> str:
    """What a stage's failure says to the user: the input's problem as it is, a bug named."""
    if isinstance(error, MediaError | StageInputError):
        return str(error)
    return _BUG.format(label=GRAPH[stage].label, detail=f"{type(error).__name__}: {error}")


def timeout_reason(stage: Stage) -> str:
    return _TIMEOUT.format(label=GRAPH[stage].label)


def crash_reason(stage: Stage, attempts: int) -> str:
    """A stage whose worker died every time it ran it: the recording is the likely cause."""
    return _CRASH.format(label=GRAPH[stage].label, attempts=attempts)


def _why_in_words(stage: Stage, reason: str) -> str:
    """A failed stage's stored message as the "why" of a sentence about that stage."""
    label = GRAPH[stage].label
    reason = reason.strip()
    if reason == _TIMEOUT.format(label=label):
        return "it took too long and was stopped"
    crashed = re.fullmatch(re.escape(_CRASH.format(label=label, attempts="@"))
                           .replace("@", r"(\d+)"), reason)
    if crashed:
        return f"it stopped unexpectedly {crashed.group(1)} times on this recording"
    bug_prefix = _BUG.format(label=label, detail="")
    if reason.startswith(bug_prefix):
        return f"an internal error: {reason.removeprefix(bug_prefix)}"
    # A problem with the input, already in words for the user ("The recording has no video
    # track."): as a clause, without its capital (unless an acronym starts it) and full stop.
    if len(reason) > 1 and reason[1].islower():
        reason = reason[0].lower() + reason[1:]
    return reason.removesuffix(".")


def _failed_root(stage: Stage, states: Mapping[Stage, StageState]) -> Stage | None:
    """The failed stage behind this one: itself if it failed, else, if it was skipped, the
    failed stage that a stage it requires traces back to. None for a finished stage and for
    one that declined on its own (no video track, no speech): that is absence, not failure."""
    state = states.get(stage)
    if state is None:
        return None
    if state.status == StageStatus.FAILED:
        return stage
    if state.status == StageStatus.SKIPPED:
        for need in GRAPH[stage].requires:
            root = _failed_root(need, states)
            if root is not None:
                return root
    return None


def modality_failures(states: Mapping[Stage, StageState]) -> dict[str, str]:
    """Modality -> why its analysis failed, in words for the candidate, for each modality stage
    that failed or was skipped because a stage it needs failed ("the speech analysis failed
    (it took too long and was stopped)" also for the text stage it took down).

    The scoring reads this beside the features: a crashed face model and an audio-only file
    both leave the video features null, and only this says which one the candidate had.
    The workers build the states from their StageRuns and the CLI from its threads' results,
    so both give the same reasons.
    """
    failures: dict[str, str] = {}
    for stage in MODALITY_STAGES:
        root = _failed_root(stage, states)
        if root is None:
            continue
        why = _why_in_words(root, states[root].reason)
        failures[str(stage)] = (f"the {GRAPH[root].label} failed ({why})" if why
                                else f"the {GRAPH[root].label} failed")
    return failures


def answer_outcome(states: Mapping[Stage, StageState]) -> tuple[Outcome, str]:
    """Media failing sinks the answer; a failed modality or scoring only makes it partial."""
    unfinished = [stage for stage, state in states.items()
                  if state.status not in TERMINAL_STATUSES]
    if unfinished:
        return Outcome.FAILED, f"Stages never finished: {', '.join(unfinished)}"
    media = states[Stage.MEDIA]
    if media.status != StageStatus.FINISHED:
        return Outcome.FAILED, media.reason or f"The media stage {media.status}."
    problems = [f"{stage}: {states[stage].reason or states[stage].status}"
                for stage in (*MODALITY_STAGES, Stage.SCORING)
                if states[stage].status == StageStatus.FAILED]
    if problems:
        return Outcome.PARTIAL, "; ".join(problems)
    return Outcome.COMPLETED, ""
