"""The iCalendar feeds: thin handlers that look things up, render once per data revision, respond.

Feeds are subscribed to by calendar apps that add their own query parameters, so unknown ones
are ignored here (``lenient_query``); known ones with bad values still get a problem document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from litestar import Response, route
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Operation, Schema

from pemilu_api.render import atom, ics
from pemilu_api.render.representation import Representation
from pemilu_api.web.conditional import respond
from pemilu_api.web.links import link_headers
from pemilu_api.web.lookup import find_election, find_region
from pemilu_api.web.params import (
    ElectionIdPath,
    FeedKeyQuery,
    FeedLangQuery,
    PlainQuery,
    RegionCodePath,
)
from pemilu_api.web.problems import PROBLEM_MEDIA_TYPE, Problem
from pemilu_api.web.query_guard import LENIENT
from pemilu_api.web.routing import GET_HEAD, AnyRequest, operation_id, problems
from pemilu_api.web.store import Store, store_of

CALENDAR = "text/calendar"
ATOM_FEED = "application/atom+xml"
PLAIN = "text/plain"

FEED_OPT = {LENIENT: True}
FEED_TAGS = ["calendars"]


@dataclass
class FeedOperation(Operation):
    """A feed's OpenAPI operation: its 200 is text/calendar, or text/plain with plain=true.

    Litestar documents one media type per response; the decorator's is text/calendar, so the
    text/plain one is added here (Operation subclasses are Litestar's hook for this).
    """

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        if isinstance(ok, OpenAPIResponse) and ok.content and CALENDAR in ok.content:
            ok.content[PLAIN] = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))
            ok.description = "The feed (text/calendar; text/plain with plain=true)"


def feed_problems(*statuses: int) -> dict[int, ResponseSpec]:
    """The API's problem responses, with the 400 worded for feeds (unknown parameters pass)."""
    described = problems(*statuses)
    described[400] = ResponseSpec(
        data_container=Problem,
        media_type=PROBLEM_MEDIA_TYPE,
        description="Bad Request: lang, key or plain has a bad value (unknown parameters are ignored)",
        generate_examples=False,
    )
    return described


def _feed(
    request: AnyRequest,
    store: Store,
    key: tuple[Hashable, ...],
    render: Callable[[], bytes],
    last_modified: dt.datetime,
    plain: bool,
    *,
    bounded: bool = False,
) -> Response[Any]:
    """Render (once per data revision) and answer a feed, as text/calendar or text/plain."""
    calendar = store.memo_bytes(("ics", *key), render, CALENDAR, last_modified, bounded=bounded)
    rep: Representation = calendar
    if plain:
        # Its own entry, so the text/plain variant's gzip body and ETags are also derived once;
        # the body is the very same bytes object.
        rep = store.memo_bytes(
            ("ics-plain", *key), lambda: calendar.body, PLAIN, last_modified, bounded=bounded
        )
    return respond(request, rep, extra_headers=link_headers(store.urls))


@route(
    "/v1/elections/{election_id:str}/calendar.ics",
    operation_id=operation_id("getElectionCalendar"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    media_type=CALENDAR,
    summary="One election's stages as an iCalendar feed",
    description=(
        "All-day events for every dated stage (DTEND is the day after the last day); "
        "unknown query parameters are ignored."
    ),
    responses=feed_problems(400, 404),
    opt=FEED_OPT,
    tags=FEED_TAGS,
    operation_class=FeedOperation,
)
def election_calendar(
    request: AnyRequest,
    election_id: ElectionIdPath,
    lang: FeedLangQuery = "id",
    key: FeedKeyQuery = False,
    plain: PlainQuery = False,
) -> Response[str]:
    """An election's dated stages as an iCalendar feed."""
    store = store_of(request)
    election = find_election(store, election_id)
    return _feed(
        request,
        store,
        ("election", election.id, lang, key),
        lambda: ics.election_feed(election, lang, key, store.urls),
        election.revision,
        plain,
    )


@route(
    "/v1/calendar.ics",
    operation_id=operation_id("getAllCalendar"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    media_type=CALENDAR,
    summary="Every election's stages as one iCalendar feed",
    description="Event summaries start with the election's short name (e.g. Pemilu 2024).",
    responses=feed_problems(400),
    opt=FEED_OPT,
    tags=FEED_TAGS,
    operation_class=FeedOperation,
)
def all_calendar(
    request: AnyRequest,
    lang: FeedLangQuery = "id",
    key: FeedKeyQuery = False,
    plain: PlainQuery = False,
) -> Response[str]:
    """Every election's dated stages as one rolling iCalendar feed."""
    store = store_of(request)
    return _feed(
        request,
        store,
        ("all", lang, key),
        lambda: ics.all_feed(store.dataset.elections, lang, key, store.urls),
        store.dataset.revision,
        plain,
    )


@route(
    "/v1/regions/{code:str}/calendar.ics",
    operation_id=operation_id("getRegionCalendar"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    media_type=CALENDAR,
    summary="The stages of every election held in a region, as an iCalendar feed",
    description=(
        "Voting days are timed events (07:00-13:00) in the region's own time zone, with its "
        "VTIMEZONE; other stages are all-day. Undotted codes redirect to the dotted one."
    ),
    responses={
        **feed_problems(400, 404),
        308: ResponseSpec(data_container=None, description="Permanent Redirect to the dotted code"),
    },
    opt=FEED_OPT,
    tags=FEED_TAGS,
    operation_class=FeedOperation,
)
def region_calendar(
    request: AnyRequest,
    code: RegionCodePath,
    lang: FeedLangQuery = "id",
    key: FeedKeyQuery = False,
    plain: PlainQuery = False,
) -> Response[str]:
    """Every election held in a province or kabupaten/kota, as an iCalendar feed."""
    store = store_of(request)
    region = find_region(store, code)
    if region.code != code:
        return store.redirect(request, store.urls.region_feed(region.code))
    return _feed(
        request,
        store,
        ("region", region.code, lang, key),
        lambda: ics.region_feed(store.dataset, region, lang, key, store.urls),
        store.dataset.revision,
        plain,
        # Hundreds of regions times four variants: let the store's bounded table cap memory.
        bounded=True,
    )


@route(
    "/v1/changes.atom",
    operation_id=operation_id("getChangesFeed"),
    http_method=GET_HEAD,
    sync_to_thread=False,
    media_type=ATOM_FEED,
    summary="The change log of every election as an Atom feed",
    description=(
        "One entry per change-log entry, newest first, naming each stage it touched with its "
        "days and status before and after; the same validators (ETag, Last-Modified) and 304 "
        "answers as the JSON. Unknown query parameters are ignored."
    ),
    responses=feed_problems(400),
    opt=FEED_OPT,
    tags=["changes"],
)
def changes_feed(request: AnyRequest, lang: FeedLangQuery = "id") -> Response[str]:
    """Every change-log entry as an Atom feed (RFC 4287), in Indonesian or English."""
    store = store_of(request)
    data = store.dataset
    rep = store.memo_bytes(
        ("atom", lang),
        lambda: atom.changes_feed(data.change_log(), data.revision, lang, store.urls),
        ATOM_FEED,
        data.revision,
    )
    return respond(request, rep, extra_headers=link_headers(store.urls))


FEED_HANDLERS = [election_calendar, all_calendar, region_calendar, changes_feed]
