"""Admin of webhooks and their delivery log, for staff: read-only, except that an endpoint
can be switched off (a receiver that misbehaves) and deliveries sent again."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from analysis_app.models import Webhook, WebhookAttempt, WebhookDelivery
from analysis_app.webhooks.services import delivery_redeliver
from interview_project.errors import DomainError


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """The secret is never shown whole here either: its hint tells secrets apart."""

    list_display = ("url", "owner", "active", "events", "created_at")
    list_filter = ("active",)
    search_fields = ("url", "owner__username", "id")
    fields = ("id", "owner", "url", "events", "secret_hint", "active", "created_at",
              "updated_at")
    readonly_fields = ("id", "owner", "url", "events", "secret_hint", "created_at",
                       "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only their owners create them, through the API, with a new secret


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ("number", "series", "started_at", "outcome", "response_code", "duration_ms",
              "error", "worker")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Rows only the sending services write: an edited lease or status would bypass claims."""

    list_display = ("id", "event", "webhook", "status", "attempt_count", "last_status_code",
                    "next_attempt_at", "delivered_at", "created_at")
    list_filter = ("status", "event")
    search_fields = ("id", "webhook__url", "webhook__owner__username")
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    inlines = [WebhookAttemptInline]
    actions = ["redeliver"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Send the selected deliveries again", permissions=["view"])
    def redeliver(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        sent = 0
        for delivery in queryset.select_related("webhook"):
            try:
                delivery_redeliver(delivery=delivery)
                sent += 1
            except DomainError as error:
                self.message_user(request, f"{delivery.pk}: {error.message}", messages.WARNING)
        self.message_user(request, f"{sent} deliveries queued again.")
