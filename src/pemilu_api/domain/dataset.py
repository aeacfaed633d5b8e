"""The validated data set the API serves: every election and region, loaded once at startup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pemilu_api.domain.models import Election, Region
from pemilu_api.domain.regions import holds


@dataclass(frozen=True)
class Dataset:
    """Elections ordered by voting day, regions by code, and the latest data revision."""

    elections: tuple[Election, ...]
    regions: Mapping[str, Region]
    revision: dt.datetime
    _by_id: Mapping[str, Election] = field(repr=False)
    _held: Mapping[str, tuple[str, ...]] = field(repr=False)

    @classmethod
    def build(cls, elections: Iterable[Election], regions: Mapping[str, Region]) -> Dataset:
        """Index already validated elections and regions."""
        ordered = tuple(sorted(elections, key=lambda e: (e.voting_day, e.id)))
        held = {
            code: tuple(e.id for e in ordered if holds(e, region))
            for code, region in regions.items()
        }
        revision = max(
            (e.revision for e in ordered), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        )
        return cls(ordered, dict(regions), revision, {e.id: e for e in ordered}, held)

    def election(self, election_id: str) -> Election | None:
        """The election with ``election_id``, or None."""
        return self._by_id.get(election_id)

    def elections_held_in(self, code: str) -> tuple[str, ...]:
        """Ids of the elections held in the region ``code``, by voting day."""
        return self._held.get(code, ())
