"""The election data model: what a fixture file holds, decoded strictly by msgspec.

A fixture is one TOML file per election. These Structs are both the fixture schema and the
domain model; the JSON API renders its own representations from them (``render/json_resources.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pemilu_api.domain.declared_rules import Constraint, Length, Offset, RelativeRule
from pemilu_api.domain.vocabulary import (
    Base,
    Category,
    Confidence,
    Coverage,
    ElectionKind,
    ElectionStatus,
    Holiday,
    LegalBasis,
    LocalHours,
    NonEmpty,
    RegionCode,
    Slug,
    StageKind,
    Status,
    Text,
    require_items,
    require_usable_days,
)


class Actual(Base, frozen=True, kw_only=True):
    """The days a stage actually ran (inclusive), where the sources give them beside the schedule.

    Attributes:
        start: The first day it actually ran
        end: The last day it actually ran (inclusive)
        note: Where the actual dates come from, or null

    """

    start: dt.date
    end: dt.date
    note: Text | None = None

    def __post_init__(self) -> None:
        require_usable_days(self.start, self.end)
        if self.end < self.start:
            raise ValueError(f"actual end {self.end} is before actual start {self.start}")


class Stage(Base, frozen=True, kw_only=True):
    """One stage (tahapan) of an election: a period, a single day, or a deadline.

    ``date`` holds the day of a "day" or "deadline"; ``start``/``end`` (inclusive) a "period".
    A stage whose date is relative or varies by region has no dates and an ``undated`` reason.
    ``derived`` says what its dates were computed from, when no source states them; ``actual``
    gives the days it actually ran, when the sources give them beside the scheduled ones.
    """

    id: Slug
    name: Text
    category: Category
    kind: StageKind
    start: dt.date | None = None
    end: dt.date | None = None
    date: dt.date | None = None
    undated: Text | None = None
    parent: Slug | None = None
    hours: LocalHours | None = None
    status: Status = "scheduled"
    key: bool = False
    holiday: Holiday | None = None
    regions: tuple[RegionCode, ...] = ()
    basis: tuple[LegalBasis, ...]
    confidence: Confidence
    derived: Text | None = None
    actual: Actual | None = None
    note: Text | None = None

    def __post_init__(self) -> None:
        require_items(self, "basis")
        require_usable_days(self.start, self.end, self.date)
        if self.undated is not None:
            if (self.start, self.end, self.date) != (None, None, None):
                raise ValueError("an undated stage has no start, end or date")
            if self.derived is not None or self.actual is not None:
                raise ValueError("an undated stage has no derived or actual dates")
        elif self.kind == "period":
            if self.date is not None:
                raise ValueError("a period has start and end, not date")
            if self.start is None or self.end is None:
                raise ValueError("a period needs start and end (or an undated reason)")
            if self.end < self.start:
                raise ValueError(f"end {self.end} is before start {self.start}")
        else:
            if self.start is not None or self.end is not None:
                raise ValueError(f"a {self.kind} has date, not start and end")
            if self.date is None:
                raise ValueError(f"a {self.kind} needs date (or an undated reason)")
        if self.hours is not None and self.undated is None and self.first_day != self.last_day:
            raise ValueError("hours are only given for a single-day stage")

    @property
    def first_day(self) -> dt.date | None:
        """The stage's first day, or None when it is undated."""
        return self.start if self.kind == "period" else self.date

    @property
    def last_day(self) -> dt.date | None:
        """The stage's last day (inclusive), or None when it is undated."""
        return self.end if self.kind == "period" else self.date

    @property
    def dated(self) -> bool:
        """Whether the stage has dates."""
        return self.undated is None


def election_sort_key(election: Election) -> tuple[int, dt.date, str]:
    """Order by voting day then id; announced elections (no voting day yet) last."""
    day = election.voting_day
    return (0, day, election.id) if day is not None else (1, dt.date.max, election.id)


def stage_sort_key(stage: Stage) -> tuple[int, dt.date, str]:
    """Order by start date then id; undated stages last."""
    first = stage.first_day
    return (0, first, stage.id) if first is not None else (1, dt.date.min, stage.id)


class Window(Base, frozen=True, kw_only=True):
    """The first and last day the law gives an election (declared, not computed from its stages).

    Attributes:
        start: First day, inclusive
        end: Last day, inclusive
        basis: Where the law gives it
        note: A remark, or null

    """

    start: dt.date
    end: dt.date
    basis: tuple[LegalBasis, ...]
    note: Text | None = None

    def __post_init__(self) -> None:
        require_items(self, "basis")
        require_usable_days(self.start, self.end)
        if self.end < self.start:
            raise ValueError(f"window end {self.end} is before start {self.start}")


ContestLevel = Literal["national", "provinsi", "kabupaten-kota", "kabupaten", "kota"]


class Contest(Base, frozen=True, kw_only=True):
    """Who is elected where: every region of ``level``, less the codes in ``exclude``.

    In an election held only in listed regions (``Election.held_in``), only the listed ones.

    Attributes:
        id: Stable contest id within the election
        office: The office elected, in Indonesian and English
        level: The level of the regions that elect it (an open enumeration)
        exclude: Region codes that do not hold it
        note: A remark, or null

    """

    id: Slug
    office: Text
    level: ContestLevel
    exclude: tuple[RegionCode, ...] = ()
    note: Text | None = None


ChangeKind = Literal["publication", "official", "correction"]
Action = Literal["added", "moved", "suspended", "resumed", "cancelled", "corrected"]


class Snapshot(Base, frozen=True, kw_only=True):
    """A stage's dates (first and last day, inclusive; none when undated), status and hours."""

    start: dt.date | None = None
    end: dt.date | None = None
    status: Status
    hours: LocalHours | None = None

    def __post_init__(self) -> None:
        require_usable_days(self.start, self.end)
        if (self.start is None) != (self.end is None):
            raise ValueError("a snapshot has both start and end, or neither")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")


class Touch(Base, frozen=True, kw_only=True):
    """What one change did to one stage: its state before (none when added) and after."""

    stage: Slug
    action: Action
    before: Snapshot | None = None
    after: Snapshot


class Change(Base, frozen=True, kw_only=True):
    """One change-log entry: published at ``at``, decided on ``decided`` by ``instrument``.

    ``publication`` is the election's first schedule as published (it touches no stage);
    ``official`` is a change by an instrument; ``correction`` corrects this data set.
    """

    at: dt.datetime
    kind: ChangeKind
    decided: dt.date | None = None
    instrument: LegalBasis | None = None
    summary: Text
    note: Text | None = None
    touched: tuple[Touch, ...] = ()

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("a change's date-time needs an offset (e.g. +07:00 or Z)")
        if self.kind == "publication" and self.touched:
            raise ValueError("a publication touches no stage")
        if self.kind == "official" and not self.touched:
            raise ValueError("an official change touches at least one stage")

    @property
    def stages(self) -> tuple[str, ...]:
        """The ids of the stages the change touched."""
        return tuple(t.stage for t in self.touched)


def snapshot(stage: Stage) -> Snapshot:
    """A stage's dates, status and hours as a change records them."""
    return Snapshot(
        start=stage.first_day, end=stage.last_day, status=stage.status, hours=stage.hours
    )


class Retired(Base, frozen=True, kw_only=True):
    """A stage id that was dropped; it is never reused.

    Attributes:
        id: The dropped stage id
        at: When it was dropped
        reason: Why, in Indonesian and English

    """

    id: Slug
    at: dt.datetime
    reason: Text

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("a retirement's date-time needs an offset (e.g. +07:00 or Z)")


class LegalEvent(Base, frozen=True, kw_only=True):
    """A dated legal fact about an election that is not one of its stages (e.g. a ruling).

    Attributes:
        id: Stable id of the event within its election
        date: The day it happened
        name: What happened, in Indonesian and English
        basis: The instrument it is (or comes from)
        confidence: How sure the date is: high, medium or low
        note: A remark, or null

    """

    id: Slug
    date: dt.date
    name: Text
    basis: tuple[LegalBasis, ...]
    confidence: Confidence
    note: Text | None = None

    def __post_init__(self) -> None:
        require_items(self, "basis")
        require_usable_days(self.date)


class Election(Base, frozen=True, kw_only=True):
    """One election: its stages, contests, ordering rules and change log.

    A "scheduled" election has a voting day and a window; an "announced" one has neither, and
    no dated stage. ``coverage`` defaults to "listed" when regions are listed (inline or in
    ``held_in``), else "contests"; see :attr:`reach` for the value in force.
    """

    id: Slug
    name: Text
    kind: ElectionKind
    status: ElectionStatus = "scheduled"
    voting_day: dt.date | None = None
    basis: tuple[LegalBasis, ...]
    window: Window | None = None
    revision: dt.datetime
    coverage: Coverage | None = None
    held_in: str | None = None
    regions: tuple[RegionCode, ...] = ()
    contests: tuple[Contest, ...]
    stages: tuple[Stage, ...]
    constraints: tuple[Constraint, ...] = ()
    lengths: tuple[Length, ...] = ()
    offsets: tuple[Offset, ...] = ()
    changes: tuple[Change, ...]
    retired: tuple[Retired, ...] = ()
    relative: tuple[RelativeRule, ...] = ()
    events: tuple[LegalEvent, ...] = ()
    note: Text | None = None

    def __post_init__(self) -> None:
        require_items(self, "basis", "contests", "stages", "changes")
        require_usable_days(self.voting_day)
        if self.revision.tzinfo is None:
            raise ValueError("revision needs an offset (e.g. +07:00 or Z)")
        if self.status == "scheduled" and (self.voting_day is None or self.window is None):
            raise ValueError("a scheduled election needs voting_day and window")
        if self.status == "announced" and (self.voting_day is not None or self.window is not None):
            raise ValueError("an announced election has no voting_day and no window")
        listed = bool(self.regions) or self.held_in is not None
        if self.coverage == "listed" and not listed:
            raise ValueError('coverage "listed" needs held_in or regions')
        if self.coverage in ("contests", "unknown") and listed:
            raise ValueError(f'coverage "{self.coverage}" takes no held_in or regions')

    @property
    def reach(self) -> Coverage:
        """The coverage in force: as declared, else "listed" with a list, else "contests"."""
        if self.coverage is not None:
            return self.coverage
        return "listed" if self.regions or self.held_in is not None else "contests"

    @property
    def short_name(self) -> str:
        """The short name, the same in both languages: the id in words ("Pemilu 2024")."""
        words = self.id.replace("-", " ")
        return words[:1].upper() + words[1:]

    def stage(self, stage_id: str) -> Stage | None:
        """Return the stage with ``stage_id``, or None."""
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        return None


RegionLevel = Literal["provinsi", "kabupaten", "kota"]


class Region(Base, frozen=True, kw_only=True):
    """A province or kabupaten/kota, with its Kemendagri code and IANA time zone."""

    code: RegionCode
    level: RegionLevel
    name: NonEmpty
    province: RegionCode
    time_zone: NonEmpty
