"""What the change log says about a stage: how often it changed, and when it last did."""

from __future__ import annotations

import datetime as dt

from pemilu_api.domain.models import Election


def sequence(election: Election, stage_id: str) -> int:
    """How many change-log entries touched the stage."""
    return sum(1 for change in election.changes if stage_id in change.stages)


def last_modified(election: Election, stage_id: str) -> dt.datetime | None:
    """The latest change-log entry that touched the stage, or None."""
    return max((c.at for c in election.changes if stage_id in c.stages), default=None)
