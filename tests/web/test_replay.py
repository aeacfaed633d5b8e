"""Replaying answers in front of the app: only what carries an ETag, keyed by what it depends on."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.enums import ScopeType
from litestar.types import Receive, Scope, Send

from pemilu_api.app import create_app
from pemilu_api.web.replay import ResponseReplay, entry_cost
from support.asgi import call_once, http_scope

Headers = list[tuple[bytes, bytes]]


class CountingApp:
    """A stand-in app: answers with the status and headers it is given, and counts its calls."""

    def __init__(self, status: int = 200, etag: bool = True) -> None:
        self.calls = 0
        self.status = status
        self.etag = etag

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        headers: Headers = [(b"content-type", b"application/json")]
        if self.etag:
            headers.append((b"etag", b'"abc"'))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"{}", "more_body": False})


_scope = http_scope


def _call(app: Any, scope: Scope) -> list[Any]:
    """The messages ``app`` sends for ``scope``."""
    return call_once(app, scope)


def test_a_repeated_request_is_answered_without_the_app() -> None:
    """The second identical GET replays the first answer; the app runs once."""
    inner = CountingApp()
    replay = ResponseReplay(inner)
    first = _call(replay, _scope())
    second = _call(replay, _scope())
    assert 1 == inner.calls
    assert first == second


@pytest.mark.parametrize(
    "other",
    [
        _scope(query=b"lang=en"),
        _scope(path="/v1/y"),
        _scope(method="HEAD"),
        _scope(accept_encoding="gzip"),
        _scope(if_none_match='"abc"'),
        _scope(if_modified_since="Fri, 01 Jan 2100 00:00:00 GMT"),
        _scope(origin="https://example.org"),
    ],
)
def test_what_the_answer_depends_on_is_part_of_the_key(other: Scope) -> None:
    """A request differing in target, method, encoding, validators or Origin reaches the app."""
    inner = CountingApp()
    replay = ResponseReplay(inner)
    _call(replay, _scope())
    _call(replay, other)
    assert 2 == inner.calls


def test_other_headers_do_not_split_the_key() -> None:
    """Headers no answer depends on (User-Agent, Host) share one entry."""
    inner = CountingApp()
    replay = ResponseReplay(inner)
    _call(replay, _scope(user_agent="a", host="x"))
    _call(replay, _scope(user_agent="b", host="y"))
    assert 1 == inner.calls


@pytest.mark.parametrize(
    ("inner", "method"),
    [
        (CountingApp(etag=False), "GET"),  # reads the clock, like /v1/now
        (CountingApp(status=404, etag=True), "GET"),
        (CountingApp(status=308, etag=True), "GET"),
        (CountingApp(), "POST"),
    ],
)
def test_answers_without_a_validator_or_not_ok_always_reach_the_app(
    inner: CountingApp, method: str
) -> None:
    """Only 200 and 304 answers carrying an ETag, to GET or HEAD, are replayed."""
    replay = ResponseReplay(inner)
    _call(replay, _scope(method=method))
    _call(replay, _scope(method=method))
    assert 2 == inner.calls


def test_the_table_is_bounded() -> None:
    """Distinct requests beyond the bound evict the oldest entries."""
    inner = CountingApp()
    replay = ResponseReplay(inner, max_entries=2)
    for path in ("/a", "/b", "/c", "/a"):
        _call(replay, _scope(path=path))
    assert 4 == inner.calls


@pytest.mark.parametrize(
    ("path", "query", "headers"),
    [
        ("/v1/elections/pemilu-2024", b"", {}),
        ("/v1/elections/pemilu-2024", b"", {"accept_encoding": "gzip"}),
        ("/v1/elections/pemilu-2024/stages", b"key=true", {"origin": "https://x.example"}),
        ("/v1/regions/33.05/calendar.ics", b"lang=en", {"accept_encoding": "gzip"}),
        ("/", b"lang=en", {}),
    ],
)
def test_replayed_answers_are_the_apps_own_bytes(
    path: str, query: bytes, headers: dict[str, str]
) -> None:
    """In front of the real app, a replay sends exactly what the app sent the first time."""
    replay = ResponseReplay(create_app())
    scope = _scope(path=path, query=query, **headers)
    _call(replay, scope)
    again = _call(replay, scope)
    fresh = _call(create_app(), scope)
    assert 200 == fresh[0]["status"]
    assert fresh == again


def test_repeated_validator_lines_replay_as_the_app_answers_them() -> None:
    """If-None-Match sent as two field lines, in either order, gets what a fresh app gives."""
    app = create_app()
    path = "/v1/elections/pemilu-2024"
    etag = dict(_call(app, _scope(path=path))[0]["headers"])[b"etag"]
    replay = ResponseReplay(create_app())
    for lines in ([b'"other"', etag], [etag, b'"other"'], [b'"other"', b'"else"']):
        scope = _scope(path=path)
        scope["headers"] = [(b"if-none-match", line) for line in lines]
        _call(replay, scope)
        assert _call(create_app(), scope) == _call(replay, scope)
        expected = 200 if etag not in lines else 304
        assert expected == _call(replay, scope)[0]["status"]


def test_the_bytes_held_are_bounded() -> None:
    """Past the byte budget the oldest entries go, so memory stays bounded for any traffic."""
    inner = CountingApp()
    one = ResponseReplay(CountingApp())
    _call(one, _scope(path="/a"))
    replay = ResponseReplay(inner, max_bytes=2 * one.held_bytes)  # two such entries fit
    for path in ("/a", "/b", "/c", "/a"):
        _call(replay, _scope(path=path))
    assert 4 == inner.calls
    _call(replay, _scope(path="/c"))
    assert 4 == inner.calls


class VaryingApp:
    """A stand-in app whose status, headers and body size vary with the request target."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == ScopeType.HTTP
        size = len(scope["query_string"]) % 5000
        status = 304 if scope["query_string"].startswith(b"nm") else 200
        headers: Headers = [(b"etag", b'"e"'), (b"x-pad", b"p" * (size % 300))]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        body = b"" if status == 304 or scope["method"] == "HEAD" else b"b" * size
        await send({"type": "http.response.body", "body": body, "more_body": False})


@settings(deadline=None, max_examples=60)
@given(
    budget=st.integers(min_value=0, max_value=40_000),
    requests=st.lists(
        st.tuples(
            st.sampled_from(["GET", "HEAD"]),
            st.binary(max_size=3000),
            st.sampled_from([{}, {"accept_encoding": "gzip"}, {"origin": "https://a.example"}]),
        ),
        max_size=40,
    ),
)
def test_the_store_counts_keys_headers_bodies_and_bookkeeping(
    budget: int, requests: list[tuple[str, bytes, dict[str, str]]]
) -> None:
    """Whatever arrives, the count is the sum of entry costs, and never over the budget."""
    replay = ResponseReplay(VaryingApp(), max_bytes=budget)
    for method, query, headers in requests:
        _call(replay, _scope(method=method, query=query, **headers))
        table = replay._table
        assert replay.held_bytes == sum(entry_cost(k, e) for k, e in table.items())
        assert replay.held_bytes <= budget


def test_an_answer_without_a_body_still_costs_its_key_and_headers() -> None:
    """HEAD and 304 answers are counted: a flood of them cannot grow the store unseen."""
    replay = ResponseReplay(VaryingApp())
    _call(replay, _scope(method="HEAD", query=b"x" * 6000))
    assert replay.held_bytes > 6000


def test_health_is_never_replayed() -> None:
    """/health reaches the app every time: it proves the worker's app answers."""
    inner = CountingApp()
    replay = ResponseReplay(inner)
    _call(replay, _scope(path="/health"))
    _call(replay, _scope(path="/health"))
    assert 2 == inner.calls


_REPLAY = ResponseReplay(create_app())
_BARE = create_app()
_ETAG = dict(_call(_BARE, _scope(path="/v1/elections/pemilu-2024"))[0]["headers"])[b"etag"]

HEADER_CHOICES = {
    "origin": st.sampled_from(["https://a.example", "null", "https://b.example"]),
    "cookie": st.sampled_from(["session=1", "a=b; c=d"]),
    "authorization": st.sampled_from(["Bearer x", "Basic dTpw"]),
    "accept_encoding": st.sampled_from(
        ["gzip", "identity", "gzip;q=0", "br, gzip", "*", "x-gzip", "deflate"]
    ),
    "if_none_match": st.sampled_from([_ETAG.decode(), '"other"', "*", 'W/"x"']),
    "range": st.sampled_from(["bytes=0-10", "bytes=5-"]),
    "if_modified_since": st.sampled_from(["Fri, 01 Jan 2100 00:00:00 GMT"]),
}


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(
        [
            ("/v1/elections/pemilu-2024", b""),
            ("/v1/elections", b""),
            ("/v1/elections/pemilu-2024/stages", b"from=2024-01-01"),
            ("/v1/elections/pemilu-2024/calendar.ics", b"lang=en"),
            ("/", b""),
            ("/health", b""),
            ("/openapi.json", b""),
        ]
    ),
    method=st.sampled_from(["GET", "HEAD"]),
    headers=st.fixed_dictionaries({}, optional=HEADER_CHOICES),
)
def test_a_replayed_answer_is_what_a_fresh_app_sends(
    path: tuple[str, bytes], method: str, headers: dict[str, str]
) -> None:
    """Whatever the request headers, the replay store sends the bytes the app itself would."""
    scope = _scope(method=method, path=path[0], query=path[1], **headers)
    _call(_REPLAY, scope)
    assert _call(_BARE, scope) == _call(_REPLAY, scope)


@pytest.mark.parametrize("path", ["/v1/elections/pemilu-2024", "/", "/v1/nothing-here"])
def test_cors_never_reflects_the_origin(path: str) -> None:
    """With an Origin and a Cookie, CORS still says * and compressible answers vary on encoding."""
    scope = _scope(path=path, origin="https://evil.example", cookie="a=b")
    headers = _call(_BARE, scope)[0]["headers"]
    assert [b"*"] == [v for n, v in headers if n == b"access-control-allow-origin"]
    assert not any(n == b"access-control-allow-credentials" for n, _ in headers)
    vary = [v for n, v in headers if n == b"vary"]
    assert b"Origin" not in b",".join(vary)
    if path != "/v1/nothing-here":
        assert [b"Accept-Encoding"] == vary
