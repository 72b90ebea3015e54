"""Django project for the interview coach; importing it makes the Celery app available."""

from interview_project.celery import app as celery_app

__all__ = ["celery_app"]
