"""Coaches rate answers in the admin; `train_scoring_model` learns from them honestly."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from analysis_app.models import ReviewerRating, ScoringModel
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
    assert "speech_rate_wpm" in html  # a "why" of the fluency score
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
