"""A DRF field for JSON whose shape is a typed value (a dataclass, a dict of them, a union), and
its OpenAPI description.

The report's parts are stored as JSON columns; served through `TypedJSONField(SomeType)` they
are read back through the same type (`analysis_app.engine.typed_json`) that wrote them, so what
the API sends is what the type says, and drf-spectacular documents them field by field from
the type's JSON schema instead of as free-form objects.

pydantic writes JSON Schema 2020-12; the API's schema is OpenAPI 3.0, which has no "null" type
and no tuple keywords, so `_openapi_30` rewrites those few constructs.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from analysis_app.engine.typed_json import dump, json_schema, load

_REF_TEMPLATE = "#/components/schemas/{model}"


class TypedJSONField(serializers.Field):
    """Read-only: a stored JSON value (or the typed value itself) served as `type_` writes it."""

    def __init__(self, type_: Any, **kwargs: Any) -> None:
        self.type_ = type_
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        # Loading first fills the defaults of fields an older row lacks and refuses a shape
        # that does not fit, rather than serving it as if it did.
        return dump(load(self.type_, value), self.type_)


def _openapi_30(schema: Any) -> Any:
    """JSON Schema 2020-12 as pydantic writes it, in the OpenAPI 3.0 dialect."""
    if isinstance(schema, list):
        return [_openapi_30(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: _openapi_30(value) for key, value in schema.items()}
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    if "prefixItems" in schema:  # a fixed-length tuple: an array of any of its item types
        items = schema.pop("prefixItems")
        distinct = [item for i, item in enumerate(items) if item not in items[:i]]
        schema["items"] = distinct[0] if len(distinct) == 1 else {"anyOf": distinct}
    # The options were rewritten first (above), so a {"type": "null"} among them already reads
    # {"nullable": True}.
    null_options = ({"type": "null"}, {"nullable": True})
    for keyword in ("anyOf", "oneOf"):
        options = schema.get(keyword)
        if options and any(null in options for null in null_options):
            rest = [option for option in options if option not in null_options]
            del schema[keyword]
            if len(rest) == 1 and "$ref" not in rest[0]:
                schema.update(rest[0])
            elif len(rest) == 1:
                schema["allOf"] = rest
            else:
                schema[keyword] = rest
            schema["nullable"] = True
    if schema.get("type") == "null":
        del schema["type"]
        schema["nullable"] = True
    if schema.get("properties"):
        # What the API sends is what `dump` writes: every field, defaults included, so every
        # property is present (pydantic calls a field with a default optional, as for input).
        schema["required"] = list(schema["properties"])
    return schema


class TypedJSONFieldExtension(OpenApiSerializerFieldExtension):
    """The field's schema from its type; the types it is built of become components."""

    target_class = TypedJSONField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema = json_schema(self.target.type_, ref_template=_REF_TEMPLATE)
        for name, sub_schema in schema.pop("$defs", {}).items():
            auto_schema.registry.register_on_missing(ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name,
                schema=_openapi_30(sub_schema),
            ))
        schema = _openapi_30(schema)
        schema.pop("title", None)
        if "$ref" in schema:  # OpenAPI 3.0 ignores a $ref's siblings: wrap it
            schema = {"allOf": [schema]}
        schema["readOnly"] = True
        if self.target.help_text:
            schema["description"] = str(self.target.help_text)
        return schema
