from django.urls import path

from sessions_app.consumers import SessionProgressConsumer

websocket_urlpatterns = [
    path("ws/sessions/<uuid:session_id>/", SessionProgressConsumer.as_asgi()),
]
