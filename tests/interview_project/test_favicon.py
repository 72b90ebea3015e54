"""The site icon: browsers ask for /favicon.ico by themselves, so it must not be a 404."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

INDEX_SOURCE = Path(__file__).resolve().parents[2] / "frontend" / "index.html"


@pytest.mark.parametrize("path", ["/favicon.ico", "/favicon.svg"])
def test_favicon_is_served_as_an_image(path: str) -> None:
    # when
    response = Client().get(path)
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert b"<svg" in response.content


def test_the_web_client_page_links_the_icon_and_the_link_resolves() -> None:
    # given
    html = INDEX_SOURCE.read_text(encoding="utf-8")
    # when
    link = re.search(r'<link rel="icon" href="([^"]+)"', html)
    # then
    assert link is not None
    assert Client().get(link.group(1)).status_code == 200
