"""The JSON representation of /v1/now, built from the domain's ``Moment`` (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import msgspec

from pemilu_api.domain.models import Election, Stage
from pemilu_api.domain.now import ElectionMoment, Moment, PollHours
from pemilu_api.domain.vocabulary import ElectionStatus
from pemilu_api.render.json_resources import StageOut, stage_out
from pemilu_api.render.urls import Urls

# How a stage becomes its JSON representation (``stage_out`` with a link builder, or a cache).
StageRender = Callable[[Election, Stage], StageOut]


class Polls(msgspec.Struct, frozen=True, kw_only=True):
    """A stage's voting hours in one Indonesian time zone, and whether they include the instant.

    Attributes:
        stage: The voting stage's id
        zone: The Indonesian time zone whose polling stations these are
        open: Whether polls are open at the instant
        opens: When polls open there
        closes: When polls close there

    """

    stage: str
    zone: str
    open: bool
    opens: dt.datetime
    closes: dt.datetime


class ElectionNow(msgspec.Struct, frozen=True, kw_only=True):
    """One election at the instant.

    Attributes:
        election: The election's id
        in_progress: Its stages with a day on the local date
        polls: Polls of a voting day at the instant, per Indonesian zone
        next_stage: Its next stage to start after the local date, or null

    """

    election: str
    in_progress: tuple[StageOut, ...]
    polls: tuple[Polls, ...]
    next_stage: StageOut | None


class NextVotingDay(msgspec.Struct, frozen=True, kw_only=True):
    """The next voting day on or after the local date, and the whole days until it.

    Attributes:
        election: The election's id
        date: The voting day
        days_until: Whole days from the local date to it (0 on the day)

    """

    election: str
    date: dt.date
    days_until: int


class NextElection(msgspec.Struct, frozen=True, kw_only=True):
    """The next election: scheduled on or after the local date, else announced (no date yet).

    Attributes:
        election: The election's id
        status: scheduled, or announced (KPU has not set a schedule yet)
        voting_day: Its voting day; null while it is only announced

    """

    election: str
    status: ElectionStatus
    voting_day: dt.date | None


# The instant comes last: the instants of one class (``moment_key``) share all that comes before
# it, so that part is rendered, compressed and hashed once for them all (``now_start``).
class Now(msgspec.Struct, frozen=True, kw_only=True):
    """The answer of /v1/now.

    Attributes:
        tz: The time zone the calendar days are read in
        local_date: The calendar day the instant falls on in tz
        elections: Each election at the instant
        next_stage: The next stage of any election to start, or null
        next_voting_day: The next voting day of a scheduled election, or null
        next_election: The next election, scheduled or only announced (KPU has set no schedule yet),
            when no scheduled voting day lies ahead; else null
        at: The instant asked about

    """

    tz: str
    local_date: dt.date
    elections: tuple[ElectionNow, ...]
    next_stage: StageOut | None
    next_voting_day: NextVotingDay | None
    next_election: NextElection | None
    at: dt.datetime


def _polls(hours: PollHours) -> Polls:
    return Polls(
        stage=hours.stage.id,
        zone=hours.zone,
        open=hours.open,
        opens=hours.opens,
        closes=hours.closes,
    )


def _election_now(state: ElectionMoment, render_stage: StageRender) -> ElectionNow:
    election = state.election
    return ElectionNow(
        election=election.id,
        in_progress=tuple(render_stage(election, s) for s in state.in_progress),
        polls=tuple(_polls(p) for p in state.polls),
        next_stage=render_stage(election, state.next_stage) if state.next_stage else None,
    )


def now_out(moment: Moment, urls: Urls, *, render_stage: StageRender | None = None) -> Now:
    """The JSON representation of every election at an instant.

    ``render_stage`` renders a stage (default: ``stage_out`` with ``urls``); a caller that keeps
    each stage's rendering passes its own.
    """
    render_stage = render_stage or partial(stage_out, urls=urls)
    following = moment.next_stage
    vote = moment.next_vote
    after = moment.next_election
    return Now(
        tz=moment.zone.key,
        local_date=moment.local_date,
        elections=tuple(_election_now(e, render_stage) for e in moment.elections),
        next_stage=render_stage(following.election, following.stage) if following else None,
        next_voting_day=(
            NextVotingDay(election=vote.election.id, date=vote.date, days_until=vote.days_until)
            if vote
            else None
        ),
        next_election=(
            NextElection(
                election=after.election.id, status=after.status, voting_day=after.voting_day
            )
            if after
            else None
        ),
        at=moment.at,
    )


def now_end(at: dt.datetime) -> bytes:
    """The end of a /v1/now body from its instant on: ``,"at":"…"}`` (``at`` is the last field)."""
    return b',"at":' + msgspec.json.encode(at) + b"}"


def now_start(now: Now) -> bytes:
    """The JSON body of ``now`` before ``now_end(now.at)``: what every instant of its class shares.

    Instants with the same ``moment_key`` differ only in ``at``, so this start followed by
    ``now_end`` of any of them is that instant's whole body.
    """
    body = msgspec.json.encode(now)
    end = now_end(now.at)
    if not body.endswith(end):
        raise ValueError(f"a /v1/now body must end with its instant: {body[-len(end) :]!r}")
    return body[: -len(end)]
