"""Reads behind the PDF downloads: the report API's data plus what a document needs (its date,
the versions that scored it), or a refusal while there is nothing to print yet.

The data is the API's own (`answer_report`, `session_report_for`, `shared_report_of`), so a
PDF never says something the report page does not."""

from __future__ import annotations

from typing import Any, Final

from django.utils import timezone

from analysis_app.engine.pipeline import ENGINE_VERSION
from analysis_app.models import ReportShare
from analysis_app.selectors import (
    ANALYSED_STATUSES,
    answer_report,
    counted_reports,
    session_report_for,
)
from analysis_app.selectors_share import shared_report_of
from interview_project.errors import ConflictError
from sessions_app.models import Answer, InterviewSession
from sessions_app.selectors import User

#: The error code of a PDF asked for before its report has scores.
REPORT_NOT_READY: Final = "report_not_ready"


def _answer_scored(answer: Answer, report: dict[str, Any]) -> None:
    """A 409 unless the analysis ended with scores: a PDF of "being analysed" would be kept
    and passed around as if it were the report."""
    status = answer.analysis_status
    if status in ANALYSED_STATUSES and report.get("scores"):
        return
    reason = ("its analysis failed" if status == "failed"
              else "its analysis has not finished")
    raise ConflictError(
        f"This answer's report has no scores to download yet: {reason}.",
        code=REPORT_NOT_READY, details={"analysis_status": status})


def answer_report_pdf_data(*, answer: Answer, viewer: User) -> dict[str, Any]:
    """The answer report for its PDF; 409 `report_not_ready` until it has scores."""
    report = answer_report(answer=answer, viewer=viewer)
    _answer_scored(answer, report)
    return {
        **report,
        "report_date": timezone.localdate(answer.created_at),
        "date_label": "Recorded",
        "target_role": answer.session.target_role,
        "engine_version": ENGINE_VERSION,
    }


def session_report_pdf_data(*, session: InterviewSession) -> dict[str, Any]:
    """The session report for its PDF; 409 `report_not_ready` until an answer has scores."""
    report = session_report_for(session=session)
    if not report["answer_count"]:
        raise ConflictError(
            "This session has no analysed answer yet, so its report has nothing to download.",
            code=REPORT_NOT_READY)
    rubric_versions = sorted(set(
        counted_reports(sessions=[session]).values_list("rubric_version", flat=True)))
    return {
        **report,
        "report_date": timezone.localdate(session.created_at),
        "target_role": session.target_role,
        "engine_version": ENGINE_VERSION,
        "rubric_versions": rubric_versions,
    }


def shared_report_pdf_data(*, share: ReportShare) -> dict[str, Any]:
    """What a share link shows, for its PDF: dated by when it was shared (the link's page
    shows no recording date) and without the session's role, which the page leaves out
    too; 409 `report_not_ready` until the answer has scores."""
    report = shared_report_of(share=share)
    _answer_scored(share.answer, report)
    return {
        **report,
        "report_date": timezone.localdate(share.created_at),
        "date_label": "Shared",
        "engine_version": ENGINE_VERSION,
    }
