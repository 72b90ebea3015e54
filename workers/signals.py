"""Worker hooks: analysis models load once per worker process, never per task; a worker that
starts retires scoring models trained under another engine or rubric version, and asks for one
reconciliation (what a dead predecessor left is repaired without waiting for beat).

Models load lazily on first use by default (a worker that only serves `media` never loads
Whisper). Setting ANALYSIS_WARM_UP to a list of modalities ("speech,audio,text,video") loads them
and runs each once when each process starts instead (the run command's and compose's
default), so the first answer is not slower than the rest.
"""

from __future__ import annotations

import logging

from celery.signals import worker_process_init, worker_ready
from django.conf import settings

logger = logging.getLogger(__name__)


@worker_process_init.connect
def warm_up_models(**_: object) -> None:
    from analysis_app.engine import model_registry
    from analysis_app.engine.warm_up import warm_up
    from analysis_app.engine_settings import engine_config

    # A forked child must not reuse handles its parent opened (none, normally).
    model_registry.reset()
    modalities = tuple(settings.ANALYSIS_WARM_UP)
    if modalities:
        warm_up(engine_config(), modalities)
        logger.info("Loaded analysis models for %s", ", ".join(modalities))


@worker_ready.connect
def deactivate_stale_models_on_start(**_: object) -> None:
    """A worker starting with a new engine or rubric version retires the models trained
    under the old one, so the admin's `is_active` says what really scores (the loader would
    refuse them anyway) and a coach sees at once that a model must be retrained."""
    from analysis_app.services_review import scoring_models_deactivate_stale

    try:
        retired = scoring_models_deactivate_stale()
    except Exception:  # the database is down: the loader still refuses stale models
        logger.warning("Could not deactivate stale scoring models at start", exc_info=True)
        return
    if retired:
        logger.warning("Deactivated scoring models trained under another rubric or engine "
                       "version: %s", ", ".join(retired))


@worker_ready.connect
def reconcile_on_start(**_: object) -> None:
    from workers.tasks import reconcile_analyses

    try:
        reconcile_analyses.delay()
    except Exception:  # the broker is down: beat asks again once it is back
        logger.warning("Could not ask for a reconciliation at start", exc_info=True)
