"""What a change did to each stage, as the JSON API writes it: hours as HH:MM, nulls kept."""

from __future__ import annotations

import datetime as dt

from pemilu_api.domain import models, vocabulary
from pemilu_api.domain.loader import load_dataset
from pemilu_api.render.json_hours import (
    LocalHours,
    Snapshot,
    Touch,
    hh_mm,
    hours_out,
    snapshot_out,
    touches_out,
)

DATA = load_dataset()


def _hours(hours: vocabulary.LocalHours | None) -> LocalHours | None:
    """Hours written by hand: two-digit hour and minute, zero-padded, no seconds."""
    if hours is None:
        return None
    start, end = hours.start, hours.end
    return LocalHours(
        start=f"{start.hour:02d}:{start.minute:02d}", end=f"{end.hour:02d}:{end.minute:02d}"
    )


def _state(state: models.Snapshot) -> Snapshot:
    """A state written by hand, field by field."""
    return Snapshot(
        start=state.start, end=state.end, status=state.status, hours=_hours(state.hours)
    )


def test_every_touch_of_the_change_logs_is_written_field_by_field() -> None:
    """Each touch keeps its stage, action, before (null when added) and after, hours as HH:MM."""
    for election in DATA.elections:
        for change in election.changes:
            expected = tuple(
                Touch(
                    stage=t.stage,
                    action=t.action,
                    before=_state(t.before) if t.before is not None else None,
                    after=_state(t.after),
                )
                for t in change.touched
            )
            assert expected == touches_out(change.touched), (election.id, change.at)


def test_polling_hours_drop_the_seconds() -> None:
    """07:00:00 to 13:00:00 is "07:00" to "13:00"; no hours stay null."""
    hours = vocabulary.LocalHours(start=dt.time(7), end=dt.time(13, 5, 59))
    assert LocalHours(start="07:00", end="13:05") == hours_out(hours)
    assert "00:30" == hh_mm(dt.time(0, 30))
    assert hours_out(None) is None


def test_a_state_with_hours_and_a_missing_state() -> None:
    """A voting day's state keeps its dates, status and hours; no state is null."""
    day = dt.date(2024, 2, 14)
    state = models.Snapshot(
        start=day,
        end=day,
        status="suspended",
        hours=vocabulary.LocalHours(start=dt.time(7), end=dt.time(13)),
    )
    expected = Snapshot(
        start=day, end=day, status="suspended", hours=LocalHours(start="07:00", end="13:00")
    )
    assert expected == snapshot_out(state)
    assert snapshot_out(None) is None


def test_a_touch_after_with_hours_is_written_with_them() -> None:
    """An added voting day: before null, after with its hours."""
    day = dt.date(2024, 2, 14)
    hours = vocabulary.LocalHours(start=dt.time(7), end=dt.time(13))
    after = models.Snapshot(start=day, end=day, status="scheduled", hours=hours)
    touch = models.Touch(stage="pemungutan-suara", action="added", before=None, after=after)
    expected = Touch(
        stage="pemungutan-suara",
        action="added",
        before=None,
        after=Snapshot(
            start=day, end=day, status="scheduled", hours=LocalHours(start="07:00", end="13:00")
        ),
    )
    assert (expected,) == touches_out((touch,))
