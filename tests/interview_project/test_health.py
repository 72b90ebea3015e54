"""GET /healthz and the container health check that calls it (interview_project/health.py)."""

from __future__ import annotations

import importlib.util
import socket
from types import ModuleType

import pytest
from django.db import OperationalError
from django.test import Client

from interview_project import health
from interview_project.settings import base as base_settings


def _production_settings(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """interview_project.settings.production, loaded on its own as a cluster node loads it."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "coach.example.com")
    monkeypatch.setenv("DATABASE_URL", "postgres://coach:secret@db.example.com:5432/coach")
    path = base_settings.BASE_DIR / "interview_project" / "settings" / "production.py"
    spec = importlib.util.spec_from_file_location("production_settings_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _closed_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return int(probe_socket.getsockname()[1])


@pytest.fixture
def production_https(settings: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """The production settings' HTTPS redirect, proxy header and exemptions."""
    production = _production_settings(monkeypatch)
    for name in ("SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_REDIRECT_EXEMPT"):
        setattr(settings, name, getattr(production, name))


@pytest.mark.django_db
def test_healthz_answers_ok_over_plain_http_without_login(
        client: Client, production_https: None) -> None:
    # when
    response = client.get("/healthz")
    other = client.get("/api/roles/")
    # then: answered on plain http, while the rest is redirected to https
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert other.status_code == 301 and other["Location"].startswith("https://")


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(
        client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    class DownConnection:
        def cursor(self) -> object:
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", DownConnection())
    # when
    response = client.get("/healthz")
    # then
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@pytest.mark.django_db
def test_healthz_only_reads(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize(("allowed_hosts", "expected"), [
    (["coach.example.com", "www.example.com"], "coach.example.com"),
    ([".example.com"], "example.com"),
    (["*"], "localhost"),
    ([""], "localhost"),
])
def test_probe_sends_a_host_that_allowed_hosts_accepts(
        allowed_hosts: list[str], expected: str) -> None:
    assert health.probe_host(allowed_hosts) == expected


def test_probe_passes_against_a_running_server_behind_https_redirect(
        live_server: object, settings: object) -> None:
    # given: production's redirect with no exemption: the probe says it came over https
    settings.ALLOWED_HOSTS = ["coach.example.com"]  # type: ignore[attr-defined]
    settings.SECURE_SSL_REDIRECT = True  # type: ignore[attr-defined]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # type: ignore[attr-defined]
    settings.SECURE_REDIRECT_EXEMPT = []  # type: ignore[attr-defined]
    port = int(str(live_server.url).rsplit(":", 1)[1])  # type: ignore[attr-defined]
    # when
    healthy = health.probe("coach.example.com", port)
    wrong_host = health.probe("elsewhere.example.com", port)
    # then
    assert healthy
    assert not wrong_host


def test_main_fails_when_nothing_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "coach.example.com")
    # when
    status = health.main(["--port", str(_closed_port())])
    # then
    assert status == 1
