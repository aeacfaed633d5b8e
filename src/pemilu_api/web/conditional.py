"""Turning a Representation into an HTTP response: ETag, 304, gzip, HEAD, caching headers.

A representation's responses are assembled once per variant (status, encoding, HEAD, caching
headers) by Litestar's ordinary response machinery, and the resulting ASGI response, an immutable
status, header list and body, is kept with the representation and sent again to every request of
that variant: the bytes on the wire are those Litestar produced, without rebuilding them each time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from litestar import Request, Response
from litestar.background_tasks import BackgroundTask, BackgroundTasks
from litestar.datastructures import Cookie
from litestar.response.base import ASGIResponse

from pemilu_api.representation import Representation, accepts_gzip, not_modified
from pemilu_api.web.headers import with_security

# Data changes rarely and every response carries validators: caches may keep it an hour.
DATA_MAX_AGE = 3600

# (status, gzip, HEAD, Cache-Control, extra headers, headers of the handler's layers)
Variant = tuple[int, bool, bool, str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]

# Assembled responses live as long as their representation (evicted ones go with it).
_ASSEMBLED: WeakKeyDictionary[Representation, dict[Variant, ASGIResponse]] = WeakKeyDictionary()
_LOCK = threading.Lock()


@lru_cache(maxsize=512)
def _accepts_gzip(accept_encoding: str) -> bool:
    """accepts_gzip, remembered for the few Accept-Encoding values clients actually send."""
    return accepts_gzip(accept_encoding)


class PreparedResponse(Response[Any]):
    """A response of ``rep`` in one variant, assembled on first use and then reused as is.

    Handlers return it untouched: its Response fields are only set when a variant is first
    assembled, so code reading or changing them earlier fails loudly (AttributeError) instead of
    having its change silently dropped by a reused assembly.
    """

    __slots__ = ("_extra", "_variant_key", "rep")

    def __init__(
        self,
        rep: Representation,
        status: int,
        gzip_it: bool,
        head: bool,
        cache_control: str,
        extra_headers: dict[str, str] | None,
    ) -> None:
        # Response.__init__ is deferred to the first assembly (see ``_assemble``).
        self.rep = rep
        self._extra = extra_headers
        self._variant_key = (
            status,
            gzip_it,
            head,
            cache_control,
            tuple(extra_headers.items()) if extra_headers else (),
        )

    def _assemble(self) -> None:
        """Initialise as the plain Response this variant stands for."""
        status, gzip_it, head, cache_control, _ = self._variant_key
        rep = self.rep
        etag = rep.gzip_etag if gzip_it else rep.etag
        headers = with_security(
            {
                "ETag": etag,
                "Last-Modified": rep.http_date,
                "Cache-Control": cache_control,
                "Vary": "Accept-Encoding",
                **(self._extra or {}),
            }
        )
        if status == 304:
            Response.__init__(
                self, content=b"", status_code=304, headers=headers, media_type=rep.media_type
            )
            return
        body = rep.gzipped if gzip_it else rep.body
        if gzip_it:
            headers["Content-Encoding"] = "gzip"
        headers["Content-Length"] = str(len(body))
        Response.__init__(
            self,
            content=b"" if head else body,
            status_code=200,
            headers=headers,
            media_type=rep.media_type,
        )

    def to_asgi_response(
        self,
        app: Any,
        request: Request[Any, Any, Any],
        *,
        background: BackgroundTask | BackgroundTasks | None = None,
        cookies: Iterable[Cookie] | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> ASGIResponse:
        """The assembled ASGI response of this variant (built by Litestar the first time)."""
        cookie_list = list(cookies or ())
        if background is not None or cookie_list or kwargs.get("encoded_headers"):
            self._assemble()
            return super().to_asgi_response(
                app, request, background=background, cookies=cookie_list, headers=headers, **kwargs
            )
        variant: Variant = (*self._variant_key, tuple(headers.items()) if headers else ())
        table = _ASSEMBLED.get(self.rep)
        found = table.get(variant) if table is not None else None
        if found is None:
            self._assemble()
            found = super().to_asgi_response(app, request, headers=headers, **kwargs)
            with _LOCK:
                _ASSEMBLED.setdefault(self.rep, {})[variant] = found
        return found


def respond(
    request: Request[Any, Any, Any],
    rep: Representation,
    cache_control: str = f"public, max-age={DATA_MAX_AGE}",
    extra_headers: dict[str, str] | None = None,
) -> Response[Any]:
    """Answer a GET or HEAD with ``rep``: 304 when the client's validators match, gzip when accepted."""
    headers = request.headers
    gzip_it = rep.compressible and _accepts_gzip(headers.get("accept-encoding", ""))
    etag = rep.gzip_etag if gzip_it else rep.etag
    unchanged = not_modified(
        headers.get("if-none-match"), headers.get("if-modified-since"), etag, rep.last_modified
    )
    return PreparedResponse(
        rep,
        304 if unchanged else 200,
        gzip_it,
        request.method == "HEAD",
        cache_control,
        extra_headers,
    )


def respond_uncached(
    request: Request[Any, Any, Any], body: bytes, media_type: str, max_age: int
) -> Response[Any]:
    """Answer a response that reads the clock: no validators, a short max-age."""
    headers = with_security(
        {
            "Cache-Control": f"public, max-age={max_age}",
            "Content-Length": str(len(body)),
            "Vary": "Accept-Encoding",
        }
    )
    return Response(
        content=b"" if request.method == "HEAD" else body,
        status_code=200,
        headers=headers,
        media_type=media_type,
    )
