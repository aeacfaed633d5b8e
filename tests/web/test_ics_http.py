"""The feeds over HTTP: the same ETag/304, caching, CORS, gzip and HEAD as the JSON.

Errors are always problem+json, never a body labelled text/calendar.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from ics_support import BASE_URL
from pemilu_api.app import create_app
from pemilu_api.render import ics
from pemilu_api.render.language import Lang
from pemilu_api.settings import Settings
from pemilu_api.web.openapi import openapi_dict

Client = TestClient[Litestar]
IDENTITY = {"Accept-Encoding": "identity"}
FEEDS = [
    "/v1/elections/pemilu-2024/calendar.ics",
    "/v1/calendar.ics",
    "/v1/regions/33.05/calendar.ics",
]
ROUTES = [
    "/v1/elections/{election_id}/calendar.ics",
    "/v1/calendar.ics",
    "/v1/regions/{code}/calendar.ics",
]


@pytest.fixture(scope="module")
def app() -> Litestar:
    """The app with an explicit public base URL."""
    return create_app(Settings(base_url=BASE_URL))


@pytest.fixture(scope="module")
def client(app: Litestar) -> Iterator[Client]:
    """A client for it."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize("url", FEEDS)
def test_feed_headers(client: Client, url: str) -> None:
    """text/calendar in UTF-8, validators, public caching, Vary, and a body that is a calendar."""
    response = client.get(url, headers=IDENTITY)
    assert 200 == response.status_code
    assert "text/calendar; charset=utf-8" == response.headers["content-type"]
    assert response.headers["etag"].startswith('"')
    assert response.headers["last-modified"].endswith(" GMT")
    assert "public, max-age=3600" == response.headers["cache-control"]
    assert "Accept-Encoding" in response.headers["vary"]
    assert response.headers["content-length"] == str(len(response.content))
    assert "content-encoding" not in response.headers
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert response.content.endswith(b"END:VCALENDAR\r\n")


@pytest.mark.parametrize("url", FEEDS)
def test_conditional_get(client: Client, url: str) -> None:
    """If-None-Match with the ETag, or If-Modified-Since at Last-Modified: 304 with no body."""
    first = client.get(url, headers=IDENTITY)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = client.get(url, headers={**IDENTITY, "If-None-Match": etag})
    assert 304 == again.status_code
    assert b"" == again.content
    assert again.headers["etag"] == etag
    since = client.get(url, headers={**IDENTITY, "If-Modified-Since": modified})
    assert 304 == since.status_code
    other = client.get(url, headers={**IDENTITY, "If-None-Match": '"something-else"'})
    assert 200 == other.status_code
    assert other.content == first.content


@pytest.mark.parametrize("url", FEEDS)
def test_head(client: Client, url: str) -> None:
    """HEAD: the GET's headers, no body."""
    get = client.get(url, headers=IDENTITY)
    head = client.head(url, headers=IDENTITY)
    assert 200 == head.status_code
    assert b"" == head.content
    for name in ("etag", "last-modified", "content-type", "content-length", "cache-control"):
        assert head.headers[name] == get.headers[name], name


@pytest.mark.parametrize("url", FEEDS)
def test_gzip_has_its_own_etag(client: Client, url: str) -> None:
    """The gzip body is another representation: another strong ETag, the same calendar inside."""
    plain = client.get(url, headers=IDENTITY)
    # httpx would decode the body itself; read the raw bytes to see what was sent.
    with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as zipped:
        raw = b"".join(zipped.iter_raw())
        headers = zipped.headers
    assert "gzip" == headers["content-encoding"]
    assert headers["etag"] != plain.headers["etag"]
    assert gzip.decompress(raw) == plain.content
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]})
    assert 304 == again.status_code


@pytest.mark.parametrize("url", FEEDS)
def test_cors(client: Client, url: str) -> None:
    """Any origin may read a feed and its validators."""
    response = client.get(url, headers={"Origin": "https://calendar.example"})
    assert "*" == response.headers["access-control-allow-origin"]
    assert "ETag" in response.headers["access-control-expose-headers"]


@pytest.mark.parametrize("url", FEEDS)
def test_plain_is_the_same_body_as_text(client: Client, url: str) -> None:
    """plain=true: the very same bytes, labelled text/plain for a browser."""
    calendar = client.get(url, headers=IDENTITY)
    plain = client.get(f"{url}?plain=true", headers=IDENTITY)
    assert 200 == plain.status_code
    assert "text/plain; charset=utf-8" == plain.headers["content-type"]
    assert plain.content == calendar.content
    head = client.head(f"{url}?plain=true", headers=IDENTITY)
    assert "text/plain; charset=utf-8" == head.headers["content-type"]


@pytest.mark.parametrize("url", FEEDS)
def test_unknown_parameters_are_ignored(client: Client, url: str) -> None:
    """Calendar apps add their own parameters: same body, same ETag."""
    plain = client.get(url, headers=IDENTITY)
    extra = client.get(f"{url}?utm_source=app&x-apple=1&LANG=en", headers=IDENTITY)
    assert 200 == extra.status_code
    assert extra.content == plain.content
    assert extra.headers["etag"] == plain.headers["etag"]


@pytest.mark.parametrize("url", FEEDS)
def test_variants_differ(client: Client, url: str) -> None:
    """Lang and key select different bodies; the defaults are lang=id, key=false, plain=false."""
    default = client.get(url, headers=IDENTITY).content
    explicit = client.get(f"{url}?lang=id&key=false&plain=false", headers=IDENTITY).content
    assert explicit == default
    bodies = {
        client.get(f"{url}?lang={lang}&key={key}", headers=IDENTITY).content
        for lang in ("id", "en")
        for key in ("true", "false")
    }
    assert 4 == len(bodies)


def _problem(response: Any, status: int, parameter: str) -> None:
    assert response.status_code == status
    assert "application/problem+json" == response.headers["content-type"]
    body = response.json()
    assert body["status"] == status
    assert body["parameter"] == parameter
    assert "text/calendar" not in response.headers["content-type"]


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        ("/v1/calendar.ics?lang=fr", 400, "lang"),
        ("/v1/calendar.ics?lang=", 400, "lang"),
        ("/v1/calendar.ics?key=maybe", 400, "key"),
        ("/v1/calendar.ics?plain=sometimes", 400, "plain"),
        ("/v1/elections/pemilu-2024/calendar.ics?lang=fr", 400, "lang"),
        ("/v1/elections/pemilu-2024/calendar.ics?key=2", 400, "key"),
        ("/v1/elections/pemilu-1955/calendar.ics", 404, "election_id"),
        ("/v1/elections/pemilu-1955/calendar.ics?lang=fr", 400, "lang"),
        ("/v1/regions/33.05/calendar.ics?lang=fr", 400, "lang"),
        ("/v1/regions/99.99/calendar.ics", 404, "code"),
        ("/v1/regions/9999/calendar.ics", 404, "code"),
        ("/v1/regions/kebumen/calendar.ics", 404, "code"),
        # Litestar's own validation (a path parameter over its max_length) is a problem too.
        (f"/v1/elections/{'a' * 80}/calendar.ics", 400, "election_id"),
    ],
)
def test_errors_are_problems(client: Client, url: str, status: int, parameter: str) -> None:
    """Bad values and unknown elections or regions: problem+json, never text/calendar."""
    _problem(client.get(url), status, parameter)
    head = client.head(url)
    assert head.status_code == status
    assert "application/problem+json" == head.headers["content-type"]


def test_other_methods_are_problems(client: Client) -> None:
    """POST on a feed: 405 problem+json naming the allowed methods."""
    response = client.post("/v1/calendar.ics")
    assert 405 == response.status_code
    assert "application/problem+json" == response.headers["content-type"]
    assert "GET" in response.headers["allow"]


def test_undotted_region_redirects(client: Client) -> None:
    """3305 redirects permanently to 33.05, keeping the query."""
    response = client.get("/v1/regions/3305/calendar.ics?lang=en&key=true", follow_redirects=False)
    assert 308 == response.status_code
    assert (
        f"{BASE_URL}/v1/regions/33.05/calendar.ics?lang=en&key=true" == response.headers["location"]
    )


def test_json_links_to_feeds(client: Client) -> None:
    """The JSON resources link to the feeds that serve them, in https and webcal forms."""
    election = client.get("/v1/elections/pemilu-2024").json()
    region = client.get("/v1/regions/33.05").json()
    for resource in (election, region):
        link = resource["links"]["calendar"]
        path = link["https"].removeprefix(BASE_URL)
        assert 200 == client.get(path, headers=IDENTITY).status_code
        assert link["webcal"] == "webcal://" + link["https"].removeprefix("https://")


def test_each_variant_renders_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A variant is rendered on first use and then served from the store (plain shares it)."""
    calls: list[tuple[str, str, bool]] = []
    original = ics.election_feed

    def counting(election: Any, lang: Lang, key_only: bool, links: Any) -> bytes:
        calls.append((election.id, lang, key_only))
        return original(election, lang, key_only, links)

    monkeypatch.setattr(ics, "election_feed", counting)
    with TestClient(create_app(Settings(base_url=BASE_URL))) as fresh:
        url = "/v1/elections/pemilu-2024/calendar.ics"
        for query in ("", "?lang=id", "?plain=true", "?key=false&x=1", ""):
            assert 200 == fresh.get(url + query).status_code
        assert [("pemilu-2024", "id", False)] == calls
        fresh.get(url + "?lang=en")
        assert ("pemilu-2024", "en", False) == calls[-1]
        assert 2 == len(calls)


@pytest.mark.parametrize("route", ROUTES)
def test_openapi_documents_the_feeds(app: Litestar, route: str) -> None:
    """OpenAPI: text/calendar (or text/plain) for 200, problem+json for 400 and 404, parameters."""
    operation = openapi_dict(app)["paths"][route]["get"]
    assert ["text/calendar", "text/plain"] == list(operation["responses"]["200"]["content"])
    assert ["application/problem+json"] == list(operation["responses"]["400"]["content"])
    if "{" in route:
        assert ["application/problem+json"] == list(operation["responses"]["404"]["content"])
    query = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
    assert {"lang", "key", "plain"} == set(query)
    assert ["id", "en"] == query["lang"]["schema"]["enum"]
    assert "id" == query["lang"]["schema"]["default"]
