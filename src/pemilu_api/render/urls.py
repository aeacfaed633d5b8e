"""Every path the service answers, and absolute URLs under the configured public base URL.

The one place that spells a route: JSON links, feeds, pages, the export and the nginx
configuration all build their addresses here, so a route moves in one edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlencode

import msgspec

# The data's licence (CC BY 4.0): named by JSON, feeds, headers and the OpenAPI document.
DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


class Link(msgspec.Struct, frozen=True, kw_only=True):
    """A feed's address in both forms calendar apps take.

    Attributes:
        url: The feed's URL under the service's base URL (https in production)
        webcal: The same feed as a webcal:// URL, which calendar apps open as a subscription
        https: Deprecated: the same value as url, kept for v1 clients; its name promised https,
            but it holds an http:// address wherever the base URL is http

    """

    url: str
    webcal: str
    https: str


@dataclass(frozen=True)
class Urls:
    """Paths of every resource, and absolute URLs under ``base_url`` (never the request's Host)."""

    base_url: str

    home: ClassVar[str] = "/"
    regions_page: ClassVar[str] = "/regions"
    docs: ClassVar[str] = "/docs"
    openapi: ClassVar[str] = "/openapi.json"
    health: ClassVar[str] = "/health"
    elections: ClassVar[str] = "/v1/elections"
    changes: ClassVar[str] = "/v1/changes"
    changes_atom: ClassVar[str] = "/v1/changes.atom"
    now: ClassVar[str] = "/v1/now"
    regions: ClassVar[str] = "/v1/regions"
    all_feed: ClassVar[str] = "/v1/calendar.ics"
    robots: ClassVar[str] = "/robots.txt"
    sitemap: ClassVar[str] = "/sitemap.xml"
    favicon: ClassVar[str] = "/favicon.ico"
    icon_svg: ClassVar[str] = "/icon.svg"
    icon_png: ClassVar[str] = "/icon.png"
    problems: ClassVar[str] = "/problems"
    api_root: ClassVar[str] = "/v1"

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` (a path with any query)."""
        return f"{self.base_url}{path}"

    def feed(self, path: str) -> Link:
        """A feed's absolute URL in https (or the configured scheme) and webcal forms."""
        url = self.url(path)
        return Link(url=url, webcal="webcal://" + url.split("://", 1)[1], https=url)

    @classmethod
    def changes_page(cls, since: str | None, after: str, limit: int | None) -> str:
        """The path and query of a page of the change log: entries after ``after``."""
        query = {"since": since, "after": after, "limit": limit}
        return f"{cls.changes}?{urlencode({k: v for k, v in query.items() if v is not None})}"

    @staticmethod
    def election(election_id: str) -> str:
        """The path of an election resource."""
        return f"/v1/elections/{election_id}"

    @staticmethod
    def stages(election_id: str) -> str:
        """The path of an election's stage list."""
        return f"/v1/elections/{election_id}/stages"

    @staticmethod
    def stage(election_id: str, stage_id: str) -> str:
        """The path of a stage resource."""
        return f"/v1/elections/{election_id}/stages/{stage_id}"

    @staticmethod
    def region(code: str) -> str:
        """The path of a region resource."""
        return f"/v1/regions/{code}"

    @staticmethod
    def election_feed(election_id: str) -> str:
        """The path of an election's iCalendar feed."""
        return f"/v1/elections/{election_id}/calendar.ics"

    @staticmethod
    def region_feed(code: str) -> str:
        """The path of a region's iCalendar feed."""
        return f"/v1/regions/{code}/calendar.ics"

    @staticmethod
    def election_page(election_id: str) -> str:
        """The path of an election's page."""
        return f"/elections/{election_id}"

    @staticmethod
    def region_page(code: str) -> str:
        """The path of a region's page."""
        return f"/regions/{code}"

    @staticmethod
    def election_embed(election_id: str) -> str:
        """The path of an election's embeddable card."""
        return f"/embed/elections/{election_id}"

    @staticmethod
    def region_embed(code: str) -> str:
        """The path of a region's embeddable card."""
        return f"/embed/regions/{code}"

    @staticmethod
    def problem(slug: str) -> str:
        """The path of the page that explains a kind of problem (a problem document's type)."""
        return f"/problems/{slug}"

    @staticmethod
    def docs_asset(name: str) -> str:
        """The path of one file of the documentation page."""
        return f"/docs/{name}"
