"""Routes of the webhooks API, mounted at /api/webhooks/."""

from analysis_app.webhooks import apis
from interview_project.routes import api_routes

urlpatterns = api_routes(
    ("", apis.WebhookListApi, "webhook-list"),
    ("create/", apis.WebhookCreateApi, "webhook-create"),
    ("<uuid:webhook_id>/", apis.WebhookDetailApi, "webhook-detail"),
    ("<uuid:webhook_id>/deliveries/", apis.WebhookDeliveryListApi, "webhook-deliveries"),
    ("<uuid:webhook_id>/deliveries/<uuid:delivery_id>/redeliver/", apis.WebhookRedeliverApi,
     "webhook-redeliver"),
    ("<uuid:webhook_id>/ping/", apis.WebhookPingApi, "webhook-ping"),
)
