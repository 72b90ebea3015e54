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
        analysis_status = serializers.CharField(
            help_text="not_started, queued, running, completed, partial (a modality's analysis "
                      "failed: its dimensions are null and `missing` says why), failed")
        analysis_error = serializers.CharField()
        stages = serializers.JSONField(help_text="[{stage, status, attempt, error}]")
        media = serializers.JSONField()
        transcript = serializers.JSONField(help_text="{text, words: [{word, start, end, "
                                                     "probability}]}")
        features = serializers.JSONField()
        timelines = serializers.JSONField(help_text="{pace_wpm|pitch_hz|loudness_db|"
                                                    "eye_contact: [{t, value}]}")
        markers = serializers.JSONField(help_text="{fillers, hedges, long_pauses, restarts}")
        scores = serializers.JSONField(help_text="ten dimensions and overall, 0-100 or null")
        missing = serializers.JSONField(
            help_text="why a score is null, in words for the candidate: what the recording "
                      "lacks (no video track, no face in view, no speech), or that the "
                      "analysis of its modality failed and why")
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


class SessionAnswerTakeSerializer(serializers.Serializer):
    """One recorded answer in a session report. A question may have several takes (the
    candidate recorded it again); all are listed, one of them counts."""

    answer_id = serializers.UUIDField()
    question_id = serializers.IntegerField()
    question_text = serializers.CharField()
    take = serializers.IntegerField(
        help_text="Which recording of its question this is: 1 for the first, 2 for a "
                  "re-take, ... (in recording order).")
    is_counted_take = serializers.BooleanField(
        help_text="Whether this take counts in the session's means, trends and progress: "
                  "the latest take of its question whose analysis ended completed or "
                  "partial. A newer take still being analysed, or failed, does not "
                  "replace it until it has scores.")
    analysis_status = serializers.CharField()
    scores = serializers.JSONField(help_text="this take's scores ({} until analysed)")


class SessionReportApi(APIView):
    class OutputSerializer(serializers.Serializer):
        session_id = serializers.UUIDField()
        answer_count = serializers.IntegerField(
            help_text="How many answers the means and trends are over: one counted take per "
                      "analysed question.")
        answers = SessionAnswerTakeSerializer(
            many=True, help_text="Every take of every question, in recording order.")
        dimensions = serializers.JSONField(help_text="{dimension: {mean, trend, ...}}")
        overall = serializers.FloatField(allow_null=True)
        top_improvements = serializers.ListField(child=serializers.CharField())
        focus = serializers.JSONField()
        summary = serializers.CharField()

    @extend_schema(
        responses=OutputSerializer, summary="A session's report across its answers",
        description="Means, trends and focus count one take per question: its latest take "
                    "with a completed or partial analysis. Every take is listed in `answers`.",
    )
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
        description="Each session's mean over its counted takes: per question, the latest "
                    "take with a completed or partial analysis.",
    )
    def get(self, request: Request) -> Response:
        return Response(selectors.progress_for(user=request.user))
