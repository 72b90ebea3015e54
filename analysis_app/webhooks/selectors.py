"""Reads of webhooks and their delivery log, with ownership built in: another user's webhook
is simply not found (404), staff included (they read them in the admin)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from analysis_app.models import Webhook, WebhookDelivery
from interview_project.lookups import row_get_or_404
from sessions_app.selectors import User


def webhook_list(*, user: User) -> QuerySet[Webhook]:
    if not user.is_authenticated:
        return Webhook.objects.none()
    return Webhook.objects.filter(owner_id=user.pk).order_by("-created_at", "id")


def webhook_get(*, user: User, webhook_id: UUID | str) -> Webhook:
    return row_get_or_404(webhook_list(user=user), "Webhook not found.", id=webhook_id)


def delivery_list(*, webhook: Webhook) -> QuerySet[WebhookDelivery]:
    """Newest first, each with its attempts (one query for all of them)."""
    return (WebhookDelivery.objects.filter(webhook=webhook)
            .prefetch_related("attempts").order_by("-created_at", "id"))


def delivery_get(*, webhook: Webhook, delivery_id: UUID | str) -> WebhookDelivery:
    deliveries = delivery_list(webhook=webhook).select_related("webhook")
    return row_get_or_404(deliveries, "Delivery not found.", id=delivery_id)
