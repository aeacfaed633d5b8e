"""The OpenAPI document and the interactive docs (Swagger UI served from the app, no other host)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any

from litestar import Response, route
from litestar.openapi.spec import (
    Example,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Schema,
)
from litestar.params import PathParameter

from pemilu_api.web.conditional import respond
from pemilu_api.web.errors import ProblemError
from pemilu_api.web.openapi import render_openapi
from pemilu_api.web.routing import GET_HEAD, AnyRequest, operation_id, problems
from pemilu_api.web.store import store_of

ASSETS: dict[str, str] = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "init.js": "text/javascript",
    "docs.css": "text/css",
}
# Assets never change within a release: the version is in their parent's ETag anyway.
ASSET_CACHE = "public, max-age=86400"
# Swagger UI runs only our own scripts; it sets style attributes itself, hence inline styles.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)

DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pemilu-api: interactive API documentation</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="stylesheet" href="/docs/docs.css">
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<meta name="robots" content="noindex">
</head>
<body>
<div id="swagger-ui"><p>The interactive documentation needs JavaScript.
The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</p></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
"""


@dataclass
class AssetOperation(Operation):
    """The assets' OpenAPI operation: its 200 is JavaScript or CSS, as the asset is."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        if isinstance(ok, OpenAPIResponse):
            ok.content = {
                media: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))
                for media in sorted(set(ASSETS.values()))
            }
            ok.description = "The asset (text/javascript or text/css)"


def _asset(name: str) -> bytes:
    return (resources.files("pemilu_api.web") / "static" / "swagger-ui" / name).read_bytes()


@route(
    "/openapi.json",
    operation_id=operation_id("getOpenApiDocument"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="This API's OpenAPI 3.1 document",
    responses=problems(400),
    tags=["docs"],
    include_in_schema=True,
)
def openapi_json(request: AnyRequest) -> Response[dict[str, Any]]:
    """The OpenAPI document, the same as openapi/openapi.json in the repository."""
    store = store_of(request)
    rep = store.memo_bytes(
        ("openapi",),
        lambda: render_openapi(request.app).encode(),
        "application/json",
        store.dataset.revision,
    )
    return respond(request, rep)


@route(
    "/docs",
    operation_id=operation_id("getDocsPage"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="Interactive API documentation",
    media_type="text/html",
    responses=problems(400),
    tags=["docs"],
)
def docs_page(request: AnyRequest) -> Response[str]:
    """Swagger UI on this API's OpenAPI document."""
    store = store_of(request)
    rep = store.memo_bytes(("docs",), DOCS_PAGE.encode, "text/html", store.dataset.revision)
    return respond(request, rep, extra_headers={"Content-Security-Policy": DOCS_CSP})


@route(
    "/docs/{asset:str}",
    operation_id=operation_id("getDocsAsset"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="Interactive documentation assets",
    media_type="text/plain",
    responses=problems(400, 404),
    tags=["docs"],
    operation_class=AssetOperation,
)
def docs_asset(
    request: AnyRequest,
    asset: Annotated[
        str,
        PathParameter(
            description="swagger-ui-bundle.js, swagger-ui.css or init.js",
            max_length=64,
            examples=[Example(summary="The start-up script", value="init.js")],
        ),
    ],
) -> Response[str]:
    """The Swagger UI scripts and styles, served from the app itself."""
    media_type = ASSETS.get(asset)
    if media_type is None:
        raise ProblemError(404, "not-found", f"no documentation asset {asset!r}", "asset")
    store = store_of(request)
    rep = store.memo_bytes(
        ("docs", asset), lambda: _asset(asset), media_type, store.dataset.revision
    )
    return respond(request, rep, ASSET_CACHE)


DOCS_HANDLERS = [openapi_json, docs_page, docs_asset]
