"""`GET /api/auth/me/export/`: the signed-in user's data as a ZIP download."""

from __future__ import annotations

from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from analysis_app.privacy.export import user_data_zip
from sessions_app.selectors import signed_in
from sessions_app.throttles import DataExportThrottle


class UserDataExportApi(APIView):
    """Owner only by construction: it takes no id, it exports whoever is signed in."""

    throttle_classes = [DataExportThrottle]

    @extend_schema(
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
        summary="Export my data: a ZIP of everything the platform holds about me",
        description=(
            "`data.json` (account, résumés with their parsed data, sessions with questions, "
            "answers, reports and transcripts, coaches' ratings and comments received "
            "without their names, ratings given as a coach, API tokens' names and expiry, "
            "webhooks and their delivery log) and the stored files it names: recordings "
            "(`recordings/<answer id>/`, the derived 16 kHz audio in its `analysis/`) and "
            "résumés (`resumes/<résumé id>/`). Never a token key or a webhook secret. "
            "Throttled per user (THROTTLE_DATA_EXPORT_RATE, 429 with Retry-After)."
        ),
    )
    def get(self, request: Request) -> FileResponse:
        archive = user_data_zip(user=signed_in(request.user))
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        return FileResponse(archive, as_attachment=True, content_type="application/zip",
                            filename=f"interview-coach-export-{stamp}.zip")
