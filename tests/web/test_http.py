"""HTTP behaviour on every route: validators and 304s, HEAD, CORS, gzip, problem details."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.app import create_app
from pemilu_api.render import json_resources
from pemilu_api.web import api
from pemilu_api.web.openapi import openapi_dict

Client = TestClient[Litestar]

# One URL answering 200 for every GET route of the API; test_every_route_is_covered keeps it whole.
OK_URLS: dict[str, str] = {
    "/v1/elections": "/v1/elections",
    "/v1/elections/{election_id}": "/v1/elections/pemilu-2024",
    "/v1/elections/{election_id}/stages": "/v1/elections/pemilu-2024/stages?category=voting",
    "/v1/elections/{election_id}/stages/{stage_id}": "/v1/elections/pemilu-2024/stages/kampanye",
    "/v1": "/v1",
    "/v1/changes": "/v1/changes",
    "/v1/changes.atom": "/v1/changes.atom",
    "/v1/regions": "/v1/regions?province=33",
    "/v1/regions/{code}": "/v1/regions/33.05",
    "/health": "/health",
    "/openapi.json": "/openapi.json",
    "/docs": "/docs",
    "/docs/{asset}": "/docs/init.js",
    "/v1/elections/{election_id}/calendar.ics": "/v1/elections/pemilu-2024/calendar.ics",
    "/v1/calendar.ics": "/v1/calendar.ics",
    "/v1/regions/{code}/calendar.ics": "/v1/regions/33.05/calendar.ics",
}
# Routes that read the clock: no validators, a short max-age.
CLOCK_URLS: dict[str, str] = {"/v1/now": "/v1/now?tz=Asia/Jayapura"}
# A URL per route answering with a problem, and the parameter the problem must name.
PROBLEM_URLS: list[tuple[str, int, str | None]] = [
    ("/v1/elections?x=1", 400, "x"),
    ("/v1/elections/pemilu-1955", 404, "election_id"),
    ("/v1/elections/pemilu-2024/stages?from=2024-13-01", 400, "from"),
    ("/v1/elections/pemilu-2024/stages?from=2024-02-02&to=2024-02-01", 400, "from"),
    ("/v1/elections/pemilu-2024/stages?category=fun", 400, "category"),
    ("/v1/elections/pemilu-2024/stages?key=maybe", 400, "key"),
    ("/v1/elections/pemilu-2024/stages?status=postponed", 400, "status"),
    ("/v1/elections/pemilu-2024/stages?froms=2024-01-01", 400, "froms"),
    ("/v1/elections/nope/stages", 404, "election_id"),
    ("/v1/elections/pemilu-2024/stages/nope", 404, "stage_id"),
    ("/v1/changes?since=yesterday", 400, "since"),
    ("/v1/changes?after=nope", 400, "after"),
    ("/v1/changes?after=pemilu-2024.999", 404, "after"),
    ("/v1/changes?limit=0", 400, "limit"),
    ("/v1/elections?kind=pilpres", 400, "kind"),
    ("/v1/elections?region=99.99", 404, "region"),
    ("/v1/elections?from=2024-02-02&to=2024-02-01", 400, "from"),
    ("/v1/elections/pemilu-2024/stages?region=3399", 404, "region"),
    ("/v1/now?region=nowhere", 400, "region"),
    ("/v1/now?region=99.99", 404, "region"),
    ("/v1/changes?since=2024-01-01T00:00:00", 400, "since"),
    ("/v1/now?tz=Asia/Atlantis", 400, "tz"),
    ("/v1/now?tz=../../etc/passwd", 400, "tz"),
    ("/v1/now?at=noon", 400, "at"),
    ("/v1/now?at=0001-01-01T00:00:00%2B05:00", 400, "at"),
    ("/v1/now?at=9999-12-31T20:00:00%2B00:00&tz=Asia/Jayapura", 400, "at"),
    ("/v1/regions?level=desa", 400, "level"),
    ("/v1/regions?province=99", 404, "province"),
    ("/v1/regions/99.99", 404, "code"),
    ("/v1/regions/abc", 404, "code"),
    ("/health?verbose=1", 400, "verbose"),
    ("/v1/elections/pemilu-2024/stages?from=2024-02-01&from=2024-03-01", 400, "from"),
    ("/v1/elections/pemilu-2024/stages?status=cancelled&status=scheduled", 400, "status"),
    ("/v1/regions?province=33&province=34", 400, "province"),
    ("/docs/evil.js", 404, "asset"),
    ("/v1/nothing-here", 404, None),
    ("/schema", 404, None),
]


def _template(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", r"{\1}", path)


def test_every_route_is_covered(app: Litestar) -> None:
    """The tables above name every GET route the app documents."""
    documented = {_template(p) for p, item in openapi_dict(app)["paths"].items() if "get" in item}
    assert documented == set(OK_URLS) | set(CLOCK_URLS)


@pytest.mark.parametrize("template", sorted(OK_URLS))
def test_strong_validators_and_caching_headers(client: Client, template: str) -> None:
    """A response that does not read the clock has a strong ETag, Last-Modified and public caching."""
    response = client.get(OK_URLS[template])
    assert 200 == response.status_code
    etag = response.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}(-gzip)?"', etag), etag
    assert response.headers["last-modified"].endswith(" GMT")
    cache = response.headers["cache-control"]
    assert "max-age=" in cache or cache == "no-cache"
    assert "Accept-Encoding" == response.headers["vary"]
    assert etag == client.get(OK_URLS[template]).headers["etag"]


@pytest.mark.parametrize("template", sorted(OK_URLS))
def test_if_none_match_gives_304(client: Client, template: str) -> None:
    """The ETag sent back in If-None-Match (alone, in a list, or weak) gives 304; another gives 200."""
    url = OK_URLS[template]
    first = client.get(url, headers={"accept-encoding": "identity"})
    etag = first.headers["etag"]
    for header in (etag, f'"other", {etag}', f"W/{etag}", "*"):
        again = client.get(url, headers={"accept-encoding": "identity", "if-none-match": header})
        assert 304 == again.status_code, header
        assert b"" == again.content
        assert etag == again.headers["etag"]
        assert first.headers["cache-control"] == again.headers["cache-control"]
    other = client.get(url, headers={"accept-encoding": "identity", "if-none-match": '"other"'})
    assert 200 == other.status_code
    assert first.content == other.content


@pytest.mark.parametrize("template", sorted(OK_URLS))
def test_if_modified_since_gives_304(client: Client, template: str) -> None:
    """If-Modified-Since at or after Last-Modified gives 304, before it 200; If-None-Match wins."""
    url = OK_URLS[template]
    last_modified = client.get(url).headers["last-modified"]
    assert 304 == client.get(url, headers={"if-modified-since": last_modified}).status_code
    later = "Fri, 01 Jan 2100 00:00:00 GMT"
    assert 304 == client.get(url, headers={"if-modified-since": later}).status_code
    earlier = "Thu, 01 Jan 2015 00:00:00 GMT"
    assert 200 == client.get(url, headers={"if-modified-since": earlier}).status_code
    assert 200 == client.get(url, headers={"if-modified-since": "not a date"}).status_code
    both = {"if-modified-since": later, "if-none-match": '"other"'}
    assert 200 == client.get(url, headers=both).status_code


@pytest.mark.parametrize("template", sorted(OK_URLS | CLOCK_URLS))
def test_head_has_get_headers_and_no_body(client: Client, template: str) -> None:
    """HEAD answers every GET route with the same status and headers, and no body."""
    url = (OK_URLS | CLOCK_URLS)[template]
    get = client.get(url, headers={"accept-encoding": "identity"})
    head = client.head(url, headers={"accept-encoding": "identity"})
    assert get.status_code == head.status_code
    assert b"" == head.content
    assert str(len(get.content)) == head.headers["content-length"]
    for name in ("content-type", "etag", "last-modified", "cache-control"):
        assert get.headers.get(name) == head.headers.get(name), name


@pytest.mark.parametrize("template", sorted(OK_URLS | CLOCK_URLS))
def test_cors_open_to_all_origins(client: Client, template: str) -> None:
    """Any origin may GET and HEAD; the validators are exposed to scripts."""
    url = (OK_URLS | CLOCK_URLS)[template]
    response = client.get(url, headers={"origin": "https://newsroom.example"})
    assert "*" == response.headers["access-control-allow-origin"]
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert {"etag", "last-modified"} <= exposed
    path = url.split("?")[0]
    preflight = client.options(
        path,
        headers={
            "origin": "https://app.example",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert preflight.status_code in (200, 204)
    assert "GET" in preflight.headers["access-control-allow-methods"]


@pytest.mark.parametrize("template", sorted(OK_URLS))
def test_gzip_has_its_own_strong_etag(client: Client, template: str) -> None:
    """A gzipped body carries its own ETag, decompresses to the identity body, and revalidates."""
    url = OK_URLS[template]
    plain = client.get(url, headers={"accept-encoding": "identity"})
    zipped = client.get(url, headers={"accept-encoding": "gzip, deflate"})
    assert "Accept-Encoding" == zipped.headers["vary"]
    if len(plain.content) < 256:
        assert "content-encoding" not in zipped.headers
        return
    assert "gzip" == zipped.headers["content-encoding"]
    assert plain.headers["etag"] != zipped.headers["etag"]
    assert plain.content == zipped.content  # the client decompressed it
    again = client.get(
        url, headers={"accept-encoding": "gzip", "if-none-match": zipped.headers["etag"]}
    )
    assert 304 == again.status_code
    refused = client.get(url, headers={"accept-encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers


def _raw_gzip(client: Client, url: str) -> bytes:
    """The body of ``url`` as sent with gzip (not decoded by the client)."""
    with client.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        assert "gzip" == response.headers["content-encoding"]
        return b"".join(response.iter_raw())


def test_gzip_bytes_are_deterministic(app: Litestar) -> None:
    """The same data gives the same gzip bytes (no timestamp), so the gzip ETag is stable."""
    url = "/v1/elections/pemilu-2024"
    with TestClient(create_app()) as one, TestClient(create_app()) as two:
        a, b = _raw_gzip(one, url), _raw_gzip(two, url)
        identity = one.get(url, headers={"accept-encoding": "identity"}).content
    assert a == b
    # The gzip header holds no modification time (bytes 4..8) and no file name (no FNAME flag)...
    assert b"\x00\x00\x00\x00" == a[4:8]
    assert 0 == a[3] & 0x08
    # ...so the bytes are exactly those of a timestamp-free compression of the identity body.
    assert gzip.compress(identity, compresslevel=9, mtime=0) == a


@pytest.mark.parametrize("template", sorted(CLOCK_URLS))
def test_clock_routes_have_no_validators(client: Client, template: str) -> None:
    """/v1/now reads the clock: no ETag, a short public max-age."""
    response = client.get(CLOCK_URLS[template])
    assert 200 == response.status_code
    assert "etag" not in response.headers
    assert "public, max-age=30" == response.headers["cache-control"]


def test_the_clock_s_answer_is_gzipped_for_clients_that_accept_it(client: Client) -> None:
    """/v1/now without at= is compressed like any other answer, and says the current instant."""
    before = dt.datetime.now(dt.UTC)
    with client.stream("GET", "/v1/now", headers={"accept-encoding": "gzip"}) as response:
        raw = b"".join(response.iter_raw())
        assert "gzip" == response.headers["content-encoding"]
        assert "Accept-Encoding" == response.headers["vary"]
        assert str(len(raw)) == response.headers["content-length"]
    document = json.loads(gzip.decompress(raw))
    at = dt.datetime.fromisoformat(document["at"])
    assert before <= at <= dt.datetime.now(dt.UTC)
    identity = client.get("/v1/now", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in identity.headers


def test_now_at_an_explicit_instant_is_a_pure_answer(client: Client) -> None:
    """With at=, /v1/now reads no clock: a strong ETag, a 304 on it, and a long max-age."""
    url = "/v1/now?at=2024-02-14T08:00:00%2B07:00&tz=Asia/Jakarta"
    first = client.get(url)
    assert 200 == first.status_code
    etag = first.headers["etag"]
    assert not etag.startswith("W/")
    assert "public, max-age=3600" == first.headers["cache-control"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert 304 == again.status_code
    other = client.get("/v1/now?at=2024-02-14T09:00:00%2B07:00&tz=Asia/Jakarta")
    assert etag != other.headers["etag"]


@pytest.mark.parametrize(
    ("at", "status"),
    [
        ("1000-01-01T00:00:00Z", 200),
        ("9998-06-01T00:00:00Z", 200),
        ("9990-06-01T00:00:00Z", 200),
        ("0999-12-31T00:00:00Z", 400),
        ("9999-01-01T00:00:00Z", 400),
    ],
)
def test_at_takes_the_years_it_documents(client: Client, at: str, status: int) -> None:
    """The declared pattern and the check agree: the years 1000 to 9998, no more, no fewer."""
    assert status == client.get("/v1/now", params={"at": at, "tz": "UTC"}).status_code


@pytest.mark.parametrize(("url", "status", "parameter"), PROBLEM_URLS)
def test_errors_are_problem_details(
    client: Client, url: str, status: int, parameter: str | None
) -> None:
    """Bad input gets RFC 9457 problem+json naming the offending parameter, never a 500."""
    response = client.get(url, follow_redirects=False)
    assert status == response.status_code
    assert "application/problem+json" == response.headers["content-type"]
    problem: dict[str, Any] = response.json()
    assert status == problem["status"]
    assert {"type", "title", "status", "detail"} <= set(problem)
    assert problem["detail"]
    assert parameter == problem.get("parameter")
    assert "no-store" == response.headers["cache-control"]
    assert (
        "*"
        == client.get(url, headers={"origin": "https://x.example"}).headers[
            "access-control-allow-origin"
        ]
    )


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_problems(client: Client, method: str) -> None:
    """Only GET and HEAD are served; others get a 405 problem with Allow."""
    response = client.request(method, "/v1/elections")
    assert 405 == response.status_code
    assert "application/problem+json" == response.headers["content-type"]
    assert "GET" in response.headers["allow"]


def test_undotted_region_code_redirects_permanently(client: Client) -> None:
    """/v1/regions/3305 answers 308 to the dotted code, under the public base URL."""
    response = client.get("/v1/regions/3305", follow_redirects=False)
    assert 308 == response.status_code
    assert "http://127.0.0.1:8000/v1/regions/33.05" == response.headers["location"]


def test_links_use_the_configured_base_url_not_the_host_header(client: Client) -> None:
    """Absolute links come from the configured base URL whatever Host the request names."""
    body = client.get("/v1/elections", headers={"host": "evil.example"}).json()
    links = body["elections"][0]["links"]
    assert links["self"].startswith("http://127.0.0.1:8000/v1/elections/")
    assert links["calendar"]["webcal"].startswith("webcal://127.0.0.1:8000/")


def test_each_representation_is_rendered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Responses that do not depend on the query render once per data revision, not per request."""
    calls: list[str] = []
    real = json_resources.election_out

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append("x")
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "election_out", counting)
    with TestClient(create_app()) as fresh:
        for _ in range(3):
            assert 200 == fresh.get("/v1/elections/pemilu-2024").status_code
            fresh.get("/v1/elections/pemilu-2024", headers={"accept-encoding": "gzip"})
    assert ["x"] == calls


@pytest.mark.parametrize(
    "url", [*OK_URLS.values(), *CLOCK_URLS.values(), *(u for u, _, _ in PROBLEM_URLS)]
)
def test_security_headers_on_every_response(client: Client, url: str) -> None:
    """Every response, errors included, forbids sniffing and limits referrers and active content."""
    response = client.get(url, follow_redirects=False)
    assert "nosniff" == response.headers["x-content-type-options"]
    assert "strict-origin-when-cross-origin" == response.headers["referrer-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_redirect_keeps_any_query_as_printable_ascii(client: Client) -> None:
    """A redirect copies the query into Location percent-encoded, whatever bytes it held."""
    response = client.get(
        "/v1/regions/3305/calendar.ics?lang=en&x=%C3%A9 z", follow_redirects=False
    )
    assert 308 == response.status_code
    location = response.headers["location"]
    assert location.startswith("http://127.0.0.1:8000/v1/regions/33.05/calendar.ics?lang=en&x=")
    assert location.isascii()
    assert " " not in location


def test_repeated_if_none_match_lines_are_one_list(client: Client) -> None:
    """Two If-None-Match field lines combine (RFC 9110 5.3): a match in either gives 304."""
    etag = client.get("/v1/elections", headers={"accept-encoding": "identity"}).headers["etag"]
    for lines in (['"x"', etag], [etag, '"x"']):
        headers = [("accept-encoding", "identity"), *(("if-none-match", v) for v in lines)]
        assert 304 == client.get("/v1/elections", headers=headers).status_code


def test_a_list_parameter_may_repeat(client: Client) -> None:
    """The category parameter is a list: repeating it selects several categories."""
    body = client.get("/v1/elections/pemilu-2024/stages?category=voting&category=campaign").json()
    assert {"voting", "campaign"} == {s["category"] for s in body["stages"]}
