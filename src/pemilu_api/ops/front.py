"""The worker's front door on granian's RSGI interface: replayed answers here, the rest via ASGI.

Granian calls this object for every request (RSGI: a scope object and a protocol object). A
request the replay store can answer (``web/replay.py``: a GET or HEAD whose answer carries an
ETag, asked before with the same target and keyed headers, or a new query of a route answered
from a template, ``web/direct.py``) is answered here, after checks that let through only what the
guard would pass unchanged (``held_key``): no ASGI scope is built, no message goes through the
middleware chain, no header line is converted again. Anything unusual (an encoded path or query,
a Transfer-Encoding, a missing or repeated Host) takes the ASGI path, where the guard answers it
as before. Every other request is turned into an ASGI scope and passed to the ASGI app (the guard,
the replay store and Litestar), whose messages become one ``response_bytes`` call (or a stream
when the body comes in parts).

Why: a replayed answer through granian's ASGI interface and three middlewares cost about twice
what granian's RSGI interface costs for the same bytes (bench/run.py ``--floor``; figures in
bench/RESULTS.md). The web layer knows nothing of granian; this adapter is the only place that
does. Each answer writes one access-log line (``access_log.py``), as the request arrived.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import Any, Final
from urllib.parse import quote

from granian.asgi import LifespanProtocol
from litestar.types import ASGIApp, HTTPDisconnectEvent, HTTPRequestEvent, HTTPScope, Message

from pemilu_api.ops.access_log import NO_ANSWER, Clock, access_line, line, write_line
from pemilu_api.ops.guard import QUERY_KEEP, SERVER_FIELD
from pemilu_api.web.replay import KEYED_HEADERS, Key, ResponseReplay

# What RSGI calls the HTTP version, as ASGI (and the access log) spell it.
_VERSIONS: Final = {"1": "1.0", "1.0": "1.0", "1.1": "1.1", "2": "2"}
# Characters a path keeps as they are when it is percent-encoded again (RFC 3986 pchar and "/").
_PATH_SAFE: Final = "/!$&'()*+,;=:@~"
_SERVER_LINE: Final = (SERVER_FIELD[0].decode(), SERVER_FIELD[1].decode())
# A path percent-encoding leaves as it is (``raw_path``), starting with "/" as the guard demands.
_PLAIN_PATH: Final = re.compile(r"/[A-Za-z0-9\-._~" + re.escape(_PATH_SAFE) + "]*")
# A query the guard passes unchanged (``canonical_query``).
_PLAIN_QUERY: Final = re.compile("[" + re.escape(QUERY_KEEP.decode("ascii")) + "]*")
_KEYED: Final = frozenset(name.decode("ascii") for name in KEYED_HEADERS)

StrHeaders = list[tuple[str, str]]


def raw_path(path: str) -> bytes:
    """The path as a request target carries it: granian's RSGI scope holds it percent-decoded."""
    return quote(path, safe=_PATH_SAFE).encode("ascii")


def _address(text: str) -> tuple[str, int]:
    """``host:port`` (IPv6 in brackets) as ASGI's (host, port) pair; port 0 when there is none."""
    host, colon, port = text.rpartition(":")
    if not colon or not port.isdigit():
        return text, 0
    return host.removeprefix("[").removesuffix("]"), int(port)


def _version(request: Any) -> str:
    """The request's HTTP version as ASGI spells it."""
    version: str = request.http_version
    return _VERSIONS.get(version, version)


def asgi_scope(request: Any, state: dict[str, Any] | None = None) -> HTTPScope:
    """The ASGI scope of an RSGI request: the same fields granian's ASGI interface fills in."""
    return {  # type: ignore[typeddict-item]
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": _version(request),
        "server": _address(request.server),
        "client": _address(request.client),
        "scheme": request.scheme,
        "method": request.method,
        "root_path": "",
        "path": request.path,
        "raw_path": raw_path(request.path),
        "query_string": request.query_string.encode("utf-8"),
        # Granian decodes values as UTF-8 (it drops a field that is not): the client's bytes again.
        "headers": [(n.encode("latin-1"), v.encode("utf-8")) for n, v in request.headers.items()],
        "state": dict(state or {}),
        "extensions": {},
    }


def str_headers(headers: Any) -> StrHeaders:
    """ASGI header lines as RSGI takes them (text; HTTP field values are Latin-1 at most)."""
    return [(n.decode("latin-1"), v.decode("latin-1")) for n, v in headers]


def rsgi_headers(headers: Any) -> StrHeaders:
    """A held answer's header lines as the front replays them: text, with the unnamed server.

    The replay store sits inside the guard, which adds the ``server`` field: the front adds it too.
    """
    return [*str_headers(headers), _SERVER_LINE]


class _Reply:
    """Turns the ASGI app's messages into one RSGI response: ``response_bytes``, or a stream.

    ``status`` is what the client was sent (``NO_ANSWER`` until a response is): a start message
    with no body sends nothing, and messages after a complete response are ignored.
    """

    def __init__(self, proto: Any) -> None:
        self.proto = proto
        self.status = NO_ANSWER
        self.started: tuple[int, StrHeaders] | None = None
        self.stream: Any = None
        self.done = False
        self.body_read = False

    async def receive(self) -> HTTPRequestEvent | HTTPDisconnectEvent:
        """The request body in one message; then wait for the client to go."""
        if not self.body_read:
            self.body_read = True
            body: bytes = await self.proto()
            return {"type": "http.request", "body": body, "more_body": False}
        await self.proto.client_disconnect()
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        """Start, then body parts: a single part is sent whole, several are streamed."""
        if self.done:
            return
        if message["type"] == "http.response.start":
            self.started = (message["status"], str_headers(message.get("headers", ())))
        elif message["type"] == "http.response.body" and self.started is not None:
            body: bytes = message.get("body", b"")
            more = message.get("more_body", False)
            if self.stream is None:
                status, headers = self.started
                self.status = status
                if not more:
                    self.done = True
                    self.proto.response_bytes(status, headers, body)
                    return
                self.stream = self.proto.response_stream(status, headers)
            if body:
                await self.stream.send_bytes(body)
            self.done = not more


class Front:
    """The RSGI app a worker serves: held answers replayed here, everything else through ``app``.

    ``app`` is the ASGI chain (guard, replay store, Litestar); ``replay`` is the store inside it.
    """

    def __init__(self, app: ASGIApp, replay: ResponseReplay, max_target: int, fd: int = 1) -> None:
        self.app = app
        self.replay = replay
        self.max_target = max_target
        self.fd = fd
        self.clock = Clock()
        self.lifespan = LifespanProtocol(app)  # type: ignore[no-untyped-call]

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        """Run the app's lifespan startup before the first request (as granian's ASGI does)."""
        loop.run_until_complete(self.lifespan.startup())  # type: ignore[no-untyped-call]
        if self.lifespan.interrupt:
            logging.getLogger("_granian").error(
                "ASGI lifespan startup failed", exc_info=self.lifespan.exc
            )
            raise SystemExit(1)

    def __rsgi_del__(self, loop: asyncio.AbstractEventLoop) -> None:
        """Run the app's lifespan shutdown after the last request."""
        loop.run_until_complete(self.lifespan.shutdown())  # type: ignore[no-untyped-call]

    async def __rsgi__(self, request: Any, proto: Any) -> None:
        if request.proto != "http":  # websockets are off: granian never sends one
            return
        started, clock = time.time(), time.perf_counter()
        key = held_key(request, self.max_target)
        held = None if key is None else self.replay.answer(key)
        if held is not None:
            status, _, body, headers = held
            try:
                proto.response_bytes(status, headers, body)
            finally:
                elapsed = time.perf_counter() - clock
                text = line(
                    _address(request.client)[0],
                    self.clock(started),
                    request.method,
                    request.path,
                    _version(request),
                    status,
                    elapsed,
                    request.query_string,
                )
                write_line(self.fd, text)
            return
        scope = asgi_scope(request, self.lifespan.state)
        reply = _Reply(proto)
        try:
            await self.app(scope, reply.receive, reply.send)
        finally:
            elapsed = time.perf_counter() - clock
            write_line(self.fd, access_line(scope, reply.status, self.clock(started), elapsed))


def held_key(request: Any, max_target: int) -> Key | None:
    """The replay key of a request the guard would pass unchanged, or None for the ASGI path.

    The same key ``request_key`` makes of ``asgi_scope(request)`` after the guard, without building
    the scope: a path and a query that need no encoding, within the target limit, one non-empty
    Host (HTTP/1.1) and no Transfer-Encoding; anything else returns None.
    """
    method = request.method
    path = request.path
    query = request.query_string
    if (
        (method != "GET" and method != "HEAD")
        or len(path) + 1 + len(query) > max_target
        or not _PLAIN_PATH.fullmatch(path)
        or not _PLAIN_QUERY.fullmatch(query)
    ):
        return None
    host = None
    picked = []
    for name, value in request.headers.items():
        if name in _KEYED:
            picked.append((name.encode("latin-1"), value.encode("utf-8")))
        elif name == "host":
            if host is not None:
                return None
            host = value
        elif name == "transfer-encoding":
            return None
    if request.http_version == "1.1" and not (host and host.strip()):
        return None
    return (method, path.encode("ascii"), query.encode("ascii"), tuple(picked))
