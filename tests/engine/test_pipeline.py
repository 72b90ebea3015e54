"""The whole analysis in-process: the JSON contract, audio-only answers, refused files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.media import MediaError
from analysis_app.engine.merge import (
    FEATURE_KEYS,
    VIDEO_FEATURE_KEYS,
    merge_features,
    merge_timelines,
)
from analysis_app.engine.pipeline import AnalysisResult, analyze_recording
from analysis_app.engine.scoring import DIMENSIONS
from analysis_app.engine.typed_json import dump, load

pytestmark = pytest.mark.slow

QUESTION = "Tell me about a project you delivered under a tight deadline."
KEY_POINTS = ("the billing service migration", "the cost savings")
CONTRACT_KEYS = {"status", "media", "transcript", "features", "scores", "explanations",
                 "feedback", "timelines", "modalities"}


@pytest.fixture(scope="module")
def face_result(face_webm: Path, config: EngineConfig) -> AnalysisResult:
    # With key points, as a bank question has them: without, coverage is rightly null.
    return analyze_recording(face_webm, question=QUESTION, key_points=KEY_POINTS, config=config)


def test_the_json_has_every_contract_key_and_every_feature(face_result: AnalysisResult) -> None:
    # given / when
    document = json.loads(json.dumps(face_result.to_json()))

    # then
    assert CONTRACT_KEYS <= set(document)
    assert document["status"] == "completed"
    assert {"duration_s", "has_audio", "has_video"} <= set(document["media"])
    assert set(FEATURE_KEYS) <= set(document["features"])
    assert all(document["features"][key] is not None for key in FEATURE_KEYS)
    assert {"word", "start", "end", "probability"} == set(document["transcript"]["words"][0])
    assert set(document["scores"]) == {*DIMENSIONS, "overall"}, "the graph ends with scoring"
    assert all(value is not None for value in document["scores"].values())
    assert document["feedback"]["summary"]
    assert all(m["status"] == "finished" for m in document["modalities"].values())
    assert document["stages"]["scoring"] == {"status": "finished", "reason": None}


def test_analysis_leaves_no_files_behind(face_webm: Path, config: EngineConfig) -> None:
    # given
    before = sorted(face_webm.parent.iterdir())

    # when
    analyze_recording(face_webm, config=config, parallel=False)

    # then
    assert sorted(face_webm.parent.iterdir()) == before


def test_timelines_are_per_second_and_equally_long(face_result: AnalysisResult) -> None:
    # given / when
    timelines = face_result.to_json()["timelines"]

    # then
    length = len(timelines["t"])
    assert length == pytest.approx(face_result.media.duration_s, abs=1.0)
    for name in ("pace_wpm", "pitch_hz", "loudness_db", "eye_contact"):
        assert len(timelines[name]) == length
        assert any(value is not None for value in timelines[name])


def test_fillers_are_marked_on_the_transcript(face_result: AnalysisResult) -> None:
    # given / when
    markers = face_result.to_json()["markers"]

    # then
    assert len(markers["fillers"]) >= 6
    assert all(marker["end"] >= marker["start"] for marker in markers["fillers"])


def test_restarts_nods_and_facial_animation_are_in_the_json(face_result: AnalysisResult) -> None:
    # given: a fluent answer (fillers, but no restarts) from a face that does not nod
    # when
    document = json.loads(json.dumps(face_result.to_json()))

    # then
    assert document["markers"]["restarts"] == []
    assert document["features"]["restart_count"] == 0
    assert document["features"]["nod_count"] == 0
    assert 0.0 <= document["features"]["facial_animation"] < 0.2


def test_result_round_trips_through_stored_json(face_result: AnalysisResult) -> None:
    # given
    stored = json.loads(json.dumps(dump(face_result)))

    # when
    restored = load(AnalysisResult, stored)

    # then
    assert restored.to_json() == face_result.to_json()


def test_merge_features_rebuilds_the_pipeline_features_from_stage_outputs(
    face_result: AnalysisResult,
) -> None:
    # given: what the workers store, one stage at a time
    audio, language, video = face_result.audio, face_result.language, face_result.video

    # when
    merged = merge_features(face_result.media.duration_s, audio, language, video)
    timelines = merge_timelines(face_result.media.duration_s, audio, language, video)

    # then
    assert merged == face_result.features
    assert timelines == face_result.timelines


@pytest.mark.parametrize("suffix", [".ogg", ".mp3"])
def test_audio_only_answers_have_null_video_features(
    audio_only_files: dict[str, Path], suffix: str, config: EngineConfig
) -> None:
    # given
    path = audio_only_files[suffix]

    # when
    document = analyze_recording(path, config=config).to_json()

    # then
    assert document["status"] == "completed"
    assert document["media"]["has_video"] is False
    assert document["modalities"]["video"]["status"] == "skipped"
    assert document["modalities"]["video"]["reason"]
    assert all(document["features"][key] is None for key in VIDEO_FEATURE_KEYS)
    assert document["features"]["word_count"] > 30
    assert document["timelines"]["eye_contact"] == [None] * len(document["timelines"]["t"])


@pytest.mark.parametrize(("kind", "message"), [
    ("empty", "empty"),
    ("garbage", "not a readable"),
    ("truncated", "truncated"),
])
def test_bad_files_are_refused_with_a_clear_reason(
    bad_files: dict[str, Path], kind: str, message: str, config: EngineConfig
) -> None:
    # given
    path = bad_files[kind]

    # when / then
    with pytest.raises(MediaError, match=message) as refusal:
        analyze_recording(path, config=config)
    assert "\n" not in str(refusal.value)


def test_progress_is_reported_from_start_to_end(wer_wav: Path, config: EngineConfig) -> None:
    # given
    reports: list[tuple[str, float]] = []

    # when
    analyze_recording(wer_wav, config=config, progress=lambda s, f: reports.append((s, f)))

    # then
    fractions = [fraction for _, fraction in reports]
    assert fractions == sorted(fractions)
    assert reports[0] == ("media", 0.0) and fractions[-1] == 1.0


def test_a_fresh_process_prepares_the_pitch_tracker_and_the_text_models_before_they_are_needed(
) -> None:
    # given: a fresh interpreter, where nothing is imported or compiled yet
    script = (
        "import sys\n"
        "from analysis_app.engine import model_registry, pipeline\n"
        "from analysis_app.engine.config import EngineConfig\n"
        "import librosa.sequence\n"
        "assert not librosa.sequence._viterbi.signatures\n"
        "pipeline._prefetch_models(EngineConfig())\n"
        "print(bool(librosa.sequence._viterbi.signatures), 'scipy.stats' in sys.modules,\n"
        "      sorted({key[0] for key in model_registry._models}))\n"
    )

    # when: the in-process analysis's background preparation runs
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[2])

    # then: pYIN's Viterbi decoder is compiled, its imports are done, and the embedder is held
    compiled, imported, held = done.stdout.strip().splitlines()[-1].split(" ", 2)
    assert (compiled, imported) == ("True", "True")
    assert "embedder" in held
