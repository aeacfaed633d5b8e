"""The Litestar application: ``create_app()`` loads and validates the data, then serves it."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Request, Router
from litestar.config.cors import CORSConfig
from litestar.datastructures import ResponseHeader
from litestar.openapi.config import OpenAPIConfig

from pemilu_api import __version__
from pemilu_api.domain.loader import load_dataset
from pemilu_api.render.urls import Urls
from pemilu_api.settings import Settings
from pemilu_api.web.api import API_HANDLERS
from pemilu_api.web.docs import DOCS_HANDLERS
from pemilu_api.web.error_handlers import EXCEPTION_HANDLERS
from pemilu_api.web.errors import ProblemError
from pemilu_api.web.feeds import FEED_HANDLERS
from pemilu_api.web.headers import WithoutCredentials
from pemilu_api.web.pages import PAGE_HANDLERS
from pemilu_api.web.problem_pages import PROBLEM_PAGE_HANDLERS
from pemilu_api.web.query_guard import reject_unknown_query
from pemilu_api.web.store import Store

# Litestar always mounts its own schema pages; we serve /openapi.json and /docs ourselves
# (with ETags and local assets), so its router answers 404 problems only.
HIDDEN_SCHEMA_PATH = "/schema"
# Set by web/conditional.py on each response; declared here so the OpenAPI document shows them.
DOCUMENTED_HEADERS = [
    ResponseHeader(
        name="ETag",
        description="Strong validator of this representation (absent on /v1/now)",
        documentation_only=True,
    ),
    ResponseHeader(name="Last-Modified", description="The data revision", documentation_only=True),
    ResponseHeader(name="Cache-Control", description="Caching policy", documentation_only=True),
]
EXPOSED_HEADERS = ["ETag", "Last-Modified", "Cache-Control", "Content-Length", "Location", "Link"]


async def _not_here(request: Request[Any, Any, Any]) -> None:
    raise ProblemError(404, "not-found", "the OpenAPI document is at /openapi.json, docs at /docs")


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the app on validated data; raise DataError (and serve nothing) when the data is invalid."""
    settings = settings or Settings.from_env()
    dataset = load_dataset(settings.fixtures)
    store = Store(dataset, Urls(settings.base_url))
    app = Litestar(
        route_handlers=[
            *API_HANDLERS,
            *DOCS_HANDLERS,
            *FEED_HANDLERS,
            *PAGE_HANDLERS,
            *PROBLEM_PAGE_HANDLERS,
        ],
        before_request=reject_unknown_query,
        response_headers=DOCUMENTED_HEADERS,
        exception_handlers=EXCEPTION_HANDLERS,
        cors_config=CORSConfig(
            allow_origins=["*"],
            allow_methods=["GET", "HEAD"],
            allow_headers=["If-None-Match", "If-Modified-Since"],
            expose_headers=EXPOSED_HEADERS,
            max_age=86400,
        ),
        openapi_config=OpenAPIConfig(
            title="pemilu-api",
            version=__version__,
            description=(
                "The official stage timeline (tahapan dan jadwal) of Indonesian elections, "
                "with legal basis and confidence for every date."
            ),
            path=HIDDEN_SCHEMA_PATH,
            use_handler_docstrings=True,
            openapi_router=Router(
                HIDDEN_SCHEMA_PATH,
                route_handlers=[],
                include_in_schema=False,
                before_request=_not_here,
            ),
        ),
        debug=False,
    )
    app.state.store = store
    # Outermost, before Litestar's CORS: no answer depends on cookies or credentials.
    app.asgi_handler = WithoutCredentials(app.asgi_handler)
    return app
