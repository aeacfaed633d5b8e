"""The guard in front of the app: strict framing, a bounded target, a canonical query, no product name.

Granian accepts some requests nginx refuses (``framing_problem``); those get a 400 problem
document here, as do targets over the limit (414). Raw bytes no URI may carry reach the app
percent-encoded, and every answer's ``server`` field names no product.
"""

from __future__ import annotations

from typing import Final

import msgspec
from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    HTTPScope,
    Message,
    Receive,
    Scope,
    Send,
)

from pemilu_api.render.urls import Urls
from pemilu_api.web.headers import SECURITY_HEADERS
from pemilu_api.web.problems import PROBLEM_MEDIA_TYPE, Problem, problem_type

MAX_TARGET_BYTES: Final = 8 * 1024

Headers = list[tuple[bytes, bytes]]

# Bytes a request's query may carry as they are; any other (controls, space, non-ASCII, and the
# characters RFC 3986 never allows unencoded) is percent-encoded before the app sees the query.
QUERY_KEEP: Final = bytes(b for b in range(0x21, 0x7F) if chr(b) not in '"#<>\\^`{|}')


def canonical_query(raw: bytes) -> bytes:
    """``raw`` with every byte a URI query may not carry percent-encoded (the meaning is kept)."""
    if not raw.translate(None, QUERY_KEEP):
        return raw
    return b"".join(bytes((b,)) if b in QUERY_KEEP else b"%%%02X" % b for b in raw)


# Every answer says "server" with no product in it: granian's own value names it.
SERVER_FIELD: Final = (b"server", b"")


def _problem_answer(
    urls: Urls, status: int, kind: str, title: str, detail: str
) -> tuple[Headers, bytes]:
    """The header lines and body of a problem document the guard sends itself."""
    body = msgspec.json.encode(
        Problem(type=problem_type(kind, urls), title=title, status=status, detail=detail)
    )
    headers = {
        **SECURITY_HEADERS,
        "content-type": PROBLEM_MEDIA_TYPE,
        "content-length": str(len(body)),
        "cache-control": "no-store",
    }
    fields = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return [*fields, SERVER_FIELD, (b"connection", b"close")], body


def framing_problem(scope: HTTPScope) -> tuple[int, str, str, str] | None:
    """Why a request's framing is refused (nginx refuses it too): (status, type, title, detail).

    Granian accepts these: no Host field (it passes an empty one) or two; a target that is neither
    origin-form nor absolute-form (``GET health``: granian passes an empty path); a
    Transfer-Encoding other than one ``chunked``, or beside a Content-Length.
    """
    if not (scope.get("raw_path") or b"").startswith(b"/"):
        return 400, "bad-request", "Bad Request", "the request target must start with /"
    hosts = [v for n, v in scope["headers"] if n == b"host"]
    if len(hosts) > 1:
        return 400, "bad-request", "Bad Request", "the request has more than one Host field"
    if scope.get("http_version") == "1.1" and not (hosts and hosts[0].strip()):
        return 400, "bad-request", "Bad Request", "an HTTP/1.1 request needs a Host field"
    codings = [v for n, v in scope["headers"] if n == b"transfer-encoding"]
    if codings:
        if len(codings) > 1 or any(n == b"content-length" for n, _ in scope["headers"]):
            detail = "Transfer-Encoding given twice, or beside Content-Length"
            return 400, "bad-request", "Bad Request", detail
        if codings[0].strip().lower() != b"chunked":
            detail = "the only transfer coding a request may use here is chunked"
            return 400, "bad-request", "Bad Request", detail
    return None


def target_length(scope: HTTPScope) -> int:
    """The request target's length in bytes: path, "?" and query."""
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    return len(raw_path) + 1 + len(scope.get("query_string", b""))


class RequestGuard:
    """ASGI middleware in front of the app: strict framing, target limit, a canonical query.

    A request whose framing nginx would refuse (``framing_problem``) gets a 400 problem document.
    A target (path and query) longer than ``max_target`` bytes gets a 414 problem document. A
    query with raw bytes no URI may carry (non-ASCII, controls) reaches the app percent-encoded:
    the parameters decode the same, and nothing echoed from it (a redirect's Location) can hold
    characters a header cannot. Every answer's ``server`` field names no product.
    """

    def __init__(self, app: ASGIApp, urls: Urls, max_target: int = MAX_TARGET_BYTES) -> None:
        self.app = app
        self.urls = urls
        self.max_target = max_target
        detail = f"the request target (path and query) is longer than {max_target} bytes"
        self._too_long = _problem_answer(urls, 414, "uri-too-long", "URI Too Long", detail)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        refused = framing_problem(scope)
        if refused is not None:
            await self._refuse(scope, send, _problem_answer(self.urls, *refused), refused[0])
            return
        if target_length(scope) > self.max_target:
            await self._refuse(scope, send, self._too_long, 414)
            return
        query = scope.get("query_string", b"")
        canonical = canonical_query(query)
        if canonical is not query:
            scope = {**scope, "query_string": canonical}

        async def unnamed(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), SERVER_FIELD]}
            await send(message)

        await self.app(scope, receive, unnamed)

    @staticmethod
    async def _refuse(
        scope: HTTPScope, send: Send, answer: tuple[Headers, bytes], status: int
    ) -> None:
        headers, body = answer
        start: HTTPResponseStartEvent = {
            "type": "http.response.start",
            "status": status,
            "headers": headers,
        }
        await send(start)
        end: HTTPResponseBodyEvent = {
            "type": "http.response.body",
            "body": b"" if scope["method"] == "HEAD" else body,
            "more_body": False,
        }
        await send(end)
