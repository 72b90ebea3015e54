"""The reconciler repairs what faults leave: expired leases, lost or unsent doorbells, answers
nobody moved on. The broker is faked at its edge; the rows, claims and stages are real."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from analysis_app import dispatch
from analysis_app.engine.graph import Stage, StageStatus
from analysis_app.models import StageAttempt, StageRun
from analysis_app.services import analysis_reconcile, analysis_request, stage_claim
from sessions_app.models import AnalysisStatus, Answer
from tests.analysis_app.test_pipeline_stages import requested, with_recording
from tests.conftest import Doorbells
from tests.factories import AnswerFactory

PAST = datetime(2000, 1, 1, tzinfo=UTC)


def _expire(answer: Answer, stage: Stage) -> None:
    StageRun.objects.filter(answer=answer, stage=stage).update(lease_until=PAST)


def _run(answer: Answer, stage: Stage) -> StageRun:
    return StageRun.objects.get(answer=answer, stage=stage)


@pytest.fixture
def media_done(answer: Answer, interview_webm: Path, doorbells: Doorbells,
               django_capture_on_commit_callbacks: Callable) -> Answer:
    """An answer whose media stage really finished: speech, video and audio are queued."""
    with_recording(answer, interview_webm)
    requested(answer, django_capture_on_commit_callbacks)
    assert doorbells.run(limit=1) == ["media"]
    doorbells.rung.clear()
    return answer


@pytest.mark.django_db
def test_a_dead_workers_stage_is_queued_again_and_sent(
    media_done: Answer, doorbells: Doorbells, django_capture_on_commit_callbacks: Callable,
) -> None:
    # given: a worker claimed the video stage and died (its lease ran out)
    stage_claim(answer_id=str(media_done.id), stage=Stage.VIDEO, worker="dead:1")
    _expire(media_done, Stage.VIDEO)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        report = analysis_reconcile()
    # then
    run = _run(media_done, Stage.VIDEO)
    assert report.requeued == 1
    assert ("video", str(media_done.id)) in doorbells.rung
    assert run.status == StageStatus.QUEUED and run.attempt == 1 and run.sent_at is not None
    assert StageAttempt.objects.get(answer=media_done, stage=Stage.VIDEO).outcome == "lost"
    again = stage_claim(answer_id=str(media_done.id), stage=Stage.VIDEO, worker="alive:2")
    assert again is not None and again.attempt == 2


@pytest.mark.django_db
def test_a_stage_that_kills_its_worker_every_time_fails_at_the_cap(
    media_done: Answer, doorbells: Doorbells, settings: object,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    # given: three workers in a row died on the video stage
    settings.ANALYSIS_MAX_ATTEMPTS = 3  # type: ignore[attr-defined]
    for attempt in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            claim = stage_claim(answer_id=str(media_done.id), stage=Stage.VIDEO,
                                worker=f"dead:{attempt}")
            assert claim is not None
            _expire(media_done, Stage.VIDEO)
            analysis_reconcile()
    # when: a late copy of the message arrives
    late = stage_claim(answer_id=str(media_done.id), stage=Stage.VIDEO, worker="late:9")
    # then: the stage failed with the reason; the other modalities are untouched
    run = _run(media_done, Stage.VIDEO)
    media_done.refresh_from_db()
    assert late is None
    assert run.status == StageStatus.FAILED
    assert run.error == "The video analysis stopped its worker 3 times."
    assert run.attempt == 3
    assert _run(media_done, Stage.SPEECH).status == StageStatus.QUEUED
    assert media_done.analysis_status == AnalysisStatus.RUNNING
    assert list(StageAttempt.objects.filter(answer=media_done, stage=Stage.VIDEO)
                .values_list("outcome", flat=True)) == ["lost"] * 3


@pytest.mark.django_db
def test_an_upload_finished_while_the_broker_is_down_is_accepted_and_sent_later(
    media_done: Answer, monkeypatch: pytest.MonkeyPatch, settings: object,
    django_capture_on_commit_callbacks: Callable, doorbells: Doorbells,
) -> None:
    # given: the broker refuses every message
    def broker_down(stage: str, answer_id: str) -> None:
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(dispatch, "_send", broker_down)
    answer = AnswerFactory(question__session__owner=media_done.session.owner)
    with_recording(answer, Path(media_done.recording.path))
    # when: the analysis is requested
    requested(answer, django_capture_on_commit_callbacks)
    # then: it is queued in the database, never sent
    media = _run(answer, Stage.MEDIA)
    assert media.status == StageStatus.QUEUED and media.sent_at is None
    # when: the broker is back and the reconciler runs
    monkeypatch.setattr(dispatch, "_send", doorbells.send)
    settings.ANALYSIS_DISPATCH_GRACE_S = 0  # type: ignore[attr-defined]
    report = analysis_reconcile()
    # then
    assert report.sent >= 1
    assert ("media", str(answer.id)) in doorbells.rung
    assert _run(answer, Stage.MEDIA).sent_at is not None


@pytest.mark.django_db
def test_a_doorbell_the_broker_lost_is_rung_again(
    media_done: Answer, doorbells: Doorbells, settings: object,
) -> None:
    # given: the speech stage was sent long ago and nobody ever claimed it (Redis restarted)
    StageRun.objects.filter(answer=media_done, stage=Stage.SPEECH).update(
        sent_at=timezone.now() - timedelta(hours=1))
    settings.ANALYSIS_REDISPATCH_AFTER_S = 60  # type: ignore[attr-defined]
    # when
    report = analysis_reconcile()
    # then: only that one is sent again (the others were sent just now)
    assert doorbells.rung == [("speech", str(media_done.id))]
    assert report.sent == 1


@pytest.mark.django_db
def test_an_accepted_answer_whose_request_never_ran_is_started(
    answer: Answer, interview_webm: Path, doorbells: Doorbells, settings: object,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    # given: the upload was accepted, then the web process died before requesting the analysis
    with_recording(answer, interview_webm)
    Answer.objects.filter(pk=answer.pk).update(analysis_status=AnalysisStatus.QUEUED,
                                               updated_at=timezone.now() - timedelta(minutes=5))
    # when
    with django_capture_on_commit_callbacks(execute=True):
        report = analysis_reconcile()
    # then
    assert report.settled == 1
    assert doorbells.rung == [("media", str(answer.id))]
    assert _run(answer, Stage.MEDIA).status == StageStatus.QUEUED


@pytest.mark.django_db(transaction=True)
def test_two_reconcilers_at_once_requeue_each_dead_stage_once(
    interview_webm: Path, monkeypatch: pytest.MonkeyPatch, user: object,
) -> None:
    # given: eight answers whose media stage was held by a worker that died
    sent: list[tuple[str, str]] = []
    lock = threading.Lock()

    def send(stage: str, answer_id: str) -> None:
        with lock:
            sent.append((stage, answer_id))

    monkeypatch.setattr(dispatch, "_send", send)
    answers = []
    for _ in range(8):
        answer = with_recording(AnswerFactory(question__session__owner=user), interview_webm)
        analysis_request(answer=answer)
        stage_claim(answer_id=str(answer.id), stage=Stage.MEDIA, worker="dead:1")
        _expire(answer, Stage.MEDIA)
        answers.append(answer)
    sent.clear()

    # when: two nodes reconcile at the same moment
    barrier = threading.Barrier(2)
    reports = []

    def reconcile() -> None:
        barrier.wait()
        try:
            reports.append(analysis_reconcile())
        finally:
            connection.close()

    threads = [threading.Thread(target=reconcile) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then: every dead stage was queued again and sent exactly once
    assert sorted(sent) == sorted(("media", str(answer.id)) for answer in answers)
    assert sum(report.requeued for report in reports) == 8
    for answer in answers:
        run = _run(answer, Stage.MEDIA)
        assert run.status == StageStatus.QUEUED and run.attempt == 1
