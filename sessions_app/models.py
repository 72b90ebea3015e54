"""Candidates' interview sessions, their questions and recorded answers.

Primary keys of sessions and answers are UUIDs: they appear in URLs and WebSocket paths, and
must not let one user guess another's objects (ownership is still checked on every access).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


class SessionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class InterviewSession(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_sessions"
    )
    target_role = models.CharField(max_length=120)
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
