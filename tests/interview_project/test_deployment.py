"""Deployment checks: production settings pass `check --deploy`, the OpenAPI schema documents
every endpoint without warnings, and Celery routes and schedules real tasks. The compose file,
the Dockerfile and the proxy's configuration are checked in test_compose.py."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings

from interview_project.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=300)


def test_check_deploy_with_production_settings_prints_no_warnings() -> None:
    # given
    env = {
        "DJANGO_SETTINGS_MODULE": "interview_project.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "coach.example.com",
        "DATABASE_URL": "postgres://coach:secret@db.example.com:5432/coach",
    }
    # when
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    env = {"DJANGO_SETTINGS_MODULE": "interview_project.settings.production",
           "DJANGO_SECRET_KEY": "", "DJANGO_ALLOWED_HOSTS": "x", "DATABASE_URL": "sqlite:///x"}
    env = {key: value for key, value in env.items() if value}
    clean = {key: value for key, value in os.environ.items() if key != "DJANGO_SECRET_KEY"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, text=True,
                            capture_output=True, env={**clean, **env}, timeout=120)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_openapi_schema_documents_every_endpoint_without_warnings(tmp_path: Path) -> None:
    # when
    result = _manage("spectacular", "--fail-on-warn", "--validate", "--file",
                     str(tmp_path / "schema.yml"))
    schema = yaml.safe_load((tmp_path / "schema.yml").read_text())
    # then
    assert result.returncode == 0, result.stderr
    assert "/api/answers/{answer_id}/upload/chunk/" in schema["paths"]
    assert "/api/auth/token/" in schema["paths"]
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_every_stage_task_is_routed_to_its_queue() -> None:
    celery_app.loader.import_default_modules()
    routes = celery_app.conf.task_routes
    for queue in settings.ANALYSIS_QUEUES:
        task = f"workers.tasks.run_{queue}_stage"
        assert task in celery_app.tasks
        assert routes[task] == {"queue": queue}


def test_beat_schedule_names_a_registered_task() -> None:
    celery_app.loader.import_default_modules()
    for entry in celery_app.conf.beat_schedule.values():
        assert entry["task"] in celery_app.tasks
