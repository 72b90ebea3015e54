"""The web client: the page the Vite build produces (frontend/dist/index.html), served for `/` and
every client-side route so that a reload or a shared link opens the right page. Its scripts and
styles are static files under /static/assets/ (STATICFILES_DIRS, whitenoise)."""

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

INDEX_HTML = Path(__file__).resolve().parent / "dist" / "index.html"
#: The icon, read from the source tree (not dist/): browsers ask for /favicon.ico on their own,
#: whatever the page links, and a 404 there fills the logs; it must work before any build too.
FAVICON_SVG = Path(__file__).resolve().parent / "public" / "favicon.svg"


@require_safe
@ensure_csrf_cookie
def index(request: HttpRequest) -> HttpResponse:
    return web_client_page()


def web_client_page(status: int = 200) -> HttpResponse:
    """The built page; with status 404 for a path no route knows, where the web client shows
    its own "Page not found" (a titled page in the product's look, with a way back)."""
    try:
        page = INDEX_HTML.read_bytes()
    except FileNotFoundError:
        return HttpResponse(
            "The web client is not built: run scripts/build_frontend.sh (the API is at /api/).",
            status=503 if status == 200 else status,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(page, content_type="text/html; charset=utf-8", status=status)
    # The page names the current hashed bundles, so it must never be served stale.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """The site icon at /favicon.ico and /favicon.svg: an SVG, which every current browser
    shows whatever the file name, so one small file serves both."""
    response = HttpResponse(FAVICON_SVG.read_bytes(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
