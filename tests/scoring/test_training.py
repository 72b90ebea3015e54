"""Learned models: honest cross-validation (folds grouped by candidate), activation only when
they beat the rubric, exact TreeSHAP explanations, and a byte form that round-trips."""

from __future__ import annotations

import io
import json

import joblib
import numpy as np
import pytest
from scipy.stats import spearmanr
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import GroupKFold, cross_val_predict

from analysis_app.engine.scoring import score_features
from analysis_app.engine.scoring.learned import LearnedModel, ModelCompatibilityError
from analysis_app.engine.scoring.training import (
    ReviewedAnswer,
    TrainingConfig,
    TrainingReport,
    candidate_folds,
    train_dimension,
    train_scoring_models,
)
from analysis_app.engine.typed_json import dump
from tests.scoring.profiles import answer, without_audio

#: The fluency rules' features the answers measure (restarts: the engine's restart_count).
FLUENCY_FEATURES = ("speech_rate_wpm", "filler_rate_per_100_words", "long_pauses_per_min",
                    "restarts_per_100_words")


def _features(rng: np.random.Generator) -> dict[str, float | None]:
    return answer(
        duration_s=60.0,
        speech_rate_wpm=float(rng.uniform(80, 240)),
        filler_rate_per_100_words=float(rng.uniform(0, 10)),
        long_pause_count=float(rng.integers(0, 8)),
        hedge_count=float(rng.integers(0, 10)),
        eye_contact_ratio=float(rng.uniform(0.1, 0.95)),
    )


def _known_fluency(features: dict[str, float | None], noise: float) -> float:
    """Reviewers who like brisk speech (180 wpm) and hate fillers: not the rubric's view."""
    rating = (100 - 7 * features["filler_rate_per_100_words"]  # type: ignore[operator]
              - 0.2 * abs(features["speech_rate_wpm"] - 180) + noise)  # type: ignore[operator]
    return float(np.clip(rating, 0, 100))


def _reviewed(count: int, seed: int, per_candidate: int = 5) -> list[ReviewedAnswer]:
    rng = np.random.default_rng(seed)
    answers = []
    for i in range(count):
        features = _features(rng)
        answers.append(ReviewedAnswer(features, {
            "fluency": _known_fluency(features, float(rng.normal(0, 2))),
            "confidence": float(rng.uniform(0, 100)),
        }, candidate=f"candidate-{i // per_candidate}"))
    return answers


@pytest.fixture(scope="module")
def reviewed() -> list[ReviewedAnswer]:
    return _reviewed(150, seed=1)


@pytest.fixture(scope="module")
def report(reviewed: list[ReviewedAnswer]) -> TrainingReport:
    return train_scoring_models(reviewed, dimensions=["fluency", "confidence"])


def test_ratings_that_follow_the_features_are_learnt_and_activated(report: TrainingReport) -> None:
    # when
    fluency = report.results["fluency"]
    # then
    assert fluency.model_cv is not None and fluency.rubric_cv is not None
    assert fluency.model_cv.spearman_r > 0.8
    assert fluency.model_cv.spearman_r > fluency.rubric_cv.spearman_r
    assert fluency.model_cv.mae < fluency.rubric_cv.mae
    assert fluency.activate
    assert fluency.model is not None and fluency.model.feature_names == FLUENCY_FEATURES


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_random_ratings_do_not_activate_a_model(seed: int) -> None:
    # given: reviewers' ratings with no relation to the answers
    answers = _reviewed(120, seed=seed)
    # when
    confidence = train_dimension("confidence", answers)
    # then
    assert confidence.model_cv is not None
    assert confidence.model_cv.spearman_r < 0.3
    assert not confidence.activate
    assert confidence.model is not None, "stored for the record even when not activated"


def test_the_report_holds_cross_validated_numbers_only(
    report: TrainingReport, reviewed: list[ReviewedAnswer]
) -> None:
    # given: an independent out-of-fold computation with scikit-learn's own helper
    fluency = report.results["fluency"]
    config = TrainingConfig()
    x = np.array([[row.features["speech_rate_wpm"], row.features["filler_rate_per_100_words"],
                   row.features["long_pause_count"]] for row in reviewed], dtype=float)
    y = np.array([row.ratings["fluency"] for row in reviewed])
    forest = RandomForestRegressor(
        n_estimators=config.forest.n_estimators, min_samples_leaf=config.forest.min_samples_leaf,
        max_depth=config.forest.max_depth, random_state=config.forest.seed, n_jobs=1)
    groups = [row.candidate for row in reviewed]
    out_of_fold = cross_val_predict(
        forest, x, y, groups=groups,
        cv=GroupKFold(config.folds, shuffle=True, random_state=config.forest.seed))
    in_sample = fluency.model.predict([r.features | {"long_pauses_per_min": r.features[
        "long_pause_count"]} for r in reviewed])  # type: ignore[union-attr]
    # when
    stored = json.loads(json.dumps(dump(report.record())))
    text = report.to_text()
    # then: the reported r is the out-of-fold one, not the (higher) in-sample one
    reported = stored["dimensions"]["fluency"]["cv"]["model"]
    assert reported["spearman_r"] == pytest.approx(spearmanr(out_of_fold, y).statistic, abs=1e-3)
    assert reported["mae"] == pytest.approx(np.mean(np.abs(out_of_fold - y)), abs=1e-2)
    assert np.mean(np.abs(in_sample - y)) < reported["mae"]
    assert len(reported["fold_spearman_r"]) == config.folds
    metric_paths = [path for path in _paths(stored) if path[-1] in {"spearman_r", "mae"}]
    assert metric_paths, "the report has metrics"
    assert all("cv" in path for path in metric_paths), metric_paths
    assert "5-fold cross-validation" in text and "out-of-fold" in text
    assert "grouped by candidate" in text
    assert stored["dimensions"]["fluency"]["n_candidates"] == 30
    assert "ACTIVATE" in text and "keep rubric" in text


def test_too_few_reviewed_answers_train_nothing() -> None:
    # when
    result = train_dimension("fluency", _reviewed(12, seed=5))
    # then
    assert not result.activate
    assert result.model is None
    assert result.decision == "12 reviewed answers; at least 30 are needed"


def test_unrated_answers_and_answers_without_the_evidence_are_left_out() -> None:
    # given: 40 rated answers, 10 unrated, 10 without audio
    answers = _reviewed(40, seed=6)
    answers += [ReviewedAnswer(answer(), {"fluency": None}, "x") for _ in range(10)]
    answers += [ReviewedAnswer(without_audio(), {"fluency": 50.0}, "y") for _ in range(10)]
    # when
    result = train_dimension("fluency", answers)
    # then
    assert result.n_samples == 40


def test_folds_never_put_one_candidates_answers_in_both_train_and_test() -> None:
    # given: 7 candidates with 1 to 13 answers each, in shuffled order
    rng = np.random.default_rng(8)
    candidates = np.array([f"c{i}" for i in range(7) for _ in range(1 + 2 * i)])
    rng.shuffle(candidates)
    # when
    splits = candidate_folds(list(candidates), folds=5, seed=0)
    # then
    assert len(splits) == 5
    for train, test in splits:
        assert set(candidates[train]).isdisjoint(candidates[test])
        assert sorted([*train, *test]) == list(range(len(candidates)))
    tested = np.sort(np.concatenate([test for _, test in splits]))
    assert list(tested) == list(range(len(candidates))), "every answer is tested exactly once"


def _recognisable_candidates(
    candidates: int, per_candidate: int, seed: int
) -> list[ReviewedAnswer]:
    """Each candidate speaks at their own pace (identifies them) and gets a personal rating
    offset that nothing about the answers explains: only recognising the person predicts it."""
    rng = np.random.default_rng(seed)
    answers = []
    for c in range(candidates):
        offset = float(rng.uniform(10, 90))
        for _ in range(per_candidate):
            features = _features(rng) | {"speech_rate_wpm": 90.0 + 12 * c + rng.normal(0, 1)}
            answers.append(ReviewedAnswer(
                features, {"fluency": float(np.clip(offset + rng.normal(0, 3), 0, 100))},
                candidate=f"candidate-{c}"))
    return answers


def test_answer_shuffled_folds_flatter_a_model_that_recognises_candidates() -> None:
    # given
    grouped = _recognisable_candidates(12, 6, seed=9)
    per_answer = [ReviewedAnswer(a.features, a.ratings, candidate=f"answer-{i}")
                  for i, a in enumerate(grouped)]  # one "candidate" per answer: KFold
    # when
    leaky = train_dimension("fluency", per_answer)
    honest = train_dimension("fluency", grouped)
    # then: recognising a person is not predicting a new one's rating
    assert leaky.model_cv is not None and honest.model_cv is not None
    assert leaky.model_cv.spearman_r > 0.7
    assert honest.model_cv.spearman_r < 0.3
    assert not honest.activate
    assert honest.n_candidates == 12 and honest.folds == 5


def test_too_few_candidates_train_nothing_whatever_the_number_of_answers() -> None:
    # given: 60 rated answers from 2 people
    answers = _reviewed(60, seed=10, per_candidate=30)
    # when
    result = train_dimension("fluency", answers)
    # then
    assert result.model is None and result.model_cv is None and not result.activate
    assert result.n_candidates == 2
    assert result.decision.startswith("2 candidate(s) rated; at least 3 are needed")


def test_folds_are_capped_by_the_number_of_candidates() -> None:
    # given: 40 answers from 4 candidates, 5 folds asked for
    answers = _reviewed(40, seed=11, per_candidate=10)
    # when
    result = train_dimension("fluency", answers, TrainingConfig(folds=5))
    # then
    assert result.folds == 4
    assert result.model_cv is not None and len(result.model_cv.fold_mae) == 4


def test_tree_shap_explains_every_prediction_exactly(report: TrainingReport) -> None:
    # given
    model = report.results["fluency"].model
    assert model is not None
    rng = np.random.default_rng(7)
    # when
    explained = [model.explain(_features(rng) | {"long_pauses_per_min": 2.0}) for _ in range(30)]
    # then
    for e in explained:
        assert e.prediction == pytest.approx(
            e.baseline + sum(c.contribution for c in e.contributions), abs=0.01)
        assert 0 <= e.prediction <= 100


def test_an_active_model_scores_and_explains_through_score_features(
    report: TrainingReport,
) -> None:
    # given
    model = report.results["fluency"].model
    assert model is not None
    clean = answer(filler_rate_per_100_words=0.5, speech_rate_wpm=180.0)
    filled = answer(filler_rate_per_100_words=9.0, speech_rate_wpm=180.0)
    # when
    good = score_features(clean, models={"fluency": model})
    bad = dump(score_features(filled, models={"fluency": model}).record())
    # then
    stored = dump(good.record())
    assert json.loads(json.dumps(stored)) == stored
    assert stored["scorers"]["fluency"] == f"model:{model.version}"
    assert stored["scorers"]["clarity"].startswith("rubric:")
    for result in (stored, bad):
        for name, score in result["scores"].items():
            if score is not None:
                total = result["baselines"][name] + sum(
                    row["contribution"] for row in result["explanations"][name])
                assert abs(score - total) <= 0.01, name
    assert stored["scores"]["fluency"] - bad["scores"]["fluency"] > 30
    worst = min(bad["explanations"]["fluency"], key=lambda row: row["contribution"])
    assert worst["feature"] == "filler_rate_per_100_words"


def test_a_model_never_scores_missing_evidence(report: TrainingReport) -> None:
    # given
    model = report.results["fluency"].model
    # when
    stored = dump(score_features(without_audio(), models={"fluency": model}).record())  # type: ignore[dict-item]
    # then
    assert stored["scores"]["fluency"] is None
    assert stored["missing"]["fluency"] == "the recording has no audio track"


def test_a_model_round_trips_through_bytes_with_its_metrics(report: TrainingReport) -> None:
    # given
    model = report.results["fluency"].model
    assert model is not None
    rows = [_features(np.random.default_rng(seed)) | {"long_pauses_per_min": 1.0}
            for seed in range(5)]
    # when
    loaded = LearnedModel.from_bytes(model.to_bytes())
    # then
    assert np.allclose(loaded.predict(rows), model.predict(rows))
    assert loaded.metadata() == model.metadata()
    assert loaded.metrics["validation"] == "5-fold cross-validation, folds grouped by candidate"
    assert loaded.metrics["model"]["spearman_r"] > 0.8
    assert json.loads(json.dumps(loaded.metadata())) == loaded.metadata()


def test_a_model_from_another_scikit_learn_release_is_refused(report: TrainingReport) -> None:
    # given
    model = report.results["fluency"].model
    assert model is not None
    payload = joblib.load(io.BytesIO(model.to_bytes()))
    payload["meta"]["library_versions"]["scikit-learn"] = "0.0.1"
    buffer = io.BytesIO()
    joblib.dump(payload, buffer)
    # then
    with pytest.raises(ModelCompatibilityError, match=r"scikit-learn 0\.0\.1"):
        LearnedModel.from_bytes(buffer.getvalue())
    with pytest.raises(ModelCompatibilityError, match="known format"):
        LearnedModel.from_bytes(_joblib_bytes({"something": "else"}))


def _paths(tree: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every key path in a JSON tree, so a test can say where metrics may appear."""
    if not isinstance(tree, dict):
        return []
    paths = []
    for key, value in tree.items():
        paths.append((*prefix, key))
        paths.extend(_paths(value, (*prefix, key)))
    return paths


def _joblib_bytes(value: object) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(value, buffer)
    return buffer.getvalue()
