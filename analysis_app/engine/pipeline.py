"""The whole analysis of one recording in-process: what the CLI runs, and how the workers'
separately stored stage results are combined (`merge_features`, `merge_timelines`).

A modality that fails or is absent never sinks the answer: its status says why, and its
features stay null rather than invented.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from analysis_app.engine import model_registry, timeline
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.language import LanguageAnalysis, analyze_language
from analysis_app.engine.media import MediaError, MediaInfo, load_recording
from analysis_app.engine.prosody import AudioAnalysis, analyze_audio
from analysis_app.engine.speech import Transcript, transcribe
from analysis_app.engine.video import VideoAnalysis, analyze_video

logger = logging.getLogger(__name__)

#: Bumped when a change to the engine changes its numbers, so stored results can be redone.
ENGINE_VERSION: Final = "1.0.0"

#: Features every analysed answer has (PRODUCT.md "Feature contract"); null only when their
#: modality is absent.
AUDIO_FEATURE_KEYS: Final = (
    "speech_duration_s", "pitch_median_hz", "pitch_range_semitones", "pause_count",
    "long_pause_count", "pause_ratio",
)
TEXT_FEATURE_KEYS: Final = (
    "word_count", "speech_rate_wpm", "filler_count", "filler_rate_per_100_words", "hedge_count",
    "sentiment", "lexical_diversity", "relevance_similarity", "keyword_coverage",
    "star_components",
)
VIDEO_FEATURE_KEYS: Final = (
    "face_present_ratio", "eye_contact_ratio", "head_yaw_std_deg", "head_pitch_std_deg",
    "smile_ratio", "blink_rate_per_min",
)
FEATURE_KEYS: Final = ("duration_s", *AUDIO_FEATURE_KEYS, *TEXT_FEATURE_KEYS,
                       *VIDEO_FEATURE_KEYS)
TIMELINE_KEYS: Final = ("pace_wpm", "pitch_hz", "loudness_db", "eye_contact")

COMPLETED, SKIPPED, FAILED = "completed", "skipped", "failed"
MODALITIES: Final = ("speech", "audio", "video", "text")

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class ModalityStatus:
    status: str
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModalityStatus:
        return cls(str(data["status"]), data.get("reason"))


def merge_features(
    media: MediaInfo | float,
    audio: AudioAnalysis | None = None,
    language: LanguageAnalysis | None = None,
    video: VideoAnalysis | None = None,
) -> dict[str, Any]:
    """The answer's feature dict: every contract key present, the extras after them.

    `media` is the media info or just the duration in seconds. Stage outputs may be the
    dataclasses or what their `to_dict()` stored.
    """
    duration = media.duration_s if isinstance(media, MediaInfo) else float(media)
    features: dict[str, Any] = dict.fromkeys(FEATURE_KEYS)
    features["duration_s"] = round(duration, 3)
    for part in (audio, language, video):
        if part is not None:
            features.update({k: v for k, v in part.features.items() if k != "duration_s"})
    return features


def merge_timelines(
    duration_s: float,
    audio: AudioAnalysis | None = None,
    language: LanguageAnalysis | None = None,
    video: VideoAnalysis | None = None,
) -> dict[str, list[Any]]:
    """Per-second series of equal length, with "t" (seconds) as their x axis."""
    count = timeline.bucket_count(duration_s)
    series: dict[str, list[Any]] = {"t": timeline.seconds_axis(duration_s)}
    for name in TIMELINE_KEYS:
        series[name] = [None] * count
    for part in (audio, language, video):
        if part is not None:
            for name, values in part.timelines.items():
                series[name] = timeline.fit_length(list(values), count)
    return series


def transcript_markers(audio: AudioAnalysis | None,
                       language: LanguageAnalysis | None) -> dict[str, list[dict[str, Any]]]:
    """What the report marks on the transcript: fillers, hedges and long pauses."""
    return {
        "fillers": [m.to_dict() for m in language.fillers] if language else [],
        "hedges": [m.to_dict() for m in language.hedges] if language else [],
        "long_pauses": [p.to_dict(audio.long_pause_s) for p in audio.long_pauses]
        if audio else [],
    }


@dataclass
class AnalysisResult:
    """Everything the engine found in one recording; `to_json()` is the CLI's contract."""

    media: MediaInfo
    modalities: dict[str, ModalityStatus]
    transcript: Transcript | None = None
    audio: AudioAnalysis | None = None
    language: LanguageAnalysis | None = None
    video: VideoAnalysis | None = None
    question: str | None = None
    timings_s: dict[str, float] = field(default_factory=dict)
    # Filled by the scoring stage (a later issue); present so the contract's shape is stable.
    scores: dict[str, Any] = field(default_factory=dict)
    explanations: dict[str, Any] = field(default_factory=dict)
    feedback: dict[str, Any] | None = None
    status: str = COMPLETED

    @property
    def features(self) -> dict[str, Any]:
        return merge_features(self.media, self.audio, self.language, self.video)

    @property
    def timelines(self) -> dict[str, list[Any]]:
        return merge_timelines(self.media.duration_s, self.audio, self.language, self.video)

    def to_json(self) -> dict[str, Any]:
        transcript = self.transcript or Transcript(text="")
        return {
            "status": self.status,
            "media": self.media.to_dict(),
            "transcript": {"text": transcript.text,
                           "words": [word.to_dict() for word in transcript.words]},
            "features": self.features,
            "timelines": self.timelines,
            "markers": transcript_markers(self.audio, self.language),
            "details": {
                "star": dict(self.language.star) if self.language else {},
                "coverage": self.language.coverage if self.language else None,
                "filler_types": dict(self.language.filler_types) if self.language else {},
            },
            "modalities": {name: status.to_dict() for name, status in self.modalities.items()},
            "scores": self.scores,
            "explanations": self.explanations,
            "feedback": self.feedback,
            "engine": {"version": ENGINE_VERSION, "timings_s": dict(self.timings_s)},
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, stage by stage, so it can be stored and rebuilt with `from_dict`."""
        return {
            "media": self.media.to_dict(),
            "modalities": {name: status.to_dict() for name, status in self.modalities.items()},
            "transcript": self.transcript.to_dict() if self.transcript else None,
            "audio": self.audio.to_dict() if self.audio else None,
            "language": self.language.to_dict() if self.language else None,
            "video": self.video.to_dict() if self.video else None,
            "question": self.question,
            "timings_s": dict(self.timings_s),
            "scores": self.scores,
            "explanations": self.explanations,
            "feedback": self.feedback,
            "status": self.status,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnalysisResult:
        def part(key: str, loader: Callable[[dict[str, Any]], Any]) -> Any:
            return loader(data[key]) if data.get(key) is not None else None

        return cls(
            media=MediaInfo.from_dict(data["media"]),
            modalities={name: ModalityStatus.from_dict(value)
                        for name, value in data.get("modalities", {}).items()},
            transcript=part("transcript", Transcript.from_dict),
            audio=part("audio", AudioAnalysis.from_dict),
            language=part("language", LanguageAnalysis.from_dict),
            video=part("video", VideoAnalysis.from_dict),
            question=data.get("question"),
            timings_s=dict(data.get("timings_s", {})),
            scores=dict(data.get("scores", {})),
            explanations=dict(data.get("explanations", {})),
            feedback=data.get("feedback"),
            status=str(data.get("status", COMPLETED)),
        )


def _failure(stage: str, error: BaseException) -> ModalityStatus:
    if isinstance(error, MediaError):
        return ModalityStatus(FAILED, str(error))
    logger.exception("The %s analysis failed", stage, exc_info=error)
    return ModalityStatus(FAILED, f"The {stage} analysis failed: {type(error).__name__}: {error}")


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def run(self, stage: str, function: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        try:
            return function()
        finally:
            self.timings[stage] = round(time.perf_counter() - started, 3)


def analyze_recording(
    path: str | Path,
    *,
    question: str | None = None,
    key_points: tuple[str, ...] | list[str] = (),
    config: EngineConfig | None = None,
    progress: Progress | None = None,
    parallel: bool = True,
) -> AnalysisResult:
    """Analyse one recording end to end. Raises MediaError for a file that is not usable.

    With `parallel`, Whisper runs in a second thread while video and prosody run in this one:
    CTranslate2, MediaPipe, PyAV and numpy release the GIL, and on a small CPU no one stage
    keeps every core busy. Stage failures are caught per modality (see `modalities`).
    """
    config = config or EngineConfig()
    report = progress or (lambda stage, fraction: None)
    clock = _Clock()
    started = time.perf_counter()

    report("media", 0.0)
    info, samples = clock.run("media", lambda: load_recording(path))
    statuses: dict[str, ModalityStatus] = {}
    report("media", 0.05)

    def speech_stage() -> Transcript | None:
        return _run_stage("speech", lambda: transcribe(samples, config), clock, statuses)

    def audio_stage() -> AudioAnalysis | None:
        return _run_stage("audio", lambda: analyze_audio(samples, config), clock, statuses)

    def video_stage() -> VideoAnalysis | None:
        if not info.has_video:
            statuses["video"] = ModalityStatus(SKIPPED, "The recording has no video track.")
            return None
        return _run_stage("video", lambda: analyze_video(path, config), clock, statuses)

    if not parallel:
        audio = audio_stage()
        report("audio", 0.2)
        video = video_stage()
        report("video", 0.5)
        transcript = speech_stage()
    else:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="engine") as pool:
            if question or key_points:
                # Importing sentence-transformers takes seconds; in a fresh process (the CLI)
                # it overlaps with the other stages instead of waiting for the transcript.
                pool.submit(_prefetch_embedder, config)
            speech = pool.submit(speech_stage)
            video = video_stage()
            report("video", 0.4)
            audio = audio_stage()
            report("audio", 0.6)
            transcript = speech.result()
    report("speech", 0.85)

    language = None
    if transcript is None:
        statuses["text"] = ModalityStatus(SKIPPED, "There is no transcript to analyse.")
    elif transcript.is_empty:
        statuses["text"] = ModalityStatus(SKIPPED, "No speech was recognised in the recording.")
    else:
        language = _run_stage("text", lambda: analyze_language(
            transcript, audio, question, tuple(key_points), config, duration_s=info.duration_s,
        ), clock, statuses)
    report("text", 1.0)
    clock.timings["total"] = round(time.perf_counter() - started, 3)
    return AnalysisResult(
        media=info,
        modalities={name: statuses[name] for name in MODALITIES},
        transcript=transcript,
        audio=audio,
        language=language,
        video=video,
        question=question,
        timings_s=clock.timings,
    )


def _prefetch_embedder(config: EngineConfig) -> None:
    try:
        model_registry.embedder(config)
    except Exception:  # the text stage loads it again and reports the error there
        logger.warning("Could not preload the sentence embedder", exc_info=True)


def _run_stage(stage: str, function: Callable[[], Any], clock: _Clock,
               statuses: dict[str, ModalityStatus]) -> Any:
    try:
        result = clock.run(stage, function)
    except Exception as error:  # noqa: BLE001 - one modality's failure is reported, not fatal
        statuses[stage] = _failure(stage, error)
        return None
    statuses[stage] = ModalityStatus(COMPLETED)
    return result

