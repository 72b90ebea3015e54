from django.urls import path

from analysis_app.consumers import SessionProgressConsumer
from analysis_app.live_consumers import LiveAnswerConsumer

websocket_urlpatterns = [
    path("ws/sessions/<uuid:session_id>/", SessionProgressConsumer.as_asgi()),
    path("ws/answers/<uuid:answer_id>/live/", LiveAnswerConsumer.as_asgi()),
]
