"""One access-log line per answer, written to stdout by the worker itself.

Granian's own access log goes through the ``logging`` module (a record, a formatter, a lock and a
flush for every line): measured with bench/run.py's floor app, it cost about 50 µs a request here,
more than everything else a replayed answer costs. This writes the same line, in the same format,
with one ``os.write`` per answer (unbuffered, like nginx's default ``access_log``: a line is never
held back or lost in a buffer).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from typing import Final

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

# The line granian wrote (its ``log_access_format`` with these fields), kept as it was.
LINE: Final = (
    '{addr} - - [{time}] "{method} {path} {protocol}" {status} {dt_ms:.1f}ms query="{query}"\n'
)
# The status logged when no answer was started (the app failed or the client left first).
NO_ANSWER: Final = 500


class Clock:
    """Seconds since the epoch as local time, formatted once per second (a strftime costs µs)."""

    def __init__(self) -> None:
        # The zone is read once, at start, as granian did: Indonesia has no summer time.
        self.zone = dt.datetime.now().astimezone().tzinfo
        self.second = -1
        self.text = ""

    def __call__(self, moment: float) -> str:
        second = int(moment)
        if second != self.second:
            local = dt.datetime.fromtimestamp(second, tz=self.zone)
            self.second, self.text = second, local.strftime("%Y-%m-%d %H:%M:%S %z")
        return self.text


def access_line(scope: Scope, status: int, when: str, seconds: float) -> bytes:
    """The access-log line of one answer: client, local time, request line, status, duration, query."""
    client = scope.get("client")
    return LINE.format(
        addr=client[0] if client else "-",
        time=when,
        method=scope.get("method", "-"),
        path=scope.get("path", ""),
        protocol="HTTP/" + scope.get("http_version", "1.1"),
        status=status,
        dt_ms=seconds * 1000,
        query=scope.get("query_string", b"").decode("latin-1"),
    ).encode("utf-8", "backslashreplace")


def write_line(fd: int, line: bytes) -> None:
    """Write all of ``line`` to ``fd``; a failed write is reported on stderr, never raised."""
    view = memoryview(line)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        print(f"access log: {exc}", file=sys.stderr, flush=True)


class AccessLog:
    """ASGI middleware outside everything else: one line per HTTP answer, as the request arrived."""

    def __init__(self, app: ASGIApp, fd: int = 1) -> None:
        self.app = app
        self.fd = fd
        self.clock = Clock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        started, clock = time.time(), time.perf_counter()
        status = NO_ANSWER

        async def noted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            elapsed = time.perf_counter() - clock
            write_line(self.fd, access_line(scope, status, self.clock(started), elapsed))
