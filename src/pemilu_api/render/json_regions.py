"""The JSON representations of regions (pure: no HTTP, no clock)."""

from __future__ import annotations

from collections.abc import Iterable

from pemilu_api.domain.models import Election, Region, RegionLevel
from pemilu_api.domain.regions import contests_in
from pemilu_api.domain.vocabulary import Text
from pemilu_api.render.json_resources import Out
from pemilu_api.render.urls import Link, Urls


class RegionLinks(Out, frozen=True, kw_only=True):
    """Where a region's resources live.

    Attributes:
        self: This region's URL
        province: Its province's URL (its own for a province)
        calendar: The iCalendar feed of every election held there

    """

    self: str
    province: str
    calendar: Link


class RegionContest(Out, frozen=True, kw_only=True):
    """A contest of an election that applies in a region.

    Attributes:
        election: The election's id
        id: The contest's id within that election
        office: Who is elected, in Indonesian and English

    """

    election: str
    id: str
    office: Text


class RegionOut(Out, frozen=True, kw_only=True):
    """A province or kabupaten/kota, the elections held there and the contests that apply.

    Elections whose coverage is unknown are left out: no list says where they were held.

    Attributes:
        code: Kemendagri code, dotted: 33 (province) or 33.05 (kabupaten/kota)
        level: provinsi, kabupaten or kota
        name: Official name
        province: The code of its province (its own code for a province)
        province_name: The name of its province
        time_zone: IANA time zone of the region (Asia/Jakarta, Asia/Pontianak, Asia/Makassar or
            Asia/Jayapura)
        elections: The ids of the elections held there
        contests: For each election held there, the contests that apply there
        links: Where the region's resources live

    """

    code: str
    level: RegionLevel
    name: str
    province: str
    province_name: str
    time_zone: str
    elections: tuple[str, ...]
    contests: tuple[RegionContest, ...]
    links: RegionLinks


class RegionList(Out, frozen=True, kw_only=True):
    """Regions that match a query, by code.

    Attributes:
        count: How many regions matched
        regions: The regions that matched, by code

    """

    count: int
    regions: tuple[RegionOut, ...]


def region_out(
    region: Region, province: Region, elections: Iterable[Election], urls: Urls
) -> RegionOut:
    """The JSON representation of a region held in ``elections``."""
    held = tuple(elections)
    return RegionOut(
        code=region.code,
        level=region.level,
        name=region.name,
        province=region.province,
        province_name=province.name,
        time_zone=region.time_zone,
        elections=tuple(e.id for e in held),
        contests=tuple(
            RegionContest(election=e.id, id=c.id, office=c.office)
            for e in held
            for c in contests_in(e, region)
        ),
        links=RegionLinks(
            self=urls.url(urls.region(region.code)),
            province=urls.url(urls.region(region.province)),
            calendar=urls.feed(urls.region_feed(region.code)),
        ),
    )
