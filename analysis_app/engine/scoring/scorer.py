"""``score_features``: one feature dict in, ten explained scores, an overall and feedback out.

The rubric scores every dimension unless an activated learned model is passed for it; either
way the dimension is null when its evidence is missing, because a model trained on answers
with a face says nothing trustworthy about an answer without one.
"""

from __future__ import annotations

from collections.abc import Mapping

from analysis_app.engine.scoring.evidence import EvidenceReport, assess_evidence
from analysis_app.engine.scoring.explanations import (
    Contribution,
    DimensionModel,
    DimensionScore,
)
from analysis_app.engine.scoring.features import FeatureValues, derive_features
from analysis_app.engine.scoring.feedback import build_feedback
from analysis_app.engine.scoring.result import ScoreResult
from analysis_app.engine.scoring.rubric import DIMENSION_RUBRICS
from analysis_app.engine.scoring.rubric_scoring import (
    combine_overall,
    model_inputs,
    no_face_note,
    question_kind,
    score_dimension,
)
from analysis_app.engine.scoring.rubric_types import DimensionRubric, QuestionKind


def _score_with_model(
    rubric: DimensionRubric, model: DimensionModel, values: FeatureValues,
    evidence: EvidenceReport, kind: QuestionKind,
) -> DimensionScore:
    model_values, reason = model_inputs(rubric, values, evidence, kind)
    if model_values is None:
        return DimensionScore.missing(rubric.name, reason or "not measured")
    explained = model.explain(model_values)
    return DimensionScore(
        dimension=rubric.name,
        score=explained.prediction,
        baseline=explained.baseline,
        contributions=tuple(
            Contribution(c.feature, model_values.get(c.feature), c.contribution)
            for c in explained.contributions
        ),
        note=no_face_note(rubric, evidence),
        scorer=f"model:{model.version}",
    )


def score_features(
    features: Mapping[str, object], *, models: Mapping[str, DimensionModel] | None = None,
    failures: Mapping[str, str] | None = None, kind: QuestionKind | None = None,
) -> ScoreResult:
    """Score one answer's features (name -> number or None; None = modality absent).

    `failures` (modality -> why its analysis failed, as `graph.modality_failures` writes it)
    comes from the pipeline, which knows how each stage ended: a dimension nulled by a failed
    analysis then says so instead of blaming the recording. Without it (None) the reasons
    come from the features alone; see `assess_evidence`.

    `kind` (behavioural or technical) picks the structure rules; by default it is the
    ``question_kind`` the text stage recorded in the features, so stored features re-score
    the same way (see `question_kind`).
    """
    kind = kind or question_kind(features)
    values = derive_features(features)
    evidence = assess_evidence(values, failures)
    dimensions: dict[str, DimensionScore] = {}
    for name, rubric in DIMENSION_RUBRICS.items():
        model = (models or {}).get(name)
        if model is None:
            dimensions[name] = score_dimension(rubric, values, evidence, kind)
        else:
            dimensions[name] = _score_with_model(rubric, model, values, evidence, kind)
    overall = combine_overall(dimensions, evidence)
    return ScoreResult(
        dimensions=dimensions,
        overall=overall,
        feedback=build_feedback(dimensions, overall, values),
        features=values,
        evidence=evidence,
    )
