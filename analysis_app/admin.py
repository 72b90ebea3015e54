"""Admin for analysis records, and the coaches' review pages and queue."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from analysis_app.engine.scoring import DIMENSIONS
from analysis_app.engine.scoring.labels import dimension_label, feature_label, format_value
from analysis_app.models import (
    AnswerForReview,
    AnswerReport,
    ReportShare,
    ReviewComment,
    ReviewerRating,
    ScoringModel,
    StageAttempt,
    StageRun,
)
from analysis_app.review_forms import OwnCommentForm, OwnRatingForm, OwnReviewForm, ReviewForm
from analysis_app.review_transcript import transcript_items
from analysis_app.scoring_models import current_versions, stale_reason
from analysis_app.services_review import (
    review_item_delete,
    review_item_may_change,
    review_item_may_delete,
    review_item_save,
    review_submit,
)
from analysis_app.services_share import report_share_revoke
from analysis_app.webhooks import admin as webhooks_admin  # noqa: F401  (registers them)
from sessions_app.models import Answer
from sessions_app.selectors import signed_in


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only the pipeline's services write: an edited lease or status would bypass the
    claims."""

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(StageRun)
class StageRunAdmin(ReadOnlyAdmin):
    """The pipeline's state, for operators."""

    list_display = ("answer", "stage", "status", "attempt", "lease_owner", "lease_until",
                    "sent_at", "started_at", "finished_at")
    list_filter = ("stage", "status")
    search_fields = ("answer__id", "lease_owner")


@admin.register(StageAttempt)
class StageAttemptAdmin(ReadOnlyAdmin):
    """Which worker ran which stage when, and how each attempt ended (lost: its worker died)."""

    list_display = ("answer", "stage", "number", "worker", "started_at", "heartbeat_at",
                    "ended_at", "outcome")
    list_filter = ("outcome", "stage")
    search_fields = ("answer__id", "worker")


@admin.register(ReportShare)
class ReportShareAdmin(ReadOnlyAdmin):
    """Read-only links to reports, for an operator answering "who can see my report?": whose
    answer, when made, whether still working. The token is never stored, so never shown; the
    one write is revoking, as the candidate can."""

    list_display = ("id", "answer", "owner", "created_at", "revoked_at", "is_active")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("answer__id", "answer__session__owner__username")
    list_select_related = ("answer__session__owner",)
    exclude = ("token_hash",)
    actions = ("revoke",)

    @admin.display(description="Owner", ordering="answer__session__owner__username")
    def owner(self, share: ReportShare) -> str:
        return share.answer.session.owner.get_username()

    @admin.display(boolean=True, description="Working")
    def is_active(self, share: ReportShare) -> bool:
        return share.is_active

    @admin.action(description="Revoke the selected links", permissions=["delete"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ReportShare]) -> None:
        revoked = 0
        for share in queryset.filter(revoked_at__isnull=True):
            report_share_revoke(share=share)
            revoked += 1
        self.message_user(request, f"Revoked {revoked} link{'s' if revoked != 1 else ''}.",
                          messages.SUCCESS)


@admin.register(AnswerReport)
class AnswerReportAdmin(admin.ModelAdmin):
    list_display = ("answer", "rubric_version", "overall", "created_at")
    search_fields = ("answer__id",)
    readonly_fields = [field.name for field in AnswerReport._meta.fields]


class OwnReviewAdmin(admin.ModelAdmin):
    """Ratings and comments always belong to the reviewer who is logged in.

    The author (`reviewer`) is shown, never a form field: a new row is saved as the request's
    user (`review_item_save`), so nobody rates in another's name, and nobody changes another
    reviewer's rating or comment, superusers included; only its author or a superuser deletes
    one (`services_review`). The answer and what is rated are fixed once saved. Only analysed
    answers can be picked, by id: no select listing every account or answer.
    """

    form: type[OwnReviewForm] = OwnReviewForm
    raw_id_fields = ("answer",)
    identity_fields: tuple[str, ...] = ("answer",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fixed = ("reviewer", "created_at", "updated_at")
        return (*self.identity_fields, *fixed) if obj is not None else fixed

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> type[OwnReviewForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        if not issubclass(form, OwnReviewForm):  # built from `self.form`, always one
            raise TypeError(f"{type(self).__name__}.form must be an OwnReviewForm")
        return form.for_reviewer(signed_in(request.user))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest,
                                 **kwargs: Any) -> Any:
        if db_field.name == "answer":
            kwargs["queryset"] = Answer.objects.filter(report__isnull=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None or review_item_may_change(item=obj, user=signed_in(request.user))
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (
            obj is None or review_item_may_delete(item=obj, user=signed_in(request.user))
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        review_item_save(item=obj, reviewer=signed_in(request.user))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        review_item_delete(item=obj, user=signed_in(request.user))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        user = signed_in(request.user)
        with transaction.atomic():  # all of the selection, or none of it
            for item in queryset:
                review_item_delete(item=item, user=user)


@admin.register(ReviewerRating)
class ReviewerRatingAdmin(OwnReviewAdmin):
    form = OwnRatingForm
    identity_fields = ("answer", "dimension")
    list_display = ("answer", "reviewer", "dimension", "score", "updated_at")
    list_filter = ("dimension",)
    search_fields = ("answer__id", "reviewer__username")


@admin.register(ReviewComment)
class ReviewCommentAdmin(OwnReviewAdmin):
    form = OwnCommentForm
    list_display = ("answer", "reviewer", "updated_at")


def _figure(value: object, digits: int) -> str:
    return f"{value:.{digits}f}" if isinstance(value, int | float) else "-"


@admin.register(ScoringModel)
class ScoringModelAdmin(admin.ModelAdmin):
    """Stored models with what a coach needs to trust one: its cross-validated agreement
    beside the rubric's on the same candidate-grouped folds, and whether the rubric and engine
    it was trained under are still the ones running (a stale model never scores)."""

    list_display = ("version", "dimension", "is_active", "is_current", "rubric_version",
                    "engine_version", "model_spearman", "rubric_spearman", "n_samples",
                    "created_at")
    list_filter = ("dimension", "is_active")
    exclude = ("model_bytes",)
    readonly_fields = ("dimension", "version", "is_current", "rubric_version", "engine_version",
                       "cv_comparison", "n_samples", "decision", "metadata", "cv_metrics",
                       "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # models come from `manage.py train_scoring_model` only

    @admin.display(description="current", boolean=True)
    def is_current(self, record: ScoringModel) -> bool:
        return stale_reason(record.rubric_version, record.engine_version) is None

    @admin.display(description="model r (CV)")
    def model_spearman(self, record: ScoringModel) -> str:
        return _figure(self._cv(record, "model").get("spearman_r"), 2)

    @admin.display(description="rubric r (same folds)")
    def rubric_spearman(self, record: ScoringModel) -> str:
        return _figure(self._cv(record, "rubric").get("spearman_r"), 2)

    @admin.display(description="cross-validated agreement with reviewers")
    def cv_comparison(self, record: ScoringModel) -> SafeString:
        """Model and rubric side by side, so nobody reads the model's figure alone."""
        model, rubric = self._cv(record, "model"), self._cv(record, "rubric")
        metrics = record.cv_metrics or {}
        rubric_now, engine_now = current_versions()
        reason = stale_reason(record.rubric_version, record.engine_version)
        table = format_html(
            '<table class="cv-comparison"><thead><tr><th></th><th>model</th><th>rubric</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", [
                ("Spearman r", _figure(model.get("spearman_r"), 3),
                 _figure(rubric.get("spearman_r"), 3)),
                ("MAE", _figure(model.get("mae"), 2), _figure(rubric.get("mae"), 2)),
            ]),
        )
        return format_html(
            "{}<p>{} folds ({}), {} answers, {} candidates. Out-of-fold figures only.</p>"
            "<p>{}</p>",
            table, metrics.get("folds", "?"), metrics.get("validation", "validation unknown"),
            metrics.get("n_samples", record.n_samples), metrics.get("n_candidates", "unknown"),
            f"Not current: {reason}; it does not score." if reason else
            f"Current (rubric {rubric_now}, engine {engine_now}).",
        )

    @staticmethod
    def _cv(record: ScoringModel, which: str) -> dict[str, Any]:
        cv = (record.cv_metrics or {}).get("cv") or {}
        return cv.get(which) or {}


class _Count(Subquery):
    """How many rows a subquery returns, as a column of the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def _reviewer_count() -> _Count:
    """Reviews of the answer: the coaches who rated it or commented on it, each once. One
    review rates up to ten dimensions, so counting ratings would say 10 for one coach."""
    reviewers = get_user_model().objects.filter(
        Q(ratings__answer=OuterRef("pk")) | Q(review_comments__answer=OuterRef("pk"))
    ).order_by().values("pk").distinct()
    return _Count(reviewers)


def _why(rows: Sequence[Mapping[str, Any]], shown: int = 4) -> list[dict[str, Any]]:
    """A dimension's strongest reasons in words: "Speaking rate: 148 words per minute",
    never the engine's names or a bare ratio a coach would have to decode."""
    strongest = sorted(rows, key=lambda item: -abs(item.get("contribution") or 0))[:shown]
    return [{"label": feature_label(str(item.get("feature", ""))),
             "shown": format_value(str(item.get("feature", "")), item.get("value")),
             "points": float(item.get("contribution") or 0)}
            for item in strongest]


class AwaitingMyReviewFilter(admin.SimpleListFilter):
    title = "my review"
    parameter_name = "mine"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("todo", "Awaiting my review"), ("done", "Reviewed by me")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "todo":
            return queryset.filter(reviewed_by_me=False)
        if self.value() == "done":
            return queryset.filter(reviewed_by_me=True)
        return queryset


@admin.register(AnswerForReview)
class AnswerReviewAdmin(admin.ModelAdmin):
    """The review queue (analysed answers) and a review page per answer."""

    list_display = ("id", "candidate", "question_text", "overall", "review_count",
                    "reviewed_by_me", "created_at")
    list_filter = (AwaitingMyReviewFilter, "analysis_status")
    list_display_links = ("id", "question_text")
    search_fields = ("id", "session__owner__username", "question__text")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        mine = ReviewerRating.objects.filter(answer=OuterRef("pk"),
                                             reviewer=signed_in(request.user))
        return (
            super().get_queryset(request)
            .filter(report__isnull=False)
            .select_related("session__owner", "question", "report")
            .annotate(review_count=_reviewer_count(), reviewed_by_me=Exists(mine))
            .order_by("reviewed_by_me", "-created_at")
        )

    @admin.display(description="candidate")
    def candidate(self, answer: AnswerForReview) -> str:
        return answer.session.owner.username

    @admin.display(description="question")
    def question_text(self, answer: AnswerForReview) -> str:
        """The whole question: a cut one hides what the answer was meant to cover."""
        return answer.question.text

    @admin.display(description="overall")
    def overall(self, answer: AnswerForReview) -> float | None:
        return answer.report.overall

    @admin.display(description="reviews", ordering="review_count")
    def review_count(self, answer: AnswerForReview) -> int:
        return answer.review_count

    @admin.display(description="reviewed by me", boolean=True)
    def reviewed_by_me(self, answer: AnswerForReview) -> bool:
        return answer.reviewed_by_me

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        answer = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, answer):
            return HttpResponseRedirect(reverse("admin:index"))
        reviewer = signed_in(request.user)
        mine = {r.dimension: r.score for r in answer.ratings.filter(reviewer=reviewer)}
        comment = ReviewComment.objects.filter(answer=answer, reviewer=reviewer).first()
        form = ReviewForm(request.POST or None, initial={
            **mine, "comment": comment.text if comment else "",
        })
        if request.method == "POST" and self.has_change_permission(request, answer):
            if form.is_valid():
                following = self._queue_after(request, answer)
                review_submit(answer=answer, reviewer=reviewer, ratings=form.ratings(),
                              comment=form.cleaned_data["comment"])
                messages.success(request, "Review saved.")
                return HttpResponseRedirect(self._next_url(request, following))
        report = answer.report
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Review: {answer.question.text}",
            "answer": answer,
            "report": report,
            "form": form,
            "rows": [
                {
                    "dimension": dimension,
                    "label": dimension_label(dimension),
                    "score": report.scores.get(dimension),
                    "missing": report.missing.get(dimension),
                    "field": form[dimension],
                    "why": _why(report.explanations.get(dimension, [])),
                    "others": answer.ratings.filter(dimension=dimension)
                    .exclude(reviewer=reviewer).values_list("reviewer__username", "score"),
                }
                for dimension in DIMENSIONS
            ],
            "recording_url": reverse("answer-recording", args=[answer.pk]),
            "transcript_items": transcript_items(report.transcript or {}, report.markers or {}),
            "other_comments": ReviewComment.objects.filter(answer=answer)
            .exclude(reviewer=reviewer).select_related("reviewer"),
        }
        return TemplateResponse(request, "admin/analysis_app/answer_review.html", context)

    def _queue_after(self, request: HttpRequest, answer: AnswerForReview) -> list[Any]:
        """The queue as the coach sees it, from the answer after this one round to the one
        before it: the order "save and next" walks.

        The queue's page passes its filters, search and sort on to the review page
        (`_changelist_filters`), so this builds the same changelist from them rather than
        assuming the default order. Read before the review is saved: saving moves the answer
        (the default order puts answers awaiting my review first).
        """
        filters = QueryDict(request.GET.get("_changelist_filters", ""), mutable=True)
        filters.pop(PAGE_VAR, None)  # every page of the queue, not the one it was opened from
        queue_request = copy.copy(request)
        queue_request.GET = QueryDict(filters.urlencode())  # read-only, as a request's is
        try:
            changelist = self.get_changelist_instance(queue_request)
        except IncorrectLookupParameters:  # a stale sort or filter: fall back to the default
            queue_request.GET = QueryDict()
            changelist = self.get_changelist_instance(queue_request)
        order = list(changelist.queryset.values_list("pk", flat=True))
        if answer.pk not in order:
            return order
        here = order.index(answer.pk)
        return order[here + 1:] + order[:here]

    def _next_url(self, request: HttpRequest, following: Sequence[Any]) -> str:
        """The first answer in `following` that still awaits my review, with the queue's
        filters kept; the queue itself when none does."""
        waiting = set(self.get_queryset(request).filter(pk__in=following, reviewed_by_me=False)
                      .values_list("pk", flat=True))
        target = next((pk for pk in following if pk in waiting), None)
        context = {"preserved_filters": self.get_preserved_filters(request),
                   "opts": self.model._meta}
        if target is None:
            url = reverse("admin:analysis_app_answerforreview_changelist")
        else:
            url = reverse("admin:analysis_app_answerforreview_change", args=[target])
        return add_preserved_filters(context, url)
