"""The stage runner and the pipeline canvas, run eagerly in-process with a fake progress sink."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from analysis_app.engine.media import ANALYSIS_SAMPLE_RATE, read_wav
from analysis_app.engine.scoring import DIMENSIONS
from analysis_app.models import AnswerReport, StageRun
from analysis_app.progress import RecordingProgressSink
from analysis_app.services import pipeline_reset
from analysis_app.stage_runner import stage_execute
from analysis_app.stage_specs import STAGE_SPECS
from analysis_app.stages import Stage, StageStatus
from sessions_app.models import AnalysisStatus, Answer, UploadState
from workers.pipeline import answer_pipeline

pytestmark = pytest.mark.django_db


def _with_recording(answer: Answer, source: Path) -> Answer:
    answer.recording.name = f"recordings/{answer.session.owner_id}/{answer.id}/{source.name}"
    target = Path(answer.recording.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    answer.upload_state = UploadState.COMPLETE
    answer.save()
    return answer


def _stage_events(sink: RecordingProgressSink, stage: str) -> list[str]:
    return [event["status"] for _, event in sink.events
            if event["type"] == "stage" and event["stage"] == stage]


def test_media_stage_extracts_16k_mono_audio_and_emits_events_in_order(
    answer: Answer, interview_webm: Path, progress_sink: RecordingProgressSink,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    # given
    _with_recording(answer, interview_webm)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline_reset(answer=answer)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        status = stage_execute(answer_id=str(answer.id), stage=Stage.MEDIA)
    # then
    answer.refresh_from_db()
    run = StageRun.objects.get(answer=answer, stage=Stage.MEDIA)
    audio = read_wav(answer.analysis_audio.path)
    assert status == StageStatus.FINISHED
    assert run.attempt == 1
    assert run.result["media"]["has_video"] is True
    assert abs(audio.size / ANALYSIS_SAMPLE_RATE - answer.media_info["duration_s"]) < 0.2
    assert float(abs(audio).max()) > 0.05, "the speech is there, not silence"
    assert _stage_events(progress_sink, Stage.MEDIA) == ["queued", "started", "finished"]


def test_a_finished_stage_is_not_run_twice(
    answer: Answer, interview_webm: Path, progress_sink: RecordingProgressSink,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    _with_recording(answer, interview_webm)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline_reset(answer=answer)
        stage_execute(answer_id=str(answer.id), stage=Stage.MEDIA)
    again = stage_execute(answer_id=str(answer.id), stage=Stage.MEDIA)
    assert again is None
    assert StageRun.objects.get(answer=answer, stage=Stage.MEDIA).attempt == 1


def test_a_corrupt_recording_fails_media_and_the_modalities_are_skipped(
    answer: Answer, tmp_path: Path, progress_sink: RecordingProgressSink, celery_eager: None,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    # given: the stored file got damaged after it was accepted
    broken = tmp_path / "broken.webm"
    broken.write_bytes(b"\x1a\x45\xdf\xa3" + b"\x00" * 100)
    _with_recording(answer, broken)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline_reset(answer=answer)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        answer_pipeline(str(answer.id)).apply_async()
    # then
    answer.refresh_from_db()
    runs = {run.stage: run for run in answer.stage_runs.all()}
    assert runs[Stage.MEDIA].status == StageStatus.FAILED
    assert "not a readable" in runs[Stage.MEDIA].error
    assert runs[Stage.SPEECH].status == StageStatus.SKIPPED
    assert runs[Stage.SPEECH].error == "Needs the media stage, which failed."
    assert answer.analysis_status == AnalysisStatus.FAILED
    final = [event for _, event in progress_sink.events if event["type"] == "answer.result"]
    assert len(final) == 1 and final[0]["analysis_status"] == "failed"


@pytest.mark.slow
def test_whole_pipeline_analyses_every_modality_and_stores_the_report(
    answer: Answer, interview_webm: Path, progress_sink: RecordingProgressSink,
    celery_eager: None, django_capture_on_commit_callbacks: Callable,
) -> None:
    # given
    _with_recording(answer, interview_webm)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline_reset(answer=answer)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        answer_pipeline(str(answer.id)).apply_async()
    # then
    answer.refresh_from_db()
    statuses = {run.stage: run.status for run in answer.stage_runs.all()}
    report = AnswerReport.objects.get(answer=answer)
    assert statuses == dict.fromkeys([stage.value for stage in Stage], StageStatus.FINISHED)
    assert answer.analysis_status == AnalysisStatus.COMPLETED
    assert "migration of our" in report.transcript["text"].lower()
    assert report.features["face_present_ratio"] > 0.9
    assert report.features["speech_rate_wpm"] > 80
    assert set(report.scores) == {*DIMENSIONS, "overall"}
    assert all(value is not None for value in report.scores.values()), report.missing
    final = progress_sink.events[-1][1]
    assert final["type"] == "answer.result"
    assert final["result"]["scores"] == report.scores


@pytest.mark.slow
def test_a_failing_modality_leaves_the_others_scored(
    answer: Answer, interview_webm: Path, progress_sink: RecordingProgressSink,
    celery_eager: None, django_capture_on_commit_callbacks: Callable,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: the face model crashes on this recording
    def crash(answer: Answer, runs: dict) -> dict:
        raise RuntimeError("face mesh crashed")

    spec = STAGE_SPECS[Stage.VIDEO]
    monkeypatch.setitem(STAGE_SPECS, Stage.VIDEO, dataclasses.replace(spec, run=crash))
    _with_recording(answer, interview_webm)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline_reset(answer=answer)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        answer_pipeline(str(answer.id)).apply_async()
    # then
    answer.refresh_from_db()
    video = StageRun.objects.get(answer=answer, stage=Stage.VIDEO)
    report = AnswerReport.objects.get(answer=answer)
    assert video.status == StageStatus.FAILED
    assert "face mesh crashed" in video.error
    assert answer.analysis_status == AnalysisStatus.PARTIAL
    assert report.scores["eye_contact"] is None
    assert report.scores["fluency"] is not None
    assert report.modalities["video"]["status"] == "failed"
