"""The API's one pagination: `?limit=&offset=` answered as {count, next, previous, results}.

Every list that grows with use (sessions, résumés, progress points, API tokens, webhooks and
their deliveries) is paginated, so no request reads or sends an unbounded number of rows.
`limit` defaults to PAGE_SIZE (50) and is capped at MAX_LIMIT: a client asking for a
million rows gets 200.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

MAX_LIMIT = 200


class ApiPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT


def paginated_response(request: Request, view: APIView, items: QuerySet[Any] | Sequence[Any],
                       serializer_class: type[serializers.BaseSerializer]) -> Response:
    """One page of `items` (a queryset, sliced in the database, or a list), serialised.

    For APIViews (which DRF paginates only in generic views); the view sets
    `pagination_class = ApiPagination` so that drf-spectacular documents the page shape.
    """
    paginator = view.pagination_class()  # type: ignore[attr-defined]
    page = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)

