"""The API's body parsers: DRF's, bounded in size and in nesting.

DRF's JSONParser reads the whole stream (Django's DATA_UPLOAD_MAX_MEMORY_SIZE only guards
`request.body`, which DRF does not use) and hands it to `json.load`, which recurses once per
nesting level: `[[[[...` a few thousand deep is a RecursionError, a 500. These read at most
DATA_UPLOAD_MAX_MEMORY_SIZE + 1 bytes (413 past it) and refuse nesting deeper than
MAX_JSON_DEPTH with a 400 in the API's error shape; no request of this API nests deeper
than a list of strings inside an object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import QueryDict
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from interview_project.request_limits import read_bounded

if TYPE_CHECKING:  # django-stubs' type of a QueryDict built with mutable=False (the default)
    from django.http.request import _ImmutableQueryDict

#: How deep objects and arrays may nest in a JSON body.
MAX_JSON_DEPTH = 32


def _nesting_depth(value: Any) -> int:
    """Depth of nested lists and dicts, iteratively (1 for a scalar or an empty container)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return deepest


def _bounded_body(
    stream: IO[Any], parser_context: Mapping[str, Any] | None
) -> tuple[bytes, str]:
    """The body's bytes (at most DATA_UPLOAD_MAX_MEMORY_SIZE, 413 past it) and the encoding
    to decode them with: what every parser here starts with, before its own format."""
    encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
    return read_bounded(stream, int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)), encoding


class BoundedJSONParser(parsers.JSONParser):
    def parse(self, stream: IO[Any], media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> Any:
        raw, encoding = _bounded_body(stream, parser_context)
        # DRF's own strictness: NaN and Infinity are not JSON.
        parse_constant = json.strict_constant if self.strict else None
        try:
            data = json.loads(raw.decode(encoding), parse_constant=parse_constant)
        except RecursionError as error:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} "
                             "levels.") from error
        except ValueError as error:  # also UnicodeDecodeError
            raise ParseError(f"JSON parse error - {error}") from error
        if _nesting_depth(data) > MAX_JSON_DEPTH:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        return data


class BoundedFormParser(parsers.FormParser):
    def parse(self, stream: IO[Any], media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> _ImmutableQueryDict:
        raw, encoding = _bounded_body(stream, parser_context)
        try:
            return QueryDict(raw, encoding=encoding)
        except (ValueError, SuspiciousOperation) as error:
            # Undecodable, or more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS.
            raise ParseError(f"Form parse error - {error}") from error
