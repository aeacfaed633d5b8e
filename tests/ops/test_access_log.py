"""The workers' own access log: granian's line, one per answer, written straight to a descriptor.

Granian's own formatter (``granian.log.log_request_builder`` with the format ``serve`` gave it)
is the oracle for the line; tests/ops/test_front.py checks that every answer writes one.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator

import pytest
from granian.log import log_request_builder
from litestar.types import Scope

from pemilu_api.ops.access_log import Clock, access_line, write_line

# What `serve` gave granian as its access-log format before the workers wrote the log themselves.
GRANIAN_FORMAT = (
    '%(addr)s - - [%(time)s] "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).1fms '
    'query="%(query_string)s"'
)
DURATION = re.compile(r" \d+\.\dms ")


def _scope(path: str = "/v1/elections", query: bytes = b"lang=en") -> Scope:
    """An HTTP/1.1 GET from 192.0.2.7."""
    return {  # type: ignore[return-value]
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "path": path,
        "query_string": query,
        "client": ("192.0.2.7", 50123),
        "headers": [],
    }


class _Captured(logging.Handler):
    """Keeps the messages granian's access logger emits."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def granian_lines() -> Iterator[list[str]]:
    """What granian's ``granian.access`` logger writes during the test."""
    captured = _Captured()
    logger = logging.getLogger("granian.access")
    logger.addHandler(captured)
    logger.setLevel(logging.INFO)
    yield captured.lines
    logger.removeHandler(captured)


@pytest.mark.parametrize(
    ("path", "query"),
    [("/v1/elections", b"lang=en"), ("/", b""), ("/v1/now", b"at=2024-02-14T08:00:00%2B07:00")],
)
def test_the_line_is_granian_s_line_but_for_the_measured_duration(
    granian_lines: list[str], path: str, query: bytes
) -> None:
    """Client, local time, request line, status and raw query as granian wrote them."""
    started = time.time()
    log_request_builder(GRANIAN_FORMAT)(  # type: ignore[no-untyped-call]
        started,
        time.perf_counter(),
        {
            "addr_remote": "192.0.2.7",
            "protocol": "HTTP/1.1",
            "path": path,
            "qs": query.decode("latin-1"),
            "method": "GET",
            "scheme": "http",
        },
        200,
    )
    ours = access_line(_scope(path, query), 200, Clock()(started), 0.0123).decode()
    (theirs,) = granian_lines
    assert DURATION.sub(" D ", theirs) + "\n" == DURATION.sub(" D ", ours)
    assert " 12.3ms " in ours


def test_the_clock_formats_each_second_once_and_changes_with_it() -> None:
    """Two moments in one second share the text; the next second gets its own."""
    clock = Clock()
    first = clock(1_700_000_000.1)
    assert first is clock(1_700_000_000.9)
    assert first != clock(1_700_000_001.0)
    assert re.fullmatch(r"2023-11-1[45] \d\d:\d\d:\d\d [+-]\d{4}", first)


def test_a_line_that_cannot_be_written_is_reported_not_raised(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Writing to a pipe nobody reads (EPIPE): one message on stderr, no exception."""
    read, write = os.pipe()
    os.close(read)
    write_line(write, b"lost\n")
    os.close(write)
    assert "access log:" in capsys.readouterr().err
