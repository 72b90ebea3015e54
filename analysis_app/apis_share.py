"""Read-only links to an answer's report: the candidate lists, makes and revokes them (one
API each); anyone holding a link reads the report it points to, without signing in."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis_app import selectors_share, services_share
from analysis_app.apis import ReportResultsSerializer
from interview_project.api_views import delete_api, list_api
from interview_project.client_address import client_address
from sessions_app import selectors as session_selectors
from sessions_app.throttles import WindowRateThrottle


class SharedReportThrottle(WindowRateThrottle):
    """Reads of shared reports per client address: the token is long enough that guessing
    is hopeless, and this keeps a scraper from trying anyway (or from hammering one link)."""

    scope = "shared_report"

    def identity(self, request: Request) -> str | None:
        return client_address(request._request) or None


class ReportShareOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    is_active = serializers.BooleanField()


class ReportShareCreatedSerializer(ReportShareOutputSerializer):
    url = serializers.URLField(
        help_text="The link, with its token. Shown this once: only a hash is kept.")


def _share_path(token: str) -> str:
    """The web client's page that shows a shared report (frontend/src/App.tsx)."""
    return f"/shared/{token}"


#: The answer's links: its owner only (another user, a reviewer included, gets 404).
ReportShareListApi = list_api(
    lambda request, answer_id: selectors_share.report_share_list(
        answer=session_selectors.answer_owned_get(user=request.user, answer_id=answer_id)),
    ReportShareOutputSerializer, name="ReportShareListApi",
    summary="The links to my answer's report, newest first, revoked ones included "
            "(no tokens; paginated: ?limit=&offset=)",
)


class ReportShareCreateApi(APIView):
    """Makes a link to the answer's report: its owner only (another user gets 404)."""

    @extend_schema(
        request=None,
        responses={201: ReportShareCreatedSerializer},
        summary="Make a read-only link to my answer's report",
        description="409 too_many_shares when the answer already has "
                    f"{services_share.MAX_ACTIVE_SHARES_PER_ANSWER} active links.",
    )
    def post(self, request: Request, answer_id: str) -> Response:
        answer = session_selectors.answer_owned_get(user=request.user, answer_id=answer_id)
        share, token = services_share.report_share_create(answer=answer)
        data = {**ReportShareOutputSerializer(share).data,
                "url": request.build_absolute_uri(_share_path(token))}
        return Response(data, status=status.HTTP_201_CREATED)


ReportShareRevokeApi = delete_api(
    lambda request, answer_id, share_id: services_share.report_share_revoke(
        share=selectors_share.report_share_get(
            answer=session_selectors.answer_owned_get(user=request.user, answer_id=answer_id),
            share_id=share_id)),
    name="ReportShareRevokeApi",
    summary="Revoke a link to my answer's report: it stops working at once",
)


class SharedReportApi(APIView):
    """The public read behind a link: no sign-in, no session cookie needed."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [SharedReportThrottle]

    class OutputSerializer(ReportResultsSerializer):
        question = inline_serializer("SharedReportQuestion", {
            "text": serializers.CharField(), "category": serializers.CharField()})
        take = serializers.IntegerField()
        analysis_status = serializers.CharField()
        shared_at = serializers.DateTimeField()

    @extend_schema(
        auth=[], responses=OutputSerializer,
        summary="A shared answer report, read-only, by its link's token",
        description="The fields of the answer report (see its operation) without the "
                    "recording, the coaches' review, the pipeline's stages or any ids. 404 "
                    "for an unknown or revoked token.",
    )
    def get(self, request: Request, token: str) -> Response:
        return Response(self.OutputSerializer(selectors_share.shared_report(token=token)).data)

