"""SHAP additivity: baseline + contributions == score, for every dimension and the overall."""

from __future__ import annotations

import numpy as np
import pytest

from analysis_app.engine.scoring import DIMENSIONS, OVERALL, score_features
from analysis_app.engine.typed_json import dump
from tests.scoring.profiles import answer, random_answer, without_face, without_video

TOLERANCE = 0.01
RANDOM_ANSWERS = [random_answer(np.random.default_rng(seed)) for seed in range(150)]


@pytest.mark.parametrize("features", RANDOM_ANSWERS)
def test_explanations_add_up_to_every_score(features: dict[str, float | None]) -> None:
    # when
    result = score_features(features)
    # then: exact before rounding, and still within 0.01 in the stored JSON
    for name, dimension in result.all_scores().items():
        if dimension.score is None:
            continue
        total = dimension.baseline + sum(c.contribution for c in dimension.contributions)
        assert dimension.score == pytest.approx(total, abs=1e-9), name
    stored = dump(result.record())
    for name, score in stored["scores"].items():
        if score is None:
            assert stored["explanations"][name] == []
            continue
        rows = stored["explanations"][name]
        total = stored["baselines"][name] + sum(row["contribution"] for row in rows)
        assert abs(score - total) <= TOLERANCE, name
        assert 0.0 <= score <= 100.0


@pytest.mark.parametrize("features", [answer(), without_video(), without_face()],
                         ids=["full", "audio only", "no face"])
def test_every_scored_dimension_is_explained_by_named_features(
    features: dict[str, float | None],
) -> None:
    # when
    stored = dump(score_features(features).record())
    # then
    assert set(stored["scores"]) == {*DIMENSIONS, OVERALL}
    for name, score in stored["scores"].items():
        if score is not None:
            rows = stored["explanations"][name]
            assert rows, name
            assert all(set(row) == {"feature", "value", "contribution"} for row in rows)


def test_the_overall_explanation_is_the_weighted_sum_of_the_dimensions() -> None:
    # given
    result = score_features(answer(filler_rate_per_100_words=8.0, speech_rate_wpm=100.0))
    scored = {n: d for n, d in result.dimensions.items() if d.score is not None}
    # when
    fillers = next(c for c in result.overall.contributions
                   if c.feature == "filler_rate_per_100_words")
    # then: fillers count in fluency and confidence, and only there
    using = [n for n, d in scored.items()
             if any(c.feature == "filler_rate_per_100_words" for c in d.contributions)]
    assert sorted(using) == ["confidence", "fluency"]
    assert fillers.contribution < 0
    assert result.overall.score == pytest.approx(
        result.overall.baseline + sum(c.contribution for c in result.overall.contributions)
    )


def test_explanations_list_the_largest_contributions_first() -> None:
    # when
    rows = dump(score_features(answer(speech_rate_wpm=250.0)).record())["explanations"]["fluency"]
    # then
    sizes = [abs(row["contribution"]) for row in rows]
    assert sizes == sorted(sizes, reverse=True)
    assert rows[0]["feature"] == "speech_rate_wpm"
