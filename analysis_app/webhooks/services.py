"""Writes for webhooks: endpoints, the deliveries events create, attempts, retries, re-sends.

- `webhook_create` / `webhook_update` / `webhook_delete`: an owner's endpoints; the target is
  checked (`targets.check_target`) on every save.
- `answer_settled_notify` runs in the transaction that settles an answer (`_finalize` in
  `analysis_app.services`): it records `answer.completed` (completed or partial) or
  `answer.failed`, and `session.completed` when the session is done (see
  `_session_completed`), one `WebhookDelivery` per subscribed endpoint, rung after commit.
- `delivery_attempt` is the body of the Celery task: claim the due delivery with one
  conditional UPDATE, check the target again, POST, record the `WebhookAttempt`, and either
  mark it delivered, schedule the next try (exponential backoff with full jitter) or give up
  after WEBHOOK_MAX_ATTEMPTS tries or WEBHOOK_RETRY_MAX_HOURS, whichever comes first.
- `deliveries_reconcile` (beat) rings the due deliveries whose doorbell was never rung or
  got lost, and prunes old finished ones.
- `delivery_redeliver` starts a new series of attempts with the same delivery id;
  `webhook_ping` sends a `ping` at once and waits for its one attempt.
"""

from __future__ import annotations

import json
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from analysis_app.models import (
    SUBSCRIBABLE_EVENTS,
    AnswerReport,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
)
from analysis_app.selectors import ANALYSED_STATUSES, counted_reports, session_report_for
from analysis_app.webhooks import sender
from analysis_app.webhooks.dispatch import deliveries_dispatch
from analysis_app.webhooks.signing import new_secret, signed_headers
from analysis_app.webhooks.targets import Target, TargetRefusedError, check_target
from interview_project.errors import ConflictError
from sessions_app.models import AnalysisStatus, Answer, InterviewSession, Question

logger = logging.getLogger(__name__)

USER_AGENT = "InterviewCoach-Webhooks/1.0"
#: A delivery recorded but not rung yet is left to its own transaction's after-commit ring
#: for this long before the reconciler rings it.
DISPATCH_GRACE = timedelta(seconds=5)
#: At most this many doorbells per reconciler run (the next run takes the rest).
RECONCILE_BATCH = 500

Status = WebhookDelivery.Status


# --- Endpoints ----------------------------------------------------------------------------

def _target(url: str) -> Target:
    try:
        return check_target(url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_TARGETS)
    except TargetRefusedError as error:
        raise ValidationError({"url": [str(error)]}) from error


def _events(events: Iterable[str]) -> list[str]:
    """The subscribed events, each once, in the order given."""
    chosen = list(dict.fromkeys(events))
    unknown = [event for event in chosen if event not in SUBSCRIBABLE_EVENTS]
    if unknown:
        raise ValidationError({"events": [
            f"Unknown event {unknown[0]!r}; choose from {', '.join(SUBSCRIBABLE_EVENTS)}."]})
    if not chosen:
        raise ValidationError({"events": ["Subscribe to at least one event."]})
    return chosen


def webhook_create(*, owner: User, url: str, events: Sequence[str],
                   active: bool = True) -> Webhook:
    """A new endpoint with a new secret (the caller shows it once)."""
    if Webhook.objects.filter(owner=owner).count() >= settings.WEBHOOK_MAX_PER_USER:
        raise ConflictError(
            f"An account can have at most {settings.WEBHOOK_MAX_PER_USER} webhooks.",
            code="webhook_limit")
    _target(url)
    webhook = Webhook(owner=owner, url=url, events=_events(events), secret=new_secret(),
                      active=active)
    webhook.full_clean()
    webhook.save()
    return webhook


def webhook_update(*, webhook: Webhook, url: str | None = None,
                   events: Sequence[str] | None = None, active: bool | None = None) -> Webhook:
    """Change what was given; a new URL is checked like a new endpoint's."""
    fields = []
    if url is not None:
        _target(url)
        webhook.url = url
        fields.append("url")
    if events is not None:
        webhook.events = _events(events)
        fields.append("events")
    if active is not None:
        webhook.active = active
        fields.append("active")
    if fields:
        webhook.full_clean()
        webhook.save(update_fields=[*fields, "updated_at"])
    return webhook


def webhook_delete(*, webhook: Webhook) -> None:
    """The endpoint and its delivery log; a delivery in flight finds itself gone and stops."""
    webhook.delete()


# --- Events -------------------------------------------------------------------------------

def _public_url(name: str, **kwargs: object) -> str:
    return settings.WEBHOOK_PUBLIC_BASE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _body(delivery_id: uuid.UUID, event: str, data: Mapping[str, Any],
          created_at: datetime) -> str:
    return json.dumps({"id": str(delivery_id), "event": event,
                       "created_at": created_at.isoformat().replace("+00:00", "Z"),
                       "data": data}, cls=DjangoJSONEncoder, separators=(",", ":"))


def _record(webhooks: Iterable[Webhook], event: str, data: Mapping[str, Any], *,
            dedupe_key: str = "") -> list[uuid.UUID]:
    """One pending delivery per endpoint subscribed to the event, rung after commit.

    With a `dedupe_key`, an endpoint that already has a delivery under it gets no other."""
    now = timezone.now()
    created: list[uuid.UUID] = []
    for webhook in webhooks:
        if event not in webhook.events:
            continue
        if dedupe_key and WebhookDelivery.objects.filter(
                webhook=webhook, dedupe_key=dedupe_key).exists():
            continue
        delivery_id = uuid.uuid4()
        try:
            with transaction.atomic():  # the unique constraint backs the check above
                WebhookDelivery.objects.create(
                    id=delivery_id, webhook=webhook, event=event,
                    body=_body(delivery_id, event, data, now), dedupe_key=dedupe_key,
                    series_started_at=now, next_attempt_at=now)
        except IntegrityError:
            continue
        created.append(delivery_id)
    if created:
        transaction.on_commit(lambda: deliveries_dispatch(created), robust=True)
    return created


def _answer_data(answer: Answer) -> dict[str, Any]:
    report = AnswerReport.objects.filter(answer=answer).first()
    # A failed re-analysis may leave an older report: its scores are not this outcome's.
    scores = report.scores if report and answer.analysis_status in ANALYSED_STATUSES else {}
    return {
        "answer_id": str(answer.id),
        "session_id": str(answer.session_id),
        "question_id": answer.question_id,
        "analysis_status": str(answer.analysis_status),
        "analysis_error": answer.analysis_error,
        "scores": scores,
        "overall": scores.get("overall"),
        "report_url": _public_url("answer-report", answer_id=answer.id),
    }


def _session_completed(session_id: uuid.UUID, webhooks: list[Webhook]) -> None:
    """`session.completed`, once per session and endpoint, when the session is done: it has
    questions, each has a counted take (`counted_reports`: its latest take whose analysis
    ended completed or partial), and none of its answers is still queued or running.

    The session's row is locked first, so two answers of one session settling at once take
    turns here and the second sees the first's status (neither would fire otherwise, each
    seeing the other still running)."""
    session = (InterviewSession.objects.select_for_update(no_key=True)
               .filter(pk=session_id).first())
    if session is None:
        return
    questions = set(Question.objects.filter(session=session).values_list("id", flat=True))
    if not questions or Answer.objects.filter(
            session=session,
            analysis_status__in=(AnalysisStatus.QUEUED, AnalysisStatus.RUNNING)).exists():
        return
    counted = list(counted_reports(sessions=[session]))
    if {report.answer.question_id for report in counted} != questions:
        return
    report = session_report_for(session=session)
    _record(webhooks, WebhookEvent.SESSION_COMPLETED, {
        "session_id": str(session.id),
        "answer_count": len(counted),
        "answers": [{"answer_id": str(r.answer_id), "question_id": r.answer.question_id,
                     "analysis_status": r.answer.analysis_status,
                     "overall": r.scores.get("overall")} for r in counted],
        "overall": report["overall"],
        "report_url": _public_url("session-report", session_id=session.id),
    }, dedupe_key=f"{WebhookEvent.SESSION_COMPLETED}:{session.id}")


def _answer_events(answer: Answer) -> None:
    webhooks = list(Webhook.objects.filter(owner_id=answer.session.owner_id, active=True))
    if not webhooks:
        return
    if answer.analysis_status in ANALYSED_STATUSES:
        _record(webhooks, WebhookEvent.ANSWER_COMPLETED, _answer_data(answer))
    elif answer.analysis_status == AnalysisStatus.FAILED:
        _record(webhooks, WebhookEvent.ANSWER_FAILED, _answer_data(answer))
    else:
        return
    if any(WebhookEvent.SESSION_COMPLETED in webhook.events for webhook in webhooks):
        _session_completed(answer.session_id, webhooks)


def answer_settled_notify(*, answer: Answer) -> None:
    """Record the webhook events of an answer whose analysis just ended (completed, partial or
    failed). Called inside the transaction that settles it, so the deliveries exist exactly
    when the outcome does.

    In a savepoint, and a fault here is logged, not raised: a webhook bug must never undo
    or stall the analysis it reports on."""
    try:
        with transaction.atomic():
            _answer_events(answer)
    except Exception:
        logger.exception("Could not record the webhook events of answer %s", answer.pk)


# --- Sending ------------------------------------------------------------------------------

def retry_delay_s(attempt: int, *, base_s: float, cap_s: float,
                  rng: random.Random | None = None) -> float:
    """The wait after the `attempt`-th failed try: "full jitter" (AWS Architecture Blog,
    "Exponential Backoff And Jitter"), uniform between 0 and min(cap, base * 2^(attempt-1)),
    so endpoints that failed together do not all come back at the same moment."""
    ceiling = min(cap_s, base_s * 2 ** max(attempt - 1, 0))
    return (rng or random).uniform(0.0, ceiling)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _lease() -> timedelta:
    return timedelta(seconds=settings.WEBHOOK_TIMEOUT_S + 30)


def _lease_free(now: datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def _claim(delivery_id: uuid.UUID | str, worker: str) -> tuple[WebhookDelivery, str] | None:
    """Take a due delivery nobody holds; None when it is not due, done, gone or held (a
    second doorbell for it). The try counts from here, so a receiver that hangs every
    worker still uses the tries up."""
    now = timezone.now()
    token = f"{worker}:{uuid.uuid4().hex[:8]}"
    try:
        claimed = WebhookDelivery.objects.filter(
            pk=delivery_id, status=Status.PENDING, next_attempt_at__lte=now,
        ).filter(_lease_free(now)).update(
            lease_owner=token, lease_until=now + _lease(),
            attempt_count=F("attempt_count") + 1, series_attempts=F("series_attempts") + 1)
    except ValidationError:  # not a UUID
        return None
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    return (delivery, token) if delivery is not None else None


def _send(delivery: WebhookDelivery) -> sender.SendResult:
    webhook = delivery.webhook
    if not webhook.active and delivery.event != WebhookEvent.PING:
        return sender.SendResult(None, 0.0, error="The webhook is disabled: nothing was sent.")
    try:  # again now: the name may resolve elsewhere than when the webhook was saved
        target = check_target(webhook.url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_TARGETS)
    except TargetRefusedError as error:
        return sender.SendResult(None, 0.0, error=f"Not sent: {error}")
    body = delivery.body.encode("utf-8")
    headers = {
        **signed_headers(secret=webhook.secret, body=body, event=delivery.event,
                         delivery_id=str(delivery.id), timestamp=int(time.time())),
        "User-Agent": USER_AGENT,
    }
    return sender.post(target, body, headers, timeout_s=settings.WEBHOOK_TIMEOUT_S)


def _finish(delivery: WebhookDelivery, token: str, started_at: datetime,
            result: sender.SendResult) -> str | None:
    """Record the attempt and what comes next, if this worker still holds the delivery."""
    now = timezone.now()
    with transaction.atomic():
        row = (WebhookDelivery.objects.select_for_update()
               .filter(pk=delivery.pk, lease_owner=token).first())
        if row is None:  # re-sent meanwhile, or deleted with its webhook
            logger.info("Webhook delivery %s changed hands during an attempt", delivery.pk)
            return None
        WebhookAttempt.objects.create(
            delivery=row, number=row.attempt_count, series=row.series, started_at=started_at,
            duration_ms=result.duration_ms, response_code=result.status_code,
            outcome=(WebhookAttempt.Outcome.SUCCEEDED if result.ok
                     else WebhookAttempt.Outcome.FAILED),
            response_excerpt=result.excerpt, error=result.error, worker=token)
        row.last_status_code = result.status_code
        row.last_error = "" if result.ok else (
            result.error or f"The receiver answered HTTP {result.status_code}.")
        row.lease_owner, row.lease_until = "", None
        if result.ok:
            row.status, row.delivered_at, row.next_attempt_at = Status.SUCCEEDED, now, None
        else:
            retry_at = now + timedelta(seconds=retry_delay_s(
                row.series_attempts, base_s=settings.WEBHOOK_BACKOFF_BASE_S,
                cap_s=settings.WEBHOOK_BACKOFF_MAX_S))
            window_ends = row.series_started_at + timedelta(
                hours=settings.WEBHOOK_RETRY_MAX_HOURS)
            if (row.event == WebhookEvent.PING or not row.webhook.active
                    or row.series_attempts >= settings.WEBHOOK_MAX_ATTEMPTS
                    or retry_at > window_ends):
                row.status, row.next_attempt_at = Status.FAILED, None
            else:  # due again at retry_at; its doorbell is rung then, by the reconciler
                row.next_attempt_at, row.sent_at = retry_at, None
        row.save()
    return str(row.status)


def _attempt_claimed(delivery: WebhookDelivery, token: str) -> str | None:
    started_at = timezone.now()
    return _finish(delivery, token, started_at, _send(delivery))


def delivery_attempt(*, delivery_id: uuid.UUID | str, worker: str | None = None) -> str | None:
    """One try at a delivery, if it is due and nobody holds it: the Celery task's body.

    Returns the delivery's status after the try, or None when there was nothing to do."""
    claimed = _claim(delivery_id, worker or worker_name())
    if claimed is None:
        return None
    return _attempt_claimed(*claimed)


def delivery_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send again, whatever happened before: a new series of tries (the retry rules start
    over) under the same delivery id and body, so a receiver that kept it can drop it."""
    if not delivery.webhook.active:
        raise ConflictError("The webhook is disabled; enable it to send again.",
                            code="webhook_inactive")
    now = timezone.now()
    with transaction.atomic():
        restarted = WebhookDelivery.objects.filter(pk=delivery.pk).filter(
            _lease_free(now)).update(
            status=Status.PENDING, series=F("series") + 1, series_started_at=now,
            series_attempts=0, next_attempt_at=now, sent_at=None, lease_owner="",
            lease_until=None)
        if not restarted:
            raise ConflictError("This delivery is being sent right now; try again shortly.",
                                code="delivery_in_flight")
        transaction.on_commit(lambda: deliveries_dispatch([delivery.pk]), robust=True)
    delivery.refresh_from_db()
    return delivery


def webhook_ping(*, webhook: Webhook) -> WebhookDelivery:
    """Send a `ping` now and wait for its one try (at most WEBHOOK_TIMEOUT_S): what the
    integrator calls to test the endpoint and the signature check. Never retried."""
    now = timezone.now()
    token = f"ping@{worker_name()}:{uuid.uuid4().hex[:8]}"
    delivery_id = uuid.uuid4()
    data = {"webhook_id": str(webhook.id), "url": webhook.url, "events": webhook.events}
    # Held from the start (its lease), so no doorbell or reconciler sends it beside us.
    delivery = WebhookDelivery.objects.create(
        id=delivery_id, webhook=webhook, event=WebhookEvent.PING,
        body=_body(delivery_id, WebhookEvent.PING, data, now), series_started_at=now,
        next_attempt_at=now, sent_at=now, attempt_count=1, series_attempts=1,
        lease_owner=token, lease_until=now + _lease())
    delivery.webhook = webhook
    _attempt_claimed(delivery, token)
    delivery.refresh_from_db()
    return delivery


def deliveries_reconcile() -> dict[str, int]:
    """Ring every due delivery nobody holds whose doorbell was not rung since it became due
    (a retry whose time came, a ring lost before the broker got it) or was rung long ago
    without effect (the broker lost it: a Redis restart; a worker died mid-attempt), and
    delete finished deliveries older than WEBHOOK_DELIVERY_RETENTION_DAYS."""
    now = timezone.now()
    due = (
        WebhookDelivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .filter(_lease_free(now))
        .filter(Q(sent_at__isnull=True, next_attempt_at__lt=now - DISPATCH_GRACE)
                | Q(sent_at__lt=now - timedelta(seconds=settings.WEBHOOK_REDISPATCH_AFTER_S)))
        .order_by("next_attempt_at").values_list("pk", flat=True)[:RECONCILE_BATCH]
    )
    rung = deliveries_dispatch(list(due))
    _, deleted = WebhookDelivery.objects.filter(
        created_at__lt=now - timedelta(days=settings.WEBHOOK_DELIVERY_RETENTION_DAYS),
    ).exclude(status=Status.PENDING).delete()
    return {"rung": rung, "pruned": deleted.get(WebhookDelivery._meta.label, 0)}
