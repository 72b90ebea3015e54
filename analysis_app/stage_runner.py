"""Runs one stage for one answer: the shared body of every per-modality Celery task.

Idempotent by design (tasks are acks_late): a stage already in a terminal state is left alone,
so a redelivered message does no work twice.
"""

from __future__ import annotations

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from analysis_app.engine.media import MediaError
from analysis_app.services import stage_fail, stage_finish, stage_skip, stage_start
from analysis_app.stage_specs import STAGE_SPECS, StageInputError
from analysis_app.stages import TERMINAL_STATUSES, Stage, StageStatus
from sessions_app.models import Answer

logger = logging.getLogger(__name__)

#: Errors worth retrying: the database or broker blinked, the input is fine.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


class StageNotReadyError(Exception):
    """A stage this one waits for is still running: try again shortly (nothing was done)."""


def stage_execute(*, answer_id: str, stage: Stage) -> StageStatus | None:
    """Returns the stage's final status, or None when there is nothing to do."""
    answer = Answer.objects.select_related("session").filter(id=answer_id).first()
    if answer is None:
        logger.info("Answer %s is gone; %s stage not run", answer_id, stage)
        return None
    runs = {run.stage: run for run in answer.stage_runs.all()}
    run = runs.get(stage)
    if run is None or run.status in TERMINAL_STATUSES:
        return None
    spec = STAGE_SPECS[stage]
    blocked = [need for need in spec.requires if runs[need].status != StageStatus.FINISHED]
    if blocked:
        need = runs[blocked[0]]
        stage_skip(run=run, reason=f"Needs the {need.stage} stage, which {need.status}.")
        return StageStatus.SKIPPED
    waiting = [s for s in spec.waits_for if s in runs and runs[s].status not in TERMINAL_STATUSES]
    if waiting:
        raise StageNotReadyError(f"{stage} waits for {', '.join(waiting)}")
    reason = spec.skip_reason(answer, runs) if spec.skip_reason else None
    if reason:
        stage_skip(run=run, reason=reason)
        return StageStatus.SKIPPED

    stage_start(run=run)
    try:
        result = spec.run(answer, runs)
    except TRANSIENT_ERRORS:
        raise
    except (StageInputError, MediaError) as error:
        stage_fail(run=run, error=str(error))
        return StageStatus.FAILED
    except SoftTimeLimitExceeded:
        stage_fail(run=run, error=f"The {stage} analysis took too long and was stopped.")
        return StageStatus.FAILED
    except Exception as error:
        logger.exception("%s stage crashed for answer %s", stage, answer_id)
        stage_fail(run=run, error=f"The {stage} analysis failed: {type(error).__name__}: {error}")
        return StageStatus.FAILED
    stage_finish(run=run, result=result)
    return StageStatus.FINISHED

