from interview_project.routes import api_routes
from sessions_app import apis, apis_resumes, auth_apis
from sessions_app import apis_question_generation as generation

auth_urlpatterns = api_routes(
    ("csrf/", auth_apis.CsrfApi, "auth-csrf"),
    ("signup/", auth_apis.SignupApi, "auth-signup"),
    ("login/", auth_apis.LoginApi, "auth-login"),
    ("logout/", auth_apis.LogoutApi, "auth-logout"),
    ("me/", auth_apis.MeApi, "auth-me"),
    ("password/", auth_apis.PasswordChangeApi, "auth-password"),
    ("token/", auth_apis.TokenApi, "auth-token"),
    ("tokens/", auth_apis.TokenListApi, "auth-token-list"),
    ("tokens/revoke-all/", auth_apis.TokenRevokeAllApi, "auth-token-revoke-all"),
    ("tokens/<uuid:token_id>/delete/", auth_apis.TokenDeleteApi, "auth-token-delete"),
)

session_urlpatterns = api_routes(
    ("", apis.SessionListApi, "session-list"),
    ("create/", apis.SessionCreateApi, "session-create"),
    ("<uuid:session_id>/", apis.SessionDetailApi, "session-detail"),
    ("<uuid:session_id>/delete/", apis.SessionDeleteApi, "session-delete"),
    ("<uuid:session_id>/questions/create/", apis.QuestionCreateApi, "question-create"),
    ("<uuid:session_id>/questions/<int:question_id>/update/", apis.QuestionUpdateApi,
     "question-update"),
    ("<uuid:session_id>/questions/<int:question_id>/swap/", generation.QuestionSwapApi,
     "question-swap"),
    ("<uuid:session_id>/questions/generate/", generation.QuestionGenerateApi, "question-generate"),
    ("<uuid:session_id>/answers/create/", apis.AnswerCreateApi, "answer-create"),
)

answer_urlpatterns = api_routes(
    ("<uuid:answer_id>/", apis.AnswerDetailApi, "answer-detail"),
    ("<uuid:answer_id>/recording/", apis.RecordingDownloadApi, "answer-recording"),
    ("<uuid:answer_id>/follow-ups/", generation.FollowUpCreateApi, "answer-follow-ups"),
    ("<uuid:answer_id>/follow-ups/next/", generation.FollowUpNextApi, "answer-follow-up-next"),
    ("<uuid:answer_id>/upload/", apis.UploadStatusApi, "upload-status"),
    ("<uuid:answer_id>/upload/start/", apis.UploadStartApi, "upload-start"),
    ("<uuid:answer_id>/upload/chunk/", apis.UploadChunkApi, "upload-chunk"),
    ("<uuid:answer_id>/upload/cancel/", apis.UploadCancelApi, "upload-cancel"),
)

resume_urlpatterns = api_routes(
    ("", apis_resumes.ResumeListApi, "resume-list"),
    ("upload/", apis_resumes.ResumeUploadApi, "resume-upload"),
    ("<uuid:resume_id>/", apis_resumes.ResumeDetailApi, "resume-detail"),
    ("<uuid:resume_id>/delete/", apis_resumes.ResumeDeleteApi, "resume-delete"),
)

role_urlpatterns = api_routes(
    ("", generation.RoleListApi, "role-list"),
)
