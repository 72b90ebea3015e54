"""Thin Celery tasks: one per stage, each on its stage's queue, plus the reconciler and the
housekeeping that beat runs. They take ids and call the analysis services.

Stage tasks are `acks_late`: a message is only acknowledged once its stage ran, and running a
stage twice is harmless because the claim in the database lets one delivery do the work.
A worker process killed mid-stage does not requeue its message (`reject_on_worker_lost` off):
the stage's lease expires and the reconciler queues it again, counting the attempt, so a
recording that kills its worker every time fails after ANALYSIS_MAX_ATTEMPTS instead of
looping. Retries cover transient infrastructure errors only.
"""

from __future__ import annotations

from celery import Task, shared_task
from django.conf import settings

from analysis_app.dispatch import stage_task_name
from analysis_app.engine.stages import Stage
from analysis_app.engine.typed_json import dump
from analysis_app.services import analysis_reconcile
from analysis_app.stage_runner import TRANSIENT_ERRORS, stage_execute
from analysis_app.webhooks.services import deliveries_reconcile, delivery_attempt

_STAGE_TASK_OPTIONS = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
    "reject_on_worker_lost": False,
    "ignore_result": True,
}


def _stage_task(stage: Stage) -> Task:
    """The thin task of one stage, registered under the name `dispatch` sends it by.

    Every stage's task does the same thing with a different stage, so one factory makes all
    six: a new stage gets its task (and, through ANALYSIS_QUEUES, its route) by existing.
    """

    def run_stage(answer_id: str) -> str | None:
        return stage_execute(answer_id=answer_id, stage=stage)

    run_stage.__name__ = run_stage.__qualname__ = f"run_{stage.value}_stage"
    return shared_task(name=stage_task_name(stage), **_STAGE_TASK_OPTIONS)(run_stage)


#: Each stage's task, by stage (in the stage order); the workers find them by their names.
STAGE_TASKS: dict[Stage, Task] = {stage: _stage_task(stage) for stage in Stage}


@shared_task(name="workers.tasks.reconcile_analyses", ignore_result=True)
def reconcile_analyses() -> dict[str, int]:
    """Run by beat every ANALYSIS_RECONCILE_INTERVAL_S and once when a worker starts."""
    return dump(analysis_reconcile())


@shared_task(name="workers.tasks.discard_stale_uploads", ignore_result=True)
def discard_stale_uploads() -> dict[str, int]:
    """Run by Celery beat: unfinished uploads older than UPLOAD_STALE_HOURS are discarded, and
    answers left without a recording for that long are deleted."""
    from sessions_app.services import stale_uploads_discard, unrecorded_answers_delete

    hours = settings.UPLOAD_STALE_HOURS
    return {"uploads_discarded": stale_uploads_discard(older_than_hours=hours),
            "answers_deleted": unrecorded_answers_delete(older_than_hours=hours)}


@shared_task(name="workers.tasks.expire_recordings", ignore_result=True)
def expire_recordings() -> dict[str, int]:
    """Run daily by Celery beat: recordings older than RECORDING_RETENTION_DAYS are deleted,
    their reports kept (0: nothing expires). Idempotent: an expired answer is not picked again."""
    from sessions_app.services_privacy import recordings_expire

    return {"recordings_expired":
            recordings_expire(older_than_days=settings.RECORDING_RETENTION_DAYS)}


@shared_task(name="workers.tasks.deliver_webhook", ignore_result=True, acks_late=True,
             reject_on_worker_lost=False)
def deliver_webhook(delivery_id: str) -> str | None:
    """One try at a webhook delivery. Retries are not Celery's: the delivery row holds when
    the next try is due, and the reconciler rings it then (so a Redis restart loses none).
    A second copy of the message does nothing: the try starts with a claim in the database."""
    return delivery_attempt(delivery_id=delivery_id)


@shared_task(name="workers.tasks.reconcile_webhooks", ignore_result=True)
def reconcile_webhooks() -> dict[str, int]:
    """Run by beat every WEBHOOK_RECONCILE_INTERVAL_S: rings the deliveries that are due."""
    return deliveries_reconcile()
