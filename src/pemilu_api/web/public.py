"""What the other layers (the static export in ``ops``) may read of the web layer's routes.

The export fills path parameters from the data and tries the query parameters of lenient routes;
these are the facts it needs that the route table alone does not give.
"""

from __future__ import annotations

from litestar.handlers import HTTPRouteHandler

from pemilu_api.render.problem_kinds import PROBLEM_KINDS
from pemilu_api.web.docs import ASSETS
from pemilu_api.web.query_guard import LENIENT, allowed_query


def doc_assets() -> tuple[str, ...]:
    """The file names the ``/docs/{asset}`` route serves."""
    return tuple(ASSETS)


def lenient_query(handler: HTTPRouteHandler) -> frozenset[str] | None:
    """The query parameters of a lenient route (one that ignores unknown ones); None if strict."""
    return allowed_query(handler) if handler.opt.get(LENIENT) else None


def problem_slugs() -> tuple[str, ...]:
    """The kinds of problem the ``/problems/{problem}`` route explains."""
    return tuple(kind.slug for kind in PROBLEM_KINDS)
