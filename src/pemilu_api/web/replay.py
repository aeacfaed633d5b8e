"""Replaying the app's own answers to repeated requests, in front of the framework.

The data never changes while a process runs, and every response that carries an ETag is a pure
function of the request line and the few headers below (that is what the ETag promises). So once
the app has answered such a request, the same request gets the same start message and body again
without passing through the framework: routing, parameter parsing, CORS and header assembly are
done once per distinct request, not once per request. Nothing else is cached: answers without an
ETag (``/v1/now``, errors, redirects) always reach the app.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Final

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

# Request headers a cacheable answer may depend on: encoding, validators, and CORS.
KEYED_HEADERS: Final = (b"accept-encoding", b"if-none-match", b"if-modified-since", b"origin")
MAX_ENTRIES: Final = 8192
MAX_BODY_BYTES: Final = 1 << 20
# Memory stays bounded whatever mix of requests arrives: bodies held in all, at most.
MAX_TOTAL_BYTES: Final = 64 << 20

Key = tuple[Any, ...]
Headers = list[tuple[bytes, bytes]]
Entry = tuple[int, Headers, bytes]


def request_key(scope: HTTPScope) -> Key:
    """What identifies a request for replay: method, target and the keyed headers' values."""
    # In arrival order: repeated field lines are one list, and their order is part of it.
    picked = tuple((name, value) for name, value in scope["headers"] if name in KEYED_HEADERS)
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    return (scope["method"], raw_path, scope.get("query_string", b""), picked)


class ResponseReplay:
    """ASGI middleware: answer a repeated GET or HEAD with the app's earlier answer carrying an ETag."""

    def __init__(
        self, app: ASGIApp, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_TOTAL_BYTES
    ) -> None:
        self.app = app
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._table: OrderedDict[Key, Entry] = OrderedDict()
        self._bytes = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        key = request_key(scope)
        entry = self._table.get(key)
        if entry is not None:
            self._table.move_to_end(key)
            await self._replay(entry, send)
            return
        status = 0
        headers: Headers = []
        chunks: list[bytes] = []
        complete = False

        async def capture(message: Message) -> None:
            nonlocal status, headers, complete
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(bytes(n), bytes(v)) for n, v in message.get("headers", [])]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                complete = not message.get("more_body", False)
            await send(message)

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        if (
            complete
            and status in (200, 304)
            and any(name.lower() == b"etag" for name, _ in headers)
            and len(body) <= MAX_BODY_BYTES
        ):
            if key in self._table:  # a concurrent twin got there first
                return
            self._table[key] = (status, headers, body)
            self._bytes += len(body)
            while len(self._table) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, _, dropped) = self._table.popitem(last=False)
                self._bytes -= len(dropped)

    @staticmethod
    async def _replay(entry: Entry, send: Send) -> None:
        status, headers, body = entry
        start: HTTPResponseStartEvent = {
            "type": "http.response.start",
            "status": status,
            "headers": list(headers),
        }
        await send(start)
        end: HTTPResponseBodyEvent = {
            "type": "http.response.body",
            "body": body,
            "more_body": False,
        }
        await send(end)
