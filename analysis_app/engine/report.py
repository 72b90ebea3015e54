"""One answer's report as it is stored: what every modality produced, merged, with the scores.

The scoring stage's worker writes an `AnswerReportRecord` (one database column per field,
`typed_json.dump` of each), the report API reads the columns back through the same types, and
the CLI's JSON shows the same parts. Fields added later need defaults: rows written before
them still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis_app.engine.media import MediaInfo
from analysis_app.engine.merge import TranscriptMarkers
from analysis_app.engine.scoring.explanations import Contribution
from analysis_app.engine.scoring.feedback import Feedback
from analysis_app.engine.speech import Word

#: A feature's value: counts are ints, measures floats, null when its modality is absent; a
#: few are words the scorer reads (`question_kind`: "behavioural" or "technical").
FeatureValue = float | int | str | None


@dataclass(frozen=True)
class ReportTranscript:
    """What the report shows of the transcript: its text and timed words (no segments)."""

    text: str = ""
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class ModalityState:
    """How a modality's stage ended: finished, skipped or failed, and why when it did not."""

    status: str
    reason: str | None = None


@dataclass(frozen=True)
class AnswerReportRecord:
    """The columns of one `AnswerReport` row."""

    media: MediaInfo
    transcript: ReportTranscript
    #: The feature contract's keys (null when their modality is absent), then the extras.
    features: dict[str, FeatureValue]
    #: Per-second series of equal length, "t" (seconds) their x axis; null in gaps.
    timelines: dict[str, list[FeatureValue]]
    markers: TranscriptMarkers
    scores: dict[str, float | None]
    missing: dict[str, str]
    explanations: dict[str, tuple[Contribution, ...]]
    baselines: dict[str, float | None]
    feedback: Feedback
    rubric_version: str
    notes: dict[str, str] = field(default_factory=dict)
    scorers: dict[str, str] = field(default_factory=dict)
    modalities: dict[str, ModalityState] = field(default_factory=dict)
