"""An election's scheduled stages as seen on any calendar day, precomputed per run of days (pure).

What is in progress on a day, and what starts later, changes only on the first day of a stage
and on the day after a stage's last day. So the calendar falls into runs of days that all see
the same stages; each run's view is computed once, and a day finds its run by bisection.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from pemilu_api.domain.models import Stage, stage_sort_key

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DayView:
    """The scheduled stages covering a day, and those starting after it, by start date then id."""

    in_progress: tuple[Stage, ...]
    upcoming: tuple[Stage, ...]

    def within(self, ids: frozenset[str] | None) -> DayView:
        """The view kept to the stages whose ids are in ``ids`` (None: this view as it is)."""
        if ids is None:
            return self
        return DayView(
            in_progress=tuple(s for s in self.in_progress if s.id in ids),
            upcoming=tuple(s for s in self.upcoming if s.id in ids),
        )


def view_on(scheduled: Iterable[Stage], day: dt.date) -> DayView:
    """The view of ``day`` by looking at every stage (the reference the index is tested against)."""
    ordered = sorted(scheduled, key=stage_sort_key)
    return DayView(
        in_progress=tuple(
            s
            for s in ordered
            if s.first_day is not None
            and s.last_day is not None
            and s.first_day <= day <= s.last_day
        ),
        upcoming=tuple(s for s in ordered if s.first_day is not None and s.first_day > day),
    )


def _changes(stage: Stage) -> Iterable[dt.date]:
    """The days on which ``stage`` starts and stops being in progress.

    The day after the last one always exists: the model refuses days after LAST_USABLE_DAY.
    """
    if stage.first_day is not None and stage.last_day is not None:
        yield stage.first_day
        yield stage.last_day + ONE_DAY


@dataclass(frozen=True)
class DayIndex:
    """The views of every run of days of one election's scheduled, dated stages.

    ``timed`` holds the scheduled stages with voting hours, by start date then id: the only
    ones that can have polls open.
    """

    starts: tuple[dt.date, ...]
    views: tuple[DayView, ...]
    timed: tuple[Stage, ...]

    @classmethod
    def build(cls, stages: Iterable[Stage]) -> DayIndex:
        """Index the scheduled stages among ``stages`` (once per loaded election)."""
        scheduled = sorted(
            (s for s in stages if s.status == "scheduled" and s.first_day is not None),
            key=stage_sort_key,
        )
        starts = tuple(sorted({day for s in scheduled for day in _changes(s)}))
        # views[0] is every day before the first change (nothing started yet); views[i], i > 0,
        # is the run of days from starts[i - 1].
        before = DayView(in_progress=(), upcoming=tuple(scheduled))
        runs = (view_on(scheduled, day) for day in starts)
        timed = tuple(s for s in scheduled if s.hours is not None)
        return cls(starts, (before, *runs), timed)

    def on(self, day: dt.date) -> DayView:
        """The stages in progress on ``day`` and those starting after it (O(log n))."""
        return self.views[bisect_right(self.starts, day)]
