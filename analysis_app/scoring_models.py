"""The active learned scorers, loaded from the database once per process and version.

A query per scoring call tells which versions are active (cheap); the bytes are unpickled only
the first time a version is seen, so retraining takes effect without restarting workers.
"""

from __future__ import annotations

import logging

from analysis_app.engine.scoring import LearnedModel, ModelCompatibilityError
from analysis_app.models import ScoringModel

logger = logging.getLogger(__name__)

_loaded: dict[str, LearnedModel] = {}


def active_scoring_models() -> dict[str, LearnedModel]:
    models: dict[str, LearnedModel] = {}
    for dimension, version in ScoringModel.objects.filter(is_active=True).values_list(
        "dimension", "version"
    ):
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


def forget_loaded_models() -> None:
    """For tests: drop the per-process cache."""
    _loaded.clear()
