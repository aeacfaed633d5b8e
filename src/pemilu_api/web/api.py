"""The JSON API v1: thin handlers that look things up, render once per data revision, and respond."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from importlib import resources
from typing import Annotated, Any

import msgspec
from litestar import HttpMethod, Request, Response, route
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import PathParameter, QueryParameter

from pemilu_api import __version__
from pemilu_api.domain.models import Category, Election, Region, RegionLevel, Status
from pemilu_api.domain.now import moment
from pemilu_api.domain.queries import StageQuery
from pemilu_api.render.json_now import Now, now_out
from pemilu_api.render.json_resources import (
    ChangeList,
    ElectionList,
    ElectionOut,
    Health,
    RegionList,
    RegionOut,
    StageList,
    StageOut,
    change_list,
    election_out,
    election_summary,
    stage_out,
)
from pemilu_api.web.conditional import respond, respond_uncached
from pemilu_api.web.problems import PROBLEM_MEDIA_TYPE, Problem, ProblemError
from pemilu_api.web.store import JSON, Store, store_of

GET_HEAD = [HttpMethod.GET, HttpMethod.HEAD]
NOW_MAX_AGE = 30
DEFAULT_TZ = "Asia/Jakarta"
# The zones of the pinned tzdata package (not the host's): listed in the OpenAPI document, and
# the only names accepted, so the document is the same on every machine.
ZONES: tuple[str, ...] = tuple(
    sorted(resources.files("tzdata").joinpath("zones").read_text("utf-8").split())
)
ZONE_SET: frozenset[str] = frozenset(ZONES)

AnyRequest = Request[Any, Any, Any]


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI descriptions of the problem responses a route can give (304 included)."""
    described = {
        304: ResponseSpec(data_container=None, description="Not Modified: the validators match"),
    }
    for status in statuses:
        described[status] = ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_MEDIA_TYPE,
            description={
                400: "Bad Request: a parameter is invalid or unknown",
                404: "Not Found: no such resource",
            }[status],
            generate_examples=False,
        )
    return described


def _not_found(kind: str, value: str, parameter: str) -> ProblemError:
    return ProblemError(404, f"{kind}-not-found", f"no {kind} {value!r}", parameter)


def find_election(store: Store, election_id: str) -> Election:
    """The election with ``election_id``, or a 404 problem naming ``election_id``."""
    election = store.dataset.election(election_id)
    if election is None:
        raise _not_found("election", election_id, "election_id")
    return election


def find_region(store: Store, code: str) -> Region:
    """The region of a dotted or undotted code, or a 404 problem naming ``code``."""
    canonical = canonical_code(code)
    region = store.dataset.regions.get(canonical) if canonical is not None else None
    if region is None:
        raise _not_found("region", code, "code")
    return region


@route(
    "/v1/elections",
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="List the elections",
    responses=problems(400),
    tags=["elections"],
)
def list_elections(request: AnyRequest) -> Response[ElectionList]:
    """Every election, by voting day, without stages."""
    store = store_of(request)
    rep = store.memo(
        ("elections",),
        lambda: ElectionList(
            elections=tuple(election_summary(e, store.urls) for e in store.dataset.elections),
            revision=store.dataset.revision,
        ),
        store.dataset.revision,
    )
    return respond(request, rep)


ElectionId = Annotated[
    str, PathParameter(description="Election id, e.g. pemilu-2024", max_length=64)
]
StageId = Annotated[str, PathParameter(description="Stage id, e.g. kampanye", max_length=64)]


@route(
    "/v1/elections/{election_id:str}",
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="One election with its stages",
    responses=problems(400, 404),
    tags=["elections"],
)
def get_election(request: AnyRequest, election_id: ElectionId) -> Response[ElectionOut]:
    """An election with its stages, ordering rules and change log."""
    store = store_of(request)
    election = find_election(store, election_id)
    rep = store.memo(
        ("election", election.id), lambda: election_out(election, store.urls), election.revision
    )
    return respond(request, rep)


@route(
    "/v1/elections/{election_id:str}/stages",
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="The stages of an election, filtered",
    responses=problems(400, 404),
    tags=["elections"],
)
def list_stages(
    request: AnyRequest,
    election_id: ElectionId,
    from_: Annotated[
        dt.date | None,
        QueryParameter(name="from", description="Only stages with a day on or after this date"),
    ] = None,
    to: Annotated[
        dt.date | None, QueryParameter(description="Only stages with a day on or before this date")
    ] = None,
    category: Annotated[
        list[Category] | None, QueryParameter(description="Only these categories (repeatable)")
    ] = None,
    key: Annotated[bool | None, QueryParameter(description="true: only key dates")] = None,
    status: Annotated[
        Status | None, QueryParameter(description="Only stages with this status")
    ] = None,
) -> Response[StageList]:
    """Stages overlapping [from, to], in the given categories, by start date then id."""
    store = store_of(request)
    election = find_election(store, election_id)
    if from_ is not None and to is not None and from_ > to:
        raise ProblemError(400, "invalid-parameter", f"from {from_} is after to {to}", "from")
    query = StageQuery(
        start=from_,
        end=to,
        categories=frozenset(category) if category else None,
        key=key,
        status=status,
    )

    def render() -> StageList:
        stages = store.dataset.stages(election, query)
        return StageList(
            election=election.id,
            count=len(stages),
            stages=tuple(stage_out(election, s, store.urls) for s in stages),
        )

    rep = store.memo(("stages", election.id, query), render, election.revision, bounded=True)
    return respond(request, rep)


@route(
    "/v1/elections/{election_id:str}/stages/{stage_id:str}",
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="One stage",
    responses=problems(400, 404),
    tags=["elections"],
)
def get_stage(
    request: AnyRequest, election_id: ElectionId, stage_id: StageId
) -> Response[StageOut]:
    """A stage with its dates, legal basis, confidence and links."""
    store = store_of(request)
    election = find_election(store, election_id)
    stage = election.stage(stage_id)
    if stage is None:
        raise _not_found("stage", stage_id, "stage_id")
    rep = store.memo(
        ("stage", election.id, stage.id),
        lambda: stage_out(election, stage, store.urls),
        election.revision,
    )
    return respond(request, rep)


@route(
    "/v1/changes",
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="The change log of every election, newest first",
    responses=problems(400),
    tags=["changes"],
)
def list_changes(
    request: AnyRequest,
    since: Annotated[
        str | None,
        QueryParameter(
            description="Only changes at or after this RFC 3339 date-time (with an offset)",
            format="date-time",
            max_length=40,
        ),
    ] = None,
) -> Response[ChangeList]:
    """Change-log entries, newest first, optionally since a date-time."""
    store = store_of(request)
    since_at = None if since is None else parse_instant(since, "since", offset_required=True)

    def render() -> ChangeList:
        return change_list(store.dataset.elections, since_at)

    rep = store.memo(("changes", since_at), render, store.dataset.revision, bounded=True)
    return respond(request, rep)


AT_YEARS = (1000, 9998)
AT_PATTERN = r"^(?:1[0-9]{3}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9])-"
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?P<offset>[Zz]|[+-]\d{2}:\d{2})?"
)


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


@route(
    "/v1/now",
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="What is happening now (the only endpoint that reads the clock)",
    responses=problems(400),
    tags=["now"],
)
def get_now(
    request: AnyRequest,
    at: Annotated[
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
    ] = None,
    tz: Annotated[
        str,
        QueryParameter(
            description="IANA time zone of the calendar days",
            schema_extra={"enum": list(ZONES)},
        ),
    ] = DEFAULT_TZ,
) -> Response[Now]:
    """Stages in progress, polls open, the next stage and the next voting day at an instant."""
    store = store_of(request)
    zone = parse_zone(tz)
    if at is None:
        instant = dt.datetime.now(dt.UTC)
    else:
        parsed = parse_instant(at, "at", offset_required=False)
        instant = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)
        # Instants at the ends of the calendar overflow when seen from another zone.
        if not AT_YEARS[0] <= instant.year <= AT_YEARS[1]:
            raise ProblemError(
                400,
                "invalid-parameter",
                f"at must lie in the years {AT_YEARS[0]} to {AT_YEARS[1]}",
                "at",
            )
    body = msgspec.json.encode(now_out(moment(store.dataset, instant, zone), store.urls))
    return respond_uncached(request, body, JSON, NOW_MAX_AGE)


RegionCode = Annotated[
    str,
    PathParameter(description="Kemendagri code, dotted (33.05) or undotted (3305)", max_length=16),
]


@route(
    "/v1/regions",
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="Provinces and kabupaten/kota",
    responses=problems(400, 404),
    tags=["regions"],
)
def list_regions(
    request: AnyRequest,
    province: Annotated[
        str | None,
        QueryParameter(
            description="Only this province (code, e.g. 33) and its kabupaten/kota",
            pattern=r"^\d{2}$",
        ),
    ] = None,
    level: Annotated[RegionLevel | None, QueryParameter(description="Only this level")] = None,
    q: Annotated[
        str | None,
        QueryParameter(
            description="Only names containing this text (case-insensitive)",
            min_length=1,
            max_length=100,
        ),
    ] = None,
) -> Response[RegionList]:
    """Regions by code, filtered by province, level and name."""
    store = store_of(request)
    if province is not None and province not in store.dataset.regions:
        raise _not_found("province", province, "province")
    needle = q.casefold() if q is not None else None

    def render() -> RegionList:
        found = tuple(
            store.region_out(r.code)
            for r in store.dataset.regions.values()
            if (province is None or r.province == province)
            and (level is None or r.level == level)
            and (needle is None or needle in r.name.casefold())
        )
        return RegionList(count=len(found), regions=found)

    rep = store.memo(
        ("regions", province, level, needle), render, store.dataset.revision, bounded=True
    )
    return respond(request, rep)


def canonical_code(code: str) -> str | None:
    """The dotted form of a region code given dotted or undotted, or None when it is neither."""
    if len(code) == 2 and code.isdigit():
        return code
    if len(code) == 4 and code.isdigit():
        return f"{code[:2]}.{code[2:]}"
    if len(code) == 5 and code[2] == "." and code.replace(".", "").isdigit():
        return code
    return None


@route(
    "/v1/regions/{code:str}",
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="One region by Kemendagri code",
    responses={
        **problems(400, 404),
        308: ResponseSpec(data_container=None, description="Permanent Redirect to the dotted code"),
    },
    tags=["regions"],
)
def get_region(request: AnyRequest, code: RegionCode) -> Response[RegionOut]:
    """A region with its time zone and the elections held there; undotted codes redirect."""
    store = store_of(request)
    region = find_region(store, code)
    if region.code != code:
        return store.redirect(request, store.urls.region(region.code))
    rep = store.memo(("region", code), lambda: store.region_out(code), store.dataset.revision)
    return respond(request, rep)


@route(
    "/health",
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="Liveness and the loaded data revision",
    responses=problems(400),
    tags=["health"],
)
def health(request: AnyRequest) -> Response[Health]:
    """Liveness: answers once the data is loaded and valid."""
    store = store_of(request)
    data = store.dataset
    rep = store.memo(
        ("health",),
        lambda: Health(
            status="ok",
            version=__version__,
            revision=data.revision,
            elections=len(data.elections),
            stages=sum(len(e.stages) for e in data.elections),
            regions=len(data.regions),
        ),
        data.revision,
    )
    return respond(request, rep, "no-cache")


API_HANDLERS = [
    list_elections,
    get_election,
    list_stages,
    get_stage,
    list_changes,
    get_now,
    list_regions,
    get_region,
    health,
]
