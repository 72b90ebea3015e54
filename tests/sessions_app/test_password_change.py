"""Changing the password: checks the current one, validates the new one, keeps this browser
signed in, and ends every other way in (other browsers' log-ins, API tokens)."""

from __future__ import annotations

import time
from uuid import uuid4

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from sessions_app import services
from sessions_app.throttles import WindowRateThrottle
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-Passphrase-42"


def _signed_in(username: str) -> APIClient:
    client = APIClient()
    response = client.post("/api/auth/login/", {"username": username, "password": PASSWORD},
                           format="json")
    assert response.status_code == 200, response.json()
    return client


def test_change_keeps_this_session_and_ends_other_sessions_and_tokens() -> None:
    # given
    user = UserFactory()
    here, elsewhere = _signed_in(user.username), _signed_in(user.username)
    _, key = services.api_token_create(user=user, name="CI")
    # when
    changed = here.post("/api/auth/password/",
                        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                        format="json")
    # then
    assert changed.status_code == 200, changed.json()
    assert changed.json() == {"tokens_revoked": 1}
    assert here.get("/api/auth/me/").status_code == 200
    assert elsewhere.get("/api/auth/me/").status_code in (401, 403)
    integration = APIClient()
    integration.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert integration.get("/api/auth/me/").status_code == 401
    assert get_user_model().objects.get(pk=user.pk).check_password(NEW_PASSWORD)


def test_wrong_current_password_is_refused_in_the_api_error_shape() -> None:
    # given
    user = UserFactory()
    client = _signed_in(user.username)
    # when
    refused = client.post("/api/auth/password/",
                          {"current_password": "not-it", "new_password": NEW_PASSWORD},
                          format="json")
    # then
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "wrong_password"
    assert "current_password" in refused.json()["error"]["details"]
    assert get_user_model().objects.get(pk=user.pk).check_password(PASSWORD)


def test_weak_new_password_fails_the_password_validators() -> None:
    # given
    user = UserFactory()
    client = _signed_in(user.username)
    # when
    refused = client.post("/api/auth/password/",
                          {"current_password": PASSWORD, "new_password": "12345678"},
                          format="json")
    # then
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid"
    assert "new_password" in refused.json()["error"]["details"]
    assert get_user_model().objects.get(pk=user.pk).check_password(PASSWORD)


def test_signed_out_callers_cannot_change_a_password() -> None:
    # when
    refused = APIClient().post("/api/auth/password/",
                               {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                               format="json")
    # then
    assert refused.status_code in (401, 403)


def test_password_guesses_count_against_the_log_in_limit_per_username(
    settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: counters of this test's own, and a clock standing still mid-window
    mid_window = time.time() // 60 * 60 + 30
    monkeypatch.setattr(WindowRateThrottle, "timer", staticmethod(lambda: mid_window))
    settings.CACHES = {"default": {**settings.CACHES["default"],  # type: ignore[attr-defined]
                                   "KEY_PREFIX": f"pw-change-test-{uuid4().hex[:12]}"}}
    settings.REST_FRAMEWORK = {  # type: ignore[attr-defined]
        **settings.REST_FRAMEWORK,  # type: ignore[attr-defined]
        "DEFAULT_THROTTLE_RATES": {"auth_address": "1000/min", "auth_username": "3/min"},
    }
    user = UserFactory()
    client = _signed_in(user.username)
    body = {"current_password": "guess", "new_password": NEW_PASSWORD}
    # when
    codes = [client.post("/api/auth/password/", body, format="json").status_code
             for _ in range(3)]
    # then: the log-in counted in the same bucket, then two guesses, then the limit
    assert codes == [400, 400, 429]
