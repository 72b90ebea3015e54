"""The active learned scorers, loaded from the database once per process and version.

A query per scoring call tells which versions are active (cheap); the bytes are unpickled only
the first time a version is seen, so retraining takes effect without restarting workers.

A model trained under another rubric or engine version is skipped here, whatever its
``is_active`` says: this loader is the one road from the table to scoring, so checking here
is what guarantees a stale model never scores. Flipping the flag off is done by
``scoring_models_deactivate_stale``, which every worker calls when it starts and
``train_scoring_model`` calls before training, and by migration 0005 for rows from before
versions were recorded; until then the admin shows such a model as not current.
"""

from __future__ import annotations

import logging

from analysis_app.engine.pipeline import ENGINE_VERSION
from analysis_app.engine.scoring import RUBRIC_VERSION, LearnedModel, ModelCompatibilityError
from analysis_app.models import ScoringModel

logger = logging.getLogger(__name__)

_loaded: dict[str, LearnedModel] = {}
_warned_stale: set[str] = set()


def current_versions() -> tuple[str, str]:
    """(rubric version, engine version) a model must have been trained under to score."""
    return RUBRIC_VERSION, ENGINE_VERSION


def is_current(rubric_version: str, engine_version: str) -> bool:
    return (rubric_version, engine_version) == current_versions()


def stale_reason(rubric_version: str, engine_version: str) -> str | None:
    """Why a model with these versions must not score, or None when it may."""
    rubric, engine = current_versions()
    reasons = []
    if rubric_version != rubric:
        reasons.append(f"rubric {rubric_version or 'unknown'} (current {rubric})")
    if engine_version != engine:
        reasons.append(f"engine {engine_version or 'unknown'} (current {engine})")
    return "trained under " + " and ".join(reasons) if reasons else None


def active_scoring_models() -> dict[str, LearnedModel]:
    models: dict[str, LearnedModel] = {}
    active = ScoringModel.objects.filter(is_active=True).values_list(
        "dimension", "version", "rubric_version", "engine_version"
    )
    for dimension, version, rubric_version, engine_version in active:
        reason = stale_reason(rubric_version, engine_version)
        if reason is not None:
            if version not in _warned_stale:  # once per process, not once per answer
                _warned_stale.add(version)
                logger.warning("Scoring model %s is not used: %s; the rubric scores %s "
                               "(retrain with manage.py train_scoring_model)",
                               version, reason, dimension)
            continue
        model = _loaded.get(version)
        if model is None:
            data = ScoringModel.objects.values_list("model_bytes", flat=True).get(version=version)
            try:
                model = LearnedModel.from_bytes(bytes(data))
            except ModelCompatibilityError:
                logger.warning("Scoring model %s does not load here; the rubric scores %s",
                               version, dimension)
                continue
            _loaded[version] = model
        models[dimension] = model
    return models
