"""What the OpenAPI schema promises integrators: every list paginated, the error responses and
the Idempotency-Key header documented, the WebSockets described with their ids."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

#: Lists that cannot grow: the 8 role families of the curated bank.
FIXED_LISTS = {"/api/roles/"}
IDEMPOTENT_OPERATIONS = {
    ("post", "/api/sessions/create/"),
    ("post", "/api/sessions/{session_id}/questions/create/"),
    ("post", "/api/sessions/{session_id}/questions/generate/"),
    ("post", "/api/sessions/{session_id}/questions/{question_id}/swap/"),
    ("post", "/api/sessions/{session_id}/answers/create/"),
    ("post", "/api/answers/{answer_id}/follow-ups/"),
    ("post", "/api/answers/{answer_id}/upload/finish/"),
    ("post", "/api/webhooks/create/"),
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, operation) for path, item in schema["paths"].items()
            for method, operation in item.items()]


def _ref(schema: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    content = response.get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in content:
        return schema["components"]["schemas"][content["$ref"].rsplit("/", 1)[1]]
    return content


def test_every_list_that_can_grow_is_paginated(schema: dict[str, Any]) -> None:
    unpaginated = []
    for method, path, operation in _operations(schema):
        if method != "get" or path in FIXED_LISTS:
            continue
        body = _ref(schema, operation["responses"].get("200", {}))
        if body.get("type") == "array":
            unpaginated.append(path)
        elif "results" in body.get("properties", {}):
            assert {"count", "next", "previous"} <= set(body["properties"]), path
            assert {"limit", "offset"} <= {p["name"] for p in operation.get("parameters", [])}
    assert unpaginated == []


def test_every_operation_documents_its_errors_in_the_error_shape(schema: dict[str, Any]
                                                                ) -> None:
    error = schema["components"]["schemas"]["Error"]
    assert error["properties"]["error"]["$ref"].endswith("/ErrorDetail")
    for method, path, operation in _operations(schema):
        for code in ("400", "401", "403", "404", "429"):
            assert code in operation["responses"], (method, path, code)
        if method in ("post", "put", "patch"):
            assert "413" in operation["responses"], (method, path)


def test_create_and_finish_calls_document_the_idempotency_key(schema: dict[str, Any]) -> None:
    documented = {(method, path) for method, path, operation in _operations(schema)
                  if any(p["name"] == "Idempotency-Key" and p["in"] == "header"
                         for p in operation.get("parameters", []))}
    assert documented == IDEMPOTENT_OPERATIONS


def test_the_websockets_are_documented_with_their_ids(schema: dict[str, Any]) -> None:
    description = schema["info"]["description"]
    assert "/ws/sessions/{session_id}/" in description
    assert "/ws/answers/{answer_id}/live/" in description
    assert "POST /api/sessions/create/" in description  # where a session_id comes from
    assert "answers/create/" in description  # where an answer_id comes from
