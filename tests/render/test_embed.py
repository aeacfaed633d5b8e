"""The embeddable cards: what they say, that any site may frame them, and that they stay small."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.app import create_app
from pemilu_api.render.pages.document import SCRIPT, csp_hash
from pemilu_api.render.pages.embed import EMBED_CSP, EMBED_STYLE
from pemilu_api.settings import Settings

Client = TestClient[Litestar]
BASE = "https://jadwal.example.id"
EMBEDS = [
    "/embed/elections/pemilu-2024",
    "/embed/elections/pilkada-2020?lang=en",
    "/embed/regions/33.05",
    "/embed/regions/91.03?lang=en",
    "/embed/regions/33",
]
MAX_GZIP = 10 * 1024
ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s\"'<>)]*")


@pytest.fixture(scope="module")
def site() -> Iterator[Client]:
    """The app under a public base URL that is not the test client's host."""
    with TestClient(create_app(Settings(base_url=BASE))) as client:
        yield client


@pytest.mark.parametrize("url", EMBEDS)
def test_any_site_may_frame_the_card(site: Client, url: str) -> None:
    """frame-ancestors *, its own hashed style and the page script, no cookie, noindex."""
    response = site.get(url)
    assert 200 == response.status_code
    assert response.headers["content-security-policy"] == EMBED_CSP
    assert "frame-ancestors *" in EMBED_CSP
    assert csp_hash(EMBED_STYLE) in EMBED_CSP
    assert csp_hash(SCRIPT) in EMBED_CSP
    assert "x-frame-options" not in response.headers
    # Other sites load and frame it: cross-origin resource policy, and no opener policy.
    assert "cross-origin" == response.headers["cross-origin-resource-policy"]
    assert "cross-origin-opener-policy" not in response.headers
    assert "set-cookie" not in response.headers
    assert response.headers["etag"]
    body = response.text
    assert f"<style>{EMBED_STYLE}</style>" in body
    assert f"<script>{SCRIPT}</script>" in body
    assert '<meta name="robots" content="noindex">' in body
    assert "data-embed" in body


@pytest.mark.parametrize("url", EMBEDS)
def test_card_is_small_and_loads_nothing_from_elsewhere(site: Client, url: str) -> None:
    """At most 10 KB gzipped; absolute URLs only the base URL's (links back and the feed)."""
    response = site.get(url, headers={"accept-encoding": "identity"})
    assert len(gzip.compress(response.content)) <= MAX_GZIP
    host = urlsplit(BASE).netloc
    for found in ABSOLUTE.findall(response.text):
        assert urlsplit(found).netloc == host, found
    assert not re.search(r'(?:src)="', response.text)


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        (
            "/embed/elections/pemilu-2024",
            ["Rabu, 14 Februari 2024", "pukul 07.00–13.00 waktu setempat", "telah selesai"],
        ),
        # As of the data's revision the next election everywhere is Pemilu 2029, not yet scheduled.
        (
            "/embed/regions/33.05",
            ["Kabupaten Kebumen", "KPU belum menetapkan jadwal Pemilu 2029"],
        ),
        (
            "/embed/regions/91.03?lang=en",
            ["Kabupaten Jayapura", "KPU has not set the schedule of Pemilu 2029 yet"],
        ),
    ],
)
def test_card_says_the_voting_day_hours_and_status(
    site: Client, url: str, texts: list[str]
) -> None:
    """The voting day with weekday and local hours, where things stand, subscribe, link back."""
    body = site.get(url).text
    for text in texts:
        assert text in body, text
    assert 'class="now-status"' in body
    assert 'href="webcal://jadwal.example.id/v1/' in body
    back = url.replace("/embed", "").replace("?lang=en", "")
    assert f'href="{BASE}{back}' in body


def test_unknown_card_is_a_404_page(site: Client) -> None:
    """An unknown election or region: a 404 page, as for the pages."""
    assert 404 == site.get("/embed/elections/nope").status_code
    assert 404 == site.get("/embed/regions/99.99").status_code


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("/elections/pemilu-2024", "/embed/elections/pemilu-2024"),
        ("/regions/33.05?lang=en", "/embed/regions/33.05?lang=en"),
    ],
)
def test_pages_offer_the_iframe_snippet(site: Client, url: str, embed: str) -> None:
    """Every election and region page offers the iframe code, labelled, with a copy button."""
    body = site.get(url).text
    snippet = re.search(r'<textarea id="(embed-[^"]+)"[^>]*>(.*?)</textarea>', body, re.S)
    assert snippet is not None
    assert f'<label for="{snippet.group(1)}">' in body
    assert f"&lt;iframe src=&quot;{BASE}{embed}&quot;" in snippet.group(2)
    assert f'data-copy="{snippet.group(1)}"' in body
