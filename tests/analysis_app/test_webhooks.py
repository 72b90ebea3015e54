"""Webhooks end to end in-process: the API, events recorded where answers settle, deliveries
sent by the real Celery task function to a real HTTP receiver on 127.0.0.1 that checks the
signature, retries with backoff through the beat reconciler, re-sending, ping, ownership and
the refusal of private targets. The broker is faked at its edge (the doorbells are kept in a
list and run by the test); everything else is real."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from analysis_app.engine.graph import Stage, StageStatus
from analysis_app.models import AnswerReport, Webhook, WebhookDelivery
from analysis_app.services import analysis_request, stage_claim, stage_end
from analysis_app.webhooks import dispatch as webhook_dispatch
from analysis_app.webhooks import services as webhook_services
from analysis_app.webhooks import targets
from analysis_app.webhooks.services import webhook_create
from sessions_app.models import AnalysisStatus, Answer
from tests.analysis_app.webhook_receiver import WebhookReceiver, running_receiver
from tests.conftest import Doorbells
from tests.factories import AnswerFactory, QuestionFactory, UserFactory
from workers.tasks import deliver_webhook, reconcile_webhooks

pytestmark = pytest.mark.django_db

PAST = datetime(2000, 1, 1, tzinfo=UTC)
ANSWER_EVENTS = ["answer.completed", "answer.failed"]
SCORES = {"confidence": 71.0, "fluency": 64.5, "overall": 68.0}


class WebhookBells:
    """The broker faked at its edge for deliveries: what would be sent is kept, and `run`
    plays the worker, running each through the real Celery task (`Task.apply`)."""

    def __init__(self) -> None:
        self.rung: list[str] = []

    def send(self, delivery_id: str) -> None:
        self.rung.append(delivery_id)

    def run(self) -> list[str | None]:
        results = []
        while self.rung:
            results.append(deliver_webhook.apply(args=[self.rung.pop(0)]).result)
        return results


@pytest.fixture
def webhook_bells(monkeypatch: pytest.MonkeyPatch) -> WebhookBells:
    bells = WebhookBells()
    monkeypatch.setattr(webhook_dispatch, "_send", bells.send)
    return bells


@pytest.fixture
def receiver(settings: Any) -> Iterator[WebhookReceiver]:
    """A receiver on loopback, which the tests' endpoints may call."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_TIMEOUT_S = 5.0
    with running_receiver() as server:
        yield server


def subscribe(user: Any, receiver: WebhookReceiver, events: list[str]) -> Webhook:
    webhook = webhook_create(owner=user, url=receiver.url, events=events)
    receiver.state.secret = webhook.secret
    return webhook


def settle(answer: Answer, capture: Callable, *, media: StageStatus = StageStatus.FINISHED,
           scores: dict[str, float] | None = None) -> Answer:
    """Run the answer's analysis to its end through the pipeline's own services (claims and
    stage ends, as workers make them) without loading models: the media stage says the
    recording is audio only (video is skipped), the scoring stage stores a report."""
    with capture(execute=True):
        analysis_request(answer=answer)
    stages = [Stage.MEDIA] if media != StageStatus.FINISHED else [
        Stage.MEDIA, Stage.SPEECH, Stage.AUDIO, Stage.TEXT, Stage.SCORING]
    for stage in stages:
        claim = stage_claim(answer_id=str(answer.id), stage=stage, worker="test:1")
        assert claim is not None, stage

        def apply(stage: Stage = stage) -> None:
            if stage == Stage.MEDIA:
                Answer.objects.filter(pk=answer.pk).update(media_info={
                    "duration_s": 12.0, "has_audio": True, "has_video": False})
            if stage == Stage.SCORING:
                AnswerReport.objects.update_or_create(answer=answer, defaults={
                    "scores": scores or SCORES, "rubric_version": "test"})

        status = media if stage == Stage.MEDIA else StageStatus.FINISHED
        with capture(execute=True):
            assert stage_end(claim=claim, status=status, result=None,
                             error="" if status == StageStatus.FINISHED else "Not a recording.",
                             apply=apply if status == StageStatus.FINISHED else None)
    answer.refresh_from_db()
    return answer


def due_now(delivery: WebhookDelivery) -> None:
    """Time passes: the delivery's next try is due."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=PAST)


def deliveries(event: str | None = None) -> list[WebhookDelivery]:
    rows = WebhookDelivery.objects.order_by("created_at")
    return list(rows.filter(event=event) if event else rows)


# --- The API ------------------------------------------------------------------------------

def test_creating_a_webhook_shows_its_secret_once(
    user: Any, client_for: Callable[[Any], APIClient], receiver: WebhookReceiver,
) -> None:
    # given
    client = client_for(user)
    # when
    created = client.post("/api/webhooks/create/", {"url": receiver.url, "events": [
        "answer.completed", "session.completed"]}, format="json")
    detail = client.get(f"/api/webhooks/{created.json()['id']}/")
    listed = client.get("/api/webhooks/")
    # then
    assert created.status_code == 201, created.json()
    secret = created.json()["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    assert created.json()["events"] == ["answer.completed", "session.completed"]
    assert created.json()["active"] is True
    assert detail.status_code == 200
    assert "secret" not in detail.json()
    assert detail.json()["secret_hint"] == f"{secret[:6]}…{secret[-4:]}"
    assert listed.json()["count"] == 1
    assert "secret" not in listed.json()["results"][0]


def test_webhook_lists_are_paginated_like_the_api_says(
    user: Any, client_for: Callable[[Any], APIClient], receiver: WebhookReceiver,
) -> None:
    # given
    for _ in range(3):
        subscribe(user, receiver, ANSWER_EVENTS)
    # when
    page = client_for(user).get("/api/webhooks/?limit=2").json()
    # then
    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["next"] is not None and page["previous"] is None


def test_a_webhook_is_updated_and_deleted(
    user: Any, client_for: Callable[[Any], APIClient], receiver: WebhookReceiver,
) -> None:
    # given
    client = client_for(user)
    webhook = subscribe(user, receiver, ANSWER_EVENTS)
    url = f"/api/webhooks/{webhook.id}/"
    # when
    patched = client.patch(url, {"events": ["answer.failed"], "active": False}, format="json")
    bad_scheme = client.patch(url, {"url": "ftp://127.0.0.1/hook"}, format="json")
    bad_event = client.patch(url, {"events": ["answer.exploded"]}, format="json")
    no_event = client.patch(url, {"events": []}, format="json")
    deleted = client.delete(url)
    # then
    assert patched.status_code == 200
    assert patched.json()["events"] == ["answer.failed"] and patched.json()["active"] is False
    assert bad_scheme.status_code == 400 and "url" in bad_scheme.json()["error"]["details"]
    assert bad_event.status_code == 400 and bad_event.json()["error"]["code"] == "invalid"
    assert no_event.status_code == 400
    assert deleted.status_code == 204
    assert client.get(url).status_code == 404
    assert not Webhook.objects.exists()


def test_ping_cannot_be_subscribed_to(
    user: Any, client_for: Callable[[Any], APIClient], receiver: WebhookReceiver,
) -> None:
    response = client_for(user).post("/api/webhooks/create/", {"url": receiver.url,
                                                        "events": ["ping"]}, format="json")
    assert response.status_code == 400
    assert "events" in response.json()["error"]["details"]


def test_another_users_webhook_and_deliveries_are_not_found(
    user: Any, other_user: Any, client_for: Callable[[Any], APIClient],
    receiver: WebhookReceiver,
) -> None:
    # given: A's webhook with a delivery in its log
    webhook = subscribe(user, receiver, ANSWER_EVENTS)
    ping = client_for(user).post(f"/api/webhooks/{webhook.id}/ping/").json()
    intruder = client_for(other_user)
    base = f"/api/webhooks/{webhook.id}"
    # when
    answers = [
        intruder.get(f"{base}/"),
        intruder.patch(f"{base}/", {"active": False}, format="json"),
        intruder.delete(f"{base}/"),
        intruder.get(f"{base}/deliveries/"),
        intruder.post(f"{base}/ping/"),
        intruder.post(f"{base}/deliveries/{ping['id']}/redeliver/"),
    ]
    # then
    assert [response.status_code for response in answers] == [404] * 6
    assert all(response.json()["error"]["code"] == "not_found" for response in answers)
    assert intruder.get("/api/webhooks/").json()["count"] == 0
    webhook.refresh_from_db()
    assert webhook.active is True
    assert WebhookDelivery.objects.filter(event="ping").count() == 1, "B's ping sent nothing"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/hook",          # loopback
    "http://localhost/hook",               # a name for loopback
    "http://[::1]/hook",                   # IPv6 loopback
    "http://[::ffff:127.0.0.1]/hook",      # loopback mapped into IPv6
    "http://10.1.2.3/hook",                # private
    "http://192.168.1.20/hook",            # private
    "http://169.254.169.254/latest/",      # link-local: the cloud's metadata service
    "http://100.64.0.1/hook",              # shared address space (carrier-grade NAT)
    "http://224.0.0.251/hook",             # multicast
    "http://240.0.0.1/hook",               # reserved
    "http://0.0.0.0/hook",                 # unspecified
    "ftp://93.184.216.34/hook",            # not http(s)
    "http://user:pw@93.184.216.34/hook",   # credentials in the URL
])
def test_private_targets_are_refused_with_the_setting_off(
    url: str, user: Any, client_for: Callable[[Any], APIClient], settings: Any,
) -> None:
    # given
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    # when
    response = client_for(user).post("/api/webhooks/create/", {"url": url,
                                                        "events": ANSWER_EVENTS}, format="json")
    # then
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == "invalid"
    assert "url" in response.json()["error"]["details"]
    assert not Webhook.objects.exists()


def test_public_targets_are_accepted_and_private_ones_only_with_the_setting_on(
    user: Any, client_for: Callable[[Any], APIClient], settings: Any,
) -> None:
    # given
    client = client_for(user)
    body = {"events": ANSWER_EVENTS}
    # when
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    public = client.post("/api/webhooks/create/", {**body, "url": "https://93.184.216.34/hook"},
                         format="json")
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    loopback = client.post("/api/webhooks/create/", {**body, "url": "http://127.0.0.1:9/hook"},
                           format="json")
    still_not_ftp = client.post("/api/webhooks/create/", {**body, "url": "ftp://127.0.0.1/hook"},
                                format="json")
    # then
    assert public.status_code == 201
    assert loopback.status_code == 201
    assert still_not_ftp.status_code == 400


def test_the_target_is_checked_again_when_sending_against_dns_rebinding(
    user: Any, client_for: Callable[[Any], APIClient], settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: the name resolved to a public address when the webhook was saved ...
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    with running_receiver() as server:
        answers = {"hooks.example.test": ["93.184.216.34"]}
        monkeypatch.setattr(targets, "resolve", lambda host, port: answers[host])
        webhook = webhook_create(owner=user, url=f"http://hooks.example.test:{server.port}/h",
                                 events=ANSWER_EVENTS)
        # ... and now resolves to loopback, where a receiver listens
        answers["hooks.example.test"] = ["127.0.0.1"]
        # when
        result = client_for(user).post(f"/api/webhooks/{webhook.id}/ping/").json()
    # then: nothing was sent there
    assert server.requests == []
    assert result["status"] == "failed"
    assert result["attempts"][0]["error"].startswith("Not sent: ")
    assert "127.0.0.1 is a loopback address" in result["attempts"][0]["error"]


def test_an_attempt_connects_to_the_checked_address_under_the_host_name(
    user: Any, client_for: Callable[[Any], APIClient], receiver: WebhookReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: a name that resolves to the receiver's address
    monkeypatch.setattr(targets, "resolve", lambda host, port: ["127.0.0.1"])
    webhook = webhook_create(owner=user, url=f"http://hooks.example.test:{receiver.port}/in",
                             events=ANSWER_EVENTS)
    receiver.state.secret = webhook.secret
    # when
    result = client_for(user).post(f"/api/webhooks/{webhook.id}/ping/").json()
    # then
    assert result["status"] == "succeeded"
    assert receiver.requests[0].headers["host"] == f"hooks.example.test:{receiver.port}"
    assert receiver.requests[0].path == "/in"


# --- Events and deliveries ----------------------------------------------------------------

def test_an_answer_completed_by_the_pipeline_is_delivered_signed_by_the_celery_task(
    answer: Answer, receiver: WebhookReceiver, doorbells: Doorbells,
    webhook_bells: WebhookBells, django_capture_on_commit_callbacks: Callable,
) -> None:
    # given
    webhook = subscribe(answer.session.owner, receiver, ANSWER_EVENTS)
    # when: the answer's analysis ends; then the worker runs the task it was rung for
    settle(answer, django_capture_on_commit_callbacks)
    [delivery] = deliveries()
    rung = list(webhook_bells.rung)
    results = webhook_bells.run()
    # then
    assert answer.analysis_status == AnalysisStatus.COMPLETED
    assert rung == [str(delivery.id)], "rung after the settling transaction committed"
    assert results == ["succeeded"]
    [request] = receiver.requests
    assert request.path == "/hooks/coach"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"].startswith("InterviewCoach-Webhooks/")
    assert request.headers["x-webhook-event"] == "answer.completed"
    assert request.headers["x-webhook-delivery"] == str(delivery.id)
    assert request.headers["x-webhook-signature"].startswith("sha256=")
    assert request.signature_ok and request.timestamped_ok
    body = request.body
    assert body["id"] == str(delivery.id) and body["event"] == "answer.completed"
    assert datetime.fromisoformat(body["created_at"]) <= timezone.now()
    assert body["data"] == {
        "answer_id": str(answer.id), "session_id": str(answer.session_id),
        "question_id": answer.question_id, "analysis_status": "completed",
        "analysis_error": "", "scores": SCORES, "overall": SCORES["overall"],
        "report_url": f"http://127.0.0.1:8000/api/answers/{answer.id}/report/",
    }
    delivery.refresh_from_db()
    [attempt] = delivery.attempts.all()
    assert delivery.status == "succeeded" and delivery.delivered_at is not None
    assert delivery.next_attempt_at is None and delivery.lease_owner == ""
    assert attempt.outcome == "succeeded" and attempt.response_code == 200
    assert attempt.duration_ms is not None and attempt.duration_ms > 0
    assert webhook.deliveries.count() == 1


def test_a_failed_analysis_sends_answer_failed_without_scores(
    answer: Answer, receiver: WebhookReceiver, doorbells: Doorbells,
    webhook_bells: WebhookBells, django_capture_on_commit_callbacks: Callable,
) -> None:
    # given
    subscribe(answer.session.owner, receiver, ["answer.failed"])
    # when
    settle(answer, django_capture_on_commit_callbacks, media=StageStatus.FAILED)
    webhook_bells.run()
    # then
    assert answer.analysis_status == AnalysisStatus.FAILED
    [request] = receiver.requests
    assert request.headers["x-webhook-event"] == "answer.failed"
    assert request.body["data"]["analysis_status"] == "failed"
    assert request.body["data"]["analysis_error"] == "Not a recording."
    assert request.body["data"]["scores"] == {} and request.body["data"]["overall"] is None


def test_only_the_owners_active_subscribed_webhooks_get_an_event(
    answer: Answer, receiver: WebhookReceiver, doorbells: Doorbells,
    webhook_bells: WebhookBells, django_capture_on_commit_callbacks: Callable,
) -> None:
    # given
    owner = answer.session.owner
    subscribe(owner, receiver, ["answer.failed"])                  # not this event
    Webhook.objects.filter(pk=subscribe(owner, receiver, ANSWER_EVENTS).pk).update(
        active=False)                                               # switched off
    subscribe(UserFactory(), receiver, ANSWER_EVENTS)               # someone else's
    # when
    settle(answer, django_capture_on_commit_callbacks)
    # then
    assert deliveries() == [] and webhook_bells.rung == []


def test_session_completed_fires_once_when_every_question_has_a_scored_take(
    answer: Answer, receiver: WebhookReceiver, doorbells: Doorbells,
    webhook_bells: WebhookBells, django_capture_on_commit_callbacks: Callable,
) -> None:
    # given: a session of two questions; the first is answered
    capture = django_capture_on_commit_callbacks
    session = answer.session
    second = AnswerFactory(question=QuestionFactory(session=session))
    subscribe(session.owner, receiver, ["session.completed"])
    settle(answer, capture)
    after_first = deliveries()
    # and: a re-take of the first question is still being analysed
    retake = AnswerFactory(question=answer.question)
    with capture(execute=True):
        analysis_request(answer=retake)
    # when: the second question's answer settles, and then the re-take
    settle(second, capture)
    while_retake_runs = deliveries()
    retake.refresh_from_db()
    settle(retake, capture, scores={"overall": 80.0})
    # and: an answer of the finished session is analysed again
    settle(second, capture)
    webhook_bells.run()
    # then
    assert after_first == [] and while_retake_runs == []
    [delivery] = deliveries("session.completed")
    [request] = receiver.requests
    data = request.body["data"]
    assert request.headers["x-webhook-delivery"] == str(delivery.id)
    assert data["session_id"] == str(session.id)
    assert data["answer_count"] == 2
    assert {row["answer_id"] for row in data["answers"]} == {str(retake.id), str(second.id)}
    assert data["overall"] is not None
    assert data["report_url"].endswith(f"/api/sessions/{session.id}/report/")


def test_a_fault_in_the_webhook_code_never_undoes_the_analysis(
    answer: Answer, receiver: WebhookReceiver, doorbells: Doorbells,
    django_capture_on_commit_callbacks: Callable, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given
    subscribe(answer.session.owner, receiver, ANSWER_EVENTS)

    def broken(answer: Answer) -> dict[str, Any]:
        raise RuntimeError("bug")

    monkeypatch.setattr(webhook_services, "_answer_data", broken)
    # when
    settle(answer, django_capture_on_commit_callbacks)
    # then
    assert answer.analysis_status == AnalysisStatus.COMPLETED
    assert deliveries() == []


def test_a_receiver_that_is_down_is_retried_with_backoff_until_it_is_back(
    answer: Answer, receiver: WebhookReceiver, doorbells: Doorbells,
    webhook_bells: WebhookBells, django_capture_on_commit_callbacks: Callable, settings: Any,
) -> None:
    # given: a delivery is due, and the receiver is down
    capture = django_capture_on_commit_callbacks
    settings.WEBHOOK_BACKOFF_BASE_S = 60.0
    subscribe(answer.session.owner, receiver, ANSWER_EVENTS)
    settle(answer, capture)
    [delivery] = deliveries()
    receiver.stop()
    # when: the first try meets a refused connection
    assert webhook_bells.run() == ["pending"]
    delivery.refresh_from_db()
    first = delivery.attempts.get()
    # then: logged, and due again within the first backoff (60 s at most)
    assert first.outcome == "failed" and first.response_code is None
    assert first.error == "Connection refused."
    assert delivery.status == "pending" and delivery.sent_at is None
    assert first.started_at <= delivery.next_attempt_at <= first.started_at + timedelta(
        seconds=60.5)
    # and: before it is due, neither a stray message nor the reconciler sends it
    assert deliver_webhook.apply(args=[str(delivery.id)]).result is None
    if delivery.next_attempt_at > timezone.now() + timedelta(seconds=6):
        with capture(execute=True):
            assert reconcile_webhooks.apply().result["rung"] == 0
    assert delivery.attempts.count() == 1
    # when: the receiver is back on its port but failing; the retry comes due
    receiver.state.status = 500
    receiver.start()
    due_now(delivery)
    webhook_bells.rung.clear()
    with capture(execute=True):
        assert reconcile_webhooks.apply().result["rung"] == 1
    assert webhook_bells.run() == ["pending"]
    delivery.refresh_from_db()
    second = delivery.attempts.get(number=2)
    # then: the backoff's ceiling doubled (120 s)
    assert second.response_code == 500 and second.outcome == "failed"
    assert delivery.last_error == "The receiver answered HTTP 500."
    assert delivery.next_attempt_at <= second.started_at + timedelta(seconds=120.5)
    # when: it works again, and the next retry comes due
    receiver.state.status = 204
    due_now(delivery)
    with capture(execute=True):
        reconcile_webhooks.apply()
    # then
    assert webhook_bells.run() == ["succeeded"]
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    assert [(a.number, a.outcome, a.response_code) for a in delivery.attempts.all()] == [
        (1, "failed", None), (2, "failed", 500), (3, "succeeded", 204)]
    assert {r.headers["x-webhook-delivery"] for r in receiver.requests} == {str(delivery.id)}
    assert len({r.raw for r in receiver.requests}) == 1, "every try sends the same bytes"
    assert all(r.signature_ok for r in receiver.requests)


@pytest.mark.parametrize("limit", ["attempts", "hours"])
def test_a_delivery_is_given_up_after_its_tries_or_its_time(
    limit: str, answer: Answer, receiver: WebhookReceiver, doorbells: Doorbells,
    webhook_bells: WebhookBells, django_capture_on_commit_callbacks: Callable, settings: Any,
) -> None:
    # given: a receiver that always fails
    receiver.state.status = 503
    settings.WEBHOOK_BACKOFF_BASE_S = 3600.0
    if limit == "attempts":
        settings.WEBHOOK_MAX_ATTEMPTS = 2
    else:  # no retry can come within the window
        settings.WEBHOOK_RETRY_MAX_HOURS = 0.0
    subscribe(answer.session.owner, receiver, ANSWER_EVENTS)
    settle(answer, django_capture_on_commit_callbacks)
    [delivery] = deliveries()
    # when
    statuses = webhook_bells.run()
    if limit == "attempts":
        due_now(delivery)
        with django_capture_on_commit_callbacks(execute=True):
            reconcile_webhooks.apply()
        statuses += webhook_bells.run()
    # then
    delivery.refresh_from_db()
    assert statuses == (["pending", "failed"] if limit == "attempts" else ["failed"])
    assert delivery.status == "failed" and delivery.next_attempt_at is None
    assert delivery.last_status_code == 503
    with django_capture_on_commit_callbacks(execute=True):
        assert reconcile_webhooks.apply().result["rung"] == 0


def test_a_doorbell_the_broker_lost_or_never_got_is_rung_again_by_the_reconciler(
    answer: Answer, receiver: WebhookReceiver, doorbells: Doorbells,
    webhook_bells: WebhookBells, django_capture_on_commit_callbacks: Callable,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: the broker was down when the answer settled
    capture = django_capture_on_commit_callbacks
    subscribe(answer.session.owner, receiver, ANSWER_EVENTS)

    def broker_down(delivery_id: str) -> None:
        raise ConnectionError("Redis is restarting")

    monkeypatch.setattr(webhook_dispatch, "_send", broker_down)
    settle(answer, capture)
    [delivery] = deliveries()
    assert delivery.sent_at is None
    # when: it is back; then the message it got is lost (a restart without persistence)
    monkeypatch.setattr(webhook_dispatch, "_send", webhook_bells.send)
    due_now(delivery)
    with capture(execute=True):
        first = reconcile_webhooks.apply().result
    webhook_bells.rung.clear()
    with capture(execute=True):
        too_soon = reconcile_webhooks.apply().result
    WebhookDelivery.objects.filter(pk=delivery.pk).update(sent_at=PAST)
    with capture(execute=True):
        later = reconcile_webhooks.apply().result
    # then
    assert (first["rung"], too_soon["rung"], later["rung"]) == (1, 0, 1)
    assert webhook_bells.run() == ["succeeded"]
    assert len(receiver.requests) == 1


def test_redeliver_sends_the_same_delivery_again_in_a_new_series(
    answer: Answer, receiver: WebhookReceiver, doorbells: Doorbells,
    webhook_bells: WebhookBells, django_capture_on_commit_callbacks: Callable,
    client_for: Callable[[Any], APIClient],
) -> None:
    # given: a delivery that succeeded
    capture = django_capture_on_commit_callbacks
    webhook = subscribe(answer.session.owner, receiver, ANSWER_EVENTS)
    settle(answer, capture)
    webhook_bells.run()
    [delivery] = deliveries()
    client = client_for(answer.session.owner)
    # when
    with capture(execute=True):
        response = client.post(
            f"/api/webhooks/{webhook.id}/deliveries/{delivery.id}/redeliver/")
    results = webhook_bells.run()
    log = client.get(f"/api/webhooks/{webhook.id}/deliveries/").json()
    # then
    assert response.status_code == 202
    assert response.json()["status"] == "pending" and response.json()["series"] == 2
    assert results == ["succeeded"]
    first, second = receiver.requests
    assert first.headers["x-webhook-delivery"] == second.headers["x-webhook-delivery"] == str(
        delivery.id)
    assert first.raw == second.raw
    assert log["count"] == 1
    [row] = log["results"]
    assert row["id"] == str(delivery.id) and row["status"] == "succeeded"
    assert row["payload"]["event"] == "answer.completed"
    assert [(a["number"], a["series"], a["status"], a["response_code"])
            for a in row["attempts"]] == [(1, 1, "succeeded", 200), (2, 2, "succeeded", 200)]
    assert all(a["duration_ms"] > 0 for a in row["attempts"])


def test_redeliver_waits_for_an_attempt_in_flight(
    user: Any, receiver: WebhookReceiver, client_for: Callable[[Any], APIClient],
) -> None:
    # given: a delivery a worker holds right now
    webhook = subscribe(user, receiver, ANSWER_EVENTS)
    client = client_for(user)
    ping = client.post(f"/api/webhooks/{webhook.id}/ping/").json()
    WebhookDelivery.objects.filter(pk=ping["id"]).update(
        lease_owner="node:1", lease_until=timezone.now() + timedelta(minutes=1))
    # when
    response = client.post(f"/api/webhooks/{webhook.id}/deliveries/{ping['id']}/redeliver/")
    # then
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "delivery_in_flight"


def test_ping_sends_at_once_and_reports_how_it_went(
    user: Any, receiver: WebhookReceiver, client_for: Callable[[Any], APIClient],
    webhook_bells: WebhookBells, django_capture_on_commit_callbacks: Callable,
) -> None:
    # given
    webhook = subscribe(user, receiver, ANSWER_EVENTS)
    client = client_for(user)
    # when: up, then down
    up = client.post(f"/api/webhooks/{webhook.id}/ping/")
    receiver.stop()
    down = client.post(f"/api/webhooks/{webhook.id}/ping/")
    with django_capture_on_commit_callbacks(execute=True):
        reconcile_webhooks.apply()
    # then
    assert up.status_code == 200
    assert up.json()["event"] == "ping" and up.json()["status"] == "succeeded"
    assert up.json()["attempts"][0]["response_code"] == 200
    [request] = receiver.requests
    assert request.headers["x-webhook-event"] == "ping" and request.signature_ok
    assert request.body["data"]["webhook_id"] == str(webhook.id)
    assert down.status_code == 200 and down.json()["status"] == "failed"
    assert down.json()["attempts"][0]["error"] == "Connection refused."
    assert webhook_bells.rung == [], "a ping is never retried"


def test_redirects_are_not_followed(
    user: Any, receiver: WebhookReceiver, client_for: Callable[[Any], APIClient],
) -> None:
    # given: the receiver redirects (to the metadata service, say)
    receiver.state.status = 302
    receiver.state.location = "http://169.254.169.254/latest/meta-data/"
    webhook = subscribe(user, receiver, ANSWER_EVENTS)
    # when
    result = client_for(user).post(f"/api/webhooks/{webhook.id}/ping/").json()
    # then
    assert result["status"] == "failed"
    assert result["attempts"][0]["response_code"] == 302
    assert len(receiver.requests) == 1


def test_staff_see_webhooks_and_deliveries_in_the_admin(
    user: Any, receiver: WebhookReceiver, client_for: Callable[[Any], APIClient],
) -> None:
    # given
    webhook = subscribe(user, receiver, ANSWER_EVENTS)
    ping = client_for(user).post(f"/api/webhooks/{webhook.id}/ping/").json()
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    # when
    pages = [staff.get("/admin/analysis_app/webhook/"),
             staff.get(f"/admin/analysis_app/webhook/{webhook.id}/change/"),
             staff.get("/admin/analysis_app/webhookdelivery/"),
             staff.get(f"/admin/analysis_app/webhookdelivery/{ping['id']}/change/")]
    # then
    assert [page.status_code for page in pages] == [200] * 4
    assert webhook.secret not in pages[1].content.decode()
    assert json.loads(WebhookDelivery.objects.get().body)["event"] == "ping"
