"""REST API of webhooks: an integrator's endpoints, their delivery log, re-sending, ping.

One view per operation, each with its own route like the rest of the API (the list at
`/api/webhooks/`, the creation at `/api/webhooks/create/`), except one webhook's read, change
and deletion, which keep the REST path integrators know from Stripe and GitHub
(`GET`/`PATCH`/`DELETE /api/webhooks/<id>/`); each method only parses, calls one selector or
service and serialises. Lists are paginated with the API's pagination (limit/offset).
Another user's webhook answers 404.
"""

from __future__ import annotations

import json
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis_app.models import SUBSCRIBABLE_EVENTS, WebhookDelivery
from analysis_app.webhooks import selectors, services
from interview_project.api_views import list_api, validated_input
from interview_project.idempotency import idempotent
from sessions_app.selectors import signed_in

EVENTS_HELP = (
    "answer.completed: an answer's analysis ended with scores (analysis_status completed, "
    "or partial when a modality failed). answer.failed: it ended without scores. "
    "session.completed: once per session, when every question of the session has a scored "
    "take and none of its answers is still being analysed."
)


class WebhookOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField()
    events = serializers.ListField(child=serializers.CharField(), help_text=EVENTS_HELP)
    active = serializers.BooleanField()
    secret_hint = serializers.CharField(
        help_text="The start and end of the signing secret, to tell secrets apart; the whole "
                  "secret is only in the answer to the creation.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class WebhookCreatedOutputSerializer(WebhookOutputSerializer):
    secret = serializers.CharField(
        help_text="The signing secret, shown this once: keep it to check X-Webhook-Signature "
                  "(sha256=HMAC-SHA256 of the raw body, hex).")


class WebhookCreateInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000, help_text="http or https; a public address.")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=SUBSCRIBABLE_EVENTS), min_length=1,
        help_text=EVENTS_HELP)
    active = serializers.BooleanField(default=True)


class WebhookUpdateInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=SUBSCRIBABLE_EVENTS), min_length=1,
        required=False)
    active = serializers.BooleanField(required=False)


class WebhookAttemptOutputSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1, 2, ... over the delivery's life.")
    series = serializers.IntegerField(help_text="1, then one more per re-send.")
    started_at = serializers.DateTimeField()
    status = serializers.CharField(source="outcome", help_text="succeeded (2xx) or failed")
    response_code = serializers.IntegerField(allow_null=True)
    duration_ms = serializers.FloatField(allow_null=True)
    error = serializers.CharField(help_text="Why it failed when no reply came ('' otherwise).")
    response_excerpt = serializers.CharField(help_text="The start of the receiver's reply.")


class WebhookDeliveryOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The X-Webhook-Delivery header and the body's id, "
                                         "the same on every attempt and re-send.")
    event = serializers.CharField()
    status = serializers.CharField(
        help_text="pending (due now or at next_attempt_at), succeeded, or failed (gave up "
                  "after WEBHOOK_MAX_ATTEMPTS tries or WEBHOOK_RETRY_MAX_HOURS).")
    payload = serializers.SerializerMethodField()
    attempt_count = serializers.IntegerField()
    series = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    last_status_code = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()
    created_at = serializers.DateTimeField()
    attempts = WebhookAttemptOutputSerializer(many=True)

    @extend_schema_field(serializers.JSONField(help_text="The body sent: {id, event, "
                                                         "created_at, data}."))
    def get_payload(self, delivery: WebhookDelivery) -> Any:
        return json.loads(delivery.body)


WebhookListApi = list_api(
    lambda request: selectors.webhook_list(user=request.user), WebhookOutputSerializer,
    name="WebhookListApi", summary="List my webhooks",
)


class WebhookCreateApi(APIView):
    @extend_schema(
        request=WebhookCreateInputSerializer,
        responses={201: WebhookCreatedOutputSerializer},
        summary="Subscribe a URL to events",
        description="Answers with the signing secret, in full this once. The URL must be "
                    "http(s) and resolve to public addresses only (unless the server allows "
                    "private targets).",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = validated_input(WebhookCreateInputSerializer, request)
        webhook = services.webhook_create(owner=signed_in(request.user), **data)
        return Response(WebhookCreatedOutputSerializer(webhook).data,
                        status=status.HTTP_201_CREATED)


class WebhookDetailApi(APIView):
    @extend_schema(responses=WebhookOutputSerializer, summary="A webhook (secret masked)")
    def get(self, request: Request, webhook_id: str) -> Response:
        webhook = selectors.webhook_get(user=request.user, webhook_id=webhook_id)
        return Response(WebhookOutputSerializer(webhook).data)

    @extend_schema(request=WebhookUpdateInputSerializer, responses=WebhookOutputSerializer,
                   summary="Change a webhook's URL, events or active flag")
    def patch(self, request: Request, webhook_id: str) -> Response:
        webhook = selectors.webhook_get(user=request.user, webhook_id=webhook_id)
        data = validated_input(WebhookUpdateInputSerializer, request)
        webhook = services.webhook_update(webhook=webhook, **data)
        return Response(WebhookOutputSerializer(webhook).data)

    @extend_schema(responses={204: None}, summary="Delete a webhook and its delivery log")
    def delete(self, request: Request, webhook_id: str) -> Response:
        webhook = selectors.webhook_get(user=request.user, webhook_id=webhook_id)
        services.webhook_delete(webhook=webhook)
        return Response(status=status.HTTP_204_NO_CONTENT)


WebhookDeliveryListApi = list_api(
    lambda request, webhook_id: selectors.delivery_list(
        webhook=selectors.webhook_get(user=request.user, webhook_id=webhook_id)),
    WebhookDeliveryOutputSerializer, name="WebhookDeliveryListApi",
    summary="A webhook's deliveries with their attempts, newest first",
)


class WebhookRedeliverApi(APIView):
    @extend_schema(
        request=None, responses={202: WebhookDeliveryOutputSerializer},
        summary="Send a delivery again",
        description="A new series of attempts under the same delivery id and body (the retry "
                    "rules start over). 409 while an attempt is in flight or the webhook is "
                    "disabled.",
    )
    def post(self, request: Request, webhook_id: str, delivery_id: str) -> Response:
        webhook = selectors.webhook_get(user=request.user, webhook_id=webhook_id)
        delivery = selectors.delivery_get(webhook=webhook, delivery_id=delivery_id)
        delivery = services.delivery_redeliver(delivery=delivery)
        return Response(WebhookDeliveryOutputSerializer(delivery).data,
                        status=status.HTTP_202_ACCEPTED)


class WebhookPingApi(APIView):
    @extend_schema(
        request=None, responses=WebhookDeliveryOutputSerializer,
        summary="Send a ping event now and report how it went",
        description="Waits for the one attempt (at most WEBHOOK_TIMEOUT_S): `status` is "
                    "succeeded when the receiver answered 2xx; the attempt has the response "
                    "code, duration and error. Pings are never retried.",
    )
    def post(self, request: Request, webhook_id: str) -> Response:
        webhook = selectors.webhook_get(user=request.user, webhook_id=webhook_id)
        delivery = services.webhook_ping(webhook=webhook)
        delivery = selectors.delivery_get(webhook=webhook, delivery_id=delivery.pk)
        return Response(WebhookDeliveryOutputSerializer(delivery).data)
