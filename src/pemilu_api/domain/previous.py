"""An earlier version of the data, read as far as both versions share, and what may not change.

``pemilu-api check DIR --previous OLD`` compares DIR with OLD: ids are never dropped without
being retired, a date, status or hours never changes without a newer change entry, and a file
that changed carries a newer revision. OLD may be in an older format that the strict loader
refuses: it is then read leniently, for the ids, dates, statuses, hours and revisions only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.history import silent_changes
from pemilu_api.domain.models import Snapshot
from pemilu_api.domain.violations import Violation


class _Hours(msgspec.Struct):
    start: dt.time
    end: dt.time


class _Stage(msgspec.Struct):
    id: str
    kind: str
    start: dt.date | None = None
    end: dt.date | None = None
    date: dt.date | None = None
    status: str = "scheduled"
    hours: _Hours | None = None


class _Retired(msgspec.Struct):
    id: str


class _Election(msgspec.Struct):
    id: str
    revision: dt.datetime
    stages: list[_Stage] = []
    retired: list[_Retired] = []


class Earlier(msgspec.Struct, frozen=True, kw_only=True):
    """What an earlier version of one election file says that every version shares."""

    id: str
    revision: dt.datetime
    raw: bytes
    stages: dict[str, Snapshot]
    retired: frozenset[str]


def _earlier(raw: bytes) -> Earlier:
    old = msgspec.toml.decode(raw, type=_Election)
    stages = {}
    for s in old.stages:
        period = s.kind == "period"
        stages[s.id] = msgspec.convert(
            {
                "start": s.start if period else s.date,
                "end": s.end if period else s.date,
                "status": s.status,
                "hours": None if s.hours is None else msgspec.to_builtins(s.hours),
            },
            Snapshot,
        )
    retired = frozenset(r.id for r in old.retired)
    return Earlier(id=old.id, revision=old.revision, raw=raw, stages=stages, retired=retired)


def read_earlier(directory: Path) -> tuple[list[Earlier], list[str]]:
    """Every election file of an earlier version, and a note for each file that could not be read."""
    found: list[Earlier] = []
    notes: list[str] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            found.append(_earlier(path.read_bytes()))
        except (msgspec.DecodeError, UnicodeDecodeError, ValueError) as exc:
            notes.append(f"{path}: not compared (this version cannot read it: {exc})")
    return found, notes


def check_against(previous: list[Earlier], current: Dataset, directory: Path) -> list[Violation]:
    """Violations of ``current`` (read from ``directory``) against the earlier ``previous``."""
    problems: list[Violation] = []
    for old in previous:
        source = str(directory / f"{old.id}.toml")
        new = current.election(old.id)
        if new is None:
            problems.append(
                Violation(source, (), "election-removed", f"election {old.id!r} disappeared")
            )
            continue
        retired = {r.id for r in new.retired}
        kept = {s.id for s in new.stages} | retired
        for stage_id in sorted(set(old.stages) - kept):
            problems.append(
                Violation(
                    source,
                    (stage_id,),
                    "retired-id",
                    f"stage {stage_id!r} disappeared without being retired; add it to [[retired]]",
                )
            )
        for stage_id in sorted(old.retired - retired):
            problems.append(
                Violation(
                    source,
                    (stage_id,),
                    "retired-id",
                    f"retired id {stage_id!r} left the [[retired]] list; ids are never reused",
                )
            )
        problems.extend(silent_changes(old.stages, old.revision, new, source))
        problems.extend(_revision(old, new.revision, directory / f"{old.id}.toml", source))
    return problems


def _revision(old: Earlier, revision: dt.datetime, path: Path, source: str) -> list[Violation]:
    if revision < old.revision:
        return [
            Violation(
                source,
                (),
                "revision",
                f"revision {revision.isoformat()} goes back from {old.revision.isoformat()}",
            )
        ]
    changed = not path.is_file() or path.read_bytes() != old.raw
    if changed and revision == old.revision:
        return [
            Violation(
                source,
                (),
                "revision",
                f"the file changed but its revision is still {revision.isoformat()}; "
                "set a newer revision",
            )
        ]
    return []
