"""Every page of the product, at a desktop and a phone size, with real data: two sessions whose
answers went through the real upload, worker and models, a share link, and a coach's view in the
admin. Each page is checked for what a person would notice (a console error, a page wider than
the screen, a chart squeezed narrower than 120 px, a paused video showing black, a filler the
report counts but does not mark, a PDF or data download that gives no file, an accessibility
violation) and photographed into test-artifacts/ for people to look at. Pages that change with
what one does are visited in that state: the room offering an analysed answer's follow-up, a
new session's questions with one open for rewording.

One test walks the whole tour and reports every problem it met, not only the first, so a run
shows all that needs fixing."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from tests import media_factory
from tests.e2e.conftest import (
    accessibility_violations,
    admin_sign_in,
    report_csp_violations,
    screenshot,
)
from tests.factories import PASSWORD, UserFactory
from tests.live_platform import Browser as ApiClient
from tests.live_platform import LivePlatform, signed_up

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("seeded_bank")]

#: Fillers of three kinds (a sound, a word, a phrase), so the marks are checked on each.
TOUR_SPEECH = (
    "Um, I led the migration of our billing service. Uh, first I measured the load, and then, "
    "you know, I think we moved one customer at a time. In the end we cut the costs by a third."
)
VIEWPORTS: dict[str, dict[str, object]] = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
MIN_CHART_WIDTH_PX = 120
ANALYSIS_TIMEOUT_S = 300
DONE = {"completed", "partial", "failed"}



@pytest.fixture
def coach(transactional_db: None) -> object:
    """Made before the browser opens: the ORM refuses to run beside Playwright's event loop."""
    return UserFactory(username="coach", is_staff=True, is_superuser=True)


@pytest.fixture(scope="session")
def tour_recording(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("tour")
    speech = media_factory.speech_wav(TOUR_SPEECH, folder / "speech.wav")
    return media_factory.video_with_audio(speech, folder / "answer.webm", size=256).read_bytes()


@dataclass
class TourData:
    """What the pages show: made through the public API, analysed by the real worker."""

    candidate: ApiClient
    sessions: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    #: The question each answer answered (the room opens at it to offer the follow-up).
    questions: list[int] = field(default_factory=list)
    #: The share link's token, from the URL the candidate is shown once.
    share_token: str = ""


def _answer_in_a_new_session(client: ApiClient, recording: bytes, role: str
                             ) -> tuple[str, int, str]:
    session = client.post("/api/sessions/create/", {"target_role": role})
    assert session.status_code == 201, session.text
    session_id = session.json()["id"]
    generated = client.post(f"/api/sessions/{session_id}/questions/generate/", {"count": 3})
    assert generated.status_code == 201, generated.text
    question_id = client.get(f"/api/sessions/{session_id}/").json()["questions"][0]["id"]
    answer = client.post(f"/api/sessions/{session_id}/answers/create/",
                         {"question_id": question_id})
    assert answer.status_code == 201, answer.text
    answer_id = answer.json()["id"]
    upload = f"/api/answers/{answer_id}/upload/"
    started = client.post(f"{upload}start/", {"filename": "answer.webm", "size": len(recording)})
    assert started.status_code == 201, started.text
    assert client.put_bytes(f"{upload}chunk/", recording, 0).status_code == 200
    finished = client.post(f"{upload}finish/")
    assert finished.status_code == 202, finished.text
    return session_id, question_id, answer_id


def _wait_for_analyses(client: ApiClient, answer_ids: list[str], log: Path) -> None:
    deadline = time.monotonic() + ANALYSIS_TIMEOUT_S
    while time.monotonic() < deadline:
        statuses = [client.get(f"/api/answers/{answer_id}/").json()["analysis_status"]
                    for answer_id in answer_ids]
        if all(status in DONE for status in statuses):
            assert set(statuses) <= {"completed", "partial"}, statuses
            return
        time.sleep(1)
    pytest.fail(f"The analyses did not finish in {ANALYSIS_TIMEOUT_S} s:\n"
                f"{log.read_text()[-3000:]}")


@pytest.fixture
def tour_data(platform: LivePlatform, tour_recording: bytes) -> TourData:
    candidate = signed_up(platform.base_url, "tourist")
    data = TourData(candidate=candidate)
    # Two sessions, so the dashboard draws a trend and not a single point.
    for role in ("Backend engineer", "Data engineer"):
        session_id, question_id, answer_id = _answer_in_a_new_session(
            candidate, tour_recording, role)
        data.sessions.append(session_id)
        data.questions.append(question_id)
        data.answers.append(answer_id)
    _wait_for_analyses(candidate, data.answers, platform.worker_log)
    share = candidate.post(f"/api/answers/{data.answers[-1]}/shares/create/", {})
    assert share.status_code == 201, share.text
    data.share_token = share.json()["url"].rsplit("/shared/", 1)[1]
    return data


@dataclass(frozen=True)
class Stop:
    """One page of the tour: where it is and what shows once its data has arrived."""

    name: str
    path: str
    ready: Callable[[Page], None]
    signed_in: bool = True
    #: The document's own HTTP status: a 404 page is a 404, which the browser logs as an error.
    status: int = 200


def _heading(name: str | re.Pattern[str]) -> Callable[[Page], None]:
    return lambda page: expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def _answer_report_ready(page: Page) -> None:
    expect(page.locator("article[data-dimension]")).to_have_count(10)
    expect(page.get_by_role("group", name="Transcript")).to_be_visible()


def _new_session_with_its_questions(page: Page) -> None:
    """The form, then the questions it made, one of them open for rewording."""
    expect(page.get_by_role("heading", level=1, name="New practice session")).to_be_visible()
    page.get_by_label("Job you are practising for").fill("Site reliability engineer")
    page.get_by_label("Number of questions").select_option("3")
    page.get_by_role("button", name="Create session and see the questions").click()
    expect(page.get_by_role("heading", name="Your 3 questions")).to_be_visible()
    page.get_by_role("button", name="Edit question 1").click()
    expect(page.get_by_role("textbox", name="Your wording of question 1")).to_be_focused()


def _room_offering_the_follow_up(page: Page) -> None:
    expect(page.locator("#question-heading")).to_be_visible()
    offer = page.get_by_role("region", name="Follow-up question")
    expect(offer).to_be_visible()
    expect(offer.get_by_role("button", name="Answer it next")).to_be_enabled()


def _tour(data: TourData) -> list[Stop]:
    latest_session, latest_answer = data.sessions[-1], data.answers[-1]
    return [
        Stop("landing", "/", _heading(re.compile("Practise job interviews")), signed_in=False),
        Stop("sign-in", "/signin", _heading("Sign in"), signed_in=False),
        Stop("sign-up", "/signup", _heading(re.compile("Create")), signed_in=False),
        Stop("shared-report", f"/shared/{data.share_token}", _answer_report_ready,
             signed_in=False),
        Stop("not-found", "/no-such-page", _heading("Page not found"), signed_in=False,
             status=404),
        Stop("dashboard", "/", lambda page: expect(page.locator("svg.trend-chart").first)
             .to_be_visible()),
        Stop("interview-room", f"/sessions/{latest_session}/interview",
             lambda page: expect(page.locator("#question-heading")).to_be_visible()),
        Stop("interview-room-analysed",
             f"/sessions/{latest_session}/interview?question={data.questions[-1]}",
             _room_offering_the_follow_up),
        Stop("session-report", f"/sessions/{latest_session}/report",
             lambda page: expect(page.get_by_role("img", name=re.compile("ten dimensions"))
                                 .first).to_be_visible()),
        Stop("answer-report", f"/answers/{latest_answer}/report", _answer_report_ready),
        Stop("account", "/account", _heading("Your account")),
        # Last: the session it makes would otherwise show on the pages above.
        Stop("new-session", "/sessions/new", _new_session_with_its_questions),
    ]


@dataclass
class Inspector:
    """Watches one browser context and says what is wrong with the page it shows."""

    context: BrowserContext
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, browser: Browser, viewport: str) -> Inspector:
        context = browser.new_context(**VIEWPORTS[viewport])  # type: ignore[arg-type]
        context.set_default_timeout(30_000)
        inspector = cls(context=context, csp_violations=report_csp_violations(context))

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                inspector.console_errors.append(f"{message.text} ({message.location})")

        context.on("console", on_console)
        context.on("weberror", lambda error: inspector.console_errors.append(str(error.error)))
        return inspector

    def problems(self, page: Page, status: int = 200) -> list[str]:
        expected = f"the server responded with a status of {status}"
        found = [f"console error: {error}" for error in self.console_errors
                 if not (status != 200 and expected in error and f"'url': '{page.url}'" in error)]
        found += [f"Content-Security-Policy: {violation}" for violation in self.csp_violations]
        self.console_errors.clear()
        self.csp_violations.clear()
        found += [f"wider than the screen: {item}" for item in _overflowing(page)]
        found += [f"chart narrower than {MIN_CHART_WIDTH_PX} px: {item}"
                  for item in _narrow_charts(page)]
        found += [f"video shows black while paused: {item}" for item in _black_videos(page)]
        found += [f"axe: {violation}" for violation in accessibility_violations(page)]
        return found


def _overflowing(page: Page) -> list[str]:
    """The page scrolls sideways: which elements reach past the screen's right edge."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width + 1) return [];
        const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (typeof el.className === 'string' && el.className
               ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        const wide = [...document.body.querySelectorAll('*')].filter(el => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.right > width + 1;
        });
        // the innermost ones say where the problem is; their parents only contain it
        const innermost = wide.filter(
            el => !wide.some(other => other !== el && el.contains(other)));
        return [`page ${document.documentElement.scrollWidth} px on a ${width} px screen`,
                ...innermost.slice(0, 5).map(el => `${name(el)} ends at `
                    + `${Math.round(el.getBoundingClientRect().right)} px`)];
    }""")


def _narrow_charts(page: Page) -> list[str]:
    return page.evaluate("""(minimum) => [...document.querySelectorAll('svg[role="img"]')]
        .map(svg => [svg, svg.getBoundingClientRect()])
        .filter(([svg, box]) => box.width > 0 && box.width < minimum)
        .map(([svg, box]) => `${svg.getAttribute('aria-label')
            || svg.getAttribute('aria-labelledby')} is ${Math.round(box.width)} px wide`)""",
                         MIN_CHART_WIDTH_PX)


def _black_videos(page: Page) -> list[str]:
    """A paused recording must show a frame (a poster), not a black box, before it plays, and a
    camera preview must show the camera: each visible video, scrolled into view, gets five
    seconds to show a frame that is not black (a camera's first frames may be). Runs after the
    screenshot, which shows the page as it opened."""
    return page.evaluate("""async () => {
        const brightness = video => {
            const canvas = document.createElement('canvas');
            canvas.width = 32; canvas.height = 32;
            const context = canvas.getContext('2d');
            context.drawImage(video, 0, 0, 32, 32);
            const pixels = context.getImageData(0, 0, 32, 32).data;
            let sum = 0;
            for (let i = 0; i < pixels.length; i += 4)
                sum += pixels[i] + pixels[i + 1] + pixels[i + 2];
            return sum / (pixels.length / 4) / 3;
        };
        const visible = [...document.querySelectorAll('video')]
            .filter(v => v.getBoundingClientRect().width > 0);
        const found = [];
        for (const video of visible) {
            const label = video.getAttribute('aria-label') || video.className || 'a video';
            // as a person scrolls to it: Chromium does not play a muted video off screen
            video.scrollIntoView({block: 'center'});
            let mean = null;
            for (let wait = 0; wait < 50; wait++) {
                if (video.readyState >= 2 && (mean = brightness(video)) >= 16) break;
                await new Promise(r => setTimeout(r, 100));
            }
            if (video.readyState < 2)
                found.push(`${label} has no frame to show (readyState ${video.readyState})`);
            else if (mean < 16)
                found.push(`${label}: mean brightness ${mean.toFixed(1)} of 255`);
        }
        return found;
    }""")


def _unmarked_fillers(page: Page, report: dict) -> list[str]:
    """Every filler in the report's data must be marked in the transcript, word by word."""
    fillers = report["markers"]["fillers"]
    if not fillers:
        return ["the report's data holds no filler, so the transcript's marks went unchecked "
                f"(transcript: {' '.join(w['word'] for w in report['transcript']['words'])!r})"]
    missing = []
    for filler in fillers:
        first = filler["word_index"]
        for index in range(first, first + len(filler["text"].split())):
            word = page.locator(f".transcript [data-word-index='{index}']")
            if "word-filler" not in (word.get_attribute("class") or ""):
                missing.append(f"filler {filler['text']!r} at word {index} "
                               f"({word.inner_text()!r}) is not marked")
    return missing


def _broken_downloads(page: Page, link_name: str, magic: bytes) -> list[str]:
    """Each download link of that name gives a file of that kind (with the page's cookies);
    a page that should have one and has none says so too."""
    links = page.get_by_role("link", name=link_name).all()
    if not links:
        return [f"no {link_name!r} link"]
    broken = []
    for link in links:
        href = link.get_attribute("href") or ""
        response = page.request.get(urljoin(page.url, href))
        if not (response.ok and response.body().startswith(magic)):
            broken.append(f"{link_name!r} {href}: {response.status} "
                          f"{response.headers.get('content-type')}")
    return broken


#: The downloads a page offers: (the link's name, what its file starts with).
DOWNLOADS = {
    "answer-report": ("Download PDF", b"%PDF-"),
    "shared-report": ("Download PDF", b"%PDF-"),
    "session-report": ("Download PDF", b"%PDF-"),
    "account": ("Download my data (ZIP)", b"PK"),
}


def _sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/signin")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Your practice")).to_be_visible()


def _walk(browser: Browser, base_url: str, data: TourData, viewport: str,
          report: dict) -> Iterator[str]:
    signed_out = Inspector.open(browser, viewport)
    signed_in = Inspector.open(browser, viewport)
    _sign_in(signed_in.context.new_page(), base_url, "tourist")
    signed_in.console_errors.clear()
    try:
        for stop in _tour(data):
            inspector = signed_in if stop.signed_in else signed_out
            page = inspector.context.new_page()
            page.goto(f"{base_url}{stop.path}")
            try:
                stop.ready(page)
            except AssertionError as error:
                yield f"{viewport} {stop.name}: never got ready: {str(error).splitlines()[0]}"
            page.wait_for_timeout(400)  # late requests, animations, CSP reports
            screenshot(page, f"tour-{viewport}-{stop.name}")
            problems = inspector.problems(page, stop.status)
            if stop.name in ("answer-report", "shared-report"):
                problems += _unmarked_fillers(page, report)
            if stop.name in DOWNLOADS:
                problems += [f"download: {problem}"
                             for problem in _broken_downloads(page, *DOWNLOADS[stop.name])]
            yield from (f"{viewport} {stop.name}: {problem}" for problem in problems)
            page.close()
    finally:
        signed_out.context.close()
        signed_in.context.close()


def _walk_coach_view(browser: Browser, base_url: str, answer_id: str) -> Iterator[str]:
    """The coach's pages in the admin, at the desktop size coaches review on."""
    inspector = Inspector.open(browser, "desktop")
    page = inspector.context.new_page()
    try:
        admin_sign_in(page, base_url, "coach")
        queue = f"{base_url}/admin/analysis_app/answerforreview/"
        for name, url, ready in (
            ("queue", queue, page.locator("#result_list")),
            ("review", f"{queue}{answer_id}/change/", page.locator("form")),
        ):
            page.goto(url)
            expect(ready.first).to_be_visible()
            screenshot(page, f"tour-desktop-coach-{name}")
            yield from (f"desktop coach-{name}: {problem}"
                        for problem in inspector.problems(page))
    finally:
        inspector.context.close()


def test_every_page_at_desktop_and_phone_size_with_real_data(
    coach: object, platform: LivePlatform, tour_data: TourData, browser: Browser
) -> None:
    # given: two analysed sessions, a share link and a coach (made by the fixtures)
    report = tour_data.candidate.get(f"/api/answers/{tour_data.answers[-1]}/report/").json()

    # when: each page is opened at each size, signed out and signed in, and the coach's view
    problems = [problem for viewport in VIEWPORTS
                for problem in _walk(browser, platform.base_url, tour_data, viewport, report)]
    problems += _walk_coach_view(browser, platform.base_url, tour_data.answers[-1])

    # then
    assert not problems, "\n".join(problems)
