"""REST API for résumés: upload (parsed before it is stored), list, read, delete."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interview_project.api_views import delete_api, list_api, validated_input
from interview_project.typed_json_field import TypedJSONField
from sessions_app import selectors, services_resumes
from sessions_app.resume import ParsedResume


class ResumeOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    original_name = serializers.CharField()
    size = serializers.IntegerField()
    source_format = serializers.CharField()
    parsed = TypedJSONField(ParsedResume)
    created_at = serializers.DateTimeField()


class ResumeUploadApi(APIView):
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses={201: ResumeOutputSerializer},
                   summary="Upload a résumé (PDF, DOCX or TXT) and get what was read from it")
    def post(self, request: Request) -> Response:
        data = validated_input(self.InputSerializer, request)
        resume = services_resumes.resume_upload(owner=selectors.signed_in(request.user),
                                                file=data["file"])
        return Response(ResumeOutputSerializer(resume).data, status=status.HTTP_201_CREATED)


ResumeListApi = list_api(
    lambda request: selectors.resume_list(user=request.user), ResumeOutputSerializer,
    name="ResumeListApi", summary="My résumés, newest first (paginated: ?limit=&offset=)",
)


class ResumeDetailApi(APIView):
    @extend_schema(responses=ResumeOutputSerializer, summary="A résumé's parse result")
    def get(self, request: Request, resume_id: str) -> Response:
        resume = selectors.resume_get(user=request.user, resume_id=resume_id)
        return Response(ResumeOutputSerializer(resume).data)


ResumeDeleteApi = delete_api(
    lambda request, resume_id: services_resumes.resume_delete(
        resume=selectors.resume_get(user=request.user, resume_id=resume_id)),
    name="ResumeDeleteApi", summary="Delete a résumé and its file",
)
