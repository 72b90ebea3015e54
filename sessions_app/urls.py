from django.urls import path

from sessions_app import apis, apis_question_generation, apis_resumes, auth_apis

auth_urlpatterns = [
    path("csrf/", auth_apis.CsrfApi.as_view(), name="auth-csrf"),
    path("signup/", auth_apis.SignupApi.as_view(), name="auth-signup"),
    path("login/", auth_apis.LoginApi.as_view(), name="auth-login"),
    path("logout/", auth_apis.LogoutApi.as_view(), name="auth-logout"),
    path("me/", auth_apis.MeApi.as_view(), name="auth-me"),
    path("password/", auth_apis.PasswordChangeApi.as_view(), name="auth-password"),
    path("token/", auth_apis.TokenApi.as_view(), name="auth-token"),
    path("tokens/", auth_apis.TokenListApi.as_view(), name="auth-token-list"),
    path("tokens/revoke-all/", auth_apis.TokenRevokeAllApi.as_view(),
         name="auth-token-revoke-all"),
    path("tokens/<uuid:token_id>/delete/", auth_apis.TokenDeleteApi.as_view(),
         name="auth-token-delete"),
]

session_urlpatterns = [
    path("", apis.SessionListApi.as_view(), name="session-list"),
    path("create/", apis.SessionCreateApi.as_view(), name="session-create"),
    path("<uuid:session_id>/", apis.SessionDetailApi.as_view(), name="session-detail"),
    path("<uuid:session_id>/delete/", apis.SessionDeleteApi.as_view(), name="session-delete"),
    path("<uuid:session_id>/questions/create/", apis.QuestionCreateApi.as_view(),
         name="question-create"),
    path("<uuid:session_id>/questions/<int:question_id>/update/",
         apis.QuestionUpdateApi.as_view(), name="question-update"),
    path("<uuid:session_id>/questions/<int:question_id>/swap/",
         apis_question_generation.QuestionSwapApi.as_view(), name="question-swap"),
    path("<uuid:session_id>/questions/generate/",
         apis_question_generation.QuestionGenerateApi.as_view(), name="question-generate"),
    path("<uuid:session_id>/answers/create/", apis.AnswerCreateApi.as_view(),
         name="answer-create"),
]

answer_urlpatterns = [
    path("<uuid:answer_id>/", apis.AnswerDetailApi.as_view(), name="answer-detail"),
    path("<uuid:answer_id>/recording/", apis.RecordingDownloadApi.as_view(),
         name="answer-recording"),
    path("<uuid:answer_id>/follow-ups/", apis_question_generation.FollowUpCreateApi.as_view(),
         name="answer-follow-ups"),
    path("<uuid:answer_id>/follow-ups/next/", apis_question_generation.FollowUpNextApi.as_view(),
         name="answer-follow-up-next"),
    path("<uuid:answer_id>/upload/", apis.UploadStatusApi.as_view(), name="upload-status"),
    path("<uuid:answer_id>/upload/start/", apis.UploadStartApi.as_view(), name="upload-start"),
    path("<uuid:answer_id>/upload/chunk/", apis.UploadChunkApi.as_view(), name="upload-chunk"),
    path("<uuid:answer_id>/upload/cancel/", apis.UploadCancelApi.as_view(),
         name="upload-cancel"),
]

resume_urlpatterns = [
    path("", apis_resumes.ResumeListApi.as_view(), name="resume-list"),
    path("upload/", apis_resumes.ResumeUploadApi.as_view(), name="resume-upload"),
    path("<uuid:resume_id>/", apis_resumes.ResumeDetailApi.as_view(), name="resume-detail"),
    path("<uuid:resume_id>/delete/", apis_resumes.ResumeDeleteApi.as_view(),
         name="resume-delete"),
]

role_urlpatterns = [
    path("", apis_question_generation.RoleListApi.as_view(), name="role-list"),
]
