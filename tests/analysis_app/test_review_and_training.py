"""Coaches rate answers in the admin; `train_scoring_model` learns from them honestly."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from analysis_app.engine.pipeline import ENGINE_VERSION
from analysis_app.engine.scoring import RUBRIC_VERSION, score_features
from analysis_app.engine.scoring.learned import ForestSettings
from analysis_app.engine.scoring.training import (
    ReviewedAnswer,
    TrainingConfig,
    train_dimension,
)
from analysis_app.engine.typed_json import dump
from analysis_app.models import ReviewerRating, ScoringModel
from analysis_app.scoring_models import active_scoring_models
from analysis_app.services_review import reviewed_answers, scoring_models_deactivate_stale
from tests.factories import AnswerFactory, UserFactory, analysed_answer
from tests.scoring.profiles import answer as answer_features

pytestmark = pytest.mark.django_db


def _reviewer(name: str) -> Client:
    user = UserFactory(username=name, is_staff=True)
    user.groups.add(Group.objects.get(name="reviewers"))
    client = Client()
    client.force_login(user)
    return client


def test_review_queue_lists_analysed_answers_awaiting_my_review() -> None:
    # given
    analysed = analysed_answer(answer_features())
    AnswerFactory()  # not analysed: not in the queue
    coach = _reviewer("coach")
    # when
    page = coach.get("/admin/analysis_app/answerforreview/?mine=todo")
    # then
    assert page.status_code == 200
    assert str(analysed.id) in page.content.decode()
    assert page.context["cl"].result_count == 1


def test_review_page_shows_transcript_scores_and_explanations_and_saves_ratings() -> None:
    # given
    answer = analysed_answer(answer_features(), transcript="We cut costs by a third.")
    coach = _reviewer("coach")
    url = f"/admin/analysis_app/answerforreview/{answer.id}/change/"
    # when
    page = coach.get(url)
    saved = coach.post(url, {"fluency": "72", "confidence": "64", "comment": "Clear story."})
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert "We cut costs by a third." in html
    assert f"/api/answers/{answer.id}/recording/" in html
    assert "Speaking rate: " in html  # a "why" of the fluency score, in words
    assert saved.status_code == 302
    ratings = dict(ReviewerRating.objects.filter(answer=answer).values_list("dimension", "score"))
    assert ratings == {"fluency": 72, "confidence": 64}


def test_several_reviewers_rate_the_same_answer_and_out_of_range_is_refused() -> None:
    answer = analysed_answer(answer_features())
    url = f"/admin/analysis_app/answerforreview/{answer.id}/change/"
    _reviewer("ann").post(url, {"fluency": "70"})
    _reviewer("bob").post(url, {"fluency": "80"})
    refused = _reviewer("cat").post(url, {"fluency": "140"})
    assert sorted(ReviewerRating.objects.values_list("score", flat=True)) == [70, 80]
    assert refused.status_code == 200
    assert "less than or equal to 100" in refused.content.decode()


def test_a_candidate_cannot_open_the_review_pages() -> None:
    answer = analysed_answer(answer_features())
    candidate = Client()
    candidate.force_login(answer.session.owner)
    response = candidate.get(f"/admin/analysis_app/answerforreview/{answer.id}/change/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def _rate(count: int, seed: int, *, known: bool) -> None:
    rng = np.random.default_rng(seed)
    reviewer = UserFactory()
    for _ in range(count):
        features = answer_features(
            duration_s=60.0, speech_rate_wpm=float(rng.uniform(80, 240)),
            filler_rate_per_100_words=float(rng.uniform(0, 10)),
        )
        answer = analysed_answer(features)
        if known:  # coaches who like brisk speech and hate fillers: not the rubric's view
            score = 100 - 7 * features["filler_rate_per_100_words"] - 0.2 * abs(
                features["speech_rate_wpm"] - 180) + rng.normal(0, 2)
        else:
            score = rng.uniform(0, 100)
        ReviewerRating.objects.create(answer=answer, reviewer=reviewer, dimension="fluency",
                                      score=int(np.clip(score, 0, 100)))


def test_training_on_ratings_that_follow_the_features_activates_a_model() -> None:
    # given
    _rate(60, seed=1, known=True)
    out = StringIO()
    # when
    call_command("train_scoring_model", "--dimension", "fluency", stdout=out)
    # then
    model = ScoringModel.objects.get(dimension="fluency")
    cv = model.cv_metrics["cv"]["model"]
    assert model.is_active
    assert cv["spearman_r"] > 0.8
    assert "cross-validation" in out.getvalue()
    assert "activated: fluency" in out.getvalue()


def test_training_on_random_ratings_does_not_activate() -> None:
    _rate(60, seed=2, known=False)
    out = StringIO()
    call_command("train_scoring_model", "--dimension", "fluency", stdout=out)
    assert not ScoringModel.objects.filter(is_active=True).exists()
    assert "activated: none" in out.getvalue()


def test_dry_run_stores_nothing() -> None:
    _rate(40, seed=3, known=True)
    call_command("train_scoring_model", "--dimension", "fluency", "--dry-run", stdout=StringIO())
    assert not ScoringModel.objects.exists()


def _rate_recognisable_candidates(candidates: int, per_candidate: int, seed: int) -> None:
    """Each candidate has their own pace (identifies them) and a personal rating offset that
    nothing about their answers explains."""
    rng = np.random.default_rng(seed)
    reviewer = UserFactory()
    for c in range(candidates):
        owner = UserFactory()
        offset = float(rng.uniform(10, 90))
        for _ in range(per_candidate):
            features = answer_features(
                duration_s=60.0, speech_rate_wpm=90.0 + 12 * c + float(rng.normal(0, 1)),
                filler_rate_per_100_words=float(rng.uniform(0, 10)),
            )
            answer = analysed_answer(features, question__session__owner=owner)
            ReviewerRating.objects.create(
                answer=answer, reviewer=reviewer, dimension="fluency",
                score=int(np.clip(offset + rng.normal(0, 3), 0, 100)))


def test_the_command_reports_figures_from_folds_grouped_by_candidate() -> None:
    # given: ratings only a model that recognises the person could "predict"
    _rate_recognisable_candidates(12, 6, seed=5)
    answers = reviewed_answers()
    per_answer = [ReviewedAnswer(a.features, a.ratings, candidate=str(i))
                  for i, a in enumerate(answers)]
    out = StringIO()
    # when
    call_command("train_scoring_model", "--dimension", "fluency", stdout=out)
    leaky = train_dimension("fluency", per_answer)  # what answer-shuffled folds would say
    grouped = train_dimension("fluency", answers)
    # then: the command reports the grouped figure, far under the leaky one
    stored = ScoringModel.objects.get(dimension="fluency")
    reported = stored.cv_metrics["cv"]["model"]["spearman_r"]
    assert leaky.model_cv is not None and grouped.model_cv is not None
    assert reported == pytest.approx(grouped.model_cv.spearman_r, abs=1e-4)
    assert reported < 0.3 < 0.7 < leaky.model_cv.spearman_r
    assert stored.cv_metrics["n_candidates"] == 12
    assert stored.cv_metrics["validation"] == "folds grouped by candidate"
    assert not stored.is_active
    assert "activated: none" in out.getvalue()


def test_too_few_candidates_activate_nothing_and_say_so() -> None:
    # given: 40 well-rated answers, but from 2 people
    reviewer = UserFactory()
    rng = np.random.default_rng(5)
    for owner in (UserFactory(), UserFactory()):
        for _ in range(20):
            features = answer_features(duration_s=60.0,
                                       speech_rate_wpm=float(rng.uniform(80, 240)))
            answer = analysed_answer(features, question__session__owner=owner)
            ReviewerRating.objects.create(answer=answer, reviewer=reviewer,
                                          dimension="fluency", score=int(rng.uniform(0, 100)))
    out = StringIO()
    # when
    call_command("train_scoring_model", "--dimension", "fluency", stdout=out)
    # then
    assert not ScoringModel.objects.exists()
    assert "fluency: too few candidates (2)" in out.getvalue()
    assert "nothing trained or activated" in out.getvalue()
    assert "activated: none" in out.getvalue()


def _store_model(dimension: str, *, rubric_version: str = RUBRIC_VERSION,
                 engine_version: str = ENGINE_VERSION, active: bool = True) -> ScoringModel:
    """A really trained (small) model with its real CV report, stored as the service would."""
    rng = np.random.default_rng(6)
    answers = []
    for i in range(40):
        features = answer_features(duration_s=60.0, speech_rate_wpm=float(rng.uniform(80, 240)),
                                   filler_rate_per_100_words=float(rng.uniform(0, 10)))
        rating = 100 - 7 * features["filler_rate_per_100_words"]
        answers.append(ReviewedAnswer(features, {dimension: rating}, candidate=str(i // 4)))
    config = TrainingConfig(forest=ForestSettings(n_estimators=10))
    result = train_dimension(dimension, answers, config)
    assert result.model is not None
    result.model.version = f"{dimension}@{rubric_version or 'unknown'}-{engine_version}"
    return ScoringModel.objects.create(
        dimension=dimension, version=result.model.version, model_bytes=result.model.to_bytes(),
        metadata=result.model.metadata(), cv_metrics=dump(result.record()),
        n_samples=result.n_samples, decision=result.decision, is_active=active,
        rubric_version=rubric_version, engine_version=engine_version,
    )


def _admin() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_model_from_another_rubric_or_engine_version_does_not_score_and_is_not_current(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given: one current model, one from an older rubric, one from an older engine
    current = _store_model("fluency")
    old_rubric = _store_model("confidence", rubric_version="0.9.0")
    old_engine = _store_model("clarity", engine_version="0.1.0")
    # when
    models = active_scoring_models()
    scored = dump(score_features(answer_features(), models=models).record())
    page = _admin().get("/admin/analysis_app/scoringmodel/")
    deactivated = scoring_models_deactivate_stale()
    # then
    assert set(models) == {"fluency"}
    assert scored["scorers"]["fluency"] == f"model:{current.version}"
    assert scored["scorers"]["confidence"].startswith("rubric:")
    assert scored["scorers"]["clarity"].startswith("rubric:")
    assert "rubric 0.9.0" in caplog.text and "engine 0.1.0" in caplog.text
    rows = {record.version: row for record in (current, old_rubric, old_engine)
            for row in page.content.decode().split("<tr") if record.version in row}
    assert page.context["cl"].result_count == 3
    assert 'alt="False"' not in rows[current.version]  # active and current
    assert 'alt="False"' in rows[old_rubric.version]  # active, not current
    assert 'alt="False"' in rows[old_engine.version]
    assert sorted(deactivated) == sorted([old_rubric.version, old_engine.version])
    assert list(ScoringModel.objects.filter(is_active=True)) == [current]


def test_a_starting_worker_retires_the_models_of_an_older_version(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    from celery.signals import worker_ready

    from workers.signals import deactivate_stale_models_on_start

    current = _store_model("fluency")
    old_engine = _store_model("clarity", engine_version="0.1.0")
    # when: what Celery calls once the worker is ready
    deactivate_stale_models_on_start()
    # then
    assert list(ScoringModel.objects.filter(is_active=True)) == [current]
    assert old_engine.version in caplog.text
    assert deactivate_stale_models_on_start in [
        receiver() for _, receiver in worker_ready.receivers]


def test_the_model_page_shows_its_cv_figures_next_to_the_rubrics() -> None:
    # given
    record = _store_model("fluency", engine_version="0.1.0", active=False)
    cv = record.cv_metrics["cv"]
    # when
    page = _admin().get(f"/admin/analysis_app/scoringmodel/{record.pk}/change/")
    # then
    html = page.content.decode()
    assert page.status_code == 200
    table = html[html.index('<table class="cv-comparison">'):]
    table = table[:table.index("</table>")]
    assert f"<tr><th>Spearman r</th><td>{cv['model']['spearman_r']:.3f}</td>" \
           f"<td>{cv['rubric']['spearman_r']:.3f}</td></tr>" in table
    assert f"<tr><th>MAE</th><td>{cv['model']['mae']:.2f}</td>" \
           f"<td>{cv['rubric']['mae']:.2f}</td></tr>" in table
    assert "5 folds (folds grouped by candidate), 40 answers, 10 candidates" in html
    assert "Not current: trained under engine 0.1.0" in html
    assert 'name="rubric_version"' not in html and 'name="cv_metrics"' not in html  # read-only
