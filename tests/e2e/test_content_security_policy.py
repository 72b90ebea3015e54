"""The pages Django serves run under their Content-Security-Policy in a real browser: the web
client (its interview room is covered by test_interview_flow.py, whose `page` also fails on any
violation), the Swagger UI from the sidecar package, and the admin."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import admin_sign_in, report_csp_violations
from tests.factories import UserFactory
from tests.live_platform import LivePlatform

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_user(transactional_db: None) -> object:
    """Made before the browser opens: the ORM refuses to run beside Playwright's event loop."""
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


def test_the_api_docs_and_the_admin_need_nothing_the_policy_forbids(
    admin_user: object, platform: LivePlatform, browser: Browser
) -> None:
    # given
    context = browser.new_context()
    context.set_default_timeout(20_000)
    violations = report_csp_violations(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # when: the API docs render the schema, an admin signs in and opens a change form
    page.goto(f"{platform.base_url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Interview coach API")
    expect(page.locator(".opblock").first).to_be_visible()
    admin_sign_in(page, platform.base_url, "boss")
    expect(page.get_by_role("link", name="Bank questions")).to_be_visible()
    page.goto(f"{platform.base_url}/admin/sessions_app/bankquestion/add/")
    expect(page.locator("#bankquestion_form")).to_be_visible()
    page.goto(f"{platform.base_url}/signin")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.wait_for_timeout(500)  # violations are reported asynchronously
    context.close()
    # then
    assert not errors, errors
    assert not violations, violations
