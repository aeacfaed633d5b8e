"""What is happening at an instant: stages in progress, polls open, what comes next (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from zoneinfo import ZoneInfo

import msgspec

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.days import ONE_DAY
from pemilu_api.domain.models import Election, Region, Stage, stage_sort_key
from pemilu_api.domain.regions import stages_in
from pemilu_api.domain.vocabulary import ElectionStatus
from pemilu_api.domain.zones import INDONESIAN_ZONES


class PollHours(msgspec.Struct, frozen=True, kw_only=True):
    """A stage's voting hours in one Indonesian time zone, and whether they include the instant."""

    stage: Stage
    zone: str
    open: bool
    opens: dt.datetime
    closes: dt.datetime


class ElectionMoment(msgspec.Struct, frozen=True, kw_only=True):
    """One election at the instant: stages in progress, polls, and the next stage to start."""

    election: Election
    in_progress: tuple[Stage, ...]
    polls: tuple[PollHours, ...]
    next_stage: Stage | None


class NextStage(msgspec.Struct, frozen=True, kw_only=True):
    """The next stage to start after the local date, across elections, and its election."""

    election: Election
    stage: Stage


class NextVote(msgspec.Struct, frozen=True, kw_only=True):
    """The next voting day on or after the local date, and the whole days until it."""

    election: Election
    date: dt.date
    days_until: int


class NextElection(msgspec.Struct, frozen=True, kw_only=True):
    """The next election: scheduled on or after the local date, else announced (no date yet).

    The first scheduled one whose voting day is on or after the local date, else the first
    announced one (due by law, no schedule set yet).
    """

    election: Election
    status: ElectionStatus
    voting_day: dt.date | None


class Moment(msgspec.Struct, frozen=True, kw_only=True):
    """Every election at an instant seen from a zone."""

    at: dt.datetime
    zone: ZoneInfo
    local_date: dt.date
    elections: tuple[ElectionMoment, ...]
    next_stage: NextStage | None
    next_vote: NextVote | None
    next_election: NextElection | None


def polls_at(stage: Stage, at: dt.datetime) -> tuple[PollHours, ...]:
    """A scheduled stage's hours in each Indonesian zone whose calendar shows the stage's day at ``at``.

    Hours are local time at each polling station, so whether polls are open depends on the
    station's zone (WIB, WITA, WIT), not on the zone the client reads calendar days in.
    """
    if stage.hours is None or stage.status != "scheduled" or stage.first_day is None:
        return ()
    last_day = stage.last_day or stage.first_day
    # Every zone's calendar is within a day of UTC's: a stage outside those days has no polls.
    utc_day = at.astimezone(dt.UTC).date()
    if last_day < utc_day - ONE_DAY or utc_day + ONE_DAY < stage.first_day:
        return ()
    found = []
    for name in INDONESIAN_ZONES:
        zone = ZoneInfo(name)
        day = at.astimezone(zone).date()
        if stage.first_day <= day <= last_day:
            opens = dt.datetime.combine(day, stage.hours.start, zone)
            closes = dt.datetime.combine(day, stage.hours.end, zone)
            found.append(
                PollHours(
                    stage=stage, zone=name, open=opens <= at < closes, opens=opens, closes=closes
                )
            )
    return tuple(found)


def moment_key(
    dataset: Dataset, at: dt.datetime, zone: ZoneInfo, region: Region | None = None
) -> Hashable:
    """What ``moment`` depends on besides the instant itself.

    Two instants with equal keys (same zone and region) have the same moment but for its
    ``at``, so one rendering serves both. The key is the zone, the region, the local date, and
    the poll hours of every election's timed stages at the instant: all elections', not just
    the region's, which makes the key finer than it needs to be but never wrong.
    """
    polls = tuple(
        (election.id, hours.stage.id, hours.zone, hours.opens, hours.open)
        for election, stage in dataset.timed_near(at.astimezone(dt.UTC).date())
        for hours in polls_at(stage, at)
    )
    return (
        zone.key,
        region.code if region is not None else None,
        at.astimezone(zone).date(),
        polls,
    )


def _scope(dataset: Dataset, region: Region | None) -> list[tuple[Election, frozenset[str] | None]]:
    """The elections to describe, each with the ids of the stages that apply (None: all)."""
    if region is None:
        return [(e, None) for e in dataset.elections]
    held = (dataset.election(i) for i in dataset.elections_held_in(region.code))
    return [(e, frozenset(s.id for s in stages_in(e, region))) for e in held if e is not None]


def moment(
    dataset: Dataset, at: dt.datetime, zone: ZoneInfo, region: Region | None = None
) -> Moment:
    """Describe every election at the aware instant ``at`` as seen from ``zone``.

    With ``region``, only the elections held there and the stages that apply there, and the
    polls of the region's own zone. Each election's view of the day comes from its day index.
    """
    local = at.astimezone(zone)
    day = local.date()
    per_election: list[ElectionMoment] = []
    upcoming: list[NextStage] = []
    scope = _scope(dataset, region)
    for election, applying in scope:
        days = dataset.days(election)
        view = days.on(day).within(applying)
        following = view.upcoming[0] if view.upcoming else None
        if following is not None:
            upcoming.append(NextStage(election=election, stage=following))
        timed = (s for s in days.timed if applying is None or s.id in applying)
        polls = (p for s in timed for p in polls_at(s, at))
        per_election.append(
            ElectionMoment(
                election=election,
                in_progress=view.in_progress,
                polls=tuple(p for p in polls if region is None or p.zone == region.time_zone),
                next_stage=following,
            )
        )
    first = min(upcoming, key=lambda n: (*stage_sort_key(n.stage), n.election.id), default=None)
    elections = [e for e, _ in scope]
    upcoming_votes = [
        (e.voting_day, e) for e in elections if e.voting_day is not None and e.voting_day >= day
    ]
    voting_day, voting = min(upcoming_votes, key=lambda p: (p[0], p[1].id), default=(day, None))
    announced = [e for e in elections if e.status == "announced"]
    after = voting or min(announced, key=lambda e: e.id, default=None)
    return Moment(
        at=local,
        zone=zone,
        local_date=day,
        elections=tuple(per_election),
        next_stage=first,
        next_vote=(
            NextVote(election=voting, date=voting_day, days_until=(voting_day - day).days)
            if voting
            else None
        ),
        next_election=(
            NextElection(election=after, status=after.status, voting_day=after.voting_day)
            if after
            else None
        ),
    )
