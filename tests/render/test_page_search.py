"""What search engines and link previews read, and the status words at the top of the pages.

Canonical and hreflang links, social tags, schema.org JSON-LD events, robots.txt, sitemap.xml,
icons; where each election stands, with weekdays.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.app import create_app
from pemilu_api.domain.dataset import Dataset
from pemilu_api.render.language import format_day
from pemilu_api.render.pages.html import region_page
from pemilu_api.render.pages.seo import json_ld
from pemilu_api.render.pages.status import Span, sentences
from pemilu_api.render.urls import Urls
from pemilu_api.settings import Settings

Client = TestClient[Litestar]
BASE = "https://jadwal.example.id"
PAGES = [
    "/",
    "/?lang=en",
    "/elections/pemilu-2024",
    "/elections/pilkada-2020?lang=en",
    "/regions",
    "/regions/33",
    "/regions/33.05?lang=en",
    "/regions/91.03",
]
SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def site() -> Iterator[Client]:
    """The app under a public base URL that is not the test client's host."""
    with TestClient(create_app(Settings(base_url=BASE))) as client:
        yield client


class Head(HTMLParser):
    """The head's links and meta tags, and the JSON-LD blocks, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.meta: dict[str, str] = {}
        self.ld: list[Any] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "link":
            self.links.append(found)
        elif tag == "meta" and ("property" in found or "name" in found):
            self.meta[found.get("property") or found["name"]] = found.get("content", "")
        elif tag == "script" and found.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False if tag == "script" else self._in_ld

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.ld.append(json.loads(data))


def _head(site: Client, url: str) -> Head:
    response = site.get(url)
    assert 200 == response.status_code, url
    head = Head()
    head.feed(response.text)
    return head


def _events(head: Head) -> list[dict[str, Any]]:
    (block,) = head.ld
    assert "https://schema.org" == block["@context"]
    events: list[dict[str, Any]] = block["@graph"]
    return events


@pytest.mark.parametrize("url", PAGES)
def test_every_page_names_its_canonical_address_and_languages(site: Client, url: str) -> None:
    """One canonical link (this language's address), hreflang id, en and x-default; indexable."""
    head = _head(site, url)
    path = url.split("?")[0]
    english = url.endswith("lang=en")
    (canonical,) = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert canonical == BASE + path + ("?lang=en" if english else "")
    alternates = {
        link["hreflang"]: link["href"] for link in head.links if link.get("rel") == "alternate"
    }
    assert alternates == {
        "id": BASE + path,
        "en": BASE + path + "?lang=en",
        "x-default": BASE + path,
    }
    assert "robots" not in head.meta
    for name in ("og:title", "og:description", "og:url", "og:image", "twitter:card"):
        assert head.meta.get(name), (url, name)
    assert head.meta["og:url"] == canonical
    assert head.meta["og:image"] == BASE + "/icon.png"
    icons = {link["href"] for link in head.links if link.get("rel") == "icon"}
    assert {"/icon.svg", "/icon.png"} == icons


def test_error_pages_stay_out_of_the_index(site: Client) -> None:
    """An error page says noindex and names no canonical address."""
    response = site.get("/elections/nope")
    head = Head()
    head.feed(response.text)
    assert "noindex" == head.meta["robots"]
    assert not [link for link in head.links if link.get("rel") == "canonical"]


@pytest.mark.parametrize(
    ("url", "date"),
    [
        ("/elections/pemilu-2024", "Rabu, 14 Februari 2024"),
        ("/elections/pemilu-2024?lang=en", "Wednesday 14 February 2024"),
        ("/elections/pilkada-2020", "Rabu, 9 Desember 2020"),
        ("/regions/33.05", "Rabu, 27 November 2024"),
        # As of the data's revision, the next election is Pemilu 2029, announced and unscheduled.
        ("/", "KPU belum menetapkan jadwal Pemilu 2029"),
    ],
)
def test_descriptions_carry_the_voting_day(site: Client, url: str, date: str) -> None:
    """The description (and the social tags) name the voting day with its weekday."""
    head = _head(site, url)
    assert date in head.meta["description"]
    assert head.meta["og:description"] == head.meta["description"]


def _check_event(event: dict[str, Any]) -> None:
    """The fields every event carries, with their types."""
    assert "Event" == event["@type"]
    assert isinstance(event["name"], str)
    assert event["name"]
    dt.datetime.fromisoformat(event["startDate"])
    assert event["eventStatus"].startswith(SCHEMA)
    assert event["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert "Place" == event["location"]["@type"]
    assert "ID" == event["location"]["address"]["addressCountry"]
    assert "Organization" == event["organizer"]["@type"]
    assert "KPU" in event["organizer"]["name"]
    assert event["url"].startswith(BASE + "/elections/")


def test_election_page_is_an_event_with_its_cancelled_round(site: Client) -> None:
    """Pemilu 2024: scheduled on 14 February 2024, and the second round as a cancelled event."""
    events = _events(_head(site, "/elections/pemilu-2024"))
    for event in events:
        _check_event(event)
    main, *rounds = events
    assert "2024-02-14" == main["startDate"]
    assert SCHEMA + "EventScheduled" == main["eventStatus"]
    assert "previousStartDate" not in main
    (cancelled,) = rounds
    assert SCHEMA + "EventCancelled" == cancelled["eventStatus"]
    assert "2024-06-26" == cancelled["startDate"]


def test_moved_voting_day_is_rescheduled(site: Client) -> None:
    """Pilkada 2020 moved from 23 September to 9 December 2020: EventRescheduled."""
    (event,) = _events(_head(site, "/elections/pilkada-2020?lang=en"))
    _check_event(event)
    assert SCHEMA + "EventRescheduled" == event["eventStatus"]
    assert "2020-12-09" == event["startDate"]
    assert "2020-09-23" == event["previousStartDate"]


@pytest.mark.parametrize(("code", "offset"), [("33.05", "+07:00"), ("91.03", "+09:00")])
def test_region_page_events_carry_local_hours(site: Client, code: str, offset: str) -> None:
    """A region's events: voting from 07:00 to 13:00 in its own zone, in that region."""
    events = _events(_head(site, f"/regions/{code}"))
    assert events
    for event in events:
        _check_event(event)
        assert event["location"]["address"]["addressLocality"] == event["location"]["name"]
    pilkada = next(e for e in events if e["startDate"].startswith("2024-11-27"))
    assert f"2024-11-27T07:00:00{offset}" == pilkada["startDate"]
    assert f"2024-11-27T13:00:00{offset}" == pilkada["endDate"]


def test_json_ld_cannot_end_its_script_early() -> None:
    """Text from the data is escaped so that no "</script" can close the block."""
    block = json_ld([{"@type": "Event", "name": "</script><b>&"}])
    inner = block.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in inner
    assert ">" not in inner
    assert "</script><b>&" == json.loads(inner)["@graph"][0]["name"]


def test_robots_txt_names_the_sitemap(site: Client) -> None:
    """robots.txt allows the pages and names the sitemap under the public base URL."""
    response = site.get("/robots.txt")
    assert 200 == response.status_code
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["etag"]
    assert f"Sitemap: {BASE}/sitemap.xml" in response.text.splitlines()
    assert "Disallow: /\n" not in response.text


def test_sitemap_lists_every_page(site: Client, dataset: Dataset) -> None:
    """Every page in both languages, each with its alternates; a sample of them answers 200."""
    response = site.get("/sitemap.xml")
    assert 200 == response.status_code
    assert response.headers["content-type"].startswith("application/xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(response.content)
    locs = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    paths = ["/", "/regions"]
    paths += [f"/elections/{e.id}" for e in dataset.elections]
    paths += [f"/regions/{code}" for code in dataset.regions]
    expected = {BASE + p + q for p in paths for q in ("", "?lang=en")}
    assert expected == set(locs)
    assert len(expected) == len(locs)
    for url in root.findall("s:url", ns):
        links = url.findall("x:link", ns)
        assert {"id", "en", "x-default"} == {link.get("hreflang") for link in links}
        dt.datetime.fromisoformat(url.findtext("s:lastmod", namespaces=ns) or "")
    for loc in sorted(expected)[::97]:
        assert 200 == site.get(loc.removeprefix(BASE)).status_code, loc


@pytest.mark.parametrize(
    ("url", "media", "magic"),
    [
        ("/icon.svg", "image/svg+xml", b"<svg"),
        ("/icon.png", "image/png", b"\x89PNG\r\n\x1a\n"),
        ("/favicon.ico", "image/x-icon", b"\x00\x00\x01\x00"),
    ],
)
def test_icons(site: Client, url: str, media: str, magic: bytes) -> None:
    """The icons answer with their type and validators (no more /favicon.ico 404s)."""
    response = site.get(url)
    assert 200 == response.status_code
    assert response.headers["content-type"].startswith(media)
    assert response.headers["etag"]
    assert response.content.startswith(magic)


def _status_text(body: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m)
        for m in re.findall(r'<span class="now-text">(.*?)</span>', body, flags=re.S)
    ]


def test_status_words_at_the_top_of_election_and_region_pages(
    site: Client, dataset: Dataset
) -> None:
    """As of the data's revision (30 November 2026) every election is over, said with weekdays.

    A region page speaks of the election it shows in full, in the region's own hours.
    """
    body = site.get("/elections/pemilu-2024").text
    assert ["Pemilu 2024 telah selesai (pemungutan suara Rabu, 14 Februari 2024)."] == (
        _status_text(body)
    )
    assert body.index('class="now"') < body.index('id="timeline"')
    english = site.get("/regions/33.05?lang=en").text
    assert ["KPU has not set the schedule of Pemilu 2029 yet."] == _status_text(english)
    # The sentence names the election: no "Pemilu 2029: " before it.
    assert '<strong class="now-label" hidden>Pemilu 2029: </strong>' in english
    # As of 21 Oct 2024 Kabupaten Jayapura (WIT) shows Pilkada 2024, with voting in 37 days.
    earlier = dataclasses.replace(dataset, revision=dt.datetime(2024, 10, 21, tzinfo=dt.UTC))
    page = region_page(earlier, dataset.regions["91.03"], Urls(BASE), "en")
    assert '<strong class="now-label">Pilkada 2024: </strong>' in page
    (said,) = _status_text(page)
    assert said.startswith("Under way: ")
    assert said.endswith("Voting on Wednesday 27 November 2024, 07:00–13:00 WIT — in 37 days.")


def test_status_sentences_before_during_and_after() -> None:
    """Coming (days left with hours), under way (stage and until when), over, and announced."""
    spans = [
        Span("Kampanye", dt.date(2024, 8, 25), dt.date(2024, 11, 23)),
        Span("Masa tenang", dt.date(2024, 11, 24), dt.date(2024, 11, 26)),
        Span("Penetapan", dt.date(2024, 12, 10), dt.date(2024, 12, 12)),
    ]
    voting = dt.date(2024, 11, 27)
    hours = "pukul 07.00–13.00 WIB"
    assert [
        "Berikutnya: Kampanye, mulai Minggu, 25 Agustus 2024.",
        "Pemungutan suara Rabu, 27 November 2024, pukul 07.00–13.00 WIB — 154 hari lagi.",
    ] == sentences("Pilkada 2024", voting, hours, spans, dt.date(2024, 6, 26), "id")
    assert [
        "Sedang berlangsung: Kampanye (sampai Sabtu, 23 November 2024).",
        "Pemungutan suara Rabu, 27 November 2024, pukul 07.00–13.00 WIB — 42 hari lagi.",
    ] == sentences("Pilkada 2024", voting, hours, spans, dt.date(2024, 10, 16), "id")
    assert [
        "Sedang berlangsung: Masa tenang (sampai Selasa, 26 November 2024).",
        "Pemungutan suara Rabu, 27 November 2024, pukul 07.00–13.00 WIB — besok.",
    ] == sentences("Pilkada 2024", voting, hours, spans, dt.date(2024, 11, 26), "id")
    assert [
        "Next: Penetapan, from Tuesday 10 December 2024.",
        "Voting took place on Wednesday 27 November 2024.",
    ] == sentences("Pilkada 2024", voting, "", spans, dt.date(2024, 12, 1), "en")
    assert ["Pilkada 2024 has ended (voting on Wednesday 27 November 2024)."] == sentences(
        "Pilkada 2024", voting, "", spans, dt.date(2024, 12, 13), "en"
    )
    assert ["KPU belum menetapkan jadwal Pemilu 2029."] == sentences(
        "Pemilu 2029", None, "", [], dt.date(2026, 11, 30), "id"
    )


@pytest.mark.parametrize(
    ("day", "lang", "text"),
    [
        (dt.date(2024, 2, 14), "id", "Rabu, 14 Februari 2024"),
        (dt.date(2024, 2, 14), "en", "Wednesday 14 February 2024"),
        (dt.date(2024, 11, 24), "id", "Minggu, 24 November 2024"),
        (dt.date(2020, 12, 9), "en", "Wednesday 9 December 2020"),
    ],
)
def test_dates_carry_their_weekday(day: dt.date, lang: str, text: str) -> None:
    """Every date shown to a person names its weekday."""
    assert text == format_day(day, lang)  # type: ignore[arg-type]
