"""RFC 9457 problem details for every error, on every route."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.params import ParameterKwarg

from pemilu_api.web.headers import with_security
from pemilu_api.web.page_errors import html_error, wants_html

PROBLEM_MEDIA_TYPE = "application/problem+json"


class InvalidParam(msgspec.Struct, frozen=True, kw_only=True):
    """One offending parameter and why."""

    name: str
    reason: str


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem document; ``parameter`` names the offending parameter, if any."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    parameter: str | None = None
    invalid_params: tuple[InvalidParam, ...] = ()


class ProblemError(Exception):
    """Raise to answer with a problem document."""

    def __init__(self, status: int, slug: str, detail: str, parameter: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.detail = detail
        self.parameter = parameter


def problem_type(slug: str) -> str:
    """The URI naming a kind of problem."""
    return f"urn:pemilu-api:problem:{slug}"


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response[bytes]:
    """Render a problem as application/problem+json, never cached."""
    return Response(
        content=msgspec.json.encode(problem),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=with_security({"Cache-Control": "no-store", **(headers or {})}),
    )


def _slug(status: int) -> str:
    return HTTPStatus(status).phrase.lower().replace(" ", "-").replace("'", "")


def handle_problem(request: Request[Any, Any, Any], exc: ProblemError) -> Response[bytes]:
    """Our own errors (a page for a browser off the API, e.g. an unknown page URL)."""
    if wants_html(request):
        return html_error(request, exc.status)
    return problem_response(
        Problem(
            type=problem_type(exc.slug),
            title=HTTPStatus(exc.status).phrase,
            status=exc.status,
            detail=exc.detail,
            instance=request.url.path,
            parameter=exc.parameter,
            invalid_params=(
                (InvalidParam(name=exc.parameter, reason=exc.detail),) if exc.parameter else ()
            ),
        )
    )


def _public_name(request: Request[Any, Any, Any], name: str) -> str:
    """The name a client used: the query alias of a handler argument (``from_`` is ``from``)."""
    try:
        kwarg = request.route_handler.parsed_fn_signature.parameters[name].kwarg_definition
    except (KeyError, AttributeError):
        return name
    return kwarg.name if isinstance(kwarg, ParameterKwarg) and kwarg.name else name


def _invalid_params(
    request: Request[Any, Any, Any], exc: ValidationException
) -> tuple[InvalidParam, ...]:
    found: list[InvalidParam] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if isinstance(item, dict) and item.get("key"):
            name = _public_name(request, str(item["key"]))
            found.append(InvalidParam(name=name, reason=str(item.get("message", ""))))
    return tuple(found)


def handle_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    """Litestar's own errors (validation, unknown route, method not allowed) as problems."""
    status = exc.status_code
    if wants_html(request):
        allow = {k: v for k, v in (exc.headers or {}).items() if k.lower() == "allow"}
        return html_error(request, status, headers=allow)
    params = _invalid_params(request, exc) if isinstance(exc, ValidationException) else ()
    if params:
        detail = "; ".join(f"{p.name}: {p.reason}" for p in params)
        slug = "invalid-parameter"
    else:
        detail = exc.detail if status < 500 else "the server could not answer this request"
        slug = _slug(status)
    headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() == "allow"}
    return problem_response(
        Problem(
            type=problem_type(slug),
            title=HTTPStatus(status).phrase,
            status=status,
            detail=detail,
            instance=request.url.path,
            parameter=params[0].name if params else None,
            invalid_params=params,
        ),
        headers,
    )


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """Anything else: a 500 problem with no stack trace in the body."""
    request.logger.exception("unhandled error on %s", request.url.path)
    if wants_html(request):
        return html_error(request, 500)
    return problem_response(
        Problem(
            type=problem_type("internal-server-error"),
            title="Internal Server Error",
            status=500,
            detail="the server could not answer this request",
            instance=request.url.path,
        )
    )
