"""The scoring result and its JSON shape (what the API, the CLI and the report store)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from analysis_app.engine.scoring.evidence import EvidenceReport
from analysis_app.engine.scoring.explanations import (
    Contribution,
    DimensionScore,
    rounded_explanation,
)
from analysis_app.engine.scoring.feedback import Feedback
from analysis_app.engine.scoring.rubric import OVERALL, RUBRIC_VERSION


@dataclass(frozen=True, slots=True)
class ScoreRecord:
    """The scoring stage's output as stored (StageRun.result, AnswerReport) and served.

    Every key lists all ten dimensions and ``overall`` so a client never has to guess
    whether an absent key means "null" or "not computed". Scores, baselines and
    contributions are rounded to 0.01 with the additivity kept exact.
    """

    #: 0-100, or null when the dimension could not be measured (`missing` says why).
    scores: dict[str, float | None]
    #: Per score, each feature's value and its contribution in points, largest first.
    explanations: dict[str, tuple[Contribution, ...]]
    #: Per score, what it would be with no feature measured: score = baseline + contributions.
    baselines: dict[str, float | None]
    #: Why a score is null, in words for the candidate.
    missing: dict[str, str]
    feedback: Feedback
    rubric_version: str
    #: A caveat on a score that exists (measured on part of the answer only, ...).
    notes: dict[str, str] = field(default_factory=dict)
    #: Which model gave each score: "rubric" or a learned model's version.
    scorers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ScoreResult:
    dimensions: Mapping[str, DimensionScore]
    overall: DimensionScore
    feedback: Feedback
    features: Mapping[str, float | None]
    evidence: EvidenceReport
    rubric_version: str = RUBRIC_VERSION

    def all_scores(self) -> dict[str, DimensionScore]:
        """The ten dimensions and the overall, in report order."""
        return {**self.dimensions, OVERALL: self.overall}

    def record(self) -> ScoreRecord:
        """What is kept of the result: scores and explanations rounded for display."""
        scores: dict[str, float | None] = {}
        baselines: dict[str, float | None] = {}
        explanations: dict[str, tuple[Contribution, ...]] = {}
        missing: dict[str, str] = {}
        notes: dict[str, str] = {}
        scorers: dict[str, str] = {}
        for name, d in self.all_scores().items():
            if d.score is None:
                scores[name], baselines[name], explanations[name] = None, None, ()
                missing[name] = d.missing_reason or "not measured"
            else:
                scores[name], baselines[name], explanations[name] = rounded_explanation(d)
                scorers[name] = d.scorer
            if d.note:
                notes[name] = d.note
        return ScoreRecord(scores=scores, explanations=explanations, baselines=baselines,
                           missing=missing, feedback=self.feedback,
                           rubric_version=self.rubric_version, notes=notes, scorers=scorers)
