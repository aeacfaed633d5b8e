"""A dated query's cost grows with what it returns and log(n), not with the election's size.

Cost is counted, not timed: the stage index counts every stage it compares and every tree node
it visits. A brute-force scan stands beside it as the oracle for any window and filters.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Election, Stage
from pemilu_api.domain.queries import (
    StageIndex,
    StageQuery,
    select_stages_linear,
)
from pemilu_api.domain.vocabulary import CATEGORIES, STATUSES, Category, LegalBasis, Text

DAY = dt.timedelta(days=1)
ORIGIN = dt.date(2030, 1, 1)
BASE_STAGES = 60
# Work allowed beyond the k stages returned: this many units per level of a balanced tree.
LOG_FACTOR = 4
NAME = Text(id="Tahapan", en="Stage")
BASIS = (LegalBasis(instrument="PKPU 1/2030"),)
TEMPLATE = load_dataset().elections[0]


def stage(
    number: int,
    first: dt.date | None,
    days: int,
    category: Category = "preparation",
    *,
    key: bool = False,
    cancelled: bool = False,
) -> Stage:
    """A synthetic stage: a period of ``days`` days from ``first``, a day, or undated (no first)."""
    common = {
        "id": f"s-{number}",
        "name": NAME,
        "category": category,
        "basis": BASIS,
        "confidence": "high",
        "key": key,
        "status": "cancelled" if cancelled else "scheduled",
    }
    if first is None:
        return Stage(kind="period", undated=NAME, **common)  # type: ignore[arg-type]
    if days == 1:
        return Stage(kind="day", date=first, **common)  # type: ignore[arg-type]
    return Stage(kind="period", start=first, end=first + (days - 1) * DAY, **common)  # type: ignore[arg-type]


def election_of(stages: list[Stage]) -> Election:
    """The bundled template election with ``stages`` in place of its own."""
    return msgspec.structs.replace(TEMPLATE, stages=tuple(stages))


def synthetic(scale: int) -> Election:
    """An election of ``BASE_STAGES * scale`` stages spread over ``scale`` times the days.

    The density is an election's: short stages two days apart, one in ten lasting two months,
    one in fifty undated; so a narrow window holds about as many stages at every scale.
    """
    stages = []
    for i in range(BASE_STAGES * scale):
        first = None if i % 50 == 49 else ORIGIN + 2 * i * DAY
        days = 60 if i % 10 == 0 else 1 + i % 7
        stages.append(stage(i, first, days, CATEGORIES[i % len(CATEGORIES)], key=i % 3 == 0))
    return election_of(stages)


@dataclass
class Tally:
    """A meter that adds up the work units it is told about."""

    examined: int = 0

    def add(self, units: int) -> None:
        """Count ``units`` more units of work."""
        self.examined += units


def stage_index(election: Election) -> StageIndex:
    """An index of the election's stages with a fresh meter."""
    return StageIndex.build(election.stages, Tally())


def examined(index: StageIndex, query: StageQuery) -> tuple[int, int]:
    """The work units a query costs and the number of stages it returns."""
    assert isinstance(index.meter, Tally)
    index.meter.examined = 0
    found = index.select(query)
    return index.meter.examined, len(found)


@pytest.mark.parametrize("scale", [1, 10, 100])
def test_a_narrow_window_examines_k_plus_log_n_stages(scale: int) -> None:
    """At 1x, 10x and 100x the stages, a one-week window costs k + O(log n), not n."""
    election = synthetic(scale)
    n = len(election.stages)
    index = stage_index(election)
    middle = ORIGIN + n * DAY
    for start, end in [
        (middle, middle),
        (middle, middle + 6 * DAY),
        (ORIGIN, ORIGIN + 3 * DAY),
        (middle, None),
        (None, ORIGIN + 5 * DAY),
    ]:
        cost, k = examined(index, StageQuery(start=start, end=end))
        assert k == len(select_stages_linear(election, StageQuery(start=start, end=end)))
        if start is not None and end is not None:
            assert cost <= k + LOG_FACTOR * math.log2(n) + LOG_FACTOR, (start, end, k, cost)
            assert k < 40
        else:
            # Half-open windows return about half of everything: still only what they return.
            assert cost <= k + LOG_FACTOR * math.log2(n) + LOG_FACTOR


def test_narrow_window_cost_does_not_grow_with_the_election() -> None:
    """The same window costs about the same at 100x the stages (a scan would cost 100x)."""
    costs = []
    for scale in (1, 10, 100):
        election = synthetic(scale)
        day = ORIGIN + 60 * DAY
        costs.append(examined(stage_index(election), StageQuery(start=day, end=day + 6 * DAY))[0])
    # Growth by a factor of 100 in n adds at most a few units per extra tree level.
    assert costs[2] - costs[0] <= LOG_FACTOR * (math.log2(100) + 1), costs
    assert costs[2] < BASE_STAGES, costs


def test_the_data_set_answers_from_the_index_it_built_once() -> None:
    """The data set builds each election's index at load; its queries add work to that meter only."""
    election = synthetic(1)
    tally = Tally()
    data = Dataset.build([election], {}, tally)
    query = StageQuery(start=ORIGIN, end=ORIGIN + 10 * DAY)
    assert select_stages_linear(election, query) == data.stages(election, query)
    first = tally.examined
    assert first > 0
    assert data.stages(election, query) == data.stages(election, query)
    assert 3 * first == tally.examined


@st.composite
def elections(draw: st.DrawFn) -> Election:
    """An election of 1 to 80 stages: days, periods up to a year, undated ones, any filters."""
    count = draw(st.integers(1, 80))
    stages = []
    for i in range(count):
        undated = draw(st.booleans().map(lambda b: b and draw(st.integers(0, 9)) == 0))
        first = None if undated else ORIGIN + draw(st.integers(0, 400)) * DAY
        days = draw(st.sampled_from([1, 1, 2, 5, 30, 200, 365]))
        stages.append(
            stage(
                i,
                first,
                days,
                draw(st.sampled_from(CATEGORIES)),
                key=draw(st.booleans()),
                cancelled=draw(st.booleans()),
            )
        )
    return election_of(stages)


near_origin = st.integers(-30, 800).map(lambda n: ORIGIN + n * DAY)

queries = st.builds(
    StageQuery,
    start=st.none() | near_origin,
    end=st.none() | near_origin,
    categories=st.none() | st.frozensets(st.sampled_from(CATEGORIES)),
    key=st.sampled_from([None, True, False]),
    status=st.sampled_from([None, *STATUSES]),
)


@settings(deadline=None, max_examples=300)
@given(elections(), queries)
def test_the_index_answers_as_a_linear_scan(election: Election, query: StageQuery) -> None:
    """For any stages and any window (even from after to) and filters: the brute-force answer."""
    assert stage_index(election).select(query) == select_stages_linear(election, query)
    index = stage_index(election)
    if query.start is not None and query.end is not None and query.start <= query.end:
        cost, _ = examined(index, query._replace(categories=None, key=None, status=None))
        k = len(select_stages_linear(election, StageQuery(start=query.start, end=query.end)))
        assert cost <= k + LOG_FACTOR * math.log2(len(election.stages) + 1) + LOG_FACTOR


def test_the_cost_of_small_queries_is_exact() -> None:
    """Hand-counted work units, so a change of the counting (or of the work) shows.

    Three dated stages (days 0-4, 10, 20-21) and one undated one.
    """
    election = election_of(
        [
            stage(0, ORIGIN, 5),
            stage(1, ORIGIN + 10 * DAY, 1),
            stage(2, ORIGIN + 20 * DAY, 2),
            stage(3, None, 1),
        ]
    )
    index = stage_index(election)
    # No window: every stage, dated and undated, is examined once.
    assert (4, 4) == examined(index, StageQuery())
    # Open start: two bisections of 3 first days (2 x bit_length(3) = 4), then the 2 starting
    # on or before day 10; no search of stages running before the window.
    assert (4 + 2, 2) == examined(index, StageQuery(end=ORIGIN + 10 * DAY))
    # The same, plus the window's start in the interval tree, when the window has one.
    one = election_of([stage(0, ORIGIN, 5)])
    single = stage_index(one)
    # One first day: 2 x max(1, bit_length(1)) = 2 for the bisections, none starting inside;
    # the tree's one node (1) and its first span, which starts after the day (1).
    assert (2 + 0 + 2, 0) == examined(single, StageQuery(start=ORIGIN - DAY, end=ORIGIN - DAY))
