"""The OpenAPI document explains itself: every operation, parameter, schema and property."""

from __future__ import annotations

from typing import Any

from litestar import Litestar

from pemilu_api.web.openapi import openapi_dict
from pemilu_api.web.openapi_spec import docstring_parts


def test_every_operation_and_parameter_is_described(app: Litestar) -> None:
    """Summary, description, tags and operationId on each operation; a description per parameter."""
    missing = []
    for path, item in openapi_dict(app)["paths"].items():
        assert set(item) == {"get"}, f"{path}: HEAD is described once, in info.description"
        operation = item["get"]
        for key in ("summary", "description", "tags", "operationId"):
            if not operation.get(key):
                missing.append(f"{path} {key}")
        for parameter in operation.get("parameters", []):
            if not parameter.get("description"):
                missing.append(f"{path} {parameter['name']}")
    assert missing == []


def test_every_schema_and_property_is_described(app: Litestar) -> None:
    """Every component schema and every property has a description (from the structs' docstrings)."""
    schemas: dict[str, Any] = openapi_dict(app)["components"]["schemas"]
    missing = [name for name, schema in schemas.items() if not schema.get("description")]
    missing += [
        f"{name}.{prop}"
        for name, schema in schemas.items()
        for prop, described in schema.get("properties", {}).items()
        if not described.get("description")
    ]
    assert missing == []
    assert len(schemas) >= 30


def test_no_enum_has_more_than_50_values(app: Litestar) -> None:
    """Long lists (time zones) are described in words, never enumerated."""

    def enums(node: Any) -> list[list[Any]]:
        if isinstance(node, dict):
            found = [node["enum"]] if isinstance(node.get("enum"), list) else []
            return found + [e for v in node.values() for e in enums(v)]
        if isinstance(node, list):
            return [e for v in node for e in enums(v)]
        return []

    assert max(len(e) for e in enums(openapi_dict(app))) <= 50


def test_enums_that_may_grow_say_so(app: Litestar) -> None:
    """Open enumerations accept any string besides their known values."""
    schemas = openapi_dict(app)["components"]["schemas"]
    category = schemas["StageOut"]["properties"]["category"]
    assert "open enumeration" in category["description"]
    assert {"type": "string", "description": "A value added after this version"} in category[
        "anyOf"
    ]


def test_attributes_sections_are_read() -> None:
    """The docstring convention: text, then ``Attributes:`` with one indented entry per field."""

    class Sample:
        """What it is.

        Attributes:
            one: The first
                continued here
            two: The second

        """

    assert docstring_parts(Sample) == (
        "What it is.",
        {"one": "The first continued here", "two": "The second"},
    )
