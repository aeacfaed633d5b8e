"""An election's view of a calendar day: the scheduled stages in progress and those ahead.

``DayIndex`` precomputes one view per run of days; it is checked against ``view_on`` (which looks
at every stage) on every day around each bundled election and for generated timelines, and
``view_on`` against hand-made cases and a walk over each stage's days.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_query_cost import DAY, ORIGIN, election_of, stage

from pemilu_api.domain.days import DayIndex, DayView, view_on
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Election, Stage
from pemilu_api.domain.vocabulary import LAST_USABLE_DAY, Status

DATASET = load_dataset()
SCHEDULED: Status = "scheduled"


def ids(stages: tuple[Stage, ...]) -> list[str]:
    """The stages' ids, in order."""
    return [s.id for s in stages]


def walked(stages: list[Stage], day: dt.date) -> tuple[list[str], list[str]]:
    """In progress and ahead on ``day`` by walking each scheduled stage's days (the oracle)."""
    going, ahead = [], []
    for s in sorted(stages, key=lambda s: (s.first_day or dt.date.max, s.id)):
        if s.status != SCHEDULED or s.first_day is None or s.last_day is None:
            continue
        covered, current = set(), s.first_day
        while current <= s.last_day:
            covered.add(current)
            current += DAY
        if day in covered:
            going.append(s.id)
        elif min(covered) > day:
            ahead.append(s.id)
    return going, ahead


def test_a_stage_is_in_progress_from_its_first_to_its_last_day() -> None:
    """Both ends count; the day before it is upcoming, the day after it neither."""
    week = stage(1, ORIGIN, 7)
    assert DayView(in_progress=(), upcoming=(week,)) == view_on([week], ORIGIN - DAY)
    assert DayView(in_progress=(week,), upcoming=()) == view_on([week], ORIGIN)
    assert DayView(in_progress=(week,), upcoming=()) == view_on([week], ORIGIN + 6 * DAY)
    assert DayView(in_progress=(), upcoming=()) == view_on([week], ORIGIN + 7 * DAY)


def test_only_scheduled_dated_stages_are_indexed() -> None:
    """Cancelled and undated stages are never in progress nor ahead."""
    stages = [stage(1, ORIGIN, 3, cancelled=True), stage(2, None, 1), stage(3, ORIGIN, 1)]
    index = DayIndex.build(stages)
    assert ["s-3"] == ids(index.on(ORIGIN).in_progress)
    assert ["s-3"] == ids(index.on(ORIGIN - DAY).upcoming)
    assert DayView(in_progress=(), upcoming=()) == index.on(ORIGIN + DAY)


def test_views_are_ordered_by_first_day_then_id() -> None:
    """Stages starting the same day come by id; an earlier start comes first."""
    stages = [stage(3, ORIGIN, 2), stage(1, ORIGIN + DAY, 1), stage(2, ORIGIN, 5)]
    index = DayIndex.build(stages)
    assert ["s-2", "s-3"] == ids(index.on(ORIGIN).in_progress)
    assert ["s-2", "s-3", "s-1"] == ids(index.on(ORIGIN - DAY).upcoming)
    assert ["s-2", "s-3", "s-1"] == ids(index.on(ORIGIN + DAY).in_progress)


def test_the_ends_of_the_calendar_are_days_like_any_other() -> None:
    """Stages on the first and on the last usable day are found there, and none after."""
    first = stage(1, dt.date.min, 1)
    last = stage(2, LAST_USABLE_DAY, 1)
    index = DayIndex.build([first, last])
    assert ["s-1"] == ids(index.on(dt.date.min).in_progress)
    assert ["s-2"] == ids(index.on(dt.date.min).upcoming)
    assert ["s-2"] == ids(index.on(LAST_USABLE_DAY).in_progress)
    assert DayView(in_progress=(), upcoming=()) == index.on(dt.date.max)


def test_timed_stages_are_the_scheduled_ones_with_voting_hours() -> None:
    """Each election's timed stages are its scheduled stages with hours, by start date."""
    for election in DATASET.elections:
        expected = sorted(
            (s for s in election.stages if s.hours is not None and s.status == SCHEDULED),
            key=lambda s: (s.first_day, s.id),
        )
        assert ids(tuple(expected)) == ids(DayIndex.build(election.stages).timed)


def scheduled(stages: tuple[Stage, ...] | list[Stage]) -> list[Stage]:
    """The scheduled stages among ``stages``: what ``view_on`` is given."""
    return [s for s in stages if s.status == SCHEDULED]


@pytest.mark.parametrize("election", DATASET.elections, ids=lambda e: e.id)
def test_every_day_around_an_election_sees_what_the_oracle_sees(election: Election) -> None:
    """From a week before the first stage to a week after the last, day by day."""
    days = [d for s in election.stages for d in (s.first_day, s.last_day) if d is not None]
    if not days:
        assert DayView(in_progress=(), upcoming=()) == DayIndex.build(election.stages).on(ORIGIN)
        return
    day, last = min(days) - 7 * DAY, max(days) + 7 * DAY
    index = DayIndex.build(election.stages)
    assert index == DATASET.days(election)
    while day <= last:
        view = index.on(day)
        assert walked(list(election.stages), day) == (ids(view.in_progress), ids(view.upcoming))
        assert view_on(scheduled(election.stages), day) == view
        day += DAY


timelines = st.lists(
    st.tuples(
        st.integers(0, 60),
        st.integers(1, 20),
        st.booleans(),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
).map(
    lambda rows: [
        stage(n, None if undated else ORIGIN + first * DAY, length, cancelled=cancelled)
        for n, (first, length, cancelled, undated) in enumerate(rows)
    ]
)


@settings(max_examples=300, deadline=None)
@given(timelines, st.integers(-5, 90))
def test_any_generated_timeline_sees_on_any_day_what_the_oracle_sees(
    stages: list[Stage], offset: int
) -> None:
    """The index, ``view_on`` over the scheduled stages, and the day walk agree."""
    day = ORIGIN + offset * DAY
    view = DayIndex.build(election_of(stages).stages).on(day)
    assert walked(stages, day) == (ids(view.in_progress), ids(view.upcoming))
    assert view_on(scheduled(stages), day) == view


def test_a_view_within_some_ids_keeps_only_those_stages_in_order() -> None:
    """``within`` filters both lists by id and keeps their order; None keeps the view as it is."""
    stages = [
        stage(1, ORIGIN, 3),
        stage(2, ORIGIN, 1),
        stage(3, ORIGIN + DAY, 1),
        stage(4, ORIGIN + 2 * DAY, 1),
    ]
    view = DayIndex.build(stages).on(ORIGIN)
    assert ["s-1", "s-2"] == ids(view.in_progress)
    assert view is view.within(None)
    kept = view.within(frozenset({"s-2", "s-4", "s-9"}))
    assert (["s-2"], ["s-4"]) == (ids(kept.in_progress), ids(kept.upcoming))
    assert DayView(in_progress=(), upcoming=()) == view.within(frozenset())
