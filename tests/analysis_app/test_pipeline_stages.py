"""The pipeline driven by its rows: claims, stage ends that queue what is due, the answer's
outcome. The broker is faked at its edge (`doorbells`); everything else is real."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError
from rest_framework.test import APIClient

from analysis_app.engine.graph import GRAPH, Stage, StageStatus
from analysis_app.engine.media import ANALYSIS_SAMPLE_RATE, read_wav
from analysis_app.engine.scoring import DIMENSIONS
from analysis_app.models import AnswerReport, StageAttempt, StageRun
from analysis_app.progress import RecordingProgressSink
from analysis_app.services import analysis_request, stage_claim, stage_end
from analysis_app.stage_runner import lease_kept, stage_execute
from sessions_app.models import AnalysisStatus, Answer, BankQuestion, UploadState
from tests.conftest import Doorbells
from tests.stored import stored_bytes

pytestmark = pytest.mark.django_db

PAST = datetime(2000, 1, 1, tzinfo=UTC)


def with_recording(answer: Answer, source: Path) -> Answer:
    answer.recording.name = default_storage.save(
        f"recordings/{answer.session.owner_id}/{answer.id}/{source.name}",
        ContentFile(source.read_bytes()),
    )
    answer.upload_state = UploadState.COMPLETE
    answer.save()
    return answer


def requested(answer: Answer, capture: Callable) -> None:
    with capture(execute=True):
        analysis_request(answer=answer)


def _stage_events(sink: RecordingProgressSink, stage: str) -> list[str]:
    return [event["status"] for _, event in sink.events
            if event["type"] == "stage" and event["stage"] == stage]


def _statuses(answer: Answer) -> dict[str, str]:
    return {run.stage: run.status for run in answer.stage_runs.all()}


def test_only_the_media_stage_is_due_at_first(
    answer: Answer, interview_webm: Path, doorbells: Doorbells,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    # given
    with_recording(answer, interview_webm)
    # when
    requested(answer, django_capture_on_commit_callbacks)
    # then
    answer.refresh_from_db()
    assert doorbells.rung == [("media", str(answer.id))]
    assert _statuses(answer) == {"media": "queued", **dict.fromkeys(
        [stage.value for stage in Stage if stage != Stage.MEDIA], "pending")}
    assert answer.analysis_status == AnalysisStatus.QUEUED
    assert StageRun.objects.get(answer=answer, stage=Stage.MEDIA).sent_at is not None


def test_media_stage_extracts_16k_mono_audio_and_queues_the_modalities(
    answer: Answer, interview_webm: Path, progress_sink: RecordingProgressSink,
    doorbells: Doorbells, django_capture_on_commit_callbacks: Callable, media_storage: str,
    private_media: Path, tmp_path: Path, settings: object,
) -> None:
    # given
    with_recording(answer, interview_webm)
    requested(answer, django_capture_on_commit_callbacks)
    doorbells.rung.clear()
    settings.MEDIA_TEMP_DIR = str(tmp_path / "worker-tmp")  # type: ignore[attr-defined]
    (tmp_path / "worker-tmp").mkdir()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        status = stage_execute(answer_id=str(answer.id), stage=Stage.MEDIA)
    # then
    answer.refresh_from_db()
    run = StageRun.objects.get(answer=answer, stage=Stage.MEDIA)
    (tmp_path / "audio.wav").write_bytes(stored_bytes(answer.analysis_audio.name))
    audio = read_wav(tmp_path / "audio.wav")
    assert status == StageStatus.FINISHED
    assert run.attempt == 1 and run.lease_owner == "" and run.lease_until is None
    assert run.result["media"]["has_video"] is True
    assert abs(audio.size / ANALYSIS_SAMPLE_RATE - answer.media_info["duration_s"]) < 0.2
    assert float(abs(audio).max()) > 0.05, "the speech is there, not silence"
    assert _stage_events(progress_sink, Stage.MEDIA) == ["pending", "queued", "started",
                                                         "finished"]
    assert [stage for stage, _ in doorbells.rung] == ["speech", "video", "audio"]
    assert _statuses(answer)["text"] == "pending", "text waits for speech and audio"
    attempt = StageAttempt.objects.get(answer=answer, stage=Stage.MEDIA)
    assert attempt.outcome == "finished" and attempt.ended_at is not None
    assert not list((tmp_path / "worker-tmp").iterdir()), "the stage's local copies are gone"
    if media_storage == "s3":
        assert not list(private_media.rglob("*")), "object storage only: nothing on local disk"


def test_a_second_delivery_of_a_running_or_finished_stage_does_nothing(
    answer: Answer, interview_webm: Path, doorbells: Doorbells,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    # given: a worker holds the media stage
    with_recording(answer, interview_webm)
    requested(answer, django_capture_on_commit_callbacks)
    first = stage_claim(answer_id=str(answer.id), stage=Stage.MEDIA, worker="node-a:1")
    # when: the message is delivered again, while it runs and after it finished
    while_running = stage_claim(answer_id=str(answer.id), stage=Stage.MEDIA, worker="node-b:2")
    stage_end(claim=first, status=StageStatus.FAILED, error="stopped for the test")
    after_end = stage_execute(answer_id=str(answer.id), stage=Stage.MEDIA)
    # then
    assert first is not None and first.attempt == 1
    assert while_running is None
    assert after_end is None
    run = StageRun.objects.get(answer=answer, stage=Stage.MEDIA)
    assert run.attempt == 1 and run.status == StageStatus.FAILED


def test_a_worker_that_lost_its_lease_cannot_commit(
    answer: Answer, interview_webm: Path, doorbells: Doorbells,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    # given: worker A's lease expired (it froze) and worker B took the stage over
    with_recording(answer, interview_webm)
    requested(answer, django_capture_on_commit_callbacks)
    stale = stage_claim(answer_id=str(answer.id), stage=Stage.MEDIA, worker="node-a:1")
    StageRun.objects.filter(answer=answer, stage=Stage.MEDIA).update(lease_until=PAST)
    fresh = stage_claim(answer_id=str(answer.id), stage=Stage.MEDIA, worker="node-b:2")
    # when: A wakes up and tries to finish
    committed = stage_end(claim=stale, status=StageStatus.FINISHED, result={"from": "A"})
    # then: only B can end it
    run = StageRun.objects.get(answer=answer, stage=Stage.MEDIA)
    assert fresh is not None and fresh.attempt == 2
    assert committed is False
    assert run.status == StageStatus.STARTED and run.lease_owner == "node-b:2"
    assert run.result is None
    outcomes = list(StageAttempt.objects.filter(answer=answer).values_list("worker", "outcome"))
    assert outcomes == [("node-a:1", "lost"), ("node-b:2", "running")]


def test_a_corrupt_recording_fails_media_and_the_rest_is_skipped_without_running(
    answer: Answer, tmp_path: Path, progress_sink: RecordingProgressSink,
    doorbells: Doorbells, django_capture_on_commit_callbacks: Callable,
) -> None:
    # given: the stored file got damaged after it was accepted
    broken = tmp_path / "broken.webm"
    broken.write_bytes(b"\x1a\x45\xdf\xa3" + b"\x00" * 100)
    with_recording(answer, broken)
    requested(answer, django_capture_on_commit_callbacks)
    # when
    ran = doorbells.run()
    # then
    answer.refresh_from_db()
    runs = {run.stage: run for run in answer.stage_runs.all()}
    assert ran == ["media"], "nothing else is sent to a worker"
    assert runs[Stage.MEDIA].status == StageStatus.FAILED
    assert "not a readable" in runs[Stage.MEDIA].error
    assert runs[Stage.SPEECH].status == StageStatus.SKIPPED
    assert runs[Stage.SPEECH].error == "Needs the media stage, which failed."
    assert runs[Stage.TEXT].error == "Needs the speech stage, which skipped."
    assert answer.analysis_status == AnalysisStatus.FAILED
    assert "not a readable" in answer.analysis_error
    final = [event for _, event in progress_sink.events if event["type"] == "answer.result"]
    assert len(final) == 1 and final[0]["analysis_status"] == "failed"


@pytest.mark.slow
def test_whole_pipeline_analyses_every_modality_and_stores_the_report(
    answer: Answer, interview_webm: Path, progress_sink: RecordingProgressSink,
    doorbells: Doorbells, django_capture_on_commit_callbacks: Callable,
) -> None:
    # given: the candidate's own wording of a bank question, added without key points
    question = answer.question
    question.text, question.category, question.key_points = (
        "Describe a time you disagreed with a colleague.", "custom", [])
    question.save()
    with_recording(answer, interview_webm)
    requested(answer, django_capture_on_commit_callbacks)
    # when
    ran = doorbells.run()
    # then
    answer.refresh_from_db()
    report = AnswerReport.objects.get(answer=answer)
    assert ran == ["media", "speech", "video", "audio", "text", "scoring"]
    # the question borrowed the bank question's key points, and coverage was scored on them
    question.refresh_from_db()
    lender = BankQuestion.objects.get(key=question.key_points_origin.removeprefix("bank:"))
    assert "disagreed with a colleague" in lender.text
    assert question.key_points == lender.key_points
    assert report.features["key_points_total"] == len(lender.key_points)
    assert _statuses(answer) == dict.fromkeys([stage.value for stage in Stage],
                                              StageStatus.FINISHED)
    assert answer.analysis_status == AnalysisStatus.COMPLETED
    assert "migration of our" in report.transcript["text"].lower()
    assert report.features["face_present_ratio"] > 0.9
    assert report.features["speech_rate_wpm"] > 80
    # the features the rubric reads beyond the contract, and the restarts' markers
    assert report.features["restart_count"] == 0 and report.markers["restarts"] == []
    assert report.features["nod_count"] == 0
    assert report.features["facial_animation"] is not None
    assert set(report.scores) == {*DIMENSIONS, "overall"}
    assert all(value is not None for value in report.scores.values()), report.missing
    final = progress_sink.events[-1][1]
    assert final["type"] == "answer.result"
    assert final["result"]["scores"] == report.scores
    assert StageAttempt.objects.filter(answer=answer, outcome="finished").count() == 6


@pytest.mark.slow
def test_a_failing_modality_leaves_the_others_scored(
    answer: Answer, interview_webm: Path, doorbells: Doorbells,
    django_capture_on_commit_callbacks: Callable, monkeypatch: pytest.MonkeyPatch,
    client_for: Callable[[object], APIClient],
) -> None:
    # given: the face model crashes on this recording
    def crash(inputs: object) -> None:
        raise RuntimeError("face mesh crashed")

    monkeypatch.setitem(GRAPH, Stage.VIDEO, dataclasses.replace(GRAPH[Stage.VIDEO], run=crash))
    with_recording(answer, interview_webm)
    requested(answer, django_capture_on_commit_callbacks)
    # when
    doorbells.run()
    # then
    answer.refresh_from_db()
    video = StageRun.objects.get(answer=answer, stage=Stage.VIDEO)
    report = AnswerReport.objects.get(answer=answer)
    assert video.status == StageStatus.FAILED
    assert video.error == "The video analysis failed: RuntimeError: face mesh crashed"
    assert answer.analysis_status == AnalysisStatus.PARTIAL
    assert report.scores["eye_contact"] is None
    assert report.scores["fluency"] is not None
    assert report.modalities["video"]["status"] == "failed"
    # and: the video dimensions blame the failed analysis, not the candidate's recording
    reason = "the video analysis failed (an internal error: RuntimeError: face mesh crashed)"
    assert {report.missing[name] for name in ("eye_contact", "composure", "engagement")} == {
        reason}
    assert "no video track" not in json.dumps(report.missing)
    # and: the API says the same, and that the answer is partial
    client = client_for(answer.session.owner)
    body = client.get(f"/api/answers/{answer.id}/report/").json()
    assert body["analysis_status"] == "partial"
    assert body["missing"]["eye_contact"] == reason
    assert f"because {reason}." in body["feedback"]["summary"]
    assert client.get(f"/api/answers/{answer.id}/").json()["analysis_status"] == "partial"


@pytest.mark.django_db(transaction=True)
def test_a_running_stage_keeps_its_lease_alive(
    answer: Answer, interview_webm: Path, settings: object, doorbells: Doorbells,
) -> None:
    # given: a short lease, renewed from a thread while the stage "works"
    settings.ANALYSIS_LEASE_S = 0.6  # type: ignore[attr-defined]
    with_recording(answer, interview_webm)
    analysis_request(answer=answer)
    claim = stage_claim(answer_id=str(answer.id), stage=Stage.MEDIA, worker="node-a:1")
    assert claim is not None
    first_lease = StageRun.objects.get(pk=claim.run_id).lease_until
    # when: the work takes five lease lengths
    with lease_kept(claim):
        time.sleep(3.0)
        during = StageRun.objects.get(pk=claim.run_id)
        taken = stage_claim(answer_id=str(answer.id), stage=Stage.MEDIA, worker="node-b:2")
    # then: the lease never lapsed, so nobody could take the stage over
    attempt = StageAttempt.objects.get(answer=answer, stage=Stage.MEDIA)
    assert during.lease_until > first_lease + timedelta(seconds=1.5)
    assert during.lease_owner == "node-a:1"
    assert taken is None
    assert attempt.heartbeat_at > attempt.started_at + timedelta(seconds=1.5)


def test_a_transient_database_error_gives_the_stage_back_for_the_retry(
    answer: Answer, interview_webm: Path, doorbells: Doorbells,
    django_capture_on_commit_callbacks: Callable, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: the database blinks while the media stage runs
    def blink(inputs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    with_recording(answer, interview_webm)
    requested(answer, django_capture_on_commit_callbacks)
    real = GRAPH[Stage.MEDIA]
    monkeypatch.setitem(GRAPH, Stage.MEDIA, dataclasses.replace(real, run=blink))
    # when: the task fails with it (Celery retries it), then the retry runs
    with pytest.raises(OperationalError):
        stage_execute(answer_id=str(answer.id), stage=Stage.MEDIA)
    released = StageRun.objects.get(answer=answer, stage=Stage.MEDIA)
    monkeypatch.setitem(GRAPH, Stage.MEDIA, real)
    with django_capture_on_commit_callbacks(execute=True):
        retried = stage_execute(answer_id=str(answer.id), stage=Stage.MEDIA)
    # then: the blink did not count as an attempt, and the retry did the work
    assert released.status == StageStatus.QUEUED and released.attempt == 0
    assert released.lease_owner == "" and released.sent_at is not None
    assert retried == StageStatus.FINISHED
    assert StageRun.objects.get(answer=answer, stage=Stage.MEDIA).attempt == 1
    assert list(StageAttempt.objects.filter(answer=answer).values_list("outcome", flat=True)) \
        == ["released", "finished"]
