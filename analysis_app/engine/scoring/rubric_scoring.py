"""Rubric scores and their exact SHAP values.

A dimension's score is ``100 * sum(w_i * g_i(x_i))`` over the rules whose feature was measured,
with the weights renormalised over those rules (a missing optional feature neither helps nor
hurts). Because the score is additive in the features, the interventional SHAP value of a
feature against a one-row background (the rubric's typical answer, ``Rule.reference``) is
exactly ``100 * w_i * (g_i(x_i) - g_i(r_i))`` and the baseline is the typical answer's score:
no sampling, no approximation, so baseline + contributions equals the score to float precision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from analysis_app.engine.scoring.evidence import EvidenceReport
from analysis_app.engine.scoring.explanations import Contribution, DimensionScore
from analysis_app.engine.scoring.features import FeatureValues
from analysis_app.engine.scoring.rubric import (
    DIMENSION_RUBRICS,
    OVERALL,
    OVERALL_REQUIRES,
    RUBRIC_VERSION,
)
from analysis_app.engine.scoring.rubric_types import (
    DEFAULT_QUESTION_KIND,
    DimensionRubric,
    Evidence,
    QuestionKind,
    Rule,
)

RUBRIC_SCORER = f"rubric:{RUBRIC_VERSION}"


def dimension_gate(rubric: DimensionRubric, evidence: EvidenceReport) -> str | None:
    """Why this dimension cannot be scored on this recording; None when it can."""
    requires = rubric.requires
    if rubric.scores_without_face:
        requires = tuple(e for e in requires if e is not Evidence.FACE)
    return evidence.missing_reason(requires)


def question_kind(features: Mapping[str, object]) -> QuestionKind:
    """The question kind the text stage recorded with the features (``question_kind``).

    Features stored before kinds existed, or an unknown label, read as the default
    (behavioural), so re-scoring old answers gives the scores they had.
    """
    try:
        return QuestionKind(str(features.get("question_kind") or DEFAULT_QUESTION_KIND))
    except ValueError:
        return DEFAULT_QUESTION_KIND


def active_rules(
    rubric: DimensionRubric, values: FeatureValues, evidence: EvidenceReport,
    kind: QuestionKind = DEFAULT_QUESTION_KIND,
) -> tuple[list[tuple[Rule, float]], str | None]:
    """The rules that apply with the value each one reads, or the reason the dimension is null."""
    no_face = not evidence.has(Evidence.FACE)
    active: list[tuple[Rule, float]] = []
    for rule in rubric.rules_for(kind):
        if rule.needs is not None and not evidence.has(rule.needs):
            continue
        value = values.get(rule.feature)
        if no_face and rule.if_no_face is not None:
            # A gaze measured on the odd frame with a face does not make eye contact.
            value = rule.if_no_face
        if value is None:
            if rule.required:
                return [], rule.missing_reason or f"{rule.feature} was not measured"
            continue
        active.append((rule, value))
    if not active:
        return [], "none of its features were measured"
    return active, None


def model_inputs(
    rubric: DimensionRubric, values: FeatureValues, evidence: EvidenceReport,
    kind: QuestionKind = DEFAULT_QUESTION_KIND,
) -> tuple[dict[str, float | None] | None, str | None]:
    """The values a learned model for this dimension reads, or why the dimension is null.

    The same gate and substitutions as the rubric (no face seen -> no eye contact), so
    training and scoring see identical inputs and a model never scores missing evidence.
    """
    gate = dimension_gate(rubric, evidence)
    if gate is not None:
        return None, gate
    active, reason = active_rules(rubric, values, evidence, kind)
    if reason is not None:
        return None, reason
    return {**values, **{rule.feature: value for rule, value in active}}, None


def no_face_note(rubric: DimensionRubric, evidence: EvidenceReport) -> str | None:
    if rubric.scores_without_face and not evidence.has(Evidence.FACE):
        return f"{evidence.reasons[Evidence.FACE]}, so no eye contact could be seen"
    return None


def score_dimension(
    rubric: DimensionRubric, values: FeatureValues, evidence: EvidenceReport,
    kind: QuestionKind = DEFAULT_QUESTION_KIND,
) -> DimensionScore:
    gate = dimension_gate(rubric, evidence)
    if gate is not None:
        return DimensionScore.missing(rubric.name, gate)
    active, reason = active_rules(rubric, values, evidence, kind)
    if reason is not None:
        return DimensionScore.missing(rubric.name, reason)
    total_weight = sum(rule.weight for rule, _ in active)
    baseline = 0.0
    score = 0.0
    contributions = []
    for rule, value in active:
        points = 100.0 * rule.weight / total_weight
        typical = points * rule.curve(rule.reference)
        actual = points * rule.curve(value)
        baseline += typical
        score += actual
        contributions.append(Contribution(rule.feature, value, actual - typical))
    return DimensionScore(
        dimension=rubric.name,
        score=score,
        baseline=baseline,
        contributions=tuple(contributions),
        note=no_face_note(rubric, evidence),
        scorer=RUBRIC_SCORER,
    )


def overall_weights(scored: Iterable[str]) -> dict[str, float]:
    """Each scored dimension's share of the overall: rubric weights renormalised over them."""
    names = list(scored)
    total = sum(DIMENSION_RUBRICS[name].overall_weight for name in names)
    return {name: DIMENSION_RUBRICS[name].overall_weight / total for name in names}


def combine_overall(
    dimensions: Mapping[str, DimensionScore], evidence: EvidenceReport
) -> DimensionScore:
    """The overall score: the weighted mean of the scored dimensions.

    Weights are renormalised over the scored dimensions. Its explanation is the weighted sum
    of theirs, aggregated per feature: still exact, whichever scorer (rubric or learned
    model) produced each dimension.
    """
    reason = evidence.missing_reason(OVERALL_REQUIRES)
    scored = {name: d for name, d in dimensions.items() if d.score is not None}
    if reason is None and not scored:
        reason = "no dimension could be scored"
    if reason is not None:
        return DimensionScore.missing(OVERALL, reason)
    weights = overall_weights(scored)
    score = sum(weights[name] * d.score for name, d in scored.items() if d.score is not None)
    baseline = sum(weights[name] * (d.baseline or 0.0) for name, d in scored.items())
    values: dict[str, float | None] = {}
    points: dict[str, float] = {}
    for name, d in scored.items():
        for c in d.contributions:
            values.setdefault(c.feature, c.value)
            points[c.feature] = points.get(c.feature, 0.0) + weights[name] * c.contribution
    unscored = [name for name in dimensions if name not in scored]
    note = None
    if unscored:
        note = (f"from {len(scored)} of {len(dimensions)} dimensions "
                f"(not scored: {', '.join(unscored)})")
    return DimensionScore(
        dimension=OVERALL,
        score=score,
        baseline=baseline,
        contributions=tuple(Contribution(f, values[f], p) for f, p in points.items()),
        note=note,
        scorer="weighted mean of the dimensions",
    )
