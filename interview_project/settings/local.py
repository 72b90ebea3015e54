"""The embedded one-machine setup: SQLite, local media, local Redis, debug on."""

from interview_project.settings.base import *  # noqa: F403
from interview_project.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
