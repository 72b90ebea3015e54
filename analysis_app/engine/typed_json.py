"""The one converter between the engine's values and the JSON that is stored and served.

Every stage result, score record and report part is a plain (frozen) dataclass; this module
turns one into JSON (`dump`) and JSON back into one (`load`) through pydantic's `TypeAdapter`,
and describes its shape (`json_schema`) for the OpenAPI schema. The types themselves are the
format: there is no hand-written ``to_dict``/``from_dict`` to fall out of step with them.

Why dataclasses plus one converter rather than pydantic ``BaseModel`` classes: the engine
builds these values in its hot loops and in hundreds of places positionally
(``Marker("filler", token, start, end, index)``), checks invariants in ``__post_init__``
(a score's explanation must add up) and keeps them frozen and slotted. A ``BaseModel`` would
validate on every construction and change every call site; a ``TypeAdapter`` validates only at
the JSON boundary, where it is wanted. Loading is lax like the old loaders were: numbers given
as ints become floats, lists become tuples, and fields an older row lacks take their
dataclass defaults (a field added later must therefore have one).
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from pydantic import PlainSerializer, TypeAdapter

T = TypeVar("T")


#: The adapters built so far. A dict, not functools.cache: mypy does not take a class for the
#: Hashable that cache's wrapper asks for. Two threads may build one twice; both are equal.
_adapters: dict[Any, TypeAdapter[Any]] = {}


def adapter(type_: Any) -> TypeAdapter[Any]:
    """One adapter per type: building it compiles a validator and a serializer (~ms)."""
    built = _adapters.get(type_)
    if built is None:
        built = _adapters[type_] = TypeAdapter(type_)
    return built


def dump(value: Any, type_: Any = None) -> Any:
    """`value` as JSON-ready Python (dicts, lists, str, numbers, None).

    `type_` is needed only when the value's class is not its whole type (a dict or a list of
    dataclasses, a union)."""
    return adapter(type(value) if type_ is None else type_).dump_python(value, mode="json")


def load(type_: type[T], data: Any) -> T:
    """Stored or received JSON as a `type_`; raises pydantic's ValidationError on a shape
    that does not fit (a missing required field, a string where a number belongs)."""
    return cast(T, adapter(type_).validate_python(data))


def json_schema(type_: Any, ref_template: str = "#/$defs/{model}") -> dict[str, Any]:
    """The JSON schema of what `dump` writes for `type_` (nested types under "$defs")."""
    return adapter(type_).json_schema(mode="serialization", ref_template=ref_template)


def rounded(ndigits: int) -> PlainSerializer:
    """``Annotated[float, rounded(2)]``: kept exact in memory, written rounded (a mean of
    gains to the hundredth of a point is all a report shows)."""
    return PlainSerializer(lambda value: round(value, ndigits), return_type=float)
