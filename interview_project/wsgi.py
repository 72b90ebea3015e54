"""WSGI entry point (HTTP only; the platform normally runs the ASGI app under daphne)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_project.settings.local")
application = get_wsgi_application()
