"""The OpenAPI document as committed under openapi/: generated from the app, stable bytes."""

from __future__ import annotations

import json
from typing import Any

from litestar import Litestar

from pemilu_api.render.json_now import Now
from pemilu_api.render.json_regions import RegionList, RegionOut
from pemilu_api.render.json_resources import (
    ChangeList,
    ElectionList,
    ElectionOut,
    Health,
    StageList,
    StageOut,
)
from pemilu_api.render.json_root import ApiRoot
from pemilu_api.web.openapi_examples import document_examples
from pemilu_api.web.openapi_spec import finish
from pemilu_api.web.problems import Problem
from pemilu_api.web.store import Store

# The bodies the API answers with: their docstrings and field descriptions describe the schemas.
DOCUMENTED_TYPES: tuple[type, ...] = (
    ApiRoot,
    ElectionList,
    ElectionOut,
    StageList,
    StageOut,
    ChangeList,
    Now,
    RegionList,
    RegionOut,
    Health,
    Problem,
)


def store_of_app(app: Litestar) -> Store:
    """The app's store (set by create_app)."""
    store: Store = app.state.store
    return store


def openapi_dict(app: Litestar) -> dict[str, Any]:
    """The app's OpenAPI 3.1 document as plain data, finished (web/openapi_spec.py)."""
    generated: dict[str, Any] = app.openapi_schema.to_schema()
    store = store_of_app(app)
    return finish(generated, store.urls.base_url, DOCUMENTED_TYPES, document_examples(store))


def render_openapi(app: Litestar) -> str:
    """The document as indented JSON with sorted keys, so diffs of the committed file are readable."""
    return json.dumps(openapi_dict(app), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
