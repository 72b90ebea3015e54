"""Ringing the broker for deliveries that are due. A doorbell that never arrives loses
nothing: the delivery stays pending and due in the database, and the reconciler rings again.

Sent by name (WEBHOOK_DELIVER_TASK), so this layer needs no import of `workers`;
CELERY_TASK_ROUTES puts the task on WEBHOOK_QUEUE.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from uuid import UUID

from celery import current_app
from django.conf import settings
from django.utils import timezone

from analysis_app.models import WebhookDelivery

logger = logging.getLogger(__name__)


def _send(delivery_id: str) -> None:
    current_app.send_task(settings.WEBHOOK_DELIVER_TASK, args=[delivery_id])


def deliveries_dispatch(delivery_ids: Sequence[UUID | str]) -> int:
    """Ring for these deliveries if they are still pending; returns how many were rung."""
    sent = 0
    pending = WebhookDelivery.objects.filter(
        pk__in=list(delivery_ids), status=WebhookDelivery.Status.PENDING)
    for delivery_id in pending.values_list("pk", flat=True):
        try:
            _send(str(delivery_id))
        except Exception:  # the broker is down: the reconciler rings later
            logger.warning("Could not send webhook delivery %s to the broker; the "
                           "reconciler will", delivery_id, exc_info=True)
            break
        WebhookDelivery.objects.filter(pk=delivery_id).update(sent_at=timezone.now())
        sent += 1
    return sent
