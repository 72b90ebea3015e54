"""The whole analysis of one recording in-process: the stage graph (`engine.graph`) run with
threads, for the CLI and the benchmarks. The workers run the same graph through Celery.

A modality that fails or is absent never sinks the answer: its state says why, and its
features stay null rather than invented.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Final

from analysis_app.engine import model_registry, star, warm_up
from analysis_app.engine.arrays import FloatArray
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.graph import (
    GRAPH,
    MODALITY_STAGES,
    MediaOutput,
    StageInputError,
    StageState,
    answer_outcome,
    failure_reason,
    ready_stages,
    skip_reason,
)
from analysis_app.engine.language import LanguageAnalysis
from analysis_app.engine.media import MediaError, MediaInfo
from analysis_app.engine.merge import merge_features, merge_timelines, transcript_markers
from analysis_app.engine.prosody import AudioAnalysis, track_pitch
from analysis_app.engine.report import ReportTranscript
from analysis_app.engine.scoring import LearnedModel, ScoreRecord
from analysis_app.engine.scoring.rubric_types import QuestionKind
from analysis_app.engine.speech import Transcript
from analysis_app.engine.stages import Outcome, Stage, StageStatus
from analysis_app.engine.typed_json import dump
from analysis_app.engine.video import VideoAnalysis

logger = logging.getLogger(__name__)

#: Bumped when a change to the engine changes its numbers, so stored results can be redone.
ENGINE_VERSION: Final = "1.3.0"

Progress = Callable[[str, float], None]

#: Share of the progress bar each stage stands for (roughly its share of the work).
_PROGRESS_WEIGHTS: Final = {Stage.MEDIA: 0.05, Stage.SPEECH: 0.35, Stage.VIDEO: 0.3,
                            Stage.AUDIO: 0.15, Stage.TEXT: 0.1, Stage.SCORING: 0.05}


@dataclass
class AnalysisResult:
    """Everything the engine found in one recording; `to_json()` is the CLI's contract."""

    media: MediaInfo
    stages: dict[Stage, StageState]
    transcript: Transcript | None = None
    audio: AudioAnalysis | None = None
    language: LanguageAnalysis | None = None
    video: VideoAnalysis | None = None
    #: The scoring stage's output as stored, when it finished.
    scoring: ScoreRecord | None = None
    question: str | None = None
    timings_s: dict[str, float] = field(default_factory=dict)

    @property
    def outcome(self) -> tuple[Outcome, str]:
        return answer_outcome(self.stages)

    @property
    def status(self) -> str:
        return str(self.outcome[0])

    @property
    def features(self) -> dict[str, Any]:
        return merge_features(self.media, self.audio, self.language, self.video)

    @property
    def timelines(self) -> dict[str, list[Any]]:
        return merge_timelines(self.media.duration_s, self.audio, self.language, self.video)

    def _stage_states(self) -> dict[str, dict[str, Any]]:
        return {str(stage): {"status": str(state.status), "reason": state.reason or None}
                for stage, state in self.stages.items()}

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON: the answer's report as the workers store it, plus every stage."""
        transcript = self.transcript or Transcript(text="")
        scoring = dump(self.scoring) if self.scoring else {}
        status, reason = self.outcome
        return {
            "status": str(status),
            "error": reason,
            "media": dump(self.media),
            "transcript": dump(ReportTranscript(transcript.text, transcript.words)),
            "features": self.features,
            "timelines": self.timelines,
            "markers": dump(transcript_markers(self.audio, self.language)),
            "details": {
                "star": dict(self.language.star) if self.language else {},
                "coverage": self.language.coverage if self.language else None,
                "filler_types": dict(self.language.filler_types) if self.language else {},
            },
            "modalities": {stage: state for stage, state in self._stage_states().items()
                           if stage in MODALITY_STAGES},
            "stages": self._stage_states(),
            "scores": scoring.get("scores", {}),
            "missing": scoring.get("missing", {}),
            "notes": scoring.get("notes", {}),
            "explanations": scoring.get("explanations", {}),
            "baselines": scoring.get("baselines", {}),
            "scorers": scoring.get("scorers", {}),
            "feedback": scoring.get("feedback"),
            "rubric_version": scoring.get("rubric_version"),
            "engine": {"version": ENGINE_VERSION, "timings_s": dict(self.timings_s)},
        }


@dataclass
class _MemoryInputs:
    """The graph's inputs when it runs in one process: earlier outputs are kept in memory."""

    path: Path
    config: EngineConfig
    question: str | None
    key_points: tuple[str, ...]
    scoring_models: Mapping[str, LearnedModel]
    question_kind: QuestionKind | None = None
    outputs: dict[Stage, Any] = field(default_factory=dict)
    #: The graph's states as `run_graph` moves them on (the scoring stage reads them).
    states: dict[Stage, StageState] = field(default_factory=dict)

    def recording(self) -> Path:
        return self.path

    def _media(self) -> MediaOutput:
        media: MediaOutput = self.outputs[Stage.MEDIA]
        return media

    def media(self) -> MediaInfo:
        return self._media().info

    def samples(self) -> FloatArray:
        return self._media().samples

    def output(self, stage: Stage) -> Any | None:
        return self.outputs.get(stage)

    def stage_states(self) -> dict[Stage, StageState]:
        return dict(self.states)


def _timed(function: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function()
    return result, round(time.perf_counter() - started, 3)


def run_graph(
    inputs: _MemoryInputs, *, threads: int, on_end: Callable[[Stage, StageState], None],
) -> tuple[dict[Stage, StageState], dict[Stage, BaseException], dict[str, float]]:
    """Start every stage as soon as the stages it comes after have ended, `threads` at once.

    CTranslate2, MediaPipe, PyAV and numpy release the GIL, so on a small CPU Whisper, the
    face mesh and prosody overlap instead of queueing behind one another.
    """
    states = inputs.states = {stage: StageState(StageStatus.PENDING) for stage in GRAPH}
    errors: dict[Stage, BaseException] = {}
    timings: dict[str, float] = {}

    def end(stage: Stage, state: StageState) -> None:
        states[stage] = state
        on_end(stage, state)

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="engine") as pool:
        running: dict[Future[tuple[Any, float]], Stage] = {}
        while True:
            # Skipping a stage can make the next ones ready: start (or skip) until none is.
            while ready := ready_stages(states):
                for stage in ready:
                    reason = skip_reason(stage, states, inputs)
                    if reason:
                        end(stage, StageState(StageStatus.SKIPPED, reason))
                        continue
                    states[stage] = StageState(StageStatus.STARTED)
                    running[pool.submit(_timed, partial(GRAPH[stage].run, inputs))] = stage
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                stage = running.pop(future)
                try:
                    output, seconds = future.result()
                except Exception as error:  # one stage's failure is reported, not fatal
                    if not isinstance(error, MediaError | StageInputError):
                        logger.exception("The %s stage failed", stage, exc_info=error)
                    errors[stage] = error
                    end(stage, StageState(StageStatus.FAILED, failure_reason(stage, error)))
                    continue
                timings[str(stage)] = seconds
                inputs.outputs[stage] = output
                end(stage, StageState(StageStatus.FINISHED))
    return states, errors, timings


def analyze_recording(
    path: str | Path,
    *,
    question: str | None = None,
    key_points: tuple[str, ...] | list[str] = (),
    config: EngineConfig | None = None,
    progress: Progress | None = None,
    parallel: bool = True,
    scoring_models: Mapping[str, LearnedModel] | None = None,
    question_kind: QuestionKind | None = None,
) -> AnalysisResult:
    """Analyse and score one recording end to end. Raises MediaError for a file that is not a
    usable recording; any other stage's failure is reported in the result's stage states.
    `question_kind` None classifies the question's wording (`question_kind.classify_question`)."""
    config = config or EngineConfig()
    report = progress or (lambda stage, fraction: None)
    started = time.perf_counter()
    inputs = _MemoryInputs(Path(path), config, question, tuple(key_points),
                           scoring_models if scoring_models is not None else {},
                           question_kind)
    done = 0.0
    lock = threading.Lock()

    def on_end(stage: Stage, state: StageState) -> None:
        nonlocal done
        with lock:
            done += _PROGRESS_WEIGHTS[stage]
            report(str(stage), min(1.0, round(done, 4)) if stage != Stage.SCORING else 1.0)

    report(str(Stage.MEDIA), 0.0)
    if parallel:
        threading.Thread(target=_prefetch_models, args=(config,), daemon=True).start()
    states, errors, timings = run_graph(inputs, threads=2 if parallel else 1, on_end=on_end)
    if states[Stage.MEDIA].status != StageStatus.FINISHED:
        raise errors.get(Stage.MEDIA) or MediaError(states[Stage.MEDIA].reason)
    timings["total"] = round(time.perf_counter() - started, 3)
    scored = inputs.output(Stage.SCORING)
    return AnalysisResult(
        media=inputs.media(),
        stages=states,
        transcript=inputs.output(Stage.SPEECH),
        audio=inputs.output(Stage.AUDIO),
        language=inputs.output(Stage.TEXT),
        video=inputs.output(Stage.VIDEO),
        scoring=scored.record() if scored is not None else None,
        question=question,
        timings_s=timings,
    )


def _prefetch_models(config: EngineConfig) -> None:
    """Load, in a fresh process (the CLI), what the stages that start last would otherwise
    load on the critical path; in a warm process it all is loaded, and this takes milliseconds.

    The audio stage waits for a free thread behind Whisper and video, then spent ~1.5 s on
    librosa's and scipy's imports and numba's compiled pYIN before its first frame. The text
    stage's models (the embedder, and the STAR classifier, fitted on ~390 embedded sentences)
    take seconds more. Here they load while Whisper and MediaPipe, which release the GIL, run.
    """
    try:
        track_pitch(warm_up.voice(0.25), config)
        model_registry.embedder(config)
        star.warm_up(config)
    except Exception:  # the stages load them again and report the error there
        logger.warning("Could not preload the audio and text stages' models", exc_info=True)
