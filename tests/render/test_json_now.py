"""/v1/now's JSON: every field of the domain's moment, written out, and nulls where nothing is next.

The expected document is built field by field from the moment ``domain.now`` computes, for any
instant from 2019 to 2030 and for the instants when Pemilu 2024's polls were open.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import msgspec
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.now import moment
from pemilu_api.render.json_now import (
    ElectionNow,
    NextElection,
    NextVotingDay,
    Now,
    Polls,
    now_end,
    now_out,
    now_start,
)
from pemilu_api.render.json_resources import stage_out
from pemilu_api.render.urls import Urls

DATA = load_dataset()
URLS = Urls("https://pemilu.example")
WIT = ZoneInfo("Asia/Jayapura")
# 14 February 2024, 09:00 WIB: Pemilu 2024's polls are open in every zone.
POLLS_OPEN = dt.datetime(2024, 2, 14, 2, 0, tzinfo=dt.UTC)


@settings(max_examples=60, deadline=None)
@given(at=st.datetimes(dt.datetime(2019, 1, 1), dt.datetime(2030, 1, 1), timezones=st.just(dt.UTC)))
@example(at=POLLS_OPEN)
def test_now_writes_every_field_of_the_moment(at: dt.datetime) -> None:
    """Ids for elections, stages as /v1 stages, polls by zone, the next vote and election."""
    seen = moment(DATA, at, WIT)
    expected = Now(
        tz="Asia/Jayapura",
        local_date=seen.local_date,
        elections=tuple(
            ElectionNow(
                election=m.election.id,
                in_progress=tuple(stage_out(m.election, s, URLS) for s in m.in_progress),
                polls=tuple(
                    Polls(
                        stage=p.stage.id, zone=p.zone, open=p.open, opens=p.opens, closes=p.closes
                    )
                    for p in m.polls
                ),
                next_stage=stage_out(m.election, m.next_stage, URLS) if m.next_stage else None,
            )
            for m in seen.elections
        ),
        next_stage=(
            stage_out(seen.next_stage.election, seen.next_stage.stage, URLS)
            if seen.next_stage
            else None
        ),
        next_voting_day=(
            NextVotingDay(
                election=seen.next_vote.election.id,
                date=seen.next_vote.date,
                days_until=seen.next_vote.days_until,
            )
            if seen.next_vote
            else None
        ),
        next_election=(
            NextElection(
                election=seen.next_election.election.id,
                status=seen.next_election.status,
                voting_day=seen.next_election.voting_day,
            )
            if seen.next_election
            else None
        ),
        at=seen.at,
    )
    assert expected == now_out(seen, URLS)


def test_polls_open_on_pemilu_2024_s_voting_day() -> None:
    """At 09:00 WIB on 14 February 2024 the document lists Pemilu 2024's four zones, all open."""
    document = now_out(moment(DATA, POLLS_OPEN, WIT), URLS)
    (pemilu,) = [e for e in document.elections if e.election == "pemilu-2024"]
    expected = ["Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"]
    assert expected == [p.zone for p in pemilu.polls]
    assert all(p.stage == "pemungutan-suara" and p.open for p in pemilu.polls)
    expected_vote = NextVotingDay(election="pemilu-2024", date=dt.date(2024, 2, 14), days_until=0)
    assert expected_vote == document.next_voting_day


def test_with_nothing_ahead_the_next_fields_are_null() -> None:
    """After Pemilu 2024 (alone in the data), no next stage, voting day or election."""
    past = DATA.election("pemilu-2024")
    assert past is not None
    seen = moment(Dataset.build([past], DATA.regions), dt.datetime(2030, 1, 1, tzinfo=dt.UTC), WIT)
    document = now_out(seen, URLS)
    assert (None, None, None) == (
        document.next_stage,
        document.next_voting_day,
        document.next_election,
    )


@settings(max_examples=60, deadline=None)
@given(
    at=st.datetimes(dt.datetime(2019, 1, 1), dt.datetime(2030, 1, 1), timezones=st.just(dt.UTC)),
    microsecond=st.sampled_from([0, 500_000, 123_456]),
)
@example(at=POLLS_OPEN, microsecond=0)
def test_the_body_is_its_start_then_its_instant(at: dt.datetime, microsecond: int) -> None:
    """``now_start`` then ``now_end`` of the instant is the whole encoded document."""
    document = now_out(moment(DATA, at.replace(microsecond=microsecond), WIT), URLS)
    expected = msgspec.json.encode(document)
    assert expected == now_start(document) + now_end(document.at)


def test_the_instant_is_the_last_field() -> None:
    """``at`` closes the document (all before it is what the instants of one class share)."""
    document = now_out(moment(DATA, POLLS_OPEN, WIT), URLS)
    fields = list(json.loads(msgspec.json.encode(document)))
    assert "at" == fields[-1]
    assert ["tz", "local_date", "elections"] == fields[:3]
