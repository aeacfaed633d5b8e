"""The path and query parameters of the routes, and parsing the ones Litestar cannot check alone.

API and feed paths are capped in length (the OpenAPI document says so); page paths are not, so a
long page URL gets the page's own 404. Page ``lang`` is forgiving text, feed ``lang`` a choice.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from importlib import resources as package_files
from typing import Annotated

from litestar.openapi.spec import Example
from litestar.params import PathParameter, QueryParameter

from pemilu_api.render.language import Lang
from pemilu_api.web.errors import ProblemError
from pemilu_api.web.param_hints import DATE_TIME_HINT, offset_as_space

DEFAULT_TZ = "Asia/Jakarta"
# The zones of the pinned tzdata package (not the host's): the only names accepted, so every
# machine answers the same.
ZONES: tuple[str, ...] = tuple(
    sorted(package_files.files("tzdata").joinpath("zones").read_text("utf-8").split())
)
ZONE_SET: frozenset[str] = frozenset(ZONES)

# API and feed paths. Their examples are real ids, so tools that call the API from the document
# (schemathesis, generated clients' tests) reach the 200 answers.
ElectionIdPath = Annotated[
    str,
    PathParameter(
        description="Election id, e.g. pemilu-2024 (GET /v1/elections lists them)",
        max_length=64,
        examples=[Example(summary="Pemilu 2024", value="pemilu-2024")],
    ),
]
StageIdPath = Annotated[
    str,
    PathParameter(
        description="Stage id within the election, e.g. kampanye (the campaign)",
        max_length=64,
        examples=[Example(summary="The campaign", value="kampanye")],
    ),
]
RegionCodePath = Annotated[
    str,
    PathParameter(
        description="Kemendagri code, dotted (33.05) or undotted (3305, redirected to 33.05)",
        max_length=16,
        examples=[Example(summary="Kabupaten Kebumen", value="33.05")],
    ),
]

# Filters of the JSON lists.
FromQuery = Annotated[
    dt.date | None,
    QueryParameter(name="from", description="Only those with a day on or after this date"),
]
ToQuery = Annotated[
    dt.date | None, QueryParameter(description="Only those with a day on or before this date")
]
RegionQuery = Annotated[
    str | None,
    QueryParameter(
        description=(
            "Only what applies in this region: a Kemendagri code, dotted (33.05) or undotted "
            "(3305). A kabupaten/kota also holds its province's contests; a province matches "
            "only contests of the whole province (national or provincial), not those held in "
            "some of its kabupaten/kota alone: ask for each kabupaten/kota for those"
        ),
        pattern=r"^\d{2}(?:\.?\d{2})?$",
        examples=[Example(summary="Kabupaten Kebumen", value="33.05")],
    ),
]


def check_span(start: dt.date | None, end: dt.date | None) -> None:
    """A 400 naming ``from`` when the span [start, end] is backwards."""
    if start is not None and end is not None and start > end:
        raise ProblemError(
            400, "invalid-parameter", f"from {start} is after to {end}; swap them", "from"
        )


# Feed queries.
FeedLangQuery = Annotated[
    Lang, QueryParameter(description="Language of names and descriptions: id (default) or en")
]
FeedKeyQuery = Annotated[bool, QueryParameter(description="true: key dates only")]
PlainQuery = Annotated[
    bool, QueryParameter(description="true: the same body as text/plain, to read in a browser")
]

# Page paths and queries.
PageLangQuery = Annotated[
    str | None,
    QueryParameter(description="en: English; anything else, or nothing: Indonesian"),
]
PageElectionIdPath = Annotated[str, PathParameter(description="Election id, e.g. pemilu-2024")]
PageRegionCodePath = Annotated[
    str, PathParameter(description="Kemendagri code, dotted (33.05) or undotted (3305)")
]
PageCodeQuery = Annotated[
    str | None, QueryParameter(description="A region code (the kabupaten/kota chosen)")
]
PageProvinceQuery = Annotated[
    str | None, QueryParameter(description="A province code (the province chosen)")
]

# /v1/now and /v1/changes.
AT_YEARS = (1000, 9998)
AT_PATTERN = r"^(?:1[0-9]{3}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-"
AT_MAX_LENGTH = 40
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?P<offset>[Zz]|[+-]\d{2}:\d{2})?"
)
_BEYOND_MICROSECONDS = re.compile(r"(\.\d{6})\d+")

AtQuery = Annotated[
    str | None,
    QueryParameter(
        description=(
            "The instant, RFC 3339, in the years 1000 to 9998 (default: now); "
            "without an offset it is read in tz"
        ),
        format="date-time",
        pattern=AT_PATTERN,
        max_length=AT_MAX_LENGTH,
    ),
]
TzQuery = Annotated[
    str | None,
    QueryParameter(
        description=(
            "IANA time zone name in which the calendar days are read, e.g. Asia/Jayapura "
            "(WIT), Asia/Makassar (WITA), Asia/Pontianak or Asia/Jakarta (WIB, the default; "
            "with region, the region's own zone is the default). "
            "Any zone of the tz database the server ships is accepted; others get a 400."
        ),
        examples=[Example(summary="Eastern Indonesia (WIT)", value="Asia/Jayapura")],
        min_length=1,
        max_length=64,
    ),
]
SinceQuery = Annotated[
    str | None,
    QueryParameter(
        description="Only changes at or after this RFC 3339 date-time (with an offset)",
        format="date-time",
        max_length=40,
    ),
]

CHANGES_LIMIT = 100
CHANGES_MAX_LIMIT = 1000
AfterQuery = Annotated[
    str | None,
    QueryParameter(
        description=(
            "Only the entries after this one (an entry id, e.g. pilkada-2020.3): the next link "
            "of a page sets it"
        ),
        max_length=80,
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[1-9][0-9]*$",
        examples=[Example(summary="After Pilkada 2020's third entry", value="pilkada-2020.3")],
    ),
]
LimitQuery = Annotated[
    int,
    QueryParameter(
        description=f"At most this many entries on a page (1 to {CHANGES_MAX_LIMIT})",
        ge=1,
        le=CHANGES_MAX_LIMIT,
    ),
]


def _not_an_instant(value: str, parameter: str) -> ProblemError:
    """The 400 for a ``parameter`` that is no RFC 3339 date-time, with a hint for a lost +."""
    words = f"{parameter} must be {DATE_TIME_HINT}"
    if offset_as_space(value):
        words = (
            f"the + of {parameter}'s offset arrived as a space (an unencoded + in a URL query "
            f"means a space): write it as %2B, e.g. {parameter}=2024-02-14T08:00:00%2B07:00"
        )
    return ProblemError(400, "invalid-parameter", words, parameter)


def parse_instant(value: str, parameter: str, *, offset_required: bool) -> dt.datetime:
    """An RFC 3339 date-time (the offset optional unless required), or a 400 naming ``parameter``."""
    match = _RFC3339.fullmatch(value)
    if match is None:
        raise _not_an_instant(value, parameter)
    if offset_required and match.group("offset") is None:
        words = (
            f"{parameter} needs an offset, e.g. {parameter}=2024-02-14T01:00:00Z or "
            f"{parameter}=2024-02-14T08:00:00%2B07:00 (write + as %2B in a URL)"
        )
        raise ProblemError(400, "invalid-parameter", words, parameter)
    try:
        # fromisoformat wants at most 6 fractional digits and an upper-case Z.
        text = _BEYOND_MICROSECONDS.sub(r"\1", value) if "." in value else value
        return dt.datetime.fromisoformat(text.replace("z", "Z").replace("t", "T"))
    except ValueError as exc:
        raise _not_an_instant(value, parameter) from exc


def parse_at(value: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The ``at`` instant (read in ``zone`` without an offset), or a 400 outside AT_YEARS."""
    parsed = parse_instant(value, "at", offset_required=False)
    instant = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)
    # Instants at the ends of the calendar overflow when seen from another zone.
    if not AT_YEARS[0] <= instant.year <= AT_YEARS[1]:
        raise ProblemError(
            400,
            "invalid-parameter",
            f"at must lie in the years {AT_YEARS[0]} to {AT_YEARS[1]}",
            "at",
        )
    return instant


def parse_zone(name: str) -> zoneinfo.ZoneInfo:
    """An IANA zone by name, or a 400 naming ``tz``."""
    try:
        if name not in ZONE_SET:
            raise ValueError(name)
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ProblemError(
            400,
            "invalid-parameter",
            f"unknown time zone {name!r}; use an IANA name such as Asia/Jakarta",
            "tz",
        ) from exc
