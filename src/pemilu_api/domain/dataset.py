"""The validated data set the API serves: every election and region, loaded once at startup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pemilu_api.domain.days import DayIndex
from pemilu_api.domain.models import Change, Election, Region, Stage, election_sort_key
from pemilu_api.domain.queries import NO_METER, Meter, StageIndex, StageQuery
from pemilu_api.domain.regions import holds


@dataclass(frozen=True)
class LogEntry:
    """One change-log entry of an election, numbered from 1 in the order of its log."""

    election: Election
    number: int
    change: Change

    @property
    def id(self) -> str:
        """The entry's stable id, e.g. ``pilkada-2020.3`` (a log only grows at its end)."""
        return f"{self.election.id}.{self.number}"

    @property
    def key(self) -> tuple[dt.datetime, str, int]:
        """The order of the whole log: publication time, then election, then position."""
        return (self.change.at, self.election.id, self.number)


@dataclass(frozen=True)
class Dataset:
    """Elections by voting day (announced ones last), regions by code, the revision, indexes."""

    elections: tuple[Election, ...]
    regions: Mapping[str, Region]
    revision: dt.datetime
    _by_id: Mapping[str, Election] = field(repr=False)
    _held: Mapping[str, tuple[str, ...]] = field(repr=False)
    _indexes: Mapping[str, StageIndex] = field(repr=False)
    _days: Mapping[str, DayIndex] = field(repr=False)
    _timed_near: Mapping[dt.date, tuple[tuple[Election, Stage], ...]] = field(repr=False)
    _log: tuple[LogEntry, ...] = field(repr=False)

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
        days = {e.id: DayIndex.build(e.stages) for e in ordered}
        log = sorted(
            (
                LogEntry(election, number, change)
                for election in ordered
                for number, change in enumerate(election.changes, start=1)
            ),
            key=lambda entry: entry.key,
        )
        by_id = {e.id: e for e in ordered}
        timed_near: dict[dt.date, list[tuple[Election, Stage]]] = {}
        for election in ordered:
            for stage in days[election.id].timed:
                for day in _within_a_day(stage):
                    timed_near.setdefault(day, []).append((election, stage))
        near = {day: tuple(pairs) for day, pairs in timed_near.items()}
        return cls(ordered, dict(regions), revision, by_id, held, indexes, days, near, tuple(log))

    def election(self, election_id: str) -> Election | None:
        """The election with ``election_id``, or None."""
        return self._by_id.get(election_id)

    def elections_held_in(self, code: str) -> tuple[str, ...]:
        """Ids of the elections held in the region ``code``, by voting day (announced last)."""
        return self._held.get(code, ())

    def find_elections(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        kind: str | None = None,
        region: str | None = None,
    ) -> tuple[Election, ...]:
        """The elections (in order) of ``kind``, held in ``region``, sharing a day with [start, end].

        An election shares a day when its window or its voting day does; an announced one (no
        dates yet) never matches a date bound, and a backwards span (start after end) matches
        nothing. None matches everything, for each filter.
        """
        held = set(self.elections_held_in(region)) if region is not None else None
        dated = start is not None or end is not None
        low, high = start or dt.date.min, end or dt.date.max
        if low > high:
            return ()
        found = []
        for election in self.elections:
            if kind is not None and election.kind != kind:
                continue
            if held is not None and election.id not in held:
                continue
            days = [(election.window.start, election.window.end)] if election.window else []
            if election.voting_day is not None:
                days.append((election.voting_day, election.voting_day))
            if dated and not any(first <= high and low <= last for first, last in days):
                continue
            found.append(election)
        return tuple(found)

    def stages(self, election: Election, query: StageQuery) -> list[Stage]:
        """The stages of ``election`` matching ``query``, by start date then id (undated last)."""
        return self._indexes[election.id].select(query)

    def days(self, election: Election) -> DayIndex:
        """What of ``election`` is in progress or ahead on any day, and its timed stages."""
        return self._days[election.id]

    def timed_near(self, day: dt.date) -> tuple[tuple[Election, Stage], ...]:
        """The scheduled stages with voting hours (and their elections) within a day of ``day``.

        Every time zone's calendar lies within a day of UTC's, so these are the only stages whose
        polls an instant on the UTC date ``day`` can see, in any zone.
        """
        return self._timed_near.get(day, ())

    def change_log(
        self, since: dt.datetime | None = None, after: str | None = None
    ) -> list[LogEntry]:
        """Every election's change-log entries by (at, election, position), oldest first.

        ``since`` keeps the entries published at or after it; ``after`` (an entry id) keeps the
        entries that follow that entry. Raises ValueError when ``after`` names no entry.
        """
        start = 0
        if after is not None:
            start = [entry.id for entry in self._log].index(after) + 1
        return [e for e in self._log[start:] if since is None or e.change.at >= since]

    def log_entry(self, entry_id: str) -> LogEntry | None:
        """The change-log entry with ``entry_id`` (e.g. ``pilkada-2020.3``), or None."""
        return next((entry for entry in self._log if entry.id == entry_id), None)


def _within_a_day(stage: Stage) -> Iterable[dt.date]:
    """The days from the day before ``stage``'s first to the day after its last, where they exist."""
    if stage.first_day is None or stage.last_day is None:
        return
    one = dt.timedelta(days=1)
    day = stage.first_day - one if stage.first_day > dt.date.min else stage.first_day
    last = stage.last_day + one if stage.last_day < dt.date.max else stage.last_day
    while day <= last:
        yield day
        if day == dt.date.max:
            return
        day += one
