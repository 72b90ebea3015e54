"""Typed explanation records: per feature, its value and its contribution in score points.

Every score is ``baseline + sum(contributions)``. That identity is what makes an explanation
trustworthy (nothing is left unexplained), so it is checked when a score is built and kept
exact when the numbers are rounded for display.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

#: Largest allowed gap between a score and baseline + contributions, in score points.
ADDITIVITY_TOLERANCE = 0.01


@dataclass(frozen=True, slots=True)
class Contribution:
    feature: str
    value: float | None
    contribution: float


@dataclass(frozen=True, slots=True)
class ModelExplanation:
    """What a scoring model returns: a prediction and its exact additive explanation."""

    prediction: float
    baseline: float
    contributions: tuple[Contribution, ...]


class DimensionModel(Protocol):
    """A learned model for one dimension, as ``score_features`` uses it."""

    dimension: str
    version: str

    def explain(self, values: Mapping[str, float | None]) -> ModelExplanation: ...


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """One dimension's (or the overall's) score with its explanation, or why it has none."""

    dimension: str
    score: float | None
    baseline: float | None
    contributions: tuple[Contribution, ...] = ()
    missing_reason: str | None = None
    note: str | None = None
    scorer: str = "rubric"

    def __post_init__(self) -> None:
        if self.score is None:
            return
        ordered = tuple(sorted(self.contributions, key=lambda c: -abs(c.contribution)))
        object.__setattr__(self, "contributions", ordered)
        gap = additivity_gap(self.score, self.baseline, self.contributions)
        if gap > ADDITIVITY_TOLERANCE:
            raise ValueError(f"{self.dimension}: explanation misses the score by {gap:.4f}")

    @classmethod
    def missing(cls, dimension: str, reason: str) -> DimensionScore:
        return cls(dimension=dimension, score=None, baseline=None, missing_reason=reason)

    def values(self) -> dict[str, float | None]:
        return {c.feature: c.value for c in self.contributions}


def additivity_gap(
    score: float, baseline: float | None, contributions: Iterable[Contribution]
) -> float:
    total = (baseline or 0.0) + sum(c.contribution for c in contributions)
    return abs(score - total)


def rounded_explanation(
    score: DimensionScore, ndigits: int = 2
) -> tuple[float, float, tuple[Contribution, ...]]:
    """Score, baseline and contributions rounded for display, still summing exactly.

    Rounding each term on its own can leave the sum a few hundredths off with many features;
    the residual goes to the largest contribution, which changes it least in relative terms.
    """
    if score.score is None or score.baseline is None:
        raise ValueError("a missing score has no explanation")
    total = round(score.score, ndigits)
    baseline = round(score.baseline, ndigits)
    rows = [Contribution(c.feature, None if c.value is None else round(c.value, 4),
                         round(c.contribution, ndigits))
            for c in score.contributions]
    if rows:
        residual = round(total - baseline - sum(r.contribution for r in rows), ndigits)
        largest = max(range(len(rows)), key=lambda i: abs(rows[i].contribution))
        rows[largest] = replace(rows[largest],
                                contribution=round(rows[largest].contribution + residual, ndigits))
    return total, baseline, tuple(rows)
