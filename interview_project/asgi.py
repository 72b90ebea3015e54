"""ASGI entry point: HTTP through Django, WebSockets through Channels on the same origin."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_project.settings.local")
# Django must be set up before the consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from interview_project import daphne_limits  # noqa: E402
from interview_project.request_limits import BodyLimitASGIMiddleware  # noqa: E402
from interview_project.ws_routing import websocket_urlpatterns  # noqa: E402
from sessions_app.ws_auth import TokenOrCookieAuth  # noqa: E402

# A cookie-authenticated handshake must come from one of ALLOWED_HOSTS (Origin check); one
# with an API token needs no Origin (sessions_app/ws_auth.py says why).
# Request bodies over their path's limit are refused before they are read: by daphne itself
# once the headers are in, and by the middleware under any other ASGI server.
daphne_limits.install()
application = ProtocolTypeRouter(
    {
        "http": BodyLimitASGIMiddleware(django_asgi_app),
        "websocket": TokenOrCookieAuth(URLRouter(websocket_urlpatterns)),
    }
)
