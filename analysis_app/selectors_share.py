"""Reading report shares: the owner's list, and the public read of a report by its link."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from analysis_app.models import ReportShare
from analysis_app.selectors import answer_report
from analysis_app.services_share import share_token_hash
from interview_project.lookups import row_get_or_404
from sessions_app.models import Answer

#: What a shared report shows: the analysis (scores, why, feedback, transcript, key points).
#: Left out: the recording and its details (`media`, `recording_expired_at`: a face and a
#: voice are more personal than scores, and the link holder is not signed in), the coaches'
#: review (feedback to the candidate only), the pipeline's internals (`stages`,
#: `analysis_error`) and the ids of the answer, its session and its other takes (they would
#: only lead a reader to API calls they cannot make).
SHARED_REPORT_FIELDS = (
    "question", "take", "analysis_status", "key_points", "transcript", "features",
    "feature_labels", "timelines", "markers", "scores", "missing", "notes", "explanations",
    "baselines", "feedback", "modalities", "rubric_version",
)


def report_share_list(*, answer: Answer) -> QuerySet[ReportShare]:
    """The answer's links, newest first, revoked ones included."""
    return ReportShare.objects.filter(answer=answer).order_by("-created_at", "-id")


def report_share_get(*, answer: Answer, share_id: int | str) -> ReportShare:
    """One of the answer's links; 404 for a link of another answer."""
    shares = ReportShare.objects.all()
    return row_get_or_404(shares, "Share not found.", answer=answer, pk=share_id)


def active_share_get(*, token: str) -> ReportShare:
    """The live link a token opens; 404 for an unknown or revoked token (the same answer for
    both, so a reader cannot tell a revoked link from a mistyped one)."""
    share = (
        ReportShare.objects.select_related("answer__question", "answer__session")
        .filter(token_hash=share_token_hash(token), revoked_at__isnull=True).first()
    )
    if share is None:
        raise Http404("This link does not exist or was revoked.")
    return share


def shared_report(*, token: str) -> dict[str, Any]:
    """The report a link shows (the web page's and the PDF's); 404 as `active_share_get`."""
    return shared_report_of(share=active_share_get(token=token))


def shared_report_of(*, share: ReportShare) -> dict[str, Any]:
    """What a link shows of its answer's report: `SHARED_REPORT_FIELDS` and when it was
    shared."""
    report = answer_report(answer=share.answer, viewer=None)
    question = report["question"]
    shown = {name: report[name] for name in SHARED_REPORT_FIELDS}
    shown["question"] = {"text": question["text"], "category": question["category"]}
    shown["shared_at"] = share.created_at
    return shown


