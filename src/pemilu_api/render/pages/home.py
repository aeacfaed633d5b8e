"""``/``: where things stand, the region picker, the current (or next) election in full, the rest."""

from __future__ import annotations

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.models import Election
from pemilu_api.render.ics import feed_query
from pemilu_api.render.language import PAGE_WORDS, Lang, format_day, short_name
from pemilu_api.render.pages.blocks import (
    Feed,
    api_section,
    election_list,
    election_section,
    featured_and_others,
    picker,
    subscribe_block,
)
from pemilu_api.render.pages.document import document, esc, href
from pemilu_api.render.pages.seo import election_events, json_ld
from pemilu_api.render.pages.status import status_block, status_section
from pemilu_api.render.urls import Urls


def _feed_links(election: Election, lang: Lang, urls: Urls) -> str:
    """The election's own feed: subscribe and download links."""
    words = PAGE_WORDS[lang]
    query = feed_query(lang, key_only=False)
    feed_path = urls.election_feed(election.id)
    feed = urls.feed(feed_path + query)
    return (
        f'<a class="feed-webcal nowrap" href="{esc(feed.webcal)}">'
        f"{esc(words.subscribe_short)}</a> · "
        f'<a class="feed-download nowrap" href="{esc(feed_path + query)}" '
        f'download="{election.id}{".en" if lang == "en" else ""}.ics">'
        f"{esc(words.download_short)}</a>"
    )


def home_page(dataset: Dataset, urls: Urls, lang: Lang) -> str:
    """``/``: where things stand, the picker, one election in full, the others listed."""
    words = PAGE_WORDS[lang]
    today = dataset.revision.date()
    first, others = featured_and_others(dataset.elections, today)
    parts = [f"<h1>{esc(words.home_title)}</h1>"]
    if first is not None:
        parts.append(
            status_section(
                [status_block(first, first.stages, lang, today, heading=True)], lang, today
            )
        )
    parts.append(
        f'<p class="lead">{esc(words.home_intro)}</p>\n'
        f'<p class="actions"><a class="button" href="#feed-all-h">{esc(words.subscribe)}</a></p>\n'
        f'<section aria-labelledby="pick-h"><h2 id="pick-h">{esc(words.picker_heading)}</h2>\n'
        f"<p>{esc(words.picker_intro)}</p>\n{picker(dataset, lang)}\n"
        f'<p><a href="{href(Urls.regions_page, lang)}">{esc(words.all_provinces)}</a></p></section>'
    )
    if first is not None:
        calendar = words.calendar_of.format(name=short_name(first))
        parts.append(
            election_section(
                first,
                first.stages,
                lang,
                after=f"<p>{esc(calendar)}: {_feed_links(first, lang, urls)}</p>\n",
            )
        )
    if others:
        parts.append(
            election_list(
                others,
                lang,
                lambda e: f'<br><span class="small">{_feed_links(e, lang, urls)}</span>',
            )
        )
    parts.append(
        subscribe_block(Feed(urls.all_feed, words.subscribe_all, "pemilu-api", "all"), lang, urls)
    )
    parts.append(api_section(lang, [Urls.elections, Urls.regions]))
    return document(
        lang=lang,
        path=Urls.home,
        title=words.home_title,
        description=home_description(first, lang),
        crumbs=(),
        main="\n".join(parts),
        urls=urls,
        head=json_ld(election_events(first, urls, lang)) if first is not None else "",
    )


def home_description(first: Election | None, lang: Lang) -> str:
    """The site, and the featured election with its voting day."""
    words = PAGE_WORDS[lang]
    if first is None:
        return words.description_home.format(next="")
    name = short_name(first)
    if first.voting_day is None:
        told = words.status_announced.format(name=name)
    else:
        told = f"{name}: {words.voting_on.format(date=format_day(first.voting_day, lang))}."
    return words.description_home.format(next=told)
