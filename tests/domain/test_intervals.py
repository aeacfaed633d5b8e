"""Allen's interval algebra over whole days, checked against an oracle over sets of days.

The oracle never looks at ``DayInterval.start``/``stop``: it turns each interval into the set of
calendar days it covers and defines every relation from those sets, their first (min) and last
(max) days, exactly as a reader of Allen (1983) would for inclusive day ranges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import example, find, given, settings
from hypothesis import strategies as st

from pemilu_api.domain.intervals import CONVERSE, RELATIONS, DayInterval, relation
from pemilu_api.domain.vocabulary import Relation

DAY = dt.timedelta(days=1)
ORIGIN = dt.date(2024, 2, 1)

ALL_RELATIONS: frozenset[str] = frozenset(Relation.__args__)  # type: ignore[attr-defined]

Days = frozenset[dt.date]


def days_of(iv: DayInterval) -> Days:
    """Every calendar day the interval covers, found by walking day by day."""
    found: set[dt.date] = set()
    day = iv.start
    while day < iv.stop:
        found.add(day)
        day += DAY
    return frozenset(found)


def _before(a: Days, b: Days) -> bool:
    return max(a) + DAY < min(b)


def _meets(a: Days, b: Days) -> bool:
    return max(a) + DAY == min(b)


def _overlaps(a: Days, b: Days) -> bool:
    return bool(a & b) and min(a) < min(b) and max(a) < max(b)


def _starts(a: Days, b: Days) -> bool:
    return a < b and min(a) == min(b)


def _during(a: Days, b: Days) -> bool:
    return a < b and min(b) < min(a) and max(a) < max(b)


def _finishes(a: Days, b: Days) -> bool:
    return a < b and max(a) == max(b)


def _equals(a: Days, b: Days) -> bool:
    return a == b


def _converse(holds: Callable[[Days, Days], bool]) -> Callable[[Days, Days], bool]:
    return lambda a, b: holds(b, a)


ORACLE: dict[str, Callable[[Days, Days], bool]] = {
    "before": _before,
    "meets": _meets,
    "overlaps": _overlaps,
    "starts": _starts,
    "during": _during,
    "finishes": _finishes,
    "equals": _equals,
    "after": _converse(_before),
    "met-by": _converse(_meets),
    "overlapped-by": _converse(_overlaps),
    "started-by": _converse(_starts),
    "contains": _converse(_during),
    "finished-by": _converse(_finishes),
}


def oracle_relations(a: DayInterval, b: DayInterval) -> set[str]:
    """Every relation the day-set oracle finds between ``a`` and ``b``."""
    a_days, b_days = days_of(a), days_of(b)
    return {name for name, holds in ORACLE.items() if holds(a_days, b_days)}


def span(first: int, length: int) -> DayInterval:
    """The interval of ``length`` days starting ``first`` days after ORIGIN."""
    start = ORIGIN + first * DAY
    return DayInterval.of_days(start, start + (length - 1) * DAY)


# Small offsets and lengths make touching, shared and equal ends frequent.
intervals = st.builds(span, st.integers(0, 30), st.integers(1, 12))

# One pair per relation, written by hand: (first day, length) of a, then of b.
EXAMPLES: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "before": ((0, 3), (5, 2)),
    "meets": ((0, 3), (3, 2)),
    "overlaps": ((0, 3), (2, 4)),
    "starts": ((0, 2), (0, 5)),
    "during": ((2, 2), (0, 6)),
    "finishes": ((3, 3), (0, 6)),
    "equals": ((1, 4), (1, 4)),
    "after": ((5, 2), (0, 3)),
    "met-by": ((3, 2), (0, 3)),
    "overlapped-by": ((2, 4), (0, 3)),
    "started-by": ((0, 5), (0, 2)),
    "contains": ((0, 6), (2, 2)),
    "finished-by": ((0, 6), (3, 3)),
}


def test_the_oracle_and_the_code_name_the_same_thirteen_relations() -> None:
    """The code's relations, their converses and the Relation type are Allen's thirteen."""
    assert 13 == len(ALL_RELATIONS)
    assert ALL_RELATIONS == set(ORACLE)
    assert ALL_RELATIONS == set(RELATIONS)
    assert ALL_RELATIONS == set(CONVERSE)
    assert ALL_RELATIONS == set(CONVERSE.values())


@settings(deadline=None, max_examples=400)
@given(intervals, intervals)
@example(span(0, 3), span(5, 2))
@example(span(0, 1), span(1, 1))
@example(span(4, 1), span(4, 1))
@example(span(0, 6), span(5, 1))
def test_exactly_one_relation_holds_and_it_is_the_one_computed(
    a: DayInterval, b: DayInterval
) -> None:
    """For any two day intervals exactly one Allen relation holds: the one relation() returns."""
    assert oracle_relations(a, b) == {relation(a, b)}


@settings(deadline=None, max_examples=300)
@given(intervals, intervals)
def test_swapping_the_intervals_gives_the_converse(a: DayInterval, b: DayInterval) -> None:
    """relation(b, a) is the converse of relation(a, b)."""
    assert CONVERSE[relation(a, b)] == relation(b, a)


@pytest.mark.parametrize("name", sorted(ALL_RELATIONS))
def test_converse_is_an_involution(name: Relation) -> None:
    """The converse of the converse is the relation itself."""
    assert name == CONVERSE[CONVERSE[name]]


def test_only_equals_is_its_own_converse() -> None:
    """Equals is the one relation that is its own converse."""
    assert {"equals"} == {name for name, other in CONVERSE.items() if name == other}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_relation_is_reachable(name: str) -> None:
    """Each of the thirteen relations holds for some pair of day intervals."""
    (a_first, a_length), (b_first, b_length) = EXAMPLES[name]
    a, b = span(a_first, a_length), span(b_first, b_length)
    assert oracle_relations(a, b) == {name}
    assert name == relation(a, b)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_the_generated_intervals_reach_every_relation(name: str) -> None:
    """The interval strategy the properties use produces a pair in each of the 13 relations."""
    a, b = find(
        st.tuples(intervals, intervals),
        lambda pair: name in oracle_relations(*pair),
        settings=settings(deadline=None, database=None, max_examples=2000),
    )
    assert name == relation(a, b)


@settings(deadline=None, max_examples=200)
@given(intervals, intervals)
def test_sharing_a_day_is_neither_before_meets_nor_their_converses(
    a: DayInterval, b: DayInterval
) -> None:
    """Two intervals share a day exactly when no gap or touch relation holds between them."""
    apart = {"before", "meets", "after", "met-by"}
    assert bool(days_of(a) & days_of(b)) == (relation(a, b) not in apart)
    assert bool(days_of(a) & days_of(b)) == a.overlaps_days(b)


@settings(deadline=None)
@given(st.integers(0, 30), st.integers(1, 12))
def test_an_interval_covers_its_first_through_last_day(first: int, length: int) -> None:
    """of_days(first, last) covers exactly the days first..last, and .last is the last of them."""
    start = ORIGIN + first * DAY
    last = start + (length - 1) * DAY
    iv = DayInterval.of_days(start, last)
    assert length == len(days_of(iv))
    assert (start, last) == (min(days_of(iv)), max(days_of(iv)))
    assert last == iv.last


def test_an_interval_cannot_end_before_it_starts() -> None:
    """A last day before the first day is refused."""
    with pytest.raises(ValueError, match="before first day"):
        DayInterval.of_days(ORIGIN, ORIGIN - DAY)
