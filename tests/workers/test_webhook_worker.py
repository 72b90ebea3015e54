"""Webhook deliveries through a real Celery worker process and the real Redis broker, to a
real receiver in this process: the task's name, route and queue as deployed, and a retry that
only the database remembers (this test plays beat by calling the reconciler)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from analysis_app.models import WebhookDelivery
from analysis_app.webhooks.services import (
    answer_settled_notify,
    deliveries_reconcile,
    webhook_create,
)
from sessions_app.models import AnalysisStatus
from tests.analysis_app.webhook_receiver import WebhookReceiver, running_receiver
from tests.factories import AnswerFactory, UserFactory
from tests.live_platform import LivePlatform, WorkerSpec, run_platform

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def platform(private_media: Path, tmp_path: Path) -> Iterator[LivePlatform]:
    """One worker on the webhook queue, allowed to call loopback, quick to retry."""
    with run_platform(private_media, tmp_path,
                      workers=[WorkerSpec(queues=(settings.WEBHOOK_QUEUE,), concurrency=1)],
                      env={"WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
                           "WEBHOOK_BACKOFF_BASE_S": "0.5", "WEBHOOK_TIMEOUT_S": "5"}) as live:
        yield live


def _wait(check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s")


def test_a_worker_delivers_and_a_retry_only_the_database_remembers_is_sent(
    platform: LivePlatform, settings: object,
) -> None:
    # given: a receiver that fails at first, and a webhook to it
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True  # type: ignore[attr-defined]
    receiver: WebhookReceiver
    with running_receiver() as receiver:
        receiver.state.status = 500
        owner = UserFactory()
        webhook = webhook_create(owner=owner, url=receiver.url, events=["answer.completed"])
        receiver.state.secret = webhook.secret
        answer = AnswerFactory(question__session__owner=owner,
                               analysis_status=AnalysisStatus.COMPLETED)
        # when: the answer settles; the doorbell goes to Redis after commit
        with transaction.atomic():
            answer_settled_notify(answer=answer)
        delivery = WebhookDelivery.objects.get()
        _wait(lambda: WebhookDelivery.objects.get().attempt_count == 1
              and WebhookDelivery.objects.get().lease_owner == "", "the first try")
        receiver.state.status = 200
        # and: beat's reconciler rings it once it is due again (within 0.5 s)
        _wait(lambda: deliveries_reconcile()["rung"] == 1, "the retry's doorbell", timeout=10)
        _wait(lambda: WebhookDelivery.objects.get().status == "succeeded", "the retry")
    # then
    delivery.refresh_from_db()
    assert [(a.number, a.response_code) for a in delivery.attempts.all()] == [(1, 500), (2, 200)]
    assert all(a.worker.split(":")[1] != str(os.getpid()) for a in delivery.attempts.all()), \
        "the worker process sent them"
    assert {r.headers["x-webhook-delivery"] for r in receiver.requests} == {str(delivery.id)}
    assert all(r.signature_ok for r in receiver.requests)
    assert b"Task workers.tasks.deliver_webhook" in platform.worker_log.read_bytes()
