"""Production: secrets and hosts must come from the environment; HTTPS everywhere."""

from interview_project.settings.base import *  # noqa: F403
from interview_project.settings.base import MEDIA_STORAGE, env, media_storages

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
# No persistent connections by default: under daphne (ASGI) each request's sync code runs in a
# thread of its own, and a persistent connection would stay open with that thread until
# PostgreSQL refuses new clients (Django's docs: disable them under ASGI). The Celery workers,
# whose processes keep one thread, set DATABASE_CONN_MAX_AGE=60 in docker-compose.yml.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The container health check calls daphne directly (interview_project/health.py), never
# through the TLS proxy: /healthz must answer there rather than redirect to https.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = media_storages(MEDIA_STORAGE, "whitenoise.storage.CompressedManifestStaticFilesStorage")
# Webhooks only to public addresses: never the metadata service or the private network (SSRF).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
# Report links in webhook events: the public site (the first named host) unless set.
WEBHOOK_PUBLIC_BASE_URL = env("WEBHOOK_PUBLIC_BASE_URL", default="https://" + next(
    (host for host in ALLOWED_HOSTS if host and host[0] not in ".*"), "localhost"))
