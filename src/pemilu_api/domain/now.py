"""What is happening at an instant: stages in progress, polls open, what comes next (pure)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import msgspec

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.models import Election, Stage
from pemilu_api.render.json_resources import Links, StageOut, stage_out, stage_sort_key
from pemilu_api.render.language import ZONE_ABBR


class Polls(msgspec.Struct, frozen=True, kw_only=True):
    """A stage's voting hours in one Indonesian time zone, and whether they include the instant."""

    stage: str
    zone: str
    open: bool
    opens: dt.datetime
    closes: dt.datetime


# Where polling stations are: every Indonesian zone, as the regions table names them.
POLL_ZONES: tuple[str, ...] = tuple(ZONE_ABBR)


class ElectionNow(msgspec.Struct, frozen=True, kw_only=True):
    """One election at the instant."""

    election: str
    in_progress: tuple[StageOut, ...]
    polls: tuple[Polls, ...]
    next_stage: StageOut | None


class NextVotingDay(msgspec.Struct, frozen=True, kw_only=True):
    """The next voting day on or after the local date, and the whole days until it."""

    election: str
    date: dt.date
    days_until: int


class Now(msgspec.Struct, frozen=True, kw_only=True):
    """The answer of /v1/now."""

    at: dt.datetime
    tz: str
    local_date: dt.date
    elections: tuple[ElectionNow, ...]
    next_stage: StageOut | None
    next_voting_day: NextVotingDay | None


def in_progress(stage: Stage, day: dt.date) -> bool:
    """Whether a scheduled stage covers the calendar day ``day``."""
    first, last = stage.first_day, stage.last_day
    return (
        stage.status == "scheduled"
        and first is not None
        and last is not None
        and first <= day <= last
    )


def polls_at(stage: Stage, at: dt.datetime) -> tuple[Polls, ...]:
    """A scheduled stage's hours in each Indonesian zone whose calendar shows the stage's day at ``at``.

    Hours are local time at each polling station, so whether polls are open depends on the
    station's zone (WIB, WITA, WIT), not on the zone the client reads calendar days in.
    """
    if stage.hours is None or stage.status != "scheduled" or stage.first_day is None:
        return ()
    found = []
    for name in POLL_ZONES:
        zone = ZoneInfo(name)
        day = at.astimezone(zone).date()
        if stage.first_day <= day <= (stage.last_day or day):
            opens = dt.datetime.combine(day, stage.hours.start, zone)
            closes = dt.datetime.combine(day, stage.hours.end, zone)
            found.append(
                Polls(
                    stage=stage.id, zone=name, open=opens <= at < closes, opens=opens, closes=closes
                )
            )
    return tuple(found)


def _next_stage(election: Election, day: dt.date) -> Stage | None:
    upcoming = [
        s
        for s in election.stages
        if s.status == "scheduled" and s.first_day is not None and s.first_day > day
    ]
    return min(upcoming, key=stage_sort_key, default=None)


def now(dataset: Dataset, at: dt.datetime, zone: ZoneInfo, links: Links) -> Now:
    """Describe every election at the aware instant ``at`` as seen from ``zone``."""
    local = at.astimezone(zone)
    day = local.date()
    per_election: list[ElectionNow] = []
    upcoming: list[tuple[Election, Stage]] = []
    for election in dataset.elections:
        current = sorted((s for s in election.stages if in_progress(s, day)), key=stage_sort_key)
        polls = tuple(
            p for s in sorted(election.stages, key=stage_sort_key) for p in polls_at(s, at)
        )
        following = _next_stage(election, day)
        if following is not None:
            upcoming.append((election, following))
        per_election.append(
            ElectionNow(
                election=election.id,
                in_progress=tuple(stage_out(election, s, links) for s in current),
                polls=polls,
                next_stage=stage_out(election, following, links) if following else None,
            )
        )
    first = min(upcoming, key=lambda pair: (*stage_sort_key(pair[1]), pair[0].id), default=None)
    voting = min(
        ((e.voting_day, e.id) for e in dataset.elections if e.voting_day >= day), default=None
    )
    return Now(
        at=local,
        tz=zone.key,
        local_date=day,
        elections=tuple(per_election),
        next_stage=stage_out(first[0], first[1], links) if first else None,
        next_voting_day=(
            NextVotingDay(election=voting[1], date=voting[0], days_until=(voting[0] - day).days)
            if voting
            else None
        ),
    )
