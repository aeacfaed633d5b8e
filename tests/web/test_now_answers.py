"""/v1/now answers made from their class's rendering are the answers rendered afresh.

One store serves every example, so later instants reuse the renderings earlier ones kept: each
answer's body must be what ``now_out`` encodes for that instant alone, its ETags the SHA-256 of
that body, and its gzip bytes one member holding it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from zoneinfo import ZoneInfo

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.app import create_app
from pemilu_api.domain.models import Region
from pemilu_api.domain.now import moment
from pemilu_api.render.json_now import now_out
from pemilu_api.web.api import now_of
from pemilu_api.web.store import Store
from support.instants import instants

STORE: Store = create_app().state.store
ZONES = tuple(
    ZoneInfo(name)
    for name in ("Asia/Jakarta", "Asia/Jayapura", "UTC", "Asia/Tokyo", "America/Los_Angeles")
)
REGIONS = (None, STORE.dataset.regions["33.05"], STORE.dataset.regions["91.71"])
INSTANTS = instants(STORE.dataset)


@settings(max_examples=300, deadline=None)
@given(at=INSTANTS, zone=st.sampled_from(ZONES), region=st.sampled_from(REGIONS))
def test_an_answer_is_the_instant_s_own_rendering(
    at: dt.datetime, zone: ZoneInfo, region: Region | None
) -> None:
    """Body, ETags and gzip bytes as if this instant had been rendered on its own."""
    seen = moment(STORE.dataset, at, zone, region)
    expected = msgspec.json.encode(now_out(seen, STORE.urls, render_stage=STORE.stage_out))
    answer = now_of(STORE, at, zone, region)
    assert expected == answer.body
    digest = hashlib.sha256(expected).hexdigest()[:32]
    assert (f'"{digest}"', f'"{digest}-gzip"') == (answer.etag, answer.gzip_etag)
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert expected == decoder.decompress(answer.gzipped) + decoder.flush()
    assert (True, b"") == (decoder.eof, decoder.unused_data)
