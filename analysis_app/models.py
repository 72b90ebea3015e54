"""Per-stage analysis records (what ran, when, how often, and what it produced), reports,
reviews and scoring models, and the integrators' webhooks with their delivery log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from analysis_app.engine.scoring import DIMENSIONS
from analysis_app.engine.stages import Stage, StageStatus
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

    # Not fields: the review queue's queryset annotates them (AnswerReviewAdmin.get_queryset).
    review_count: int
    reviewed_by_me: bool

    class Meta:
        proxy = True
        verbose_name = "answer to review"
        verbose_name_plural = "answers to review"


class WebhookEvent(models.TextChoices):
    """What an integrator can subscribe to; `ping` is only sent on request, never subscribed."""

    ANSWER_COMPLETED = "answer.completed", "An answer's analysis ended with scores"
    ANSWER_FAILED = "answer.failed", "An answer's analysis failed"
    SESSION_COMPLETED = "session.completed", "Every question of a session has a scored answer"
    PING = "ping", "A test event sent on request"


#: The events a webhook may subscribe to.
SUBSCRIBABLE_EVENTS = (WebhookEvent.ANSWER_COMPLETED, WebhookEvent.ANSWER_FAILED,
                       WebhookEvent.SESSION_COMPLETED)


class Webhook(models.Model):
    """An integrator's endpoint: where events of its owner's sessions are pushed, signed.

    The secret is stored as it is (not hashed): every delivery is signed with it, as Stripe
    and GitHub do, so it must be readable by the sender. The API shows it in full only in the
    answer to the creation, and a hint afterwards. The id is a UUID because it is in URLs.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list, help_text="The subscribed event names.")
    secret = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "active"], name="webhook_owner_active")]

    def __str__(self) -> str:
        return f"{self.url} ({self.owner})"

    @property
    def secret_hint(self) -> str:
        """Enough to tell secrets apart, not enough to forge a signature."""
        return f"{self.secret[:6]}…{self.secret[-4:]}" if self.secret else ""


class WebhookDelivery(models.Model):
    """One event for one endpoint: the truth its sending runs on (the broker only rings).

    Its id is the `X-Webhook-Delivery` header and the body's `id`, the same on every attempt,
    so a receiver can drop duplicates. The body is kept as the exact bytes sent (a JSON
    column would not keep their order), so every attempt signs and sends the same body.
    A worker claims a due delivery (pending, `next_attempt_at` passed, no live lease) with one
    conditional UPDATE; only the lease holder records how its attempt ended. `sent_at` is
    when its doorbell last reached the broker: a due delivery whose doorbell was not rung
    since it became due is rung by the reconciler.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending (due now or at next_attempt_at)"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed (gave up)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    body = models.TextField(help_text="The exact JSON body every attempt sends.")
    #: Non-empty for events sent at most once per endpoint ("session.completed:<session id>").
    dedupe_key = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    #: A redelivery starts a new series; attempts and the retry window count per series.
    series = models.PositiveIntegerField(default=1)
    series_started_at = models.DateTimeField()
    series_attempts = models.PositiveIntegerField(default=0)
    attempt_count = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "dedupe_key"], condition=~models.Q(dedupe_key=""),
                name="one_delivery_per_dedupe_key",
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_status_due"),
            models.Index(fields=["webhook", "-created_at"], name="delivery_webhook_created"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.id} ({self.status})"


class WebhookAttempt(models.Model):
    """One try at sending a delivery: what the receiver answered, how long it took, or why
    it could not be reached. Kept for the delivery log the API and the admin show."""

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded (2xx)"
        FAILED = "failed", "Failed"

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveIntegerField(help_text="1, 2, ... over the delivery's life.")
    series = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField()
    duration_ms = models.FloatField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id} ({self.outcome})"


class ReportShare(models.Model):
    """A read-only link to one answer's report that its candidate made to show someone.

    The link's token is a bearer secret (whoever holds it reads the report), so only its
    SHA-256 is stored: a leaked database or backup does not leak working links. The token is
    shown once, when the share is made. Revoking keeps the row (the candidate's list shows
    what was shared and when it stopped) but the link stops working at once. The row goes
    with its answer (and so with the account) by the foreign key's cascade.
    """

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="report_shares")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["answer", "-created_at", "-id"]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"Share {self.pk} of answer {self.answer_id} ({state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
