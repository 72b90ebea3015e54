"""The embedded one-machine setup: SQLite, local media, local Redis, debug on."""

from interview_project.settings.base import *  # noqa: F403
from interview_project.settings.base import env

# On for `manage.py runserver` while developing; scripts/run.sh (the README's run command)
# sets DJANGO_DEBUG=false, so the platform it serves shows no debug pages.
DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Webhooks to receivers on this machine or network (a test receiver on 127.0.0.1).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=True)
