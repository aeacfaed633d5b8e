"""What is happening now in one region, and which election comes next when several could.

In a region, ``moment`` must say what it says for a data set holding only the elections held
there, each with only the stages applying there, keeping only the polls of the region's own zone:
that data set, seen without a region, is the oracle.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Election
from pemilu_api.domain.now import Moment, moment
from pemilu_api.domain.regions import stages_in

DATA = load_dataset()
CODES = sorted(DATA.regions)
WIB = ZoneInfo("Asia/Jakarta")


def _summary(seen: Moment, zone: str | None) -> object:
    """The moment by ids: each election's stages in progress, polls (of ``zone``) and next stage."""
    return (
        [
            (
                m.election.id,
                [s.id for s in m.in_progress],
                [(p.stage.id, p.zone, p.open) for p in m.polls if zone in (None, p.zone)],
                m.next_stage.id if m.next_stage else None,
            )
            for m in seen.elections
        ],
        (seen.next_stage.election.id, seen.next_stage.stage.id) if seen.next_stage else None,
        (seen.next_vote.election.id, seen.next_vote.date) if seen.next_vote else None,
        (seen.next_election.election.id, seen.next_election.status) if seen.next_election else None,
    )


@settings(max_examples=80, deadline=None)
@given(
    code=st.sampled_from(CODES),
    at=st.datetimes(dt.datetime(2019, 1, 1), dt.datetime(2026, 1, 1), timezones=st.just(dt.UTC)),
)
def test_now_in_a_region_is_now_over_what_that_region_holds(code: str, at: dt.datetime) -> None:
    """Elections held there, stages applying there, polls of its zone: nothing else."""
    region = DATA.regions[code]
    local = Dataset.build(
        [
            msgspec.structs.replace(e, stages=stages_in(e, region))
            for e in DATA.elections
            if e.id in DATA.elections_held_in(code)
        ],
        DATA.regions,
    )
    expected = _summary(moment(local, at, WIB), region.time_zone)
    assert expected == _summary(moment(DATA, at, WIB, region), None)


def test_polls_in_a_region_are_those_of_its_own_zone() -> None:
    """On 27 November 2024 at 08:00 WIT, Kota Jayapura sees only WIT polls, open; Jakarta, WIB."""
    at = dt.datetime(2024, 11, 26, 23, 0, tzinfo=dt.UTC)
    for code, zone in (("91.71", "Asia/Jayapura"), ("31.71", "Asia/Jakarta")):
        seen = moment(DATA, at, WIB, DATA.regions[code])
        assert [zone] == [p.zone for m in seen.elections for p in m.polls]


def _twin(election: Election, election_id: str) -> Election:
    """The same election under another id."""
    return msgspec.structs.replace(election, id=election_id)


def test_on_a_shared_voting_day_the_next_vote_is_the_lower_id() -> None:
    """Two elections voting the same day: the next vote is the one whose id sorts first."""
    pemilu = DATA.election("pemilu-2024")
    assert pemilu is not None
    data = Dataset.build([_twin(pemilu, "b-2024"), _twin(pemilu, "a-2024")], DATA.regions)
    seen = moment(data, dt.datetime(2024, 1, 1, tzinfo=dt.UTC), WIB)
    assert seen.next_vote is not None
    assert ("a-2024", dt.date(2024, 2, 14), 44) == (
        seen.next_vote.election.id,
        seen.next_vote.date,
        seen.next_vote.days_until,
    )


def test_with_no_vote_ahead_the_next_election_is_the_first_announced_by_id() -> None:
    """After every voting day, two announced elections: the next election is the lower id."""
    announced = DATA.election("pemilu-2029")
    past = DATA.election("pemilu-2024")
    assert announced is not None
    assert past is not None
    data = Dataset.build(
        [past, _twin(announced, "z-2029"), _twin(announced, "m-2029")], DATA.regions
    )
    seen = moment(data, dt.datetime(2025, 1, 1, tzinfo=dt.UTC), WIB)
    assert seen.next_vote is None
    assert seen.next_election is not None
    assert ("m-2029", "announced", None) == (
        seen.next_election.election.id,
        seen.next_election.status,
        seen.next_election.voting_day,
    )


def test_with_nothing_ahead_there_is_no_next_vote_nor_election() -> None:
    """Only past elections, none announced: no next stage, vote or election (and no failure)."""
    past = DATA.election("pemilu-2024")
    assert past is not None
    seen = moment(Dataset.build([past], DATA.regions), dt.datetime(2030, 1, 1, tzinfo=dt.UTC), WIB)
    assert (None, None, None) == (seen.next_stage, seen.next_vote, seen.next_election)


def test_a_stage_of_other_regions_is_not_in_progress_in_this_one() -> None:
    """22 March 2025: Pilkada 2024's re-vote in 14.08 runs, but not in Kebumen, which holds Pilkada 2024."""
    at = dt.datetime(2025, 3, 22, 3, 0, tzinfo=dt.UTC)
    everywhere = moment(DATA, at, WIB)
    kebumen = moment(DATA, at, WIB, DATA.regions["33.05"])

    def running(seen: Moment) -> list[str]:
        return [
            s.id for m in seen.elections if m.election.id == "pilkada-2024" for s in m.in_progress
        ]

    assert "psu-14-08" in running(everywhere)
    assert "psu-14-08" not in running(kebumen)
    assert "pilkada-2024" in DATA.elections_held_in("33.05")


def test_polls_of_a_voting_day_held_elsewhere_are_not_shown() -> None:
    """A voting day restricted to Kota Jayapura: its WIT polls there, none in Jakarta."""
    pilkada = DATA.election("pilkada-2024")
    assert pilkada is not None
    stages = tuple(
        msgspec.structs.replace(s, regions=("91.71",)) if s.hours is not None else s
        for s in pilkada.stages
    )
    data = Dataset.build([msgspec.structs.replace(pilkada, stages=stages)], DATA.regions)
    at = dt.datetime(2024, 11, 26, 23, 0, tzinfo=dt.UTC)
    polls = {
        code: [p.zone for m in moment(data, at, WIB, DATA.regions[code]).elections for p in m.polls]
        for code in ("91.71", "31.71")
    }
    assert {"91.71": ["Asia/Jayapura"], "31.71": []} == polls
