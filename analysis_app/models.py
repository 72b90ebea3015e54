"""Per-stage analysis records: what ran, when, how often, and what it produced."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from analysis_app.engine.graph import Stage, StageStatus
from analysis_app.engine.scoring import DIMENSIONS
from sessions_app.models import Answer


class StageRun(models.Model):
    """The state of one pipeline stage for one answer: the truth the pipeline runs on.

    One row per (answer, stage). A worker claims the row (queued, or started under a lease that
    expired) with one conditional UPDATE before doing any work, renews the lease while it works,
    and ends it with another conditional UPDATE that only the lease holder can make, so two
    deliveries of one message never run a stage at once and a finished stage is never redone.
    `sent_at` is when its doorbell last reached the broker: a queued row without one was never
    sent, and the reconciler sends it.
    """

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="stage_runs")
    stage = models.CharField(max_length=20, choices=[(s.value, s.value) for s in Stage])
    status = models.CharField(
        max_length=20,
        choices=[(s.value, s.value) for s in StageStatus],
        default=StageStatus.PENDING,
    )
    #: How many times a worker claimed the stage in this analysis.
    attempt = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["answer", "id"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "stage"], name="unique_stage_per_answer")
        ]
        indexes = [models.Index(fields=["status", "lease_until"], name="stagerun_status_lease")]

    def __str__(self) -> str:
        return f"{self.stage} {self.status} (answer {self.answer_id})"

    @property
    def duration_s(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class StageAttempt(models.Model):
    """One claim of a stage by one worker process, kept for the record.

    What an operator reads to see which worker ran what and which attempts were lost (a
    worker killed mid-stage), and what the fault tests read to prove that each stage's work
    was committed once and no two attempts overlapped.
    """

    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"
        RELEASED = "released", "Released (transient error)"
        LOST = "lost", "Lost (the worker stopped renewing its lease)"
        SUPERSEDED = "superseded", "Superseded (its lease was taken over)"

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="stage_attempts")
    stage = models.CharField(max_length=20, choices=[(s.value, s.value) for s in Stage])
    number = models.PositiveIntegerField()
    worker = models.CharField(max_length=200)
    started_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.RUNNING)

    class Meta:
        # A released attempt (transient error) gives its number back, so numbers may repeat.
        ordering = ["answer", "stage", "id"]

    def __str__(self) -> str:
        return f"{self.stage} attempt {self.number} by {self.worker} ({self.outcome})"


DIMENSION_CHOICES = [(name, name.replace("_", " ").capitalize()) for name in DIMENSIONS]


class AnswerReport(models.Model):
    """The assembled analysis of one answer: what the report page and training read.

    Stage results stay on their StageRuns; this row merges them once, when scoring finishes,
    so reads never have to re-assemble six JSON blobs.
    """

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="report")
    media = models.JSONField(default=dict)
    transcript = models.JSONField(default=dict)
    features = models.JSONField(default=dict)
    timelines = models.JSONField(default=dict)
    markers = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)
    missing = models.JSONField(default=dict)
    notes = models.JSONField(default=dict)
    explanations = models.JSONField(default=dict)
    baselines = models.JSONField(default=dict)
    scorers = models.JSONField(default=dict)
    feedback = models.JSONField(default=dict)
    modalities = models.JSONField(default=dict)
    rubric_version = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Report for answer {self.answer_id}"

    @property
    def overall(self) -> float | None:
        return self.scores.get("overall")


class ReviewerRating(models.Model):
    """A coach's 0-100 rating of one dimension of one answer; the learned models' labels."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="ratings")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings"
    )
    dimension = models.CharField(max_length=30, choices=DIMENSION_CHOICES)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["answer", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "reviewer", "dimension"], name="one_rating_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.score} by {self.reviewer}"


class ReviewComment(models.Model):
    """A coach's free-text review of an answer as a whole."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="review_comments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_comments"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "reviewer"], name="one_comment_per_reviewer")
        ]


class ScoringModel(models.Model):
    """A learned scorer for one dimension, kept with its cross-validated metrics.

    Only this table's bytes are ever unpickled (unpickling runs code), and at most one model
    per dimension is active; inactive ones stay for the record. The rubric and engine
    versions it was trained under are kept because a model learnt features as one engine
    release measured them, against ratings next to one rubric: after either changes, it is
    not used to score (empty: trained before versions were recorded, so never current).
    """

    dimension = models.CharField(max_length=30, choices=DIMENSION_CHOICES)
    version = models.CharField(max_length=80, unique=True)
    model_bytes = models.BinaryField()
    metadata = models.JSONField(default=dict)
    cv_metrics = models.JSONField(default=dict)
    n_samples = models.PositiveIntegerField()
    decision = models.TextField()
    is_active = models.BooleanField(default=False)
    rubric_version = models.CharField(max_length=40, blank=True, default="")
    engine_version = models.CharField(max_length=40, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dimension", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension"], condition=models.Q(is_active=True),
                name="one_active_model_per_dimension",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} ({'active' if self.is_active else 'inactive'})"


class AnswerForReview(Answer):
    """The reviewers' view of an answer in the admin: recording, transcript, scores, ratings."""

    class Meta:
        proxy = True
        verbose_name = "answer to review"
        verbose_name_plural = "answers to review"
