"""The ordering rules an election declares as data, which ``rules.py`` checks its stages against.

Allen relations between stages, exact lengths, exact offsets, and rules stated relative to dates
not yet set.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

from pemilu_api.domain.vocabulary import Base, Edge, LegalBasis, Relation, Slug, Text, require_items


class Constraint(Base, frozen=True, kw_only=True):
    """Stage ``a`` must stand to stage ``b`` in one of the allowed Allen relations.

    Attributes:
        a: The first stage's id
        b: The second stage's id
        allowed: The Allen relations a may stand in to b
        basis: Where the law sets it
        note: A remark, or null

    """

    a: Slug
    b: Slug
    allowed: tuple[Relation, ...]
    basis: tuple[LegalBasis, ...]
    note: Text | None = None

    def __post_init__(self) -> None:
        require_items(self, "allowed", "basis")


class Length(Base, frozen=True, kw_only=True):
    """Stage ``stage`` lasts exactly ``days`` days.

    Attributes:
        stage: The stage's id
        days: Its length in days
        basis: Where the law sets it
        note: A remark, or null

    """

    stage: Slug
    days: Annotated[int, Meta(ge=1, le=3660)]
    basis: tuple[LegalBasis, ...]
    note: Text | None = None

    def __post_init__(self) -> None:
        require_items(self, "basis")


class Offset(Base, frozen=True, kw_only=True):
    """The ``to_edge`` day of ``to`` falls exactly ``days`` days after the ``from_edge`` day of ``from_``.

    Attributes:
        from_: The stage measured from
        from_edge: Which of its days: start or end
        to: The stage measured to
        to_edge: Which of its days: start or end
        days: Days from one to the other (negative: before)
        basis: Where the law sets it
        note: A remark, or null

    """

    from_: Slug = msgspec.field(name="from")
    from_edge: Edge
    to: Slug
    to_edge: Edge
    days: Annotated[int, Meta(ge=-3660, le=3660)]
    basis: tuple[LegalBasis, ...]
    note: Text | None = None

    def __post_init__(self) -> None:
        require_items(self, "basis")


class RelativeRule(Base, frozen=True, kw_only=True):
    """A rule stated relative to dates not yet set (e.g. stages start 20 months before voting).

    Attributes:
        id: Stable id of the rule within its election
        text: The rule in Indonesian and English
        basis: The legal instruments that state it

    """

    id: Slug
    text: Text
    basis: tuple[LegalBasis, ...]

    def __post_init__(self) -> None:
        require_items(self, "basis")
