"""`GET /api/auth/me/export/`: a ZIP of the user's data and files, theirs only, no secrets."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable, Iterator
from uuid import uuid4

import pytest
import redis
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from analysis_app.services_share import report_share_create, report_share_revoke
from sessions_app.models import ApiToken
from sessions_app.throttles import WindowRateThrottle
from tests.privacy_data import person_with_everything

pytestmark = pytest.mark.django_db

URL = "/api/auth/me/export/"


def _export(client: APIClient) -> tuple[zipfile.ZipFile, bytes]:
    response = client.get(URL)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(raw)), raw


def test_the_export_holds_my_document_recordings_and_resume_and_nothing_of_anyone_else(
    media_storage: str, client_for: Callable[[object], APIClient]
) -> None:
    # given: me, and someone else whose coach I am not
    me = person_with_everything("me")
    other = person_with_everything("other")
    # when
    archive, raw = _export(client_for(me.user))
    # then: the document and every file it names, byte for byte
    data = json.loads(archive.read("data.json"))
    answer = next(a for s in data["sessions"] for a in s["answers"]
                  if a["id"] == str(me.answer.pk))
    assert answer["recording_file"] == f"recordings/{me.answer.pk}/take.webm"
    assert archive.read(answer["recording_file"]) == me.recording_bytes
    assert archive.read(answer["analysis_audio_file"]) == me.audio_bytes
    [resume] = data["resumes"]
    assert archive.read(resume["file"]) == me.resume_bytes
    assert resume["parsed"]["email"] == "me@example.com"
    assert data["files_missing"] == []
    assert sorted(archive.namelist()) == sorted(
        ["data.json", answer["recording_file"], answer["analysis_audio_file"], resume["file"]])

    # what the document says about me
    assert data["account"]["username"] == "person-me"
    assert answer["report"]["transcript"]["text"] == me.transcript
    assert answer["coach_review"]["ratings"][0]["score"] == 71
    assert answer["coach_review"]["comments"][0]["text"] == "Well done, me."
    assert [t["name"] for t in data["api_tokens"]] == ["ci-me"]
    assert data["webhooks"][0]["url"] == "https://me.example.com/hook"
    assert data["webhooks"][0]["deliveries"][0]["event"] == "answer.completed"
    unfinished = next(a for s in data["sessions"] for a in s["answers"]
                      if a["id"] == str(me.uploading.pk))
    assert unfinished["recording_file"] is None

    # no secret, no coach's name, nothing of the other person's, anywhere in the archive
    token = ApiToken.objects.get(user=me.user)
    everything = b"".join(archive.read(name) for name in archive.namelist())
    for forbidden in (me.token_key, token.digest, me.webhook_secret, "coach-of-me",
                      me.user.password,  # type: ignore[attr-defined]
                      "person-other", other.transcript, str(other.answer.pk),
                      other.webhook_secret, other.token_key):
        assert forbidden.encode() not in everything, forbidden
    assert other.recording_bytes not in raw
    assert other.resume_bytes not in raw


def test_the_export_lists_the_links_i_made_to_my_reports_without_their_tokens(
    client_for: Callable[[object], APIClient]
) -> None:
    # given: one link still working and one revoked
    me = person_with_everything("me")
    (kept, kept_token), (revoked, revoked_token) = (
        report_share_create(answer=me.answer), report_share_create(answer=me.answer))
    report_share_revoke(share=revoked)
    # when
    archive, raw = _export(client_for(me.user))
    # then
    data = json.loads(archive.read("data.json"))
    answer = next(a for s in data["sessions"] for a in s["answers"]
                  if a["id"] == str(me.answer.pk))
    shares = {share["id"]: share for share in answer["report_shares"]}
    assert shares[kept.pk]["is_active"] is True and shares[kept.pk]["revoked_at"] is None
    assert shares[revoked.pk]["is_active"] is False and shares[revoked.pk]["revoked_at"]
    for secret in (kept_token, revoked_token, kept.token_hash, revoked.token_hash):
        assert secret.encode() not in raw


def test_a_coach_exports_the_ratings_they_gave_without_the_candidates_name(
    client_for: Callable[[object], APIClient]
) -> None:
    # given
    coach = person_with_everything("coach")
    candidate = person_with_everything("candidate", coach=coach.user)
    # when
    archive, _ = _export(client_for(coach.user))
    # then
    data = json.loads(archive.read("data.json"))
    assert data["reviews_given"]["ratings"] == [{
        **data["reviews_given"]["ratings"][0], "answer_id": str(candidate.answer.pk),
        "score": 71, "comment": "Nice pace, candidate."}]
    assert b"person-candidate" not in archive.read("data.json")
    assert candidate.transcript.encode() not in archive.read("data.json")


def test_the_export_needs_a_signed_in_user(client: object) -> None:
    response = client.get(URL)  # type: ignore[attr-defined]
    assert response.status_code in (401, 403)
    assert "error" in response.json()


@pytest.fixture
def export_rate(settings: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Two exports an hour, counted under a cache prefix of this test's own, mid-window."""
    prefix = f"export-test-{uuid4().hex[:12]}"
    mid_window = time.time() // 3600 * 3600 + 1830
    monkeypatch.setattr(WindowRateThrottle, "timer", staticmethod(lambda: mid_window))
    settings.CACHES = {"default": {**settings.CACHES["default"],  # type: ignore[attr-defined]
                                   "KEY_PREFIX": prefix}}
    settings.REST_FRAMEWORK = {  # type: ignore[attr-defined]
        **settings.REST_FRAMEWORK,  # type: ignore[attr-defined]
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],  # type: ignore[attr-defined]
            "data_export": "2/hour"},
    }
    yield
    client = redis.Redis.from_url(django_settings.CACHES["default"]["LOCATION"])
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.mark.usefixtures("export_rate")
def test_exports_are_throttled_per_user(client_for: Callable[[object], APIClient]) -> None:
    # given
    me, other = person_with_everything("me"), person_with_everything("other")
    mine, theirs = client_for(me.user), client_for(other.user)
    # when
    statuses = [mine.get(URL).status_code for _ in range(3)]
    refused = mine.get(URL)
    # then: the third is refused in the API's error shape; another user is not affected
    assert statuses == [200, 200, 429]
    assert refused.json()["error"]["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert theirs.get(URL).status_code == 200
