"""The Litestar application: ``create_app()`` loads and validates the data, then serves it."""

from __future__ import annotations

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.exceptions import HTTPException
from litestar.openapi.config import OpenAPIConfig

from pemilu_api import __version__
from pemilu_api.loader import load_dataset
from pemilu_api.resources import Links
from pemilu_api.settings import Settings
from pemilu_api.web.api import API_HANDLERS
from pemilu_api.web.problems import ProblemError, handle_http, handle_problem, handle_unexpected
from pemilu_api.web.query_guard import reject_unknown_query
from pemilu_api.web.store import Store

EXPOSED_HEADERS = ["ETag", "Last-Modified", "Cache-Control", "Content-Length", "Location"]


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the app on validated data; raise DataError (and serve nothing) when the data is invalid."""
    settings = settings or Settings.from_env()
    dataset = load_dataset(settings.fixtures)
    store = Store(dataset, Links(settings.base_url))
    app = Litestar(
        route_handlers=[*API_HANDLERS],
        before_request=reject_unknown_query,
        exception_handlers={
            ProblemError: handle_problem,
            HTTPException: handle_http,
            Exception: handle_unexpected,
        },
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
            path="/schema",
        ),
        debug=False,
    )
    app.state.store = store
    return app
