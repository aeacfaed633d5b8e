"""The JSON representations the API serves, built from the data (pure: no HTTP, no clock)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import msgspec

from pemilu_api.domain.dataset import LogEntry
from pemilu_api.domain.declared_rules import Constraint, Length, Offset, RelativeRule
from pemilu_api.domain.history import last_modified, sequence
from pemilu_api.domain.models import (
    Actual,
    ChangeKind,
    Contest,
    Election,
    LegalEvent,
    Retired,
    Stage,
    Window,
    stage_sort_key,
)
from pemilu_api.domain.vocabulary import (
    Category,
    Confidence,
    Coverage,
    ElectionKind,
    ElectionStatus,
    Holiday,
    LegalBasis,
    StageKind,
    Status,
    Text,
)
from pemilu_api.render.json_hours import LocalHours, Touch, hours_out, touches_out
from pemilu_api.render.urls import Link, Urls


class Out(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every JSON representation."""


class StageLinks(Out, frozen=True, kw_only=True):
    """Where a stage and its neighbours live.

    Attributes:
        self: This stage's URL
        election: Its election's URL
        parent: The URL of the stage it belongs to (null for a top-level stage)
        calendar: The election's iCalendar feed

    """

    self: str
    election: str
    parent: str | None
    calendar: Link


class StageOut(Out, frozen=True, kw_only=True):
    """A stage with dates (inclusive, ISO 8601), legal basis and confidence.

    Attributes:
        id: Stable stage id, unique within its election (never changed, never reused)
        election: The id of the election it belongs to
        name: Its name in Indonesian and English
        category: What part of the election it is (an open enumeration: new values may appear within
            v1)
        kind: period (several days), day (one day) or deadline (the last day to do something)
        start: First day, inclusive (null when undated)
        end: Last day, inclusive (equal to start for a day or deadline; null when undated)
        undated: Why the stage has no date (set relative to another event, or differing by region);
            null when dated
        parent: The id of the stage it is part of, or null
        hours: Polling hours on voting days (local time at each polling station), else null
        status: scheduled, suspended or cancelled (an open enumeration)
        key: Whether it is a key date (shown by the key=true filters and feeds)
        holiday: The national holiday declared for this day, if any
        regions: The region codes it applies in; empty when it applies wherever its election is held
        basis: The legal instruments the dates come from
        confidence: How sure the dates are: high (from the instrument), medium or low
        note: A remark on the stage, or null
        sequence: How many change-log entries touched the stage (0 when it never moved)
        last_modified: When a change last touched the stage (null when none did)
        derived: What the dates were computed from when no source states them, else null
        actual: The days the stage actually ran, where the sources give them beside the schedule
        links: Where the stage and its neighbours live

    """

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
    derived: Text | None
    actual: Actual | None
    note: Text | None
    sequence: int
    last_modified: dt.datetime | None
    links: StageLinks


class ElectionLinks(Out, frozen=True, kw_only=True):
    """Where an election's resources live.

    Attributes:
        self: This election's URL
        stages: Its stage list
        calendar: Its iCalendar feed

    """

    self: str
    stages: str
    calendar: Link


class ElectionSummary(Out, frozen=True, kw_only=True):
    """An election without its stages.

    Attributes:
        id: Stable election id, e.g. pemilu-2024 (never changed, never reused)
        name: Its name in Indonesian and English
        kind: pemilu (national) or pilkada (regional heads); an open enumeration
        voting_day: The (main) voting day; null while the election is only announced
        status: scheduled, or announced (KPU has set no schedule: no voting day, no window)
        coverage: listed (held only in the regions listed), contests (every region of each
            contest's level) or unknown (no list exists: region resources leave it out)
        regions: The listed regions when coverage is listed, else empty
        relative: Rules stated relative to dates not yet set
        events: Dated legal facts that are not stages
        basis: The legal instruments that set the election
        window: The first and last day the law gives the election; null while announced
        revision: When this election's data last changed (the Last-Modified of its resources)
        contests: Who is elected where
        note: A remark on the election, or null
        links: Where the election's resources live

    """

    id: str
    name: Text
    kind: ElectionKind
    status: ElectionStatus
    voting_day: dt.date | None
    basis: tuple[LegalBasis, ...]
    window: Window | None
    revision: dt.datetime
    contests: tuple[Contest, ...]
    coverage: Coverage
    regions: tuple[str, ...]
    relative: tuple[RelativeRule, ...]
    events: tuple[LegalEvent, ...]
    note: Text | None
    links: ElectionLinks


class Rules(Out, frozen=True, kw_only=True):
    """The ordering rules an election declares.

    Attributes:
        constraints: Allen-relation constraints between pairs of stages
        lengths: Exact lengths of stages, in days
        offsets: Exact distances between stage edges, in days

    """

    constraints: tuple[Constraint, ...]
    lengths: tuple[Length, ...]
    offsets: tuple[Offset, ...]


class ElectionOut(ElectionSummary, frozen=True, kw_only=True):
    """An election with its stages (by start date, then id), rules and change log.

    Attributes:
        stages: Its stages, by start date then id
        rules: The ordering rules the law sets between its stages
        changes: Its change log, newest first
        retired: Stage ids dropped from it (never reused)

    """

    stages: tuple[StageOut, ...]
    rules: Rules
    changes: tuple[ChangeOut, ...]
    retired: tuple[Retired, ...]


class ElectionList(Out, frozen=True, kw_only=True):
    """Every election, by voting day.

    Attributes:
        elections: Every election, by voting day, without stages
        revision: The data revision (newest of all elections)

    """

    elections: tuple[ElectionSummary, ...]
    revision: dt.datetime


class StageList(Out, frozen=True, kw_only=True):
    """The stages of an election that match a query, by start date then id.

    Attributes:
        election: The election's id
        count: How many stages matched
        stages: The stages that matched, by start date then id

    """

    election: str
    count: int
    stages: tuple[StageOut, ...]


class ChangeOut(Out, frozen=True, kw_only=True):
    """A change-log entry and the election it belongs to.

    ``at`` is when this data set published it; ``decided`` when the instrument decided it.
    ``touched`` gives each stage's dates, status and hours before and after (no ``before``
    when the change added the stage); ``stages`` lists their ids.

    Attributes:
        id: The entry's stable id, the election's id and the entry's position in its log (e.g.
            pilkada-2020.3); the after parameter of /v1/changes takes it
        election: The id of the election it belongs to
        at: When this data set published the change
        kind: publication (first schedule), official (changed by an instrument) or correction (of
            this data set); an open enumeration
        decided: When the instrument decided it, or null
        instrument: The instrument that made the change, or null
        stages: The ids of the stages it touched
        touched: Each touched stage's dates, status and hours before and after
        summary: What changed, in Indonesian and English
        note: A remark, or null

    """

    id: str
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
    """A page of change-log entries of every election, by publication time, then election.

    Attributes:
        count: How many entries this page lists
        changes: The entries, oldest publication first; within one publication time by election
            id, then by their order in the election's log
        next: The URL of the next page, or null on the last page

    """

    count: int
    changes: tuple[ChangeOut, ...]
    next: str | None


class Health(Out, frozen=True, kw_only=True):
    """Liveness and what data is loaded.

    Attributes:
        status: ok once the data is loaded and valid
        version: The server's version
        revision: The data revision
        elections: How many elections are loaded
        stages: How many stages are loaded
        regions: How many regions are loaded

    """

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
        derived=stage.derived,
        actual=stage.actual,
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
        status=election.status,
        voting_day=election.voting_day,
        basis=election.basis,
        window=election.window,
        revision=election.revision,
        contests=election.contests,
        coverage=election.reach,
        regions=election.regions,
        relative=election.relative,
        events=election.events,
        note=election.note,
        links=ElectionLinks(
            self=urls.url(path),
            stages=urls.url(urls.stages(election.id)),
            calendar=urls.feed(urls.election_feed(election.id)),
        ),
    )


def change_out(entry: LogEntry) -> ChangeOut:
    """The JSON representation of one change-log entry."""
    election, change = entry.election, entry.change
    return ChangeOut(
        id=entry.id,
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


def change_page(
    entries: Sequence[LogEntry], limit: int, since: str | None, urls: Urls, default_limit: int
) -> ChangeList:
    """The first ``limit`` of ``entries``, with the link to the next page when more follow.

    The next link keeps ``since`` as the client wrote it and ``limit`` unless it is the default.
    """
    found = tuple(change_out(entry) for entry in entries[:limit])
    next_url = next_changes_url(entries, limit, since, urls, default_limit)
    return ChangeList(count=len(found), changes=found, next=next_url)


def next_changes_url(
    entries: Sequence[LogEntry], limit: int, since: str | None, urls: Urls, default_limit: int
) -> str | None:
    """The URL of the page after the first ``limit`` of ``entries``, or None when none follow."""
    if len(entries) <= limit:
        return None
    shown = None if limit == default_limit else limit
    return urls.url(urls.changes_page(since, entries[limit - 1].id, shown))


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
            change_out(LogEntry(election, number, change))
            for number, change in reversed(tuple(enumerate(election.changes, start=1)))
        ),
        retired=election.retired,
    )
