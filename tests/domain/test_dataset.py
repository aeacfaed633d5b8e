"""The data set's indexes: elections in order, who holds what, stages, and the whole change log.

Each test builds a ``Dataset`` from some of the fixture's elections (in a shuffled order) and checks
every index against a brute-force oracle that scans the elections it was given.
"""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.domain.dataset import Dataset, LogEntry
from pemilu_api.domain.days import DayIndex
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Election
from pemilu_api.domain.queries import StageQuery, select_stages_linear
from pemilu_api.domain.regions import contests_in

DATA = load_dataset()
CODES = sorted(DATA.regions)

# Some of the fixture's elections, in any order (the order of DATA.elections is the reference),
# drawn as positions so that a failing example prints short.
some_elections = (
    st.lists(st.integers(0, len(DATA.elections) - 1), unique=True)
    .flatmap(st.permutations)
    .map(lambda positions: [DATA.elections[i] for i in positions])
)


def _log_oracle(elections: list[Election]) -> list[tuple[dt.datetime, str, int]]:
    """Every (publication time, election id, position from 1) of the given elections, sorted."""
    return sorted(
        (change.at, e.id, position)
        for e in elections
        for position, change in enumerate(e.changes, start=1)
    )


class _Counter:
    """A meter that adds up the units of work it is told about."""

    def __init__(self) -> None:
        self.units = 0

    def add(self, units: int) -> None:
        """Count ``units`` more units of work."""
        self.units += units


@settings(max_examples=60, deadline=None)
@given(elections=some_elections)
def test_elections_are_kept_in_voting_day_order_whatever_the_input_order(
    elections: list[Election],
) -> None:
    """The built data set lists its elections as the fixture does, and finds each by id."""
    data = Dataset.build(elections, DATA.regions)
    given_ids = {e.id for e in elections}
    assert [e.id for e in DATA.elections if e.id in given_ids] == [e.id for e in data.elections]
    for election in DATA.elections:
        expected = election if election.id in given_ids else None
        assert expected == data.election(election.id)
    assert data.election("no-such-election") is None


@settings(max_examples=60, deadline=None)
@given(elections=some_elections)
def test_the_revision_is_the_newest_election_revision(elections: list[Election]) -> None:
    """The data set's revision is its newest election's; with no election, 1970-01-01 UTC."""
    expected = max((e.revision for e in elections), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    assert expected == Dataset.build(elections, DATA.regions).revision


@settings(max_examples=40, deadline=None)
@given(elections=some_elections, code=st.sampled_from(CODES))
def test_a_region_holds_the_elections_with_a_contest_there(
    elections: list[Election], code: str
) -> None:
    """``elections_held_in`` lists, in election order, the elections with a contest in the region."""
    data = Dataset.build(elections, DATA.regions)
    region = DATA.regions[code]
    expected = tuple(e.id for e in data.elections if contests_in(e, region))
    assert expected == data.elections_held_in(code)
    assert DATA.regions == data.regions


def test_an_unknown_region_holds_nothing() -> None:
    """A code outside the regions table holds no election (rather than failing)."""
    assert () == Dataset.build(DATA.elections, DATA.regions).elections_held_in("99.99")


@settings(max_examples=40, deadline=None)
@given(
    elections=some_elections.filter(bool),
    start=st.none() | st.dates(dt.date(2019, 1, 1), dt.date(2025, 12, 31)),
    days=st.integers(0, 400),
)
def test_each_election_s_stages_come_from_its_own_index(
    elections: list[Election], start: dt.date | None, days: int
) -> None:
    """``stages`` answers for the election asked about, as a scan of its stages does."""
    data = Dataset.build(elections, DATA.regions)
    end = start + dt.timedelta(days=days) if start is not None else None
    query = StageQuery(start=start, end=end)
    for election in elections:
        assert select_stages_linear(election, query) == data.stages(election, query)


@settings(max_examples=30)
@given(elections=some_elections.filter(bool))
def test_each_election_s_day_index_is_built_from_its_own_stages(elections: list[Election]) -> None:
    """``days`` answers for the election asked about with an index of that election's stages."""
    data = Dataset.build(elections, DATA.regions)
    for election in elections:
        assert DayIndex.build(election.stages) == data.days(election)


@settings(max_examples=60, deadline=None)
@given(
    elections=some_elections,
    day=st.dates(dt.date(2013, 1, 1), dt.date(2030, 12, 31)),
)
def test_the_timed_stages_near_a_day_are_those_within_a_day_of_it(
    elections: list[Election], day: dt.date
) -> None:
    """Scheduled stages with voting hours whose days come within a day of ``day``, in order."""
    data = Dataset.build(elections, DATA.regions)
    one = dt.timedelta(days=1)
    expected = [
        (e.id, s.id)
        for e in data.elections
        for s in data.days(e).timed
        if s.first_day is not None
        and s.last_day is not None
        and s.first_day - one <= day <= s.last_day + one
    ]
    assert expected == [(e.id, s.id) for e, s in data.timed_near(day)]


def test_every_voting_day_is_near_itself_and_its_neighbours() -> None:
    """Pemilu 2024's voting day, 14 February 2024, is near the 13th to the 15th only."""
    near = {
        day: [s.id for e, s in DATA.timed_near(day) if e.id == "pemilu-2024"]
        for day in (dt.date(2024, 2, d) for d in range(12, 17))
    }
    voting = ["pemungutan-suara"]
    assert {
        dt.date(2024, 2, 12): [],
        dt.date(2024, 2, 13): voting,
        dt.date(2024, 2, 14): voting,
        dt.date(2024, 2, 15): voting,
        dt.date(2024, 2, 16): [],
    } == near


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date.min, [dt.date.min, dt.date(1, 1, 2)]),
        (dt.date(1, 1, 2), [dt.date.min, dt.date(1, 1, 2), dt.date(1, 1, 3)]),
    ],
)
def test_a_voting_day_at_the_start_of_the_calendar_is_near_what_exists(
    day: dt.date, expected: list[dt.date]
) -> None:
    """A timed stage on the calendar's first days: near its neighbours that exist, no overflow."""
    election = DATA.election("pemilu-2024")
    assert election is not None
    stages = tuple(
        msgspec.structs.replace(s, date=day) if s.id == "pemungutan-suara" else s
        for s in election.stages
    )
    data = Dataset.build([msgspec.structs.replace(election, stages=stages)], DATA.regions)
    days = [dt.date.min + dt.timedelta(days=n) for n in range(5)]
    assert expected == [d for d in days if data.timed_near(d)]


def test_the_meter_counts_the_work_of_every_election_s_index() -> None:
    """A meter given to ``build`` counts each election's stage queries (one unit per stage)."""
    meter = _Counter()
    data = Dataset.build(DATA.elections, DATA.regions, meter)
    election = DATA.elections[0]
    data.stages(election, StageQuery())
    assert len(election.stages) == meter.units


@settings(max_examples=60, deadline=None)
@given(elections=some_elections)
def test_the_change_log_is_every_entry_by_time_election_and_position(
    elections: list[Election],
) -> None:
    """The log holds each election's changes once, numbered from 1, ordered by (at, id, number)."""
    data = Dataset.build(elections, DATA.regions)
    log = data.change_log()
    assert _log_oracle(elections) == [(e.change.at, e.election.id, e.number) for e in log]
    assert [f"{e.election.id}.{e.number}" for e in log] == [e.id for e in log]
    for entry in log:
        assert entry.election.changes[entry.number - 1] is entry.change
        assert entry == data.log_entry(entry.id)


def test_an_entry_s_id_is_its_election_and_position() -> None:
    """Entry 3 of Pilkada 2020 is ``pilkada-2020.3``; its key is (time, election, position)."""
    election = DATA.election("pilkada-2020")
    assert election is not None
    change = election.changes[2]
    entry = LogEntry(election, 3, change)
    assert "pilkada-2020.3" == entry.id
    assert (change.at, "pilkada-2020", 3) == entry.key


def test_an_unknown_entry_id_names_no_entry() -> None:
    """``log_entry`` answers None for an id that is not in the log."""
    assert DATA.log_entry("pilkada-2020.0") is None
    assert DATA.log_entry("no-such-election.1") is None


LOG = DATA.change_log()
INSTANTS = sorted({e.change.at for e in LOG})


@settings(max_examples=100, deadline=None)
@given(
    since=st.none()
    | st.sampled_from(INSTANTS)
    | st.sampled_from(INSTANTS).map(lambda at: at + dt.timedelta(seconds=1)),
    after=st.none() | st.sampled_from([e.id for e in LOG]),
)
def test_since_and_after_keep_the_later_entries(
    since: dt.datetime | None, after: str | None
) -> None:
    """``since`` keeps entries published at or after it; ``after`` those following that entry."""
    ids = [e.id for e in LOG]
    position = ids.index(after) + 1 if after is not None else 0
    expected = [e.id for e in LOG[position:] if since is None or e.change.at >= since]
    assert expected == [e.id for e in DATA.change_log(since=since, after=after)]


def test_after_an_unknown_entry_is_refused() -> None:
    """``after`` naming no entry raises ValueError (the web layer answers 400)."""
    with pytest.raises(ValueError, match=r"pilkada-2020\.0"):
        DATA.change_log(after="pilkada-2020.0")
