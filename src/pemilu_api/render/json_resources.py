"""The JSON representations the API serves, built from the data (pure: no HTTP, no clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import msgspec

from pemilu_api.domain.models import (
    Category,
    Change,
    Confidence,
    Constraint,
    Contest,
    Election,
    ElectionKind,
    Holiday,
    LegalBasis,
    Length,
    LocalHours,
    Offset,
    Region,
    RegionLevel,
    Retired,
    Stage,
    StageKind,
    Status,
    Text,
    Window,
)


class Out(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every JSON representation."""


class Link(Out, frozen=True, kw_only=True):
    """A feed's address in both forms calendar apps take."""

    https: str
    webcal: str


class StageLinks(Out, frozen=True, kw_only=True):
    """Where a stage and its neighbours live."""

    self: str
    election: str
    parent: str | None
    calendar: Link


class StageOut(Out, frozen=True, kw_only=True):
    """A stage with dates (inclusive, ISO 8601), legal basis and confidence."""

    id: str
    election: str
    name: Text
    category: Category
    kind: StageKind
    start: dt.date | None
    end: dt.date | None
    undated: Text | None
    parent: str | None
    hours: LocalHours | None
    status: Status
    key: bool
    holiday: Holiday | None
    regions: tuple[str, ...]
    basis: tuple[LegalBasis, ...]
    confidence: Confidence
    note: Text | None
    sequence: int
    last_modified: dt.datetime | None
    links: StageLinks


class ElectionLinks(Out, frozen=True, kw_only=True):
    """Where an election's resources live."""

    self: str
    stages: str
    calendar: Link


class ElectionSummary(Out, frozen=True, kw_only=True):
    """An election without its stages."""

    id: str
    name: Text
    kind: ElectionKind
    voting_day: dt.date
    basis: tuple[LegalBasis, ...]
    window: Window
    revision: dt.datetime
    contests: tuple[Contest, ...]
    note: Text | None
    links: ElectionLinks


class Rules(Out, frozen=True, kw_only=True):
    """The ordering rules an election declares."""

    constraints: tuple[Constraint, ...]
    lengths: tuple[Length, ...]
    offsets: tuple[Offset, ...]


class ElectionOut(ElectionSummary, frozen=True, kw_only=True):
    """An election with its stages (by start date, then id), rules and change log."""

    stages: tuple[StageOut, ...]
    rules: Rules
    changes: tuple[Change, ...]
    retired: tuple[Retired, ...]


class ElectionList(Out, frozen=True, kw_only=True):
    """Every election, by voting day."""

    elections: tuple[ElectionSummary, ...]
    revision: dt.datetime


class StageList(Out, frozen=True, kw_only=True):
    """The stages of an election that match a query, by start date then id."""

    election: str
    count: int
    stages: tuple[StageOut, ...]


class ChangeOut(Out, frozen=True, kw_only=True):
    """A change-log entry and the election it belongs to."""

    election: str
    at: dt.datetime
    stages: tuple[str, ...]
    summary: Text


class ChangeList(Out, frozen=True, kw_only=True):
    """Change-log entries of every election, newest first."""

    count: int
    changes: tuple[ChangeOut, ...]


class RegionLinks(Out, frozen=True, kw_only=True):
    """Where a region's resources live."""

    self: str
    province: str
    calendar: Link


class RegionOut(Out, frozen=True, kw_only=True):
    """A province or kabupaten/kota and the elections held there."""

    code: str
    level: RegionLevel
    name: str
    province: str
    province_name: str
    time_zone: str
    elections: tuple[str, ...]
    links: RegionLinks


class RegionList(Out, frozen=True, kw_only=True):
    """Regions that match a query, by code."""

    count: int
    regions: tuple[RegionOut, ...]


class Health(Out, frozen=True, kw_only=True):
    """Liveness and what data is loaded."""

    status: str
    version: str
    revision: dt.datetime
    elections: int
    stages: int
    regions: int


def stage_sort_key(stage: Stage) -> tuple[int, dt.date, str]:
    """Order by start date then id; undated stages last."""
    first = stage.first_day
    return (0, first, stage.id) if first is not None else (1, dt.date.min, stage.id)


def sequence(election: Election, stage_id: str) -> int:
    """How many change-log entries touched the stage."""
    return sum(1 for change in election.changes if stage_id in change.stages)


def last_modified(election: Election, stage_id: str) -> dt.datetime | None:
    """The latest change-log entry that touched the stage, or None."""
    return max((c.at for c in election.changes if stage_id in c.stages), default=None)


@dataclass(frozen=True)
class Links:
    """Absolute links under the configured public base URL (never the request's Host)."""

    base_url: str

    def url(self, path: str) -> str:
        """The absolute https (or configured scheme) URL of ``path``."""
        return f"{self.base_url}{path}"

    def feed(self, path: str) -> Link:
        """A feed's URL in https and webcal forms."""
        url = self.url(path)
        return Link(https=url, webcal="webcal://" + url.split("://", 1)[1])

    def election(self, election_id: str) -> str:
        """The path of an election resource."""
        return f"/v1/elections/{election_id}"

    def stage(self, election_id: str, stage_id: str) -> str:
        """The path of a stage resource."""
        return f"/v1/elections/{election_id}/stages/{stage_id}"

    def region(self, code: str) -> str:
        """The path of a region resource."""
        return f"/v1/regions/{code}"

    def election_feed(self, election_id: str) -> str:
        """The path of an election's iCalendar feed."""
        return f"{self.election(election_id)}/calendar.ics"

    def region_feed(self, code: str) -> str:
        """The path of a region's iCalendar feed."""
        return f"{self.region(code)}/calendar.ics"

    all_feed: ClassVar[str] = "/v1/calendar.ics"


def stage_out(election: Election, stage: Stage, links: Links) -> StageOut:
    """The JSON representation of one stage."""
    return StageOut(
        id=stage.id,
        election=election.id,
        name=stage.name,
        category=stage.category,
        kind=stage.kind,
        start=stage.first_day,
        end=stage.last_day,
        undated=stage.undated,
        parent=stage.parent,
        hours=stage.hours,
        status=stage.status,
        key=stage.key,
        holiday=stage.holiday,
        regions=stage.regions,
        basis=stage.basis,
        confidence=stage.confidence,
        note=stage.note,
        sequence=sequence(election, stage.id),
        last_modified=last_modified(election, stage.id),
        links=StageLinks(
            self=links.url(links.stage(election.id, stage.id)),
            election=links.url(links.election(election.id)),
            parent=links.url(links.stage(election.id, stage.parent)) if stage.parent else None,
            calendar=links.feed(links.election_feed(election.id)),
        ),
    )


def election_summary(election: Election, links: Links) -> ElectionSummary:
    """The JSON representation of an election without its stages."""
    path = links.election(election.id)
    return ElectionSummary(
        id=election.id,
        name=election.name,
        kind=election.kind,
        voting_day=election.voting_day,
        basis=election.basis,
        window=election.window,
        revision=election.revision,
        contests=election.contests,
        note=election.note,
        links=ElectionLinks(
            self=links.url(path),
            stages=links.url(f"{path}/stages"),
            calendar=links.feed(links.election_feed(election.id)),
        ),
    )


def election_out(election: Election, links: Links) -> ElectionOut:
    """The JSON representation of an election with its stages."""
    summary = election_summary(election, links)
    stages = sorted(election.stages, key=stage_sort_key)
    return ElectionOut(
        **msgspec.structs.asdict(summary),
        stages=tuple(stage_out(election, s, links) for s in stages),
        rules=Rules(
            constraints=election.constraints, lengths=election.lengths, offsets=election.offsets
        ),
        changes=tuple(sorted(election.changes, key=lambda c: c.at, reverse=True)),
        retired=election.retired,
    )


def region_out(
    region: Region, province: Region, elections: tuple[str, ...], links: Links
) -> RegionOut:
    """The JSON representation of a region."""
    return RegionOut(
        code=region.code,
        level=region.level,
        name=region.name,
        province=region.province,
        province_name=province.name,
        time_zone=region.time_zone,
        elections=elections,
        links=RegionLinks(
            self=links.url(links.region(region.code)),
            province=links.url(links.region(region.province)),
            calendar=links.feed(links.region_feed(region.code)),
        ),
    )
