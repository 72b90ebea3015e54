"""Browser tests: Debian's Chromium driven by Playwright against the real platform (daphne, a
Celery worker, Redis, PostgreSQL), serving the built web client, with a fake camera and
microphone that play a generated face video and a synthesised speech recording."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests import media_factory
from tests.factories import PASSWORD
from tests.live_platform import ROOT, LivePlatform, run_platform

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
SPEECH = (
    "I led the migration of our billing service. Um, first I measured the load, then I think "
    "we moved one customer at a time, and in the end we cut the costs by a third."
)


@pytest.fixture
def seeded_bank(transactional_db: None) -> None:
    """The migrations' question bank, which the flush after an earlier transactional test
    removed. Seeded by the migration's own (idempotent) function rather than
    serialized_rollback, whose restore breaks once an earlier flush re-created the content types
    under other ids. Modules whose tests generate questions use it
    (`pytest.mark.usefixtures("seeded_bank")`)."""
    seed = importlib.import_module("sessions_app.migrations.0004_seed_question_bank").seed
    seed(django_apps, None)


def admin_sign_in(page: Page, base_url: str, username: str) -> None:
    """Signs a staff user in through the admin's own login form."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()


@pytest.fixture(scope="session")
def web_client_static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Builds the web client (skipped when up to date) and collects it like a deployment."""
    subprocess.run(["bash", str(ROOT / "scripts" / "build_frontend.sh")], check=True, cwd=ROOT)
    static_root = tmp_path_factory.mktemp("static")
    env = {**os.environ, "DJANGO_STATIC_ROOT": str(static_root),
           "DJANGO_SETTINGS_MODULE": "interview_project.settings.test"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   check=True, cwd=ROOT, env=env)
    assert any(static_root.glob("assets/index-*.js")), "the build produced no script bundle"
    return static_root


@pytest.fixture(scope="session")
def fake_camera(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few seconds of a real face (Chromium loops it), 320x240 raw video as y4m."""
    media_factory.require_tools("ffmpeg")
    folder = tmp_path_factory.mktemp("camera")
    still = media_factory.face_image(folder / "face.png", size=240)
    video = folder / "face.y4m"
    sway = "rotate=0.02*sin(2*PI*t/3):fillcolor=black,pad=320:240:40:0"
    subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-loop", "1", "-framerate", "15",
                    "-i", str(still), "-vf", sway, "-t", "4", "-pix_fmt", "yuv420p", str(video)],
                   check=True)
    return video


@pytest.fixture(scope="session")
def fake_microphone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return media_factory.speech_wav(SPEECH, tmp_path_factory.mktemp("microphone") / "speech.wav")


@pytest.fixture
def browser(fake_camera: Path, fake_microphone: Path) -> Iterator[Browser]:
    """Per test: Playwright's sync API keeps an event loop running in this thread while it is
    open, and Django refuses database calls beside a running loop (the test database's flush
    after each test), so the browser is closed before the test's own teardown."""
    if not CHROMIUM.exists():
        pytest.fail("Browser tests need Debian's Chromium: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={fake_camera}",
                f"--use-file-for-fake-audio-capture={fake_microphone}",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def platform(private_media: Path, tmp_path: Path, web_client_static: Path,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[LivePlatform]:
    monkeypatch.setenv("DJANGO_STATIC_ROOT", str(web_client_static))
    with run_platform(private_media, tmp_path) as live:
        yield live


@pytest.fixture
def page(platform: LivePlatform, browser: Browser, request: pytest.FixtureRequest
         ) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    violations = report_csp_violations(context)
    yield page
    outcome = getattr(request.node, "rep_call", None)
    if outcome is not None and outcome.failed:
        screenshot(page, f"failed-{request.node.name}")
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"
    assert not violations, f"Content-Security-Policy violations: {violations}"


def report_csp_violations(context: BrowserContext) -> list[str]:
    """Every Content-Security-Policy violation in the context's pages, from now on: whatever
    the web client needs and the policy forbids shows up here, not only as a broken page."""
    violations: list[str] = []

    def report(violation: str) -> None:
        violations.append(violation)

    context.expose_function("__reportCspViolation", report)
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => window.__reportCspViolation("
        "`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));")
    return violations


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def accessibility_violations(page: Page) -> list[str]:
    """WCAG 2 A and AA problems axe-core finds in the page as it is now (contrast included)."""
    # Evaluated, not added as a <script>: the page's Content-Security-Policy refuses inline
    # scripts, and a test must not loosen it for the page it checks.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]]


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

