"""A dimension without its evidence is null with a reason, never a made-up number."""

from __future__ import annotations

import json
import math

import pytest

from analysis_app.engine.graph import (
    Outcome,
    Stage,
    StageInputError,
    StageState,
    StageStatus,
    answer_outcome,
    crash_reason,
    failure_reason,
    modality_failures,
    timeout_reason,
)
from analysis_app.engine.merge import TEXT_FEATURE_KEYS
from analysis_app.engine.scoring import score_features
from analysis_app.engine.typed_json import dump
from tests.scoring.profiles import answer, without_audio, without_face, without_video

VIDEO_DIMENSIONS = {"eye_contact", "composure", "engagement"}


def test_an_audio_only_recording_has_null_video_dimensions_with_the_reason() -> None:
    # when
    stored = dump(score_features(without_video()).record())
    # then
    assert {n for n, s in stored["scores"].items() if s is None} == VIDEO_DIMENSIONS
    assert all(stored["missing"][n] == "the recording has no video track"
               for n in VIDEO_DIMENSIONS)
    assert stored["scores"]["overall"] is not None
    assert "not scored: eye_contact, composure, engagement" in stored["notes"]["overall"]


def test_audio_only_scores_do_not_depend_on_video_features() -> None:
    # given: confidence reads eye contact only when a face was seen
    stored = dump(score_features(without_video()).record())
    # then
    assert all(row["feature"] != "eye_contact_ratio"
               for row in stored["explanations"]["confidence"])


def test_video_without_a_face_scores_eye_contact_low_with_a_note() -> None:
    # when
    stored = dump(score_features(without_face()).record())
    # then: the camera was on, so no face is no eye contact; the rest needs a face
    assert stored["scores"]["eye_contact"] == 0.0
    assert "no face was visible" in stored["notes"]["eye_contact"]
    assert stored["scores"]["composure"] is None
    assert stored["scores"]["engagement"] is None
    assert "no face was visible" in stored["missing"]["composure"]


def test_a_visible_face_whose_gaze_failed_is_null_not_zero() -> None:
    # when
    stored = dump(score_features(answer(eye_contact_ratio=None)).record())
    # then
    assert stored["scores"]["eye_contact"] is None
    assert stored["missing"]["eye_contact"] == "gaze could not be measured on the visible face"


def test_a_video_without_audio_has_no_speech_dimensions_and_no_overall() -> None:
    # when
    stored = dump(score_features(without_audio()).record())
    # then
    speech = {"confidence", "fluency", "vocal_expressiveness", "positivity", "relevance",
              "structure", "clarity"}
    assert {n for n, s in stored["scores"].items() if s is None} == {*speech, "overall"}
    assert stored["missing"]["fluency"] == "the recording has no audio track"
    assert stored["scores"]["eye_contact"] is not None


def test_silence_is_no_speech_rather_than_bad_speech() -> None:
    # when
    stored = dump(score_features(answer(word_count=0.0, speech_rate_wpm=0.0)).record())
    # then
    assert stored["scores"]["fluency"] is None
    assert stored["missing"]["fluency"] == "no speech was detected"


def test_relevance_without_a_question_is_null() -> None:
    # when
    stored = dump(score_features(answer(relevance_similarity=None, keyword_coverage=None)).record())
    # then
    assert stored["scores"]["relevance"] is None
    assert stored["missing"]["relevance"] == "no question text to compare the answer with"


def test_an_optional_feature_that_is_missing_neither_helps_nor_hurts() -> None:
    # given: an answer whose keyword coverage is exactly at its similarity's level of goodness
    with_keywords = score_features(answer(relevance_similarity=0.6, keyword_coverage=1.0))
    without_keywords = score_features(answer(relevance_similarity=0.6, keyword_coverage=None))
    # then: both perfect; the missing feature is not counted as zero
    assert with_keywords.dimensions["relevance"].score == pytest.approx(100.0)
    assert without_keywords.dimensions["relevance"].score == pytest.approx(100.0)


def test_not_a_number_counts_as_not_measured() -> None:
    # when
    stored = score_features(answer(pitch_range_semitones=math.nan, pitch_median_hz=None))
    # then
    assert stored.dimensions["vocal_expressiveness"].score is None


def test_a_non_numeric_feature_is_a_caller_bug() -> None:
    # then
    with pytest.raises(TypeError, match="speech_rate_wpm"):
        score_features(answer(speech_rate_wpm="fast"))


def test_a_face_on_a_few_frames_is_still_no_face_for_eye_contact() -> None:
    # given: a face in 5 % of the frames, looking at the camera in those
    features = answer(face_present_ratio=0.05, eye_contact_ratio=0.9)
    # when
    stored = dump(score_features(features).record())
    # then: the note and the number agree
    assert stored["scores"]["eye_contact"] < 5
    assert "no face was visible" in stored["notes"]["eye_contact"]


# Absent or failed: the pipeline passes how its stages ended (graph.modality_failures), so a
# dimension says "no video track" only when the recording has none, and otherwise names the
# analysis that failed.

def _ended(**overrides: StageState) -> dict[Stage, StageState]:
    """Every stage finished, except the ones given."""
    return {stage: overrides.get(stage.value, StageState(StageStatus.FINISHED))
            for stage in Stage}


def _score(features: dict[str, float | None], states: dict[Stage, StageState]) -> dict:
    return dump(score_features(features, failures=modality_failures(states)).record())


def _failed(stage: Stage, error: Exception) -> StageState:
    return StageState(StageStatus.FAILED, failure_reason(stage, error))


def test_a_recording_without_a_video_track_says_so() -> None:
    # given: the video stage declined, the recording has no video track
    states = _ended(video=StageState(StageStatus.SKIPPED, "The recording has no video track."))
    # when
    stored = _score(without_video(), states)
    # then
    assert modality_failures(states) == {}
    assert {stored["missing"][n] for n in VIDEO_DIMENSIONS} == {
        "the recording has no video track"}


def test_a_video_without_a_face_says_no_face_was_visible() -> None:
    # given: the video analysis ran and found nobody in the frame
    states = _ended()
    # when
    stored = _score(without_face(), states)
    # then
    assert stored["missing"]["composure"].startswith("no face was visible in the video")
    assert stored["missing"]["engagement"].startswith("no face was visible in the video")
    assert "failed" not in stored["feedback"]["summary"]


def test_a_recording_without_speech_says_no_speech_was_detected() -> None:
    # given: the transcript is empty, so the text stage declined; prosody ran on the silence
    states = _ended(text=StageState(StageStatus.SKIPPED,
                                    "No speech was recognised in the recording."))
    features = answer(**dict.fromkeys(TEXT_FEATURE_KEYS), pitch_median_hz=None,
                      pitch_range_semitones=None)
    # when
    stored = _score(features, states)
    # then
    assert modality_failures(states) == {}
    assert stored["missing"]["fluency"] == "no speech was detected"
    assert stored["missing"]["overall"] == "no speech was detected"


def test_a_failed_video_analysis_is_not_reported_as_a_missing_video_track() -> None:
    # given: the face model crashed on a recording that has a video track
    states = _ended(video=_failed(Stage.VIDEO, RuntimeError("face mesh crashed")))
    # when
    stored = _score(without_video(), states)
    # then: the three video dimensions blame the analysis, and say why
    reason = "the video analysis failed (an internal error: RuntimeError: face mesh crashed)"
    assert {n for n, s in stored["scores"].items() if s is None} == VIDEO_DIMENSIONS
    assert {stored["missing"][n] for n in VIDEO_DIMENSIONS} == {reason}
    assert "no video track" not in json.dumps(stored)
    assert f"because {reason}." in stored["feedback"]["summary"]
    assert answer_outcome(states)[0] == Outcome.PARTIAL


def test_a_failed_transcription_skips_the_text_and_names_the_transcription() -> None:
    # given: Whisper timed out, so the text stage was skipped for want of a transcript
    states = _ended(speech=StageState(StageStatus.FAILED, timeout_reason(Stage.SPEECH)),
                    text=StageState(StageStatus.SKIPPED, "Needs the speech stage, which failed."))
    features = answer(**dict.fromkeys(TEXT_FEATURE_KEYS))
    # when
    stored = _score(features, states)
    # then: the skipped text analysis is traced back to the speech stage that failed
    reason = "the speech analysis failed (it took too long and was stopped)"
    assert modality_failures(states) == {"speech": reason, "text": reason}
    assert stored["missing"]["fluency"] == reason
    assert stored["missing"]["overall"] == reason
    assert "no speech" not in json.dumps(stored)
    assert stored["scores"]["eye_contact"] is not None
    assert answer_outcome(states)[0] == Outcome.PARTIAL


def test_a_failed_prosody_analysis_names_itself_for_the_voice() -> None:
    # given: prosody's worker died three times; the words were still analysed
    states = _ended(audio=StageState(StageStatus.FAILED, crash_reason(Stage.AUDIO, 3)))
    features = answer(**dict.fromkeys(("speech_duration_s", "pitch_median_hz",
                                       "pitch_range_semitones", "pause_count",
                                       "long_pause_count", "pause_ratio")))
    # when
    stored = _score(features, states)
    # then
    assert stored["missing"]["vocal_expressiveness"] == (
        "the audio analysis failed (it stopped unexpectedly 3 times on this recording)")
    assert stored["scores"]["fluency"] is not None


def test_a_stage_input_problem_is_quoted_in_the_reason() -> None:
    # given: the probe saw a video stream the decoder then could not read
    states = _ended(video=_failed(Stage.VIDEO, StageInputError("The recording has no video "
                                                               "track.")))
    # when
    stored = _score(without_video(), states)
    # then: still a failure of the analysis (the answer is partial), with its cause
    assert stored["missing"]["eye_contact"] == (
        "the video analysis failed (the recording has no video track)")
    assert answer_outcome(states)[0] == Outcome.PARTIAL
