"""RFC 8288 Link headers on JSON and feed responses, readable by browsers through CORS."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

LICENSE = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
DESCRIBED = '<http://127.0.0.1:8000/openapi.json>; rel="describedby"; type="application/json"'


@pytest.mark.parametrize(
    ("url", "calendar"),
    [
        ("/v1/elections", "/v1/calendar.ics"),
        ("/v1/elections/pemilu-2024", "/v1/elections/pemilu-2024/calendar.ics"),
        ("/v1/elections/pemilu-2024/stages?key=true", "/v1/elections/pemilu-2024/calendar.ics"),
        ("/v1/elections/pemilu-2024/stages/kampanye", "/v1/elections/pemilu-2024/calendar.ics"),
        ("/v1/changes", "/v1/calendar.ics"),
        ("/v1/now", "/v1/calendar.ics"),
        ("/v1/regions/33.05", "/v1/regions/33.05/calendar.ics"),
        ("/v1/regions", None),
        ("/health", None),
        ("/v1/calendar.ics", None),
        ("/v1/regions/33.05/calendar.ics?lang=en", None),
    ],
)
def test_link_header(client: TestClient[Litestar], url: str, calendar: str | None) -> None:
    """The links describedby and license everywhere; the matching feed as the text/calendar alternate."""
    response = client.get(url, headers={"Origin": "https://app.example"})
    assert response.status_code == 200
    links = response.headers["link"].split(", ")
    assert DESCRIBED in links
    assert LICENSE in links
    alternate = [link for link in links if 'rel="alternate"' in link]
    if calendar is None:
        assert alternate == []
    else:
        assert alternate == [
            f'<http://127.0.0.1:8000{calendar}>; rel="alternate"; type="text/calendar"'
        ]
    assert "Link" in response.headers["access-control-expose-headers"].split(", ")


def test_304_keeps_the_link(client: TestClient[Litestar]) -> None:
    """A revalidation answers with the same Link."""
    first = client.get("/v1/elections")
    again = client.get("/v1/elections", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["link"] == first.headers["link"]
