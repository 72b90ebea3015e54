"""Celery bootstrap: the app reads CELERY_* settings and loads the analysis tasks from workers/."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_project.settings.local")

app = Celery("interview_project", include=["workers.tasks", "workers.signals"])
app.config_from_object("django.conf:settings", namespace="CELERY")
