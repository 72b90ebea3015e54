"""A dimension without its evidence is null with a reason, never a made-up number."""

from __future__ import annotations

import math

import pytest

from analysis_app.engine.scoring import score_features
from tests.scoring.profiles import answer, without_audio, without_face, without_video

VIDEO_DIMENSIONS = {"eye_contact", "composure", "engagement"}


def test_an_audio_only_recording_has_null_video_dimensions_with_the_reason() -> None:
    # when
    stored = score_features(without_video()).to_dict()
    # then
    assert {n for n, s in stored["scores"].items() if s is None} == VIDEO_DIMENSIONS
    assert all(stored["missing"][n] == "the recording has no video track"
               for n in VIDEO_DIMENSIONS)
    assert stored["scores"]["overall"] is not None
    assert "not scored: eye_contact, composure, engagement" in stored["notes"]["overall"]


def test_audio_only_scores_do_not_depend_on_video_features() -> None:
    # given: confidence reads eye contact only when a face was seen
    stored = score_features(without_video()).to_dict()
    # then
    assert all(row["feature"] != "eye_contact_ratio"
               for row in stored["explanations"]["confidence"])


def test_video_without_a_face_scores_eye_contact_low_with_a_note() -> None:
    # when
    stored = score_features(without_face()).to_dict()
    # then: the camera was on, so no face is no eye contact; the rest needs a face
    assert stored["scores"]["eye_contact"] == 0.0
    assert "no face was visible" in stored["notes"]["eye_contact"]
    assert stored["scores"]["composure"] is None
    assert stored["scores"]["engagement"] is None
    assert "no face was visible" in stored["missing"]["composure"]


def test_a_visible_face_whose_gaze_failed_is_null_not_zero() -> None:
    # when
    stored = score_features(answer(eye_contact_ratio=None)).to_dict()
    # then
    assert stored["scores"]["eye_contact"] is None
    assert stored["missing"]["eye_contact"] == "gaze could not be measured on the visible face"


def test_a_video_without_audio_has_no_speech_dimensions_and_no_overall() -> None:
    # when
    stored = score_features(without_audio()).to_dict()
    # then
    speech = {"confidence", "fluency", "vocal_expressiveness", "positivity", "relevance",
              "structure", "clarity"}
    assert {n for n, s in stored["scores"].items() if s is None} == {*speech, "overall"}
    assert stored["missing"]["fluency"] == "the recording has no audio track"
    assert stored["scores"]["eye_contact"] is not None


def test_silence_is_no_speech_rather_than_bad_speech() -> None:
    # when
    stored = score_features(answer(word_count=0.0, speech_rate_wpm=0.0)).to_dict()
    # then
    assert stored["scores"]["fluency"] is None
    assert stored["missing"]["fluency"] == "no speech was detected"


def test_relevance_without_a_question_is_null() -> None:
    # when
    stored = score_features(answer(relevance_similarity=None, keyword_coverage=None)).to_dict()
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
    stored = score_features(features).to_dict()
    # then: the note and the number agree
    assert stored["scores"]["eye_contact"] < 5
    assert "no face was visible" in stored["notes"]["eye_contact"]
