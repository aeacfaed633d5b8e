"""The API's root document (``GET /v1``): where every collection, feed and description lives."""

from __future__ import annotations

import datetime as dt

from pemilu_api import __version__
from pemilu_api.render.json_resources import Out
from pemilu_api.render.urls import DATA_LICENSE_URL, Link, Urls

CODE_LICENSE = "MIT"


class RootLinks(Out, frozen=True, kw_only=True):
    """Where the API's resources live.

    Attributes:
        self: This document
        elections: Every election (filters: from, to, kind, region)
        changes: The change log of every election, a page at a time
        changes_feed: The change log as an Atom feed
        now: What is happening now, or at an instant
        regions: Provinces and kabupaten/kota
        calendar: Every election's stages as one iCalendar feed
        openapi: The OpenAPI 3.1 document describing this API
        docs: The interactive documentation
        problems: The pages explaining each kind of problem document
        health: Liveness and the loaded data revision
        pages: The pages for people, in Indonesian and English
        license: The data's licence, CC BY 4.0

    """

    self: str
    elections: str
    changes: str
    changes_feed: str
    now: str
    regions: str
    calendar: Link
    openapi: str
    docs: str
    problems: str
    health: str
    pages: str
    license: str


class ApiRoot(Out, frozen=True, kw_only=True):
    """The root of version 1 of the API.

    Attributes:
        name: The service's name
        version: The server's version
        revision: The revision of the data it serves
        data_license: The data's licence (reuse it freely, naming pemilu-api as the source)
        code_license: The code's licence
        links: Where every collection, feed and description lives

    """

    name: str
    version: str
    revision: dt.datetime
    data_license: str
    code_license: str
    links: RootLinks


def api_root(revision: dt.datetime, urls: Urls) -> ApiRoot:
    """The root document of API v1 under ``urls``."""
    return ApiRoot(
        name="pemilu-api",
        version=__version__,
        revision=revision,
        data_license="CC BY 4.0",
        code_license=CODE_LICENSE,
        links=RootLinks(
            self=urls.url(urls.api_root),
            elections=urls.url(urls.elections),
            changes=urls.url(urls.changes),
            changes_feed=urls.url(urls.changes_atom),
            now=urls.url(urls.now),
            regions=urls.url(urls.regions),
            calendar=urls.feed(urls.all_feed),
            openapi=urls.url(urls.openapi),
            docs=urls.url(urls.docs),
            problems=urls.url(urls.problems),
            health=urls.url(urls.health),
            pages=urls.url(urls.home),
            license=DATA_LICENSE_URL,
        ),
    )
