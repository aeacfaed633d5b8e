"""The validated data set the API serves: every election and region, loaded once at startup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pemilu_api.domain.models import Change, Election, Region, Stage, election_sort_key
from pemilu_api.domain.queries import NO_METER, Meter, StageIndex, StageQuery
from pemilu_api.domain.regions import holds


@dataclass(frozen=True)
class Dataset:
    """Elections by voting day (announced ones last), regions by code, the revision, indexes."""

    elections: tuple[Election, ...]
    regions: Mapping[str, Region]
    revision: dt.datetime
    _by_id: Mapping[str, Election] = field(repr=False)
    _held: Mapping[str, tuple[str, ...]] = field(repr=False)
    _indexes: Mapping[str, StageIndex] = field(repr=False)

    @classmethod
    def build(
        cls, elections: Iterable[Election], regions: Mapping[str, Region], meter: Meter = NO_METER
    ) -> Dataset:
        """Index already validated elections and regions (``meter`` counts query work in tests)."""
        ordered = tuple(sorted(elections, key=election_sort_key))
        held = {
            code: tuple(e.id for e in ordered if holds(e, region))
            for code, region in regions.items()
        }
        revision = max(
            (e.revision for e in ordered), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        )
        indexes = {e.id: StageIndex.build(e.stages, meter) for e in ordered}
        return cls(ordered, dict(regions), revision, {e.id: e for e in ordered}, held, indexes)

    def election(self, election_id: str) -> Election | None:
        """The election with ``election_id``, or None."""
        return self._by_id.get(election_id)

    def elections_held_in(self, code: str) -> tuple[str, ...]:
        """Ids of the elections held in the region ``code``, by voting day (announced last)."""
        return self._held.get(code, ())

    def stages(self, election: Election, query: StageQuery) -> list[Stage]:
        """The stages of ``election`` matching ``query``, by start date then id (undated last)."""
        return self._indexes[election.id].select(query)

    def changes_since(self, since: dt.datetime | None) -> list[tuple[Election, Change]]:
        """Every election's change-log entries at or after ``since`` (all when None), newest first.

        Entries are ordered by (at, decided, election id), descending: within one publication,
        the latest decision first.
        """
        return sorted(
            (
                (election, change)
                for election in self.elections
                for change in election.changes
                if since is None or change.at >= since
            ),
            key=lambda pair: (pair[1].at, pair[1].decided or dt.date.min, pair[0].id),
            reverse=True,
        )
