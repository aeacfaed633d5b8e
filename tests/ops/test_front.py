"""The worker's RSGI front: held answers replayed at granian's layer, everything else through ASGI.

Driven here with stand-ins for granian's RSGI request and protocol objects (the attributes and
calls ``granian.rsgi`` documents); tests/ops/test_server.py runs the same front under granian.
"""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.types import Receive, Scope, Send

from pemilu_api.app import create_app
from pemilu_api.ops.front import Front, asgi_scope, held_key, raw_path, rsgi_headers
from pemilu_api.ops.guard import (
    MAX_TARGET_BYTES,
    RequestGuard,
    canonical_query,
    framing_problem,
    target_length,
)
from pemilu_api.ops.server import front_of, with_cache_budget
from pemilu_api.web.direct import Direct
from pemilu_api.web.replay import request_key
from support.asgi import call_once

StrHeaders = list[tuple[str, str]]


class FakeHeaders:
    """RSGI request headers: lower-case names, text values, repeated fields kept in order."""

    def __init__(self, items: StrHeaders) -> None:
        self._items = items

    def items(self) -> StrHeaders:
        return list(self._items)


@dataclass
class FakeRequest:
    """An RSGI HTTP scope as granian fills it (path percent-decoded, query as sent)."""

    path: str = "/v1/elections/pemilu-2024"
    query_string: str = ""
    method: str = "GET"
    header_items: StrHeaders = field(default_factory=lambda: [("host", "127.0.0.1:8000")])
    http_version: str = "1.1"
    proto: str = "http"
    server: str = "127.0.0.1:8000"
    client: str = "192.0.2.7:50123"
    scheme: str = "http"
    authority: str | None = None

    @property
    def headers(self) -> FakeHeaders:
        return FakeHeaders(self.header_items)


class FakeStream:
    """What ``response_stream`` returns: it keeps the parts sent."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    async def send_bytes(self, data: bytes) -> None:
        self.parts.append(data)


class FakeProto:
    """An RSGI HTTP protocol: a request body to read, and the one response the app gave."""

    def __init__(self, body: bytes = b"") -> None:
        self.body = body
        self.answer: tuple[int, StrHeaders, bytes] | None = None
        self.stream: tuple[int, StrHeaders, FakeStream] | None = None
        self.disconnected = False

    async def __call__(self) -> bytes:
        return self.body

    async def client_disconnect(self) -> None:
        self.disconnected = True

    def response_bytes(self, status: int, headers: StrHeaders, body: bytes) -> None:
        assert (self.answer, self.stream) == (None, None), "a second response"
        self.answer = (status, list(headers), body)

    def response_stream(self, status: int, headers: StrHeaders) -> FakeStream:
        assert (self.answer, self.stream) == (None, None), "a second response"
        self.stream = (status, list(headers), FakeStream())
        return self.stream[2]


def _devnull() -> int:
    return os.open(os.devnull, os.O_WRONLY)


def _front(fd: int | None = None) -> Front:
    """The front as ``worker_app`` builds it, on the bundled data, logging to ``fd``."""
    return front_of(create_app(), 32 << 20, fd=_devnull() if fd is None else fd)


def _ask(front: Front, request: FakeRequest, body: bytes = b"") -> FakeProto:
    proto = FakeProto(body)
    asyncio.run(front.__rsgi__(request, proto))
    return proto


# --- the scope granian's ASGI interface would have built ---


def test_the_asgi_scope_has_the_fields_granian_s_asgi_interface_fills() -> None:
    """Addresses as pairs, HTTP/1.0 spelled "1.0", the path encoded again for raw_path."""
    request = FakeRequest(
        path="/v1/a b/é",
        query_string="x=%20+y&q=é",
        http_version="1",
        client="[::1]:4242",
        header_items=[("host", "h"), ("accept-encoding", "gzip"), ("x-name", "é")],
    )
    scope = asgi_scope(request, {"k": 1})
    assert {
        "type": "http",
        "http_version": "1.0",
        "server": ("127.0.0.1", 8000),
        "client": ("::1", 4242),
        "scheme": "http",
        "method": "GET",
        "root_path": "",
        "path": "/v1/a b/é",
        "raw_path": b"/v1/a%20b/%C3%A9",
        "query_string": "x=%20+y&q=é".encode(),
        "headers": [(b"host", b"h"), (b"accept-encoding", b"gzip"), (b"x-name", "é".encode())],
        "state": {"k": 1},
    }.items() <= scope.items()


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/v1/elections", b"/v1/elections"), ("", b""), ("*", b"*"), ("/a%b", b"/a%25b")],
)
def test_raw_path_encodes_only_what_a_path_cannot_carry(path: str, expected: bytes) -> None:
    """Unreserved characters and sub-delims stay; "%" and the rest are percent-encoded."""
    assert expected == raw_path(path)


# --- which requests may be answered from the replay store at the RSGI layer ---

_PATHS = st.sampled_from(
    ["/v1/elections/pemilu-2024", "/", "", "health", "*", "/a b", "/é", "/a%b", "/x;y=1:@"]
)
_QUERIES = st.sampled_from(["", "lang=en", "from=2024-01-01", "q=é", "a b", 'x="1"', "x" * 9000])
_HEADER_LINES = st.lists(
    st.sampled_from(
        [
            ("host", "127.0.0.1"),
            ("host", ""),
            ("host", " "),
            ("accept-encoding", "gzip"),
            ("accept-encoding", "br"),
            ("if-none-match", '"e"'),
            ("if-modified-since", "Fri, 01 Jan 2100 00:00:00 GMT"),
            ("origin", "https://é.example"),
            ("cookie", "a=b"),
            ("transfer-encoding", "chunked"),
            ("transfer-encoding", "gzip"),
            ("content-length", "0"),
        ]
    ),
    max_size=6,
)


@settings(max_examples=400, deadline=None)
@given(
    method=st.sampled_from(["GET", "HEAD", "POST", "OPTIONS"]),
    path=_PATHS,
    query=_QUERIES,
    headers=_HEADER_LINES,
    version=st.sampled_from(["1", "1.1", "2"]),
)
def test_a_key_is_given_only_where_the_guard_passes_the_request_unchanged(
    method: str, path: str, query: str, headers: StrHeaders, version: str
) -> None:
    """The oracle: the ASGI scope, the guard's own checks on it, and ``request_key``.

    A request announcing a body (Transfer-Encoding) always takes the ASGI path.
    """
    request = FakeRequest(path, query, method, headers, version)
    key = held_key(request, MAX_TARGET_BYTES)
    scope = asgi_scope(request)
    passes = (
        method in ("GET", "HEAD")
        and framing_problem(scope) is None
        and target_length(scope) <= MAX_TARGET_BYTES
        and canonical_query(scope["query_string"]) is scope["query_string"]
        and raw_path(path) == path.encode()
        and all(name != "transfer-encoding" for name, _ in headers)
    )
    assert (request_key(scope) if passes else None) == key


def test_an_ordinary_request_gets_a_key() -> None:
    """What clients send every day is looked up at the RSGI layer."""
    request = FakeRequest(header_items=[("host", "a"), ("accept-encoding", "gzip")])
    assert ("GET", b"/v1/elections/pemilu-2024", b"", ((b"accept-encoding", b"gzip"),)) == (
        held_key(request, MAX_TARGET_BYTES)
    )


# --- answers ---

_FRONT = _front()

HEADER_CHOICES = {
    "origin": st.sampled_from(["https://a.example", "null"]),
    "cookie": st.sampled_from(["session=1", "a=b; c=d"]),
    "authorization": st.sampled_from(["Bearer x", "Basic dTpw"]),
    "accept-encoding": st.sampled_from(["gzip", "identity", "gzip;q=0", "br, gzip", "*"]),
    "if-none-match": st.sampled_from(['"other"', "*", 'W/"x"']),
    "range": st.sampled_from(["bytes=0-10", "bytes=5-"]),
}


def _asgi_answer(request: FakeRequest) -> tuple[int, StrHeaders, bytes]:
    """What the guard and a fresh app (no replay store) send, in RSGI terms."""
    app = create_app()
    sent: list[Any] = call_once(RequestGuard(app, app.state.store.urls), asgi_scope(request))
    start, *bodies = sent
    return (
        start["status"],
        [(n.decode("latin-1"), v.decode("latin-1")) for n, v in start["headers"]],
        b"".join(b.get("body", b"") for b in bodies),
    )


@settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(
    target=st.sampled_from(
        [
            ("/v1/elections/pemilu-2024", ""),
            ("/v1/elections/pemilu-2024/stages", "from=2024-01-01"),
            ("/v1/elections/pemilu-2024/calendar.ics", "lang=en"),
            ("/", ""),
            ("/health", ""),
            ("/v1/nothing-here", ""),
        ]
    ),
    method=st.sampled_from(["GET", "HEAD"]),
    headers=st.fixed_dictionaries({}, optional=HEADER_CHOICES),
)
def test_asked_twice_the_front_sends_what_the_app_sends(
    target: tuple[str, str], method: str, headers: dict[str, str]
) -> None:
    """First through ASGI, then (when held) from the store: both are the app's own answer."""
    lines = [("host", "127.0.0.1:8000"), *headers.items()]
    request = FakeRequest(target[0], target[1], method, lines)
    expected = _asgi_answer(request)
    for _ in range(2):
        assert expected == _ask(_FRONT, request).answer


def test_a_held_answer_is_sent_without_the_app() -> None:
    """The second GET is answered from the store: the app behind the guard is not called."""
    calls: list[str] = []
    front = _front()
    inner = front.replay.app

    async def counting(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope["path"])
        await inner(scope, receive, send)

    front.replay.app = counting
    request = FakeRequest()
    first, second = _ask(front, request).answer, _ask(front, request).answer
    assert (["/v1/elections/pemilu-2024"], first) == (calls, second)


@pytest.mark.parametrize(
    ("header_items", "target"),
    [
        ([("host", "a"), ("host", "b")], "/v1/elections/pemilu-2024"),
        ([], "/v1/elections/pemilu-2024"),
        ([("host", "a"), ("transfer-encoding", "gzip")], "/v1/elections/pemilu-2024"),
        ([("host", "a")], ""),
    ],
    ids=["two-hosts", "no-host", "bad-transfer-encoding", "no-leading-slash"],
)
def test_bad_framing_is_refused_even_when_the_target_is_held(
    header_items: StrHeaders, target: str
) -> None:
    """The store holds the answer, yet the request gets the guard's 400 problem document."""
    front = _front()
    _ask(front, FakeRequest())
    answer = _ask(front, FakeRequest(path=target, header_items=header_items)).answer
    assert answer is not None
    assert 400 == answer[0]
    assert ("content-type", "application/problem+json") in answer[1]


def test_a_body_in_parts_is_streamed() -> None:
    """An app that sends its body in parts gets a stream; a request body is read once."""
    seen: list[Any] = []

    async def parts(scope: Any, receive: Any, send: Any) -> None:
        seen.append(await receive())
        seen.append(await receive())
        await send({"type": "http.response.start", "status": 200, "headers": [(b"a", b"b")]})
        await send({"type": "http.response.body", "body": b"one", "more_body": True})
        await send({"type": "http.response.body", "body": b"two", "more_body": False})

    front = Front(parts, with_cache_budget(create_app(), 1 << 20), MAX_TARGET_BYTES, fd=_devnull())
    proto = _ask(front, FakeRequest(method="POST"), body=b"payload")
    assert proto.stream is not None
    status, headers, stream = proto.stream
    assert (200, [("a", "b")], [b"one", b"two"]) == (status, headers, stream.parts)
    assert [{"type": "http.request", "body": b"payload", "more_body": False}] == seen[:1]
    assert ({"type": "http.disconnect"}, True) == (seen[1], proto.disconnected)


def _lines(fd: int) -> list[str]:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode().splitlines()


def test_a_start_without_a_body_sends_nothing_and_is_logged_as_no_answer() -> None:
    """Granian answers 500 itself when the app sends no response; the log says the same."""
    read, write = os.pipe()

    async def silent(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 201, "headers": []})

    front = Front(silent, with_cache_budget(create_app(), 1 << 20), MAX_TARGET_BYTES, fd=write)
    proto = _ask(front, FakeRequest(method="POST"))
    os.close(write)
    (text,) = _lines(read)
    os.close(read)
    assert (None, None) == (proto.answer, proto.stream)
    assert '"POST /v1/elections/pemilu-2024 HTTP/1.1" 500 ' in text


def test_messages_after_a_complete_response_are_ignored() -> None:
    """One response per request: a second start and body change nothing, nor the logged status."""
    read, write = os.pipe()

    async def twice(scope: Any, receive: Any, send: Any) -> None:
        for status in (200, 500):
            await send({"type": "http.response.start", "status": status, "headers": []})
            await send({"type": "http.response.body", "body": b"x", "more_body": False})

    front = Front(twice, with_cache_budget(create_app(), 1 << 20), MAX_TARGET_BYTES, fd=write)
    proto = _ask(front, FakeRequest(method="POST"))
    os.close(write)
    (text,) = _lines(read)
    os.close(read)
    assert (200, [], b"x") == proto.answer
    assert '"POST /v1/elections/pemilu-2024 HTTP/1.1" 200 ' in text


def test_a_replay_that_fails_leaves_the_answer_to_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Never granian's bare 500 (which names the product): the app answers, and it is logged."""
    read, write = os.pipe()
    front = _front(write)

    class Broken:
        """Knows its routes, fails to answer them."""

        handles = staticmethod(Direct.handles)

        def __call__(self, path: bytes, query: bytes) -> None:
            raise RuntimeError("boom")

    request = FakeRequest(path="/v1/elections/pemilu-2024/stages", query_string="from=2024-01-01")
    _ask(front, request)  # the route's template
    monkeypatch.setattr(front.replay, "direct", Broken())
    proto = _ask(front, FakeRequest(path=request.path, query_string="from=2024-01-02"))
    os.close(write)
    text = _lines(read)[-1]
    os.close(read)
    assert proto.answer is not None
    assert 200 == proto.answer[0]
    assert '"GET /v1/elections/pemilu-2024/stages HTTP/1.1" 200 ' in text


def test_every_answer_held_or_not_writes_one_access_log_line() -> None:
    """A miss and a hit: two lines, granian's format, each with its status and raw query."""
    read, write = os.pipe()
    front = _front(write)
    request = FakeRequest(path="/v1/elections/pemilu-2024/calendar.ics", query_string="lang=en")
    _ask(front, request)
    _ask(front, request)
    _ask(front, FakeRequest(path="/v1/nothing-here"))
    os.close(write)
    lines = _lines(read)
    os.close(read)
    assert 3 == len(lines)
    for text, status in zip(lines, (200, 200, 404), strict=True):
        assert text.startswith("192.0.2.7 - - [")
        assert f'HTTP/1.1" {status} ' in text
    assert lines[1].endswith('ms query="lang=en"')
    # The held answer's line is the one the ASGI path wrote, but for the time and the duration
    # (the first answer may end in another second than the second one starts).
    untimed = [re.sub(r"\[[^]]*\]| \d+\.\dms ", "", text) for text in lines[:2]]
    assert untimed[0] == untimed[1]


def test_an_app_that_fails_is_logged_as_500_and_still_fails() -> None:
    """The exception reaches granian (which answers 500); the line says 500."""
    read, write = os.pipe()

    async def failing(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("boom")

    front = Front(failing, with_cache_budget(create_app(), 1 << 20), MAX_TARGET_BYTES, fd=write)
    with pytest.raises(RuntimeError, match="boom"):
        _ask(front, FakeRequest())
    os.close(write)
    (text,) = _lines(read)
    os.close(read)
    assert '"GET /v1/elections/pemilu-2024 HTTP/1.1" 500 ' in text


def test_the_app_s_lifespan_runs_at_start_and_at_stop() -> None:
    """``__rsgi_init__`` and ``__rsgi_del__`` drive the ASGI lifespan, as granian's ASGI did."""
    events: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        assert "lifespan" == scope["type"]
        while True:
            message = await receive()
            events.append(message["type"])
            kind = message["type"].removeprefix("lifespan.")
            await send({"type": f"lifespan.{kind}.complete"})
            if kind == "shutdown":
                return

    loop = asyncio.new_event_loop()
    try:
        front = Front(app, with_cache_budget(create_app(), 1 << 20), MAX_TARGET_BYTES)
        front.__rsgi_init__(loop)
        front.__rsgi_del__(loop)
    finally:
        loop.close()
    assert ["lifespan.startup", "lifespan.shutdown"] == events


def test_a_failed_lifespan_startup_stops_the_worker() -> None:
    """A worker whose app cannot start exits (granian reports it and respawns it)."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "no"})

    loop = asyncio.new_event_loop()
    try:
        front = Front(app, with_cache_budget(create_app(), 1 << 20), MAX_TARGET_BYTES)
        with pytest.raises(SystemExit):
            front.__rsgi_init__(loop)
    finally:
        loop.close()


def test_the_replayed_header_lines_name_no_server_product() -> None:
    """A held answer's lines end with the empty ``server`` field the guard adds."""
    assert [("etag", '"e"'), ("server", "")] == rsgi_headers([(b"etag", b'"e"')])
