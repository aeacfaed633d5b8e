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
AT_PATTERN = r"^(?:1[0-9]{3}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9])-"
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?P<offset>[Zz]|[+-]\d{2}:\d{2})?"
)

AtQuery = Annotated[
    str | None,
    QueryParameter(
        description=(
            "The instant, RFC 3339, in the years 1000 to 9998 (default: now); "
            "without an offset it is read in tz"
        ),
        format="date-time",
        pattern=AT_PATTERN,
        max_length=40,
    ),
]
TzQuery = Annotated[
    str,
    QueryParameter(
        description=(
            "IANA time zone name in which the calendar days are read, e.g. Asia/Jayapura "
            "(WIT), Asia/Makassar (WITA), Asia/Pontianak or Asia/Jakarta (WIB, the default). "
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


def parse_instant(value: str, parameter: str, *, offset_required: bool) -> dt.datetime:
    """An RFC 3339 date-time (the offset optional unless required), or a 400 naming ``parameter``."""
    match = _RFC3339.fullmatch(value)
    problem = ProblemError(
        400,
        "invalid-parameter",
        f"{parameter} must be an RFC 3339 date-time such as 2024-02-14T07:00:00+07:00",
        parameter,
    )
    if match is None:
        raise problem
    if offset_required and match.group("offset") is None:
        raise ProblemError(
            400, "invalid-parameter", f"{parameter} needs an offset, e.g. Z or +07:00", parameter
        )
    try:
        # fromisoformat wants at most 6 fractional digits and an upper-case Z.
        text = re.sub(r"(\.\d{6})\d+", r"\1", value).replace("z", "Z").replace("t", "T")
        return dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise problem from exc


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
