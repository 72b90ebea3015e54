"""Runs one stage for one answer in a worker: the body of every per-stage Celery task.

Claim first, work second: a message for a stage that is not due, ended already or held by a
live worker does nothing. While the stage runs, a thread renews its lease; if the process
dies the renewals stop, the lease expires and the reconciler gives the stage to another
worker (or, past the attempt cap, fails it with the reason).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

from analysis_app.engine.graph import (
    GRAPH,
    StageInputError,
    failure_reason,
    timeout_reason,
)
from analysis_app.engine.media import MediaError
from analysis_app.engine.stages import Stage, StageStatus
from analysis_app.models import StageRun
from analysis_app.services import Claim, stage_claim, stage_end, stage_heartbeat, stage_release
from analysis_app.stage_io import StoredStageInputs, stage_output_save
from sessions_app.models import Answer
from sessions_app.stored_files import private_workdir

logger = logging.getLogger(__name__)

#: Errors worth retrying: the database or broker blinked, the input is fine.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


def worker_name() -> str:
    """Who holds a lease: the host and the process, so an operator can find it."""
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def lease_kept(claim: Claim) -> Iterator[None]:
    """Renew the claim's lease every third of its length until the block ends."""
    stop = threading.Event()

    def renew() -> None:
        try:
            while not stop.wait(settings.ANALYSIS_LEASE_S / 3):
                try:
                    if not stage_heartbeat(claim=claim):
                        return  # taken over: stage_end will find out and discard
                except TRANSIENT_ERRORS:
                    logger.warning("Could not renew the lease of %s", claim, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=renew, name=f"lease-{claim.stage}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def stage_execute(*, answer_id: str, stage: Stage) -> StageStatus | None:
    """Returns how the stage ended, or None when this delivery had nothing to do."""
    claim = stage_claim(answer_id=answer_id, stage=stage, worker=worker_name())
    if claim is None:
        return None
    with lease_kept(claim):
        answer = Answer.objects.select_related("session", "question").filter(pk=answer_id).first()
        if answer is None:
            return None  # deleted meanwhile (its stage rows went with it)
        runs = {run.stage: run for run in StageRun.objects.filter(answer=answer)}
        try:
            with private_workdir(f"{stage}-") as workdir:
                inputs = StoredStageInputs(answer, runs, workdir)
                saved = stage_output_save(inputs, stage, GRAPH[stage].run(inputs))
        except TRANSIENT_ERRORS:
            stage_release(claim=claim)
            raise
        except SoftTimeLimitExceeded:
            return _failed(claim, timeout_reason(stage))
        except (MediaError, StageInputError) as error:
            return _failed(claim, failure_reason(stage, error))
        except Exception as error:
            logger.exception("%s stage crashed for answer %s", stage, answer_id)
            return _failed(claim, failure_reason(stage, error))
        ended = stage_end(claim=claim, status=StageStatus.FINISHED, result=saved.result,
                          apply=saved.apply)
    return StageStatus.FINISHED if ended else None


def _failed(claim: Claim, reason: str) -> StageStatus | None:
    ended = stage_end(claim=claim, status=StageStatus.FAILED, error=reason)
    return StageStatus.FAILED if ended else None
