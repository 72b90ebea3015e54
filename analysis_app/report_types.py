"""The shapes the report API serves beyond what the engine stores, as typed values.

Most of a report is served in the very types the engine wrote it with (`engine.report`,
`engine.scoring`); these few are the API's own views of it: timelines as chart points,
fillers with their `word`, and `{}` for a part the analysis has not produced yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ConfigDict

from analysis_app.engine.language import Marker
from analysis_app.engine.media import MediaInfo
from analysis_app.engine.merge import TranscriptMarkers
from analysis_app.engine.scoring.feedback import Feedback


@dataclass(frozen=True)
class Empty:
    """`{}`: the analysis has not produced this part (yet)."""

    __pydantic_config__ = ConfigDict(extra="forbid")


#: The recording's media info; {} until the media stage has read it.
MediaOrEmpty = MediaInfo | Empty
#: The answer's feedback; {} until the answer is scored.
FeedbackOrEmpty = Feedback | Empty


@dataclass(frozen=True)
class FillerMarker(Marker):
    """A filler as the report marks it; `word` repeats `text` for older clients."""

    word: str = ""


@dataclass(frozen=True)
class ReportMarkers(TranscriptMarkers):
    """The stored transcript markers as the report serves them: fillers carry `word`."""

    fillers: tuple[FillerMarker, ...] = ()


@dataclass(frozen=True)
class TimePoint:
    """One second of a timeline: `t` in seconds from the start; seconds without a value are
    left out, not sent as null."""

    t: float
    value: float


@dataclass(frozen=True)
class ReportTimelines:
    """Per-second series for the report's charts."""

    pace_wpm: tuple[TimePoint, ...] = ()
    pitch_hz: tuple[TimePoint, ...] = ()
    loudness_db: tuple[TimePoint, ...] = ()
    eye_contact: tuple[TimePoint, ...] = ()


@dataclass(frozen=True)
class FeatureLabel:
    """A feature in people's words."""

    #: Its name in words: "Pitch variation".
    label: str
    #: What its number counts: "semitones", "%".
    unit: str
    #: This answer's value in words with its unit: "82% of frames", "not measured".
    shown: str
