"""What search engines and link previews read: social tags, schema.org events, robots and sitemap.

Pure functions of the data and the base URL, like the pages. The JSON-LD describes each election
as a schema.org ``Event`` on its voting day: ``EventRescheduled`` with ``previousStartDate`` when
the change log moved the voting day since first publication, and a cancelled voting round as an
``Event`` with ``EventCancelled``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.history import first_published
from pemilu_api.domain.models import Election, Region, Stage
from pemilu_api.render.language import LANGS, PAGE_WORDS, Lang, lang_query, short_name
from pemilu_api.render.urls import Urls

ICON_PNG_SIZE = 512
KPU = {"@type": "Organization", "name": "Komisi Pemilihan Umum (KPU)"}
OG_LOCALE: dict[Lang, str] = {"id": "id_ID", "en": "en_US"}


def social_tags(
    urls: Urls, path: str, lang: Lang, title: str, description: str, *, kind: str = "website"
) -> str:
    """Open Graph and Twitter card tags (title, description, address, icon as the image)."""
    words = PAGE_WORDS[lang]
    other: Lang = "en" if lang == "id" else "id"
    pairs = (
        ("property", "og:type", kind),
        ("property", "og:site_name", words.site),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", urls.url(path + lang_query(lang))),
        ("property", "og:locale", OG_LOCALE[lang]),
        ("property", "og:locale:alternate", OG_LOCALE[other]),
        ("property", "og:image", urls.url(Urls.icon_png)),
        ("property", "og:image:width", str(ICON_PNG_SIZE)),
        ("property", "og:image:height", str(ICON_PNG_SIZE)),
        ("property", "og:image:alt", words.site),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    )
    return "".join(
        f'<meta {attr}="{name}" content="{escape(value, quote=True)}">\n'
        for attr, name, value in pairs
    )


def main_voting(election: Election) -> Stage | None:
    """The voting stage on the election's voting day (not a cancelled round), if any."""
    if election.voting_day is None:
        return None
    for stage in election.stages:
        if (
            stage.category == "voting"
            and stage.status != "cancelled"
            and stage.first_day == election.voting_day
        ):
            return stage
    return None


def _when(day: dt.date, stage: Stage | None, zone: str | None, edge: str) -> str:
    """A day, or with the stage's hours in the region's zone a date-time with its offset."""
    if stage is None or stage.hours is None or zone is None:
        return day.isoformat()
    moment = stage.hours.start if edge == "start" else stage.hours.end
    return dt.datetime.combine(day, moment, ZoneInfo(zone)).isoformat()


def _place(region: Region | None, province: Region | None) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "ID"}
    if region is None:
        return {"@type": "Place", "name": "Indonesia", "address": address}
    if province is not None:
        address["addressRegion"] = province.name
    if region.level != "provinsi":
        address["addressLocality"] = region.name
    return {"@type": "Place", "name": region.name, "address": address}


def election_events(
    election: Election,
    urls: Urls,
    lang: Lang,
    *,
    region: Region | None = None,
    province: Region | None = None,
    stages: Sequence[Stage] | None = None,
) -> list[dict[str, Any]]:
    """The election as a schema.org Event on its voting day, and its cancelled voting rounds.

    None when the election has no voting day yet (announced, not scheduled).
    """
    if election.voting_day is None:
        return []
    words = PAGE_WORDS[lang]
    chosen = election.stages if stages is None else stages
    zone = region.time_zone if region is not None else None
    voting = main_voting(election)
    page = urls.url(Urls.election_page(election.id) + lang_query(lang))
    place = _place(region, province)
    event: dict[str, Any] = {
        "@type": "Event",
        "name": f"{short_name(election)}: {election.name.get(lang)}",
        "description": words.voting_on.format(date=election.voting_day.isoformat()),
        "startDate": _when(election.voting_day, voting, zone, "start"),
        "endDate": _when(election.voting_day, voting, zone, "end"),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "organizer": KPU,
        "url": page,
        "inLanguage": lang,
    }
    if voting is not None:
        before = first_published(election).get(voting.id)
        if before is not None and before.start is not None and before.start != voting.first_day:
            event["eventStatus"] = "https://schema.org/EventRescheduled"
            event["previousStartDate"] = _when(before.start, voting, zone, "start")
    events = [event]
    for stage in chosen:
        first = stage.first_day
        if stage.category == "voting" and stage.status == "cancelled" and first is not None:
            events.append(
                {
                    "@type": "Event",
                    "name": f"{short_name(election)}: {stage.name.get(lang)}",
                    "startDate": _when(first, stage, zone, "start"),
                    "eventStatus": "https://schema.org/EventCancelled",
                    "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                    "location": place,
                    "organizer": KPU,
                    "url": page,
                    "superEvent": {"@type": "Event", "name": event["name"], "url": page},
                }
            )
    return events


def json_ld(events: Sequence[dict[str, Any]]) -> str:
    """A schema.org JSON-LD data block ("" when there is nothing to say)."""
    if not events:
        return ""
    document = {"@context": "https://schema.org", "@graph": list(events)}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    # A data block is not executed (the CSP does not apply), but "</script" must not end it early.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>\n'


def page_paths(dataset: Dataset) -> list[tuple[str, dt.datetime]]:
    """Every public page's path with its last modification (the sitemap's entries)."""
    revision = dataset.revision
    paths: list[tuple[str, dt.datetime]] = [(Urls.home, revision), (Urls.regions_page, revision)]
    paths += [(Urls.election_page(e.id), e.revision) for e in dataset.elections]
    paths += [(Urls.region_page(code), revision) for code in sorted(dataset.regions)]
    return paths


def sitemap_xml(dataset: Dataset, urls: Urls) -> str:
    """sitemap.xml: every page in both languages, each naming its alternates."""
    entries: list[str] = []
    for path, modified in page_paths(dataset):
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" '
            f'href="{escape(urls.url(path + lang_query(code)))}"/>'
            for code in LANGS
        ) + (f'<xhtml:link rel="alternate" hreflang="x-default" href="{escape(urls.url(path))}"/>')
        lastmod = modified.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        entries.extend(
            f"<url><loc>{escape(urls.url(path + lang_query(code)))}</loc>"
            f"<lastmod>{lastmod}</lastmod>{alternates}</url>"
            for code in LANGS
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n"
    )


def robots_txt(urls: Urls) -> str:
    """robots.txt: everything may be crawled except the API and embeds; where the sitemap is."""
    return (
        "User-agent: *\n"
        "Allow: /\n"
        "Disallow: /v1/\n"
        "Disallow: /embed/\n"
        f"\nSitemap: {urls.url(Urls.sitemap)}\n"
    )
