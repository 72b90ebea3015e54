"""A person who follows a broken link gets the web client's own "Page not found" (titled, in the
product's look, with a way back), still with status 404; the API and files keep their 404s."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from frontend import views

BUILT_PAGE = '<!doctype html><html lang="en"><title>Interview coach</title><div id="root"></div>'


@pytest.fixture
def built_web_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "index.html"
    page.write_text(BUILT_PAGE, encoding="utf-8")
    monkeypatch.setattr(views, "INDEX_HTML", page)


@pytest.mark.usefixtures("built_web_client")
def test_an_unknown_page_is_the_web_client_with_status_404() -> None:
    # when
    response = Client().get("/no-such-page", HTTP_ACCEPT="text/html")
    # then
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert response.content.decode() == BUILT_PAGE


@pytest.mark.usefixtures("built_web_client")
@pytest.mark.parametrize("path", ["/static/no-such-file.js", "/media/x.webm", "/ws/x/"])
def test_files_and_sockets_keep_a_plain_404(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert b'id="root"' not in response.content


def test_without_a_build_an_unknown_page_is_still_a_404(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "INDEX_HTML", tmp_path / "missing.html")
    assert Client().get("/no-such-page").status_code == 404
