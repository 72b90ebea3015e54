"""Routes of the webhooks API, mounted at /api/webhooks/."""

from django.urls import path

from analysis_app.webhooks import apis

urlpatterns = [
    path("", apis.WebhookListApi.as_view(), name="webhook-list"),
    path("create/", apis.WebhookCreateApi.as_view(), name="webhook-create"),
    path("<uuid:webhook_id>/", apis.WebhookDetailApi.as_view(), name="webhook-detail"),
    path("<uuid:webhook_id>/deliveries/", apis.WebhookDeliveryListApi.as_view(),
         name="webhook-deliveries"),
    path("<uuid:webhook_id>/deliveries/<uuid:delivery_id>/redeliver/",
         apis.WebhookRedeliverApi.as_view(), name="webhook-redeliver"),
    path("<uuid:webhook_id>/ping/", apis.WebhookPingApi.as_view(), name="webhook-ping"),
]
