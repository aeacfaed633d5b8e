"""Polling hours as the JSON API writes them: ``"07:00"`` (HH:MM, local time), not ``"07:00:00"``.

The domain keeps ``datetime.time`` (read from TOML); msgspec would write seconds, and OpenAPI
tooling reads a time as RFC 3339 (with an offset), which local hours do not have. These structs
carry the strings, with a pattern the document publishes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from pemilu_api.domain import models, vocabulary

HOUR_MINUTE = r"^\d{2}:\d{2}$"

HourMinute = Annotated[
    str,
    Meta(
        pattern=HOUR_MINUTE,
        description="Local time at each polling station, HH:MM (24-hour clock, no offset)",
        examples=["07:00"],
    ),
]


class LocalHours(msgspec.Struct, frozen=True, kw_only=True):
    """Polling hours, local time at each polling station (no offset: each zone keeps its own)."""

    start: HourMinute
    end: HourMinute


class Snapshot(msgspec.Struct, frozen=True, kw_only=True):
    """A stage's dates (first and last day, inclusive; null when undated), status and hours."""

    start: Annotated[dt.date | None, Meta(description="First day (inclusive)")]
    end: Annotated[dt.date | None, Meta(description="Last day (inclusive)")]
    status: Annotated[
        vocabulary.Status,
        Meta(description="scheduled, suspended or cancelled (an open enumeration)"),
    ]
    hours: Annotated[LocalHours | None, Meta(description="Polling hours, on voting days")]


class Touch(msgspec.Struct, frozen=True, kw_only=True):
    """What one change did to one stage: its state before (null when added) and after."""

    stage: Annotated[str, Meta(description="The id of the stage touched")]
    action: Annotated[
        models.Action, Meta(description="What the change did to the stage (an open enumeration)")
    ]
    before: Annotated[Snapshot | None, Meta(description="The stage before (null when added)")]
    after: Annotated[Snapshot, Meta(description="The stage after")]


def hh_mm(value: dt.time) -> str:
    """``07:00`` for 07:00:00 (seconds are never used by polling hours)."""
    return value.strftime("%H:%M")


def hours_out(hours: vocabulary.LocalHours | None) -> LocalHours | None:
    """The JSON form of polling hours."""
    if hours is None:
        return None
    return LocalHours(start=hh_mm(hours.start), end=hh_mm(hours.end))


def snapshot_out(snapshot: models.Snapshot | None) -> Snapshot | None:
    """The JSON form of a stage's state in a change."""
    if snapshot is None:
        return None
    return Snapshot(
        start=snapshot.start,
        end=snapshot.end,
        status=snapshot.status,
        hours=hours_out(snapshot.hours),
    )


def touches_out(touched: tuple[models.Touch, ...]) -> tuple[Touch, ...]:
    """The JSON form of what a change did to each stage."""
    return tuple(
        Touch(
            stage=t.stage,
            action=t.action,
            before=snapshot_out(t.before),
            after=Snapshot(
                start=t.after.start,
                end=t.after.end,
                status=t.after.status,
                hours=hours_out(t.after.hours),
            ),
        )
        for t in touched
    )
