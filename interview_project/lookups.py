"""Finding one row for a request: the lookup every selector's `*_get` makes the same way."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

_Row = TypeVar("_Row", bound=Model)


def row_get_or_404(rows: QuerySet[_Row], not_found: str, **lookup: object) -> _Row:
    """The one row of `rows` that matches `lookup`, or a 404 saying `not_found`.

    `rows` is already narrowed to what the caller may read, so another user's row is simply
    not found. A malformed id (not a UUID, not a number: ValueError) is answered the same
    way, so a client cannot tell a mistyped id from someone else's.
    """
    try:
        return rows.get(**lookup)
    except (ObjectDoesNotExist, ValueError) as error:
        raise Http404(not_found) from error
