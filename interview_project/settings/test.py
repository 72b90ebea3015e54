"""Tests run against the real PostgreSQL and Redis (a separate Redis database and prefix)."""

from interview_project.settings.base import *  # noqa: F403
from interview_project.settings.base import (
    BASE_DIR,
    CACHES,
    MEDIA_STORAGE,
    REST_FRAMEWORK,
    channel_layers,
    env,
    media_storages,
)

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/interview_coach")
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/15")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
# Unit tests run stages inside the test's own transaction, where a lease renewal from another
# thread would wait on that transaction's row locks: renew rarely unless a test sets it.
ANALYSIS_LEASE_S = env.float("ANALYSIS_LEASE_S", default=600.0)
# The cache on the test Redis database, under its own prefix. The suite signs many users up
# and in from 127.0.0.1 within a minute: the log-in throttles are wide open here unless the
# environment says otherwise; tests/sessions_app/test_throttles.py sets its own rates.
CACHES = {"default": {**CACHES["default"], "LOCATION": env("CACHE_URL", default=REDIS_URL),
                      "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="test")}}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
    "auth_address": env("THROTTLE_AUTH_ADDRESS_RATE", default="100000/min"),
    "auth_username": env("THROTTLE_AUTH_USERNAME_RATE", default="100000/min"),
}}
CHANNEL_LAYERS = channel_layers(
    env("CHANNEL_LAYER_URL", default=REDIS_URL), env("CHANNEL_LAYER_PREFIX", default="test")
)
STORAGES = media_storages(MEDIA_STORAGE, "django.contrib.staticfiles.storage.StaticFilesStorage")
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Test processes that import the ASGI app do not load the live models unless a test asks.
LIVE_WARM_UP = env.bool("LIVE_WARM_UP", default=False)
