"""OpenAPI naming for HackSoft-style views, whose nested serializers all share one class name,
and the API's error responses documented on every operation."""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from interview_project import idempotency


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable and machine-readable: branch on this.")
    message = serializers.CharField(help_text="Fit to show a person.")
    details = serializers.DictField(
        help_text="Per-field validation messages, or what the code needs (`retry_after_s`, "
                  "`offset`, `limit_bytes`, ...); {} when there is nothing more to say.")


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the whole API (interview_project/api_errors.py)."""

    error = ErrorDetailSerializer()


_ERRORS: dict[str, str] = {
    "400": "Invalid input: a field, a header or a body that cannot be parsed.",
    "401": "Not authenticated: no or an invalid session cookie or API token.",
    "403": "Not allowed (for a cookie-authenticated write: a missing CSRF token).",
    "404": "No such object, or one of another user's.",
    "409": "In conflict with the object's state (an upload not started, a wrong offset, ...).",
    "413": "The body, or what it would store, is too large (a quota included).",
    "415": "The body's Content-Type is not one this operation reads.",
    "422": "Well-formed but refused (e.g. an upload that is not a decodable recording).",
    "429": "Throttled or over a quota: come back after `Retry-After` seconds.",
}
_EVERY_OPERATION = ("400", "401", "403", "404", "429")
_WITH_BODY = ("413", "415")
_WRITES = ("409", "422")


class ApiSchema(AutoSchema):
    def get_serializer_name(self, serializer: serializers.Serializer,
                            direction: Literal["request", "response"]) -> str:
        """`SessionCreateApi.InputSerializer` becomes the component `SessionCreateInput`."""
        name = super().get_serializer_name(serializer, direction)
        owner = type(serializer).__qualname__.split(".")
        if len(owner) > 1 and owner[-1] in ("InputSerializer", "OutputSerializer"):
            view = owner[-2].removesuffix("Api")
            return f"{view}{owner[-1].removesuffix('Serializer')}"
        return name

    def get_override_parameters(self) -> list[Any]:
        """The Idempotency-Key header, on the operations that honour it."""
        parameters = list(super().get_override_parameters())
        method = getattr(self.view, self.method.lower(), None)
        if getattr(method, idempotency.MARK, False):
            parameters.append(OpenApiParameter(
                idempotency.HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                description="Any 1-255 visible ASCII characters (a UUID): the same key from "
                            "the same user within 24 h gets the first successful answer "
                            "again (with `Idempotent-Replayed: true`) instead of doing the "
                            "operation twice; another request under a used key is 422, one "
                            "while the first still runs 409."))
        return parameters

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        """The operation's own responses, then the error responses it can give, in the error
        shape, so that clients (and schemathesis' conformance checks) know every answer."""
        responses = super()._get_response_bodies(direction)
        codes = list(_EVERY_OPERATION)
        if self.method in ("POST", "PUT", "PATCH"):
            codes += _WITH_BODY
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes += _WRITES
        for code in sorted(codes):
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=_ERRORS[code]), code,
                    ["application/json"], direction)
        return responses
