"""The change log as history: replaying it, what it says about each stage, and silent edits.

Each entry records, for every stage it touched, the stage's dates, status and hours before and
after. Replaying the entries in order over the first-published state must give today's stages,
and a date may only differ from an earlier version of the data when a newer entry says so.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping

from pemilu_api.domain.models import Change, Election, Snapshot, Touch, snapshot
from pemilu_api.domain.violations import Violation


def touches(election: Election, stage_id: str) -> list[tuple[Change, Touch]]:
    """The entries that touched the stage, in log order, with what each did to it."""
    return [(c, t) for c in election.changes for t in c.touched if t.stage == stage_id]


def sequence(election: Election, stage_id: str) -> int:
    """How many change-log entries touched the stage."""
    return sum(1 for change in election.changes if stage_id in change.stages)


def last_modified(election: Election, stage_id: str) -> dt.datetime | None:
    """The latest change-log entry that touched the stage, or None."""
    return max((c.at for c in election.changes if stage_id in c.stages), default=None)


def published(election: Election) -> dt.datetime:
    """When this data set first published the election (its publication entry)."""
    return min(c.at for c in election.changes)


def stage_modified(election: Election, stage_id: str) -> dt.datetime:
    """When the stage last changed: its latest entry, or the election's first publication."""
    changed = last_modified(election, stage_id)
    return changed if changed is not None else published(election)


def describe(s: Snapshot | None) -> str:
    """A snapshot as one short phrase, e.g. "2020-09-23..2020-09-23 scheduled 07:00-13:00"."""
    if s is None:
        return "absent"
    days = "undated" if s.start is None else f"{s.start}..{s.end}"
    hours = "" if s.hours is None else f" {s.hours.start:%H:%M}-{s.hours.end:%H:%M}"
    return f"{days} {s.status}{hours}"


def first_published(election: Election) -> dict[str, Snapshot | None]:
    """Every stage's state when first published: the ``before`` of its first entry, else today's."""
    state: dict[str, Snapshot | None] = {s.id: snapshot(s) for s in election.stages}
    seen: set[str] = set()
    for change in election.changes:
        for touch in change.touched:
            if touch.stage not in seen:
                seen.add(touch.stage)
                state[touch.stage] = touch.before
    return state


def replay(election: Election) -> dict[str, Snapshot | None]:
    """Apply every entry's ``after`` in order over the first-published state."""
    state = first_published(election)
    for change in election.changes:
        for touch in change.touched:
            state[touch.stage] = touch.after
    return state


def _action_problem(kind: str, touch: Touch) -> str | None:
    """Why ``touch``'s action does not fit its before and after, or None when it does."""
    before, after = touch.before, touch.after
    if touch.action == "added":
        return None if before is None else "an added stage has no before"
    if before is None:
        return f"a {touch.action} stage needs a before (only added stages have none)"
    if before == after:
        return "before and after are the same: nothing changed"
    fits = {
        "suspended": before.status != "suspended" and after.status == "suspended",
        "resumed": before.status == "suspended" and after.status == "scheduled",
        "cancelled": before.status != "cancelled" and after.status == "cancelled",
        "moved": before.status == after.status,
        "corrected": kind == "correction",
    }
    return (
        None
        if fits[touch.action]
        else f"{touch.action} does not fit {describe(before)} -> {describe(after)}"
    )


def _order(election: Election, source: str) -> Iterator[Violation]:
    kinds = [c.kind for c in election.changes]
    if kinds.count("publication") != 1 or kinds[0] != "publication":
        yield Violation(
            source, (), "history", "the change log starts with exactly one publication entry"
        )
    keys = [(c.at, c.decided or dt.date.min) for c in election.changes]
    for earlier, later in itertools.pairwise(keys):
        if later < earlier:
            yield Violation(
                source,
                (),
                "history",
                f"entries out of order: {later[0].isoformat()} ({later[1]}) listed after "
                f"{earlier[0].isoformat()} ({earlier[1]}); order them by at, then decided",
            )


def check_history(election: Election, source: str) -> list[Violation]:
    """Violations of the change log: its order, each action, and the replay giving today's stages."""
    problems = list(_order(election, source))
    known = {s.id for s in election.stages} | {r.id for r in election.retired}
    state = first_published(election)
    for change in election.changes:
        when = f"{change.kind} entry of {change.at.isoformat()}"
        if change.decided is not None:
            when += f" (decided {change.decided})"
        for touch in change.touched:
            ids = (touch.stage,)
            if touch.stage not in known:
                problems.append(
                    Violation(
                        source,
                        ids,
                        "retired-id",
                        f"{when} touches {touch.stage!r}, which is neither a stage nor retired",
                    )
                )
                continue
            reason = _action_problem(change.kind, touch)
            if reason is not None:
                problems.append(Violation(source, ids, "history", f"{when}: {reason}"))
            current = state.get(touch.stage)
            if touch.before != current:
                problems.append(
                    Violation(
                        source,
                        ids,
                        "history",
                        f"{when}: before is {describe(touch.before)}, but replaying the earlier "
                        f"entries gives {describe(current)}",
                    )
                )
            state[touch.stage] = touch.after
    for stage in election.stages:
        replayed, today = state.get(stage.id), snapshot(stage)
        if replayed != today:
            problems.append(
                Violation(
                    source,
                    (stage.id,),
                    "history",
                    f"replaying the change log gives {describe(replayed)}, but the stage is "
                    f"{describe(today)}: add an entry for the change",
                )
            )
    return problems


def silent_changes(
    old: Mapping[str, Snapshot], old_revision: dt.datetime, new: Election, source: str
) -> list[Violation]:
    """Stages whose dates, status or hours differ from ``old`` with no newer entry that says so.

    ``old`` maps stage ids to their state in an earlier version published at ``old_revision``.
    An entry counts when it is newer than that revision, names the stage and ends at today's state.
    """
    problems: list[Violation] = []
    for stage in new.stages:
        before = old.get(stage.id)
        today = snapshot(stage)
        if before == today or (before is None and not old):
            # Unchanged, or a whole new election: its publication entry covers every stage.
            continue
        newer = [t for c, t in touches(new, stage.id) if c.at > old_revision]
        if not newer or newer[-1].after != today:
            problems.append(
                Violation(
                    source,
                    (stage.id,),
                    "silent-change",
                    f"election {new.id}, stage {stage.id}: {describe(before)} became "
                    f"{describe(today)} with no change entry newer than {old_revision.isoformat()}; "
                    "add a [[changes]] entry that touches it",
                )
            )
    return problems
