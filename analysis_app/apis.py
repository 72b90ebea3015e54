"""Starting an analysis (an upload's finish, a re-analysis) and reading its results: one
answer's report, one session's, and the candidate's progress across sessions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis_app import selectors, services
from sessions_app import selectors as session_selectors
from sessions_app.apis import AnswerOutputSerializer
from sessions_app.services import answer_upload_finish


class UploadFinishApi(APIView):
    @extend_schema(
        request=None,
        responses={202: AnswerOutputSerializer},
        summary="Finish the upload: validate the recording and queue its analysis",
        description="202 once the recording is stored and its analysis is queued in the "
                    "database, even while the broker is briefly down (the reconciler sends it).",
    )
    def post(self, request: Request, answer_id: str) -> Response:
        answer = session_selectors.answer_owned_get(user=request.user, answer_id=answer_id)
        answer = answer_upload_finish(answer=answer)
        answer = services.analysis_request(answer=answer)
        return Response(AnswerOutputSerializer(answer).data, status=status.HTTP_202_ACCEPTED)


class AnswerReanalyseApi(APIView):
    @extend_schema(
        request=None, responses={202: AnswerOutputSerializer}, summary="Run the analysis again"
    )
    def post(self, request: Request, answer_id: str) -> Response:
        answer = session_selectors.answer_owned_get(user=request.user, answer_id=answer_id)
        answer = services.answer_reanalyse(answer=answer)
        return Response(AnswerOutputSerializer(answer).data, status=status.HTTP_202_ACCEPTED)


class AnswerReportApi(APIView):
    class OutputSerializer(serializers.Serializer):
        answer_id = serializers.UUIDField()
        session_id = serializers.UUIDField()
        question = serializers.JSONField()
        analysis_status = serializers.CharField()
        analysis_error = serializers.CharField()
        stages = serializers.JSONField(help_text="[{stage, status, attempt, error}]")
        media = serializers.JSONField()
        transcript = serializers.JSONField(help_text="{text, words: [{word, start, end, "
                                                     "probability}]}")
        features = serializers.JSONField()
        timelines = serializers.JSONField(help_text="{pace_wpm|pitch_hz|loudness_db|"
                                                    "eye_contact: [{t, value}]}")
        markers = serializers.JSONField(help_text="{fillers, hedges, long_pauses}")
        scores = serializers.JSONField(help_text="ten dimensions and overall, 0-100 or null")
        missing = serializers.JSONField(help_text="why a score is null")
        notes = serializers.JSONField()
        explanations = serializers.JSONField(help_text="{dimension: [{feature, value, "
                                                       "contribution}]}")
        baselines = serializers.JSONField()
        feedback = serializers.JSONField(help_text="{summary, strengths, improvements}")
        modalities = serializers.JSONField()
        rubric_version = serializers.CharField(allow_null=True)

    @extend_schema(responses=OutputSerializer, summary="An answer's report: scores and why")
    def get(self, request: Request, answer_id: str) -> Response:
        answer = session_selectors.answer_get(user=request.user, answer_id=answer_id)
        return Response(self.OutputSerializer(selectors.answer_report(answer=answer)).data)


class SessionReportApi(APIView):
    class OutputSerializer(serializers.Serializer):
        session_id = serializers.UUIDField()
        answers = serializers.JSONField()
        dimensions = serializers.JSONField(help_text="{dimension: {mean, trend, ...}}")
        overall = serializers.FloatField(allow_null=True)
        top_improvements = serializers.ListField(child=serializers.CharField())
        focus = serializers.JSONField()
        summary = serializers.CharField()

    @extend_schema(responses=OutputSerializer, summary="A session's report across its answers")
    def get(self, request: Request, session_id: str) -> Response:
        session = session_selectors.session_get(user=request.user, session_id=session_id)
        return Response(self.OutputSerializer(selectors.session_report_for(session=session)).data)


class ProgressApi(APIView):
    @extend_schema(
        responses=inline_serializer("ProgressPoint", {
            "session_id": serializers.UUIDField(), "created_at": serializers.DateTimeField(),
            "target_role": serializers.CharField(), "scores": serializers.JSONField(),
        }, many=True),
        summary="My scores per session, oldest first",
    )
    def get(self, request: Request) -> Response:
        return Response(selectors.progress_for(user=request.user))
