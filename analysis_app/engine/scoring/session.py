"""The session report: how a candidate did across answers and what to work on next.

It reads the answers' stored ``ScoreRecord`` JSON (or the results themselves), so
a report can be rebuilt from the database without re-running any analysis. The "top three"
come from the same findings as each answer's improvements, averaged over the session: a habit
that costs points in most answers outranks one bad moment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np

from analysis_app.engine.scoring.advice import improvement_text
from analysis_app.engine.scoring.explanations import Contribution
from analysis_app.engine.scoring.feedback import (
    Finding,
    findings,
    ranked_improvements,
    target_of,
)
from analysis_app.engine.scoring.labels import dimension_phrase, feature_phrase
from analysis_app.engine.scoring.result import ScoreRecord, ScoreResult
from analysis_app.engine.scoring.rubric import DIMENSIONS, OVERALL
from analysis_app.engine.typed_json import load, rounded

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


@dataclass(frozen=True, slots=True)
class FocusItem:
    feature: str
    label: str
    dimensions: tuple[str, ...]
    answers_affected: int
    #: The feature's mean over the answers that missed its target.
    mean_value: Annotated[float, rounded(4)]
    #: Overall points reaching the target would add, per answer of the session.
    mean_gain: Annotated[float, rounded(2)]
    advice: str


@dataclass(frozen=True, slots=True)
class SessionReport:
    answer_count: int
    dimensions: Mapping[str, DimensionTrend]
    focus: tuple[FocusItem, ...]
    summary: str


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


def _scored(answer: ScoreResult | ScoreRecord | Mapping[str, Any],
            ) -> tuple[Mapping[str, float | None], Mapping[str, tuple[Contribution, ...]]]:
    """An answer's scores and explanations, from a result, its record or the record's JSON
    (of which only these two keys are read)."""
    if isinstance(answer, ScoreResult):
        answer = answer.record()
    if isinstance(answer, ScoreRecord):
        return answer.scores, answer.explanations
    return (answer.get("scores", {}),
            load(dict[str, tuple[Contribution, ...]], answer.get("explanations", {})))


def _answer_findings(scores: Mapping[str, float | None],
                     explanations: Mapping[str, tuple[Contribution, ...]]) -> dict[str, Finding]:
    return findings(scores, {name: rows for name, rows in explanations.items()
                             if name != OVERALL})


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


def session_report(
    answers: Sequence[ScoreResult | ScoreRecord | Mapping[str, Any]],
) -> SessionReport:
    """Per-dimension mean and trend across the answers (in the order given), and the top
    three things to work on."""
    scored = [_scored(answer) for answer in answers]
    trends = {
        name: _trend([scores.get(name) for scores, _ in scored])
        for name in (*DIMENSIONS, OVERALL)
    }
    focus = _focus([_answer_findings(*answer) for answer in scored]) if scored else ()
    return SessionReport(
        answer_count=len(scored),
        dimensions=trends,
        focus=focus,
        summary=_summary(len(scored), trends, focus),
    )
