"""Refusing query parameters a route does not take, so typos do not pass silently."""

from __future__ import annotations

from functools import cache
from typing import Any

from litestar import Request
from litestar.enums import ParamType
from litestar.handlers import HTTPRouteHandler
from litestar.params import ParameterKwarg

from pemilu_api.web.problems import ProblemError

LENIENT = "lenient_query"


@cache
def allowed_query(handler: HTTPRouteHandler) -> frozenset[str]:
    """The query parameter names a handler declares."""
    names: set[str] = set()
    for name, field in handler.parsed_fn_signature.parameters.items():
        if name in {"request", "state", "scope", "headers"}:
            continue
        kwarg = field.kwarg_definition
        if isinstance(kwarg, ParameterKwarg):
            if kwarg.param_type is not ParamType.QUERY:
                continue
            names.add(kwarg.name or name)
        else:
            names.add(name)
    return frozenset(names)


async def reject_unknown_query(request: Request[Any, Any, Any]) -> None:
    """Before each request: a 400 naming the first unknown query parameter (feeds are lenient)."""
    handler = request.route_handler
    if not isinstance(handler, HTTPRouteHandler) or handler.opt.get(LENIENT):
        return
    allowed = allowed_query(handler)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        takes = ", ".join(sorted(allowed)) or "no query parameters"
        raise ProblemError(
            400,
            "unknown-parameter",
            f"unknown query parameter {unknown[0]!r}; this route takes: {takes}",
            unknown[0],
        )
