"""Browser-facing headers: a Content-Security-Policy and a Permissions-Policy on every answer
(the web client's page, the API, the admin), and CORS for the integrators' origins only."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

INTEGRATOR = "https://ats.example.com"


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize("path", ["/", "/signin", "/api/sessions/", "/api/auth/csrf/",
                                  "/admin/login/"])
def test_every_page_carries_the_policies(client: Client, path: str) -> None:
    # when
    response = client.get(path)
    # then
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert set(csp["media-src"]) == {"'self'", "blob:"}
    assert "data:" not in csp["img-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    policy = response["Permissions-Policy"]
    assert "camera=(self)" in policy
    assert "microphone=(self)" in policy
    assert "geolocation=()" in policy


def test_only_the_api_docs_allow_inline_styles(client: Client) -> None:
    response = client.get("/api/docs/")
    csp = _directives(response["Content-Security-Policy"])
    assert response.status_code == 200
    assert "'unsafe-inline'" in csp["style-src"]
    assert "data:" in csp["img-src"]
    assert csp["script-src"] == ["'self'"]  # its start-up script is a file of its own
    assert "<script>" not in response.content.decode()


def _preflight(client: Client, origin: str, path: str = "/api/sessions/") -> object:
    return client.options(path, HTTP_ORIGIN=origin,
                          HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
                          HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type")


def test_a_configured_origin_may_call_the_api(client: Client, settings: object) -> None:
    # given
    settings.CORS_ALLOWED_ORIGINS = [INTEGRATOR]  # type: ignore[attr-defined]
    # when
    response = _preflight(client, INTEGRATOR)
    # then
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == INTEGRATOR
    assert "authorization" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response  # tokens, never cookies


def test_other_origins_and_non_api_paths_get_no_cors(client: Client, settings: object) -> None:
    settings.CORS_ALLOWED_ORIGINS = [INTEGRATOR]  # type: ignore[attr-defined]
    assert "Access-Control-Allow-Origin" not in _preflight(client, "https://evil.example")
    assert "Access-Control-Allow-Origin" not in _preflight(client, INTEGRATOR, "/admin/login/")


def test_no_origin_is_allowed_by_default(client: Client) -> None:
    assert "Access-Control-Allow-Origin" not in _preflight(client, INTEGRATOR)
