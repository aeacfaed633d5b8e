"""The public pages: thin handlers that look things up, render once per data revision, respond.

Pages are for people following links, so unknown query parameters are ignored
(``lenient_query``), and ``lang`` is forgiving: ``en`` (any case, e.g. ``en-GB``) gives English,
anything else, or nothing, gives Indonesian. Errors are HTML pages with the right status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from litestar import Response, route

from pemilu_api.domain.models import Election, Region
from pemilu_api.domain.regions import stages_in
from pemilu_api.render.language import Lang, lang_query, parse_lang
from pemilu_api.render.pages import html, seo
from pemilu_api.render.pages.blocks import featured
from pemilu_api.render.pages.document import asset_bytes
from pemilu_api.render.pages.embed import EMBED_CSP, embed_card
from pemilu_api.render.urls import Urls
from pemilu_api.web.conditional import respond
from pemilu_api.web.error_handlers import PAGE_ROUTE
from pemilu_api.web.errors import PageError
from pemilu_api.web.headers import with_security
from pemilu_api.web.lookup import canonical_code, region_of
from pemilu_api.web.page_errors import HTML
from pemilu_api.web.params import (
    PageCodeQuery,
    PageElectionIdPath,
    PageLangQuery,
    PageProvinceQuery,
    PageRegionCodePath,
)
from pemilu_api.web.query_guard import LENIENT
from pemilu_api.web.routing import GET_HEAD, AnyRequest
from pemilu_api.web.store import Store, store_of

# Unknown query parameters pass; every error is a page (web/error_handlers.py).
PAGE_OPT = {LENIENT: True, PAGE_ROUTE: True}
# The form's redirect depends on its query only; an hour is plenty.
REDIRECT_CACHE = "public, max-age=3600"


def page_answer(
    request: AnyRequest,
    store: Store,
    key: tuple[str, ...],
    render: Callable[[], str],
    last_modified: dt.datetime,
    *,
    bounded: bool = False,
    csp: str = html.PAGE_CSP,
) -> Response[Any]:
    """A page rendered once per data revision (under ``key``), with its CSP (the pages' one)."""
    rep = store.memo_bytes(
        ("page", *key), lambda: render().encode(), HTML, last_modified, bounded=bounded
    )
    return respond(request, rep, extra_headers={"Content-Security-Policy": csp})


def _page_route(path: str) -> Callable[[Callable[..., Any]], Any]:
    return route(
        path,
        http_method=GET_HEAD,
        sync_to_thread=False,
        media_type=HTML,
        include_in_schema=False,
        opt=PAGE_OPT,
    )


@_page_route("/")
def home_page(request: AnyRequest, lang: PageLangQuery = None) -> Response[str]:
    """Every election's timeline, the region picker, subscription and API links."""
    store = store_of(request)
    chosen: Lang = parse_lang(lang)
    return page_answer(
        request,
        store,
        ("home", chosen),
        lambda: html.home_page(store.dataset, store.urls, chosen),
        store.dataset.revision,
    )


def _election_or_404(store: Store, election_id: str) -> Election:
    """The election a page names, or the page's 404 naming the id."""
    election = store.dataset.election(election_id)
    if election is None:
        raise PageError(404, lambda words: words.error_election.format(id=election_id))
    return election


def _region_or_404(store: Store, code: str) -> Region:
    """The region a page names (dotted or undotted code), or the page's 404 naming the code."""
    region = region_of(store, code)
    if region is None:
        raise PageError(404, lambda words: words.error_region.format(code=code))
    return region


@_page_route("/elections/{election_id:str}")
def election_page(
    request: AnyRequest, election_id: PageElectionIdPath, lang: PageLangQuery = None
) -> Response[str]:
    """One election's timeline, stage list, subscription and change log."""
    store = store_of(request)
    chosen: Lang = parse_lang(lang)
    election = _election_or_404(store, election_id)
    return page_answer(
        request,
        store,
        ("election", election.id, chosen),
        lambda: html.election_page(election, store.urls, chosen),
        election.revision,
    )


def _see_other(path: str, lang: Lang) -> Response[Any]:
    # A relative Location: the form was submitted to this origin, and the page's CSP
    # (form-action 'self') would refuse a redirect to any other.
    return Response(
        content=b"",
        status_code=303,
        media_type=HTML,
        headers=with_security(
            {"Location": path + lang_query(lang), "Cache-Control": REDIRECT_CACHE}
        ),
    )


@_page_route("/regions")
def regions_page(
    request: AnyRequest,
    province: PageProvinceQuery = None,
    code: PageCodeQuery = None,
    lang: PageLangQuery = None,
) -> Response[str]:
    """Every province as a link; with the picker's query, a redirect to the region's page.

    ``code`` (a kabupaten/kota) wins when it lies in ``province`` or no province is given;
    otherwise ``province``. Empty values count as absent; unknown codes give a 404 page.
    """
    store = store_of(request)
    chosen: Lang = parse_lang(lang)
    regions = store.dataset.regions
    wanted_code = canonical_code(code) if code else None
    wanted_province = canonical_code(province) if province else None
    if code and (wanted_code is None or wanted_code not in regions):
        raise PageError(404, lambda words: words.error_region.format(code=code))
    if province and (wanted_province is None or wanted_province not in regions):
        raise PageError(404, lambda words: words.error_region.format(code=province))
    if wanted_code is not None and (
        wanted_province is None or regions[wanted_code].province == wanted_province
    ):
        return _see_other(Urls.region_page(wanted_code), chosen)
    if wanted_province is not None:
        return _see_other(Urls.region_page(regions[wanted_province].province), chosen)
    return page_answer(
        request,
        store,
        ("regions", chosen),
        lambda: html.regions_page(store.dataset, store.urls, chosen),
        store.dataset.revision,
    )


@_page_route("/regions/{code:str}")
def region_page(
    request: AnyRequest, code: PageRegionCodePath, lang: PageLangQuery = None
) -> Response[str]:
    """The elections held in a province or kabupaten/kota, with its feed; undotted codes redirect."""
    store = store_of(request)
    chosen: Lang = parse_lang(lang)
    region = _region_or_404(store, code)
    if region.code != code:
        return store.redirect(request, Urls.region_page(region.code))
    return page_answer(
        request,
        store,
        ("region", region.code, chosen),
        lambda: html.region_page(store.dataset, region, store.urls, chosen),
        store.dataset.revision,
        # Over five hundred regions in two languages: let the bounded table cap memory.
        bounded=True,
    )


@_page_route("/embed/elections/{election_id:str}")
def election_embed(
    request: AnyRequest, election_id: PageElectionIdPath, lang: PageLangQuery = None
) -> Response[str]:
    """An election's card for other sites to frame: voting day, status, subscribe, link back."""
    store = store_of(request)
    chosen: Lang = parse_lang(lang)
    election = _election_or_404(store, election_id)
    # Any site may frame the card; nothing else about it is wider than a page's policy.
    return page_answer(
        request,
        store,
        ("embed", "election", election.id, chosen),
        lambda: embed_card(
            election,
            election.stages,
            store.urls,
            chosen,
            election.revision.date(),
            feed_path=Urls.election_feed(election.id),
            back_path=Urls.election_page(election.id),
        ),
        election.revision,
        csp=EMBED_CSP,
    )


@_page_route("/embed/regions/{code:str}")
def region_embed(
    request: AnyRequest, code: PageRegionCodePath, lang: PageLangQuery = None
) -> Response[str]:
    """A region's card: its current or next election (else the latest), in its local hours."""
    store = store_of(request)
    chosen: Lang = parse_lang(lang)
    region = _region_or_404(store, code)
    if region.code != code:
        return store.redirect(request, Urls.region_embed(region.code))
    dataset = store.dataset
    held = [e for e in dataset.elections if e.id in dataset.elections_held_in(region.code)]
    today = dataset.revision.date()
    election = featured(held, today)
    stages = stages_in(election, region) if election is not None else ()
    return page_answer(
        request,
        store,
        ("embed", "region", region.code, chosen),
        lambda: embed_card(
            election,
            stages,
            store.urls,
            chosen,
            today,
            region=region,
            feed_path=Urls.region_feed(region.code),
            back_path=Urls.region_page(region.code),
        ),
        dataset.revision,
        bounded=True,
        csp=EMBED_CSP,
    )


def _file_route(path: str, media_type: str) -> Callable[[Callable[..., Any]], Any]:
    return route(
        path,
        http_method=GET_HEAD,
        sync_to_thread=False,
        media_type=media_type,
        include_in_schema=False,
        opt=PAGE_OPT,
    )


def _fixed(request: AnyRequest, key: str, body: Callable[[], bytes], media: str) -> Response[Any]:
    store = store_of(request)
    rep = store.memo_bytes(("file", key), body, media, store.dataset.revision)
    return respond(request, rep)


@_file_route("/robots.txt", "text/plain")
def robots_txt(request: AnyRequest) -> Response[str]:
    """Crawl everything but the API and embeds; the sitemap's address."""
    urls = store_of(request).urls
    return _fixed(request, "robots", lambda: seo.robots_txt(urls).encode(), "text/plain")


@_file_route("/sitemap.xml", "application/xml")
def sitemap_xml(request: AnyRequest) -> Response[str]:
    """Every page in both languages, with its alternates and last modification."""
    store = store_of(request)
    return _fixed(
        request,
        "sitemap",
        lambda: seo.sitemap_xml(store.dataset, store.urls).encode(),
        "application/xml",
    )


@_file_route("/icon.svg", "image/svg+xml")
def icon_svg(request: AnyRequest) -> Response[bytes]:
    """The site's icon, drawn."""
    return _fixed(request, "icon.svg", lambda: asset_bytes("icon.svg"), "image/svg+xml")


@_file_route("/icon.png", "image/png")
def icon_png(request: AnyRequest) -> Response[bytes]:
    """The site's icon, 512 pixels square (home screens, link previews)."""
    return _fixed(request, "icon.png", lambda: asset_bytes("icon.png"), "image/png")


@_file_route("/favicon.ico", "image/x-icon")
def favicon(request: AnyRequest) -> Response[bytes]:
    """The icon where browsers and /docs look for it without being told."""
    return _fixed(request, "favicon", lambda: asset_bytes("favicon.ico"), "image/x-icon")


PAGE_HANDLERS = [
    home_page,
    election_page,
    regions_page,
    region_page,
    election_embed,
    region_embed,
    robots_txt,
    sitemap_xml,
    icon_svg,
    icon_png,
    favicon,
]
