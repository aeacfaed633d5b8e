"""moment() on the real fixtures agrees with a brute-force oracle, for any instant and time zone.

The oracle finds the zone's UTC offset at an instant by trying every offset a zone can have
(-12:00 to +14:00 in quarter hours) and keeping the one the tz database confirms for the wall
time it gives; it then works with naive UTC instants and day-by-day walks only.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Election, Stage
from pemilu_api.domain.now import moment

DATASET = load_dataset()
DAY = dt.timedelta(days=1)
ZONES = tuple(
    ZoneInfo(name)
    for name in (
        "Asia/Jakarta",
        "Asia/Pontianak",
        "Asia/Makassar",
        "Asia/Jayapura",
        "UTC",
        "Pacific/Kiritimati",
        "America/Los_Angeles",
        "Asia/Kathmandu",
    )
)
POLL_ZONES = tuple(
    ZoneInfo(name) for name in ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")
)
QUARTER_HOURS = tuple(dt.timedelta(minutes=15 * q) for q in range(-12 * 4, 14 * 4 + 1))


def offset_at(zone: ZoneInfo, utc: dt.datetime) -> dt.timedelta:
    """The zone's UTC offset at the naive UTC instant ``utc``, found by trying every offset."""
    found = []
    for offset in QUARTER_HOURS:
        wall = utc + offset
        earlier, later = (zone.utcoffset(wall.replace(fold=fold)) for fold in (0, 1))
        if offset in (earlier, later):
            # In a spring-forward gap a non-existent wall time also confirms itself: prefer a
            # wall time that exists once (same offset for both folds).
            found.append((earlier != later, offset))
    assert found, f"no offset of {zone.key} fits {utc}"
    return min(found)[1]


def wall_to_utc(zone: ZoneInfo, wall: dt.datetime) -> dt.datetime:
    """The naive UTC instant of a naive wall time in ``zone`` (no transition is near 07:00/13:00)."""
    offset = zone.utcoffset(wall)
    assert offset is not None
    return wall - offset


def days_of(stage: Stage) -> list[dt.date]:
    """Every calendar day of a stage (none when undated)."""
    first = stage.start if stage.kind == "period" else stage.date
    last = stage.end if stage.kind == "period" else stage.date
    found = []
    while first is not None and last is not None and first <= last:
        found.append(first)
        first += DAY
    return found


def whole_days(start: dt.date, end: dt.date) -> int:
    """How many times one steps a day from ``start`` to reach ``end``."""
    count = 0
    while start < end:
        start += DAY
        count += 1
    return count


class PollsOracle(NamedTuple):
    """What the oracle expects of one stage's polls in one Indonesian zone."""

    stage: str
    zone: str
    open: bool
    opens: dt.datetime
    closes: dt.datetime


class ElectionOracle(NamedTuple):
    """What the oracle expects for one election."""

    election: str
    in_progress: list[str]
    polls: list[PollsOracle]
    next_stage: str | None


def election_oracle(
    election: Election, local: dt.date, utc: dt.datetime, zone: ZoneInfo
) -> ElectionOracle:
    """Stages in progress, polls, and the next stage of one election on the local date."""
    scheduled = [s for s in election.stages if s.status == "scheduled" and days_of(s)]
    current = sorted((min(days_of(s)), s.id) for s in scheduled if local in days_of(s))
    # Polling stations keep local hours: each Indonesian zone whose own calendar shows a voting
    # stage's day at this instant has polls for it, open within 07:00-13:00 of that zone.
    polls = []
    for _, stage_id in sorted((min(days_of(s)), s.id) for s in scheduled):
        hours = next(s for s in scheduled if s.id == stage_id).hours
        if hours is None:
            continue
        stage_days = days_of(next(s for s in scheduled if s.id == stage_id))
        for poll_zone in POLL_ZONES:
            there = (utc + offset_at(poll_zone, utc)).date()
            if there not in stage_days:
                continue
            opens = wall_to_utc(poll_zone, dt.datetime.combine(there, hours.start))
            closes = wall_to_utc(poll_zone, dt.datetime.combine(there, hours.end))
            polls.append(
                PollsOracle(
                    stage_id,
                    poll_zone.key,
                    opens <= utc < closes,
                    opens.replace(tzinfo=dt.UTC),
                    closes.replace(tzinfo=dt.UTC),
                )
            )
    upcoming = sorted((min(days_of(s)), s.id) for s in scheduled if min(days_of(s)) > local)
    return ElectionOracle(
        election.id, [i for _, i in current], polls, upcoming[0][1] if upcoming else None
    )


# Every instant of the record, from before Pemilu 2014 to the end of 2029.
instants = st.datetimes(dt.datetime(2013, 1, 1), dt.datetime(2029, 12, 31, 23, 59, 59))
SCHEDULED = tuple(e for e in DATASET.elections if e.voting_day is not None)
# Instants around the polls' opening and closing on each voting day, in each zone.
near_polls = st.builds(
    lambda election, zone, hour, minutes: (
        wall_to_utc(zone, dt.datetime.combine(election.voting_day, dt.time(hour)))
        + dt.timedelta(minutes=minutes)
    ),
    st.sampled_from(SCHEDULED),
    st.sampled_from(ZONES),
    st.sampled_from([7, 13]),
    st.integers(-90, 90),
)
representations = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=7)), *ZONES])


@settings(deadline=None, max_examples=300)
@given(instants | near_polls, st.sampled_from(ZONES), representations)
@example(dt.datetime(2024, 2, 14, 0, 0), ZoneInfo("Asia/Jakarta"), dt.UTC)  # 07:00 WIB: open
@example(dt.datetime(2024, 2, 13, 23, 59, 59), ZoneInfo("Asia/Jakarta"), dt.UTC)  # 06:59:59
@example(dt.datetime(2024, 2, 14, 6, 0), ZoneInfo("Asia/Jakarta"), dt.UTC)  # 13:00 WIB: closed
@example(dt.datetime(2024, 2, 14, 5, 0), ZoneInfo("Asia/Jayapura"), dt.UTC)  # 14:00 WIT: closed
@example(dt.datetime(2024, 2, 13, 10, 0), ZoneInfo("Pacific/Kiritimati"), dt.UTC)  # 00:00 +14
@example(dt.datetime(2024, 11, 27, 1, 15), ZoneInfo("Asia/Kathmandu"), dt.UTC)  # 07:00 +05:45
@example(dt.datetime(2024, 3, 10, 10, 30), ZoneInfo("America/Los_Angeles"), dt.UTC)  # DST gap
@example(dt.datetime(2024, 11, 3, 9, 30), ZoneInfo("America/Los_Angeles"), dt.UTC)  # DST fold
@example(dt.datetime(2019, 4, 17, 0, 0), ZoneInfo("Asia/Makassar"), dt.UTC)  # 08:00 WITA
def test_now_agrees_with_the_oracle(utc: dt.datetime, zone: ZoneInfo, shown_in: dt.tzinfo) -> None:
    """Local date, stages in progress, polls, next stages and next voting day are as the oracle says."""
    at = utc.replace(tzinfo=dt.UTC).astimezone(shown_in)
    result = moment(DATASET, at, zone)
    local = (utc + offset_at(zone, utc)).date()

    assert local == result.local_date
    assert zone.key == result.zone.key
    assert utc.replace(tzinfo=dt.UTC) == result.at.astimezone(dt.UTC)

    expected = [election_oracle(e, local, utc, zone) for e in DATASET.elections]
    assert [e.election for e in expected] == [e.election.id for e in result.elections]
    for want, got in zip(expected, result.elections, strict=True):
        assert want.in_progress == [s.id for s in got.in_progress]
        assert want.polls == [
            PollsOracle(
                p.stage.id, p.zone, p.open, p.opens.astimezone(dt.UTC), p.closes.astimezone(dt.UTC)
            )
            for p in got.polls
        ]
        assert want.next_stage == (got.next_stage.id if got.next_stage else None)

    upcoming = sorted(
        (min(days_of(s)), s.id, e.id)
        for e in DATASET.elections
        for s in e.stages
        if s.status == "scheduled" and days_of(s) and min(days_of(s)) > local
    )
    overall = (upcoming[0][2], upcoming[0][1]) if upcoming else None
    got_next = result.next_stage
    assert overall == ((got_next.election.id, got_next.stage.id) if got_next else None)

    voting = sorted(
        (e.voting_day, e.id)
        for e in DATASET.elections
        if e.voting_day is not None and e.voting_day >= local
    )
    announced = sorted(e.id for e in DATASET.elections if e.status == "announced")
    following = voting[0][1] if voting else (announced[0] if announced else None)
    assert following == (result.next_election.election.id if result.next_election else None)
    if result.next_election is not None:
        assert (result.next_election.voting_day is None) == (
            result.next_election.status == "announced"
        )
    if voting:
        assert result.next_vote is not None
        assert (voting[0][1], voting[0][0], whole_days(local, voting[0][0])) == (
            result.next_vote.election.id,
            result.next_vote.date,
            result.next_vote.days_until,
        )
    else:
        assert result.next_vote is None


def test_on_voting_day_the_days_until_it_are_zero() -> None:
    """At noon WIB on a voting day: 0 days away; polls open in WIB, closed in WITA (13:00) and WIT."""
    for election in SCHEDULED:
        assert election.voting_day is not None
        zone = ZoneInfo("Asia/Jakarta")
        at = dt.datetime.combine(election.voting_day, dt.time(12), zone)
        result = moment(DATASET, at, zone)
        assert result.next_vote is not None
        assert (election.id, 0) == (result.next_vote.election.id, result.next_vote.days_until)
        voting = election.stage("pemungutan-suara")
        assert voting is not None
        if voting.hours is None:
            continue  # the sources give no polling hours (Pilkada 2020): no polls to report
        (mine,) = [e for e in result.elections if e.election.id == election.id]
        assert {
            "Asia/Jakarta": True,
            "Asia/Pontianak": True,
            "Asia/Makassar": False,
            "Asia/Jayapura": False,
        } == {p.zone: p.open for p in mine.polls if p.stage.id == "pemungutan-suara"}


def test_polls_do_not_depend_on_the_zone_the_client_reads_days_in() -> None:
    """At 08:30 WIT on 14 Feb 2024, Papua's polls are open, whatever tz the client asks with."""
    at = dt.datetime(2024, 2, 13, 23, 30, tzinfo=dt.UTC)
    for client_zone in ("Asia/Jakarta", "America/New_York", "Pacific/Kiritimati"):
        result = moment(DATASET, at, ZoneInfo(client_zone))
        (pemilu,) = [e for e in result.elections if e.election.id == "pemilu-2024"]
        assert {
            "Asia/Jakarta": False,  # 06:30 WIB
            "Asia/Pontianak": False,
            "Asia/Makassar": True,  # 07:30 WITA
            "Asia/Jayapura": True,  # 08:30 WIT
        } == {p.zone: p.open for p in pemilu.polls if p.stage.id == "pemungutan-suara"}


def test_the_offset_oracle_knows_the_indonesian_zones() -> None:
    """WIB, WITA and WIT are UTC+7, +8 and +9 (a check of the oracle itself)."""
    utc = dt.datetime(2024, 2, 14)
    hours = [
        offset_at(ZoneInfo(z), utc) for z in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
    ]
    assert [dt.timedelta(hours=h) for h in (7, 8, 9)] == hours
