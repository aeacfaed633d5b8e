"""Which elections a date span, a kind and a region select, and which stages apply in a region.

``Dataset.find_elections`` is checked against a brute-force oracle that walks every day of each
election's window and its voting day; ``stages_in`` against the stage's own region list.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Election
from pemilu_api.domain.now import moment
from pemilu_api.domain.regions import stage_applies, stages_in

DATA = load_dataset()
CODES = sorted(DATA.regions)


def _days(election: Election) -> set[dt.date]:
    """Every day of the election's window, and its voting day."""
    days = set()
    if election.window is not None:
        day = election.window.start
        while day <= election.window.end:
            days.add(day)
            day += dt.timedelta(days=1)
    if election.voting_day is not None:
        days.add(election.voting_day)
    return days


def _oracle(
    data: Dataset, start: dt.date | None, end: dt.date | None, kind: str | None, code: str | None
) -> list[str]:
    low, high = start or dt.date.min, end or dt.date.max
    return [
        e.id
        for e in data.elections
        if (kind is None or e.kind == kind)
        and (code is None or e.id in data.elections_held_in(code))
        and ((start is None and end is None) or any(low <= day <= high for day in _days(e)))
    ]


dates = st.none() | st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2031, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    start=dates,
    end=dates,
    kind=st.sampled_from([None, "pemilu", "pilkada"]),
    code=st.none() | st.sampled_from(CODES),
)
def test_find_elections_matches_the_oracle(
    start: dt.date | None, end: dt.date | None, kind: str | None, code: str | None
) -> None:
    """For any span, kind and region: the elections sharing a day, of that kind, held there."""
    expected = _oracle(DATA, start, end, kind, code)
    assert expected == [e.id for e in DATA.find_elections(start, end, kind, code)]


def test_a_day_inside_a_window_selects_the_election() -> None:
    """14 February 2024 (Pemilu 2024's voting day) selects Pemilu 2024 and Pilkada 2024.

    Pilkada 2024's window (from January 2024) holds it too; an announced election never matches.
    """
    day = dt.date(2024, 2, 14)
    assert ["pemilu-2024", "pilkada-2024"] == [e.id for e in DATA.find_elections(day, day)]
    assert [] == [e.id for e in DATA.find_elections(dt.date(2029, 1, 1)) if e.voting_day is None]


def test_a_span_touching_a_window_by_one_end_day_selects_the_election() -> None:
    """A span ending on a window's first day, or starting on its last day, shares that day."""
    for election in DATA.elections:
        if election.window is None:
            continue
        first, last = election.window.start, election.window.end
        before = [e.id for e in DATA.find_elections(first - dt.timedelta(days=30), first)]
        after = [e.id for e in DATA.find_elections(last, last + dt.timedelta(days=30))]
        assert election.id in before, (election.id, first)
        assert election.id in after, (election.id, last)


def test_a_province_matches_only_contests_of_the_whole_province() -> None:
    """A province holds its governor's race, not the races of some of its kabupaten/kota.

    Jawa Tengah (33) holds Pilkada 2024 (its governor) but not Pilkada 2020, held only in some of
    its kabupaten/kota; Kebumen (33.05) holds both.
    """
    in_province = [e.id for e in DATA.find_elections(region="33")]
    in_kebumen = [e.id for e in DATA.find_elections(region="33.05")]
    assert "pilkada-2024" in in_province
    assert "pilkada-2020" not in in_province
    assert "pilkada-2020" in in_kebumen


@settings(max_examples=200, deadline=None)
@given(code=st.sampled_from(CODES), index=st.integers(0, len(DATA.elections) - 1))
def test_the_stages_in_a_region_are_those_applying_there(code: str, index: int) -> None:
    """Where the election is held, every stage whose regions are empty or name it; else none.

    A stage's region list may name the region or its province.
    """
    election, region = DATA.elections[index], DATA.regions[code]
    held = election.id in DATA.elections_held_in(code)
    expected = [s.id for s in election.stages if held and stage_applies(s.regions, region)]
    assert expected == [s.id for s in stages_in(election, region)]


def test_now_in_a_region_keeps_its_elections_and_its_own_polls() -> None:
    """At 08:00 WIT on 27 November 2024 in Kota Jayapura: Pilkada 2024's polls open in WIT only."""
    region = DATA.regions["91.71"]
    at = dt.datetime(2024, 11, 27, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    seen = moment(DATA, at, ZoneInfo(region.time_zone), region)
    assert list(DATA.elections_held_in("91.71")) == [m.election.id for m in seen.elections]
    polls = [p for m in seen.elections for p in m.polls]
    assert {"Asia/Jayapura"} == {p.zone for p in polls}
    assert all(p.open for p in polls)
    everywhere = moment(DATA, at, ZoneInfo(region.time_zone))
    assert {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"} <= {
        p.zone for m in everywhere.elections for p in m.polls
    }
