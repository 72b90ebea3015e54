"""Starting an analysis (an upload's finish, a re-analysis) and reading its results: one
answer's report, one session's, and the candidate's progress across sessions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis_app import selectors, services
from analysis_app.engine.report import FeatureValue, ModalityState, ReportTranscript
from analysis_app.engine.scoring import Contribution
from analysis_app.engine.scoring.session import DimensionTrend, FocusItem
from analysis_app.engine.stages import Stage, StageStatus
from analysis_app.report_types import (
    FeatureLabel,
    FeedbackOrEmpty,
    MediaOrEmpty,
    ReportMarkers,
    ReportTimelines,
)
from interview_project.idempotency import idempotent
from interview_project.pagination import ApiPagination
from interview_project.typed_json_field import TypedJSONField
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
    @idempotent
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


class TakeFieldsSerializer(serializers.Serializer):
    """Which take of its question an answer is, and whether it is the one that counts."""

    take = serializers.IntegerField(
        help_text="Which recording of its question this is: 1 for the first, 2 for a "
                  "re-take, ... (in recording order).")
    is_counted_take = serializers.BooleanField(
        help_text="Whether this take counts in the session's means, trends and progress: "
                  "the latest take of its question whose analysis ended completed or "
                  "partial. A newer take still being analysed, or failed, does not "
                  "replace it until it has scores.")


class AnswerTakeSerializer(TakeFieldsSerializer):
    """One recorded answer (a take) of a question. A question may have several takes (the
    candidate recorded it again); all are listed, at most one of them counts."""

    answer_id = serializers.UUIDField()
    analysis_status = serializers.CharField()


class KeyPointSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The key point, as the question lists it.")
    covered = serializers.BooleanField(
        allow_null=True,
        help_text="Whether the answer covered it, by shared words or by meaning; null "
                  "when coverage was not measured.")
    evidence = serializers.CharField(
        allow_null=True,
        help_text="The answer's sentence that covered it, when the analysis kept one; "
                  "null otherwise.")


class KeyPointCoverageSerializer(serializers.Serializer):
    coverage_status = serializers.ChoiceField(
        choices=selectors.COVERAGE_STATUSES,
        help_text="scored: each point is marked covered or not. no_key_points: the question "
                  "has none, so coverage is not scored (not 0 %). not_measured: the question "
                  "has key points but this answer's coverage is unknown (analysis not "
                  "finished, or its content could not be analysed).")
    covered_count = serializers.IntegerField(
        allow_null=True, help_text="Key points covered; null unless scored.")
    total = serializers.IntegerField(help_text="Key points of the question.")
    points = KeyPointSerializer(many=True, help_text="In the question's order.")
    origin = serializers.ChoiceField(
        choices=("given", "bank", "llm"),
        help_text="given: they came with the question. bank: the question came without any "
                  "and borrowed those of the bank question asking the same thing. llm: the "
                  "optional LLM wrote them for it.")
    origin_question = serializers.CharField(
        allow_null=True, help_text="The bank question they were borrowed from; else null.")


class CoachRatingSerializer(serializers.Serializer):
    score = serializers.FloatField(
        help_text="The coaches' rating, 0-100 (their mean when several rated it).")
    reviewer_count = serializers.IntegerField(help_text="How many coaches rated it.")


class CoachCommentSerializer(serializers.Serializer):
    text = serializers.CharField()
    updated_at = serializers.DateTimeField()


class CoachReviewSerializer(serializers.Serializer):
    reviewer_count = serializers.IntegerField(help_text="Coaches who rated or commented.")
    ratings = serializers.DictField(
        child=CoachRatingSerializer(),
        help_text="{dimension: rating}, only the dimensions a coach rated.")
    comments = CoachCommentSerializer(many=True, help_text="Oldest first.")
    updated_at = serializers.DateTimeField(help_text="When a coach last changed the review.")


class ReportQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    category = serializers.CharField()
    key_points = serializers.ListField(child=serializers.CharField())


class ReportStageSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=[str(stage) for stage in Stage])
    status = serializers.ChoiceField(choices=[str(status) for status in StageStatus])
    attempt = serializers.IntegerField()
    error = serializers.CharField(help_text="Why the stage failed or was skipped; else \"\".")


class ReportResultsSerializer(serializers.Serializer):
    """What the analysis found, as the owner's report and a shared link both show it. Each
    part is served through the type it is stored as (`analysis_app.engine.report`), so it is
    documented field by field; parts are empty ({} or []) until the analysis produced them."""

    key_points = KeyPointCoverageSerializer(
        help_text="Which of the question's key points the answer covered.")
    transcript = TypedJSONField(ReportTranscript, help_text="The text and its timed words.")
    features = TypedJSONField(
        dict[str, FeatureValue],
        help_text="{feature: value}: the feature contract's keys (null when their modality "
                  "is absent), then the extras.")
    feature_labels = TypedJSONField(
        dict[str, FeatureLabel],
        help_text="{feature: {label, unit, shown}} for every feature in `features` and "
                  "`explanations`: its name in words (\"Pitch variation\"), its unit and "
                  "this answer's value in words (\"82% of frames\", ratios as "
                  "percentages); show these, never the raw names or numbers.")
    timelines = TypedJSONField(ReportTimelines, help_text="Per-second chart points.")
    markers = TypedJSONField(ReportMarkers, help_text="What to mark on the transcript.")
    scores = TypedJSONField(
        dict[str, float | None],
        help_text="{dimension: score}: the ten dimensions and overall, 0-100 or null.")
    missing = TypedJSONField(
        dict[str, str],
        help_text="{dimension: reason}: why a score is null, in words for the candidate: "
                  "what the recording lacks (no video track, no face in view, no speech), "
                  "or that the analysis of its modality failed and why.")
    notes = TypedJSONField(
        dict[str, str],
        help_text="{dimension: caveat} on a score that exists (e.g. measured on part of the "
                  "answer only).")
    explanations = TypedJSONField(
        dict[str, tuple[Contribution, ...]],
        help_text="{dimension: [{feature, value, contribution}]}, largest first: each "
                  "score is its baseline plus its contributions, in points.")
    baselines = TypedJSONField(
        dict[str, float | None],
        help_text="{dimension: baseline}: the score before any feature's contribution.")
    feedback = TypedJSONField(FeedbackOrEmpty, help_text="Summary, strengths, improvements.")
    modalities = TypedJSONField(
        dict[str, ModalityState],
        help_text="{stage: {status, reason}} for the speech, audio, video and text stages.")
    rubric_version = serializers.CharField(allow_null=True)


class AnswerReportApi(APIView):
    class OutputSerializer(TakeFieldsSerializer, ReportResultsSerializer):
        answer_id = serializers.UUIDField()
        session_id = serializers.UUIDField()
        question = ReportQuestionSerializer()
        takes = AnswerTakeSerializer(
            many=True, help_text="Every take of this question, this one included, in "
                                 "recording order.")
        coach_review = CoachReviewSerializer(
            allow_null=True,
            help_text="Coaches' ratings and comments on this answer, shown to its owner "
                      "only; null before any coach reviewed it, and for anyone but the "
                      "owner (coaches read reviews in the admin).")
        analysis_status = serializers.CharField(
            help_text="not_started, queued, running, completed, partial (a modality's analysis "
                      "failed: its dimensions are null and `missing` says why), failed")
        analysis_error = serializers.CharField()
        stages = ReportStageSerializer(many=True, help_text="The pipeline's stages, in order.")
        media = TypedJSONField(MediaOrEmpty, help_text="The recording's media info.")
        recording_expired_at = serializers.DateTimeField(
            allow_null=True,
            help_text="When the recording was deleted under the retention policy "
                      "(RECORDING_RETENTION_DAYS): the report stays, the recording is gone "
                      "(its download answers 410). Null while it is kept.")

    @extend_schema(responses=OutputSerializer, summary="An answer's report: scores and why")
    def get(self, request: Request, answer_id: str) -> Response:
        answer = session_selectors.answer_get(user=request.user, answer_id=answer_id)
        report = selectors.answer_report(answer=answer, viewer=request.user)
        return Response(self.OutputSerializer(report).data)


class SessionAnswerTakeSerializer(AnswerTakeSerializer):
    """One recorded answer in a session report, with its question and scores."""

    question_id = serializers.IntegerField()
    question_text = serializers.CharField()
    scores = TypedJSONField(dict[str, float | None],
                            help_text="this take's scores ({} until analysed)")


class SessionReportApi(APIView):
    class OutputSerializer(serializers.Serializer):
        session_id = serializers.UUIDField()
        answer_count = serializers.IntegerField(
            help_text="How many answers the means and trends are over: one counted take per "
                      "analysed question.")
        answers = SessionAnswerTakeSerializer(
            many=True, help_text="Every take of every question, in recording order.")
        dimensions = TypedJSONField(
            dict[str, DimensionTrend],
            help_text="{dimension: trend}: each of the ten dimensions' scores in answer order, "
                      "mean and trend over the counted takes.")
        overall = serializers.FloatField(allow_null=True)
        top_improvements = serializers.ListField(child=serializers.CharField())
        focus = TypedJSONField(
            tuple[FocusItem, ...],
            help_text="The (up to three) habits that cost the most points across the "
                      "session, with advice.")
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
    pagination_class = ApiPagination

    @extend_schema(
        responses=inline_serializer("ProgressPoint", {
            "session_id": serializers.UUIDField(), "created_at": serializers.DateTimeField(),
            "target_role": serializers.CharField(),
            "answer_count": serializers.IntegerField(
                help_text="How many answers the point is over: one counted take per "
                          "analysed question."),
            "scores": TypedJSONField(
                dict[str, float | None],
                help_text="{dimension: mean score} over the counted takes, null where none "
                          "was scored."),
        }, many=True),
        summary="My scores per session, oldest first (paginated: ?limit=&offset=)",
        description="Each session's mean over its counted takes: per question, the latest "
                    "take with a completed or partial analysis.",
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        sessions = selectors.progress_sessions(user=session_selectors.signed_in(request.user))
        page = paginator.paginate_queryset(sessions, request, view=self) or []
        return paginator.get_paginated_response(selectors.progress_points(sessions=page))
