"""The web client: the page the Vite build produces (frontend/dist/index.html), served for `/` and
every client-side route so that a reload or a shared link opens the right page. Its scripts and
styles are static files under /static/assets/ (STATICFILES_DIRS, whitenoise)."""

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

INDEX_HTML = Path(__file__).resolve().parent / "dist" / "index.html"


@require_safe
@ensure_csrf_cookie
def index(request: HttpRequest) -> HttpResponse:
    try:
        page = INDEX_HTML.read_bytes()
    except FileNotFoundError:
        return HttpResponse(
            "The web client is not built: run scripts/build_frontend.sh (the API is at /api/).",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    # The page names the current hashed bundles, so it must never be served stale.
    response["Cache-Control"] = "no-cache"
    return response
