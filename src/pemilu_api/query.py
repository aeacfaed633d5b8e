"""Selecting the stages of an election that match a query (pure: no HTTP)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from pemilu_api.models import Category, Election, Stage, Status
from pemilu_api.resources import stage_sort_key


class StageQuery(NamedTuple):
    """Filters on stages; None means "any". ``start``/``end`` select stages overlapping those days."""

    start: dt.date | None = None
    end: dt.date | None = None
    categories: frozenset[Category] | None = None
    key: bool | None = None
    status: Status | None = None


def overlaps(stage: Stage, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether a stage shares a day with the inclusive window; undated stages share none."""
    if start is None and end is None:
        return True
    first, last = stage.first_day, stage.last_day
    if first is None or last is None:
        return False
    return (end is None or first <= end) and (start is None or last >= start)


def matches(stage: Stage, query: StageQuery) -> bool:
    """Whether one stage passes every filter of ``query``."""
    return (
        overlaps(stage, query.start, query.end)
        and (query.categories is None or stage.category in query.categories)
        and (query.key is None or stage.key == query.key)
        and (query.status is None or stage.status == query.status)
    )


def select_stages(election: Election, query: StageQuery) -> list[Stage]:
    """The stages of ``election`` matching ``query``, by start date then id (undated last)."""
    return sorted((s for s in election.stages if matches(s, query)), key=stage_sort_key)


def sort_stages(stages: Iterable[Stage]) -> list[Stage]:
    """Order stages by start date then id, undated last."""
    return sorted(stages, key=stage_sort_key)
