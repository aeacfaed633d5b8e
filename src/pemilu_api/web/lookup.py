"""Finding what a path names: an election or a region, or a 404 problem naming the parameter."""

from __future__ import annotations

from pemilu_api.domain.models import Election, Region
from pemilu_api.web.errors import ProblemError
from pemilu_api.web.store import Store


def not_found(kind: str, value: str, parameter: str) -> ProblemError:
    """A 404 problem: no ``kind`` called ``value``, given in ``parameter``."""
    return ProblemError(404, f"{kind}-not-found", f"no {kind} {value!r}", parameter)


def canonical_code(code: str) -> str | None:
    """The dotted form of a region code given dotted or undotted, or None when it is neither."""
    if len(code) == 2 and code.isdigit():
        return code
    if len(code) == 4 and code.isdigit():
        return f"{code[:2]}.{code[2:]}"
    if len(code) == 5 and code[2] == "." and code.replace(".", "").isdigit():
        return code
    return None


def find_election(store: Store, election_id: str) -> Election:
    """The election with ``election_id``, or a 404 problem naming ``election_id``."""
    election = store.dataset.election(election_id)
    if election is None:
        raise not_found("election", election_id, "election_id")
    return election


def region_of(store: Store, code: str) -> Region | None:
    """The region of a dotted or undotted code, or None."""
    canonical = canonical_code(code)
    return store.dataset.regions.get(canonical) if canonical is not None else None


def find_region(store: Store, code: str, parameter: str = "code") -> Region:
    """The region of a dotted or undotted code, or a 404 problem naming ``parameter``."""
    region = region_of(store, code)
    if region is None:
        raise not_found("region", code, parameter)
    return region


def find_region_filter(store: Store, code: str | None) -> Region | None:
    """The region a ``region`` query names, or None without one (a 404 when it names none)."""
    return None if code is None else find_region(store, code, "region")
