"""Django serves the built web client on the platform's one origin: its pages for every
client-side route (with the CSRF cookie the app needs), its hashed assets for ever-caching."""

from __future__ import annotations

import re

import pytest
import requests

from tests.live_platform import LivePlatform

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


CLIENT_ROUTES = ("/", "/signin", "/signup", "/account", "/sessions/new",
                 "/sessions/0b6f1a52-5d55-4c43-9f7e-6e1c0a6f4a01/interview",
                 "/sessions/0b6f1a52-5d55-4c43-9f7e-6e1c0a6f4a01/report",
                 "/answers/5f0c2f1e-2a9b-4f51-8a7d-3c7d1f0e9b22/report")


def test_each_client_route_gets_the_app_and_a_csrf_cookie(platform: LivePlatform) -> None:
    # when
    responses = {path: requests.get(f"{platform.base_url}{path}", timeout=10)
                 for path in CLIENT_ROUTES}
    # then
    for path, response in responses.items():
        assert response.status_code == 200, path
        assert '<div id="root"></div>' in response.text, path
        assert response.headers["Cache-Control"] == "no-cache", path
        assert "csrftoken" in response.cookies, path


def test_the_bundles_are_immutable_static_files_and_other_paths_404(platform: LivePlatform
                                                                  ) -> None:
    # given
    page = requests.get(f"{platform.base_url}/", timeout=10).text
    script = re.search(r'src="(/static/assets/index-[\w-]+\.js)"', page)
    assert script, page
    # when
    response = requests.get(f"{platform.base_url}{script.group(1)}", timeout=10)
    # then
    assert response.status_code == 200
    assert "javascript" in response.headers["Content-Type"]
    assert "immutable" in response.headers["Cache-Control"]
    assert requests.get(f"{platform.base_url}/media/recordings/x.webm", timeout=10
                        ).status_code == 404
    assert requests.get(f"{platform.base_url}/api/nothing/", timeout=10).json()["error"][
        "code"] == "not_found"
