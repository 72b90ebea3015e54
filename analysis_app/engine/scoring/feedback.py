"""Built-in feedback for one answer: a summary, strengths and improvements with numbers.

Built from the explanations, not written beside them: each improvement is a feature whose
measured value misses the rubric's target, ranked by how many overall points reaching the
target would add (the difference between its contribution at the target and its contribution
now, ``100 * W_d * w_i * (1 - g_i(x))`` summed over the dimensions using it). Strengths are the
on-target features with the largest positive contributions. The same findings feed the
session report, so an answer's advice and a session's "top three" never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from analysis_app.engine.scoring.advice import improvement_text, strength_text
from analysis_app.engine.scoring.explanations import Contribution, DimensionScore
from analysis_app.engine.scoring.features import FeatureValues
from analysis_app.engine.scoring.labels import dimension_phrase, feature_phrase, format_value
from analysis_app.engine.scoring.rubric import DIMENSION_RUBRICS, FACE_PRESENT_MIN_RATIO
from analysis_app.engine.scoring.rubric_scoring import overall_weights
from analysis_app.engine.scoring.rubric_types import Target

#: Improvements worth less than this many overall points are noise, not advice.
MIN_GAIN_POINTS = 0.3
MAX_IMPROVEMENTS = 4
MAX_STRENGTHS = 3


@dataclass(frozen=True, slots=True)
class Feedback:
    summary: str
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    source: str = "built-in"


@dataclass(frozen=True, slots=True)
class Finding:
    """One feature's standing in one answer, across every dimension that reads it."""

    feature: str
    value: float
    dimensions: tuple[str, ...]
    on_target: bool
    gain: float  # overall points the answer would gain with this feature on target
    contribution: float  # its contribution to the overall score, in points


def findings(
    scores: Mapping[str, float | None], explanations: Mapping[str, Iterable[Contribution]]
) -> dict[str, Finding]:
    """Findings for every rubric feature that has a measured value in the explanations."""
    weights = overall_weights(
        name for name, score in scores.items() if score is not None and name in DIMENSION_RUBRICS
    )
    collected: dict[str, Finding] = {}
    for name, weight in weights.items():
        rubric = DIMENSION_RUBRICS[name]
        rows = {c.feature: c for c in explanations.get(name, ())}
        rules = [rule for rule in rubric.rules
                 if rule.feature in rows and rows[rule.feature].value is not None]
        total = sum(rule.weight for rule in rules)
        for rule in rules:
            row = rows[rule.feature]
            value = float(row.value)  # type: ignore[arg-type]
            gain = weight * 100.0 * rule.weight / total * (1.0 - rule.curve(value))
            earlier = collected.get(rule.feature)
            collected[rule.feature] = Finding(
                feature=rule.feature,
                value=value,
                dimensions=(earlier.dimensions if earlier else ()) + (name,),
                on_target=rule.target.contains(value),
                gain=gain + (earlier.gain if earlier else 0.0),
                contribution=weight * row.contribution + (earlier.contribution if earlier else 0),
            )
    return collected


def target_of(feature: str) -> Target:
    """The rubric's target for a feature (the same in every dimension that uses it)."""
    for rubric in DIMENSION_RUBRICS.values():
        rule = rubric.rule(feature)
        if rule is not None:
            return rule.target
    raise KeyError(feature)


def ranked_improvements(found: Mapping[str, Finding]) -> list[Finding]:
    """Off-target features by the overall points reaching the target would add."""
    found = dict(found)
    face, gaze = found.get("face_present_ratio"), found.get("eye_contact_ratio")
    if face is not None and gaze is not None and face.value < FACE_PRESENT_MIN_RATIO:
        # With no face in frame, "be in frame" and "look at the camera" are one piece of
        # advice (the eye-contact text says so); two would repeat each other.
        del found["face_present_ratio"]
        found["eye_contact_ratio"] = replace(gaze, gain=gaze.gain + face.gain,
                                             contribution=gaze.contribution + face.contribution)
    return sorted(
        (f for f in found.values() if not f.on_target and f.gain >= MIN_GAIN_POINTS),
        key=lambda f: -f.gain,
    )


def _summary(
    overall: DimensionScore, dimensions: Mapping[str, DimensionScore], top: Finding | None
) -> str:
    scored = sorted(((d.score, name) for name, d in dimensions.items() if d.score is not None),
                    reverse=True)
    parts: list[str] = []
    if overall.score is None:
        parts.append(f"No overall score: {overall.missing_reason}.")
    else:
        parts.append(f"Overall {overall.score:.0f}/100 across {len(scored)} dimensions.")
    if len(scored) >= 2:
        best = ", ".join(f"{dimension_phrase(n)} {s:.0f}" for s, n in scored[:2])
        worst_score, worst = scored[-1]
        parts.append(f"Strongest: {best}; most room to grow: {dimension_phrase(worst)} "
                     f"{worst_score:.0f}.")
    if top is not None:
        parts.append(f"Biggest gain available: {feature_phrase(top.feature)} "
                     f"({format_value(top.feature, top.value)}).")
    by_reason: dict[str, list[str]] = {}
    for name, d in dimensions.items():
        if d.score is None:
            by_reason.setdefault(d.missing_reason or "not measured", []).append(
                dimension_phrase(name))
    for reason, names in by_reason.items():
        parts.append(f"Not scored: {', '.join(names)}, because {reason}.")
    return " ".join(parts)


def build_feedback(
    dimensions: Mapping[str, DimensionScore],
    overall: DimensionScore,
    features: FeatureValues,
) -> Feedback:
    """Summary, strengths and improvements for one scored answer."""
    found = findings(
        {name: d.score for name, d in dimensions.items()},
        {name: d.contributions for name, d in dimensions.items()},
    )
    context = {**features, **{f.feature: f.value for f in found.values()}}
    improvements = ranked_improvements(found)[:MAX_IMPROVEMENTS]
    strengths = sorted(
        (f for f in found.values() if f.on_target and f.contribution > 0),
        key=lambda f: -f.contribution,
    )[:MAX_STRENGTHS]
    return Feedback(
        summary=_summary(overall, dimensions, improvements[0] if improvements else None),
        strengths=tuple(strength_text(f.feature, f.value, target_of(f.feature), context)
                        for f in strengths),
        improvements=tuple(
            improvement_text(f.feature, f.value, target_of(f.feature), context)
            for f in improvements
        ),
    )

