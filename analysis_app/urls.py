"""Routes of the analysis API, mounted beside sessions_app's under the same prefixes."""

from analysis_app import apis, apis_pdf, apis_share
from interview_project.routes import api_routes

session_urlpatterns = api_routes(
    ("<uuid:session_id>/report/", apis.SessionReportApi, "session-report"),
    ("<uuid:session_id>/report.pdf", apis_pdf.SessionReportPdfApi, "session-report-pdf"),
)

answer_urlpatterns = api_routes(
    ("<uuid:answer_id>/report/", apis.AnswerReportApi, "answer-report"),
    ("<uuid:answer_id>/report.pdf", apis_pdf.AnswerReportPdfApi, "answer-report-pdf"),
    ("<uuid:answer_id>/reanalyse/", apis.AnswerReanalyseApi, "answer-reanalyse"),
    ("<uuid:answer_id>/upload/finish/", apis.UploadFinishApi, "upload-finish"),
    ("<uuid:answer_id>/shares/", apis_share.ReportShareListApi, "answer-shares"),
    ("<uuid:answer_id>/shares/create/", apis_share.ReportShareCreateApi, "answer-share-create"),
    ("<uuid:answer_id>/shares/<int:share_id>/", apis_share.ReportShareRevokeApi,
     "answer-share-revoke"),
)

# Public: a report read by its share link's token (no sign-in).
shared_urlpatterns = api_routes(
    ("<str:token>/report/", apis_share.SharedReportApi, "shared-report"),
    ("<str:token>/report.pdf", apis_pdf.SharedReportPdfApi, "shared-report-pdf"),
)
