"""Every path the service answers, and absolute URLs under the configured public base URL.

The one place that spells a route: JSON links, feeds, pages, the export and the nginx
configuration all build their addresses here, so a route moves in one edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import msgspec


class Link(msgspec.Struct, frozen=True, kw_only=True):
    """A feed's address in both forms calendar apps take.

    Attributes:
        https: The feed's http(s) URL
        webcal: The same feed as a webcal:// URL, which calendar apps open as a subscription

    """

    https: str
    webcal: str


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
    now: ClassVar[str] = "/v1/now"
    regions: ClassVar[str] = "/v1/regions"
    all_feed: ClassVar[str] = "/v1/calendar.ics"
    robots: ClassVar[str] = "/robots.txt"
    sitemap: ClassVar[str] = "/sitemap.xml"
    favicon: ClassVar[str] = "/favicon.ico"
    icon_svg: ClassVar[str] = "/icon.svg"
    icon_png: ClassVar[str] = "/icon.png"

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` (a path with any query)."""
        return f"{self.base_url}{path}"

    def feed(self, path: str) -> Link:
        """A feed's absolute URL in https (or the configured scheme) and webcal forms."""
        url = self.url(path)
        return Link(https=url, webcal="webcal://" + url.split("://", 1)[1])

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
    def docs_asset(name: str) -> str:
        """The path of one file of the documentation page."""
        return f"/docs/{name}"
