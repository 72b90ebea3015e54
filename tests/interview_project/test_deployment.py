"""Deployment checks: production settings pass `check --deploy`, docker-compose is coherent,
and the OpenAPI schema documents every endpoint without warnings."""

from __future__ import annotations

import importlib.util
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
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


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service: dict) -> list[str]:
    command = service.get("command", [])
    return command.split() if isinstance(command, str) else list(command)


def test_compose_has_the_cluster_services(compose: dict) -> None:
    assert {"postgres", "redis", "web", "worker-cpu", "worker-gpu", "beat", "flower"} <= set(
        compose["services"]
    )


def test_compose_commands_name_real_modules_and_settings(compose: dict) -> None:
    for name, service in compose["services"].items():
        command = _command(service)
        environment = service.get("environment", {})
        if "DJANGO_SETTINGS_MODULE" in environment:
            assert importlib.util.find_spec(environment["DJANGO_SETTINGS_MODULE"]) is not None
            assert "DATABASE_URL" in environment and "REDIS_URL" in environment, name
        if command[:1] == ["daphne"]:
            module, attribute = command[-1].split(":")
            assert module == "interview_project.asgi" and attribute == "application"
            assert importlib.util.find_spec(module) is not None
        if command[:1] == ["celery"]:
            assert command[1:3] == ["-A", "interview_project"], name
            assert command[3] in ("worker", "beat", "flower"), name
        if command[:2] == ["python", "manage.py"]:
            assert command[2] in ("migrate", "collectstatic"), name


def test_compose_workers_cover_every_queue_and_gpu_worker_reserves_a_gpu(compose: dict) -> None:
    # given
    queues: dict[str, set[str]] = {}
    for name, service in compose["services"].items():
        command = _command(service)
        if command[:4] == ["celery", "-A", "interview_project", "worker"]:
            queues[name] = set(command[command.index("-Q") + 1].split(","))
    gpu = compose["services"]["worker-gpu"]
    # then
    assert set().union(*queues.values()) == set(settings.ANALYSIS_QUEUES)
    assert queues["worker-gpu"] == {"speech", "video"}
    assert gpu["environment"]["WHISPER_DEVICE"] == "cuda"
    device = gpu["deploy"]["resources"]["reservations"]["devices"][0]
    assert device["driver"] == "nvidia" and "gpu" in device["capabilities"]


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
