"""Selecting the stages of an election that match a query (pure: no HTTP).

A date window is answered from a per-election index, so its cost grows with the stages it
returns and the logarithm of the election's size, never with every stage the election has:
stages sorted by first day give those starting inside the window (two bisections), and a
centered interval tree gives those that started earlier and are still running on its first day.
The data set builds one index per election when it loads (``Dataset.stages``).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from pemilu_api.domain.models import Election, Stage, stage_sort_key
from pemilu_api.domain.vocabulary import Category, Status


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


def passes_filters(stage: Stage, query: StageQuery) -> bool:
    """Whether one stage passes the category, key and status filters of ``query``."""
    return (
        (query.categories is None or stage.category in query.categories)
        and (query.key is None or stage.key == query.key)
        and (query.status is None or stage.status == query.status)
    )


def matches(stage: Stage, query: StageQuery) -> bool:
    """Whether one stage passes every filter of ``query``."""
    return overlaps(stage, query.start, query.end) and passes_filters(stage, query)


class Meter(Protocol):
    """Something that counts units of work (stages compared plus tree nodes visited)."""

    def add(self, units: int) -> None:
        """Count ``units`` more units of work."""


class _NoMeter:
    """The meter of a production index: counts nothing."""

    def add(self, units: int) -> None:
        """Count nothing."""


NO_METER: Meter = _NoMeter()


class Span(NamedTuple):
    """A dated stage as its inclusive days, with its position in start order."""

    first: dt.date
    last: dt.date
    rank: int


@dataclass
class _Node:
    """A centered interval tree node: the spans containing ``center``, in two orders."""

    center: dt.date
    by_first: list[Span]
    by_last_desc: list[Span]
    left: _Node | None = None
    right: _Node | None = None


def _build_tree(spans: list[Span]) -> _Node | None:
    """A balanced centered interval tree (the center is the median of the first days)."""
    if not spans:
        return None
    ordered = sorted(spans, key=lambda s: s.first)
    center = ordered[len(ordered) // 2].first
    here = [s for s in ordered if s.first <= center <= s.last]
    node = _Node(
        center=center,
        by_first=here,
        by_last_desc=sorted(here, key=lambda s: s.last, reverse=True),
    )
    node.left = _build_tree([s for s in ordered if s.last < center])
    node.right = _build_tree([s for s in ordered if s.first > center])
    return node


@dataclass
class StageIndex:
    """One election's dated stages by (first day, id), undated ones apart, and an interval tree."""

    dated: tuple[Stage, ...]
    firsts: tuple[dt.date, ...]
    undated: tuple[Stage, ...]
    tree: _Node | None
    meter: Meter = field(default=NO_METER, repr=False)

    @classmethod
    def build(cls, stages: Iterable[Stage], meter: Meter = NO_METER) -> StageIndex:
        """Index ``stages`` (O(n log n), once per loaded election); ``meter`` counts query work."""
        ordered = sorted(stages, key=stage_sort_key)
        dated = tuple(s for s in ordered if s.first_day is not None)
        undated = tuple(s for s in ordered if s.first_day is None)
        spans = [
            Span(s.first_day, s.last_day, rank)
            for rank, s in enumerate(dated)
            if s.first_day is not None and s.last_day is not None
        ]
        firsts = tuple(span.first for span in spans)
        return cls(dated, firsts, undated, _build_tree(spans), meter)

    def running_on(self, day: dt.date) -> list[int]:
        """Ranks of the dated stages whose days include ``day`` (O(log n + k))."""
        found: list[int] = []
        node = self.tree
        while node is not None:
            self.meter.add(1)
            if day < node.center:
                for span in node.by_first:
                    self.meter.add(1)
                    if span.first > day:
                        break
                    found.append(span.rank)
                node = node.left
            elif day > node.center:
                for span in node.by_last_desc:
                    self.meter.add(1)
                    if span.last < day:
                        break
                    found.append(span.rank)
                node = node.right
            else:
                self.meter.add(len(node.by_first))
                found.extend(span.rank for span in node.by_first)
                break
        return found

    def overlapping(self, start: dt.date | None, end: dt.date | None) -> list[Stage]:
        """Dated stages sharing a day with [start, end] (None: open), by (first day, id)."""
        # Two bisections: about log2(n) comparisons each.
        self.meter.add(2 * max(1, len(self.firsts).bit_length()))
        lo = 0 if start is None else bisect_left(self.firsts, start)
        hi = len(self.firsts) if end is None else bisect_right(self.firsts, end)
        starting_inside = range(lo, max(lo, hi))
        self.meter.add(len(starting_inside))
        # Stages that began before the window (and not after its end) and still run on its first day.
        before = min(lo, hi)
        earlier = [] if start is None else [r for r in self.running_on(start) if r < before]
        ranks = sorted(earlier) + list(starting_inside)
        return [self.dated[r] for r in ranks]

    def select(self, query: StageQuery) -> list[Stage]:
        """The stages matching ``query``, by start date then id (undated last)."""
        if query.start is None and query.end is None:
            self.meter.add(len(self.dated) + len(self.undated))
            candidates = [*self.dated, *self.undated]
        else:
            candidates = self.overlapping(query.start, query.end)
        return [s for s in candidates if passes_filters(s, query)]


def select_stages_linear(election: Election, query: StageQuery) -> list[Stage]:
    """The same answer by scanning every stage (the reference the index is tested against)."""
    return sorted((s for s in election.stages if matches(s, query)), key=stage_sort_key)
