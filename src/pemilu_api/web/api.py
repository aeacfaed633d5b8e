"""The JSON API v1: thin handlers that look things up, render once per data revision, and respond."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated

from litestar import Response, route
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import QueryParameter

from pemilu_api import __version__
from pemilu_api.domain.models import Region, RegionLevel
from pemilu_api.domain.now import moment, moment_key
from pemilu_api.domain.queries import StageQuery
from pemilu_api.domain.regions import find_regions, stages_in
from pemilu_api.domain.vocabulary import Category, ElectionKind, Status
from pemilu_api.render.json_now import Now, now_end, now_out, now_start
from pemilu_api.render.json_regions import RegionList, RegionOut
from pemilu_api.render.json_resources import (
    ChangeList,
    ElectionList,
    ElectionOut,
    Health,
    StageList,
    StageOut,
    change_page,
    election_out,
    election_summary,
    next_changes_url,
)
from pemilu_api.render.json_root import ApiRoot, api_root
from pemilu_api.render.representation import Representation
from pemilu_api.web.conditional import respond, respond_uncached
from pemilu_api.web.links import link_headers
from pemilu_api.web.lookup import find_election, find_region, find_region_filter, not_found
from pemilu_api.web.params import (
    CHANGES_LIMIT,
    DEFAULT_TZ,
    AfterQuery,
    AtQuery,
    ElectionIdPath,
    FromQuery,
    LimitQuery,
    RegionCodePath,
    RegionQuery,
    SinceQuery,
    StageIdPath,
    ToQuery,
    TzQuery,
    check_span,
    parse_at,
    parse_instant,
    parse_zone,
)
from pemilu_api.web.routing import GET_HEAD, AnyRequest, operation_id, problems
from pemilu_api.web.store import JSON, Store, store_of

NOW_MAX_AGE = 30


@route(
    "/v1",
    operation_id=operation_id("getApiRoot"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="The root of the API: links to every collection, feed and description",
    responses=problems(400),
    tags=["docs"],
)
def get_api_root(request: AnyRequest) -> Response[ApiRoot]:
    """Where every collection, the feeds, the OpenAPI document, the licence and the docs live."""
    store = store_of(request)
    rep = store.memo(
        ("root",), lambda: api_root(store.dataset.revision, store.urls), store.dataset.revision
    )
    return respond(request, rep, extra_headers=link_headers(store.urls, store.urls.all_feed))


@route(
    "/v1/elections",
    operation_id=operation_id("listElections"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="List the elections",
    responses=problems(400, 404),
    tags=["elections"],
)
def list_elections(
    request: AnyRequest,
    from_: FromQuery = None,
    to: ToQuery = None,
    kind: Annotated[
        ElectionKind | None, QueryParameter(description="Only elections of this kind")
    ] = None,
    region: RegionQuery = None,
) -> Response[ElectionList]:
    """Elections by voting day, without stages; filtered by dates, kind and region.

    With ``from`` and ``to``: the elections whose window or voting day shares at least one day
    with [from, to] (an announced election, with no dates yet, never does). With ``region``: the
    elections with a contest there. Nothing here reads the clock.
    """
    store = store_of(request)
    check_span(from_, to)
    place = find_region_filter(store, region)
    code = place.code if place is not None else None
    rep = store.memo(
        ("elections", from_, to, kind, code),
        lambda: ElectionList(
            elections=tuple(
                election_summary(e, store.urls)
                for e in store.dataset.find_elections(from_, to, kind, code)
            ),
            revision=store.dataset.revision,
        ),
        store.dataset.revision,
        bounded=(from_, to, kind, code) != (None, None, None, None),
    )
    return respond(request, rep, extra_headers=link_headers(store.urls, store.urls.all_feed))


@route(
    "/v1/elections/{election_id:str}",
    operation_id=operation_id("getElection"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="One election with its stages",
    responses=problems(400, 404),
    tags=["elections"],
)
def get_election(request: AnyRequest, election_id: ElectionIdPath) -> Response[ElectionOut]:
    """An election with its stages, ordering rules and change log."""
    store = store_of(request)
    election = find_election(store, election_id)
    rep = store.memo(
        ("election", election.id), lambda: election_out(election, store.urls), election.revision
    )
    return respond(
        request, rep, extra_headers=link_headers(store.urls, store.urls.election_feed(election.id))
    )


@route(
    "/v1/elections/{election_id:str}/stages",
    operation_id=operation_id("listStages"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="The stages of an election, filtered",
    responses=problems(400, 404),
    tags=["elections"],
)
def list_stages(
    request: AnyRequest,
    election_id: ElectionIdPath,
    from_: FromQuery = None,
    to: ToQuery = None,
    category: Annotated[
        list[Category] | None, QueryParameter(description="Only these categories (repeatable)")
    ] = None,
    key: Annotated[bool | None, QueryParameter(description="true: only key dates")] = None,
    status: Annotated[
        Status | None, QueryParameter(description="Only stages with this status")
    ] = None,
    region: RegionQuery = None,
) -> Response[StageList]:
    """Stages overlapping [from, to], in the given categories, by start date then id.

    With ``region``: only the stages that apply there (none where the election is not held).
    """
    store = store_of(request)
    rep = stages_of(store, election_id, from_, to, category, key, status, region)
    return respond(
        request, rep, extra_headers=link_headers(store.urls, store.urls.election_feed(election_id))
    )


def stages_of(
    store: Store,
    election_id: str,
    from_: dt.date | None,
    to: dt.date | None,
    category: list[Category] | None = None,
    key: bool | None = None,
    status: Status | None = None,
    region: str | None = None,
) -> Representation:
    """The stage list a stages query names; a 404 or 400 problem as the handler gives it."""
    election = find_election(store, election_id)
    check_span(from_, to)
    place = find_region_filter(store, region)
    query = StageQuery(
        start=from_,
        end=to,
        categories=frozenset(category) if category else None,
        key=key,
        status=status,
    )

    stages = store.dataset.stages(election, query)
    if place is not None:
        applying = {s.id for s in stages_in(election, place)}
        stages = [s for s in stages if s.id in applying]

    def render() -> StageList:
        return StageList(
            election=election.id,
            count=len(stages),
            stages=tuple(store.stage_out(election, s) for s in stages),
        )

    # Keyed by the answer, not the query: the many spans that select the same stages share it.
    ids = tuple(s.id for s in stages)
    return store.memo(("stages", election.id, ids), render, election.revision, bounded=True)


@route(
    "/v1/elections/{election_id:str}/stages/{stage_id:str}",
    operation_id=operation_id("getStage"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="One stage",
    responses=problems(400, 404),
    tags=["elections"],
)
def get_stage(
    request: AnyRequest, election_id: ElectionIdPath, stage_id: StageIdPath
) -> Response[StageOut]:
    """A stage with its dates, legal basis, confidence and links."""
    store = store_of(request)
    election = find_election(store, election_id)
    stage = election.stage(stage_id)
    if stage is None:
        raise not_found("stage", stage_id, "stage_id")
    rep = store.memo(
        ("stage", election.id, stage.id),
        lambda: store.stage_out(election, stage),
        election.revision,
    )
    return respond(
        request, rep, extra_headers=link_headers(store.urls, store.urls.election_feed(election.id))
    )


@route(
    "/v1/changes",
    operation_id=operation_id("listChanges"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="The change log of every election, a page at a time",
    responses=problems(400, 404),
    tags=["changes"],
)
def list_changes(
    request: AnyRequest,
    since: SinceQuery = None,
    after: AfterQuery = None,
    limit: LimitQuery = CHANGES_LIMIT,
) -> Response[ChangeList]:
    """Change-log entries by publication time (oldest first), then election, a page at a time.

    To follow the log, ask with ``since`` (the time you last looked) and follow each page's
    ``next`` link (also a ``Link: rel="next"`` header) until it is null.
    """
    store = store_of(request)
    since_at = None if since is None else parse_instant(since, "since", offset_required=True)
    if after is not None and store.dataset.log_entry(after) is None:
        raise not_found("change", after, "after")
    entries = store.dataset.change_log(since_at, after)
    rep = store.memo(
        ("changes", since, after, limit),
        lambda: change_page(entries, limit, since, store.urls, CHANGES_LIMIT),
        store.dataset.revision,
        bounded=True,
    )
    # The entries are selected anyway; only their rendering is kept in the store.
    next_url = next_changes_url(entries, limit, since, store.urls, CHANGES_LIMIT)
    headers = link_headers(store.urls, store.urls.all_feed, next_url)
    return respond(request, rep, extra_headers=headers)


@route(
    "/v1/now",
    operation_id=operation_id("getNow"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="What is happening now (without at=, the only answer that reads the clock)",
    responses=problems(400, 404),
    tags=["now"],
)
def get_now(
    request: AnyRequest,
    at: AtQuery = None,
    tz: TzQuery = None,
    region: RegionQuery = None,
) -> Response[Now]:
    """Stages in progress, polls open, the next stage and the next voting day at an instant.

    With an explicit ``at`` the answer is a pure function of the data: it has an ETag and is
    cached like any other resource. Without it, the clock decides, and it is cached for 30 s.
    With ``region``, only the elections held there and the stages that apply there, read in
    the region's time zone unless ``tz`` says otherwise.
    """
    store = store_of(request)
    place = find_region_filter(store, region)
    zone = parse_zone(tz or (place.time_zone if place is not None else DEFAULT_TZ))
    if at is None:
        clock = now_of(store, dt.datetime.now(dt.UTC), zone, place)
        return respond_uncached(
            request, clock, NOW_MAX_AGE, link_headers(store.urls, store.urls.all_feed)
        )
    rep = now_at(store, at, zone, place)
    return respond(request, rep, extra_headers=link_headers(store.urls, store.urls.all_feed))


def now_at(
    store: Store, at: str, zone: zoneinfo.ZoneInfo, place: Region | None = None
) -> Representation:
    """The answer of ``/v1/now`` at an explicit instant (pure); a 400 problem for a bad ``at``."""
    return now_of(store, parse_at(at, zone), zone, place)


def now_of(
    store: Store, instant: dt.datetime, zone: zoneinfo.ZoneInfo, place: Region | None = None
) -> Representation:
    """The answer of ``/v1/now`` at an aware instant: its class's rendering, then the instant.

    Instants of one ``moment_key`` differ only in their ``at``, the body's last field; all
    before it is rendered, hashed and compressed once per class and kept in the bounded memo.
    Each new instant costs its key and its own few bytes.
    """
    start = store.memo_bytes(
        ("now", moment_key(store.dataset, instant, zone, place)),
        lambda: now_start(
            now_out(
                moment(store.dataset, instant, zone, place),
                store.urls,
                render_stage=store.stage_out,
            )
        ),
        JSON,
        store.dataset.revision,
        bounded=True,
    )
    return Representation.continuing(start, now_end(instant.astimezone(zone)))


@route(
    "/v1/regions",
    operation_id=operation_id("listRegions"),
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
            examples=[Example(summary="Jawa Tengah", value="33")],
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
        raise not_found("province", province, "province")
    needle = q.casefold() if q is not None else None

    def render() -> RegionList:
        found = tuple(
            store.region_out(r.code)
            for r in find_regions(store.dataset.regions, province, level, needle)
        )
        return RegionList(count=len(found), regions=found)

    rep = store.memo(
        ("regions", province, level, needle), render, store.dataset.revision, bounded=True
    )
    return respond(request, rep, extra_headers=link_headers(store.urls))


@route(
    "/v1/regions/{code:str}",
    operation_id=operation_id("getRegion"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    summary="One region by Kemendagri code",
    responses={
        **problems(400, 404),
        308: ResponseSpec(data_container=None, description="Permanent Redirect to the dotted code"),
    },
    tags=["regions"],
)
def get_region(request: AnyRequest, code: RegionCodePath) -> Response[RegionOut]:
    """A region with its time zone and the elections held there; undotted codes redirect."""
    store = store_of(request)
    region = find_region(store, code)
    if region.code != code:
        return store.redirect(request, store.urls.region(region.code))
    rep = store.memo(("region", code), lambda: store.region_out(code), store.dataset.revision)
    return respond(
        request, rep, extra_headers=link_headers(store.urls, store.urls.region_feed(code))
    )


@route(
    "/health",
    operation_id=operation_id("getHealth"),
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
    return respond(request, rep, "no-cache", link_headers(store.urls))


API_HANDLERS = [
    get_api_root,
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
