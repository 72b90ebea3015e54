"""Worker hooks: analysis models load once per worker process, never per task; a worker that
starts retires scoring models trained under another engine or rubric version, and asks for one
reconciliation (what a dead predecessor left is repaired without waiting for beat).

Models load lazily on first use by default (a worker that only serves `media` never loads
Whisper). Setting ANALYSIS_WARM_UP to a list of modalities ("speech,audio,text,video") loads them
and runs each once when each process starts instead (the run command's and compose's
default), so the first answer is not slower than the rest. With "text" among them, each process
also embeds the question bank: a question that came without key points is compared with every
bank question, and embedding a bank of a few hundred took ~1.5 s of the first such answer.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from celery.signals import worker_init, worker_process_init, worker_ready
from django.conf import settings
from django.db import DatabaseError, connections

if TYPE_CHECKING:  # the engine loads in the pool processes, not with the worker's signals
    from analysis_app.engine.key_points import BankCandidate

logger = logging.getLogger(__name__)

#: The active bank as the main process read it before the pool forked: each pool process
#: embeds it without a database connection of its own at start (a forked child must not use
#: the parent's, and Celery closes those in the child by a hook of its own).
_bank_at_start: list[BankCandidate] = []


@worker_init.connect
def read_question_bank(**_: object) -> None:
    if "text" not in settings.ANALYSIS_WARM_UP:
        return
    from analysis_app.question_key_points import bank_candidates

    global _bank_at_start
    try:
        _bank_at_start = bank_candidates()
    except DatabaseError:  # each question still finds its bank match, only not ahead of time
        logger.warning("Could not read the question bank to embed it at start", exc_info=True)
    finally:
        connections.close_all()  # before the fork: no child inherits an open connection


@worker_process_init.connect
def warm_up_models(**_: object) -> None:
    from analysis_app.engine import model_registry
    from analysis_app.engine.warm_up import warm_up
    from analysis_app.engine_settings import engine_config

    # A forked child must not reuse handles its parent opened (none, normally).
    model_registry.reset()
    modalities = tuple(settings.ANALYSIS_WARM_UP)
    if modalities:
        config = engine_config()
        warm_up(config, modalities)
        embedded = ""
        if "text" in modalities:
            from analysis_app.engine.key_points import embed_bank

            embedded = f" and embedded {embed_bank(_bank_at_start, config)} bank questions"
        logger.info("Loaded analysis models for %s%s", ", ".join(modalities), embedded)


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
