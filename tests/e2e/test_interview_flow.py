"""A candidate's whole flow in a real browser against the real platform: sign up, create a
session, record an answer on the fake camera, upload it (also through a dropped connection),
watch the analysis stages arrive over the WebSocket, and read the report."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import accessibility_violations, screenshot
from tests.e2e.cutting_proxy import CuttingProxy
from tests.factories import PASSWORD
from tests.live_platform import LivePlatform

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("seeded_bank")]


ANALYSIS_TIMEOUT_MS = 240_000
#: The first words reach the preview ~2 s after they are spoken; the first connection of the
#: server process also loads Whisper, and a busy CI machine is slower.
LIVE_TIMEOUT_MS = 20_000
SPOKEN_WORDS = re.compile("billing|migration|customer|service", re.IGNORECASE)
DIMENSIONS = ("confidence", "fluency", "vocal_expressiveness", "eye_contact", "composure",
              "engagement", "positivity", "relevance", "structure", "clarity")


def sign_up(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/")
    # the signed-out home says what the product is, with a sample report, and offers sign-up
    expect(page.get_by_role("heading", level=1)).to_contain_text("Practise job interviews")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Your practice")).to_be_visible()


def create_session(page: Page, *, questions: int) -> str:
    page.get_by_role("link", name="Start a new session").click()
    page.get_by_label("Job you are practising for").fill("Backend engineer")
    page.get_by_label("Number of questions").select_option(str(questions))
    page.get_by_role("button", name="Create session and see the questions").click()
    expect(page.get_by_role("heading", name=f"Your {questions} questions")).to_be_visible()
    page.get_by_role("button", name="Start the interview").click()
    page.wait_for_url(re.compile(r"/sessions/[0-9a-f-]+/interview"))
    return page.url.split("/sessions/")[1].split("/")[0]


def record_answer(page: Page, seconds: float) -> None:
    start = page.get_by_role("button", name="Start recording")
    expect(start).to_be_enabled()
    start.click()
    expect(page.get_by_text("Recording", exact=True)).to_be_visible()
    page.wait_for_timeout(seconds * 1000)
    page.get_by_role("button", name="Stop recording").click()
    expect(page.get_by_text(re.compile(r"^Recorded \d:\d\d\."))).to_be_visible()


def session_answers(page: Page, base_url: str, session_id: str) -> list[dict]:
    """What the server holds, asked the way the web client asks (with the browser's cookies)."""
    response = page.request.get(f"{base_url}/api/sessions/{session_id}/")
    assert response.ok, response.text()
    return response.json()["answers"]


def stage_statuses(page: Page) -> dict[str, str]:
    items = page.locator("li[data-stage]")
    return {items.nth(i).get_attribute("data-stage"): items.nth(i).get_attribute("data-status")
            for i in range(items.count())}


def test_candidate_records_an_answer_watches_the_analysis_and_reads_the_report(
    platform: LivePlatform, page: Page
) -> None:
    # given: a new candidate in the interview room of a new session
    frames: list[dict] = []
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: frames.append(json.loads(payload))))
    sign_up(page, platform.base_url, "candidate")
    session_id = create_session(page, questions=2)
    expect(page.locator("#question-heading")).to_be_visible()

    # when: they record an answer; the live preview shows their words while they speak
    sent: list[str | bytes] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.get_by_role("button", name="Start recording").click()
    preview = page.get_by_role("region", name="Live preview")
    expect(preview).to_contain_text(SPOKEN_WORDS, timeout=LIVE_TIMEOUT_MS)
    screenshot(page, "interview-room-live-preview")
    page.get_by_role("button", name="Stop recording").click()
    expect(page.get_by_text(re.compile(r"^Recorded \d:\d\d\."))).to_be_visible()
    screenshot(page, "interview-room-recorded")

    # then: audio went as binary PCM frames and video as a couple of JPEG frames a second
    pcm = [frame for frame in sent if isinstance(frame, bytes)]
    texts = [json.loads(frame) for frame in sent if isinstance(frame, str)]
    assert len(pcm) >= 10 and {len(frame) for frame in pcm} == {3200}, len(pcm)
    assert any(message.get("type") == "frame" and message["jpeg"] for message in texts)
    assert {"type": "end"} in texts
    assert not [f for f in frames if f.get("type") == "error"], frames

    # when: they submit it
    page.get_by_role("button", name="Submit this answer").click()
    expect(page.locator("li[data-stage]").first).to_be_visible(timeout=60_000)
    expect(page.locator("li[data-stage='media'][data-status='finished']")).to_be_visible(
        timeout=ANALYSIS_TIMEOUT_MS)
    screenshot(page, "interview-room-analysing")
    expect(page.locator(".analysis-status")).to_have_text(
        re.compile(r"^(Analysed|Partly analysed)"), timeout=ANALYSIS_TIMEOUT_MS)
    screenshot(page, "interview-room-analysed")

    # then: the stages arrived live over the session's WebSocket and show as done
    [answer] = session_answers(page, platform.base_url, session_id)
    events = [f for f in frames if f.get("answer_id") == answer["id"]]
    assert frames[0]["type"] == "snapshot"
    stage_events = [(e["stage"], e["status"]) for e in events if e["type"] == "stage"]
    assert ("media", "started") in stage_events and ("media", "finished") in stage_events
    assert ("scoring", "finished") in stage_events, stage_events
    assert events[-1]["type"] == "answer.result"
    shown = stage_statuses(page)
    assert set(shown) == {"media", "speech", "audio", "video", "text", "scoring"}
    assert all(status in ("finished", "skipped", "failed") for status in shown.values()), shown
    assert answer["upload"]["state"] == "complete"
    assert answer["media_info"]["has_video"] is True
    assert accessibility_violations(page) == []

    # when: they open the report
    page.get_by_role("link", name="Open the report for this answer").click()
    expect(page.get_by_role("heading", name="Answer report")).to_be_visible()

    # then: ten scores, the radar and the transcript of what was said, with the recording
    cards = page.locator("article[data-dimension]")
    expect(cards).to_have_count(10)
    assert sorted(cards.evaluate_all("els => els.map(e => e.dataset.dimension)")) == sorted(
        DIMENSIONS)
    scored = [text for text in cards.locator(".score-number").all_inner_texts() if text.isdigit()]
    assert len(scored) >= 8, scored
    expect(page.get_by_role("img", name=re.compile("Scores on the ten dimensions"))).to_be_visible()
    transcript = page.get_by_role("group", name="Transcript")
    expect(transcript).to_contain_text(re.compile("billing|migration|customer", re.IGNORECASE))
    player = page.get_by_label("Your recorded answer")
    expect(player).to_have_attribute("src", f"/api/answers/{answer['id']}/recording/")
    # Chrome records webm as a live stream (no length, no seek index); the server adds both.
    page.wait_for_function(
        "() => { const d = document.querySelector('video.player').duration;"
        " return Number.isFinite(d) && d > 2; }")
    transcript.get_by_role("button").nth(3).click()
    page.wait_for_function(
        "() => document.querySelector('video.player').currentTime > 0.1")
    screenshot(page, "answer-report")
    assert accessibility_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "answer-report-phone")


def test_the_upload_resumes_after_the_connection_drops_mid_chunk(
    platform: LivePlatform, page: Page
) -> None:
    # given: the browser reaches the platform through a proxy that will cut chunk uploads
    proxy = CuttingProxy(int(platform.base_url.rsplit(":", 1)[1]))
    offset_checks: list[str] = []
    page.on("request", lambda r: offset_checks.append(r.url)
            if r.method == "GET" and r.url.endswith("/upload/") else None)
    try:
        sign_up(page, proxy.url, "unlucky")
        session_id = create_session(page, questions=1)
        record_answer(page, seconds=10)
        plan = proxy.cut_chunk_uploads(skip=1, window_s=2.5)

        # when: the answer is submitted and the second chunk dies mid-body
        page.get_by_role("button", name="Submit this answer").click()
        expect(page.get_by_text(re.compile(r"^Connection lost at .*Retrying in"))).to_be_visible()
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "interview-room-upload-retrying-phone")
        retrying_violations = accessibility_violations(page)
        page.set_viewport_size({"width": 1280, "height": 900})
        expect(page.locator("li[data-stage]").first).to_be_visible(timeout=60_000)
        expect(page.locator("li[data-stage='media'][data-status='finished']")).to_be_visible(
            timeout=ANALYSIS_TIMEOUT_MS)
    finally:
        proxy.close()

    # then: the connection was really cut, the browser asked where to resume, and the server
    # holds the whole recording, which decodes
    [answer] = session_answers(page, platform.base_url, session_id)
    assert plan.cuts >= 1
    assert retrying_violations == []
    assert offset_checks, "the client never asked the server for the offset to resume from"
    assert answer["upload"]["state"] == "complete"
    assert answer["upload"]["offset"] == answer["upload"]["size"] > 256 * 1024
    assert answer["media_info"]["has_audio"] is True
    assert answer["media_info"]["duration_s"] > 5, answer["media_info"]
    screenshot(page, "interview-room-upload-resumed")
