"""The URL builder covers every route, and every path it spells answers on the app.

A route added without a ``Urls`` spelling fails ``test_every_route_is_spelled_by_the_url_builder``;
a ``Urls`` path that no route serves fails ``test_every_url_builder_path_answers``.
"""

from __future__ import annotations

import inspect
import re

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from pemilu_api.app import HIDDEN_SCHEMA_PATH, create_app
from pemilu_api.render.urls import Link, Urls

Client = TestClient[Litestar]

# A sample value for every path parameter a route or a Urls method takes, answering 200.
SAMPLES: dict[str, str] = {
    "election_id": "pemilu-2024",
    "stage_id": "kampanye",
    "code": "33.05",
    "asset": "init.js",
    "name": "init.js",
    "slug": "invalid-parameter",
    "problem": "invalid-parameter",
}
PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")


def _url_builder_paths() -> dict[str, str]:
    """Every path ``Urls`` spells, by member name: constants as they are, methods on samples."""
    paths: dict[str, str] = {}
    for name, member in vars(Urls).items():
        if isinstance(member, str) and member.startswith("/"):
            paths[name] = member
        elif isinstance(member, staticmethod):
            function = member.__func__
            arguments = {p: SAMPLES[p] for p in inspect.signature(function).parameters}
            paths[name] = function(**arguments)
    return paths


def _served_routes() -> dict[str, set[str]]:
    """The app's GET/HEAD routes (path template -> methods), without Litestar's hidden schema."""
    return {
        route.path: {str(m) for m in route.methods} & {"GET", "HEAD"}
        for route in create_app().routes
        if isinstance(route, HTTPRoute)
        and {"GET", "HEAD"} & set(route.methods)
        and not (
            route.path == HIDDEN_SCHEMA_PATH or route.path.startswith(HIDDEN_SCHEMA_PATH + "/")
        )
    }


def _with_samples(template: str) -> str:
    """A route template with the sample value for each of its parameters."""
    return PARAMETER.sub(lambda match: SAMPLES[match.group(1)], template)


URL_BUILDER_PATHS = _url_builder_paths()
SERVED = _served_routes()


def test_the_url_builder_spells_each_kind_of_route() -> None:
    """The introspection above finds the constants and the path methods (and not url/feed)."""
    assert {
        "home",
        "regions_page",
        "docs",
        "openapi",
        "health",
        "elections",
        "changes",
        "now",
        "regions",
        "all_feed",
        "election",
        "stages",
        "stage",
        "region",
        "election_feed",
        "region_feed",
        "election_page",
        "region_page",
        "docs_asset",
        "robots",
        "sitemap",
        "icon_svg",
        "icon_png",
        "favicon",
        "election_embed",
        "region_embed",
        "changes_atom",
        "api_root",
        "problems",
        "problem",
    } == set(URL_BUILDER_PATHS)


def test_the_route_table_is_the_one_expected() -> None:
    """Every route answers GET and HEAD: the pages, the JSON API, the feeds and the docs."""
    assert {
        "/",
        "/regions",
        "/regions/{code:str}",
        "/elections/{election_id:str}",
        "/docs",
        "/docs/{asset:str}",
        "/openapi.json",
        "/health",
        "/v1/elections",
        "/v1/elections/{election_id:str}",
        "/v1/elections/{election_id:str}/stages",
        "/v1/elections/{election_id:str}/stages/{stage_id:str}",
        "/v1/elections/{election_id:str}/calendar.ics",
        "/v1/changes",
        "/v1/now",
        "/v1/regions",
        "/v1/regions/{code:str}",
        "/v1/regions/{code:str}/calendar.ics",
        "/v1/calendar.ics",
        "/robots.txt",
        "/sitemap.xml",
        "/icon.svg",
        "/icon.png",
        "/favicon.ico",
        "/embed/elections/{election_id:str}",
        "/embed/regions/{code:str}",
        "/v1",
        "/v1/changes.atom",
        "/problems",
        "/problems/{problem:str}",
    } == set(SERVED)
    assert all({"GET", "HEAD"} == methods for methods in SERVED.values())


@pytest.mark.parametrize("template", sorted(SERVED))
def test_every_route_is_spelled_by_the_url_builder(template: str) -> None:
    """Each route, filled with sample parameters, is a path some ``Urls`` member produces."""
    assert _with_samples(template) in set(URL_BUILDER_PATHS.values()), (
        f"route {template} has no spelling in pemilu_api.render.urls.Urls"
    )


def test_the_url_builder_spells_each_route_once() -> None:
    """No two ``Urls`` members spell one path, and every one is some route's."""
    paths = list(URL_BUILDER_PATHS.values())
    assert len(set(paths)) == len(paths)
    assert {_with_samples(t) for t in SERVED} == set(paths)


@pytest.mark.parametrize("name", sorted(URL_BUILDER_PATHS))
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_every_url_builder_path_answers(client: Client, name: str, method: str) -> None:
    """Every path ``Urls`` spells answers with a success or a redirect, never a 404."""
    response = client.request(method, URL_BUILDER_PATHS[name], follow_redirects=False)
    assert 200 <= response.status_code < 400, (name, response.status_code)


@pytest.mark.parametrize(
    "path", [HIDDEN_SCHEMA_PATH, HIDDEN_SCHEMA_PATH + "/openapi.json", HIDDEN_SCHEMA_PATH + "/x"]
)
def test_litestar_s_own_schema_routes_are_hidden(client: Client, path: str) -> None:
    """The routes left out above are Litestar's schema pages, which answer 404 on purpose."""
    assert 404 == client.get(path).status_code


def test_absolute_urls_are_under_the_base_url() -> None:
    """``url`` prefixes the base URL; ``feed`` gives the URL and its webcal form.

    ``https`` is the deprecated alias of ``url``: the same value, http where the base URL is.
    """
    urls = Urls("https://pemilu.example/api")
    assert "https://pemilu.example/api/v1/now?tz=Asia/Jakarta" == urls.url(
        "/v1/now?tz=Asia/Jakarta"
    )
    assert Link(
        url="https://pemilu.example/api/v1/calendar.ics",
        webcal="webcal://pemilu.example/api/v1/calendar.ics",
        https="https://pemilu.example/api/v1/calendar.ics",
    ) == urls.feed(Urls.all_feed)
    assert Link(
        url="http://127.0.0.1:8000/v1/regions/33.05/calendar.ics",
        webcal="webcal://127.0.0.1:8000/v1/regions/33.05/calendar.ics",
        https="http://127.0.0.1:8000/v1/regions/33.05/calendar.ics",
    ) == Urls("http://127.0.0.1:8000").feed(Urls.region_feed("33.05"))


def test_a_page_of_the_change_log_keeps_since_and_a_chosen_limit() -> None:
    """The next link of /v1/changes: since as written (encoded), after, limit when chosen."""
    assert "/v1/changes?since=2026-01-01T00%3A00%3A00%2B07%3A00&after=pemilu-2024.2&limit=5" == (
        Urls.changes_page("2026-01-01T00:00:00+07:00", "pemilu-2024.2", 5)
    )
    assert "/v1/changes?after=pemilu-2024.2" == Urls.changes_page(None, "pemilu-2024.2", None)


@pytest.mark.parametrize(
    ("base", "path", "webcal"),
    [
        ("https://pemilu.example", "/v1/calendar.ics", "webcal://pemilu.example/v1/calendar.ics"),
        ("http://127.0.0.1:8000", "/v1/regions/33.05/calendar.ics?lang=en", None),
        # Only the scheme is replaced, even where the address holds "://" again.
        ("https://a.example/x://y", "/v1/calendar.ics?from=http://b", None),
    ],
)
def test_a_feed_s_webcal_form_replaces_only_the_scheme(
    base: str, path: str, webcal: str | None
) -> None:
    """webcal:// then everything after the first "://" of the URL; url and https are the URL."""
    url = base + path
    expected = webcal or "webcal://" + url.partition("://")[2]
    assert Link(url=url, webcal=expected, https=url) == Urls(base).feed(path)
