"""``/embed/elections/{id}`` and ``/embed/regions/{code}``: a small card other sites may frame.

The next (or last) voting day with its weekday and local hours, where things stand (the stage
under way and the days left, corrected for today by the same page script), a subscribe link and a
link back. Its own small stylesheet; nothing from another host, no cookies; the script tells the
framing page the card's height (postMessage). Any site may frame it (``frame-ancestors *``);
search engines are asked not to index it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pemilu_api.domain.models import Election, Region, Stage
from pemilu_api.render.ics import feed_query
from pemilu_api.render.language import PAGE_WORDS, ZONE_ABBR, Lang, lang_query, short_name
from pemilu_api.render.pages.document import SCRIPT, _asset, csp_hash, date_html, esc
from pemilu_api.render.pages.status import status_block, status_section, voting_hours
from pemilu_api.render.urls import Urls

EMBED_STYLE = _asset("embed.css")
EMBED_CSP = (
    f"default-src 'none'; style-src {csp_hash(EMBED_STYLE)}; script-src {csp_hash(SCRIPT)}; "
    "img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors *"
)
# The height the snippet gives the frame before the card reports its own.
FRAME_HEIGHT = 240


def embed_card(
    election: Election | None,
    stages: Sequence[Stage],
    urls: Urls,
    lang: Lang,
    today: dt.date,
    *,
    region: Region | None = None,
    feed_path: str,
    back_path: str,
) -> str:
    """The card for ``election`` (in ``region``, with its local hours), as a whole document.

    A region that holds no election in the data gets a card saying so.
    """
    words = PAGE_WORDS[lang]
    zone = ZONE_ABBR.get(region.time_zone, region.time_zone) if region is not None else None
    where = f" · {region.name}" if region is not None else ""
    back = urls.url(back_path + lang_query(lang))
    if election is None:
        title = f"{region.name if region is not None else ''} · {words.site}"
        main = (
            f'<p class="kicker">{esc(where.removeprefix(" · "))}</p>\n'
            f"<p>{esc(words.region_no_elections)}</p>\n"
            f'<p><a href="{esc(back)}" target="_blank" rel="noopener">{esc(words.site)}</a></p>'
        )
        return _card(lang, title, main)
    name = short_name(election)
    if election.voting_day is not None:
        day = f"{esc(words.election_voting_day)}: {date_html(election.voting_day, lang)}"
        hours = voting_hours(election, stages, lang, zone)
    else:
        # The status below says that KPU has set no schedule; the heading names the election.
        day = esc(election.name.get(lang))
        hours = ""
    feed = urls.feed(feed_path + feed_query(lang, key_only=False))
    status = status_section([status_block(election, stages, lang, today, zone=zone)], lang, today)
    main = (
        f'<p class="kicker">{esc(name)}{esc(where)}</p>\n'
        f"<h1>{day}</h1>\n"
        + (f'<p class="hours">{esc(hours)}</p>\n' if hours else "")
        + f"{status}\n"
        f'<p class="links"><a class="button" href="{esc(feed.webcal)}" target="_blank" '
        f'rel="noopener">{esc(words.subscribe)}</a> '
        f'<a href="{esc(back)}" target="_blank" rel="noopener">'
        f"{esc(words.embed_back.format(name=name))}</a></p>\n"
        f'<p class="small muted">{esc(words.embed_source.format(site=words.site))}</p>'
    )
    return _card(lang, f"{name}{where} · {words.site}", main)


def _card(lang: Lang, title: str, main: str) -> str:
    return (
        "<!doctype html>\n"
        f'<html lang="{lang}" data-embed="">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="icon" href="{Urls.icon_svg}" type="image/svg+xml">\n'
        f"<style>{EMBED_STYLE}</style>\n</head>\n<body>\n"
        f"<main>\n{main}\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def embed_snippet(urls: Urls, embed_path: str, lang: Lang, title: str, ident: str) -> str:
    """The section offering the iframe code for the card at ``embed_path``, with a copy button."""
    words = PAGE_WORDS[lang]
    src = urls.url(embed_path + lang_query(lang))
    # With its slash, so the address reads as one (the origin compared is without it).
    origin = urls.url("/")
    # No style attribute (the pages' CSP forbids them): the snippet's script removes the frame's
    # border and sets its height from the card's message.
    code = (
        f'<iframe src="{src}" title="{title}" width="100%" height="{FRAME_HEIGHT}" '
        'loading="lazy"></iframe>\n'
        "<script>(function(){var o=" + f'"{origin}";'
        'function each(f){document.querySelectorAll("iframe").forEach(function(e){'
        'if(e.src.indexOf(o+"embed/")===0)f(e)})}'
        'each(function(e){e.style.border="0";e.style.maxWidth="36rem"});'
        'addEventListener("message",function(m){'
        'if(m.origin+"/"!==o||!m.data||m.data.type!=="pemilu-api:height")return;'
        'each(function(e){if(e.contentWindow===m.source)e.style.height=m.data.height+"px"})})'
        "})();</script>"
    )
    area = f"embed-{ident}"
    status = f"{area}-status"
    return (
        f'<section class="embed-offer" aria-labelledby="{area}-h">\n'
        f'<h2 id="{area}-h">{esc(words.embed_heading)}</h2>\n'
        f"<p>{esc(words.embed_intro)} "
        f'<a href="{esc(embed_path + lang_query(lang))}">{esc(words.embed_preview)}</a></p>\n'
        f'<label for="{area}">{esc(words.embed_code)}</label>\n'
        f'<textarea id="{area}" class="embed-code" rows="5" readonly spellcheck="false">'
        f"{esc(code)}</textarea>\n"
        f'<p><button type="button" hidden data-copy="{area}" data-status="{status}" '
        f'data-done="{esc(words.copied_code)}" data-fail="{esc(words.copy_failed)}">'
        f"{esc(words.copy_code)}</button></p>\n"
        f'<p class="status" id="{status}" role="status"></p>\n'
        "</section>"
    )
