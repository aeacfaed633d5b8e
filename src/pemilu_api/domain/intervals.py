"""Allen's interval algebra over whole days.

A stage covering the days ``first``..``last`` (inclusive) is the half-open interval
``[first, last + 1 day)``: a one-day stage is one day long, and "A meets B" means B starts the
day after A's last day.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, NamedTuple

from pemilu_api.domain.vocabulary import Relation

ONE_DAY: Final = dt.timedelta(days=1)

CONVERSE: Final[dict[Relation, Relation]] = {
    "before": "after",
    "meets": "met-by",
    "overlaps": "overlapped-by",
    "starts": "started-by",
    "during": "contains",
    "finishes": "finished-by",
    "equals": "equals",
    "after": "before",
    "met-by": "meets",
    "overlapped-by": "overlaps",
    "started-by": "starts",
    "contains": "during",
    "finished-by": "finishes",
}

RELATIONS: Final[tuple[Relation, ...]] = tuple(CONVERSE)


class DayInterval(NamedTuple):
    """The half-open interval of days ``[start, stop)``; ``stop`` is the day after the last day."""

    start: dt.date
    stop: dt.date

    @classmethod
    def of_days(cls, first: dt.date, last: dt.date) -> DayInterval:
        """Build the interval covering ``first`` through ``last`` inclusive."""
        if last < first:
            raise ValueError(f"last day {last} is before first day {first}")
        return cls(first, last + ONE_DAY)

    @property
    def last(self) -> dt.date:
        """The last day inside the interval."""
        return self.stop - ONE_DAY

    def overlaps_days(self, other: DayInterval) -> bool:
        """Whether the two intervals share at least one day."""
        return self.start < other.stop and other.start < self.stop


# Two intervals sharing a day relate by how their starts compare and how their stops compare:
# -1 when a's is earlier than b's, 0 when both are the same day, 1 when a's is later.
SHARING: Final[dict[tuple[int, int], Relation]] = {
    (0, 0): "equals",
    (0, -1): "starts",
    (0, 1): "started-by",
    (1, 0): "finishes",
    (-1, 0): "finished-by",
    (-1, -1): "overlaps",
    (-1, 1): "contains",
    (1, -1): "during",
    (1, 1): "overlapped-by",
}


def _order(x: dt.date, y: dt.date) -> int:
    """-1 when ``x`` is before ``y``, 0 when they are the same day, 1 when ``x`` is after ``y``."""
    return (x > y) - (x < y)


def relation(a: DayInterval, b: DayInterval) -> Relation:
    """Return the one Allen relation that holds between ``a`` and ``b``."""
    if a.stop < b.start:
        return "before"
    if a.stop == b.start:
        return "meets"
    if b.stop < a.start:
        return "after"
    if b.stop == a.start:
        return "met-by"
    return SHARING[_order(a.start, b.start), _order(a.stop, b.stop)]
