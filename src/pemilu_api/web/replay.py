"""Replaying the app's own answers to repeated requests, in front of the framework.

The data never changes while a process runs, and every response that carries an ETag is a pure
function of the request line and the few headers below (that is what the ETag promises). So once
the app has answered such a request, the same request gets the same start message and body again
without passing through the framework: routing, parameter parsing, CORS and header assembly are
done once per distinct request, not once per request. Nothing else is cached: answers without an
ETag (``/v1/now``, errors, redirects) always reach the app, and so does ``/health``: it must
prove that the worker's app answers.

Memory is bounded by one byte budget that counts everything an entry holds: its key (method,
target, keyed header lines), its status and header lines, its body, and the table's own
bookkeeping (the tuples, lists and bytes objects and the table slot, as ``sys.getsizeof``
measures them). A HEAD or 304 answer has no body but still costs its key and headers.

A server in front may ask for each kept answer's header lines in its own form as well
(``outgoing``): they are made once, when the answer is kept, and counted in its cost.

Routes asked with ever-new query values (``direct.py``) are answered from a template: the app's
last answer on the same route with the same keyed headers, its body, ETag, Last-Modified and
Content-Length replaced by those of the representation the new query names. Such an answer is
sent, not kept.
"""

from __future__ import annotations

import logging
import sys
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Final, Protocol

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

from pemilu_api.render.representation import Representation, accepts_gzip

# Request headers a cacheable answer may depend on: encoding, validators, and CORS.
KEYED_HEADERS: Final = (b"accept-encoding", b"if-none-match", b"if-modified-since", b"origin")
MAX_ENTRIES: Final = 8192
MAX_BODY_BYTES: Final = 1 << 20
# Memory stays bounded whatever mix of requests arrives: what all entries cost, at most.
MAX_TOTAL_BYTES: Final = 16 << 20
# One slot of the ordered table (hash entry and link), with room for the table's growth steps.
TABLE_SLOT_BYTES: Final = 160
# Never replayed: the health check must reach the app every time.
NEVER_REPLAYED: Final = frozenset({b"/health"})
# Conditional requests are never answered from a template (their answer may be a 304).
CONDITIONAL: Final = frozenset({b"if-none-match", b"if-modified-since"})
TEMPLATE: Final = "template"

Key = tuple[Any, ...]
Headers = list[tuple[bytes, bytes]]
# Status, header lines, body, and the header lines in the form ``outgoing`` made (or None).
Entry = tuple[int, Headers, bytes, Any]


def request_key(scope: HTTPScope) -> Key:
    """What identifies a request for replay: method, target and the keyed headers' values."""
    # In arrival order: repeated field lines are one list, and their order is part of it.
    picked = tuple((name, value) for name, value in scope["headers"] if name in KEYED_HEADERS)
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    return (scope["method"], raw_path, scope.get("query_string", b""), picked)


class DirectAnswers(Protocol):
    """The routes answered from a template, and the representation a query names."""

    def handles(self, path: bytes) -> bool:
        """Whether ``path`` is such a route."""

    def __call__(self, path: bytes, query: bytes) -> Representation | None:
        """The representation ``path?query`` names, or None when the app must answer."""


def template_key(key: Key) -> Key:
    """Where the template of a request's route is kept: its method, path and keyed headers."""
    method, raw_path, _, picked = key
    return (TEMPLATE, method, raw_path, picked)


def _pairs_cost(pairs: Any) -> int:
    """A list or tuple of (name, value) pairs with its pairs and their bytes."""
    return sys.getsizeof(pairs) + sum(
        sys.getsizeof(pair) + sys.getsizeof(pair[0]) + sys.getsizeof(pair[1]) for pair in pairs
    )


def entry_cost(key: Key, entry: Entry) -> int:
    """The bytes one table entry holds: key, status, header lines, body and bookkeeping."""
    status, headers, body, outgoing = entry
    return (
        TABLE_SLOT_BYTES
        + sys.getsizeof(key)
        + sum(sys.getsizeof(part) for part in key[:-1])
        + _pairs_cost(key[-1])
        + sys.getsizeof(entry)
        + sys.getsizeof(status)
        + _pairs_cost(headers)
        + sys.getsizeof(body)
        + (0 if outgoing is None else _pairs_cost(outgoing))
    )


def _accepts_gzip(picked: tuple[tuple[bytes, bytes], ...]) -> bool:
    """Whether the keyed request headers ``picked`` accept a gzip answer."""
    accepted = ", ".join(v.decode("latin-1") for n, v in picked if n == b"accept-encoding")
    return accepts_gzip(accepted)


class ResponseReplay:
    """ASGI middleware: answer a repeated GET or HEAD with the app's earlier answer carrying an ETag."""

    def __init__(
        self,
        app: ASGIApp,
        max_entries: int = MAX_ENTRIES,
        max_bytes: int = MAX_TOTAL_BYTES,
        outgoing: Callable[[Headers], Any] | None = None,
        direct: DirectAnswers | None = None,
    ) -> None:
        self.app = app
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.outgoing = outgoing
        self.direct = direct
        self._table: OrderedDict[Key, Entry] = OrderedDict()
        self._bytes = 0

    @property
    def held_bytes(self) -> int:
        """What the entries held now cost, by ``entry_cost`` (never over ``max_bytes``)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._table)

    def answer(self, key: Key) -> Entry | None:
        """The answer held under ``key``, or made from its route's template; else None."""
        entry = self.lookup(key)
        if entry is None and self.direct is not None:
            try:
                entry = self._from_template(key, self.direct)
            except Exception:  # the app answers instead, as it would without templates
                logging.getLogger(__name__).exception("no answer from a template for %r", key)
        return entry

    def _from_template(self, key: Key, direct: DirectAnswers) -> Entry | None:
        _, raw_path, query, picked = key
        # Templates are kept for unconditional GETs only (``_is_template``): no HEAD, no 304.
        template = self.lookup(template_key(key))
        if template is None:
            return None
        rep = direct(raw_path, query)
        if rep is None:
            return None
        status, headers, _, _ = template
        gzipped = any(name == b"content-encoding" for name, _ in headers)
        # The template was gzipped for these very request headers, so they accept gzip.
        gzip_it = rep.compressible and (gzipped or _accepts_gzip(picked))
        if gzip_it != gzipped:
            return None  # the app would send another set of header lines
        body = rep.gzipped if gzip_it else rep.body
        etag = rep.gzip_etag if gzip_it else rep.etag
        values = {
            b"etag": etag.encode(),
            b"last-modified": rep.http_date.encode(),
            b"content-length": b"%d" % len(body),
        }
        filled = [(name, values.get(name, value)) for name, value in headers]
        return status, filled, body, None if self.outgoing is None else self.outgoing(filled)

    def lookup(self, key: Key) -> Entry | None:
        """The answer held under ``key`` (``request_key``), now the most recently used; or None."""
        entry = self._table.get(key)
        if entry is not None:
            self._table.move_to_end(key)
        return entry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != ScopeType.HTTP
            or scope["method"] not in ("GET", "HEAD")
            or self.max_bytes <= 0
        ):
            await self.app(scope, receive, send)
            return
        key = request_key(scope)
        if key[1] in NEVER_REPLAYED:
            await self.app(scope, receive, send)
            return
        entry = self.answer(key)
        if entry is not None:
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
            outgoing = None if self.outgoing is None else self.outgoing(headers)
            entry = (status, headers, body, outgoing)
            self._keep(key, entry)
            if self._is_template(key, status):
                self._keep(template_key(key), entry)

    def _is_template(self, key: Key, status: int) -> bool:
        """Whether an answer may serve its route's other queries as a template."""
        method, raw_path, _, picked = key
        return (
            self.direct is not None
            and status == 200
            and method == "GET"
            and not any(name in CONDITIONAL for name, _ in picked)
            and self.direct.handles(raw_path)
        )

    def _keep(self, key: Key, entry: Entry) -> None:
        """Hold ``entry`` under ``key``, evicting the least recently used ones past the bounds."""
        if key in self._table:  # a concurrent twin got there first
            return
        cost = entry_cost(key, entry)
        if cost > self.max_bytes:
            return
        self._table[key] = entry
        self._bytes += cost
        while len(self._table) > self.max_entries or self._bytes > self.max_bytes:
            old_key, old_entry = self._table.popitem(last=False)
            self._bytes -= entry_cost(old_key, old_entry)

    @staticmethod
    async def _replay(entry: Entry, send: Send) -> None:
        status, headers, body, _ = entry
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
