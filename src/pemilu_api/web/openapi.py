"""The OpenAPI document as committed under openapi/: generated from the app, stable bytes."""

from __future__ import annotations

import json
from typing import Any

from litestar import Litestar


def openapi_dict(app: Litestar) -> dict[str, Any]:
    """The app's OpenAPI 3.1 document as plain data."""
    schema: dict[str, Any] = app.openapi_schema.to_schema()
    return schema


def render_openapi(app: Litestar) -> str:
    """The document as indented JSON with sorted keys, so diffs of the committed file are readable."""
    return json.dumps(openapi_dict(app), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
