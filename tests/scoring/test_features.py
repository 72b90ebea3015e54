"""From the engine's feature dict to the rates and names the rubric reads."""

from __future__ import annotations

import pytest

from analysis_app.engine.scoring import score_features
from analysis_app.engine.scoring.features import derive_features
from tests.scoring.profiles import answer


def test_counts_become_rates_when_the_engine_gives_only_counts() -> None:
    # given
    features = answer(word_count=120.0, duration_s=120.0, hedge_count=6.0, long_pause_count=4.0,
                      filler_rate_per_100_words=None, filler_count=3.0)
    # when
    values = derive_features(features)
    # then
    assert values["hedge_rate_per_100_words"] == pytest.approx(5.0)
    assert values["filler_rate_per_100_words"] == pytest.approx(2.5)
    assert values["long_pauses_per_min"] == pytest.approx(2.0)
    assert values["answer_length_words"] == 120.0


def test_a_rate_from_the_engine_is_kept_as_it_is() -> None:
    # when
    values = derive_features(answer(hedge_count=6.0, hedge_rate_per_100_words=1.25))
    # then
    assert values["hedge_rate_per_100_words"] == 1.25


def test_other_spellings_of_a_measure_are_read_too() -> None:
    # given: a flat delivery, spelled as in the early feature contract and as the engine does
    early = answer(loudness_db_std=1.0, pitch_std_semitones=0.5)
    engine = answer(loudness_std_db=1.0, pitch_std_semitones=0.5)
    # when
    scores = [score_features(f).dimensions["vocal_expressiveness"] for f in (early, engine)]
    # then
    assert scores[0].score == scores[1].score
    assert "loudness_std_db" in {c.feature for c in scores[0].contributions}


def test_labels_the_rubric_does_not_read_are_ignored() -> None:
    # when
    result = score_features(answer(language="en", has_video=True))
    # then
    assert result.overall.score is not None
