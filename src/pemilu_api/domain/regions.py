"""The regions table (provinces and kabupaten/kota) and which elections each region holds."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping

import msgspec

from pemilu_api.domain.models import Contest, Election, Region, Stage
from pemilu_api.domain.violations import Violation

COLUMNS = ("code", "level", "name", "province_code", "time_zone")


def parse_regions(text: str, source: str) -> tuple[dict[str, Region], list[Violation]]:
    """Parse the tab-separated regions table; return the regions by code and any violations."""
    regions: dict[str, Region] = {}
    problems: list[Violation] = []
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not rows or tuple(rows[0].split("\t")) != COLUMNS:
        header = " ".join(COLUMNS)
        return {}, [Violation(source, (), "regions", f"header must be the columns {header}")]
    for number, line in enumerate(rows[1:], start=2):
        cells = line.split("\t")
        where = f"row {number}"
        if len(cells) != len(COLUMNS):
            problems.append(Violation(source, (), "regions", f"{where}: {len(cells)} cells"))
            continue
        code, level, name, province, zone = cells
        try:
            region = msgspec.convert(
                {
                    "code": code,
                    "level": level,
                    "name": name,
                    "province": province,
                    "time_zone": zone,
                },
                Region,
            )
        except msgspec.ValidationError as exc:
            problems.append(Violation(source, (), "regions", f"{where} ({code}): {exc}"))
            continue
        if code in regions:
            problems.append(Violation(source, (), "regions", f"{where}: duplicate code {code}"))
        regions[code] = region
    for region in regions.values():
        problems.extend(_check_region(region, regions, source))
    return regions, problems


def _check_region(region: Region, regions: Mapping[str, Region], source: str) -> list[Violation]:
    problems: list[str] = []
    is_province = region.level == "provinsi"
    if is_province != (region.code == region.province):
        problems.append("a province is its own province, and only a province")
    if not region.code.startswith(region.province):
        problems.append(f"code does not start with its province {region.province}")
    province = regions.get(region.province)
    if province is None or province.level != "provinsi":
        problems.append(f"province {region.province} is not in the table")
    elif province.time_zone != region.time_zone:
        problems.append(f"time zone {region.time_zone} differs from its province's")
    try:
        zoneinfo.ZoneInfo(region.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append(f"unknown time zone {region.time_zone}")
    return [Violation(source, (), "regions", f"{region.code}: {p}") for p in problems]


def contest_covers(contest: Contest, region: Region, listed: frozenset[str] = frozenset()) -> bool:
    """Whether ``contest`` is held in ``region`` (a kabupaten/kota also holds its province's).

    ``listed`` is the election's own list of regions, when it is held only in some (empty: all).
    """
    if contest.level == "national":
        return True
    if contest.level == "provinsi":
        province = region.province
        return province not in contest.exclude and (not listed or province in listed)
    if region.level == "provinsi" or region.code in contest.exclude:
        return False
    if contest.level != "kabupaten-kota" and contest.level != region.level:
        return False
    return not listed or region.code in listed


def holds(election: Election, region: Region) -> bool:
    """Whether ``region`` holds ``election`` through one of its contests.

    An election whose coverage is unknown is held in no region this data can name: never all.
    """
    return bool(contests_in(election, region))


def contests_in(election: Election, region: Region) -> tuple[Contest, ...]:
    """The contests of ``election`` held in ``region`` (none when its coverage is unknown)."""
    if election.reach == "unknown" or (election.reach == "listed" and not election.regions):
        return ()
    listed = frozenset(election.regions)
    return tuple(c for c in election.contests if contest_covers(c, region, listed))


def stage_applies(stage_regions: Iterable[str], region: Region) -> bool:
    """Whether a stage limited to ``stage_regions`` (empty: everywhere) applies in ``region``."""
    codes = tuple(stage_regions)
    return not codes or region.code in codes or region.province in codes


def stages_in(election: Election, region: Region) -> tuple[Stage, ...]:
    """The stages of ``election`` that apply in ``region``: none where it is not held."""
    if not holds(election, region):
        return ()
    return tuple(s for s in election.stages if stage_applies(s.regions, region))


def find_regions(
    regions: Mapping[str, Region],
    province: str | None = None,
    level: str | None = None,
    needle: str | None = None,
) -> tuple[Region, ...]:
    """The regions (in table order) of ``province``, at ``level``, whose name holds ``needle``.

    ``needle`` is compared case-insensitively; None matches everything, for each filter.
    """
    folded = needle.casefold() if needle is not None else None
    return tuple(
        r
        for r in regions.values()
        if (province is None or r.province == province)
        and (level is None or r.level == level)
        and (folded is None or folded in r.name.casefold())
    )
