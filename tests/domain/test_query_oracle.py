"""Dataset.stages on the real fixtures agrees with a brute-force oracle that walks calendar days."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Election, Stage
from pemilu_api.domain.queries import StageQuery
from pemilu_api.domain.vocabulary import CATEGORIES, STATUSES

DATASET = load_dataset()
ELECTIONS = DATASET.elections
DAY = dt.timedelta(days=1)


def stage_days(stage: Stage) -> set[dt.date]:
    """Every calendar day of a stage, walked from its first day (empty when undated)."""
    if stage.kind == "period":
        first, last = stage.start, stage.end
    else:
        first = last = stage.date
    found: set[dt.date] = set()
    while first is not None and last is not None and first <= last:
        found.add(first)
        first += DAY
    return found


ALL_DAYS = {day for e in ELECTIONS for s in e.stages for day in stage_days(s)}
# The fixtures' years: every generated window is clamped to them.
FIRST = dt.date(min(ALL_DAYS).year, 1, 1)
LAST = dt.date(max(ALL_DAYS).year, 12, 31)


def window_days(start: dt.date | None, end: dt.date | None) -> set[dt.date]:
    """Every calendar day from ``start`` to ``end`` inclusive, open ends clamped to the years."""
    found: set[dt.date] = set()
    day = start or FIRST
    while day <= (end or LAST):
        found.add(day)
        day += DAY
    return found


def oracle(election: Election, query: StageQuery) -> list[str]:
    """The ids of the stages the query should select, in the order it should give them."""
    dated_window = query.start is not None or query.end is not None
    window = window_days(query.start, query.end) if dated_window else set()
    kept = [
        s
        for s in election.stages
        if (not dated_window or stage_days(s) & window)
        and (query.categories is None or s.category in query.categories)
        and (query.key is None or s.key is query.key)
        and (query.status is None or s.status == query.status)
    ]
    dated = sorted((min(stage_days(s)), s.id) for s in kept if stage_days(s))
    undated = sorted(s.id for s in kept if not stage_days(s))
    return [stage_id for _, stage_id in dated] + undated


# Days near stage edges (the day before a first day, the day after a last day) are favoured.
EDGES = sorted(
    {d + shift for d in ALL_DAYS for shift in (-DAY, dt.timedelta(0), DAY)}
    & window_days(None, None)
)
days_in_years = st.dates(FIRST, LAST) | st.sampled_from(EDGES)


@st.composite
def windows(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    """An optional ``from`` and ``to`` within the fixtures' years, ``from`` not after ``to``."""
    start = draw(st.none() | days_in_years)
    end = draw(st.none() | days_in_years)
    if start is not None and end is not None and end < start:
        start, end = end, start
    return start, end


queries = st.builds(
    lambda window, categories, key, status: StageQuery(
        window[0], window[1], categories, key, status
    ),
    windows(),
    st.none() | st.frozensets(st.sampled_from(CATEGORIES)),
    st.sampled_from([None, True, False]),
    st.sampled_from([None, *STATUSES]),
)


@settings(deadline=None, max_examples=300)
@given(st.sampled_from(ELECTIONS), queries)
@example(DATASET.election("pemilu-2024"), StageQuery())
@example(
    DATASET.election("pemilu-2024"),
    StageQuery(start=dt.date(2024, 2, 14), end=dt.date(2024, 2, 14)),
)
@example(DATASET.election("pemilu-2024"), StageQuery(end=dt.date(2022, 6, 13)))
@example(DATASET.election("pilkada-2024"), StageQuery(start=dt.date(2025, 2, 20)))
@example(DATASET.election("pilkada-2024"), StageQuery(start=dt.date(2025, 2, 21)))
@example(DATASET.election("pilkada-2024"), StageQuery(categories=frozenset(), status="scheduled"))
def test_select_stages_equals_the_day_walking_oracle(election: Election, query: StageQuery) -> None:
    """Stages with a day in the window that pass every filter, by (start, id), undated last."""
    assert oracle(election, query) == [s.id for s in DATASET.stages(election, query)]


@settings(deadline=None, max_examples=100)
@given(st.sampled_from(ELECTIONS), windows().filter(lambda window: window != (None, None)))
def test_a_dated_window_never_selects_an_undated_stage(
    election: Election, window: tuple[dt.date | None, dt.date | None]
) -> None:
    """Whenever from or to is given, undated stages are left out."""
    selected = DATASET.stages(election, StageQuery(start=window[0], end=window[1]))
    assert [] == [s.id for s in selected if s.first_day is None]


def test_no_filter_selects_every_stage_undated_last() -> None:
    """Without filters every stage comes back, dated ones first."""
    for election in ELECTIONS:
        selected = DATASET.stages(election, StageQuery())
        assert sorted(s.id for s in election.stages) == sorted(s.id for s in selected)
        dated_flags = [s.first_day is not None for s in selected]
        assert sorted(dated_flags, reverse=True) == dated_flags
