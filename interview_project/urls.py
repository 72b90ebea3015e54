from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from analysis_app import urls as analysis_urls
from analysis_app.apis import ProgressApi
from analysis_app.privacy.apis import UserDataExportApi
from frontend.views import favicon, index
from interview_project.health import healthz
from sessions_app.urls import (
    answer_urlpatterns,
    auth_urlpatterns,
    resume_urlpatterns,
    role_urlpatterns,
    session_urlpatterns,
)

# Coaches work in the admin: it names the product, not the framework.
admin.site.site_header = "Interview coach: reviews and operations"
admin.site.site_title = "Interview coach admin"
admin.site.index_title = "Review answers and run the platform"

urlpatterns = [
    # Liveness for the container health check and the proxy; exempt from the HTTPS redirect.
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/auth/", include(auth_urlpatterns)),
    path("api/auth/me/export/", UserDataExportApi.as_view(), name="auth-me-export"),
    path("api/sessions/", include(session_urlpatterns)),
    path("api/sessions/", include(analysis_urls.session_urlpatterns)),
    path("api/answers/", include(answer_urlpatterns)),
    path("api/answers/", include(analysis_urls.answer_urlpatterns)),
    path("api/shared/", include(analysis_urls.shared_urlpatterns)),
    path("api/resumes/", include(resume_urlpatterns)),
    path("api/roles/", include(role_urlpatterns)),
    path("api/progress/", ProgressApi.as_view(), name="progress"),
    path("api/webhooks/", include("analysis_app.webhooks.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads its start-up script as a file, not inline; the Swagger UI still
    # needs inline styles and data: icons, on this page only.
    path("api/docs/", csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"]})(
        SpectacularSwaggerSplitView.as_view(url_name="schema")), name="api-docs"),
    path("", index, name="index"),
    path("favicon.ico", favicon, name="favicon"),
    path("favicon.svg", favicon, name="favicon-svg"),
    # The web client's own pages (frontend/src/App.tsx), so a reload or a shared link works;
    # listed, not caught all, so that any other path stays a plain 404.
    re_path(r"^(?:signin|signup|account|sessions/.+|answers/.+|shared/[^/]+)/?$", index,
            name="web-client"),
]

handler400 = "interview_project.api_errors.json_bad_request"
handler403 = "interview_project.api_errors.json_forbidden"
handler404 = "interview_project.api_errors.json_not_found"
handler500 = "interview_project.api_errors.json_server_error"
