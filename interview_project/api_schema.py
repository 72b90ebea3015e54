"""OpenAPI naming for HackSoft-style views, whose nested serializers all share one class name."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ApiSchema(AutoSchema):
    def get_serializer_name(self, serializer: serializers.Serializer, direction: str) -> str:
        """`SessionCreateApi.InputSerializer` becomes the component `SessionCreateInput`."""
        name = super().get_serializer_name(serializer, direction)
        owner = type(serializer).__qualname__.split(".")
        if len(owner) > 1 and owner[-1] in ("InputSerializer", "OutputSerializer"):
            view = owner[-2].removesuffix("Api")
            return f"{view}{owner[-1].removesuffix('Serializer')}"
        return name
