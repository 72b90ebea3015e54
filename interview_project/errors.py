"""Domain errors raised by services; the API turns them into its one error shape."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal with a stable code, an HTTP status and a message fit to show a person."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, status_code: int | None = None,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.status_code = status_code or self.status_code
        self.details = details or {}


class ConflictError(DomainError):
    status_code = 409
    code = "conflict"


class TooLargeError(DomainError):
    status_code = 413
    code = "too_large"


class UnprocessableError(DomainError):
    status_code = 422
    code = "unprocessable"
