"""Finishing the OpenAPI document Litestar generates, so that it is valid and says what it means.

Litestar documents each route from its handler (summary, docstring, parameters, return type), but
it lists HEAD as a second operation of every path, declares app-wide headers without a schema on
every response, types optional query parameters as nullable, and does not carry a Struct's
docstring to its schema. ``finish`` corrects those, from the same sources: the API description
and tags here, the descriptions of the structs and their fields (their docstrings and
``msgspec.Meta(description=...)``), and the base URL the app serves under.
"""

from __future__ import annotations

import copy
import inspect
import re
from typing import Any

import msgspec

from pemilu_api import __version__
from pemilu_api.render.problem_kinds import PROBLEM_KINDS
from pemilu_api.render.urls import DATA_LICENSE_URL, Urls

CODE_LICENSE = {"name": "MIT", "identifier": "MIT"}
PROJECT_NAME = "pemilu-api"
# A field whose documentation starts so is marked deprecated in its schema.
DEPRECATED = "Deprecated:"

API_DESCRIPTION = f"""\
The official stage timeline (*tahapan dan jadwal*) of Indonesian elections, with the legal basis
and a confidence for every date, as JSON and as iCalendar feeds.

**Licences.** The code is under the MIT licence (`info.license`). The data (dates, legal bases,
names) is under the Creative Commons Attribution 4.0 International licence (CC BY 4.0,
{DATA_LICENSE_URL}): reuse it freely, naming pemilu-api as the source. Responses carry it as a
`Link: <{DATA_LICENSE_URL}>; rel="license"` header.

**HEAD.** Every GET operation below also answers HEAD, with the same status and headers and no
body; HEAD is not listed as separate operations.

**Caching.** Every response that does not read the clock carries a strong `ETag` and a
`Last-Modified` from the data revision, and answers `If-None-Match` / `If-Modified-Since` with
304 Not Modified. `/v1/now` without `at` reads the clock: it then has no `ETag` and never
answers 304 (`max-age=30`); with an explicit `at` it is a pure answer like any other.

**Versioning.** Within v1 only additions are made: new endpoints, new optional query parameters,
new fields, new values of the enumerations documented as open. Clients must ignore fields they
do not know and must accept values of open enumerations they do not know.

**Errors** are RFC 9457 `application/problem+json` documents. Their `type` is the URL of a
page that explains the kind of problem and what to do (`/problems` lists them); a bare HTTP
status has the type `about:blank`.
"""


def problem_types(base_url: str) -> str:
    """The kinds of problem, each with its type URL, as a Markdown list."""
    return "\n".join(
        f"- `{base_url}{Urls.problem(k.slug)}` ({k.status}): {k.title.en}" for k in PROBLEM_KINDS
    )


TAGS: list[dict[str, str]] = [
    {"name": "elections", "description": "Elections and their stages (tahapan)"},
    {
        "name": "changes",
        "description": "The change log: every date KPU changed, when and why (JSON and Atom)",
    },
    {
        "name": "now",
        "description": "What is happening at an instant (reads the clock when no instant is given)",
    },
    {
        "name": "regions",
        "description": "Provinces and kabupaten/kota, and the elections held there",
    },
    {"name": "calendars", "description": "iCalendar feeds to subscribe to in a calendar app"},
    {"name": "health", "description": "Liveness and the loaded data revision"},
    {"name": "docs", "description": "This document and the interactive documentation"},
]

RESPONSE_HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "description": (
            "Strong validator of this representation (the gzipped body has its own); absent "
            "only on /v1/now without at, which reads the clock"
        ),
        "schema": {"type": "string", "examples": ['"3c5d0b9e1f2a4b6c"']},
    },
    "Last-Modified": {
        "description": "The data revision, as an HTTP date",
        "schema": {"type": "string", "examples": ["Mon, 30 Nov 2026 00:00:00 GMT"]},
    },
    "Cache-Control": {
        "description": "Caching policy",
        "schema": {"type": "string", "examples": ["public, max-age=3600"]},
    },
    "Link": {
        "description": (
            'RFC 8288 links: rel="describedby" (this document), rel="alternate" '
            'type="text/calendar" (the matching feed, where there is one), rel="license" (CC BY 4.0)'
        ),
        "schema": {
            "type": "string",
            "examples": [
                '<http://127.0.0.1:8000/openapi.json>; rel="describedby"; type="application/json", '
                '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
            ],
        },
    },
}
# Said in a field's description, makes its enum open (see _open_enum).
OPEN_ENUM = "open enumeration"
# The operations that always read the clock: no validators, no 304. (/v1/now reads it only
# without at; with at it has validators, so it is not listed here.)
UNCACHED: set[str] = set()


def _structs(types: tuple[type, ...]) -> dict[str, type[msgspec.Struct]]:
    """Every Struct reachable from ``types``, by class name (Litestar's component names)."""
    found: dict[str, type[msgspec.Struct]] = {}
    pending: list[msgspec.inspect.Type] = list(msgspec.inspect.multi_type_info(types))
    while pending:
        info = pending.pop()
        if isinstance(info, msgspec.inspect.StructType):
            if info.cls.__name__ in found:
                continue
            found[info.cls.__name__] = info.cls
            pending.extend(f.type for f in info.fields)
        elif isinstance(info, msgspec.inspect.UnionType):
            pending.extend(info.types)
        elif isinstance(info, msgspec.inspect.Metadata):
            pending.append(info.type)
        elif isinstance(info, msgspec.inspect.ListType | msgspec.inspect.VarTupleType):
            pending.append(info.item_type)
    return found


def docstring_parts(cls: type) -> tuple[str, dict[str, str]]:
    """A class docstring's text before ``Attributes:``, and the field descriptions listed there.

    The Google-style convention: ``Attributes:`` then one ``name: description`` per field,
    indented, a description continuing on further-indented lines.
    """
    doc = inspect.cleandoc(cls.__doc__ or "")
    text, _, listed = doc.partition("\nAttributes:\n")
    fields: dict[str, str] = {}
    name = None
    for line in listed.splitlines():
        match = re.fullmatch(r"    (\w+): (.+)", line)
        if match:
            name = match.group(1)
            fields[name] = match.group(2).strip()
        elif name is not None and line.startswith("        "):
            fields[name] += " " + line.strip()
    return " ".join(text.split()), fields


def field_docs(cls: type) -> dict[str, str]:
    """The documented fields of a Struct, its bases' included, by their JSON names."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        docs.update(docstring_parts(klass)[1])
    if issubclass(cls, msgspec.Struct):
        for field in msgspec.structs.fields(cls):
            if field.name in docs and field.encode_name != field.name:
                docs[field.encode_name] = docs.pop(field.name)
    return docs


def _describe_schemas(doc: dict[str, Any], types: tuple[type, ...]) -> None:
    structs = _structs(types)
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        cls = structs.get(name)
        if cls is None:
            continue
        text, _ = docstring_parts(cls)
        if text and "description" not in schema:
            schema["description"] = text
        documented = field_docs(cls)
        for prop, prop_schema in schema.get("properties", {}).items():
            if prop in documented and "description" not in prop_schema:
                prop_schema["description"] = documented[prop]
            if prop_schema.get("description", "").startswith(DEPRECATED):
                prop_schema["deprecated"] = True
            if OPEN_ENUM in prop_schema.get("description", "") and "enum" in prop_schema:
                schema["properties"][prop] = _open_enum(prop_schema)


def _open_enum(schema: dict[str, Any]) -> dict[str, Any]:
    """An enumeration that may grow: its known values, or any other string.

    Generated clients then accept a value added after they were generated (they see a string)
    instead of failing on it, as the versioning policy asks of them.
    """
    known = {k: v for k, v in schema.items() if k != "description"}
    return {
        "description": schema["description"],
        "anyOf": [known, {"type": "string", "description": "A value added after this version"}],
    }


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of an optional query parameter: absent means null, so it is never nullable."""
    for key in ("oneOf", "anyOf"):
        options = schema.get(key)
        if isinstance(options, list):
            kept = [o for o in options if o != {"type": "null"}]
            if len(kept) == 1:
                del schema[key]
                schema = {**kept[0], **schema}
            elif len(kept) != len(options):
                schema[key] = kept
    if isinstance(schema.get("enum"), list):
        schema["enum"] = [v for v in schema["enum"] if v is not None]
    if isinstance(schema.get("type"), list):
        types = [t for t in schema["type"] if t != "null"]
        schema["type"] = types[0] if len(types) == 1 else types
    return schema


def _finish_operation(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query" and not parameter.get("required"):
            parameter["schema"] = _without_null(parameter["schema"])
        # The description lives on the parameter; a copy in the schema only repeats it.
        parameter.get("schema", {}).pop("description", None)
    responses = operation.get("responses", {})
    uncached = operation.get("operationId") in UNCACHED
    if uncached:
        responses.pop("304", None)
    for status, response in responses.items():
        headers = response.pop("headers", None) or {}
        if status in ("200", "304"):
            names = ["Cache-Control", "Link"] if uncached else list(RESPONSE_HEADERS)
            if operation.get("tags") == ["docs"]:
                names.remove("Link")
            headers = {name: copy.deepcopy(RESPONSE_HEADERS[name]) for name in names}
            response["headers"] = headers


def _add_examples(operation: dict[str, Any], examples: dict[str, Any]) -> None:
    """Put each response's examples (url, status, summary, body) under its JSON media type."""
    for example in examples.get(operation.get("operationId", ""), ()):
        response = operation.get("responses", {}).get(str(example.status), {})
        for media in response.get("content", {}).values():
            media.setdefault("examples", {})[example.url] = {
                "summary": example.summary,
                "description": f"GET {example.url}",
                "value": example.body,
            }


def finish(
    doc: dict[str, Any],
    base_url: str,
    types: tuple[type, ...],
    examples: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The document Litestar generated, made valid and described (a new dict).

    ``examples`` maps an operationId to its examples, each with ``url``, ``status``,
    ``summary`` and ``body``.
    """
    doc = copy.deepcopy(doc)
    for path_item in doc.get("paths", {}).values():
        path_item.pop("head", None)
        for operation in path_item.values():
            _finish_operation(operation)
            _add_examples(operation, examples or {})
    _describe_schemas(doc, types)
    doc["info"] = {
        "title": PROJECT_NAME,
        "version": __version__,
        "summary": "Indonesian election timelines, with legal basis and confidence",
        "description": f"{API_DESCRIPTION}\n**Problem types:**\n\n{problem_types(base_url)}\n",
        "license": CODE_LICENSE,
        "contact": {"name": "pemilu-api", "url": base_url + "/"},
    }
    doc["servers"] = [{"url": base_url, "description": "This deployment"}]
    doc["tags"] = TAGS
    # A public API: no operation needs credentials (said, so linters know it is meant).
    doc["security"] = []
    return doc
