"""REST API for interview sessions, questions, answers and resumable recording uploads.

One small view per operation with its own input/output serializers (HackSoft style); views
only parse, call a selector or service, and serialise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis_app.engine.stages import STAGE_ORDER
from interview_project.api_schema import ErrorSerializer
from interview_project.api_views import delete_api, list_api, validated_input
from interview_project.errors import DomainError
from interview_project.idempotency import idempotent
from interview_project.request_limits import read_bounded
from sessions_app import selectors, services
from sessions_app.file_responses import ranged_file_response
from sessions_app.models import (
    ROLE_CHOICES,
    Answer,
    Difficulty,
    InterviewSession,
    QuestionCategory,
)

#: The longest question a candidate may write, added or edited.
QUESTION_TEXT_MAX_LENGTH = 2000


class QuestionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    text = serializers.CharField()
    category = serializers.CharField()
    key_points = serializers.ListField(child=serializers.CharField())
    key_points_origin = serializers.CharField(
        help_text="'' (given with the question), 'bank:<key>', 'llm' or 'none' (not scored)."
    )
    # A declared field, not Field.source: DRF's metaclass moves it into _declared_fields.
    source = serializers.CharField()  # type: ignore[assignment]
    skills = serializers.ListField(child=serializers.CharField())


class StageRunOutputSerializer(serializers.Serializer):
    stage = serializers.CharField()
    status = serializers.CharField()
    attempt = serializers.IntegerField()
    queued_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    duration_s = serializers.FloatField(allow_null=True)
    error = serializers.CharField()


class UploadOutputSerializer(serializers.Serializer):
    state = serializers.CharField(source="upload_state")
    filename = serializers.CharField(source="upload_filename")
    size = serializers.IntegerField(source="upload_size")
    offset = serializers.IntegerField(source="upload_offset")


class AnswerOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    session_id = serializers.UUIDField()
    question_id = serializers.IntegerField()
    order = serializers.IntegerField()
    upload = UploadOutputSerializer(source="*")
    media_info = serializers.JSONField(allow_null=True)
    recording_expired_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the recording was deleted under the retention policy "
                  "(RECORDING_RETENTION_DAYS); the report, scores and transcript stay. Null "
                  "while the recording is kept.")
    analysis_status = serializers.CharField()
    analysis_error = serializers.CharField()
    stages = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(StageRunOutputSerializer(many=True))
    def get_stages(self, answer: Answer) -> list[dict[str, Any]]:
        runs = sorted(answer.stage_runs.all(), key=lambda run: STAGE_ORDER.get(run.stage, 99))
        return [StageRunOutputSerializer(run).data for run in runs]


class SessionOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    owner = serializers.CharField(source="owner.username")
    target_role = serializers.CharField()
    role = serializers.CharField()
    difficulty = serializers.CharField()
    resume_id = serializers.UUIDField(allow_null=True)
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)


class SessionDetailOutputSerializer(SessionOutputSerializer):
    questions = QuestionOutputSerializer(many=True)
    answers = AnswerOutputSerializer(many=True)


def _session_detail(session: InterviewSession) -> dict[str, Any]:
    session = (
        InterviewSession.objects.select_related("owner")
        .prefetch_related("questions", "answers__stage_runs")
        .get(pk=session.pk)
    )
    return SessionDetailOutputSerializer(session).data


SessionListApi = list_api(
    lambda request: selectors.session_list(user=request.user), SessionOutputSerializer,
    name="SessionListApi", summary="List my sessions, newest first (paginated: ?limit=&offset=)",
)


class SessionCreateApi(APIView):
    class InputSerializer(serializers.Serializer):
        target_role = serializers.CharField(max_length=120)
        difficulty = serializers.ChoiceField(choices=Difficulty.choices, default=Difficulty.MEDIUM)
        role = serializers.ChoiceField(
            choices=ROLE_CHOICES, required=False, default="",
            help_text="Role family for the question bank; derived from target_role if unset.",
        )
        resume_id = serializers.UUIDField(required=False, allow_null=True, default=None)

    @extend_schema(
        request=InputSerializer,
        responses={201: SessionDetailOutputSerializer},
        summary="Start a new interview session",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = validated_input(self.InputSerializer, request)
        resume_id = data.pop("resume_id")
        resume = None
        if resume_id is not None:
            resume = selectors.resume_get(user=request.user, resume_id=resume_id)
        session = services.session_create(
            owner=selectors.signed_in(request.user), resume=resume, **data
        )
        return Response(_session_detail(session), status=status.HTTP_201_CREATED)


class SessionDetailApi(APIView):
    @extend_schema(responses=SessionDetailOutputSerializer, summary="A session with its answers")
    def get(self, request: Request, session_id: str) -> Response:
        session = selectors.session_get(user=request.user, session_id=session_id)
        return Response(_session_detail(session))


SessionDeleteApi = delete_api(
    lambda request, session_id: services.session_delete(
        session=selectors.session_owned_get(user=request.user, session_id=session_id)),
    name="SessionDeleteApi", summary="Delete a session and its recordings",
)


class QuestionCreateApi(APIView):
    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=QUESTION_TEXT_MAX_LENGTH)
        category = serializers.ChoiceField(
            choices=QuestionCategory.choices, default=QuestionCategory.CUSTOM
        )
        key_points = serializers.ListField(
            child=serializers.CharField(max_length=200),
            required=False,
            default=list,
            max_length=30,
        )

    @extend_schema(
        request=InputSerializer,
        responses={201: QuestionOutputSerializer},
        summary="Add a question to a session",
    )
    @idempotent
    def post(self, request: Request, session_id: str) -> Response:
        session = selectors.session_owned_get(user=request.user, session_id=session_id)
        data = validated_input(self.InputSerializer, request)
        question = services.question_create(session=session, **data)
        return Response(QuestionOutputSerializer(question).data, status=status.HTTP_201_CREATED)


class QuestionUpdateApi(APIView):
    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=QUESTION_TEXT_MAX_LENGTH)

    @extend_schema(
        request=InputSerializer,
        responses={
            200: QuestionOutputSerializer,
            409: OpenApiResponse(ErrorSerializer, description="The question already has an "
                                 "answer (code `question_answered`)."),
        },
        summary="Reword a question before answering it",
        description="New words clear the question's key points; the analysis finds them again "
                    "for the new text. 409 `question_answered` once any take of it exists.",
    )
    def post(self, request: Request, session_id: str, question_id: int) -> Response:
        question = selectors.question_owned_get(
            user=request.user, session_id=session_id, question_id=question_id
        )
        data = validated_input(self.InputSerializer, request)
        question = services.question_text_update(question=question, **data)
        return Response(QuestionOutputSerializer(question).data)


class AnswerCreateApi(APIView):
    class InputSerializer(serializers.Serializer):
        question_id = serializers.IntegerField()

    @extend_schema(
        request=InputSerializer,
        responses={201: AnswerOutputSerializer},
        summary="Start an answer (a take) to one of the session's questions",
    )
    @idempotent
    def post(self, request: Request, session_id: str) -> Response:
        session = selectors.session_owned_get(user=request.user, session_id=session_id)
        data = validated_input(self.InputSerializer, request)
        question = (
            selectors.question_list(session=session)
            .filter(id=data["question_id"])
            .first()
        )
        if question is None:
            raise DomainError(
                "No such question in this session.", code="not_found", status_code=404
            )
        answer = services.answer_create(session=session, question=question)
        return Response(AnswerOutputSerializer(answer).data, status=status.HTTP_201_CREATED)


class AnswerDetailApi(APIView):
    @extend_schema(responses=AnswerOutputSerializer, summary="An answer with its stage states")
    def get(self, request: Request, answer_id: str) -> Response:
        answer = selectors.answer_get(user=request.user, answer_id=answer_id)
        return Response(AnswerOutputSerializer(answer).data)


class UploadStartApi(APIView):
    class InputSerializer(serializers.Serializer):
        filename = serializers.CharField(max_length=255)
        size = serializers.IntegerField(min_value=0)
        content_type = serializers.CharField(max_length=120, required=False, default="")

    @extend_schema(
        request=InputSerializer,
        responses={201: UploadOutputSerializer},
        summary="Declare a resumable upload of the answer's recording",
    )
    def post(self, request: Request, answer_id: str) -> Response:
        answer = selectors.answer_owned_get(user=request.user, answer_id=answer_id)
        data = validated_input(self.InputSerializer, request)
        answer = services.answer_upload_start(answer=answer, **data)
        return Response(UploadOutputSerializer(answer).data, status=status.HTTP_201_CREATED)


class UploadStatusApi(APIView):
    @extend_schema(
        responses=UploadOutputSerializer, summary="Where to resume: the bytes the server holds"
    )
    def get(self, request: Request, answer_id: str) -> Response:
        answer = selectors.answer_owned_get(user=request.user, answer_id=answer_id)
        return Response(UploadOutputSerializer(answer).data)


class RawBytesParser(BaseParser):
    """Chunks travel as raw bytes: no multipart overhead, and the offset is in a header.

    Read bounded: at most UPLOAD_CHUNK_MAX_BYTES + 1 bytes are ever held (413 past them),
    whatever Content-Length claimed; a declared length over the limit is refused before any
    byte is read (interview_project/request_limits.py).
    """

    media_type = "application/octet-stream"

    # The stubs allow only mappings, but request.data is whatever the parser returns.
    def parse(  # type: ignore[override]
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        return read_bounded(stream, settings.UPLOAD_CHUNK_MAX_BYTES, code="chunk_too_large")


#: The most digits an Upload-Offset may have: 10^18 bytes is more than any upload.
_OFFSET_MAX_DIGITS = 18


def _upload_offset(raw: str) -> int:
    """The Upload-Offset header as a byte offset. ASCII digits only: `str.isdigit` and `int`
    also accept other scripts' digits ("²", "٣"), which no client means as an offset."""
    if not (raw.isascii() and raw.isdigit() and len(raw) <= _OFFSET_MAX_DIGITS):
        raise DomainError(
            "The Upload-Offset header must be a byte offset (ASCII digits).",
            code="missing_offset",
        )
    return int(raw)


class UploadChunkApi(APIView):
    parser_classes = [RawBytesParser]

    @extend_schema(
        request={"application/octet-stream": OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter(
                "Upload-Offset",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                required=True,
                description="Byte offset of this chunk.",
            )
        ],
        responses=UploadOutputSerializer,
        summary="Send one chunk at its byte offset (retrying a chunk is harmless)",
    )
    def put(self, request: Request, answer_id: str) -> Response:
        answer = selectors.answer_owned_get(user=request.user, answer_id=answer_id)
        offset = _upload_offset(request.headers.get("Upload-Offset", ""))
        data = request.data if isinstance(request.data, bytes) else b""
        answer = services.answer_upload_chunk(answer=answer, offset=offset, data=data)
        return Response(UploadOutputSerializer(answer).data)


UploadCancelApi = delete_api(
    lambda request, answer_id: services.answer_upload_cancel(
        answer=selectors.answer_owned_get(user=request.user, answer_id=answer_id)),
    name="UploadCancelApi", summary="Abandon an unfinished upload",
)


class RecordingDownloadApi(APIView):
    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            (206, "application/octet-stream"): OpenApiTypes.BINARY,
            410: OpenApiResponse(ErrorSerializer, description="The recording was deleted under "
                                 "the retention policy (code `recording_expired`)."),
        },
        summary="The answer's recording (private; supports Range)",
        description="410 (code `recording_expired`) once the recording was deleted under the "
                    "retention policy; the answer's report stays.",
    )
    def get(self, request: Request, answer_id: str) -> HttpResponse | FileResponse:
        answer = selectors.answer_get(user=request.user, answer_id=answer_id)
        if answer.recording_expired_at is not None:
            raise DomainError(
                f"This recording was deleted on {answer.recording_expired_at:%Y-%m-%d} under "
                "the retention policy; its report, scores and transcript are kept.",
                code="recording_expired", status_code=410,
                details={"expired_at": answer.recording_expired_at.isoformat()},
            )
        if not answer.recording.name:
            raise DomainError(
                "This answer has no recording yet.", code="not_found", status_code=404
            )
        return ranged_file_response(request._request, answer.recording.name)
