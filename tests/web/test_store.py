"""What the store keeps per data set: each stage's rendering, and answers keyed by what they hold."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import sys
from zoneinfo import ZoneInfo

from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.app import create_app
from pemilu_api.domain.now import moment_key
from pemilu_api.domain.queries import StageQuery
from pemilu_api.render.json_resources import stage_out
from pemilu_api.render.representation import Representation
from pemilu_api.web.api import now_of
from pemilu_api.web.store import Store, memo_cost

Client = TestClient[Litestar]
STAGES = "/v1/elections/pemilu-2024/stages"
GZIP = {"accept-encoding": "gzip"}
# RFC 1952's XFL byte: 2 when the compressor used its slowest, smallest level.
XFL_SMALLEST = 2


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


def test_instants_of_one_class_share_one_rendering_and_compress_as_well() -> None:
    """Two minutes of a quiet day keep one memo entry; each answer is its own body, gzipped."""
    app = create_app()
    store: Store = app.state.store
    with TestClient(app) as client:
        first, first_etag = _raw(client, "/v1/now?at=2024-02-01T08:00:00%2B07:00")
        second, second_etag = _raw(client, "/v1/now?at=2024-02-01T08:01:00%2B07:00")
        identity = client.get("/v1/now?at=2024-02-01T08:01:00%2B07:00").content
        election, _ = _raw(client, "/v1/elections/pemilu-2024")
    assert 1 == store.memo_entries
    assert identity == gzip.decompress(second)
    assert first_etag != second_etag
    assert f'"{hashlib.sha256(identity).hexdigest()[:32]}-gzip"' == second_etag
    # The shared start is compressed at the smallest level, like every other body.
    assert (XFL_SMALLEST, XFL_SMALLEST) == (first[8], election[8])
    assert len(second) < len(gzip.compress(identity, compresslevel=1, mtime=0))


def test_the_memo_counts_its_entries_and_stays_within_its_budget() -> None:
    """Many days' /v1/now renderings: the count is the sum of entry costs, never over budget."""
    store: Store = create_app().state.store
    store.max_bytes = 200_000
    zone = ZoneInfo("Asia/Jakarta")
    instants = [
        dt.datetime(2024, 2, 10, tzinfo=dt.UTC) + dt.timedelta(hours=h) for h in range(0, 192, 3)
    ]
    for at in instants:
        now_of(store, at, zone)
        held = store._bounded.items()
        assert store.bounded_bytes == sum(memo_cost(key, rep) for key, rep in held)
        assert store.bounded_bytes <= store.max_bytes
    # The budget, not the number of classes asked about, decided what was kept.
    classes = {moment_key(store.dataset, at, zone) for at in instants}
    assert 0 < store.memo_entries < len(classes)


def test_a_key_costs_its_nested_parts_too() -> None:
    """A key holding a tuple of tuples (polls at an instant) counts every level of it."""
    body = Representation(b"{}", "application/json", dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    flat = memo_cost(("now", ()), body)
    nested = memo_cost(("now", (("pemilu-2024", "pemungutan-suara", "Asia/Jakarta"),)), body)
    inner = ("pemilu-2024", "pemungutan-suara", "Asia/Jakarta")
    expected = sys.getsizeof((inner,)) - sys.getsizeof(()) + sys.getsizeof(inner)
    assert expected + sum(sys.getsizeof(part) for part in inner) == nested - flat
