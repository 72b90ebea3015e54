"""What every API does the same way: read its input through its InputSerializer, and the two
operations every owner's resource has, a paginated list and a deletion answered 204. Each list
or deletion API names what it reads or deletes (a selector and a service call, which check who
may do what) and its summary; the shape is written once here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interview_project.pagination import ApiPagination, paginated_response


def validated_input(
    serializer_class: type[serializers.Serializer], request: Request
) -> dict[str, Any]:
    """The request body as `serializer_class` validates it. An invalid body raises DRF's
    ValidationError, which the API's exception handler answers as its one 400 error shape, so
    an API never checks the result and never reads `request.data` unvalidated."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def list_api(
    items: Callable[..., QuerySet[Any] | Sequence[Any]],
    serializer_class: type[serializers.BaseSerializer],
    *, name: str, summary: str,
) -> type[APIView]:
    """The API of one paginated list: GET answers a page of `items(request, **url_kwargs)`
    (a selector call), serialised with `serializer_class`."""

    class ListApi(APIView):
        pagination_class = ApiPagination

        @extend_schema(responses=serializer_class(many=True), summary=summary)
        def get(self, request: Request, **kwargs: Any) -> Response:
            return paginated_response(request, self, items(request, **kwargs), serializer_class)

    ListApi.__name__ = ListApi.__qualname__ = name
    return ListApi


def delete_api(
    delete: Callable[..., object], *, name: str, summary: str
) -> type[APIView]:
    """The API of one deletion: DELETE calls `delete(request, **url_kwargs)` (a selector that
    finds the caller's object, then the service that removes it) and answers 204."""

    class DeleteApi(APIView):
        @extend_schema(request=None, responses={204: None}, summary=summary)
        def delete(self, request: Request, **kwargs: Any) -> Response:
            delete(request, **kwargs)
            return Response(status=status.HTTP_204_NO_CONTENT)

    DeleteApi.__name__ = DeleteApi.__qualname__ = name
    return DeleteApi
