"""Read-only links to an answer's report: made and revoked by the answer's owner only, read by
anyone holding one, and dead (404) once revoked."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from analysis_app.models import ReportShare
from sessions_app.models import Answer
from sessions_app.services_privacy import user_data_delete
from tests.factories import UserFactory, analysed_answer
from tests.scoring.profiles import answer as features

pytestmark = pytest.mark.django_db


def _owned_answer() -> Answer:
    return analysed_answer(features(), transcript="I led the migration and we shipped it.")


def _create(client: APIClient, answer: Answer) -> dict:
    response = client.post(f"/api/answers/{answer.id}/shares/create/")
    assert response.status_code == 201, response.content
    return response.json()


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_the_owner_makes_a_link_that_anyone_reads_without_signing_in(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    answer = _owned_answer()
    owner = client_for(answer.session.owner)
    # when
    created = _create(owner, answer)
    response = APIClient().get(f"/api/shared/{_token(created['url'])}/report/")
    # then: the analysis is there, the recording, the coaches' review and the ids are not
    assert created["url"].startswith("http://testserver/shared/")
    assert created["is_active"] is True
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["scores"] == answer.report.scores
    assert body["transcript"]["text"] == "I led the migration and we shipped it."
    assert body["question"] == {"text": answer.question.text,
                                "category": answer.question.category}
    for private in ("media", "recording_expired_at", "coach_review", "answer_id",
                    "session_id", "takes", "stages"):
        assert private not in body


def test_only_the_tokens_hash_is_stored_and_the_list_shows_no_token(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    answer = _owned_answer()
    owner = client_for(answer.session.owner)
    token = _token(_create(owner, answer)["url"])
    # when
    listed = owner.get(f"/api/answers/{answer.id}/shares/").json()["results"]
    # then
    share = ReportShare.objects.get(answer=answer)
    assert share.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in share.token_hash
    assert listed == [{"id": share.id, "created_at": listed[0]["created_at"],
                       "revoked_at": None, "is_active": True}]


def test_a_revoked_link_and_an_unknown_one_answer_404(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    answer = _owned_answer()
    owner = client_for(answer.session.owner)
    created = _create(owner, answer)
    # when
    revoked = owner.delete(f"/api/answers/{answer.id}/shares/{created['id']}/")
    # then
    assert revoked.status_code == 204
    assert APIClient().get(f"/api/shared/{_token(created['url'])}/report/").status_code == 404
    assert APIClient().get("/api/shared/not-a-real-token/report/").status_code == 404
    listed = owner.get(f"/api/answers/{answer.id}/shares/").json()["results"]
    assert listed[0]["is_active"] is False and listed[0]["revoked_at"] is not None


def test_another_user_can_neither_make_list_nor_revoke_links_to_my_answer(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    answer = _owned_answer()
    created = _create(client_for(answer.session.owner), answer)
    stranger = client_for(UserFactory())
    # when / then
    assert stranger.post(f"/api/answers/{answer.id}/shares/create/").status_code == 404
    assert stranger.get(f"/api/answers/{answer.id}/shares/").status_code == 404
    assert stranger.delete(
        f"/api/answers/{answer.id}/shares/{created['id']}/").status_code == 404
    assert APIClient().get(f"/api/shared/{_token(created['url'])}/report/").status_code == 200
    assert ReportShare.objects.filter(answer=answer, revoked_at__isnull=True).count() == 1


def test_signed_out_callers_cannot_make_links(client_for: Callable[[object], APIClient]) -> None:
    answer = _owned_answer()
    response = APIClient().post(f"/api/answers/{answer.id}/shares/create/")
    assert response.status_code in (401, 403)
    assert not ReportShare.objects.exists()


def test_deleting_my_data_deletes_my_links(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    answer = _owned_answer()
    _create(client_for(answer.session.owner), answer)
    # when
    user_data_delete(user=answer.session.owner)
    # then
    assert not ReportShare.objects.exists()


def test_an_operator_sees_the_links_in_the_admin_without_tokens_and_can_revoke_them(
    client_for: Callable[[object], APIClient]
) -> None:
    # given: a candidate's link, and an operator signed in to the admin
    answer = _owned_answer()
    made = _create(client_for(answer.session.owner), answer)
    share = ReportShare.objects.get(answer=answer)
    operator = Client()
    operator.force_login(UserFactory(username="operator", is_staff=True, is_superuser=True))
    # when
    listing = operator.get("/admin/analysis_app/reportshare/").content.decode()
    detail = operator.get(f"/admin/analysis_app/reportshare/{share.pk}/change/").content.decode()
    revoked = operator.post("/admin/analysis_app/reportshare/", {
        "action": "revoke", "_selected_action": [share.pk]})
    # then: whose link and whether it works, never the token or its hash; revoking stops it
    assert answer.session.owner.username in listing
    for secret in (_token(made["url"]), share.token_hash):
        assert secret not in listing and secret not in detail
    assert revoked.status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert APIClient().get(f"/api/shared/{_token(made['url'])}/report/").status_code == 404
