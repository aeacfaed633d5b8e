"""``/``: every election's timeline, the region picker, subscription and API links."""

from __future__ import annotations

from pemilu_api.domain.dataset import Dataset
from pemilu_api.render.ics import feed_query
from pemilu_api.render.language import PAGE_WORDS, Lang, short_name
from pemilu_api.render.pages.blocks import (
    Feed,
    api_section,
    newest_first,
    picker,
    subscribe_block,
    timeline_block,
    voting_meta,
)
from pemilu_api.render.pages.document import document, esc, href
from pemilu_api.render.urls import Urls


def home_page(dataset: Dataset, urls: Urls, lang: Lang) -> str:
    """``/``: every election's timeline, the region picker, subscription and API links."""
    words = PAGE_WORDS[lang]
    sections = []
    for election in newest_first(dataset.elections):
        name = short_name(election)
        query = feed_query(lang, key_only=False)
        feed_path = urls.election_feed(election.id)
        feed = urls.feed(feed_path + query)
        sections.append(
            f'<section class="election" aria-labelledby="e-{election.id}">\n'
            f'<h3 id="e-{election.id}">{esc(name)}: {esc(election.name.get(lang))}</h3>\n'
            f'<p class="meta">{voting_meta(election, lang)}</p>\n'
            f"{timeline_block(election, election.stages, lang, list_open=False, detailed=False)}\n"
            f"<p>{esc(words.calendar_of.format(name=name))}: "
            f'<a class="feed-webcal nowrap" href="{esc(feed.webcal)}">'
            f"{esc(words.subscribe_short)}</a> · "
            f'<a class="feed-download nowrap" '
            f'href="{esc(feed_path + query)}" '
            f'download="{election.id}{".en" if lang == "en" else ""}.ics">'
            f"{esc(words.download_short)}</a> · "
            f'<a href="{href(Urls.election_page(election.id), lang)}">'
            f"{esc(words.election_page.format(name=name))}</a></p>\n"
            "</section>"
        )
    main = (
        f"<h1>{esc(words.home_title)}</h1>\n"
        f'<p class="lead">{esc(words.home_intro)}</p>\n'
        f'<section aria-labelledby="pick-h"><h2 id="pick-h">{esc(words.picker_heading)}</h2>\n'
        f"<p>{esc(words.picker_intro)}</p>\n{picker(dataset, lang)}\n"
        f'<p><a href="{href(Urls.regions_page, lang)}">{esc(words.all_provinces)}</a></p></section>\n'
        f'<h2 id="elections">{esc(words.elections_heading)}</h2>\n'
        + "\n".join(sections)
        + "\n"
        + subscribe_block(Feed(urls.all_feed, words.subscribe_all, "pemilu-api", "all"), lang, urls)
        + "\n"
        + api_section(lang, [Urls.elections, Urls.regions])
    )
    return document(
        lang=lang,
        path=Urls.home,
        title=words.home_title,
        description=words.tagline,
        crumbs=(),
        main=main,
        urls=urls,
        canonical=False,
    )
