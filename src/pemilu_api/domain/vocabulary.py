"""The data's vocabulary: field types, fixed value sets, and the small structs every model uses."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

Slug = Annotated[str, Meta(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=64)]
NonEmpty = Annotated[str, Meta(min_length=1)]
Days = Annotated[int, Meta(ge=0, le=3660)]
RegionCode = Annotated[str, Meta(pattern=r"^\d{2}(?:\.\d{2})?$")]

Category = Literal[
    "preparation",
    "voters",
    "participants",
    "candidacy",
    "campaign",
    "quiet-period",
    "voting",
    "counting",
    "results",
    "disputes",
    "inauguration",
]
CATEGORIES: tuple[Category, ...] = Category.__args__  # type: ignore[attr-defined]

StageKind = Literal["period", "day", "deadline"]
Status = Literal["scheduled", "suspended", "cancelled"]
STATUSES: tuple[Status, ...] = Status.__args__  # type: ignore[attr-defined]
Confidence = Literal["high", "medium", "low"]
ElectionKind = Literal["pemilu", "pilkada"]
# "scheduled": KPU has set the schedule; "announced": the election is due by law, no schedule yet.
ElectionStatus = Literal["scheduled", "announced"]
# Where an election is held: "listed" regions (``held_in`` or ``regions``), every region of each
# contest's level ("contests"), or "unknown" (no list exists: held nowhere this data can name).
Coverage = Literal["listed", "contests", "unknown"]
Edge = Literal["start", "end"]

# The thirteen Allen relations, named as in Allen (1983); "-by"/"-ed" forms are the converses.
Relation = Literal[
    "before",
    "meets",
    "overlaps",
    "starts",
    "during",
    "finishes",
    "equals",
    "after",
    "met-by",
    "overlapped-by",
    "started-by",
    "contains",
    "finished-by",
]


class Base(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Common options: immutable, keyword-only, and unknown fields are errors."""


# Day arithmetic (the day after the last day) must stay inside the calendar.
LAST_USABLE_DAY = dt.date(9998, 12, 31)


def require_usable_days(*days: dt.date | None) -> None:
    """Refuse dates so late that the day after them overflows the calendar."""
    for day in days:
        if day is not None and day > LAST_USABLE_DAY:
            raise ValueError(f"date {day} is after {LAST_USABLE_DAY}")


def require_items(struct: msgspec.Struct, *fields: str) -> None:
    """Refuse empty lists in ``fields`` (checked here, not by Meta, to keep the OpenAPI schema plain)."""
    for name in fields:
        if not getattr(struct, name):
            raise ValueError(f"{name} needs at least one entry")


class Text(Base, frozen=True, kw_only=True):
    """A text in Indonesian (``id``) and English (``en``).

    Attributes:
        id: Indonesian
        en: English

    """

    id: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` ("id" or "en")."""
        return self.en if lang == "en" else self.id


class LegalBasis(Base, frozen=True, kw_only=True):
    """An instrument (law, regulation, decree, ruling) and, only where a source names one, its provision.

    Attributes:
        instrument: The instrument, e.g. PKPU 3/2022
        provision: The article or appendix, where a source names one

    """

    instrument: NonEmpty
    provision: NonEmpty | None = None

    def cite(self) -> str:
        """Return the citation as one line, e.g. "PKPU 3/2022, Lampiran"."""
        return self.instrument if self.provision is None else f"{self.instrument}, {self.provision}"


class Holiday(Base, frozen=True, kw_only=True):
    """A national holiday and the decree that made it one.

    Attributes:
        decree: The decree that declared the holiday

    """

    decree: NonEmpty


class LocalHours(Base, frozen=True, kw_only=True):
    """Hours on the stage's day(s), in each region's own local time (e.g. voting 07:00-13:00)."""

    start: dt.time
    end: dt.time

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("hours are local times and take no offset")
        if self.end <= self.start:
            raise ValueError(f"hours end {self.end} is not after start {self.start}")
