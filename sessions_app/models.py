"""Candidates' interview sessions, their questions and recorded answers.

Primary keys of sessions and answers are UUIDs: they appear in URLs and WebSocket paths, and
must not let one user guess another's objects (ownership is still checked on every access).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS as KNOX_CONSTANTS

from sessions_app.questions.bank import BANK_CATEGORIES, BankEntryError, parse_bank_entry
from sessions_app.resume.roles import GENERAL, ROLE_LABELS, ROLES

ROLE_CHOICES = [(role, ROLE_LABELS[role]) for role in ROLES]


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


class SessionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


def resume_path(resume: Resume, filename: str) -> str:
    return f"resumes/{resume.owner_id}/{resume.id}/{filename}"


class Resume(models.Model):
    """An accepted résumé and what was read from it; refused files are never stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resumes"
    )
    file = models.FileField(upload_to=resume_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    source_format = models.CharField(max_length=10)
    text = models.TextField()
    parsed = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.owner})"


class InterviewSession(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_sessions"
    )
    target_role = models.CharField(max_length=120)
    role = models.CharField(
        max_length=40, choices=ROLE_CHOICES, blank=True,
        help_text="The role family questions are drawn for; derived from the target role.",
    )
    resume = models.ForeignKey(
        Resume, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    difficulty = models.CharField(
        max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.target_role} ({self.difficulty}) by {self.owner}"


class QuestionCategory(models.TextChoices):
    BEHAVIOURAL = "behavioural", "Behavioural"
    ROLE = "role", "Role-specific"
    SKILL = "skill", "Skill-specific"
    RESUME = "resume", "Résumé-based"
    FOLLOW_UP = "follow_up", "Follow-up"
    CUSTOM = "custom", "Custom"


class BankQuestion(models.Model):
    """A curated question, editable by staff; `key_points` feed the relevance scoring."""

    key = models.CharField(max_length=120, unique=True, help_text="A stable identifier.")
    role = models.CharField(
        max_length=40, choices=[(GENERAL, "Any role"), *ROLE_CHOICES], default=GENERAL
    )
    difficulty = models.CharField(max_length=10, choices=Difficulty.choices)
    category = models.CharField(
        max_length=20,
        choices=[(category.value, QuestionCategory(category).label)
                 for category in BANK_CATEGORIES],
    )
    text = models.TextField()
    key_points = models.JSONField(default=list)
    skills = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["role", "difficulty", "key"]
        indexes = [models.Index(fields=["role", "difficulty", "active"])]

    def __str__(self) -> str:
        return f"[{self.role}/{self.difficulty}] {self.text[:70]}"

    def as_entry(self) -> dict[str, object]:
        return {
            "key": self.key, "role": self.role, "difficulty": self.difficulty,
            "category": self.category, "text": self.text, "key_points": self.key_points,
            "skills": self.skills, "active": self.active,
        }

    def clean(self) -> None:
        """The generator skips invalid rows silently, so refuse them here, in the admin."""
        try:
            parse_bank_entry(self.as_entry())
        except BankEntryError as error:
            field = error.field if error.field in {f.name for f in self._meta.fields} else None
            raise ValidationError({field: error.message} if field else str(error)) from error


class Question(models.Model):
    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField()
    text = models.TextField()
    category = models.CharField(
        max_length=20, choices=QuestionCategory.choices, default=QuestionCategory.CUSTOM
    )
    key_points = models.JSONField(default=list, blank=True)
    key_points_origin = models.CharField(
        max_length=220, blank=True,
        help_text=(
            "Where the key points came from when the question was added without any: "
            "'bank:<key>' (the bank question asking the same thing), 'llm', or 'none' when "
            "neither gave any and coverage is not scored. Empty when they came with it."
        ),
    )
    key = models.CharField(
        max_length=200, blank=True,
        help_text="What the question is about, to avoid asking it again in the next sessions.",
    )
    source = models.CharField(max_length=20, blank=True)
    skills = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="unique_question_order")
        ]

    def __str__(self) -> str:
        return f"Q{self.order}: {self.text[:60]}"


class UploadState(models.TextChoices):
    NONE = "none", "No recording"
    UPLOADING = "uploading", "Uploading"
    COMPLETE = "complete", "Complete"


class AnalysisStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    PARTIAL = "partial", "Completed with missing modalities"
    FAILED = "failed", "Failed"


def recording_path(answer: Answer, filename: str) -> str:
    return f"recordings/{answer.session.owner_id}/{answer.id}/{filename}"


class Answer(models.Model):
    """One recorded answer to one question; several takes of a question are separate answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    order = models.PositiveIntegerField()

    recording = models.FileField(upload_to=recording_path, max_length=300, blank=True)
    analysis_audio = models.FileField(upload_to=recording_path, max_length=300, blank=True)
    upload_state = models.CharField(
        max_length=20, choices=UploadState.choices, default=UploadState.NONE
    )
    upload_filename = models.CharField(max_length=255, blank=True)
    upload_content_type = models.CharField(max_length=120, blank=True)
    upload_size = models.BigIntegerField(default=0, help_text="Declared total size in bytes.")
    upload_offset = models.BigIntegerField(default=0, help_text="Bytes received so far.")
    media_info = models.JSONField(null=True, blank=True)
    recording_expired_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When the recording and its derived audio were deleted under the retention "
                  "policy (RECORDING_RETENTION_DAYS); the report, scores and transcript stay.",
    )

    analysis_status = models.CharField(
        max_length=20, choices=AnalysisStatus.choices, default=AnalysisStatus.NOT_STARTED
    )
    analysis_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="unique_answer_order"),
            models.CheckConstraint(
                condition=models.Q(upload_offset__gte=0)
                & models.Q(upload_offset__lte=models.F("upload_size")),
                name="upload_offset_within_size",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer {self.order} to {self.question_id} ({self.analysis_status})"

    @property
    def owner_id(self) -> int:
        return self.session.owner_id


class ApiToken(AbstractAuthToken):
    """An API token for integrations (django-rest-knox's token, `KNOX_TOKEN_MODEL`).

    Knox stores only a SHA-512 digest of the key and an expiry; this model adds what a person
    needs to manage several tokens: a name ("CI", "ATS sync"), when it was last used, and a
    public id to list and revoke it by. Neither the id nor the digest reveals the key, which
    is shown once, when the token is created.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Knox makes the digest the primary key; it stays unique and indexed for the look-up,
    # but a URL names a token by its id, never by anything derived from the key.
    digest = models.CharField(max_length=KNOX_CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(max_length=100, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "-created"])]

    def __str__(self) -> str:
        return f"{self.name or 'API token'} ({self.id})"
