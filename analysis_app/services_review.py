"""Writes for coaches' reviews and for the learned scoring models trained on them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Avg

from analysis_app.engine.scoring import (
    DIMENSIONS,
    ReviewedAnswer,
    TrainingConfig,
    TrainingReport,
    train_scoring_models,
)
from analysis_app.models import AnswerReport, ReviewComment, ReviewerRating, ScoringModel
from sessions_app.models import Answer


def review_submit(
    *, answer: Answer, reviewer: AbstractBaseUser, ratings: Mapping[str, int | None],
    comment: str = "",
) -> list[ReviewerRating]:
    """Save one reviewer's ratings: a blank dimension withdraws that reviewer's rating."""
    saved = []
    with transaction.atomic():
        for dimension in DIMENSIONS:
            score = ratings.get(dimension)
            if score is None:
                ReviewerRating.objects.filter(
                    answer=answer, reviewer=reviewer, dimension=dimension
                ).delete()
                continue
            rating = ReviewerRating.objects.filter(
                answer=answer, reviewer=reviewer, dimension=dimension
            ).first() or ReviewerRating(answer=answer, reviewer=reviewer, dimension=dimension)
            rating.score = score
            rating.full_clean()
            rating.save()
            saved.append(rating)
        if comment.strip():
            ReviewComment.objects.update_or_create(
                answer=answer, reviewer=reviewer, defaults={"text": comment.strip()}
            )
        else:
            ReviewComment.objects.filter(answer=answer, reviewer=reviewer).delete()
    return saved


def reviewed_answers() -> list[ReviewedAnswer]:
    """Every analysed answer with ratings: features in, the reviewers' mean per dimension out."""
    means: dict[str, dict[str, float]] = defaultdict(dict)
    rows = ReviewerRating.objects.values("answer_id", "dimension").annotate(mean=Avg("score"))
    for row in rows:
        means[str(row["answer_id"])][row["dimension"]] = float(row["mean"])
    reports = AnswerReport.objects.filter(answer_id__in=list(means)).values_list(
        "answer_id", "features"
    )
    return [
        ReviewedAnswer(features=features, ratings=means[str(answer_id)])
        for answer_id, features in reports
    ]


def scoring_models_train(
    *, config: TrainingConfig, dimensions: Sequence[str] = DIMENSIONS, dry_run: bool = False
) -> TrainingReport:
    """Train, store every fitted model with its CV metrics, and activate only the winners."""
    report = train_scoring_models(reviewed_answers(), dimensions=dimensions, config=config)
    if dry_run:
        return report
    for dimension, result in report.results.items():
        if result.model is None:
            continue
        with transaction.atomic():
            if result.activate:
                ScoringModel.objects.filter(dimension=dimension, is_active=True).update(
                    is_active=False
                )
            record = ScoringModel(
                dimension=dimension, version=result.model.version,
                model_bytes=result.model.to_bytes(), metadata=result.model.metadata(),
                cv_metrics=result.to_dict(), n_samples=result.n_samples,
                decision=result.decision, is_active=result.activate,
            )
            record.full_clean()
            record.save()
    return report
