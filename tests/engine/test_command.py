"""`manage.py analyze_recording`: the JSON contract on stdout, one clear line for bad files."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from analysis_app.engine.graph import GRAPH, Stage
from analysis_app.engine.merge import FEATURE_KEYS
from analysis_app.engine.scoring import DIMENSIONS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "interview_project.settings.test",
           "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "manage.py", "analyze_recording", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300, check=False)


def test_json_to_stdout_holds_the_contract(audio_only_files: dict[str, Path]) -> None:
    # given
    out, err = StringIO(), StringIO()

    # when
    call_command("analyze_recording", str(audio_only_files[".ogg"]), "--json", "-",
                 "--question", "Tell me about your last project.", "--rubric-only",
                 stdout=out, stderr=err)

    # then
    document = json.loads(out.getvalue())
    assert document["status"] == "completed"
    assert set(FEATURE_KEYS) <= set(document["features"])
    assert document["features"]["face_present_ratio"] is None
    assert document["modalities"]["video"]["status"] == "skipped"
    assert set(document["scores"]) == {*DIMENSIONS, "overall"}
    assert document["scores"]["eye_contact"] is None
    assert "video" in document["missing"]["eye_contact"]
    assert document["scores"]["fluency"] is not None
    fluency = document["explanations"]["fluency"]
    assert {"feature", "value", "contribution"} <= set(fluency[0])
    assert document["feedback"]["summary"]


def test_a_question_without_key_points_borrows_the_bank_questions(
    audio_only_files: dict[str, Path],
) -> None:
    # given
    out = StringIO()
    # when
    call_command("analyze_recording", str(audio_only_files[".ogg"]), "--json", "-",
                 "--question", "How do you pick which features go into a model?",
                 "--rubric-only", "--no-progress", stdout=out, stderr=StringIO())
    # then
    document = json.loads(out.getvalue())
    lender = "data_scientist.role.medium.choose-features-model"
    assert document["key_points"]["origin"] == f"bank:{lender}"
    assert document["features"]["key_points_total"] == len(document["key_points"]["points"]) > 0


def test_without_json_a_readable_report_is_printed(audio_only_files: dict[str, Path]) -> None:
    # given
    out = StringIO()

    # when
    call_command("analyze_recording", str(audio_only_files[".mp3"]), "--no-progress",
                 "--rubric-only", stdout=out)

    # then
    report = out.getvalue()
    assert "Transcript:" in report and "speaking rate" in report
    assert "video skipped" in report
    assert "Scores (0-100):" in report and "eye contact" in report


def test_the_status_is_partial_when_a_modality_failed(
    face_webm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the face mesh crashes on this recording (the same graph the workers run)
    def crash(inputs: object) -> None:
        raise RuntimeError("face mesh crashed")

    monkeypatch.setitem(GRAPH, Stage.VIDEO, dataclasses.replace(GRAPH[Stage.VIDEO], run=crash))
    out = StringIO()

    # when
    call_command("analyze_recording", str(face_webm), "--json", "-", "--no-progress",
                 "--rubric-only", stdout=out)

    # then: the same status and reason an integrator reads from the API
    document = json.loads(out.getvalue())
    assert document["status"] == "partial"
    assert document["error"] == "video: The video analysis failed: RuntimeError: face mesh crashed"
    assert document["modalities"]["video"]["status"] == "failed"
    assert document["scores"]["eye_contact"] is None
    assert document["scores"]["fluency"] is not None
    # and: the same missing reasons the workers store: the analysis failed, the video is there
    reason = "the video analysis failed (an internal error: RuntimeError: face mesh crashed)"
    assert {document["missing"][name] for name in ("eye_contact", "composure",
                                                   "engagement")} == {reason}
    assert "no video track" not in json.dumps(document["missing"])


def test_a_bad_file_raises_a_command_error(bad_files: dict[str, Path]) -> None:
    # given / when / then
    with pytest.raises(CommandError, match="empty"):
        call_command("analyze_recording", str(bad_files["empty"]), stdout=StringIO())


def test_the_real_command_prints_json_and_a_progress_bar(
    face_webm: Path, tmp_path: Path
) -> None:
    # given
    target = tmp_path / "result.json"

    # when
    done = manage(str(face_webm), "--json", str(target))

    # then
    assert done.returncode == 0, done.stderr
    assert "100%" in done.stderr
    assert "W0000" not in done.stderr  # MediaPipe's native log lines are kept off the terminal
    document = json.loads(target.read_text())
    assert document["features"]["face_present_ratio"] > 0.9
    assert document["scores"]["eye_contact"] > 50


@pytest.mark.parametrize("kind", ["empty", "garbage", "truncated"])
def test_the_real_command_refuses_bad_files_in_one_line(
    bad_files: dict[str, Path], kind: str
) -> None:
    # given / when
    done = manage(str(bad_files[kind]), "--json", "-", "--no-progress")

    # then
    assert done.returncode != 0
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
