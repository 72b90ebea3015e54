"""A learned scoring model for one dimension, its exact TreeSHAP explanation, its bytes.

A random forest rather than boosting: its prediction is an average of reviewers' ratings in
the leaves, so it can never leave the 0-100 range and never needs clipping, and clipping
would break the identity "expected value + SHAP values == score" that explanations rest on.
Missing optional features are filled with the training medians stored in the model, the
same numbers in cross-validation (per training fold), final training and scoring.

scikit-learn and shap are imported inside the functions that need them: importing the scoring
package for rubric scores should not cost the seconds they take to load.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from analysis_app.engine.arrays import FloatArray
from analysis_app.engine.scoring.explanations import Contribution, ModelExplanation
from analysis_app.engine.scoring.rubric import RUBRIC_VERSION

MODEL_FORMAT = 1


class ModelCompatibilityError(Exception):
    """Stored model bytes this process cannot use (other format or scikit-learn release)."""


@dataclass(frozen=True, slots=True)
class ForestSettings:
    """Small on purpose: a few hundred reviewed answers support little more."""

    n_estimators: int = 200
    min_samples_leaf: int = 3
    max_depth: int | None = 8
    seed: int = 0


def feature_matrix(
    rows: Sequence[Mapping[str, float | None]],
    feature_names: Sequence[str],
    fill_values: Sequence[float],
) -> FloatArray:
    matrix = np.array(
        [[np.nan if row.get(name) is None else row[name] for name in feature_names]
         for row in rows],
        dtype=float,
    ).reshape(len(rows), len(feature_names))
    fill = np.asarray(fill_values, dtype=float)
    return np.where(np.isnan(matrix), fill, matrix)


def median_fill(
    rows: Sequence[Mapping[str, float | None]], feature_names: Sequence[str]
) -> tuple[float, ...]:
    """Per-feature median of the rows that have it (0.0 for a feature none of them has)."""
    fills = []
    for name in feature_names:
        present = [value for row in rows if (value := row.get(name)) is not None]
        fills.append(float(np.median(present)) if present else 0.0)
    return tuple(fills)


def fit_forest(
    rows: Sequence[Mapping[str, float | None]],
    ratings: Sequence[float] | FloatArray,
    feature_names: Sequence[str],
    settings: ForestSettings,
) -> tuple[Any, tuple[float, ...]]:
    """A fitted forest and the fill values learnt from these rows only."""
    from sklearn.ensemble import RandomForestRegressor

    fills = median_fill(rows, feature_names)
    forest = RandomForestRegressor(
        n_estimators=settings.n_estimators,
        min_samples_leaf=settings.min_samples_leaf,
        max_depth=settings.max_depth,
        random_state=settings.seed,
        n_jobs=1,
    )
    forest.fit(feature_matrix(rows, feature_names, fills), np.asarray(ratings, dtype=float))
    return forest, fills


def _library_versions() -> dict[str, str]:
    import sklearn

    return {"scikit-learn": sklearn.__version__, "numpy": np.__version__}


@dataclass(slots=True)
class LearnedModel:
    dimension: str
    feature_names: tuple[str, ...]
    fill_values: tuple[float, ...]
    estimator: Any
    version: str
    trained_at: str
    n_samples: int
    metrics: Mapping[str, Any]
    rubric_version: str = RUBRIC_VERSION
    library_versions: Mapping[str, str] = field(default_factory=dict)
    _explainer: Any = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def fit(
        cls,
        dimension: str,
        rows: Sequence[Mapping[str, float | None]],
        ratings: Sequence[float] | FloatArray,
        feature_names: Sequence[str],
        *,
        settings: ForestSettings | None = None,
        metrics: Mapping[str, Any] | None = None,
    ) -> LearnedModel:
        forest, fills = fit_forest(rows, ratings, feature_names, settings or ForestSettings())
        now = datetime.now(UTC)
        return cls(
            dimension=dimension,
            feature_names=tuple(feature_names),
            fill_values=fills,
            estimator=forest,
            version=f"{dimension}@{now:%Y%m%dT%H%M%SZ}",
            trained_at=now.isoformat(timespec="seconds"),
            n_samples=len(rows),
            metrics=dict(metrics or {}),
            library_versions=_library_versions(),
        )

    def predict(self, rows: Sequence[Mapping[str, float | None]]) -> FloatArray:
        predicted: FloatArray = self.estimator.predict(
            feature_matrix(rows, self.feature_names, self.fill_values))
        return predicted

    def explain(self, values: Mapping[str, float | None]) -> ModelExplanation:
        """Prediction and TreeSHAP values (path-dependent, exact for trees) in score points."""
        if self._explainer is None:
            import shap

            self._explainer = shap.TreeExplainer(self.estimator)
        x = feature_matrix([values], self.feature_names, self.fill_values)
        shap_values = np.asarray(self._explainer.shap_values(x)).reshape(-1)
        baseline = float(np.asarray(self._explainer.expected_value).reshape(-1)[0])
        return ModelExplanation(
            prediction=float(self.estimator.predict(x)[0]),
            baseline=baseline,
            contributions=tuple(
                Contribution(name, values.get(name), float(phi))
                for name, phi in zip(self.feature_names, shap_values, strict=True)
            ),
        )

    def metadata(self) -> dict[str, Any]:
        """Everything but the estimator, JSON-safe, for the model record beside the bytes."""
        return {
            "dimension": self.dimension,
            "version": self.version,
            "trained_at": self.trained_at,
            "n_samples": self.n_samples,
            "feature_names": list(self.feature_names),
            "fill_values": list(self.fill_values),
            "metrics": dict(self.metrics),
            "rubric_version": self.rubric_version,
            "library_versions": dict(self.library_versions),
        }

    def to_bytes(self) -> bytes:
        import joblib

        buffer = io.BytesIO()
        joblib.dump({"format": MODEL_FORMAT, "meta": self.metadata(),
                     "estimator": self.estimator}, buffer, compress=3)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LearnedModel:
        """Load bytes this platform wrote itself (unpickling runs code: never user uploads).

        A model pickled by another scikit-learn release may load and then predict wrongly,
        so a release mismatch is refused; the caller falls back to the rubric.
        """
        import joblib

        payload = joblib.load(io.BytesIO(data))
        if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
            raise ModelCompatibilityError("not a scoring model of a known format")
        meta = payload["meta"]
        saved = meta["library_versions"].get("scikit-learn")
        running = _library_versions()["scikit-learn"]
        if saved != running:
            raise ModelCompatibilityError(
                f"model saved with scikit-learn {saved}, running {running}: retrain it"
            )
        return cls(
            dimension=meta["dimension"],
            feature_names=tuple(meta["feature_names"]),
            fill_values=tuple(meta["fill_values"]),
            estimator=payload["estimator"],
            version=meta["version"],
            trained_at=meta["trained_at"],
            n_samples=meta["n_samples"],
            metrics=meta["metrics"],
            rubric_version=meta["rubric_version"],
            library_versions=meta["library_versions"],
        )
