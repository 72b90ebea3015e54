"""Per-user quotas: answers created per day and bytes of recordings stored.

Each analysis costs minutes of worker time and each recording up to UPLOAD_MAX_BYTES of
storage, so one account (or one leaked token) must not be able to take the platform's whole
capacity. The counts come from the database, the truth that every web node shares. A refusal
says which limit, how much is used and, for the daily one, when it resets (also as
Retry-After), in the API's error shape.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from interview_project.errors import DomainError
from sessions_app.models import Answer, UploadState


class QuotaExceededError(DomainError):
    """A quota refusal; `headers` go on the response (Retry-After for the daily quota)."""

    def __init__(self, message: str, *, code: str, status_code: int,
                 details: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().__init__(message, code=code, status_code=status_code, details=details)
        self.headers = headers or {}


def _day_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The UTC day `now` is in: quotas reset at midnight UTC, the same instant for everyone."""
    start = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def answers_today(*, owner_id: int, now: datetime | None = None) -> int:
    start, _ = _day_bounds(now or timezone.now())
    return Answer.objects.filter(session__owner_id=owner_id, created_at__gte=start).count()


def check_answer_quota(*, owner_id: int) -> None:
    """Before an answer is created; the caller holds a lock on the owner's row, so two
    concurrent creations cannot both take the last one."""
    limit = settings.QUOTA_ANSWERS_PER_DAY
    if limit <= 0:
        return
    now = timezone.now()
    used = answers_today(owner_id=owner_id, now=now)
    if used < limit:
        return
    _, resets_at = _day_bounds(now)
    retry_after = max(1, int((resets_at - now).total_seconds()))
    raise QuotaExceededError(
        f"You have created {used} answers today; the limit is {limit} a day. "
        f"It resets at {resets_at:%Y-%m-%d %H:%M} UTC.",
        code="answer_quota_exceeded", status_code=429,
        details={"limit": "answers_per_day", "quota": limit, "used": used,
                 "resets_at": resets_at.isoformat().replace("+00:00", "Z"),
                 "retry_after_s": retry_after},
        headers={"Retry-After": str(retry_after)},
    )


def stored_bytes(*, owner_id: int, excluding_answer_id: Any = None) -> int:
    """Bytes of the owner's recordings: stored ones and those being uploaded (their declared
    size is reserved when the upload starts); expired ones (retention) take no space."""
    answers = Answer.objects.filter(
        session__owner_id=owner_id,
        upload_state__in=[UploadState.UPLOADING, UploadState.COMPLETE],
        recording_expired_at__isnull=True,
    )
    if excluding_answer_id is not None:
        answers = answers.exclude(pk=excluding_answer_id)
    return int(answers.aggregate(total=Sum("upload_size"))["total"] or 0)


def check_storage_quota(*, owner_id: int, answer_id: Any, size: int) -> None:
    """Before an upload of `size` bytes starts (a restarted upload replaces its own)."""
    limit = settings.QUOTA_STORAGE_BYTES
    if limit <= 0:
        return
    used = stored_bytes(owner_id=owner_id, excluding_answer_id=answer_id)
    if used + size <= limit:
        return
    raise QuotaExceededError(
        f"This recording ({size} bytes) would take your stored recordings to {used + size} "
        f"bytes; the limit is {limit} bytes. It does not reset by itself: delete sessions you "
        "no longer need to free space.",
        code="storage_quota_exceeded", status_code=413,
        details={"limit": "storage_bytes", "quota": limit, "used": used, "requested": size,
                 "resets_at": None},
    )
