"""RFC 9457 problem documents: their shape and their application/problem+json response."""

from __future__ import annotations

import msgspec
from litestar import Response

from pemilu_api.render.problem_kinds import KINDS_BY_SLUG
from pemilu_api.render.urls import Urls
from pemilu_api.web.headers import with_security

PROBLEM_MEDIA_TYPE = "application/problem+json"


class InvalidParam(msgspec.Struct, frozen=True, kw_only=True):
    """One offending parameter and why.

    Attributes:
        name: The parameter's name
        reason: What is wrong with it and what is accepted

    """

    name: str
    reason: str


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem document; ``parameter`` names the offending parameter, if any.

    Attributes:
        type: The kind of problem: the URL of a page that explains it (the /problems page lists
            every kind), or about:blank for a bare HTTP status
        title: The HTTP status phrase
        status: The HTTP status code
        detail: What went wrong, for a person to read
        instance: The path of the request
        parameter: The offending parameter, if any
        invalid_params: Each offending parameter and why

    """

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    parameter: str | None = None
    invalid_params: tuple[InvalidParam, ...] = ()


def problem_type(slug: str, urls: Urls) -> str:
    """The page that explains a kind of problem, or about:blank (RFC 9457) for a bare status."""
    if slug not in KINDS_BY_SLUG:
        return "about:blank"
    return urls.url(urls.problem(slug))


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response[bytes]:
    """Render a problem as application/problem+json, never cached."""
    return Response(
        content=msgspec.json.encode(problem),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=with_security({"Cache-Control": "no-store", **(headers or {})}),
    )
