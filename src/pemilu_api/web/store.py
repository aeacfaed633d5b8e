"""What the handlers share: the data set, the link builder, and rendered representations.

Every representation that does not depend on the query is rendered once per data revision
(the store lives as long as the loaded data). Query-dependent ones are memoised in a bounded
table, bounded in entries and in bytes (keys, both encodings of the body, bookkeeping), so a
flood of distinct queries costs rendering, never unbounded memory.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any
from urllib.parse import quote

import msgspec
from litestar import Request, Response

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.models import Election, Stage
from pemilu_api.render.json_regions import RegionOut, region_out
from pemilu_api.render.json_resources import StageOut, stage_out
from pemilu_api.render.representation import Representation
from pemilu_api.render.urls import Urls
from pemilu_api.web.headers import with_security

JSON = "application/json"
BOUNDED_ENTRIES = 4096
# What the bounded table may hold, by memo_cost; the server sets it from its cache budget.
BOUNDED_BYTES = 16 << 20
# A Representation with its cached ETags and date, and its table slot; for the start of other
# bodies (``/v1/now``), also its SHA-256 state (kept by OpenSSL, unseen by getsizeof) and its
# compressed form's framing (the compressed bytes themselves are the "gzip copy" below).
MEMO_OVERHEAD_BYTES = 1536


def _key_size(part: object) -> int:
    """The bytes of a key part, nested tuples and all (shared parts counted as if owned)."""
    if isinstance(part, tuple):
        return sys.getsizeof(part) + sum(_key_size(item) for item in part)
    return sys.getsizeof(part)


def memo_cost(key: Hashable, rep: Representation) -> int:
    """The bytes a bounded memo entry holds: its key, the body and its gzip copy, bookkeeping."""
    # The gzip copy (or the compressed start) is made on first use and is never larger than the
    # body plus its framing.
    return _key_size(key) + 2 * sys.getsizeof(rep.body) + 64 + MEMO_OVERHEAD_BYTES


class Store:
    """The loaded data set and its rendered representations."""

    def __init__(self, dataset: Dataset, urls: Urls) -> None:
        self.dataset = dataset
        self.urls = urls
        self._fixed: dict[Hashable, Representation] = {}
        self._bounded: OrderedDict[Hashable, Representation] = OrderedDict()
        self._stage_outs: dict[tuple[str, str], StageOut] = {}
        self._lock = threading.Lock()
        self.max_bytes = BOUNDED_BYTES
        self.bounded_bytes = 0

    def memo(
        self,
        key: Hashable,
        build: Callable[[], msgspec.Struct],
        last_modified: dt.datetime,
        *,
        bounded: bool = False,
    ) -> Representation:
        """The JSON representation stored under ``key``, rendered by ``build`` on first use."""
        return self.memo_bytes(
            key,
            lambda: msgspec.json.encode(build()),
            JSON,
            last_modified,
            bounded=bounded,
        )

    def memo_bytes(
        self,
        key: Hashable,
        render: Callable[[], bytes],
        media_type: str,
        last_modified: dt.datetime,
        *,
        bounded: bool = False,
    ) -> Representation:
        """Any representation stored under ``key``, rendered by ``render`` on first use."""
        table = self._bounded if bounded else self._fixed
        found = table.get(key)
        if found is not None:
            if bounded:
                with self._lock:
                    if key in self._bounded:
                        self._bounded.move_to_end(key)
            return found
        rep = Representation(render(), media_type, last_modified)
        with self._lock:
            if not bounded:
                table[key] = rep
                return rep
            if key in self._bounded:  # a concurrent twin got there first
                return self._bounded[key]
            self._bounded[key] = rep
            self.bounded_bytes += memo_cost(key, rep)
            while len(self._bounded) > BOUNDED_ENTRIES or self.bounded_bytes > self.max_bytes:
                old_key, old = self._bounded.popitem(last=False)
                self.bounded_bytes -= memo_cost(old_key, old)
        return rep

    @property
    def memo_entries(self) -> int:
        """How many query-dependent answers the bounded table holds."""
        return len(self._bounded)

    def stage_out(self, election: Election, stage: Stage) -> StageOut:
        """A stage's JSON representation, built once per data set (its history is scanned once)."""
        key = (election.id, stage.id)
        found = self._stage_outs.get(key)
        if found is None:
            found = self._stage_outs[key] = stage_out(election, stage, self.urls)
        return found

    def region_out(self, code: str) -> RegionOut:
        """The JSON representation of a region (looked up by canonical code)."""
        region = self.dataset.regions[code]
        province = self.dataset.regions[region.province]
        held = self.dataset.elections_held_in(code)
        elections = (e for e in self.dataset.elections if e.id in held)
        return region_out(region, province, elections, self.urls)

    def redirect(self, request: Request[Any, Any, Any], path: str) -> Response[Any]:
        """A permanent redirect (308) to ``path`` under the public base URL, keeping the query."""
        # The raw query may hold any byte; a Location header must stay printable ASCII.
        query = quote(request.scope.get("query_string", b""), safe="=&+%/:;,@!$'()*?~-._")
        target = self.urls.url(path) + (f"?{query}" if query else "")
        return Response(
            content=b"",
            status_code=308,
            headers=with_security({"Location": target, "Cache-Control": "public, max-age=86400"}),
            media_type=JSON,
        )


def store_of(request: Request[Any, Any, Any]) -> Store:
    """The store of the app serving ``request``."""
    store: Store = request.app.state.store
    return store
