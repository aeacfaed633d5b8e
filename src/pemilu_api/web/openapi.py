"""The OpenAPI document as committed under openapi/: generated from the app, stable bytes."""

from __future__ import annotations

import json
from typing import Any

from litestar import Litestar

from pemilu_api.render.json_now import Now
from pemilu_api.render.json_resources import (
    ChangeList,
    ElectionList,
    ElectionOut,
    Health,
    RegionList,
    RegionOut,
    StageList,
    StageOut,
)
from pemilu_api.web.openapi_spec import finish
from pemilu_api.web.problems import Problem

# The bodies the API answers with: their docstrings and field descriptions describe the schemas.
DOCUMENTED_TYPES: tuple[type, ...] = (
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


def openapi_dict(app: Litestar) -> dict[str, Any]:
    """The app's OpenAPI 3.1 document as plain data, finished (web/openapi_spec.py)."""
    generated: dict[str, Any] = app.openapi_schema.to_schema()
    return finish(generated, app.state.store.urls.base_url, DOCUMENTED_TYPES)


def render_openapi(app: Litestar) -> str:
    """The document as indented JSON with sorted keys, so diffs of the committed file are readable."""
    return json.dumps(openapi_dict(app), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
