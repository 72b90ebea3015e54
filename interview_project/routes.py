"""The URL table of a resource's APIs: one row per operation, one API class per row."""

from __future__ import annotations

from django.urls import URLPattern, path
from rest_framework.views import APIView

#: One operation's path: the route (below the resource's prefix), its API and its URL name.
Route = tuple[str, type[APIView], str]


def api_routes(*rows: Route) -> list[URLPattern]:
    """The `urlpatterns` of these operations.

    With one API per operation every row is the same `path(route, Api.as_view(), name=...)`;
    the tables keep only what differs, so a resource's operations read as a list.
    """
    return [path(route, api.as_view(), name=name) for route, api, name in rows]
