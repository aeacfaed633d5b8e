"""Direct answers: stage spans and instants answered from a template, byte for byte the app's own."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.types import Receive, Scope, Send

from pemilu_api.app import create_app
from pemilu_api.web.direct import Direct, plain_params
from pemilu_api.web.replay import ResponseReplay
from support.asgi import call_once, http_scope

STAGES = "/v1/elections/pemilu-2024/stages"


_scope = http_scope


class Counting:
    """The app, counting the requests that reach it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        await self.app(scope, receive, send)


def _replay() -> tuple[ResponseReplay, Counting]:
    app = create_app()
    counting = Counting(app)
    return ResponseReplay(counting, direct=Direct(app.state.store)), counting


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (b"", {}),
        (b"from=2024-01-01", {b"from": b"2024-01-01"}),
        (b"to=1&from=2", {b"to": b"1", b"from": b"2"}),
        (b"from=1&from=2", None),
        (b"from=1&lang=en", None),
        (b"from", None),
        (b"from=1&", None),
    ],
)
def test_plain_params_takes_each_known_name_once(
    query: bytes, expected: dict[bytes, bytes] | None
) -> None:
    """Only the names asked for, each once, each with "="; anything else is None."""
    assert expected == plain_params(query, frozenset({b"from", b"to"}))


def test_a_new_span_is_answered_from_the_route_s_template() -> None:
    """After one span, another span of the same election does not reach the app."""
    replay, app = _replay()
    call_once(replay, _scope(STAGES, b"from=2024-01-01&to=2024-02-01", accept_encoding="gzip"))
    answer = call_once(
        replay, _scope(STAGES, b"from=2023-06-01&to=2024-02-20", accept_encoding="gzip")
    )
    fresh = call_once(
        create_app(), _scope(STAGES, b"from=2023-06-01&to=2024-02-20", accept_encoding="gzip")
    )
    assert (1, fresh) == (app.calls, answer)


def test_a_new_instant_is_answered_from_the_route_s_template() -> None:
    """After one instant, another instant does not reach the app."""
    replay, app = _replay()
    call_once(replay, _scope("/v1/now", b"at=2024-02-14T08:00:00Z"))
    answer = call_once(replay, _scope("/v1/now", b"at=2024-11-27T01:30:00Z"))
    assert (1, call_once(create_app(), _scope("/v1/now", b"at=2024-11-27T01:30:00Z"))) == (
        app.calls,
        answer,
    )


@pytest.mark.parametrize(
    ("path", "query", "headers"),
    [
        (STAGES, b"from=2024-02-01&to=2024-01-01", {}),  # backwards: a 400 problem
        (STAGES, b"from=2024-02-30", {}),  # no such day
        (STAGES, b"from=2024-01-01&lang=en", {}),  # an unknown parameter
        (STAGES, b"from=2024-01-01&from=2024-01-02", {}),  # repeated
        (STAGES, b"category=voting", {}),  # a parameter taken only by the app
        ("/v1/elections/nothing/stages", b"from=2024-01-01", {}),  # a 404
        ("/v1/now", b"at=2024-02-14T08%3A00%3A00Z", {}),  # encoded
        ("/v1/now", b"at=9999-01-01", {}),  # outside the years
        ("/v1/now", b"at=2024-02-14T08:00:00Z&tz=Asia/Jayapura", {}),
        ("/v1/now", b"at=2024-02-14T09:00:00Z", {"if_none_match": '"x"'}),
    ],
)
def test_other_queries_reach_the_app(path: str, query: bytes, headers: dict[str, str]) -> None:
    """Whatever is not the plainest form, or what the app refuses, is answered by the app."""
    replay, app = _replay()
    call_once(replay, _scope(path, b"at=2024-02-14T08:00:00Z" if path == "/v1/now" else b""))
    call_once(replay, _scope(path, query, **headers))
    assert 2 == app.calls


_REPLAY, _ = _replay()
_BARE = create_app()

_DAYS = st.sampled_from(
    ["2019-04-17", "2023-01-01", "2023-06-15", "2024-02-14", "2024-02-30", "2024-11-27", "2025-x"]
)
_SPAN_QUERY = st.one_of(
    st.builds(lambda a, b: f"from={a}&to={b}", _DAYS, _DAYS),
    st.builds(lambda a: f"from={a}", _DAYS),
    st.builds(lambda a: f"to={a}", _DAYS),
    st.sampled_from(["", "key=true", "from=2024-01-01&lang=en", "from=%32024-01-01"]),
)
_INSTANT_QUERY = st.one_of(
    st.builds(
        lambda d, h, m: f"at=2024-02-{d:02d}T{h:02d}:{m:02d}:00Z",
        st.integers(1, 30),
        st.integers(0, 23),
        st.sampled_from([0, 30, 59]),
    ),
    # Not the empty query: without at= the answer reads the clock, so no two are alike.
    st.sampled_from(
        [
            "at=2024-11-27",
            "at=2024-02-14T07:00:00+07:00",
            "at=2024-02-14T07:00:00-01:00",
            "at=0999-12-31T23:30:00-01:00",
            "at=9999-01-01T00:00:00Z",
            "at=9998-12-31T23:00:00-05:00",
            "at=2024-02-14T08:00:00.123456789012Z",
            "at=2024-02-14T08:00:00.123456789Z",
            "at=2024-02-14T08",
            "at=2024",
            "at=x",
            "at=",
            "at=2024-02-14T08:00:00Z&tz=UTC",
        ]
    ),
)
HEADER_CHOICES = {
    "accept_encoding": st.sampled_from(["gzip", "identity", "gzip;q=0", "br, gzip", "*"]),
    "origin": st.sampled_from(["https://a.example", "null"]),
    "cookie": st.sampled_from(["session=1"]),
    "if_none_match": st.sampled_from(['"other"', "*"]),
}


@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    route=st.sampled_from([STAGES, "/v1/elections/pilkada-2024/stages", "/v1/now"]),
    data=st.data(),
    headers=st.fixed_dictionaries({}, optional=HEADER_CHOICES),
)
def test_whatever_was_asked_before_the_answer_is_the_app_s_own(
    route: str, data: st.DataObject, headers: dict[str, str]
) -> None:
    """Two queries of one route: the second, from a template or not, is what a fresh app sends."""
    queries = _INSTANT_QUERY if route == "/v1/now" else _SPAN_QUERY
    first, second = data.draw(queries), data.draw(queries)
    call_once(_REPLAY, _scope(route, first.encode(), **headers))
    scope = _scope(route, second.encode(), **headers)
    assert call_once(_BARE, scope) == call_once(_REPLAY, scope)


def test_an_instant_the_declared_parameter_refuses_reaches_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Litestar checks AtQuery's pattern and length first: so does the direct answer."""
    app = create_app()
    direct = Direct(app.state.store)
    monkeypatch.setattr("pemilu_api.web.params.AT_YEARS", (1000, 9999))
    assert direct(b"/v1/now", b"at=9998-01-01T00:00:00Z") is not None
    assert direct(b"/v1/now", b"at=9999-01-01T00:00:00Z") is None  # outside the pattern
    monkeypatch.setattr("pemilu_api.web.direct.AT_MAX_LENGTH", 19)
    assert direct(b"/v1/now", b"at=2024-02-14T08:00:00Z") is None  # 20 characters


def test_a_template_in_use_is_kept_as_recently_used() -> None:
    """Answering from a template refreshes it, so newer answers evict older ones first."""
    app = create_app()
    counting = Counting(app)
    replay = ResponseReplay(counting, max_entries=3, direct=Direct(app.state.store))
    for path, query in [
        (STAGES, b"from=2024-01-01"),  # its answer and the route's template
        ("/v1/elections", b""),
        (STAGES, b"from=2024-01-02"),  # from the template
        ("/v1/elections/pemilu-2019", b""),
        ("/v1/elections/pemilu-2024", b""),
    ]:
        call_once(replay, _scope(path, query))
    call_once(replay, _scope(STAGES, b"from=2024-01-03"))
    assert 4 == counting.calls
