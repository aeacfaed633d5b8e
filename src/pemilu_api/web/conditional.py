"""Turning a Representation into an HTTP response: ETag, 304, gzip, HEAD, caching headers."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from pemilu_api.render.representation import Representation, accepts_gzip, not_modified
from pemilu_api.web.headers import with_security

# Data changes rarely and every response carries validators: caches may keep it an hour.
DATA_MAX_AGE = 3600


def field(request: Request[Any, Any, Any], name: str) -> str | None:
    """A request header as one value: repeated field lines joined with commas (RFC 9110 5.3)."""
    values = request.headers.getall(name, [])
    return ", ".join(values) if values else None


def respond(
    request: Request[Any, Any, Any],
    rep: Representation,
    cache_control: str = f"public, max-age={DATA_MAX_AGE}",
    extra_headers: dict[str, str] | None = None,
) -> Response[Any]:
    """Answer a GET or HEAD with ``rep``: 304 when the client's validators match, gzip when accepted."""
    gzip_it = _gzip_wanted(request, rep)
    etag = rep.gzip_etag if gzip_it else rep.etag
    headers = with_security(
        {
            "ETag": etag,
            "Last-Modified": rep.http_date,
            "Cache-Control": cache_control,
            "Vary": "Accept-Encoding",
            **(extra_headers or {}),
        }
    )
    if not_modified(
        field(request, "if-none-match"),
        field(request, "if-modified-since"),
        etag,
        rep.last_modified,
    ):
        return Response(content=b"", status_code=304, headers=headers, media_type=rep.media_type)
    return _ok(request, rep, gzip_it, headers)


def respond_uncached(
    request: Request[Any, Any, Any],
    rep: Representation,
    max_age: int,
    extra_headers: dict[str, str] | None = None,
) -> Response[Any]:
    """Answer a response that reads the clock: no validators, a short max-age, gzip when accepted."""
    headers = with_security(
        {
            "Cache-Control": f"public, max-age={max_age}",
            "Vary": "Accept-Encoding",
            **(extra_headers or {}),
        }
    )
    return _ok(request, rep, _gzip_wanted(request, rep), headers)


def _gzip_wanted(request: Request[Any, Any, Any], rep: Representation) -> bool:
    """Whether ``rep`` goes to ``request`` gzipped: worth compressing, and gzip accepted."""
    return rep.compressible and accepts_gzip(field(request, "accept-encoding") or "")


def _ok(
    request: Request[Any, Any, Any], rep: Representation, gzip_it: bool, headers: dict[str, str]
) -> Response[Any]:
    """A 200 with ``rep``'s body in the chosen encoding and its length (no body for HEAD)."""
    body = rep.gzipped if gzip_it else rep.body
    if gzip_it:
        headers["Content-Encoding"] = "gzip"
    headers["Content-Length"] = str(len(body))
    return Response(
        content=b"" if request.method == "HEAD" else body,
        status_code=200,
        headers=headers,
        media_type=rep.media_type,
    )
