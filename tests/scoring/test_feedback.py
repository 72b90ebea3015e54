"""Built-in feedback names the candidate's own numbers and one concrete action."""

from __future__ import annotations

from analysis_app.engine.scoring import score_features
from analysis_app.engine.typed_json import dump
from tests.scoring.profiles import answer, with_fillers, without_face, without_video


def test_fillers_are_reported_with_count_rate_target_and_advice() -> None:
    # given: 9 fillers in 130 words
    features = with_fillers(9, word_count=130.0)
    # when
    feedback = score_features(features).feedback
    # then
    advice = next(text for text in feedback.improvements if "fillers" in text)
    assert "9 times" in advice
    assert "6.9 per 100 words" in advice
    assert "under 3" in advice
    assert "pause silently" in advice


def test_a_rushed_answer_is_told_its_pace_and_the_range_to_aim_for() -> None:
    # when
    feedback = score_features(answer(speech_rate_wpm=215.0)).feedback
    # then
    assert any("215 words per minute" in text and "140-160" in text
               for text in feedback.improvements)


def test_improvements_come_biggest_gain_first() -> None:
    # given: off topic is worth far more overall points than a slightly slow pace
    features = answer(relevance_similarity=0.05, keyword_coverage=0.0, speech_rate_wpm=132.0)
    # when
    feedback = score_features(features).feedback
    # then
    assert "match with the question's topic was 5%" in feedback.improvements[0]
    assert "Biggest gain available: relevance to the question" in feedback.summary


def test_strengths_are_on_target_features_with_their_values() -> None:
    # when
    feedback = score_features(answer(star_components=4.0, eye_contact_ratio=0.85)).feedback
    # then
    assert feedback.strengths
    assert any("STAR structure: 4 of 4 parts" in text for text in feedback.strengths)


def test_an_on_target_answer_gets_no_invented_improvements() -> None:
    # given: every feature on target
    features = answer(relevance_similarity=0.6, keyword_coverage=0.8, star_components=4.0,
                      sentiment=0.5, eye_contact_ratio=0.8, filler_rate_per_100_words=0.5)
    # when
    feedback = score_features(features).feedback
    # then
    assert feedback.improvements == ()
    assert feedback.summary.startswith("Overall ")


def test_the_summary_says_which_dimensions_were_not_scored_and_why() -> None:
    # when
    feedback = score_features(without_video()).feedback
    # then
    assert ("Not scored: eye contact, composure, engagement, because the recording has no "
            "video track.") in feedback.summary


def test_no_face_is_one_piece_of_advice_not_two() -> None:
    # when
    feedback = score_features(without_face()).feedback
    # then
    face_advice = [text for text in feedback.improvements if "face" in text.lower()]
    assert len(face_advice) == 1
    assert "sit centred in front of the camera" in face_advice[0]


def test_feedback_is_serialised_with_its_source() -> None:
    # when
    stored = dump(score_features(answer()).record())["feedback"]
    # then
    assert set(stored) == {"summary", "strengths", "improvements", "source"}
    assert stored["source"] == "built-in"


def test_restarts_nods_and_a_still_face_get_advice_with_their_numbers() -> None:
    # given: an otherwise solid answer with 8 restarts in 200 words, no nod in 90 s and a
    # still face (the counts and score the engine emits)
    features = answer(restart_count=8.0, nod_count=0.0, facial_animation=0.05,
                      relevance_similarity=0.6, keyword_coverage=0.8, star_components=4.0)

    # when
    improvements = score_features(features).feedback.improvements

    # then
    restarts = next(text for text in improvements if "restarted" in text)
    assert "8 times, 4.0 per 100 words" in restarts and "under 1" in restarts
    nods = next(text for text in improvements if "nod" in text)
    assert "did not nod" in nods and "2-8 a minute" in nods
    face = next(text for text in improvements if "animation" in text)
    assert "stayed still (facial animation 5%)" in face and "at least 40%" in face
