"""What the store keeps per data set: each stage's rendering, and answers keyed by what they hold."""

from __future__ import annotations

import datetime as dt
import gzip

from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.app import create_app
from pemilu_api.domain.queries import StageQuery
from pemilu_api.render.json_resources import stage_out
from pemilu_api.render.representation import FASTEST, SMALLEST
from pemilu_api.web.store import Store

Client = TestClient[Litestar]
STAGES = "/v1/elections/pemilu-2024/stages"
GZIP = {"accept-encoding": "gzip"}
# RFC 1952's XFL byte: 2 when the compressor used its slowest, smallest level; 4 for the fastest.
XFL = {SMALLEST: 2, FASTEST: 4}


def _raw(client: Client, url: str) -> tuple[bytes, str]:
    """The gzip bytes of ``url`` as sent, and their ETag."""
    with client.stream("GET", url, headers=GZIP) as response:
        assert 200 == response.status_code
        assert "gzip" == response.headers["content-encoding"]
        return b"".join(response.iter_raw()), response.headers["etag"]


def test_a_stage_is_rendered_once_and_the_same_as_stage_out() -> None:
    """The kept rendering equals ``stage_out``'s, and a second request returns the same object."""
    app = create_app()
    store: Store = app.state.store
    election = store.dataset.election("pemilu-2024")
    assert election is not None
    for stage in election.stages:
        kept = store.stage_out(election, stage)
        assert stage_out(election, stage, store.urls) == kept
        assert kept is store.stage_out(election, stage)


def _two_days_selecting_the_same_stages(store: Store) -> tuple[str, str]:
    """Two consecutive days of February 2024 on which the same Pemilu 2024 stages are running."""
    election = store.dataset.election("pemilu-2024")
    assert election is not None
    days = [dt.date(2024, 2, d) for d in range(1, 30)]
    chosen = [store.dataset.stages(election, StageQuery(start=d, end=d)) for d in days]
    following = zip(days, days[1:], chosen, chosen[1:], strict=False)
    pairs = [(a, b) for a, b, x, y in following if x == y]
    assert pairs, "no two such days: choose another month"
    first, second = pairs[0]
    return first.isoformat(), second.isoformat()


def test_spans_that_select_the_same_stages_share_one_answer() -> None:
    """Stages are keyed by the stages selected, not the span: same body, same ETag, one entry."""
    app = create_app()
    store: Store = app.state.store
    day, next_day = _two_days_selecting_the_same_stages(store)
    with TestClient(app) as client:
        one = client.get(f"{STAGES}?from={day}&to={day}")
        other = client.get(f"{STAGES}?from={next_day}&to={next_day}")
        entries = store.memo_entries
        wider = client.get(f"{STAGES}?from=2023-01-01&to={day}")
    assert (200, 200) == (one.status_code, other.status_code)
    assert (one.content, one.headers["etag"]) == (other.content, other.headers["etag"])
    assert 1 == entries
    assert one.headers["etag"] != wider.headers["etag"]
    assert 2 == store.memo_entries


def test_an_answer_for_one_instant_is_gzipped_fast_and_the_others_small() -> None:
    """/v1/now?at= is rarely asked twice: level 1; resources served many times: level 9."""
    with TestClient(create_app()) as client:
        now, _ = _raw(client, "/v1/now?at=2024-02-14T08:00:00%2B07:00")
        election, _ = _raw(client, "/v1/elections/pemilu-2024")
        identity = client.get("/v1/now?at=2024-02-14T08:00:00%2B07:00").content
    assert (XFL[FASTEST], XFL[SMALLEST]) == (now[8], election[8])
    assert gzip.compress(identity, compresslevel=FASTEST, mtime=0) == now
