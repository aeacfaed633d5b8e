"""One access-log line per answer, written to stdout by the worker itself (``front.py``).

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
from typing import Final

from litestar.types import Scope

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


def line(
    addr: str,
    when: str,
    method: str,
    path: str,
    version: str,
    status: int,
    seconds: float,
    query: str,
) -> bytes:
    """One access-log line as granian wrote it: client, time, request line, status, ms, query."""
    text = (
        f'{addr} - - [{when}] "{method} {path} HTTP/{version}" {status} '
        f'{seconds * 1000:.1f}ms query="{query}"\n'
    )
    return text.encode("utf-8", "backslashreplace")


def access_line(scope: Scope, status: int, when: str, seconds: float) -> bytes:
    """The access-log line of one answer to an ASGI request (``line`` from the scope's fields)."""
    client = scope.get("client")
    return line(
        client[0] if client else "-",
        when,
        str(scope.get("method", "-")),
        scope.get("path", ""),
        scope.get("http_version", "1.1"),
        status,
        seconds,
        scope.get("query_string", b"").decode("utf-8", "backslashreplace"),
    )


def write_line(fd: int, line: bytes) -> None:
    """Write all of ``line`` to ``fd``; a failed write is reported on stderr, never raised."""
    view = memoryview(line)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        print(f"access log: {exc}", file=sys.stderr, flush=True)
