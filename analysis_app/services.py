"""Writes for the analysis pipeline: stage state transitions, each pushed as a progress event.

Every transition is saved first and published second, so a client that reconnects can rebuild
the state from the database (the snapshot) and never sees an event the database does not hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from analysis_app.models import StageRun
from analysis_app.progress import AnswerResultEvent, StageEvent, get_progress_sink
from analysis_app.stages import MODALITY_STAGES, TERMINAL_STATUSES, Stage, StageStatus
from sessions_app.models import AnalysisStatus, Answer


def _stage_event(run: StageRun) -> StageEvent:
    return StageEvent(
        type="stage",
        session_id=str(run.answer.session_id),
        answer_id=str(run.answer_id),
        stage=str(run.stage),
        status=str(run.status),
        attempt=run.attempt,
        error=run.error,
        at=timezone.now().isoformat(),
    )


def _save_and_publish(run: StageRun, fields: list[str]) -> StageRun:
    """The event is built now (the run object changes again later) and sent after commit."""
    run.full_clean()
    run.save(update_fields=fields)
    event = _stage_event(run)
    transaction.on_commit(lambda: get_progress_sink().send(event["session_id"], event))
    return run


def pipeline_reset(*, answer: Answer, stages: Iterable[Stage] = tuple(Stage)) -> list[StageRun]:
    """Put every stage back to queued for a (re-)analysis and mark the answer queued."""
    now = timezone.now()
    runs = []
    for stage in stages:
        run, _ = StageRun.objects.get_or_create(answer=answer, stage=stage)
        run.status = StageStatus.QUEUED
        run.queued_at = now
        run.started_at = None
        run.finished_at = None
        run.error = ""
        run.result = None
        runs.append(
            _save_and_publish(
                run, ["status", "queued_at", "started_at", "finished_at", "error", "result"]
            )
        )
    answer.analysis_status = AnalysisStatus.QUEUED
    answer.analysis_error = ""
    answer.save(update_fields=["analysis_status", "analysis_error", "updated_at"])
    return runs


def stage_start(*, run: StageRun) -> StageRun:
    run.status = StageStatus.STARTED
    run.attempt += 1
    run.started_at = timezone.now()
    run.finished_at = None
    run.error = ""
    answer = run.answer
    if answer.analysis_status in (AnalysisStatus.QUEUED, AnalysisStatus.NOT_STARTED):
        answer.analysis_status = AnalysisStatus.RUNNING
        answer.save(update_fields=["analysis_status", "updated_at"])
    return _save_and_publish(run, ["status", "attempt", "started_at", "finished_at", "error"])


def stage_finish(*, run: StageRun, result: dict[str, Any]) -> StageRun:
    run.status = StageStatus.FINISHED
    run.finished_at = timezone.now()
    run.result = result
    return _save_and_publish(run, ["status", "finished_at", "result"])


def stage_fail(*, run: StageRun, error: str) -> StageRun:
    run.status = StageStatus.FAILED
    run.finished_at = timezone.now()
    run.error = error[:2000]
    return _save_and_publish(run, ["status", "finished_at", "error"])


def stage_skip(*, run: StageRun, reason: str) -> StageRun:
    run.status = StageStatus.SKIPPED
    run.finished_at = timezone.now()
    run.error = reason[:2000]
    return _save_and_publish(run, ["status", "finished_at", "error"])


def _overall_status(runs: dict[str, StageRun]) -> tuple[AnalysisStatus, str]:
    """Media failing sinks the answer; a failed modality only makes the result partial."""
    media = runs.get(Stage.MEDIA)
    if media is None or media.status == StageStatus.FAILED:
        return AnalysisStatus.FAILED, media.error if media else "The media stage did not run."
    problems = [
        f"{stage}: {runs[stage].error or runs[stage].status}"
        for stage in (*MODALITY_STAGES, Stage.SCORING)
        if stage in runs and runs[stage].status == StageStatus.FAILED
    ]
    if problems:
        return AnalysisStatus.PARTIAL, "; ".join(problems)
    return AnalysisStatus.COMPLETED, ""


def answer_analysis_finalize(*, answer: Answer, result: dict[str, Any] | None) -> Answer:
    """Settle the answer's status once every stage is terminal and publish the final event."""
    runs = {run.stage: run for run in answer.stage_runs.all()}
    unfinished = [stage for stage, run in runs.items() if run.status not in TERMINAL_STATUSES]
    status, error = _overall_status(runs)
    if unfinished:
        status, error = AnalysisStatus.FAILED, f"Stages never finished: {', '.join(unfinished)}"
    answer.analysis_status = status
    answer.analysis_error = error
    answer.full_clean()
    answer.save(update_fields=["analysis_status", "analysis_error", "updated_at"])
    event = AnswerResultEvent(
        type="answer.result",
        session_id=str(answer.session_id),
        answer_id=str(answer.id),
        analysis_status=str(answer.analysis_status),
        error=answer.analysis_error,
        stages={str(stage): str(run.status) for stage, run in runs.items()},
        result=result,
    )
    transaction.on_commit(lambda: get_progress_sink().send(str(answer.session_id), event))
    return answer
