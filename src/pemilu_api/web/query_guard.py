"""Refusing query parameters a route does not take, so typos do not pass silently."""

from __future__ import annotations

from functools import cache
from typing import Any

from litestar import Request
from litestar.enums import ParamType
from litestar.handlers import HTTPRouteHandler
from litestar.params import ParameterKwarg

from pemilu_api.web.errors import ProblemError

LENIENT = "lenient_query"


@cache
def _not_text(handler: HTTPRouteHandler) -> frozenset[str]:
    """The optional query parameters that are not free text (``null`` is no value of theirs)."""
    found: set[str] = set()
    for name, field in handler.parsed_fn_signature.parameters.items():
        kwarg = field.kwarg_definition
        if isinstance(kwarg, ParameterKwarg) and kwarg.param_type is not ParamType.QUERY:
            continue
        if field.is_optional and not any(t.annotation is str for t in field.inner_types):
            found.add(kwarg.name or name if isinstance(kwarg, ParameterKwarg) else name)
    return frozenset(found)


@cache
def _declared(handler: HTTPRouteHandler) -> dict[str, bool]:
    """Each query parameter a handler declares, and whether it may repeat (a list)."""
    names: dict[str, bool] = {}
    for name, field in handler.parsed_fn_signature.parameters.items():
        if name in {"request", "state", "scope", "headers"}:
            continue
        kwarg = field.kwarg_definition
        public = name
        if isinstance(kwarg, ParameterKwarg):
            if kwarg.param_type is not ParamType.QUERY:
                continue
            public = kwarg.name or name
        names[public] = any(f.is_non_string_sequence for f in (field, *field.inner_types))
    return names


def allowed_query(handler: HTTPRouteHandler) -> frozenset[str]:
    """The query parameter names a handler declares."""
    return frozenset(_declared(handler))


async def reject_unknown_query(request: Request[Any, Any, Any]) -> None:
    """Before each request: a 400 naming an unknown or wrongly repeated query parameter.

    Feeds and pages are lenient: calendar apps and link shorteners add parameters of their own.
    """
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
    declared = _declared(handler)
    for name in sorted(_not_text(handler) & set(request.query_params)):
        if "null" in request.query_params.getall(name):
            raise ProblemError(
                400,
                "invalid-parameter",
                f"{name}=null is not a value: leave {name} out to apply no {name} filter",
                name,
            )
    for name in sorted(set(request.query_params)):
        if not declared[name] and len(request.query_params.getall(name)) > 1:
            raise ProblemError(
                400,
                "invalid-parameter",
                f"query parameter {name!r} takes one value and was given more than once",
                name,
            )
