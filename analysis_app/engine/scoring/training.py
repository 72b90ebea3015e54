"""Train a model per dimension on reviewed answers, and decide honestly whether to use it.

Every agreement number here is out-of-fold: k-fold cross-validation where each answer is
predicted by a forest that never saw it (fill values included), pooled over the folds. The
folds are grouped by candidate: one person's answers share a voice, a pace and a reviewer's
impression of them, so a forest that met a candidate's other answers in training can
recognise the person and echo their ratings, which looks like agreement and would not carry
over to a new candidate. The number of folds is capped by the number of candidates, and a
dimension rated for too few candidates is not trained at all. The rubric is measured on the
very same answers and folds (it has nothing to fit, so its predictions are
cross-validation-free). A model is activated only when, on those numbers, it agrees with the
reviewers clearly (Spearman r at least ``min_spearman`` and significant), better than the
rubric (by ``min_improvement``) and with an MAE no worse. In-sample numbers are never computed
for the report: a forest's fit to its own training answers says nothing about new ones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated

import numpy as np

from analysis_app.engine.arrays import FloatArray, IndexArray
from analysis_app.engine.scoring.evidence import assess_evidence
from analysis_app.engine.scoring.features import derive_features
from analysis_app.engine.scoring.learned import ForestSettings, LearnedModel, fit_forest
from analysis_app.engine.scoring.learned import feature_matrix as _matrix
from analysis_app.engine.scoring.rubric import DIMENSION_RUBRICS, DIMENSIONS, RUBRIC_VERSION
from analysis_app.engine.scoring.rubric_scoring import (
    model_inputs,
    question_kind,
    score_dimension,
)
from analysis_app.engine.typed_json import dump, rounded

VALIDATION = "folds grouped by candidate"


@dataclass(frozen=True, slots=True)
class TrainingConfig:
    folds: int = 5
    min_samples: int = 30
    #: Fewest distinct candidates for grouped CV: with fewer, each test fold is one or two
    #: people and the figures say more about them than about the model.
    min_candidates: int = 3
    min_spearman: float = 0.3
    max_p_value: float = 0.05
    min_improvement: float = 0.02
    forest: ForestSettings = field(default_factory=ForestSettings)


@dataclass(frozen=True, slots=True)
class ReviewedAnswer:
    """One answer's features, its reviewers' rating per dimension (mean of reviewers, 0-100;
    a dimension nobody rated is absent or None) and who gave it (any label that is equal for
    the same candidate: the folds keep a candidate's answers together)."""

    features: Mapping[str, object]
    ratings: Mapping[str, float | None]
    candidate: str


@dataclass(frozen=True, slots=True)
class CvMetrics:
    """Out-of-fold agreement with the reviewers; exact in memory (the decision compares
    them), rounded where stored."""

    spearman_r: Annotated[float, rounded(4)]
    spearman_p: float
    mae: Annotated[float, rounded(3)]
    fold_spearman_r: tuple[Annotated[float, rounded(4)], ...]
    fold_mae: tuple[Annotated[float, rounded(3)], ...]


@dataclass(frozen=True, slots=True)
class CvComparison:
    model: CvMetrics | None
    rubric: CvMetrics | None


@dataclass(frozen=True, slots=True)
class DimensionTrainingRecord:
    """What is kept of one dimension's training: stored as the model row's `cv_metrics` and
    printed by ``train_scoring_model --json``."""

    dimension: str
    n_samples: int
    n_candidates: int
    folds: int
    validation: str
    feature_names: tuple[str, ...]
    cv: CvComparison
    activate: bool
    decision: str
    model_version: str | None


@dataclass(frozen=True, slots=True)
class TrainingReportRecord:
    rubric_version: str
    validation: str
    config: TrainingConfig
    dimensions: dict[str, DimensionTrainingRecord]


@dataclass(frozen=True, slots=True)
class DimensionTraining:
    dimension: str
    n_samples: int
    n_candidates: int
    folds: int
    feature_names: tuple[str, ...]
    model_cv: CvMetrics | None
    rubric_cv: CvMetrics | None
    activate: bool
    decision: str
    model: LearnedModel | None = None

    def record(self) -> DimensionTrainingRecord:
        """Everything but the fitted model itself, which is stored as bytes on its own."""
        return DimensionTrainingRecord(
            dimension=self.dimension, n_samples=self.n_samples,
            n_candidates=self.n_candidates, folds=self.folds, validation=VALIDATION,
            feature_names=tuple(self.feature_names),
            cv=CvComparison(model=self.model_cv, rubric=self.rubric_cv),
            activate=self.activate, decision=self.decision,
            model_version=self.model.version if self.model else None,
        )


@dataclass(frozen=True, slots=True)
class TrainingReport:
    results: Mapping[str, DimensionTraining]
    config: TrainingConfig
    rubric_version: str = RUBRIC_VERSION

    def record(self) -> TrainingReportRecord:
        return TrainingReportRecord(
            rubric_version=self.rubric_version,
            validation=f"{self.config.folds}-fold cross-validation (fewer folds where "
                       f"fewer candidates), {VALIDATION}, out-of-fold predictions",
            config=self.config,
            dimensions={name: r.record() for name, r in self.results.items()},
        )

    def to_text(self) -> str:
        lines = [
            f"Scoring models vs rubric {self.rubric_version}: {self.config.folds}-fold "
            f"cross-validation, {VALIDATION} (no candidate's answers in both training and test "
            "folds; k is capped by the number of candidates). Every number is out-of-fold "
            "(each answer predicted by a model that never saw it or its candidate); no "
            "in-sample numbers are reported.",
            f"{'dimension':<22}{'n':>5}{'cands':>6}{'k':>3}  {'Spearman r model/rubric':>24}  "
            f"{'MAE model/rubric':>18}  decision",
        ]
        for name, r in self.results.items():
            if r.model_cv and r.rubric_cv:
                rho = f"{r.model_cv.spearman_r:.2f} / {r.rubric_cv.spearman_r:.2f}"
                mae = f"{r.model_cv.mae:.1f} / {r.rubric_cv.mae:.1f}"
            else:
                rho = mae = "-"
            verdict = "ACTIVATE" if r.activate else "keep rubric"
            lines.append(f"{name:<22}{r.n_samples:>5}{r.n_candidates:>6}{r.folds:>3}  "
                         f"{rho:>24}  {mae:>18}  "
                         f"{verdict}: {r.decision}")
        return "\n".join(lines)


def _spearman(predicted: FloatArray, actual: FloatArray) -> tuple[float, float]:
    from scipy.stats import spearmanr

    if len(actual) < 3 or np.ptp(predicted) == 0 or np.ptp(actual) == 0:
        return 0.0, 1.0  # no ranking information: no agreement, not an error
    result = spearmanr(predicted, actual)
    r, p = float(result.statistic), float(result.pvalue)
    return (0.0, 1.0) if math.isnan(r) else (r, p)


def _metrics(
    predicted: FloatArray, actual: FloatArray, folds: Sequence[IndexArray]
) -> CvMetrics:
    r, p = _spearman(predicted, actual)
    return CvMetrics(
        spearman_r=r,
        spearman_p=p,
        mae=float(np.mean(np.abs(predicted - actual))),
        fold_spearman_r=tuple(_spearman(predicted[f], actual[f])[0] for f in folds),
        fold_mae=tuple(float(np.mean(np.abs(predicted[f] - actual[f]))) for f in folds),
    )


def candidate_folds(
    candidates: Sequence[str], folds: int, seed: int = 0
) -> list[tuple[IndexArray, IndexArray]]:
    """(train, test) index pairs where no candidate is on both sides of any pair.

    GroupKFold with shuffled group assignment (seeded, so a rerun reports the same figures);
    ``folds`` must not exceed the number of distinct candidates.
    """
    from sklearn.model_selection import GroupKFold

    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    indices = np.arange(len(candidates))
    return [(train, test) for train, test in splitter.split(indices, groups=list(candidates))]


def _dataset(
    dimension: str, answers: Sequence[ReviewedAnswer]
) -> tuple[list[dict[str, float | None]], FloatArray, FloatArray, list[str]]:
    """Model inputs, reviewer ratings, rubric scores and candidates of the answers this
    dimension can score (same evidence gate as scoring) and that a reviewer rated."""
    rubric = DIMENSION_RUBRICS[dimension]
    rows: list[dict[str, float | None]] = []
    ratings: list[float] = []
    rubric_scores: list[float] = []
    candidates: list[str] = []
    for answer in answers:
        rating = answer.ratings.get(dimension)
        if rating is None:
            continue
        values = derive_features(answer.features)
        evidence = assess_evidence(values)
        # The rules of the answer's question kind, as when it was scored (STAR only for
        # behavioural questions), so the rubric compared against is the one people saw.
        kind = question_kind(answer.features)
        inputs, _ = model_inputs(rubric, values, evidence, kind)
        if inputs is None:
            continue
        rows.append(inputs)
        ratings.append(float(rating))
        rubric_scores.append(score_dimension(rubric, values, evidence, kind).score)  # type: ignore[arg-type]
        candidates.append(str(answer.candidate))
    return (rows, np.asarray(ratings, dtype=float), np.asarray(rubric_scores, dtype=float),
            candidates)


def _decide(model: CvMetrics, rubric: CvMetrics, config: TrainingConfig) -> tuple[bool, str]:
    if model.spearman_r < config.min_spearman:
        return False, f"model r {model.spearman_r:.2f} is under {config.min_spearman:.2f}"
    if model.spearman_p > config.max_p_value:
        return False, f"model r is not significant (p = {model.spearman_p:.3f})"
    if model.spearman_r < rubric.spearman_r + config.min_improvement:
        return False, (f"model r {model.spearman_r:.2f} does not beat the rubric's "
                       f"{rubric.spearman_r:.2f} by {config.min_improvement:.2f}")
    if model.mae > rubric.mae:
        return False, f"model MAE {model.mae:.1f} is worse than the rubric's {rubric.mae:.1f}"
    return True, (f"beats the rubric in cross-validation (r {model.spearman_r:.2f} vs "
                  f"{rubric.spearman_r:.2f}, MAE {model.mae:.1f} vs {rubric.mae:.1f})")


def train_dimension(
    dimension: str, answers: Sequence[ReviewedAnswer], config: TrainingConfig | None = None
) -> DimensionTraining:
    """Cross-validate a forest against the rubric for one dimension on folds grouped by
    candidate, then fit it on all answers so it can be stored (and used only if
    ``activate``). Too few answers or candidates: nothing is fitted, so no figure exists that
    could be mistaken for agreement."""
    config = config or TrainingConfig()
    rows, ratings, rubric_scores, candidates = _dataset(dimension, answers)
    n_candidates = len(set(candidates))
    folds = min(config.folds, n_candidates)
    names = tuple(name for name in DIMENSION_RUBRICS[dimension].features
                  if any(row.get(name) is not None for row in rows))

    def refused(reason: str) -> DimensionTraining:
        return DimensionTraining(dimension, len(rows), n_candidates, folds, names, None, None,
                                 False, reason)

    if len(rows) < max(config.min_samples, config.folds) or not names:
        return refused(f"{len(rows)} reviewed answers; at least {config.min_samples} are needed")
    if n_candidates < max(config.min_candidates, 2):
        return refused(
            f"{n_candidates} candidate(s) rated; at least {max(config.min_candidates, 2)} are "
            "needed for cross-validation grouped by candidate: nothing trained"
        )
    splits = candidate_folds(candidates, folds, config.forest.seed)
    predicted = np.empty(len(rows))
    for train, test in splits:
        train_rows = [rows[i] for i in train]
        forest, fills = fit_forest(train_rows, ratings[train], names, config.forest)
        predicted[test] = forest.predict(_matrix([rows[i] for i in test], names, fills))
    tests = [test for _, test in splits]
    model_cv = _metrics(predicted, ratings, tests)
    rubric_cv = _metrics(rubric_scores, ratings, tests)
    activate, decision = _decide(model_cv, rubric_cv, config)
    model = LearnedModel.fit(
        dimension, rows, ratings, names, settings=config.forest,
        metrics={"validation": f"{folds}-fold cross-validation, {VALIDATION}",
                 "n_candidates": n_candidates,
                 "model": dump(model_cv), "rubric": dump(rubric_cv)},
    )
    return DimensionTraining(dimension, len(rows), n_candidates, folds, names, model_cv,
                             rubric_cv, activate, decision, model)


def train_scoring_models(
    answers: Sequence[ReviewedAnswer],
    *,
    dimensions: Sequence[str] = DIMENSIONS,
    config: TrainingConfig | None = None,
) -> TrainingReport:
    config = config or TrainingConfig()
    return TrainingReport(
        results={name: train_dimension(name, answers, config) for name in dimensions},
        config=config,
    )
