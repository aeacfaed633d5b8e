"""The JSON representations the API serves, built from the data (pure: no HTTP, no clock)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import msgspec

from pemilu_api.domain.history import last_modified, sequence
from pemilu_api.domain.models import (
    Category,
    Change,
    ChangeKind,
    Confidence,
    Constraint,
    Contest,
    Election,
    ElectionKind,
    Holiday,
    LegalBasis,
    Length,
    Offset,
    Region,
    RegionLevel,
    Retired,
    Stage,
    StageKind,
    Status,
    Text,
    Window,
    stage_sort_key,
)
from pemilu_api.render.json_hours import LocalHours, Touch, hours_out, touches_out
from pemilu_api.render.urls import Link, Urls


class Out(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every JSON representation."""


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
    changes: tuple[ChangeOut, ...]
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
    """A change-log entry and the election it belongs to.

    ``at`` is when this data set published it; ``decided`` when the instrument decided it.
    ``touched`` gives each stage's dates, status and hours before and after (no ``before``
    when the change added the stage); ``stages`` lists their ids.
    """

    election: str
    at: dt.datetime
    kind: ChangeKind
    decided: dt.date | None
    instrument: LegalBasis | None
    stages: tuple[str, ...]
    touched: tuple[Touch, ...]
    summary: Text
    note: Text | None


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


def stage_out(election: Election, stage: Stage, urls: Urls) -> StageOut:
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
        hours=hours_out(stage.hours),
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
            self=urls.url(urls.stage(election.id, stage.id)),
            election=urls.url(urls.election(election.id)),
            parent=urls.url(urls.stage(election.id, stage.parent)) if stage.parent else None,
            calendar=urls.feed(urls.election_feed(election.id)),
        ),
    )


def election_summary(election: Election, urls: Urls) -> ElectionSummary:
    """The JSON representation of an election without its stages."""
    path = urls.election(election.id)
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
            self=urls.url(path),
            stages=urls.url(urls.stages(election.id)),
            calendar=urls.feed(urls.election_feed(election.id)),
        ),
    )


def _newest(change: Change) -> tuple[dt.datetime, dt.date]:
    return (change.at, change.decided or dt.date.min)


def change_out(election: Election, change: Change) -> ChangeOut:
    """The JSON representation of one change-log entry."""
    return ChangeOut(
        election=election.id,
        at=change.at,
        kind=change.kind,
        decided=change.decided,
        instrument=change.instrument,
        stages=change.stages,
        touched=touches_out(change.touched),
        summary=change.summary,
        note=change.note,
    )


def change_list(entries: Iterable[tuple[Election, Change]]) -> ChangeList:
    """Change-log entries, each with its election, in the order given."""
    found = tuple(change_out(e, c) for e, c in entries)
    return ChangeList(count=len(found), changes=found)


def election_out(election: Election, urls: Urls) -> ElectionOut:
    """The JSON representation of an election with its stages."""
    summary = election_summary(election, urls)
    stages = sorted(election.stages, key=stage_sort_key)
    return ElectionOut(
        **msgspec.structs.asdict(summary),
        stages=tuple(stage_out(election, s, urls) for s in stages),
        rules=Rules(
            constraints=election.constraints, lengths=election.lengths, offsets=election.offsets
        ),
        changes=tuple(
            change_out(election, c) for c in sorted(election.changes, key=_newest, reverse=True)
        ),
        retired=election.retired,
    )


def region_out(
    region: Region, province: Region, elections: tuple[str, ...], urls: Urls
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
            self=urls.url(urls.region(region.code)),
            province=urls.url(urls.region(region.province)),
            calendar=urls.feed(urls.region_feed(region.code)),
        ),
    )
