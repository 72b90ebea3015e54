"""One thin task per modality, each on its own queue; they take ids and call the stage runner.

Retries cover transient infrastructure errors only (database or broker blips); a bad recording
or a crashing model marks the stage failed instead, so the chord still reaches scoring.
"""

from __future__ import annotations

from celery import Task, shared_task

from analysis_app.services import answer_analysis_finalize
from analysis_app.stage_runner import TRANSIENT_ERRORS, StageNotReadyError, stage_execute
from analysis_app.stages import Stage
from sessions_app.models import Answer

_TASK_OPTIONS = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 5,
    # Stages are idempotent (a terminal stage is never redone), so a lost worker may redeliver.
    "acks_late": True,
    "reject_on_worker_lost": True,
}


@shared_task(name="workers.tasks.run_media_stage", **_TASK_OPTIONS)
def run_media_stage(answer_id: str) -> str | None:
    return stage_execute(answer_id=answer_id, stage=Stage.MEDIA)


@shared_task(name="workers.tasks.run_speech_stage", **_TASK_OPTIONS)
def run_speech_stage(answer_id: str) -> str | None:
    return stage_execute(answer_id=answer_id, stage=Stage.SPEECH)


@shared_task(name="workers.tasks.run_audio_stage", **_TASK_OPTIONS)
def run_audio_stage(answer_id: str) -> str | None:
    return stage_execute(answer_id=answer_id, stage=Stage.AUDIO)


@shared_task(name="workers.tasks.run_video_stage", **_TASK_OPTIONS)
def run_video_stage(answer_id: str) -> str | None:
    return stage_execute(answer_id=answer_id, stage=Stage.VIDEO)


#: The text stage waits for prosody (speaking time) without holding a worker slot.
_WAIT_COUNTDOWN_S = 1.0
_WAIT_MAX_RETRIES = 1800


@shared_task(name="workers.tasks.run_text_stage", bind=True, **_TASK_OPTIONS)
def run_text_stage(self: Task, answer_id: str) -> str | None:
    try:
        return stage_execute(answer_id=answer_id, stage=Stage.TEXT)
    except StageNotReadyError as waiting:
        raise self.retry(exc=waiting, countdown=_WAIT_COUNTDOWN_S,
                         max_retries=_WAIT_MAX_RETRIES) from waiting


@shared_task(name="workers.tasks.run_scoring_stage", **_TASK_OPTIONS)
def run_scoring_stage(_header_results: list[object] | None, answer_id: str) -> str | None:
    """The chord callback: score what the modalities produced, then settle the answer."""
    status = stage_execute(answer_id=answer_id, stage=Stage.SCORING)
    answer = Answer.objects.filter(id=answer_id).first()
    if answer is not None:
        scoring = answer.stage_runs.filter(stage=Stage.SCORING).first()
        answer_analysis_finalize(answer=answer, result=scoring.result if scoring else None)
    return status


@shared_task(name="workers.tasks.discard_stale_uploads")
def discard_stale_uploads() -> dict[str, int]:
    """Run by Celery beat: unfinished uploads older than UPLOAD_STALE_HOURS are discarded, and
    answers left without a recording for that long are deleted."""
    from django.conf import settings

    from sessions_app.services import stale_uploads_discard, unrecorded_answers_delete

    hours = settings.UPLOAD_STALE_HOURS
    return {"uploads_discarded": stale_uploads_discard(older_than_hours=hours),
            "answers_deleted": unrecorded_answers_delete(older_than_hours=hours)}
