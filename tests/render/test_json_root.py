"""The root document of API v1: every link under the base URL, the licences and the versions."""

from __future__ import annotations

import datetime as dt

from pemilu_api import __version__
from pemilu_api.render.json_root import ApiRoot, RootLinks, api_root
from pemilu_api.render.urls import Link, Urls

BASE = "http://pemilu.example:8080"
REVISION = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def test_the_root_names_the_service_its_licences_and_every_link() -> None:
    """Each link is its route under the base URL; the calendar in its three forms."""
    expected = ApiRoot(
        name="pemilu-api",
        version=__version__,
        revision=REVISION,
        data_license="CC BY 4.0",
        code_license="MIT",
        links=RootLinks(
            self=f"{BASE}/v1",
            elections=f"{BASE}/v1/elections",
            changes=f"{BASE}/v1/changes",
            changes_feed=f"{BASE}/v1/changes.atom",
            now=f"{BASE}/v1/now",
            regions=f"{BASE}/v1/regions",
            calendar=Link(
                url=f"{BASE}/v1/calendar.ics",
                webcal="webcal://pemilu.example:8080/v1/calendar.ics",
                https=f"{BASE}/v1/calendar.ics",
            ),
            openapi=f"{BASE}/openapi.json",
            docs=f"{BASE}/docs",
            problems=f"{BASE}/problems",
            health=f"{BASE}/health",
            pages=f"{BASE}/",
            license="https://creativecommons.org/licenses/by/4.0/",
        ),
    )
    assert expected == api_root(REVISION, Urls(BASE))
