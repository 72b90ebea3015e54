"""Accounts through the real API: session + CSRF for the browser, tokens for integrations."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _csrf_client() -> tuple[APIClient, str]:
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/auth/csrf/").json()["csrf_token"]
    return client, token


def test_signup_logs_in_and_me_returns_the_user() -> None:
    # given
    client, csrf = _csrf_client()
    # when
    created = client.post(
        "/api/auth/signup/",
        {"username": "ada", "email": "ada@example.com", "password": PASSWORD},
        format="json", HTTP_X_CSRFTOKEN=csrf,
    )
    me = client.get("/api/auth/me/")
    # then
    assert created.status_code == 201, created.json()
    assert me.status_code == 200
    assert me.json()["username"] == "ada"


def test_csrf_says_whether_the_browser_session_signs_anyone_in() -> None:
    """The web client asks /me/ only when it does: a visitor's 401 is logged by the browser."""
    # given
    client, csrf = _csrf_client()
    before = client.get("/api/auth/csrf/").json()["signed_in"]
    # when
    client.post("/api/auth/signup/", {"username": "ada", "password": PASSWORD},
                format="json", HTTP_X_CSRFTOKEN=csrf)
    after = client.get("/api/auth/csrf/").json()["signed_in"]
    # then
    assert (before, after) == (False, True)


def test_signup_refuses_weak_password_and_taken_username_with_one_error_shape() -> None:
    # given
    UserFactory(username="grace")
    client, csrf = _csrf_client()
    # when
    weak = client.post("/api/auth/signup/", {"username": "bob", "password": "123"},
                       format="json", HTTP_X_CSRFTOKEN=csrf)
    taken = client.post("/api/auth/signup/", {"username": "Grace", "password": PASSWORD},
                        format="json", HTTP_X_CSRFTOKEN=csrf)
    # then
    assert weak.status_code == 400
    assert weak.json()["error"]["code"] == "invalid"
    assert "short" in weak.json()["error"]["message"]
    assert taken.status_code == 400
    assert taken.json()["error"]["details"]["username"] == ["That username is taken."]


def test_login_without_csrf_token_is_refused() -> None:
    # given
    UserFactory(username="linus")
    client = APIClient(enforce_csrf_checks=True)
    client.get("/api/auth/csrf/")
    # when
    response = client.post("/api/auth/login/", {"username": "linus", "password": PASSWORD},
                           format="json")
    # then
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_login_then_logout_ends_the_session() -> None:
    # given
    UserFactory(username="linus")
    client, csrf = _csrf_client()
    # when
    login = client.post("/api/auth/login/", {"username": "linus", "password": PASSWORD},
                        format="json", HTTP_X_CSRFTOKEN=csrf)
    csrf = client.cookies["csrftoken"].value  # Django rotates the token on login
    during = client.get("/api/auth/me/")
    logout = client.post("/api/auth/logout/", HTTP_X_CSRFTOKEN=csrf)
    after = client.get("/api/auth/me/")
    # then
    assert login.status_code == 200
    assert during.status_code == 200
    assert logout.status_code == 204
    assert after.status_code == 401


def test_wrong_password_is_refused() -> None:
    # given
    UserFactory(username="linus")
    # when
    response = APIClient().post("/api/auth/login/",
                                {"username": "linus", "password": "nope"}, format="json")
    # then
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid_credentials", "message": "Wrong username or password.", "details": {},
    }


def test_token_authenticates_api_calls_and_can_be_revoked() -> None:
    # given
    UserFactory(username="integrator")
    token = APIClient().post("/api/auth/token/",
                             {"username": "integrator", "password": PASSWORD},
                             format="json").json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    # when
    created = client.post("/api/sessions/create/", {"target_role": "Data scientist"},
                          format="json")
    revoked = client.delete("/api/auth/token/")
    after = client.get("/api/sessions/")
    # then
    assert created.status_code == 201
    assert created.json()["owner"] == "integrator"
    assert revoked.status_code == 204
    assert after.status_code == 401


def test_anonymous_requests_get_the_error_shape() -> None:
    response = APIClient().get("/api/sessions/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_unknown_api_url_is_a_json_404(client: object) -> None:
    response = client.get("/api/no-such-thing/")  # type: ignore[attr-defined]
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
