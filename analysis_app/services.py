"""Writes for the analysis pipeline. The StageRun rows are the truth; the broker only rings.

- `analysis_request` resets an answer's stages and queues the first one.
- A worker `stage_claim`s a stage (one conditional UPDATE), renews its lease with
  `stage_heartbeat` while it works and ends it with `stage_end`, which only the lease holder can
  do. In the same transaction the stages whose needs are now met are queued (or skipped, with
  the graph's reason), and the answer is settled once every stage has ended.
- `analysis_reconcile` (Celery beat, and once when a worker starts) repairs what a dead worker,
  a lost message or a broker outage left: expired leases are queued again or, past the attempt
  cap, failed; queued stages the broker never got are sent again.

Every transaction that touches an answer's stages locks the answer's row first, so stage ends,
claims and reconcilers on several nodes take turns per answer instead of racing. Progress
events are published after commit, so a client never sees a state the database does not hold.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from analysis_app.dispatch import stages_dispatch
from analysis_app.engine.graph import (
    GRAPH,
    TERMINAL_STATUSES,
    StageState,
    answer_outcome,
    crash_reason,
    ready_stages,
    skip_reason,
)
from analysis_app.engine.stages import Stage, StageStatus
from analysis_app.models import StageAttempt, StageRun
from analysis_app.progress import AnswerResultEvent, StageEvent, get_progress_sink
from analysis_app.stage_io import StoredStageInputs
from analysis_app.webhooks.services import answer_settled_notify
from interview_project.errors import ConflictError
from sessions_app.models import AnalysisStatus, Answer, UploadState

logger = logging.getLogger(__name__)

_IN_FLIGHT = (StageStatus.QUEUED, StageStatus.STARTED)


@dataclass(frozen=True)
class Claim:
    """A worker's hold on one stage: only this (worker, attempt) may renew or end it."""

    run_id: int
    answer_id: str
    stage: Stage
    attempt: int
    worker: str
    #: This claim's row in the attempt log (numbers repeat after a release).
    log_id: int


def _lease() -> timedelta:
    return timedelta(seconds=settings.ANALYSIS_LEASE_S)


def _publish_stage(run: StageRun) -> None:
    event = StageEvent(
        type="stage",
        session_id=str(run.answer.session_id),
        answer_id=str(run.answer_id),
        stage=str(run.stage),
        status=str(run.status),
        attempt=run.attempt,
        error=run.error,
        at=timezone.now().isoformat(),
    )
    transaction.on_commit(lambda: get_progress_sink().send(event["session_id"], event))


def _set(run: StageRun, **fields: Any) -> StageRun:
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=list(fields))
    _publish_stage(run)
    return run


def _locked_answer(answer_id: UUID | str, *, skip_locked: bool = False) -> Answer | None:
    return (Answer.objects.select_for_update(skip_locked=skip_locked)
            .select_related("session", "question").filter(pk=answer_id).first())


def _runs(answer: Answer) -> dict[str, StageRun]:
    runs = {run.stage: run for run in StageRun.objects.filter(answer=answer)}
    for run in runs.values():
        run.answer = answer  # the events read its session without another query
    return runs


def _states(runs: dict[str, StageRun]) -> dict[Stage, StageState]:
    return {stage: StageState(StageStatus(runs[stage].status), runs[stage].error)
            for stage in GRAPH}


def _advance(answer: Answer) -> list[int]:
    """Queue (or skip) every stage whose predecessors have ended; settle a finished answer.

    The caller holds the answer's lock. Returns the StageRuns queued; their doorbells go to the
    broker after commit, and if the broker is down they stay recorded as queued and unsent.
    """
    runs = _runs(answer)
    states = _states(runs)
    inputs = StoredStageInputs(answer, runs)
    now = timezone.now()
    queued: list[int] = []
    while ready := ready_stages(states):
        for stage in ready:
            run = runs[stage]
            reason = skip_reason(stage, states, inputs)
            if reason:
                _set(run, status=StageStatus.SKIPPED, finished_at=now, error=reason[:2000])
            else:
                _set(run, status=StageStatus.QUEUED, queued_at=now, sent_at=None)
                queued.append(run.pk)
            states[stage] = StageState(StageStatus(run.status), run.error)
    if all(state.status in TERMINAL_STATUSES for state in states.values()):
        _finalize(answer, runs, states)
    if queued:
        transaction.on_commit(lambda: stages_dispatch(queued), robust=True)
    return queued


def _finalize(answer: Answer, runs: dict[str, StageRun], states: dict[Stage, StageState]) -> None:
    if answer.analysis_status not in (AnalysisStatus.QUEUED, AnalysisStatus.RUNNING):
        return  # settled already
    outcome, error = answer_outcome(states)
    answer.analysis_status = AnalysisStatus(str(outcome))
    answer.analysis_error = error
    answer.save(update_fields=["analysis_status", "analysis_error", "updated_at"])
    answer_settled_notify(answer=answer)  # its webhook deliveries commit with the outcome
    scoring = runs[Stage.SCORING]
    event = AnswerResultEvent(
        type="answer.result",
        session_id=str(answer.session_id),
        answer_id=str(answer.id),
        analysis_status=str(answer.analysis_status),
        error=answer.analysis_error,
        stages={str(stage): str(state.status) for stage, state in states.items()},
        result=scoring.result if scoring.status == StageStatus.FINISHED else None,
    )
    transaction.on_commit(lambda: get_progress_sink().send(str(answer.session_id), event))


def _request(answer: Answer) -> None:
    """Every stage back to pending, the answer queued, the first stage queued."""
    StageAttempt.objects.filter(answer=answer).delete()
    for stage in GRAPH:
        run, _ = StageRun.objects.get_or_create(answer=answer, stage=stage)
        run.answer = answer
        _set(run, status=StageStatus.PENDING, attempt=0, queued_at=None, sent_at=None,
             started_at=None, finished_at=None, lease_owner="", lease_until=None,
             error="", result=None)
    answer.analysis_status = AnalysisStatus.QUEUED
    answer.analysis_error = ""
    answer.save(update_fields=["analysis_status", "analysis_error", "updated_at"])
    _advance(answer)


def analysis_request(*, answer: Answer) -> Answer:
    """Start the analysis of an answer whose recording was accepted (or start it again)."""
    with transaction.atomic():
        locked = _locked_answer(answer.pk)
        if locked is None:
            raise ConflictError("This answer is gone.", code="not_found")
        _request(locked)
    return locked


def answer_reanalyse(*, answer: Answer) -> Answer:
    """Queue the whole analysis again (after a failure, or for a new engine version)."""
    if answer.upload_state != UploadState.COMPLETE:
        raise ConflictError("This answer has no recording to analyse.", code="no_recording")
    if answer.recording_expired_at is not None:
        raise ConflictError("This answer's recording was deleted under the retention policy; "
                            "its report is kept but it cannot be analysed again.",
                            code="recording_expired")
    if answer.analysis_status in (AnalysisStatus.QUEUED, AnalysisStatus.RUNNING):
        raise ConflictError("This answer is already being analysed.", code="analysis_running")
    return analysis_request(answer=answer)


def _mark_lost(answer: Answer, stage: str) -> None:
    StageAttempt.objects.filter(answer=answer, stage=stage,
                                outcome=StageAttempt.Outcome.RUNNING).update(
        outcome=StageAttempt.Outcome.LOST)


def _expired_lease_ended(answer: Answer, run: StageRun, **fields: Any) -> bool:
    """Move on a stage whose worker stopped renewing its lease (queued again, or failed), if
    nobody else did meanwhile; its attempt is recorded as lost."""
    moved = StageRun.objects.filter(
        pk=run.pk, status=StageStatus.STARTED, attempt=run.attempt, lease_until__lt=timezone.now(),
    ).update(lease_owner="", lease_until=None, **fields)
    if moved:
        _mark_lost(answer, run.stage)
        run.refresh_from_db()
        _publish_stage(run)
    return bool(moved)


def _fail_crashed(answer: Answer, run: StageRun) -> bool:
    """Past the attempt cap, a stage whose worker keeps dying fails instead of looping."""
    failed = _expired_lease_ended(answer, run, status=StageStatus.FAILED,
                                  finished_at=timezone.now(),
                                  error=crash_reason(Stage(run.stage), run.attempt))
    if failed:
        _advance(answer)
    return failed


def stage_claim(*, answer_id: str, stage: Stage, worker: str) -> Claim | None:
    """Take the stage if it is queued, or started under a lease that expired; else None.

    None means there is nothing to do for this message: the stage is not due yet, ended
    already, or another worker holds it (a redelivered copy of the message).
    """
    now = timezone.now()
    with transaction.atomic():
        answer = _locked_answer(answer_id)
        run = StageRun.objects.filter(answer=answer, stage=stage).first() if answer else None
        if answer is None or run is None:
            return None
        expired = run.status == StageStatus.STARTED and (
            run.lease_until is None or run.lease_until < now)
        if expired and run.attempt >= settings.ANALYSIS_MAX_ATTEMPTS:
            _fail_crashed(answer, run)
            return None
        claimed = StageRun.objects.filter(pk=run.pk).filter(
            Q(status=StageStatus.QUEUED) | Q(status=StageStatus.STARTED, lease_until__lt=now),
        ).filter(attempt__lt=settings.ANALYSIS_MAX_ATTEMPTS).update(
            status=StageStatus.STARTED, attempt=F("attempt") + 1, lease_owner=worker,
            lease_until=now + _lease(), started_at=now, finished_at=None, error="",
        )
        if not claimed:
            return None
        run.refresh_from_db()
        _mark_lost(answer, stage)
        log = StageAttempt.objects.create(answer=answer, stage=stage, number=run.attempt,
                                          worker=worker, started_at=now, heartbeat_at=now)
        if answer.analysis_status == AnalysisStatus.QUEUED:
            answer.analysis_status = AnalysisStatus.RUNNING
            answer.save(update_fields=["analysis_status", "updated_at"])
        _publish_stage(run)
    return Claim(run.pk, str(answer.pk), stage, run.attempt, worker, log.pk)


def _held(claim: Claim) -> Any:
    return StageRun.objects.filter(pk=claim.run_id, status=StageStatus.STARTED,
                                   attempt=claim.attempt, lease_owner=claim.worker)


def _attempt(claim: Claim) -> Any:
    return StageAttempt.objects.filter(pk=claim.log_id)


def stage_heartbeat(*, claim: Claim) -> bool:
    """Renew the lease; False when it was lost (the stage was taken over or reset)."""
    now = timezone.now()
    held = _held(claim).update(lease_until=now + _lease())
    if held:
        _attempt(claim).update(heartbeat_at=now)
    return bool(held)


def stage_release(*, claim: Claim) -> None:
    """Give a stage back after a transient error (the database or broker blinked): it is
    queued again and this attempt does not count against the cap."""
    with transaction.atomic():
        released = _held(claim).update(status=StageStatus.QUEUED, attempt=F("attempt") - 1,
                                       lease_owner="", lease_until=None,
                                       sent_at=timezone.now())
        if released:
            _attempt(claim).update(outcome=StageAttempt.Outcome.RELEASED,
                                   ended_at=timezone.now())


def stage_end(*, claim: Claim, status: StageStatus, result: dict[str, Any] | None = None,
              error: str = "", apply: Any = None) -> bool:
    """Record how the stage ended and move the answer on, if this worker still holds it.

    False (and nothing written) when the lease was lost to another worker meanwhile: the other
    attempt's result is the one that counts, so work is committed once per stage.
    """
    now = timezone.now()
    with transaction.atomic():
        answer = _locked_answer(claim.answer_id)
        if answer is None:
            return False
        held = _held(claim).update(status=status, finished_at=now, lease_owner="",
                                   lease_until=None, result=result, error=error[:2000])
        if not held:
            _attempt(claim).filter(outcome=StageAttempt.Outcome.RUNNING).update(
                outcome=StageAttempt.Outcome.SUPERSEDED, ended_at=now)
            logger.warning("%s stage of answer %s: lease lost, result discarded",
                           claim.stage, claim.answer_id)
            return False
        if apply is not None:
            apply()
            answer.refresh_from_db()  # what the stage wrote (media info) decides what is due
        _attempt(claim).update(outcome=str(status), ended_at=now)
        _publish_stage(StageRun.objects.select_related("answer").get(pk=claim.run_id))
        _advance(answer)
    return True


@dataclass
class ReconcileReport:
    requeued: int = 0
    failed: int = 0
    sent: int = 0
    settled: int = 0


def _reclaim_expired(report: ReconcileReport) -> list[int]:
    """Leases that expired: their worker died. Queue the stage again, or fail it past the cap."""
    queued: list[int] = []
    now = timezone.now()
    expired = StageRun.objects.filter(status=StageStatus.STARTED, lease_until__lt=now)
    for run_id, answer_id in expired.values_list("pk", "answer_id"):
        with transaction.atomic():
            answer = _locked_answer(answer_id, skip_locked=True)
            run = StageRun.objects.filter(pk=run_id).first() if answer else None
            if answer is None or run is None or run.status != StageStatus.STARTED or (
                    run.lease_until is not None and run.lease_until >= timezone.now()):
                continue  # another node is on it, or it moved on
            if run.attempt >= settings.ANALYSIS_MAX_ATTEMPTS:
                report.failed += _fail_crashed(answer, run)
            elif _expired_lease_ended(answer, run, status=StageStatus.QUEUED,
                                      queued_at=timezone.now(), sent_at=None):
                queued.append(run.pk)
                report.requeued += 1
    return queued


def _settle_stalled(report: ReconcileReport) -> None:
    """Answers in analysis with nothing queued or running: move them on (normally the stage
    end does it in its own transaction; this covers rows changed by hand or by old code)."""
    # Not the answers whose upload has only just been accepted: their request is on its way.
    settled_before = timezone.now() - timedelta(seconds=settings.ANALYSIS_DISPATCH_GRACE_S)
    in_flight = StageRun.objects.filter(status__in=_IN_FLIGHT).values("answer_id")
    stalled = Answer.objects.filter(
        analysis_status__in=(AnalysisStatus.QUEUED, AnalysisStatus.RUNNING),
        upload_state=UploadState.COMPLETE, updated_at__lt=settled_before,
    ).exclude(pk__in=in_flight).values_list("pk", flat=True)
    for answer_id in stalled:
        with transaction.atomic():
            answer = _locked_answer(answer_id, skip_locked=True)
            if answer is None or answer.analysis_status not in (
                    AnalysisStatus.QUEUED, AnalysisStatus.RUNNING) or StageRun.objects.filter(
                    answer=answer, status__in=_IN_FLIGHT).exists():
                continue
            if StageRun.objects.filter(answer=answer).exists():
                _advance(answer)
            else:  # accepted, but the process died before the analysis was requested
                _request(answer)
            report.settled += 1


def analysis_reconcile() -> ReconcileReport:
    """Repair whatever a fault left. Safe to run on several nodes at once: every change is a
    conditional update under the answer's lock, and locked answers are skipped."""
    report = ReconcileReport()
    requeued = _reclaim_expired(report)
    _settle_stalled(report)
    now = timezone.now()
    unsent = StageRun.objects.filter(status=StageStatus.QUEUED).filter(
        Q(sent_at__isnull=True,
          queued_at__lt=now - timedelta(seconds=settings.ANALYSIS_DISPATCH_GRACE_S))
        | Q(sent_at__lt=now - timedelta(seconds=settings.ANALYSIS_REDISPATCH_AFTER_S))
    ).values_list("pk", flat=True)
    report.sent = stages_dispatch(sorted({*requeued, *unsent}))
    return report
