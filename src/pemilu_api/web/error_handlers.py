"""The single path of every error: a problem document, or an HTML page where pages are answered.

Registered once on the app for our own errors (``ProblemError``), Litestar's (validation, unknown
route, method not allowed) and anything unexpected (a 500 without a stack trace in the body).
An error is a page on the page routes whatever the client accepts, and off the API when a browser
asks (web/page_errors.py); everywhere else it is application/problem+json.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import BaseRouteHandler
from litestar.params import ParameterKwarg
from litestar.types import ExceptionHandlersMap

from pemilu_api.render.urls import Urls
from pemilu_api.settings import DEFAULT_BASE_URL
from pemilu_api.web.errors import PageMessage, ProblemError, status_slug
from pemilu_api.web.page_errors import html_error, wants_html
from pemilu_api.web.param_hints import reason
from pemilu_api.web.problems import InvalidParam, Problem, problem_response, problem_type

# Set in a route's ``opt``: its errors are always pages (web/pages.py).
PAGE_ROUTE = "page_route"
INTERNAL_DETAIL = "the server could not answer this request"


def on_page_route(request: Request[Any, Any, Any]) -> bool:
    """Whether ``request`` was routed to a page handler."""
    handler = request.scope.get("route_handler")
    return isinstance(handler, BaseRouteHandler) and bool(handler.opt.get(PAGE_ROUTE))


def answer(
    request: Request[Any, Any, Any],
    problem: Problem,
    headers: dict[str, str] | None = None,
    page_message: PageMessage | None = None,
) -> Response[bytes]:
    """The one way out: ``problem`` as an HTML page or a problem document, never cached."""
    if on_page_route(request) or wants_html(request):
        return html_error(request, problem.status, page_message, headers)
    return problem_response(problem, headers)


def handle_problem(request: Request[Any, Any, Any], exc: ProblemError) -> Response[bytes]:
    """Our own errors, raised by handlers, lookups and parameter checks."""
    params = (InvalidParam(name=exc.parameter, reason=exc.detail),) if exc.parameter else ()
    problem = Problem(
        type=problem_type(exc.slug, _urls(request)),
        title=HTTPStatus(exc.status).phrase,
        status=exc.status,
        detail=exc.detail,
        instance=request.url.path,
        parameter=exc.parameter,
        invalid_params=params,
    )
    return answer(request, problem, page_message=exc.page_message)


def _public_name(request: Request[Any, Any, Any], name: str) -> str:
    """The name a client used: the query alias of a handler argument (``from_`` is ``from``)."""
    try:
        kwarg = request.route_handler.parsed_fn_signature.parameters[name].kwarg_definition
    except (KeyError, AttributeError):
        return name
    return kwarg.name if isinstance(kwarg, ParameterKwarg) and kwarg.name else name


def _urls(request: Request[Any, Any, Any]) -> Urls:
    """The app's URL builder (the default base URL for an app built without a store)."""
    store = getattr(request.app.state, "store", None)
    return store.urls if store is not None else Urls(DEFAULT_BASE_URL)


def _handler(request: Request[Any, Any, Any]) -> BaseRouteHandler | None:
    handler = request.scope.get("route_handler")
    return handler if isinstance(handler, BaseRouteHandler) else None


def _invalid_params(
    request: Request[Any, Any, Any], exc: ValidationException
) -> tuple[InvalidParam, ...]:
    found: list[InvalidParam] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if isinstance(item, dict) and item.get("key"):
            argument = str(item["key"])
            name = _public_name(request, argument)
            words = reason(_handler(request), argument, name, str(item.get("message", "")))
            found.append(InvalidParam(name=name, reason=words))
    return tuple(found)


def handle_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    """Litestar's own errors (validation, unknown route, method not allowed)."""
    status = exc.status_code
    headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() == "allow"}
    params = _invalid_params(request, exc) if isinstance(exc, ValidationException) else ()
    if params:
        detail = "; ".join(p.reason for p in params)
        slug = "invalid-parameter"
    else:
        detail = exc.detail if status < 500 else INTERNAL_DETAIL
        slug = status_slug(status)
    problem = Problem(
        type=problem_type(slug, _urls(request)),
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        parameter=params[0].name if params else None,
        invalid_params=params,
    )
    return answer(request, problem, headers)


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """Anything else: a 500 with no stack trace in the body."""
    request.logger.exception("unhandled error on %s", request.url.path)
    problem = Problem(
        type=problem_type("internal-server-error", _urls(request)),
        title="Internal Server Error",
        status=500,
        detail=INTERNAL_DETAIL,
        instance=request.url.path,
    )
    return answer(request, problem)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    ProblemError: handle_problem,
    HTTPException: handle_http,
    Exception: handle_unexpected,
}
