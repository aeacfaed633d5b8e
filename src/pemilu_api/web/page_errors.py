"""Errors as HTML pages: on the public pages always, elsewhere off the API when a browser asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, Response

from pemilu_api.render.language import PAGE_WORDS, PageWords, parse_lang
from pemilu_api.render.pages.html import PAGE_CSP, error_page
from pemilu_api.render.urls import Urls
from pemilu_api.settings import DEFAULT_BASE_URL
from pemilu_api.web.headers import with_security

HTML = "text/html"
# Paths whose errors stay application/problem+json whatever the client accepts: the API, its
# documents, and the liveness check are read by programs.
API_PREFIXES = ("/v1", "/health", "/openapi.json", "/docs")


def is_api_path(path: str) -> bool:
    """Whether ``path`` is part of the API (an exact prefix or below it)."""
    return any(path == p or path.startswith(p + "/") for p in API_PREFIXES)


def accepts_html(accept: str) -> bool:
    """Whether an Accept header names text/html (browsers do; API clients normally do not)."""
    for item in accept.split(","):
        media, _, params = item.strip().partition(";")
        if media.strip().lower() != "text/html":
            continue
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    return float(value) > 0
                except ValueError:
                    return False
        return True
    return False


def wants_html(request: Request[Any, Any, Any]) -> bool:
    """Whether an error on ``request`` should be a page: off the API, asked for by a browser."""
    return not is_api_path(request.url.path) and accepts_html(request.headers.get("accept", ""))


def _message(status: int) -> Callable[[PageWords], str]:
    if status == 404:
        return lambda words: words.error_not_found
    if status == 405:
        return lambda words: words.error_method
    return lambda words: words.error_other


def html_error(
    request: Request[Any, Any, Any],
    status: int,
    message: Callable[[PageWords], str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[bytes]:
    """An error page in the language the request asked for (``lang``), never cached."""
    lang = parse_lang(request.query_params.get("lang"))
    store = getattr(request.app.state, "store", None)
    links = store.urls if store is not None else Urls(DEFAULT_BASE_URL)
    text = (message or _message(status))(PAGE_WORDS[lang])
    body = error_page(status, text, lang, links, request.url.path).encode()
    return Response(
        content=b"" if request.method == "HEAD" else body,
        status_code=status,
        media_type=HTML,
        headers=with_security(
            {"Cache-Control": "no-store", "Content-Security-Policy": PAGE_CSP, **(headers or {})}
        ),
    )
