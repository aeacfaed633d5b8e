"""The interval tree's own query: which dated stages run on a day, and what finding them costs.

``StageIndex.running_on`` is checked against a scan of every stage on every day around each
election, and its work units are hand-counted on a small tree, including a day that is a node's
center (the query stops at that node).
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_query_cost import DAY, ORIGIN, Tally, election_of, stage

from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Election
from pemilu_api.domain.queries import StageIndex


def _scan(index: StageIndex, day: dt.date) -> list[int]:
    """The ranks of the dated stages whose first and last days enclose ``day``, by a scan."""
    return [
        rank
        for rank, s in enumerate(index.dated)
        if s.first_day is not None and s.last_day is not None and s.first_day <= day <= s.last_day
    ]


@pytest.mark.parametrize("election_id", [e.id for e in load_dataset().elections])
def test_running_on_finds_what_a_scan_finds_on_every_day(election_id: str) -> None:
    """Every day from before the first stage to after the last: the same stages as a scan."""
    election = load_dataset().election(election_id)
    assert isinstance(election, Election)
    index = StageIndex.build(election.stages)
    days = [s.first_day for s in index.dated if s.first_day is not None]
    days += [s.last_day for s in index.dated if s.last_day is not None]
    if not days:
        assert [] == index.running_on(ORIGIN)
        return
    day = min(days) - DAY
    while day <= max(days) + DAY:
        assert _scan(index, day) == sorted(index.running_on(day)), day
        day += DAY


def _small() -> StageIndex:
    """Days 0-4, 8-12, 10 and 20-21: the root's center is day 10, holding 8-12 and 10.

    Its left child holds 0-4 (center day 0), its right child 20-21 (center day 20).
    """
    election = election_of(
        [
            stage(0, ORIGIN, 5),
            stage(1, ORIGIN + 8 * DAY, 5),
            stage(2, ORIGIN + 10 * DAY, 1),
            stage(3, ORIGIN + 20 * DAY, 2),
        ]
    )
    return StageIndex.build(election.stages, Tally())


def _cost(index: StageIndex, day: dt.date) -> tuple[int, list[int]]:
    assert isinstance(index.meter, Tally)
    index.meter.examined = 0
    found = index.running_on(day)
    return index.meter.examined, sorted(found)


def test_a_day_at_a_node_center_stops_there() -> None:
    """Day 10 is the root's center: one node, its two spans (2 + 1 = 3 units), nothing below."""
    index = _small()
    assert index.tree is not None
    assert ORIGIN + 10 * DAY == index.tree.center
    assert (3, [1, 2]) == _cost(index, ORIGIN + 10 * DAY)
    # The right child's center: the root (1) and its spans by last day, 8-12 and 10 both end
    # before day 20 (1 unit, then stop), the child (1) and its one span (1).
    assert (4, [3]) == _cost(index, ORIGIN + 20 * DAY)


def test_a_stage_starting_on_the_day_below_a_center_is_found() -> None:
    """Day 8 (before the root's center 10): 8-12 starts that day and runs on it.

    The root (1), 8-12 (1, found) and 10 (1, starts later: stop), the left child (1) and 0-4,
    which ends before day 8 (1, stop): 5 units.
    """
    assert (5, [1]) == _cost(_small(), ORIGIN + 8 * DAY)
