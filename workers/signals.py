"""Worker process hooks: load the analysis models once per process, not once per task."""

from __future__ import annotations

import logging

from celery.signals import worker_process_init

logger = logging.getLogger(__name__)


@worker_process_init.connect
def warm_up_models(**_: object) -> None:
    """Nothing to load until the engine's model registry exists; kept as the one hook point."""
    logger.debug("Worker process ready")
