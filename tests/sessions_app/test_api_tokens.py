"""API tokens (django-rest-knox): hashed at rest, expiring, named, several per user, revocable,
a new one on every creation, and the keys DRF's authtoken kept in plain text carried over."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from sessions_app.models import ApiToken
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _create_token(username: str, name: str = "") -> dict:
    response = APIClient().post("/api/auth/token/",
                                {"username": username, "password": PASSWORD, "name": name},
                                format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def _client(key: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}")


REAL_NOW = timezone.now


def _shift_clock(monkeypatch: pytest.MonkeyPatch, by: timedelta) -> None:
    """From here on the clock reads `by` later than the real one (knox reads timezone.now)."""
    now = REAL_NOW() + by
    monkeypatch.setattr(timezone, "now", lambda: now)


def test_the_database_holds_a_digest_never_the_key() -> None:
    # given
    UserFactory(username="integrator")
    # when
    key = _create_token("integrator", "CI")["token"]
    # then: no column of the row, read with plain SQL, holds the key
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        row = cursor.fetchone()
    assert not any(key in str(value) for value in row)
    assert len(key) == 64
    assert _client(key).get("/api/sessions/").status_code == 200


def test_every_creation_is_a_new_named_token_and_both_work() -> None:
    # given
    UserFactory(username="integrator")
    # when
    first = _create_token("integrator", "CI")
    second = _create_token("integrator", "ATS sync")
    # then
    assert first["token"] != second["token"]
    assert {first["name"], second["name"]} == {"CI", "ATS sync"}
    assert _client(first["token"]).get("/api/auth/me/").status_code == 200
    assert _client(second["token"]).get("/api/auth/me/").status_code == 200


def test_a_token_expires_after_the_ttl(monkeypatch: pytest.MonkeyPatch, settings: object) -> None:
    # given
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=10)}  # type: ignore[attr-defined]
    UserFactory(username="integrator")
    created = _create_token("integrator")
    expiry = timezone.datetime.fromisoformat(created["expiry"].replace("Z", "+00:00"))
    # when
    assert _client(created["token"]).get("/api/auth/me/").status_code == 200
    _shift_clock(monkeypatch, timedelta(hours=10, minutes=1))
    after = _client(created["token"]).get("/api/auth/me/")
    # then
    assert timedelta(hours=9, minutes=59) < expiry - timezone.datetime.now(tz=expiry.tzinfo) \
        <= timedelta(hours=10, minutes=1)
    assert after.status_code == 401
    assert after.json()["error"]["code"] == "authentication_failed"
    assert not ApiToken.objects.exists()  # knox deletes what expired


def test_auto_refresh_slides_the_expiry_up_to_the_cap(monkeypatch: pytest.MonkeyPatch,
                                                      settings: object) -> None:
    # given
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=1),  # type: ignore[attr-defined]
                          "AUTO_REFRESH": True, "AUTO_REFRESH_MAX_TTL": timedelta(hours=2)}
    UserFactory(username="integrator")
    key = _create_token("integrator")["token"]
    # when: used every 50 minutes
    statuses = []
    for step in range(1, 4):
        _shift_clock(monkeypatch, timedelta(minutes=50 * step))
        statuses.append(_client(key).get("/api/auth/me/").status_code)
    # then: alive at 50 and 100 minutes, past the 2-hour cap at 150
    assert statuses == [200, 200, 401]


def test_listing_shows_names_and_dates_never_keys() -> None:
    # given
    UserFactory(username="integrator")
    UserFactory(username="someone-else")
    first = _create_token("integrator", "CI")
    _create_token("integrator", "ATS sync")
    _create_token("someone-else", "theirs")
    # when
    response = _client(first["token"]).get("/api/auth/tokens/")
    # then
    assert response.status_code == 200
    listed = response.json()["results"]
    assert [token["name"] for token in listed] == ["ATS sync", "CI"]
    assert all(set(token) == {"id", "name", "created", "expiry", "last_used_at"}
               for token in listed)
    assert first["token"] not in response.content.decode()
    assert next(t for t in listed if t["name"] == "CI")["last_used_at"] is not None


def test_revoking_one_token_leaves_the_others() -> None:
    # given
    UserFactory(username="integrator")
    first = _create_token("integrator", "CI")
    second = _create_token("integrator", "ATS sync")
    # when
    revoked = _client(second["token"]).delete(f"/api/auth/tokens/{first['id']}/delete/")
    # then
    assert revoked.status_code == 204
    assert _client(first["token"]).get("/api/auth/me/").status_code == 401
    assert _client(second["token"]).get("/api/auth/me/").status_code == 200


def test_another_users_token_cannot_be_revoked() -> None:
    # given
    UserFactory(username="integrator")
    UserFactory(username="intruder")
    victim = _create_token("integrator", "CI")
    intruder = _create_token("intruder")
    # when
    response = _client(intruder["token"]).delete(f"/api/auth/tokens/{victim['id']}/delete/")
    # then
    assert response.status_code == 404
    assert _client(victim["token"]).get("/api/auth/me/").status_code == 200


def test_revoke_all_logs_every_integration_out() -> None:
    # given
    UserFactory(username="integrator")
    keys = [_create_token("integrator", f"t{i}")["token"] for i in range(3)]
    # when
    response = _client(keys[0]).post("/api/auth/tokens/revoke-all/")
    # then
    assert response.status_code == 200
    assert response.json() == {"revoked": 3}
    assert [_client(key).get("/api/auth/me/").status_code for key in keys] == [401] * 3


def test_delete_on_the_token_url_revokes_only_the_calling_token() -> None:
    # given
    UserFactory(username="integrator")
    calling = _create_token("integrator")["token"]
    other = _create_token("integrator")["token"]
    # when
    response = _client(calling).delete("/api/auth/token/")
    # then
    assert response.status_code == 204
    assert _client(calling).get("/api/auth/me/").status_code == 401
    assert _client(other).get("/api/auth/me/").status_code == 200


def test_a_user_holds_at_most_the_token_limit(settings: object) -> None:
    # given
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}  # type: ignore[attr-defined]
    UserFactory(username="integrator")
    _create_token("integrator")
    _create_token("integrator")
    # when
    third = APIClient().post("/api/auth/token/",
                             {"username": "integrator", "password": PASSWORD}, format="json")
    # then
    assert third.status_code == 409
    assert third.json()["error"]["code"] == "token_limit_reached"


def test_a_wrong_password_gets_no_token() -> None:
    UserFactory(username="integrator")
    response = APIClient().post("/api/auth/token/",
                                {"username": "integrator", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_keys_from_drf_authtoken_are_carried_over_hashed_and_the_plain_table_dropped() -> None:
    # given: the table DRF's authtoken app left behind, with one plain-text key
    user = UserFactory(username="integrator")
    legacy_key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
                       "created timestamp with time zone NOT NULL, user_id integer NOT NULL)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, now(), %s)", [legacy_key, user.pk])
    migration = importlib.import_module("sessions_app.migrations.0006_api_tokens")
    # when
    with connection.schema_editor() as editor:
        migration.adopt_legacy_tokens(apps, editor)
    # then
    assert "authtoken_token" not in connection.introspection.table_names()
    token = ApiToken.objects.get(user=user)
    assert legacy_key not in (token.digest, token.token_key)
    assert token.expiry is not None
    assert _client(legacy_key).get("/api/auth/me/").json()["username"] == "integrator"
