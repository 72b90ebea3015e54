"""Ringing the broker for queued stages. A doorbell that never arrives loses nothing: the
StageRun stays queued without `sent_at` and the reconciler rings again.

The tasks are sent by name (`ANALYSIS_STAGE_TASK`), so this layer needs no import of the
Celery runtime in `workers`; `CELERY_TASK_ROUTES` puts each on its stage's queue.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from celery import current_app
from django.conf import settings
from django.utils import timezone

from analysis_app.engine.stages import StageStatus
from analysis_app.models import StageRun

logger = logging.getLogger(__name__)


def stage_task_name(stage: str) -> str:
    return settings.ANALYSIS_STAGE_TASK.format(stage=stage)


def _send(stage: str, answer_id: str) -> None:
    current_app.send_task(stage_task_name(stage), args=[answer_id])


def stages_dispatch(run_ids: Sequence[int]) -> int:
    """Send the stage tasks of these still-queued runs; returns how many reached the broker."""
    sent = 0
    queued = StageRun.objects.filter(pk__in=list(run_ids), status=StageStatus.QUEUED)
    for run_id, answer_id, stage in queued.values_list("pk", "answer_id", "stage"):
        try:
            _send(stage, str(answer_id))
        except Exception:  # the broker is down: the reconciler sends it later
            logger.warning("Could not send the %s stage of answer %s to the broker; it stays "
                           "queued for the reconciler", stage, answer_id, exc_info=True)
            break
        StageRun.objects.filter(pk=run_id, status=StageStatus.QUEUED).update(
            sent_at=timezone.now())
        sent += 1
    return sent
