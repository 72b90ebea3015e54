"""Worker process hooks: analysis models load once per worker process, never per task.

Models load lazily on first use by default (a worker that only serves `media` never loads
Whisper). Setting ANALYSIS_WARM_UP to a list of modalities ("speech,text,video") loads them
when each process starts instead, so the first answer is not slower than the rest.
"""

from __future__ import annotations

import logging

from celery.signals import worker_process_init
from django.conf import settings

logger = logging.getLogger(__name__)


@worker_process_init.connect
def warm_up_models(**_: object) -> None:
    from analysis_app.engine import model_registry
    from analysis_app.engine_settings import engine_config

    # A forked child must not reuse handles its parent opened (none, normally).
    model_registry.reset()
    modalities = tuple(settings.ANALYSIS_WARM_UP)
    if modalities:
        model_registry.warm_up(engine_config(), modalities=modalities)
        logger.info("Loaded analysis models for %s", ", ".join(modalities))
