"""One error shape for the whole API: {"error": {"code", "message", "details"}}.

Clients (the web app and integrators) branch on `code` and show `message`; `details` carries
per-field validation messages when there are any.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from frontend.views import web_client_page
from interview_project.errors import DomainError


def _first_message(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        message = _first_message(value)
        return message if key in ("non_field_errors", "detail") else f"{key}: {message}"
    return str(detail)


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.details), status=exc.status_code,
                        headers=getattr(exc, "headers", None))
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body("invalid", _first_message(exc.detail), details)
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "error"
        detail = getattr(exc, "detail", str(exc))
        # A throttled client learns when to come back in the body too (also Retry-After).
        # (Throttled sets `wait`; djangorestframework-stubs leaves the attribute out.)
        wait = getattr(exc, "wait", None) if isinstance(exc, exceptions.Throttled) else None
        retry = {"retry_after_s": wait} if wait is not None else None
        response.data = error_body(code, _first_message(detail), retry)
    return response


#: Paths whose 404 is not a page of the web client: files, sockets and Django's own admin.
NOT_WEB_CLIENT_PREFIXES = ("/static/", "/media/", "/ws/", "/admin/")


def json_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for unknown API URLs keeps the API's error shape instead of an HTML page; a person
    who follows a broken link gets the web client's "Page not found", still with status 404."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", "Not found."),
                            status=status.HTTP_404_NOT_FOUND)
    if request.method in ("GET", "HEAD") and not request.path.startswith(NOT_WEB_CLIENT_PREFIXES):
        return web_client_page(status=status.HTTP_404_NOT_FOUND)
    return HttpResponseNotFound("<h1>Not found</h1>")


# Django's own error views (urls.py handler400/403/500) answer what DRF never saw: a request
# refused before any view (a disallowed Host, a body Django would not read, a CSRF failure
# outside the API's views) and an exception no handler turned into a response. Under /api/
# they answer in the API's error shape; elsewhere Django's pages. With DEBUG on, Django shows
# its debug pages instead, which is why the run command serves with DEBUG off.

def json_bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    return JsonResponse(error_body("bad_request", "Bad request."),
                        status=status.HTTP_400_BAD_REQUEST)


def json_forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not request.path.startswith("/api/"):
        return defaults.permission_denied(request, exception)
    return JsonResponse(error_body("permission_denied",
                                   "You do not have permission to perform this action."),
                        status=status.HTTP_403_FORBIDDEN)


def json_server_error(request: HttpRequest) -> HttpResponse:
    """500 without a traceback: the error is logged (django.request), the client gets the
    API's error shape and nothing about the code."""
    if not request.path.startswith("/api/"):
        return defaults.server_error(request)
    return JsonResponse(error_body("server_error", "Something went wrong on our side; it "
                                   "was logged. Try again later."),
                        status=status.HTTP_500_INTERNAL_SERVER_ERROR)
