"""The scoring result and its JSON shape (what the API, the CLI and the report store)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from analysis_app.engine.scoring.evidence import EvidenceReport
from analysis_app.engine.scoring.explanations import DimensionScore, rounded_explanation
from analysis_app.engine.scoring.feedback import Feedback
from analysis_app.engine.scoring.rubric import OVERALL, RUBRIC_VERSION


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

    def to_dict(self) -> dict[str, Any]:
        """Scores, explanations and baselines rounded to 0.01 with the additivity kept exact.

        Every key lists all ten dimensions and ``overall`` so a client never has to guess
        whether an absent key means "null" or "not computed".
        """
        scores: dict[str, float | None] = {}
        baselines: dict[str, float | None] = {}
        explanations: dict[str, list[dict[str, Any]]] = {}
        missing: dict[str, str] = {}
        notes: dict[str, str] = {}
        scorers: dict[str, str] = {}
        for name, d in self.all_scores().items():
            if d.score is None:
                scores[name], baselines[name], explanations[name] = None, None, []
                missing[name] = d.missing_reason or "not measured"
            else:
                scores[name], baselines[name], explanations[name] = rounded_explanation(d)
                scorers[name] = d.scorer
            if d.note:
                notes[name] = d.note
        return {
            "scores": scores,
            "explanations": explanations,
            "baselines": baselines,
            "missing": missing,
            "notes": notes,
            "scorers": scorers,
            "feedback": self.feedback.to_dict(),
            "rubric_version": self.rubric_version,
        }
