"""Routes of the analysis API, mounted beside sessions_app's under the same prefixes."""

from django.urls import path

from analysis_app import apis

session_urlpatterns = [
    path("<uuid:session_id>/report/", apis.SessionReportApi.as_view(), name="session-report"),
]

answer_urlpatterns = [
    path("<uuid:answer_id>/report/", apis.AnswerReportApi.as_view(), name="answer-report"),
    path("<uuid:answer_id>/reanalyse/", apis.AnswerReanalyseApi.as_view(),
         name="answer-reanalyse"),
    path("<uuid:answer_id>/upload/finish/", apis.UploadFinishApi.as_view(),
         name="upload-finish"),
]
