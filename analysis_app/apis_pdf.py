"""PDF downloads of the answer report, the session report and a shared answer report: a
document the candidate can keep, print or send, charts included. Same readers as the JSON
reports: the owner, a staff reviewer (`sessions_app.selectors.user_can_see_all`), and for a
shared report anyone holding its link."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from analysis_app import report_pdf, selectors_pdf, selectors_share
from analysis_app.apis_share import SharedReportThrottle
from interview_project.api_schema import ErrorSerializer
from sessions_app import selectors as session_selectors

PDF: dict[Any, Any] = {(200, "application/pdf"): OpenApiResponse(
    OpenApiTypes.BINARY, description="The report as an A4 PDF, to save (an attachment).")}
#: Where the download's file name comes from, documented for clients that save it.
ATTACHMENT = OpenApiParameter(
    "Content-Disposition", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200],
    description='`attachment; filename="interview-report-2026-05-03.pdf"`')
NOT_READY = OpenApiResponse(
    ErrorSerializer,
    description=f"`{selectors_pdf.REPORT_NOT_READY}`: the analysis has not ended with scores "
                "(queued, running or failed), so there is nothing to print yet.")

_Method = TypeVar("_Method", bound=Callable[..., Any])


def pdf_schema(
    *, operation_id: str, summary: str, description: str, auth: list[str] | None = None
) -> Callable[[_Method], _Method]:
    """The schema of a report download: the PDF named in Content-Disposition, or 409 while
    the report is not ready. Every download answers alike; only its name and words differ."""
    return extend_schema(
        responses={**PDF, 409: NOT_READY}, parameters=[ATTACHMENT], auth=auth,
        operation_id=operation_id, summary=summary, description=description,
    )


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    """The PDF as a download. `private, no-store`: a report is personal, and a shared cache
    or the browser's disk has no business keeping a copy."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def report_filename(day: date, kind: str = "report") -> str:
    """"interview-report-2026-05-03.pdf": sorts by date in a downloads folder."""
    return f"interview-{kind}-{day:%Y-%m-%d}.pdf"


class PdfApi(APIView):
    """A view whose success is a PDF and whose errors are the API's JSON error shape.

    Content negotiation may not refuse: a client that asks for `application/pdf` only (as a
    download manager does) gets the PDF, and an error still comes back as JSON rather than
    as a 406 that hides it."""

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        return super().perform_content_negotiation(request, force=True)


class AnswerReportPdfApi(PdfApi):
    @pdf_schema(
        operation_id="answers_report_pdf_retrieve",
        summary="An answer's report as a PDF (charts, feedback, key points, transcript)",
        description="A download (`Content-Disposition: attachment`) named "
                    "interview-report-<recorded date>.pdf. 409 `report_not_ready` until the "
                    "analysis ended completed or partial.",
    )
    def get(self, request: Request, answer_id: str) -> HttpResponse:
        answer = session_selectors.answer_get(user=request.user, answer_id=answer_id)
        data = selectors_pdf.answer_report_pdf_data(answer=answer, viewer=request.user)
        return pdf_response(report_pdf.answer_report_pdf(data),
                            filename=report_filename(data["report_date"]))


class SessionReportPdfApi(PdfApi):
    @pdf_schema(
        operation_id="sessions_report_pdf_retrieve",
        summary="A session's report as a PDF (means, trends, each question's score)",
        description="A download named interview-session-report-<session date>.pdf. 409 "
                    "`report_not_ready` while no answer of the session has scores.",
    )
    def get(self, request: Request, session_id: str) -> HttpResponse:
        session = session_selectors.session_get(user=request.user, session_id=session_id)
        data = selectors_pdf.session_report_pdf_data(session=session)
        return pdf_response(report_pdf.session_report_pdf(data),
                            filename=report_filename(data["report_date"], "session-report"))


class SharedReportPdfApi(PdfApi):
    """The public PDF behind a share link: what the shared page shows, no sign-in."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [SharedReportThrottle]

    @pdf_schema(
        auth=[], operation_id="shared_report_pdf_retrieve",
        summary="A shared answer report as a PDF, by its link's token",
        description="The shared report's content (no recording, review or ids), named "
                    "interview-report-<date shared>.pdf. 404 for an unknown or revoked token.",
    )
    def get(self, request: Request, token: str) -> HttpResponse:
        share = selectors_share.active_share_get(token=token)
        data = selectors_pdf.shared_report_pdf_data(share=share)
        return pdf_response(report_pdf.answer_report_pdf(data),
                            filename=report_filename(data["report_date"]))
