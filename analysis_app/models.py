"""Per-stage analysis records: what ran, when, how often, and what it produced."""

from __future__ import annotations

from django.db import models

from analysis_app.stages import Stage, StageStatus
from sessions_app.models import Answer


class StageRun(models.Model):
    """The state of one pipeline stage for one answer.

    One row per (answer, stage): a retry bumps `attempt` rather than adding rows, so the
    progress stream and the API read one current state per stage.
    """

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="stage_runs")
    stage = models.CharField(max_length=20, choices=[(s.value, s.value) for s in Stage])
    status = models.CharField(
        max_length=20,
        choices=[(s.value, s.value) for s in StageStatus],
        default=StageStatus.PENDING,
    )
    attempt = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["answer", "id"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "stage"], name="unique_stage_per_answer")
        ]

    def __str__(self) -> str:
        return f"{self.stage} {self.status} (answer {self.answer_id})"

    @property
    def duration_s(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
