"""Live hints in a real browser: a candidate who speaks too fast sees a pace hint while still
recording, and no hint once they press Stop. The fake microphone plays an espeak-ng answer at
~260 wpm (Chromium loops it); only daphne runs, since nothing is submitted for analysis.

Timed targets (the first words within 2 s of being spoken) are measured by `make bench-live`,
not asserted here: this machine's two cores are shared with Chromium's own capture and encoding.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, WebSocket, expect

from tests.e2e.conftest import accessibility_violations, screenshot
from tests.e2e.test_interview_flow import LIVE_TIMEOUT_MS, create_session, sign_up
from tests.live.speech import answer_wav
from tests.live_platform import LivePlatform, run_platform

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("seeded_bank")]

#: Pace is judged on ~6 s of speech once the first words are in, and the first connection of
#: the server process also loads its models: well within this on a quiet machine.
HINT_TIMEOUT_MS = 40_000
PACE_HINT = re.compile("speaking quickly", re.IGNORECASE)
SPOKEN = re.compile("billing|system|customers|migration", re.IGNORECASE)



@pytest.fixture(scope="session")
def fake_microphone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A candidate rushing through their answer: ~260 wpm, well past the 190 wpm hint line."""
    return answer_wav(tmp_path_factory.mktemp("fast-microphone"), 260)


@pytest.fixture
def platform(private_media: Path, tmp_path: Path, web_client_static: Path,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[LivePlatform]:
    monkeypatch.setenv("DJANGO_STATIC_ROOT", str(web_client_static))
    # daphne loads the live models as it starts, as it does outside the tests
    with run_platform(private_media, tmp_path, workers=[],
                      server_env={"LIVE_WARM_UP": "1"}) as live:
        yield live


def test_a_fast_speaker_sees_a_pace_hint_while_recording_and_none_after_stop(
    platform: LivePlatform, page: Page
) -> None:
    # given: a candidate in the interview room; every frame of the live socket is kept in the
    # order the browser sent and received them
    frames: list[tuple[str, dict]] = []

    def watch(ws: WebSocket) -> None:
        if "/live/" not in ws.url:
            return
        ws.on("framesent", lambda payload: frames.append(("sent", json.loads(payload)))
              if isinstance(payload, str) else None)
        ws.on("framereceived", lambda payload: frames.append(("received", json.loads(payload))))

    page.on("websocket", watch)
    sign_up(page, platform.base_url, "rushed")
    create_session(page, questions=1)

    # when: they record, speaking too fast
    page.get_by_role("button", name="Start recording").click()
    clicked = time.monotonic()
    preview = page.get_by_role("region", name="Live preview")
    transcript = preview.locator(".live-transcript")
    expect(transcript).not_to_have_text(re.compile("^$|Your words will appear here|preview"),
                                        timeout=LIVE_TIMEOUT_MS)
    first_words_s = time.monotonic() - clicked
    expect(preview).to_contain_text(SPOKEN, timeout=LIVE_TIMEOUT_MS)
    hint = page.get_by_role("list", name="Hints").get_by_role("listitem").filter(
        has_text=PACE_HINT)
    expect(hint).to_be_visible(timeout=HINT_TIMEOUT_MS)
    hint_s = time.monotonic() - clicked

    # then: the hint shows while they are still recording
    expect(page.get_by_role("button", name="Stop recording")).to_be_visible()
    expect(page.get_by_text("Recording. Answer the question, then stop.")).to_be_visible()
    screenshot(page, "interview-room-live-hint")
    assert accessibility_violations(page) == []
    print(f"first live words shown {first_words_s:.1f} s after Start (speech from the start); "
          f"pace hint {hint_s:.1f} s after Start")

    # when: they press Stop, and the last words arrive
    page.get_by_role("button", name="Stop recording").click()
    expect(page.get_by_text(re.compile(r"^Recorded \d:\d\d\."))).to_be_visible()
    deadline = time.monotonic() + 15
    while not any(kind == "received" and event["type"] == "transcript.end"
                  for kind, event in frames) and time.monotonic() < deadline:
        page.wait_for_timeout(250)

    # then: no hint is on screen, the words are; the server sent the pace hint before "end"
    # and none after it
    expect(page.get_by_role("list", name="Hints").get_by_role("listitem")).to_have_count(0)
    expect(preview).to_contain_text(SPOKEN)
    stop_at = next(i for i, (kind, event) in enumerate(frames)
                   if kind == "sent" and event["type"] == "end")
    before_stop = [event for kind, event in frames[:stop_at] if kind == "received"]
    after_stop = [event for kind, event in frames[stop_at:] if kind == "received"]
    assert any(e["type"] == "nudge" and e["kind"] == "pace_fast" for e in before_stop)
    assert [e for e in after_stop if e["type"] == "nudge"] == [], after_stop
    assert after_stop and after_stop[-1]["type"] == "transcript.end", after_stop[-3:]
    assert not [e for e in before_stop + after_stop if e["type"] == "error"]
