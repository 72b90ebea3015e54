"""Routes of the analysis API, mounted beside sessions_app's under the same prefixes."""

from django.urls import path

from analysis_app import apis, apis_pdf, apis_share

session_urlpatterns = [
    path("<uuid:session_id>/report/", apis.SessionReportApi.as_view(), name="session-report"),
    path("<uuid:session_id>/report.pdf", apis_pdf.SessionReportPdfApi.as_view(),
         name="session-report-pdf"),
]

answer_urlpatterns = [
    path("<uuid:answer_id>/report/", apis.AnswerReportApi.as_view(), name="answer-report"),
    path("<uuid:answer_id>/report.pdf", apis_pdf.AnswerReportPdfApi.as_view(),
         name="answer-report-pdf"),
    path("<uuid:answer_id>/reanalyse/", apis.AnswerReanalyseApi.as_view(),
         name="answer-reanalyse"),
    path("<uuid:answer_id>/upload/finish/", apis.UploadFinishApi.as_view(),
         name="upload-finish"),
    path("<uuid:answer_id>/shares/", apis_share.ReportShareListApi.as_view(),
         name="answer-shares"),
    path("<uuid:answer_id>/shares/create/", apis_share.ReportShareCreateApi.as_view(),
         name="answer-share-create"),
    path("<uuid:answer_id>/shares/<int:share_id>/", apis_share.ReportShareRevokeApi.as_view(),
         name="answer-share-revoke"),
]

# Public: a report read by its share link's token (no sign-in).
shared_urlpatterns = [
    path("<str:token>/report/", apis_share.SharedReportApi.as_view(), name="shared-report"),
    path("<str:token>/report.pdf", apis_pdf.SharedReportPdfApi.as_view(),
         name="shared-report-pdf"),
]
