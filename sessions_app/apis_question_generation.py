"""REST API for the questions the bank or the LLM chooses: generated sets, swaps, follow-ups,
and the role families the bank is curated for."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interview_project.api_schema import ErrorSerializer
from interview_project.api_views import validated_input
from interview_project.errors import DomainError
from interview_project.idempotency import idempotent
from sessions_app import selectors, services_question_generation
from sessions_app.apis import QuestionOutputSerializer
from sessions_app.models import ROLE_CHOICES, Resume


class GeneratedSetOutputSerializer(serializers.Serializer):
    questions = QuestionOutputSerializer(many=True)
    llm_used = serializers.BooleanField()
    fallback_reason = serializers.CharField(allow_null=True)


class RoleListApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        value = serializers.CharField()
        # A declared field, not Field.label: DRF's metaclass moves it into _declared_fields.
        label = serializers.CharField()  # type: ignore[assignment]

    @extend_schema(responses=OutputSerializer(many=True),
                   summary="The role families questions are curated for")
    def get(self, request: Request) -> Response:
        roles = [{"value": value, "label": label} for value, label in ROLE_CHOICES]
        return Response(self.OutputSerializer(roles, many=True).data)


class QuestionGenerateApi(APIView):
    class InputSerializer(serializers.Serializer):
        count = serializers.IntegerField(min_value=1, max_value=30, default=6)
        resume_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        seed = serializers.IntegerField(required=False, allow_null=True, default=None)
        use_llm = serializers.BooleanField(default=False)

    @extend_schema(request=InputSerializer, responses={201: GeneratedSetOutputSerializer},
                   summary="Add a balanced set of questions (behavioural, role, résumé)")
    @idempotent
    def post(self, request: Request, session_id: str) -> Response:
        session = selectors.session_owned_get(user=request.user, session_id=session_id)
        data = validated_input(self.InputSerializer, request)
        resume_id = data.pop("resume_id")
        resume: Resume | None = None
        if resume_id is not None:
            resume = selectors.resume_get(user=request.user, resume_id=resume_id)
        generated = services_question_generation.session_questions_generate(
            session=session, resume=resume, **data
        )
        return Response(GeneratedSetOutputSerializer(generated).data,
                        status=status.HTTP_201_CREATED)


class QuestionSwapApi(APIView):
    @extend_schema(
        request=None,
        responses={
            200: QuestionOutputSerializer,
            409: OpenApiResponse(ErrorSerializer, description="The question already has an "
                                 "answer (`question_answered`), or the bank has no other "
                                 "question for the session (`no_swap_available`)."),
        },
        summary="Swap a question for another from the bank before answering it",
        description="Same role and category when the bank has one, never a question the "
                    "session already holds. The question keeps its id and place.",
    )
    @idempotent
    def post(self, request: Request, session_id: str, question_id: int) -> Response:
        question = selectors.question_owned_get(
            user=request.user, session_id=session_id, question_id=question_id
        )
        question = services_question_generation.question_swap(question=question)
        return Response(QuestionOutputSerializer(question).data)


class FollowUpNextApi(APIView):
    """The follow-up an answer offers, read without adding it: the preview the room and the
    report show. Only POST .../follow-ups/ (taking it up) changes the session."""

    class OutputSerializer(serializers.Serializer):
        text = serializers.CharField()
        category = serializers.CharField()
        key_points = serializers.ListField(child=serializers.CharField())
        question = QuestionOutputSerializer(allow_null=True)

    @extend_schema(
        responses={
            200: OutputSerializer,
            204: OpenApiResponse(description="The answer leaves nothing to follow up (no "
                                             "gap in its story or key points): no offer."),
            404: OpenApiResponse(ErrorSerializer, description="No such answer, one of "
                                 "another user's, or an answer without a question."),
            409: OpenApiResponse(ErrorSerializer, description="The answer's transcript "
                                 "analysis is not finished (`analysis_not_ready`)."),
        },
        summary="Preview the follow-up question an answer offers, without adding it",
        description="Changes nothing. The text, category and key points are exactly what "
                    "POST /api/answers/{answer_id}/follow-ups/ with `limit` 1 (and no LLM) "
                    "adds; `question` is the session's question once that call has added it, "
                    "else null. Owner only.",
    )
    def get(self, request: Request, answer_id: str) -> Response:
        answer = selectors.answer_owned_get(user=request.user, answer_id=answer_id)
        if answer.question is None:
            raise DomainError("The answer has no question.", code="not_found", status_code=404)
        preview = selectors.answer_follow_up_preview(answer=answer)
        if preview is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.OutputSerializer(preview).data)


class FollowUpCreateApi(APIView):
    class InputSerializer(serializers.Serializer):
        use_llm = serializers.BooleanField(default=False)
        limit = serializers.IntegerField(min_value=1, max_value=5, default=2)

    @extend_schema(request=InputSerializer,
                   responses={201: GeneratedSetOutputSerializer, 200: GeneratedSetOutputSerializer},
                   summary="Add follow-up questions about what the answer left out",
                   description="Once per answer: 201 when they are added; 200 with the "
                               "follow-ups an earlier call added (at most `limit`). "
                               "GET .../follow-ups/next/ shows the first one without "
                               "adding it.")
    @idempotent
    def post(self, request: Request, answer_id: str) -> Response:
        answer = selectors.answer_owned_get(user=request.user, answer_id=answer_id)
        data = validated_input(self.InputSerializer, request)
        if answer.question is None:
            raise DomainError("The answer has no question.", code="not_found", status_code=404)
        generated = services_question_generation.answer_follow_ups_create(answer=answer,
                                                                **data)
        return Response(GeneratedSetOutputSerializer(generated).data,
                        status=status.HTTP_201_CREATED if generated.created else status.HTTP_200_OK)
