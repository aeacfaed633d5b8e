"""An independent Allen oracle over inclusive (first, last) days.

And the smallest changes of an election that break one of its declared rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import msgspec

from pemilu_api.domain.declared_rules import Constraint, Length, Offset
from pemilu_api.domain.models import Election, Stage

DAY = dt.timedelta(days=1)
Span = tuple[dt.date, dt.date]

_SHARED = {
    (-1, -1): "overlaps",
    (0, -1): "starts",
    (1, -1): "during",
    (1, 0): "finishes",
    (0, 0): "equals",
    (1, 1): "overlapped-by",
    (0, 1): "started-by",
    (-1, 1): "contains",
    (-1, 0): "finished-by",
}


def _sign(delta: dt.timedelta) -> int:
    return (delta > dt.timedelta(0)) - (delta < dt.timedelta(0))


def allen(a: Span, b: Span) -> str:
    """The Allen relation of two inclusive day spans (a day after the last day is "meets")."""
    (a_first, a_last), (b_first, b_last) = a, b
    if a_last + DAY < b_first:
        return "before"
    if a_last + DAY == b_first:
        return "meets"
    if b_last + DAY < a_first:
        return "after"
    if b_last + DAY == a_first:
        return "met-by"
    return _SHARED[_sign(a_first - b_first), _sign(a_last - b_last)]


def span_of(stage: Stage) -> Span:
    """A dated stage's first and last day."""
    if stage.kind == "period":
        assert stage.start is not None
        assert stage.end is not None
        return stage.start, stage.end
    assert stage.date is not None
    return stage.date, stage.date


ALL_RELATIONS = ("before", "meets", "after", "met-by", *_SHARED.values())


def with_days(stage: Stage, first: dt.date, last: dt.date) -> Stage:
    """The stage moved to cover ``first``..``last`` (a period when that is more than one day)."""
    if first == last and stage.kind != "period":
        return msgspec.structs.replace(stage, date=first)
    return msgspec.structs.replace(
        stage,
        kind="period",
        start=first,
        end=last,
        date=None,
        hours=stage.hours if first == last else None,
    )


def replace_stage(election: Election, new: Stage) -> Election:
    """The election with the stage of ``new``'s id replaced by ``new``."""
    stages = tuple(new if s.id == new.id else s for s in election.stages)
    return msgspec.structs.replace(election, stages=stages)


def _moves(span: Span, size: int) -> Iterator[Span]:
    first, last = span
    for delta in (size * DAY, -size * DAY):
        yield first + delta, last + delta
        if last + delta >= first:
            yield first, last + delta
        if first + delta <= last:
            yield first + delta, last


def break_constraint(election: Election, rule: Constraint) -> Election:
    """The election with the smallest shift or stretch of one stage that leaves ``rule.allowed``."""
    stages = {s.id: s for s in election.stages}
    spans = {rule.a: span_of(stages[rule.a]), rule.b: span_of(stages[rule.b])}
    for size in range(1, 4000):
        for mover in (rule.a, rule.b):
            for moved in _moves(spans[mover], size):
                trial = {**spans, mover: moved}
                if allen(trial[rule.a], trial[rule.b]) not in rule.allowed:
                    return replace_stage(election, with_days(stages[mover], *moved))
    raise AssertionError(f"no perturbation leaves {rule.allowed}")


def break_length(election: Election, rule: Length) -> Election:
    """The election with the stage of ``rule`` one day longer."""
    stage = election.stage(rule.stage)
    assert stage is not None
    first, last = span_of(stage)
    return replace_stage(election, with_days(stage, first, last + DAY))


def break_offset(election: Election, rule: Offset) -> Election:
    """The election with the ``to`` edge of ``rule`` one day later."""
    stage = election.stage(rule.to)
    assert stage is not None
    first, last = span_of(stage)
    if rule.from_ != rule.to:
        return replace_stage(election, with_days(stage, first + DAY, last + DAY))
    if rule.to_edge == "end":
        return replace_stage(election, with_days(stage, first, last + DAY))
    return replace_stage(election, with_days(stage, first - DAY, last))
