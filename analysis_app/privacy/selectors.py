"""Reads for the data export: the user's JSON document and the stored files that go with it.

Only the user's own rows are read (every query is filtered by them), so nothing of another
user can appear: coaches who reviewed the user's answers are not named, and a coach's own
ratings appear with the answer's id only. Secrets never appear: no token key or digest, no
webhook secret, no password hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.utils import timezone

from analysis_app.models import ReviewComment, ReviewerRating, Webhook
from sessions_app.models import Answer, ApiToken, InterviewSession, Question, Resume
from sessions_app.selectors import user_can_see_all

EXPORT_FORMAT = "interview-coach-export"
EXPORT_VERSION = 1

_REPORT_FIELDS = ("media", "transcript", "features", "timelines", "markers", "scores",
                  "missing", "notes", "explanations", "baselines", "scorers", "feedback",
                  "modalities", "rubric_version", "created_at", "updated_at")


@dataclass(frozen=True)
class ExportFile:
    """A stored file of the user's and its path inside the ZIP."""

    arcname: str
    name: str


def _arcname(folder: str, stored_name: str) -> str:
    """A path inside the ZIP from ids and the stored file's own (server-made) name."""
    return f"{folder}/{PurePosixPath(stored_name).name}"


def _fields(obj: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _account(user: User) -> dict[str, Any]:
    return {
        **_fields(user, ("id", "username", "email", "first_name", "last_name", "date_joined",
                         "last_login", "is_staff")),
        "is_reviewer": user_can_see_all(user),
    }


def _resumes(user: User, files: list[ExportFile]) -> list[dict[str, Any]]:
    rows = []
    for resume in Resume.objects.filter(owner=user).order_by("created_at"):
        arcname = None
        if resume.file.name:
            arcname = _arcname(f"resumes/{resume.pk}", resume.file.name)
            files.append(ExportFile(arcname, resume.file.name))
        rows.append({**_fields(resume, ("id", "original_name", "size", "source_format",
                                        "created_at", "text", "parsed")),
                     "file": arcname})
    return rows


def _coach_review(answer: Answer) -> dict[str, Any]:
    """What coaches said about the user's answer, without naming them."""
    return {
        "ratings": [_fields(rating, ("dimension", "score", "comment", "created_at",
                                     "updated_at")) for rating in answer.ratings.all()],
        "comments": [_fields(comment, ("text", "created_at", "updated_at"))
                     for comment in answer.review_comments.all()],
    }


def _answer(answer: Answer, files: list[ExportFile]) -> dict[str, Any]:
    stored: dict[str, str | None] = {}
    for key, field, folder in (
        ("recording_file", answer.recording, f"recordings/{answer.pk}"),
        ("analysis_audio_file", answer.analysis_audio, f"recordings/{answer.pk}/analysis"),
    ):
        stored[key] = None
        if field.name:
            arcname = stored[key] = _arcname(folder, field.name)
            files.append(ExportFile(arcname, field.name))
    report = getattr(answer, "report", None)
    return {
        **_fields(answer, ("id", "question_id", "order", "created_at", "updated_at",
                           "upload_filename", "upload_content_type", "upload_size",
                           "upload_state", "media_info", "recording_expired_at",
                           "analysis_status", "analysis_error")),
        **stored,
        "report": _fields(report, _REPORT_FIELDS) if report is not None else None,
        "coach_review": _coach_review(answer),
        # The links the user made to this report; their tokens are not kept (only a hash,
        # which is a secret of the platform's, not the user's data).
        "report_shares": [_fields(share, ("id", "created_at", "revoked_at", "is_active"))
                          for share in answer.report_shares.all()],
    }


def _sessions(user: User, files: list[ExportFile]) -> list[dict[str, Any]]:
    answers = (Answer.objects.select_related("report")
               .prefetch_related("ratings", "review_comments", "report_shares")
               .order_by("order"))
    sessions = (InterviewSession.objects.filter(owner=user).order_by("created_at")
                .prefetch_related(Prefetch("questions", Question.objects.order_by("order")),
                                  Prefetch("answers", answers)))
    return [
        {
            **_fields(session, ("id", "target_role", "role", "difficulty", "status",
                                "resume_id", "created_at", "updated_at", "started_at",
                                "completed_at")),
            "questions": [
                _fields(question, ("id", "order", "text", "category", "key_points",
                                   "key_points_origin", "key", "source", "skills",
                                   "created_at"))
                for question in session.questions.all()
            ],
            "answers": [_answer(answer, files) for answer in session.answers.all()],
        }
        for session in sessions
    ]


def _reviews_given(user: User) -> dict[str, list[dict[str, Any]]]:
    """A coach's own ratings and comments: the answer's id, never its candidate."""
    return {
        "ratings": [_fields(rating, ("answer_id", "dimension", "score", "comment",
                                     "created_at", "updated_at"))
                    for rating in ReviewerRating.objects.filter(reviewer=user)
                    .order_by("created_at", "id")],
        "comments": [_fields(comment, ("answer_id", "text", "created_at", "updated_at"))
                     for comment in ReviewComment.objects.filter(reviewer=user)
                     .order_by("created_at", "id")],
    }


def _webhooks(user: User) -> list[dict[str, Any]]:
    """Endpoints and their delivery log, never the signing secret."""
    hooks = Webhook.objects.filter(owner=user).prefetch_related("deliveries").order_by(
        "created_at")
    return [
        {**_fields(hook, ("id", "url", "events", "active", "created_at", "updated_at")),
         "deliveries": [_fields(delivery, ("id", "event", "status", "attempt_count",
                                           "last_status_code", "created_at", "delivered_at"))
                        for delivery in hook.deliveries.all()]}
        for hook in hooks
    ]


def user_data_export(*, user: User) -> tuple[dict[str, Any], list[ExportFile]]:
    """The user's data as one JSON-ready document (datetimes and UUIDs left to the encoder),
    and the stored files it names, by their path in the ZIP."""
    files: list[ExportFile] = []
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
        "account": _account(user),
        "resumes": _resumes(user, files),
        "sessions": _sessions(user, files),
        "reviews_given": _reviews_given(user),
        "api_tokens": [_fields(token, ("id", "name", "created", "expiry", "last_used_at"))
                       for token in ApiToken.objects.filter(user=user).order_by("created")],
        "webhooks": _webhooks(user),
    }
    return document, files
