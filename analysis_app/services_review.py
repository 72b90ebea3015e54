"""Writes for coaches' reviews and for the learned scoring models trained on them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Avg, Q

from analysis_app.engine.scoring import (
    DIMENSIONS,
    ReviewedAnswer,
    TrainingConfig,
    TrainingReport,
    train_scoring_models,
)
from analysis_app.engine.typed_json import dump
from analysis_app.models import AnswerReport, ReviewComment, ReviewerRating, ScoringModel
from analysis_app.scoring_models import current_versions
from sessions_app.models import Answer


def review_submit(
    *, answer: Answer, reviewer: User, ratings: Mapping[str, int | None],
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


ReviewItem = ReviewerRating | ReviewComment


def review_item_may_change(*, item: ReviewItem, user: User) -> bool:
    """Only its author changes a rating or a comment, superusers included: ratings are the
    learned models' labels and comments are shown to the candidate, so an edit in someone
    else's name would put words in their mouth. A new one is always the editor's own."""
    return item.pk is None or item.reviewer_id == user.pk


def review_item_may_delete(*, item: ReviewItem, user: User) -> bool:
    """Its author deletes it; so may a superuser, to withdraw a rating or comment made in bad
    faith without forging anything (a deletion speaks for nobody)."""
    return item.reviewer_id == user.pk or bool(getattr(user, "is_superuser", False))


def review_item_save(*, item: ReviewItem, reviewer: User) -> ReviewItem:
    """Save a rating or comment edited in the admin as `reviewer`'s own.

    The author is never taken from the form: a new item gets `reviewer`, and an existing one
    must already be theirs (checked against the stored row, not the edited instance)."""
    if item.pk is not None:
        author = type(item).objects.filter(pk=item.pk).values_list("reviewer_id", flat=True)
        if author.first() not in (None, reviewer.pk):
            raise PermissionDenied("Only its author may change a review.")
    item.reviewer = reviewer
    item.full_clean()
    item.save()
    return item


def review_item_delete(*, item: ReviewItem, user: User) -> None:
    if not review_item_may_delete(item=item, user=user):
        raise PermissionDenied("Only its author or a superuser may delete a review.")
    item.delete()


def reviewed_answers() -> list[ReviewedAnswer]:
    """Every analysed answer with ratings: features in, the reviewers' mean per dimension out,
    labelled with its candidate (the session's owner) so the folds can keep people apart."""
    means: dict[str, dict[str, float]] = defaultdict(dict)
    rows = ReviewerRating.objects.values("answer_id", "dimension").annotate(mean=Avg("score"))
    for row in rows:
        means[str(row["answer_id"])][row["dimension"]] = float(row["mean"])
    reports = AnswerReport.objects.filter(answer_id__in=list(means)).values_list(
        "answer_id", "features", "answer__session__owner_id"
    )
    return [
        ReviewedAnswer(features=features, ratings=means[str(answer_id)], candidate=str(owner))
        for answer_id, features, owner in reports
    ]


def scoring_models_deactivate_stale() -> list[str]:
    """Deactivate every active model trained under another rubric or engine version, and
    return their versions. The loader already refuses them; this makes the admin's
    ``is_active`` say what actually scores, and frees the dimension for a fresh model."""
    rubric, engine = current_versions()
    stale = ScoringModel.objects.filter(is_active=True).filter(
        ~Q(rubric_version=rubric) | ~Q(engine_version=engine)
    )
    with transaction.atomic():
        versions = list(stale.select_for_update().values_list("version", flat=True))
        ScoringModel.objects.filter(version__in=versions).update(is_active=False)
    return versions


def scoring_models_train(
    *, config: TrainingConfig, dimensions: Sequence[str] = DIMENSIONS, dry_run: bool = False
) -> TrainingReport:
    """Train, store every fitted model with its CV metrics and the rubric and engine versions
    it was trained under, and activate only the winners."""
    report = train_scoring_models(reviewed_answers(), dimensions=dimensions, config=config)
    if dry_run:
        return report
    _, engine_version = current_versions()
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
                cv_metrics=dump(result.record()), n_samples=result.n_samples,
                decision=result.decision, is_active=result.activate,
                rubric_version=result.model.rubric_version, engine_version=engine_version,
            )
            record.full_clean()
            record.save()
    return report
