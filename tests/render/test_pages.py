"""The public pages over HTTP (no browser): caching, CSP, languages, errors, links, geometry."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.app import create_app
from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.regions import stages_in
from pemilu_api.render.language import parse_lang, short_name
from pemilu_api.render.pages import timeline
from pemilu_api.render.pages.blocks import newest_first
from pemilu_api.render.pages.html import (
    PAGE_CSP,
    SCRIPT,
    STYLE,
    csp_hash,
    error_page,
    home_page,
    region_page,
)
from pemilu_api.render.pages.timeline import X0, X1, Axis, axis_for, month_ticks, stage_tree
from pemilu_api.render.urls import Urls
from pemilu_api.settings import Settings
from pemilu_api.web.page_errors import accepts_html

Client = TestClient[Litestar]
BASE = "https://jadwal.example.id"
PAGES = [
    "/",
    "/?lang=en",
    "/elections/pemilu-2024",
    "/elections/pemilu-2024?lang=en",
    "/elections/pemilu-2019",
    "/elections/pilkada-2024?lang=en",
    "/regions",
    "/regions?lang=en",
    "/regions/33",
    "/regions/33.05",
    "/regions/33.05?lang=en",
    "/regions/91.03",
]
HTML = "text/html; charset=utf-8"


@pytest.fixture(scope="module")
def site() -> Iterator[Client]:
    """The app under a public base URL that is not the test client's host."""
    with TestClient(create_app(Settings(base_url=BASE))) as client:
        yield client


def _identity(client: Client, url: str, **headers: str) -> bytes:
    response = client.get(url, headers={"accept-encoding": "identity", **headers})
    assert 200 == response.status_code, url
    return response.content


@pytest.mark.parametrize("url", PAGES)
def test_pages_are_html_with_strong_validators(site: Client, url: str) -> None:
    """Every page: 200 text/html, strong ETag, Last-Modified, public caching, 304 on revalidation."""
    response = site.get(url, headers={"accept-encoding": "identity"})
    assert 200 == response.status_code
    assert HTML == response.headers["content-type"]
    etag = response.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert response.headers["last-modified"].endswith(" GMT")
    assert response.headers["cache-control"].startswith("public, max-age=")
    assert "Accept-Encoding" == response.headers["vary"]
    again = site.get(url, headers={"accept-encoding": "identity", "if-none-match": etag})
    assert 304 == again.status_code
    assert b"" == again.content
    assert etag == again.headers["etag"]
    gzipped = site.get(url, headers={"accept-encoding": "gzip"})
    assert gzipped.headers["etag"] == etag[:-1] + '-gzip"'
    assert gzipped.content == response.content  # httpx decodes the body


@pytest.mark.parametrize("url", ["/", "/elections/pemilu-2024", "/regions/33.05"])
def test_head_gives_the_headers_without_a_body(site: Client, url: str) -> None:
    """HEAD answers like GET (same ETag and length), with no body."""
    get = site.get(url, headers={"accept-encoding": "identity"})
    head = site.head(url, headers={"accept-encoding": "identity"})
    assert 200 == head.status_code
    assert b"" == head.content
    assert get.headers["etag"] == head.headers["etag"]
    assert get.headers["content-length"] == head.headers["content-length"]


def _inline(body: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}>(.*?)</{tag}>", body, flags=re.S)


@pytest.mark.parametrize("url", [*PAGES, "/elections/nope"])
def test_csp_is_strict_and_hash_based(site: Client, url: str) -> None:
    """The CSP names each inline style and script by its hash: no nonce, no unsafe-inline."""
    response = site.get(url)
    csp = response.headers["content-security-policy"]
    assert PAGE_CSP == csp
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert "'none'" == directives["default-src"]
    assert "'unsafe-inline'" not in csp
    assert "nonce-" not in csp
    assert "'unsafe-eval'" not in csp
    body = response.text
    for style in _inline(body, "style"):
        assert csp_hash(style) == directives["style-src"]
    for script in _inline(body, "script"):
        assert csp_hash(script) == directives["script-src"]
    # A hash-based policy forbids inline attributes: the markup (outside the inline style and
    # script) must rely on none, and load no script or stylesheet from elsewhere.
    markup = re.sub(r"<(style|script)>.*?</\1>", "", body, flags=re.S)
    assert not re.search(r"\sstyle=", markup)
    assert not re.search(r"\son[a-z]+=", markup)
    assert not re.search(r"<script[^>]+src=|<link[^>]+stylesheet", markup)


def test_csp_hashes_are_sha256_of_the_inline_texts() -> None:
    """csp_hash is the base64 SHA-256 the CSP spec defines."""
    for text in (STYLE, SCRIPT):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" == csp_hash(text)


@pytest.mark.parametrize(
    ("query", "lang"),
    [("", "id"), ("?lang=id", "id"), ("?lang=en", "en"), ("?lang=EN-GB", "en"), ("?lang=xx", "id")],
)
def test_lang_attribute_and_fallback(site: Client, query: str, lang: str) -> None:
    """<html lang> follows ?lang=; an unknown value falls back to Indonesian (documented)."""
    body = site.get(f"/elections/pemilu-2024{query}").text
    assert f'<html lang="{lang}">' in body
    assert body == site.get(f"/elections/pemilu-2024{'?lang=en' if lang == 'en' else ''}").text


def test_parse_lang() -> None:
    """Only English is recognised; everything else is the Indonesian default."""
    assert "en" == parse_lang("en") == parse_lang("En") == parse_lang("en-US")
    assert "id" == parse_lang(None) == parse_lang("") == parse_lang("fr") == parse_lang("english")


def test_language_switch_links_the_same_page(site: Client) -> None:
    """Each page links its other-language version, labelled in that language."""
    body = site.get("/regions/33.05").text
    assert '<a href="/regions/33.05?lang=en" hreflang="en" lang="en">English</a>' in body
    body = site.get("/regions/33.05?lang=en").text
    assert '<a href="/regions/33.05" hreflang="id" lang="id">Bahasa Indonesia</a>' in body


def test_pages_are_byte_identical_across_app_instances() -> None:
    """Rendering reads no clock, host or process state: two apps give the same bytes and ETags."""
    with TestClient(create_app()) as one, TestClient(create_app()) as two:
        for url in PAGES:
            a = one.get(url, headers={"accept-encoding": "gzip"})
            b = two.get(url, headers={"accept-encoding": "gzip"})
            assert a.content == b.content, url
            assert a.headers["etag"] == b.headers["etag"], url


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/elections/pemilu-1955", 404),
        ("/elections/pemilu-1955?lang=en", 404),
        ("/regions/99.99", 404),
        ("/regions/abc", 404),
        ("/regions?code=99.99", 404),
        ("/regions?province=xx", 404),
    ],
)
def test_page_errors_are_html_pages(site: Client, url: str, status: int) -> None:
    """Errors on page routes are HTML pages with the status, whatever the client accepts."""
    for accept in ("text/html", "application/json", "*/*"):
        response = site.get(url, headers={"accept": accept})
        assert status == response.status_code
        assert HTML == response.headers["content-type"]
        assert "no-store" == response.headers["cache-control"]
        assert PAGE_CSP == response.headers["content-security-policy"]
        lang = "en" if "lang=en" in url else "id"
        assert f'<html lang="{lang}">' in response.text
        assert f"<h1>{'Error' if lang == 'en' else 'Kesalahan'} {status}</h1>" in response.text
        assert '<meta name="robots" content="noindex">' in response.text


def test_unknown_urls_answer_a_browser_with_a_page_and_a_program_with_json(site: Client) -> None:
    """Off the API a browser gets an HTML 404; API paths and non-browsers keep problem+json."""
    page = site.get("/no/such/page", headers={"accept": "text/html,*/*;q=0.8"})
    assert (404, HTML) == (page.status_code, page.headers["content-type"])
    assert "<h1>Kesalahan 404</h1>" in page.text
    program = site.get("/no/such/page")
    assert (404, "application/problem+json") == (
        program.status_code,
        program.headers["content-type"],
    )
    for path in ("/v1/nothing", "/v1/elections/nope", "/docs/nope.js", "/health?x=1"):
        api = site.get(path, headers={"accept": "text/html"})
        assert "application/problem+json" == api.headers["content-type"], path


def test_method_not_allowed_on_a_page_is_a_page_with_allow(site: Client) -> None:
    """POST / from a browser: 405 as a page, with the Allow header."""
    response = site.post("/", headers={"accept": "text/html"})
    assert 405 == response.status_code
    assert HTML == response.headers["content-type"]
    assert "GET" in response.headers["allow"]


def test_error_page_never_links_to_another_host() -> None:
    """The error page's language switch keeps the path only when it is a plain local path."""
    body = error_page(404, "x", "id", Urls(BASE), "//evil.example/x")
    assert "evil.example" not in body
    assert '<a href="/?lang=en" hreflang="en" lang="en">English</a>' in body
    body = error_page(404, "x", "en", Urls(BASE), "/elections/nope")
    assert '<a href="/elections/nope" hreflang="id" lang="id">Bahasa Indonesia</a>' in body


def test_accepts_html() -> None:
    """Browsers' Accept headers name text/html; q=0 refuses it; API clients do not name it."""
    assert accepts_html("text/html,application/xhtml+xml,*/*;q=0.8")
    assert accepts_html("TEXT/HTML; q=0.5")
    assert not accepts_html("text/html;q=0")
    assert not accepts_html("application/json, */*")
    assert not accepts_html("")


@pytest.mark.parametrize(
    "url",
    ["/?utm_source=x&fbclid=1", "/elections/pemilu-2024?foo=bar", "/regions/33.05?ref=share"],
)
def test_unknown_query_parameters_are_ignored(site: Client, url: str) -> None:
    """Shared links pick up tracking parameters: pages ignore them (and are the same bytes)."""
    plain = url.split("?", 1)[0]
    assert _identity(site, url) == _identity(site, plain)


@pytest.mark.parametrize(
    ("url", "status", "location"),
    [
        ("/regions/3305", 308, f"{BASE}/regions/33.05"),
        ("/regions/3305?lang=en", 308, f"{BASE}/regions/33.05?lang=en"),
        ("/regions?province=33", 303, "/regions/33"),
        ("/regions?province=33&code=", 303, "/regions/33"),
        ("/regions?province=33&code=33.05", 303, "/regions/33.05"),
        ("/regions?province=33&code=3305&lang=en", 303, "/regions/33.05?lang=en"),
        ("/regions?code=33.05", 303, "/regions/33.05"),
        # A kabupaten/kota of another province (the province was changed after it): the province.
        ("/regions?province=31&code=33.05", 303, "/regions/31"),
    ],
)
def test_region_redirects(site: Client, url: str, status: int, location: str) -> None:
    """Undotted codes redirect permanently; the picker's form GET is sent on with 303."""
    response = site.get(url, follow_redirects=False)
    assert status == response.status_code
    assert location == response.headers["location"]


FEED_LINK = re.compile(
    r'<(?:a|input) class="(?P<cls>feed-(?:webcal|https|download))[^"]*"[^>]*?'
    r'(?:href|value)="(?P<url>[^"]+)"'
)


@pytest.mark.parametrize("url", ["/", "/elections/pemilu-2024?lang=en", "/regions/33.05"])
def test_subscribe_links_answer_with_feeds(site: Client, url: str) -> None:
    """Every webcal, https and download link of a page answers 200 text/calendar."""
    body = site.get(url).text
    links = [(m["cls"], m["url"].replace("&amp;", "&")) for m in FEED_LINK.finditer(body)]
    kinds = {cls for cls, _ in links}
    assert {"feed-webcal", "feed-https", "feed-download"} == kinds
    host = urlsplit(BASE).netloc
    for cls, link in links:
        parts = urlsplit(link)
        if cls == "feed-webcal":
            assert ("webcal", host) == (parts.scheme, parts.netloc), link
        elif cls == "feed-https":
            assert link.startswith(BASE + "/v1/"), link
        else:
            assert link.startswith("/v1/"), link
        feed = site.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert 200 == feed.status_code, link
        assert feed.headers["content-type"].startswith("text/calendar"), link
        assert feed.text.startswith("BEGIN:VCALENDAR\r\n"), link
        if "lang=en" in link:
            assert "lang=en" in url


ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s\"'<>)]*")


@pytest.mark.parametrize("url", [*PAGES, "/elections/nope", "/regions/abc"])
def test_no_absolute_url_but_the_base_url(site: Client, url: str) -> None:
    """Nothing in a page points at another host: absolute URLs are the configured base URL's."""
    body = site.get(url).text
    host = urlsplit(BASE).netloc
    # schema.org names in the JSON-LD are vocabulary terms (nothing loads them), not links.
    body = re.sub(r'"https://schema\.org(/[A-Za-z]+)?"', '""', body)
    for found in ABSOLUTE.findall(body):
        assert urlsplit(found).netloc == host, found
        assert found.startswith((BASE + "/", f"webcal://{host}/")), found
    assert not re.search(r'(?:href|src|action)="//', body)
    assert "testserver" not in body  # never the request's Host


def test_date_to_x_mapping_is_linear_and_month_aligned() -> None:
    """Axis.x: first day at x0, the day after the last at x1, equal width for every day."""
    axis = axis_for(dt.date(2023, 11, 28), dt.date(2024, 2, 10))
    assert (dt.date(2023, 11, 1), dt.date(2024, 3, 1)) == (axis.start, axis.end)
    assert X0 == axis.x(axis.start)
    assert X1 == pytest.approx(axis.x(axis.end))
    day = (X1 - X0) / axis.days
    assert day == pytest.approx(axis.x(dt.date(2024, 1, 2)) - axis.x(dt.date(2024, 1, 1)))
    start, end = axis.span(dt.date(2023, 11, 28), dt.date(2024, 2, 10))
    assert start == pytest.approx(X0 + 27 * day)
    assert end == pytest.approx(axis.x(dt.date(2024, 2, 11)))
    assert end - start == pytest.approx(75 * day)  # 28 Nov to 10 Feb inclusive: 75 days
    ticks = month_ticks(axis)
    assert [dt.date(2023, 11, 1), dt.date(2023, 12, 1)] == ticks[:2]
    assert dt.date(2024, 3, 1) == ticks[-1]


@settings(deadline=None, max_examples=200)
@given(
    st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    st.integers(0, 3000),
    st.integers(0, 3000),
    st.integers(1, 3000),
)
def test_date_to_x_mapping_properties(first: dt.date, length: int, a: int, b: int) -> None:
    """Any axis: ends map to x0/x1, x is affine in days, a span covers whole days."""
    axis = axis_for(first, first + dt.timedelta(days=length))
    assert axis.start <= first
    assert first + dt.timedelta(days=length) < axis.end
    assert X0 == axis.x(axis.start)
    assert axis.x(axis.end) == pytest.approx(X1)
    d1 = axis.start + dt.timedelta(days=a % axis.days)
    d2 = d1 + dt.timedelta(days=b)
    per_day = (X1 - X0) / axis.days
    assert axis.x(d2) - axis.x(d1) == pytest.approx(b * per_day)
    assert axis.span(d1, d1) == (axis.x(d1), axis.x(d1 + dt.timedelta(days=1)))


def test_axis_refuses_an_empty_range() -> None:
    """An axis must span at least one day, left to right."""
    with pytest.raises(ValueError, match="not after"):
        Axis(dt.date(2024, 1, 1), dt.date(2024, 1, 1), X0, X1)


def _attr(tag: str, name: str) -> float:
    match = re.search(rf'\s{name}="([-\d.]+)"', tag)
    assert match is not None, (tag, name)
    return float(match.group(1))


def test_drawn_campaign_bar_uses_the_mapping(site: Client, dataset: Dataset) -> None:
    """The SVG's kampanye rect is exactly Axis.span of its dates (to the two decimals drawn)."""
    body = site.get("/elections/pemilu-2024").text
    svg = re.search(r'<svg class="timeline" id="tl-pemilu-2024"[^>]*>', body)
    assert svg is not None
    start = dt.date.fromisoformat(re.findall(r'data-axis-start="([\d-]+)"', svg.group(0))[0])
    end = dt.date.fromisoformat(re.findall(r'data-axis-end="([\d-]+)"', svg.group(0))[0])
    axis = Axis(start, end, _attr(svg.group(0), "data-x0"), _attr(svg.group(0), "data-x1"))
    rect = re.search(r'<rect class="bar" id="bar-pemilu-2024-kampanye"[^>]*>', body)
    assert rect is not None
    x1, x2 = axis.span(dt.date(2023, 11, 28), dt.date(2024, 2, 10))
    assert _attr(rect.group(0), "x") == pytest.approx(x1, abs=0.005)
    assert _attr(rect.group(0), "width") == pytest.approx(x2 - x1, abs=0.01)
    election = dataset.election("pemilu-2024")
    assert election is not None
    stage = election.stage("kampanye")
    assert stage is not None
    assert (
        dt.date(2023, 11, 28),
        dt.date(2024, 2, 10),
    ) == (stage.first_day, stage.last_day)


def test_every_stage_has_a_text_alternative(site: Client, dataset: Dataset) -> None:
    """The picture is a titled image; every stage is in the list; every bar has a title."""
    for lang in ("id", "en"):
        body = site.get(f"/elections/pemilu-2024?lang={lang}").text
        svg = re.search(r"<svg class=\"timeline\".*?</svg>", body, flags=re.S)
        assert svg is not None
        head = svg.group(0)[: svg.group(0).index(">") + 1]
        assert 'role="img"' in head
        labelled = re.search(r'aria-labelledby="([^"]+)"', head)
        assert labelled is not None
        for ident in labelled.group(1).split():
            assert f'id="{ident}"' in svg.group(0)
        groups = re.findall(r'<g class="stage[^"]*"><title>[^<]+</title>', svg.group(0))
        bars = re.findall(r'<rect class="bar" id="bar-pemilu-2024-', svg.group(0))
        assert len(bars) <= len(groups)
        election = dataset.election("pemilu-2024")
        assert election is not None
        listing = body[body.index('<ol class="stages">') :]
        assert listing.count("<li ") == len(election.stages)
        for stage in election.stages:
            assert stage.name.get(lang).replace("'", "&#x27;") in listing, stage.id


def test_sub_stages_sit_under_their_parent(dataset: Dataset) -> None:
    """stage_tree nests sub-stages; an undated parent sorts by its dated sub-stage."""
    election = dataset.election("pemilu-2024")
    assert election is not None
    nodes = stage_tree(election.stages)
    by_id = {n.stage.id: n for n in nodes}
    assert {"kampanye-rapat-umum"} == {c.stage.id for c in by_id["kampanye"].children}
    assert "kampanye-rapat-umum" not in by_id
    flat = [n.stage.id for n, _ in timeline.flatten(nodes)]
    assert len(flat) == len(election.stages) == len(set(flat))
    # penetapan-hasil has no date; its dated part (24 Apr 2024) places it before the second round.
    assert flat.index("penetapan-hasil") < flat.index("penetapan-presiden-terpilih")
    assert flat.index("penetapan-hasil") < flat.index("putaran-kedua-kampanye")
    assert "sumpah-dprd" == flat[-1]  # undated with nothing dated under it: last


def test_cancelled_stages_are_struck_through(site: Client, dataset: Dataset) -> None:
    """Cancelled stages: struck in the picture and the list, and said in words."""
    body = site.get("/elections/pemilu-2024").text
    election = dataset.election("pemilu-2024")
    assert election is not None
    cancelled = [s for s in election.stages if s.status == "cancelled"]
    assert cancelled
    for stage in cancelled:
        group = re.search(
            rf'<g class="stage[^"]* cancelled"><title>[^<]*</title>.*?id="bar-pemilu-2024-{stage.id}"'
            r'.*?<line class="strike"',
            body,
        )
        assert group is not None, stage.id
        assert f"<s>{stage.name.id}</s>" in body
    assert body.count('<span class="badge cancelled">dibatalkan</span>') == len(cancelled)


@settings(deadline=None, max_examples=200)
@given(st.text(min_size=1, max_size=300), st.floats(X0 - 50, X1 + 50), st.booleans())
def test_labels_stay_inside_the_picture(text: str, anchor: float, key: bool) -> None:
    """A label, shortened if needed, starts and (by the generous estimate) ends inside."""
    shown, x = timeline.place_label(text, anchor, key)
    width = timeline.label_width(shown) + (timeline.KEY_MARK if key else 0)
    assert X0 <= x
    assert x + width <= X1 + 1e-6 or len(shown) == 1


def _legend(body: str) -> list[tuple[str, str]]:
    """The legend's items: their class (and hidden flag) and their words."""
    legend = re.search(r'<ul class="legend".*?</ul>', body)
    assert legend is not None
    items = re.findall(r"<li([^>]*)><svg.*?</svg>([^<]+)</li>", legend.group(0))
    return [(attrs.strip(), text) for attrs, text in items]


def test_legend_names_only_what_is_drawn(site: Client) -> None:
    """Only the marks the picture draws, and today's only once the script draws it.

    Marks only the wide picture draws say so: phones and paper get the narrow picture, and the
    stylesheet hides them there.
    """
    body = site.get("/elections/pemilu-2024?lang=en").text
    items = {text: attrs for attrs, text in _legend(body)}
    assert 'class="wide-only"' == items["single day"]
    assert 'class="wide-only"' == items["sub-stage (thin bar, grey band)"]
    assert "" == items["cancelled (struck through)"] == items["key date"] == items["voting day"]
    assert 'class="legend-today" hidden' == items["today"]
    narrow = re.search(
        r"@media \(max-width: 40rem\) \{[^@]*\.legend \.wide-only \{ display: none; \}", STYLE
    )
    assert narrow is not None
    # Pilkada 2018: no sub-stage, nothing cancelled, no key date.
    drawn = [text for _, text in _legend(site.get("/elections/pilkada-2018?lang=en").text)]
    assert "sub-stage (thin bar, grey band)" not in drawn
    assert "cancelled (struck through)" not in drawn


def test_key_dates_are_marked(site: Client, dataset: Dataset) -> None:
    """Key stages carry the key class (bold label, diamond) in the picture and a badge in the list."""
    body = site.get("/elections/pilkada-2024").text
    election = dataset.election("pilkada-2024")
    assert election is not None
    key = [s for s in election.stages if s.key and s.dated]
    assert len(re.findall(r'<g class="stage[^"]* key[^"]*">', body)) == len(key)
    assert body.count('<path class="key-mark"') == len(key)
    assert body.count('<span class="badge key">') == sum(1 for s in election.stages if s.key)


def _shown_in_full(body: str) -> list[str]:
    return re.findall(r'<section class="election" aria-labelledby="e-([^"]+)">', body)


def _listed(body: str) -> list[str]:
    listing = re.search(r'<ul class="election-list">(.*?)</ul>', body, flags=re.S)
    return re.findall(r'<li><a href="/elections/([^"?]+)', listing.group(1)) if listing else []


def test_region_page_shows_only_its_elections_and_region_feed(site: Client) -> None:
    """A region page: its elections (one in full, the others listed), its feed, its province."""
    body = site.get("/regions/33.05").text
    assert "<h1>Kabupaten Kebumen</h1>" in body
    assert 'href="/regions/33">Jawa Tengah</a>' in body
    assert f"{BASE}/v1/regions/33.05/calendar.ics" in body
    # As of the data's revision (30 Nov 2026) the next election held there is Pemilu 2029: in
    # full, with its (undated) stage list, but nothing to draw. The others, newest first: Pileg
    # and Pilpres 2014, Pilkada 2015 and 2020 (Kebumen is on their lists), Pemilu 2019 and 2024,
    # Pilkada 2024; Pilkada 2017 and 2018 are not held there (not listed; coverage unknown).
    assert ["pemilu-2029"] == _shown_in_full(body)
    assert "Daftar tahapan Pemilu 2029 (2 tahapan)" in body
    assert 0 == body.count('<svg class="timeline"')
    assert [
        "pilkada-2024",
        "pemilu-2024",
        "pilkada-2020",
        "pemilu-2019",
        "pilkada-2015",
        "pilpres-2014",
        "pileg-2014",
    ] == _listed(body)
    # A listed election: its voting day with weekday and the local hours, and what is elected there.
    assert (
        '<time datetime="2024-11-27">Rabu, 27 November 2024</time>, pukul 07.00–13.00 WIB<br>'
        '<span class="small muted">Yang dipilih di daerah ini: Gubernur dan Wakil Gubernur; '
        "Bupati dan Wakil Bupati</span>"
    ) in body
    # Where things stand: the election shown in full.
    assert 1 == body.count('<p class="now-status"')
    province = site.get("/regions/33").text
    assert 'href="/regions/33.05">Kabupaten Kebumen</a>' in province
    assert '<select id="pick-place" name="code">' in province


@pytest.mark.parametrize(
    ("day", "first"),
    [
        (dt.date(2024, 1, 15), "pemilu-2024"),  # both 2024 elections under way: the sooner vote
        (dt.date(2024, 10, 21), "pilkada-2024"),  # Pemilu 2024 ended with 20 Oct 2024
        (dt.date(2019, 6, 1), "pemilu-2019"),  # its results are still being settled
    ],
)
def test_region_page_and_home_show_the_current_election_in_full(
    dataset: Dataset, day: dt.date, first: str
) -> None:
    """As of another revision, / and a region page show that day's current or next election.

    In full (picture, open list of the stages that apply there); the others listed, newest first.
    """
    data = dataclasses.replace(dataset, revision=dt.datetime.combine(day, dt.time(), dt.UTC))
    region = dataset.regions["33.05"]
    held = [e for e in dataset.elections if e.id in dataset.elections_held_in("33.05")]
    election = dataset.election(first)
    assert election is not None
    region_body = region_page(data, region, Urls(BASE), "id")
    for body, elections in (
        (region_body, held),
        (home_page(data, Urls(BASE), "id"), list(dataset.elections)),
    ):
        assert [first] == _shown_in_full(body)
        assert [f"tl-{first}"] == re.findall(r'<svg class="timeline" id="([^"]+)"', body)
        assert "<details open><summary>" in body
        assert 1 == body.count('<p class="now-status"')
        assert [e.id for e in newest_first(elections) if e.id != first] == _listed(body)
    # The region's page lists the stages that apply there.
    count = len(stages_in(election, region))
    assert f"Daftar tahapan {short_name(election)} ({count} tahapan)" in region_body


def test_picker_works_without_script(site: Client) -> None:
    """The home page's picker is a plain GET form to /regions with labelled fields."""
    body = site.get("/").text
    form = re.search(
        r'<form class="picker" id="region-picker" action="/regions" method="get"', body
    )
    assert form is not None
    assert '<label for="pick-province">' in body
    assert 'id="pick-province" name="province"' in body
    assert '<label for="pick-region">' in body
    regions = site.get("/regions").text
    assert 38 == regions.count('<li><a href="/regions/')
