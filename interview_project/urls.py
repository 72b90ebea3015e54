from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from analysis_app import urls as analysis_urls
from analysis_app.apis import ProgressApi
from frontend.views import index
from interview_project.health import healthz
from sessions_app.urls import (
    answer_urlpatterns,
    auth_urlpatterns,
    resume_urlpatterns,
    role_urlpatterns,
    session_urlpatterns,
)

urlpatterns = [
    # Liveness for the container health check and the proxy; exempt from the HTTPS redirect.
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/auth/", include(auth_urlpatterns)),
    path("api/sessions/", include(session_urlpatterns)),
    path("api/sessions/", include(analysis_urls.session_urlpatterns)),
    path("api/answers/", include(answer_urlpatterns)),
    path("api/answers/", include(analysis_urls.answer_urlpatterns)),
    path("api/resumes/", include(resume_urlpatterns)),
    path("api/roles/", include(role_urlpatterns)),
    path("api/progress/", ProgressApi.as_view(), name="progress"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", index, name="index"),
    # The web client's own pages (frontend/src/App.tsx), so a reload or a shared link works;
    # listed, not caught all, so that any other path stays a plain 404.
    re_path(r"^(?:signin|signup|account|sessions/.+|answers/.+)/?$", index, name="web-client"),
]

handler404 = "interview_project.api_errors.json_not_found"
