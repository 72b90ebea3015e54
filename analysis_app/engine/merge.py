"""How the stages' separate outputs combine into one answer's features, timelines and the
transcript's markers: what the scoring stage, the workers' report and the CLI all read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from analysis_app.engine import timeline
from analysis_app.engine.language import LanguageAnalysis, Marker
from analysis_app.engine.media import MediaInfo
from analysis_app.engine.prosody import AudioAnalysis, Pause
from analysis_app.engine.video import VideoAnalysis

#: Features every analysed answer has (docs/product.md, "The feature contract", plus the counts and
#: scores the rubric reads beyond it: restarts, nods, facial animation); null only when their
#: modality is absent.
AUDIO_FEATURE_KEYS: Final = (
    "speech_duration_s", "pitch_median_hz", "pitch_range_semitones", "pause_count",
    "long_pause_count", "pause_ratio",
)
TEXT_FEATURE_KEYS: Final = (
    "word_count", "speech_rate_wpm", "filler_count", "filler_rate_per_100_words", "hedge_count",
    "sentiment", "lexical_diversity", "relevance_similarity", "keyword_coverage",
    "star_components", "restart_count",
)
VIDEO_FEATURE_KEYS: Final = (
    "face_present_ratio", "eye_contact_ratio", "head_yaw_std_deg", "head_pitch_std_deg",
    "smile_ratio", "blink_rate_per_min", "nod_count", "facial_animation",
)
FEATURE_KEYS: Final = ("duration_s", *AUDIO_FEATURE_KEYS, *TEXT_FEATURE_KEYS,
                       *VIDEO_FEATURE_KEYS)
#: The timeline series of a report, in the order its charts show them.
TIMELINE_KEYS: Final = ("pace_wpm", "pitch_hz", "loudness_db", "eye_contact")

def merge_features(
    media: MediaInfo | float,
    audio: AudioAnalysis | None = None,
    language: LanguageAnalysis | None = None,
    video: VideoAnalysis | None = None,
) -> dict[str, Any]:
    """The answer's feature dict: every contract key present, the extras after them.

    `media` is the media info or just the duration in seconds.
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


@dataclass(frozen=True)
class TranscriptMarkers:
    """What the report marks on the transcript: fillers, hedges, long pauses and restarts;
    each list empty when its modality is. The API serves the same object with a `word` on
    each filler (`report_types.ReportMarkers`), in this order."""

    fillers: tuple[Marker, ...] = ()
    hedges: tuple[Marker, ...] = ()
    long_pauses: tuple[Pause, ...] = ()
    restarts: tuple[Marker, ...] = ()


def transcript_markers(audio: AudioAnalysis | None,
                       language: LanguageAnalysis | None) -> TranscriptMarkers:
    """The markers of an answer, from whichever of its stages produced output."""
    return TranscriptMarkers(
        fillers=language.fillers if language else (),
        hedges=language.hedges if language else (),
        restarts=language.restarts if language else (),
        long_pauses=audio.long_pauses if audio else (),
    )
