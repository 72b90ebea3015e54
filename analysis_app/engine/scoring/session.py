"""The session report: how a candidate did across answers and what to work on next.

It reads the answers' stored ``ScoreResult.to_dict()`` output (or the results themselves), so
a report can be rebuilt from the database without re-running any analysis. The "top three"
come from the same findings as each answer's improvements, averaged over the session: a habit
that costs points in most answers outranks one bad moment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis_app.engine.scoring.advice import improvement_text
from analysis_app.engine.scoring.feedback import (
    Finding,
    contributions_from_dicts,
    findings,
    ranked_improvements,
    target_of,
)
from analysis_app.engine.scoring.labels import dimension_phrase, feature_phrase
from analysis_app.engine.scoring.result import ScoreResult
from analysis_app.engine.scoring.rubric import DIMENSIONS, OVERALL

#: A slope under this many points per answer is "steady": noise between answers is larger.
TREND_MIN_SLOPE = 1.5
TOP_FOCUS = 3


@dataclass(frozen=True, slots=True)
class DimensionTrend:
    scores: tuple[float | None, ...]
    mean: float | None
    count: int
    slope_per_answer: float | None
    trend: str | None  # "improving", "declining", "steady"; None with fewer than 2 scores

    def to_dict(self) -> dict[str, Any]:
        return {
            "scores": list(self.scores),
            "mean": self.mean,
            "count": self.count,
            "slope_per_answer": self.slope_per_answer,
            "trend": self.trend,
        }


@dataclass(frozen=True, slots=True)
class FocusItem:
    feature: str
    label: str
    dimensions: tuple[str, ...]
    answers_affected: int
    mean_value: float
    mean_gain: float
    advice: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "label": self.label,
            "dimensions": list(self.dimensions),
            "answers_affected": self.answers_affected,
            "mean_value": round(self.mean_value, 4),
            "mean_gain": round(self.mean_gain, 2),
            "advice": self.advice,
        }


@dataclass(frozen=True, slots=True)
class SessionReport:
    answer_count: int
    dimensions: Mapping[str, DimensionTrend]
    focus: tuple[FocusItem, ...]
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer_count": self.answer_count,
            "dimensions": {name: trend.to_dict() for name, trend in self.dimensions.items()},
            "focus": [item.to_dict() for item in self.focus],
            "summary": self.summary,
        }


def _trend(scores: Sequence[float | None]) -> DimensionTrend:
    points = [(i, s) for i, s in enumerate(scores) if s is not None]
    if not points:
        return DimensionTrend(tuple(scores), None, 0, None, None)
    mean = float(np.mean([s for _, s in points]))
    if len(points) < 2:
        return DimensionTrend(tuple(scores), round(mean, 2), 1, None, None)
    x = np.array([i for i, _ in points], dtype=float)
    y = np.array([s for _, s in points], dtype=float)
    slope = round(float(np.polyfit(x, y, 1)[0]), 2) + 0.0  # + 0.0 turns -0.0 into 0.0
    trend = ("improving" if slope >= TREND_MIN_SLOPE
             else "declining" if slope <= -TREND_MIN_SLOPE else "steady")
    return DimensionTrend(tuple(scores), round(mean, 2), len(points), slope, trend)


def _answer_findings(answer: Mapping[str, Any]) -> dict[str, Finding]:
    explanations = {name: contributions_from_dicts(rows)
                    for name, rows in answer.get("explanations", {}).items() if name != OVERALL}
    return findings(answer.get("scores", {}), explanations)


def _focus(per_answer: Sequence[Mapping[str, Finding]]) -> tuple[FocusItem, ...]:
    misses: dict[str, list[Finding]] = {}
    gains: dict[str, float] = {}
    for found in per_answer:
        for finding in ranked_improvements(found):
            misses.setdefault(finding.feature, []).append(finding)
            gains[finding.feature] = gains.get(finding.feature, 0.0) + finding.gain
    ranked = sorted(gains, key=lambda feature: -gains[feature])[:TOP_FOCUS]
    items = []
    for feature in ranked:
        missed = misses[feature]
        # Advice speaks about the answers that missed the target, at their mean value.
        value = float(np.mean([f.value for f in missed]))
        dims = tuple(dict.fromkeys(d for f in missed for d in f.dimensions))
        text = improvement_text(feature, value, target_of(feature), {})
        items.append(FocusItem(
            feature=feature,
            label=feature_phrase(feature),
            dimensions=dims,
            answers_affected=len(missed),
            mean_value=value,
            mean_gain=gains[feature] / len(per_answer),
            advice=f"In {len(missed)} of {len(per_answer)} answers: {text}",
        ))
    return tuple(items)


def _summary(count: int, trends: Mapping[str, DimensionTrend], focus: Sequence[FocusItem]) -> str:
    parts = [f"{count} answer{'s' if count != 1 else ''} analysed."]
    overall = trends[OVERALL]
    if overall.mean is not None:
        text = f"Overall {overall.mean:.0f}/100 on average"
        if overall.trend is not None:
            text += f", {overall.trend} ({overall.slope_per_answer:+.1f} points per answer)"
        parts.append(text + ".")
    means = sorted(((t.mean, name) for name, t in trends.items()
                    if name != OVERALL and t.mean is not None), reverse=True)
    if len(means) >= 2:
        (best_mean, best), (worst_mean, worst) = means[0], means[-1]
        parts.append(f"Strongest: {dimension_phrase(best)} ({best_mean:.0f}); weakest: "
                     f"{dimension_phrase(worst)} ({worst_mean:.0f}).")
    if focus:
        parts.append("Work on: " + "; ".join(item.label for item in focus) + ".")
    return " ".join(parts)


def session_report(answers: Sequence[ScoreResult | Mapping[str, Any]]) -> SessionReport:
    """Per-dimension mean and trend across the answers (in the order given), and the top
    three things to work on."""
    dicts = [a.to_dict() if isinstance(a, ScoreResult) else a for a in answers]
    trends = {
        name: _trend([d.get("scores", {}).get(name) for d in dicts])
        for name in (*DIMENSIONS, OVERALL)
    }
    focus = _focus([_answer_findings(d) for d in dicts]) if dicts else ()
    return SessionReport(
        answer_count=len(dicts),
        dimensions=trends,
        focus=focus,
        summary=_summary(len(dicts), trends, focus),
    )
