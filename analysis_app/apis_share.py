"""Read-only links to an answer's report: the candidate makes, lists and revokes them; anyone
holding a link reads the report it points to, without signing in."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis_app import selectors_share, services_share
from analysis_app.models import ReportShare
from interview_project.client_address import client_address
from interview_project.pagination import ApiPagination
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


def _share_path(token: str) -> str:
    """The web client's page that shows a shared report (frontend/src/App.tsx)."""
    return f"/shared/{token}"


class ReportShareListCreateApi(APIView):
    """GET lists the answer's links, POST makes one: the answer's owner only (another
    user, a reviewer included, gets 404)."""

    pagination_class = ApiPagination

    @extend_schema(
        responses=ReportShareOutputSerializer(many=True),
        summary="The links to my answer's report, newest first, revoked ones included "
                "(no tokens; paginated: ?limit=&offset=)",
    )
    def get(self, request: Request, answer_id: str) -> Response:
        answer = session_selectors.answer_owned_get(user=request.user, answer_id=answer_id)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors_share.report_share_list(answer=answer), request, view=self)
        return paginator.get_paginated_response(
            ReportShareOutputSerializer(page, many=True).data)

    @extend_schema(
        request=None,
        responses={201: inline_serializer("ReportShareCreated", {
            "id": serializers.IntegerField(),
            "created_at": serializers.DateTimeField(),
            "revoked_at": serializers.DateTimeField(allow_null=True),
            "is_active": serializers.BooleanField(),
            "url": serializers.URLField(
                help_text="The link, with its token. Shown this once: only a hash is kept."),
        })},
        summary="Make a read-only link to my answer's report",
        description="409 too_many_shares when the answer already has "
                    f"{services_share.MAX_ACTIVE_SHARES_PER_ANSWER} active links.",
    )
    def post(self, request: Request, answer_id: str) -> Response:
        answer = session_selectors.answer_owned_get(user=request.user, answer_id=answer_id)
        share, token = services_share.report_share_create(answer=answer)
        data: dict[str, Any] = dict(ReportShareOutputSerializer(share).data)
        data["url"] = request.build_absolute_uri(_share_path(token))
        return Response(data, status=status.HTTP_201_CREATED)


class ReportShareRevokeApi(APIView):
    @extend_schema(request=None, responses={204: None},
                   summary="Revoke a link to my answer's report: it stops working at once")
    def delete(self, request: Request, answer_id: str, share_id: int) -> Response:
        answer = session_selectors.answer_owned_get(user=request.user, answer_id=answer_id)
        share: ReportShare = selectors_share.report_share_get(answer=answer, share_id=share_id)
        services_share.report_share_revoke(share=share)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SharedReportApi(APIView):
    """The public read behind a link: no sign-in, no session cookie needed."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [SharedReportThrottle]

    class OutputSerializer(serializers.Serializer):
        question = serializers.JSONField(help_text="{text, category}")
        take = serializers.IntegerField()
        analysis_status = serializers.CharField()
        key_points = serializers.JSONField()
        transcript = serializers.JSONField()
        features = serializers.JSONField()
        feature_labels = serializers.JSONField()
        timelines = serializers.JSONField()
        markers = serializers.JSONField()
        scores = serializers.JSONField()
        missing = serializers.JSONField()
        notes = serializers.JSONField()
        explanations = serializers.JSONField()
        baselines = serializers.JSONField()
        feedback = serializers.JSONField()
        modalities = serializers.JSONField()
        rubric_version = serializers.CharField(allow_null=True)
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

