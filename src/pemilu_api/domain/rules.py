"""The rules an election's data must keep: the general invariants and its declared ordering rules.

Every check returns violations instead of raising, so one run reports all of them at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

from pemilu_api.domain.history import check_history
from pemilu_api.domain.intervals import DayInterval, relation
from pemilu_api.domain.models import Election, Region, Stage
from pemilu_api.domain.regions import holds
from pemilu_api.domain.violations import Violation
from pemilu_api.domain.vocabulary import Edge

INSIDE = frozenset({"starts", "during", "finishes", "equals"})


def interval(stage: Stage) -> DayInterval | None:
    """The stage's days as a half-open interval, or None when it is undated."""
    first, last = stage.first_day, stage.last_day
    if first is None or last is None:
        return None
    return DayInterval.of_days(first, last)


def _span(stage: Stage) -> str:
    iv = interval(stage)
    if iv is None:
        return f"{stage.id} (undated)"
    if iv.start == iv.last:
        return f"{stage.id} {iv.start.isoformat()}"
    return f"{stage.id} {iv.start.isoformat()}..{iv.last.isoformat()}"


def check_election(
    election: Election, regions: Mapping[str, Region], source: str
) -> list[Violation]:
    """Return every violation of the general invariants and the declared rules in ``election``."""
    stages = {s.id: s for s in election.stages}
    return [
        *_unique_ids(election, source),
        *_parents(election, stages, source),
        *_announced(election, source),
        *_window(election, source),
        *_voting_day(election, source),
        *_constraints(election, stages, source),
        *_lengths(election, stages, source),
        *_offsets(election, stages, source),
        *_history(election, stages, source),
        *check_history(election, source),
        *_regions(election, regions, source),
    ]


def _unique_ids(election: Election, source: str) -> Iterator[Violation]:
    for kind, ids in (
        ("stage", [s.id for s in election.stages]),
        ("contest", [c.id for c in election.contests]),
        ("retired", [r.id for r in election.retired]),
        ("relative rule", [r.id for r in election.relative]),
        ("event", [e.id for e in election.events]),
    ):
        for dup, n in Counter(ids).items():
            if n > 1:
                yield Violation(source, (dup,), "unique-id", f"{kind} id {dup!r} appears {n} times")


def _parents(election: Election, stages: Mapping[str, Stage], source: str) -> Iterator[Violation]:
    for stage in election.stages:
        if stage.parent is None:
            continue
        parent = stages.get(stage.parent)
        if parent is None:
            yield Violation(
                source, (stage.id, stage.parent), "parent", f"parent {stage.parent!r} is no stage"
            )
            continue
        seen = {stage.id}
        ancestor: Stage | None = parent
        while ancestor is not None and ancestor.id not in seen:
            seen.add(ancestor.id)
            ancestor = stages.get(ancestor.parent) if ancestor.parent else None
        if ancestor is not None:
            yield Violation(source, (stage.id, stage.parent), "parent", "parents form a cycle")
            continue
        inner, outer = interval(stage), interval(parent)
        if inner is not None and outer is not None and relation(inner, outer) not in INSIDE:
            yield Violation(
                source,
                (stage.id, parent.id),
                "inside-parent",
                f"{_span(stage)} is {relation(inner, outer)!r} its parent {_span(parent)}",
            )


def _announced(election: Election, source: str) -> Iterator[Violation]:
    """An announced election (no schedule set) has no dated stage and no ordering rule to check."""
    if election.status != "announced":
        return
    for stage in election.stages:
        if stage.dated:
            yield Violation(
                source,
                (stage.id,),
                "announced",
                f"{_span(stage)}: an announced election has no dated stage (give an undated reason)",
            )
    if election.constraints or election.lengths or election.offsets:
        yield Violation(
            source,
            (),
            "announced",
            "an announced election declares no ordering rule on dates; "
            "state it as a [[relative]] rule",
        )


def _window(election: Election, source: str) -> Iterator[Violation]:
    if election.window is None or election.voting_day is None:
        return
    window = DayInterval.of_days(election.window.start, election.window.end)
    for stage in election.stages:
        iv = interval(stage)
        if iv is not None and relation(iv, window) not in INSIDE:
            yield Violation(
                source,
                (stage.id,),
                "inside-window",
                f"{_span(stage)} is outside the election window "
                f"{window.start.isoformat()}..{window.last.isoformat()}",
            )
    if not window.start <= election.voting_day <= window.last:
        yield Violation(
            source, (), "inside-window", f"voting day {election.voting_day} is outside the window"
        )


def _voting_day(election: Election, source: str) -> Iterator[Violation]:
    if election.voting_day is None:
        return
    if not any(
        s.category == "voting"
        and s.kind == "day"
        and s.status == "scheduled"
        and s.date == election.voting_day
        for s in election.stages
    ):
        yield Violation(
            source,
            (),
            "voting-day",
            f"no scheduled voting stage falls on the voting day {election.voting_day}",
        )


def _dated(
    stages: Mapping[str, Stage], ids: Iterable[str], rule: str, source: str
) -> tuple[list[DayInterval], list[Violation]]:
    ids = tuple(ids)
    found: list[DayInterval] = []
    for stage_id in ids:
        stage = stages.get(stage_id)
        if stage is None:
            return [], [Violation(source, ids, rule, f"{stage_id!r} is no stage")]
        iv = interval(stage)
        if iv is None:
            return [], [Violation(source, ids, rule, f"{stage_id!r} has no dates to check")]
        found.append(iv)
    return found, []


def _constraints(
    election: Election, stages: Mapping[str, Stage], source: str
) -> Iterator[Violation]:
    for c in election.constraints:
        found, problems = _dated(stages, (c.a, c.b), "constraint", source)
        yield from problems
        if found:
            actual = relation(found[0], found[1])
            if actual not in c.allowed:
                yield Violation(
                    source,
                    (c.a, c.b),
                    "constraint",
                    f"{_span(stages[c.a])} {actual} {_span(stages[c.b])}; "
                    f"allowed: {', '.join(c.allowed)}",
                )


def _lengths(election: Election, stages: Mapping[str, Stage], source: str) -> Iterator[Violation]:
    for rule in election.lengths:
        found, problems = _dated(stages, (rule.stage,), "length", source)
        yield from problems
        if found:
            days = (found[0].stop - found[0].start).days
            if days != rule.days:
                yield Violation(
                    source,
                    (rule.stage,),
                    "length",
                    f"{_span(stages[rule.stage])} lasts {days} days; required: {rule.days}",
                )


def edge_day(iv: DayInterval, edge: Edge) -> DayInterval:
    """The first or last day of ``iv`` as a one-day interval."""
    day = iv.start if edge == "start" else iv.last
    return DayInterval.of_days(day, day)


def _offsets(election: Election, stages: Mapping[str, Stage], source: str) -> Iterator[Violation]:
    for rule in election.offsets:
        found, problems = _dated(stages, (rule.from_, rule.to), "offset", source)
        yield from problems
        if found:
            origin = edge_day(found[0], rule.from_edge).start
            target = edge_day(found[1], rule.to_edge).start
            actual = (target - origin).days
            if actual != rule.days:
                yield Violation(
                    source,
                    (rule.from_, rule.to),
                    "offset",
                    f"{rule.to} {rule.to_edge} {target} is {actual} days after "
                    f"{rule.from_} {rule.from_edge} {origin}; required: {rule.days}",
                )


def _history(election: Election, stages: Mapping[str, Stage], source: str) -> Iterator[Violation]:
    retired = {r.id for r in election.retired}
    for stage_id in sorted(retired & set(stages)):
        yield Violation(
            source, (stage_id,), "retired-id", f"retired id {stage_id!r} is used by a stage"
        )
    for change in election.changes:
        if change.at > election.revision:
            yield Violation(
                source,
                change.stages,
                "revision",
                f"change of {change.at.isoformat()} is newer than the revision "
                f"{election.revision.isoformat()}",
            )
    for r in election.retired:
        if r.at > election.revision:
            yield Violation(
                source, (r.id,), "revision", f"retirement of {r.id!r} is newer than the revision"
            )


def _regions(election: Election, regions: Mapping[str, Region], source: str) -> Iterator[Violation]:
    for code, count in Counter(election.regions).items():
        if code not in regions:
            yield Violation(
                source, (), "region", f"the election's region list names unknown {code}"
            )
        if count > 1:
            yield Violation(source, (), "region", f"the election's region list names {code} twice")
    for contest in election.contests:
        for code in contest.exclude:
            if code not in regions:
                yield Violation(
                    source, (), "region", f"contest {contest.id!r} excludes unknown region {code}"
                )
    for stage in election.stages:
        for code in stage.regions:
            region = regions.get(code)
            if region is None:
                yield Violation(source, (stage.id,), "region", f"unknown region {code}")
            elif not holds(election, region):
                yield Violation(
                    source, (stage.id,), "region", f"region {code} does not hold this election"
                )
