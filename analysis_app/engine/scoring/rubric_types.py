"""The vocabulary the rubric is written in: goodness curves, target ranges, rules, dimensions.

Kept apart from the numbers in ``rubric.toml`` so that the configuration reads as a table and the
scoring, feedback and training code share one definition of what a rule means.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise


class Evidence(StrEnum):
    """What a recording has to contain for a score to rest on something real."""

    SPEECH = "speech"  # an audio track with recognised words
    VOICE = "voice"  # voiced speech a pitch tracker could follow
    VIDEO = "video"  # a video track
    FACE = "face"  # a face visible in enough of the video


class QuestionKind(StrEnum):
    """What kind of answer a question asks for, which decides how structure is judged.

    A behavioural question ("Tell me about a time...") asks for a story, so the STAR parts
    are what a good one has [JANZ82]; a technical or role question ("How do you choose
    features for a model?") asks for reasoning, where a story's situation and result would
    be padding, so organisation and specificity are judged instead.
    """

    BEHAVIOURAL = "behavioural"
    TECHNICAL = "technical"


#: Features stored before question kinds existed were all scored on STAR: reading them as
#: behavioural keeps their scores what candidates saw.
DEFAULT_QUESTION_KIND = QuestionKind.BEHAVIOURAL


@dataclass(frozen=True, slots=True)
class Curve:
    """Piecewise-linear goodness in [0, 1] over a feature's value, flat beyond its end points.

    Piecewise-linear rather than a fitted function so every number is readable in review and a
    reviewer can say "90 wpm should be worth more" and point at the point to move.
    """

    points: tuple[tuple[float, float], ...]

    def __post_init__(self) -> None:
        xs = [x for x, _ in self.points]
        if len(xs) < 2 or any(b <= a for a, b in pairwise(xs)):
            raise ValueError("a curve needs at least two points with increasing x")
        if any(not 0.0 <= g <= 1.0 for _, g in self.points):
            raise ValueError("goodness must lie in [0, 1]")

    def __call__(self, value: float) -> float:
        xs = [x for x, _ in self.points]
        if value <= xs[0]:
            return self.points[0][1]
        if value >= xs[-1]:
            return self.points[-1][1]
        i = bisect_right(xs, value)
        (x0, g0), (x1, g1) = self.points[i - 1], self.points[i]
        return g0 + (g1 - g0) * (value - x0) / (x1 - x0)


@dataclass(frozen=True, slots=True)
class Target:
    """The range feedback asks a candidate to aim for; open-ended on a side set to None."""

    low: float | None = None
    high: float | None = None

    def contains(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def side(self, value: float) -> str:
        """'low', 'high' or 'in': which way a value misses the target, for advice wording."""
        if self.low is not None and value < self.low:
            return "low"
        if self.high is not None and value > self.high:
            return "high"
        return "in"


@dataclass(frozen=True, slots=True)
class Rule:
    """One feature's part in one dimension.

    ``reference`` is the value of a typical practice answer: the explanation baseline is the
    score such an answer would get, so a contribution says "this much better or worse than
    typical" in score points. ``if_no_face`` is the value used when the camera was on but no
    face was seen (no face means no eye contact), never when the video is absent.
    """

    feature: str
    weight: float
    curve: Curve
    target: Target
    reference: float
    source: str
    needs: Evidence | None = None
    required: bool = False
    missing_reason: str | None = None
    if_no_face: float | None = None
    #: The question kinds the rule applies to; None for every kind.
    kinds: tuple[QuestionKind, ...] | None = None

    def applies_to(self, kind: QuestionKind) -> bool:
        return self.kinds is None or kind in self.kinds


@dataclass(frozen=True, slots=True)
class DimensionRubric:
    """A dimension: the evidence it cannot do without, and its weighted rules."""

    name: str
    requires: tuple[Evidence, ...]
    rules: tuple[Rule, ...]
    overall_weight: float
    scores_without_face: bool = False
    features: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        for kind in QuestionKind:
            total = sum(rule.weight for rule in self.rules_for(kind))
            if abs(total - 1.0) > 1e-9:
                raise ValueError(f"{self.name}: {kind} rule weights sum to {total}, not 1")
        object.__setattr__(self, "features", tuple(rule.feature for rule in self.rules))

    def rules_for(self, kind: QuestionKind) -> tuple[Rule, ...]:
        """The rules that judge an answer to this kind of question (weights sum to 1)."""
        return tuple(rule for rule in self.rules if rule.applies_to(kind))

    def rule(self, feature: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.feature == feature), None)
