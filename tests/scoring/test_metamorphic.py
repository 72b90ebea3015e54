"""Metamorphic relations: change one thing about an answer, the right score moves the right way
and its explanation names the feature that moved."""

from __future__ import annotations

import pytest

from analysis_app.engine.scoring import ScoreResult, score_features
from tests.scoring.profiles import answer, with_fillers, without_face


def _score(result: ScoreResult, dimension: str) -> float:
    score = result.dimensions[dimension].score
    assert score is not None, result.dimensions[dimension].missing_reason
    return score


def _moved_most(before: ScoreResult, after: ScoreResult, dimension: str) -> str:
    """The feature whose contribution changed most between two explanations."""
    old = {c.feature: c.contribution for c in before.dimensions[dimension].contributions}
    new = {c.feature: c.contribution for c in after.dimensions[dimension].contributions}
    return max(old.keys() | new.keys(), key=lambda f: abs(new.get(f, 0) - old.get(f, 0)))


def test_fluency_peaks_near_150_wpm_and_is_clearly_lower_at_90_and_260() -> None:
    # given
    rates = range(60, 301, 10)
    # when
    fluency = {wpm: _score(score_features(answer(speech_rate_wpm=float(wpm))), "fluency")
               for wpm in rates}
    # then
    assert 140 <= max(fluency, key=lambda wpm: fluency[wpm]) <= 160
    assert fluency[150] - fluency[90] >= 15
    assert fluency[150] - fluency[260] >= 15


def test_fluency_is_higher_without_fillers_and_the_explanation_says_why() -> None:
    # given
    clean, filled = score_features(with_fillers(0)), score_features(with_fillers(14))
    # then
    assert _score(clean, "fluency") - _score(filled, "fluency") >= 10
    assert _moved_most(clean, filled, "fluency") == "filler_rate_per_100_words"
    assert _score(clean, "relevance") == _score(filled, "relevance")


def test_fluency_is_higher_without_long_pauses() -> None:
    # given
    smooth = score_features(answer(long_pause_count=0.0))
    halting = score_features(answer(long_pause_count=9.0))
    # then
    assert _score(smooth, "fluency") - _score(halting, "fluency") >= 10
    assert _moved_most(smooth, halting, "fluency") == "long_pauses_per_min"


@pytest.mark.parametrize("coverage", [(0.6, 0.0), (None, None)], ids=["key points", "none"])
def test_on_topic_relevance_beats_off_topic_by_15_points(
    coverage: tuple[float | None, float | None],
) -> None:
    # given: the least similar on-topic answer and the most similar off-topic one measured
    # with the engine's MiniLM embeddings (0.21 and 0.09), with and without key points
    on_topic = score_features(answer(relevance_similarity=0.21, keyword_coverage=coverage[0]))
    off_topic = score_features(answer(relevance_similarity=0.09, keyword_coverage=coverage[1]))
    # then
    assert _score(on_topic, "relevance") - _score(off_topic, "relevance") >= 15
    assert _moved_most(on_topic, off_topic, "relevance") == "relevance_similarity"


@pytest.mark.parametrize("rambling_words", [200.0, 550.0])
def test_a_star_answer_beats_rambling_on_structure(rambling_words: float) -> None:
    # given
    star = score_features(answer(star_components=4.0, word_count=220.0))
    rambling = score_features(answer(star_components=1.0, word_count=rambling_words))
    # then
    assert _score(star, "structure") - _score(rambling, "structure") >= 20
    assert _moved_most(star, rambling, "structure") == "star_components"


def test_alternating_pitch_beats_monotone_on_vocal_expressiveness() -> None:
    # given
    lively = score_features(answer(pitch_range_semitones=14.0, pitch_std_semitones=4.0))
    monotone = score_features(answer(pitch_range_semitones=2.0, pitch_std_semitones=0.5))
    # then
    assert _score(lively, "vocal_expressiveness") - _score(monotone, "vocal_expressiveness") >= 30
    assert _moved_most(lively, monotone, "vocal_expressiveness") == "pitch_range_semitones"


def test_a_face_beats_no_face_on_eye_contact_by_30_points() -> None:
    # given
    face = score_features(answer(face_present_ratio=0.95, eye_contact_ratio=0.8))
    no_face = score_features(without_face())
    # then
    assert _score(face, "eye_contact") - _score(no_face, "eye_contact") >= 30
    assert _moved_most(face, no_face, "eye_contact") == "eye_contact_ratio"


def test_more_eye_contact_scores_higher() -> None:
    # when
    scores = [_score(score_features(answer(eye_contact_ratio=r)), "eye_contact")
              for r in (0.1, 0.3, 0.5, 0.7)]
    # then
    assert scores == sorted(scores)
    assert scores[-1] - scores[0] >= 30


def test_hedging_lowers_confidence() -> None:
    # given
    direct = score_features(answer(hedge_count=0.0))
    hedging = score_features(answer(hedge_count=10.0))
    # then
    assert _score(direct, "confidence") - _score(hedging, "confidence") >= 10
    assert _moved_most(direct, hedging, "confidence") == "hedge_rate_per_100_words"


def test_a_restless_head_and_rapid_blinking_lower_composure() -> None:
    # given
    calm = score_features(answer(head_yaw_std_deg=3.0, blink_rate_per_min=18.0))
    restless = score_features(answer(head_yaw_std_deg=22.0, blink_rate_per_min=55.0))
    # then
    assert _score(calm, "composure") - _score(restless, "composure") >= 20


def test_smiling_raises_engagement_and_positivity() -> None:
    # given
    smiling = score_features(answer(smile_ratio=0.4))
    straight = score_features(answer(smile_ratio=0.0))
    # then
    assert _score(smiling, "engagement") > _score(straight, "engagement")
    assert _score(smiling, "positivity") > _score(straight, "positivity")


def test_negative_wording_lowers_positivity() -> None:
    # then
    assert (_score(score_features(answer(sentiment=0.5)), "positivity")
            - _score(score_features(answer(sentiment=-0.5)), "positivity")) >= 30
