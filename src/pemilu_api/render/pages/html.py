"""The public HTML pages: pure functions of the data, the base URL and the language.

Nothing here reads the clock, the request or the host, so a page's bytes (and ETag) change only
with the data, and a page can be exported as a static file. The one stylesheet and the one script
are inlined and allowed by their sha256 hashes in :data:`PAGE_CSP` (computed at import time), so
responses stay byte-identical (a nonce would change every response).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.models import Election, Region, Stage
from pemilu_api.domain.regions import contests_in, stage_applies
from pemilu_api.render.ics import feed_query
from pemilu_api.render.language import (
    CATEGORY_NAMES,
    LEVEL_NAMES,
    PAGE_WORDS,
    ZONE_ABBR,
    Lang,
    format_date,
    format_time,
    lang_query,
    other_lang,
    short_name,
)
from pemilu_api.render.pages.timeline import Node, stage_tree, timeline_svg
from pemilu_api.render.urls import Urls


def _asset(name: str) -> str:
    return (resources.files("pemilu_api.render.pages") / name).read_text("utf-8")


def csp_hash(source: str) -> str:
    """The CSP source expression allowing an inline element whose text is exactly ``source``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


STYLE = _asset("page.css")
SCRIPT = _asset("page.js")
# Only our own inline style and script (by hash), fetches to this origin (the region picker
# reads /v1/regions), forms to this origin, no plugins, frames, base rewriting or framing.
PAGE_CSP = (
    f"default-src 'none'; style-src {csp_hash(STYLE)}; script-src {csp_hash(SCRIPT)}; "
    "img-src data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def esc(text: str) -> str:
    """Text escaped for HTML content and attribute values."""
    return escape(text, quote=True)


def href(path: str, lang: Lang) -> str:
    """A same-origin link to a page in ``lang``."""
    return esc(path + lang_query(lang))


def _date(day: dt.date, lang: Lang) -> str:
    return f'<time datetime="{day.isoformat()}">{esc(format_date(day, lang))}</time>'


# ----------------------------------------------------------------------------------------------
# The document around every page


@dataclass(frozen=True)
class Crumb:
    """One step of the breadcrumb trail; the current page has no link."""

    label: str
    path: str | None


def document(
    *,
    lang: Lang,
    path: str,
    title: str,
    description: str,
    crumbs: Sequence[Crumb],
    main: str,
    urls: Urls,
    canonical: bool = True,
) -> str:
    """A whole page: head (inline style), header with the language switch, main, footer.

    An error page (``canonical=False``) is kept out of search indexes instead.
    """
    words = PAGE_WORDS[lang]
    other = other_lang(lang)
    alternates = "".join(
        f'<link rel="alternate" hreflang="{code}" href="{esc(urls.url(path + lang_query(code)))}">\n'
        for code in ("id", "en")
    )
    head_links = (
        f'<link rel="canonical" href="{esc(urls.url(path + lang_query(lang)))}">\n{alternates}'
        if canonical
        else '<meta name="robots" content="noindex">\n'
    )
    trail = ""
    if crumbs:
        items = "".join(
            f'<li><a href="{href(c.path, lang)}">{esc(c.label)}</a></li>'
            if c.path is not None
            else f'<li aria-current="page">{esc(c.label)}</li>'
            for c in crumbs
        )
        trail = f'<nav class="crumbs wrap" aria-label="{esc(words.breadcrumb)}"><ol>{items}</ol></nav>\n'
    return (
        "<!doctype html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · {esc(words.site)}</title>\n"
        f'<meta name="description" content="{esc(description)}">\n'
        f"{head_links}"
        # An empty icon: browsers would otherwise fetch /favicon.ico on every first visit.
        '<link rel="icon" href="data:,">\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<a class="skip" href="#main">{esc(words.skip)}</a>\n'
        '<header class="site"><div class="wrap">\n'
        f'<p class="brand"><a href="{href(Urls.home, lang)}">{esc(words.site)}</a>'
        f'<span class="tagline">{esc(words.tagline)}</span></p>\n'
        f'<nav aria-label="{esc(words.switch_label)}"><p class="lang-switch">'
        f'<a href="{href(path, other)}" hreflang="{other}" lang="{other}">'
        f"{esc(words.other_lang_name)}</a></p></nav>\n"
        "</div></header>\n"
        f"{trail}"
        f'<main id="main" class="wrap">\n{main}\n</main>\n'
        f'<footer class="site"><div class="wrap">\n<p>{esc(words.data_note)}</p>\n'
        f'<ul><li><a href="{Urls.elections}">{esc(words.api_json.format(path=Urls.elections))}</a></li>'
        f'<li><a href="{Urls.docs}">{esc(words.api_docs)}</a></li>'
        f'<li><a href="{Urls.openapi}">{esc(words.api_openapi)}</a></li>'
        f'<li><a href="{href(Urls.regions_page, lang)}">{esc(words.all_provinces)}</a></li></ul>\n'
        "</div></footer>\n"
        f"<script>{SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )


# ----------------------------------------------------------------------------------------------
# Parts


def legend(lang: Lang) -> str:
    """The legend of the timeline picture (swatches are decorative, the words carry the meaning)."""
    words = PAGE_WORDS[lang]
    cats = CATEGORY_NAMES[lang]
    phases = (
        ("prep", f"{cats['preparation']}, {cats['voters'].lower()}, {cats['candidacy'].lower()}"),
        ("camp", f"{cats['campaign']}, {cats['quiet-period'].lower()}"),
        ("vote", f"{cats['voting']}, {cats['counting'].lower()}"),
        ("result", f"{cats['results']}, {cats['inauguration'].lower()}"),
    )
    swatch = '<svg viewBox="0 0 26 14" aria-hidden="true" focusable="false">{}</svg>'
    bar = '<rect class="sw-{}" x="1" y="3" width="24" height="8"/>'
    items = [f"<li>{swatch.format(bar.format(cls))}{esc(text)}</li>" for cls, text in phases]
    items.append(
        "<li>"
        + swatch.format('<path class="sw-prep" d="M13 1L19 7L13 13L7 7Z"/>')
        + f"{esc(words.legend_day)}</li>"
    )
    items.append(
        "<li>"
        + swatch.format('<path class="sw-key" d="M13 2.5L17.5 7L13 11.5L8.5 7Z"/>')
        + f"{esc(words.legend_key)}</li>"
    )
    items.append(
        "<li>"
        + swatch.format(
            '<rect class="sw-band" x="0" y="0" width="26" height="14"/>'
            '<rect class="sw-prep" x="4" y="5" width="18" height="4"/>'
        )
        + f"{esc(words.legend_sub)}</li>"
    )
    items.append(
        "<li>"
        + swatch.format(
            '<rect class="sw-cancel" x="1" y="3" width="24" height="8"/>'
            '<line class="sw-strike" x1="0" x2="26" y1="7" y2="7"/>'
        )
        + f"{esc(words.legend_cancelled)}</li>"
    )
    items.append(
        "<li>"
        + swatch.format('<line class="sw-voting" x1="13" x2="13" y1="0" y2="14"/>')
        + f"{esc(words.legend_voting_day)}</li>"
    )
    items.append(
        "<li>"
        + swatch.format('<line class="sw-today" x1="13" x2="13" y1="0" y2="14"/>')
        + f"{esc(words.legend_today)}</li>"
    )
    return f'<ul class="legend" aria-label="{esc(words.legend)}">{"".join(items)}</ul>'


def _stage_item(node: Node, lang: Lang, zone: str | None, detailed: bool) -> str:
    stage = node.stage
    words = PAGE_WORDS[lang]
    name = esc(stage.name.get(lang))
    cancelled = stage.status == "cancelled"
    parts = [f'<li class="{"key" if stage.key else "stage"}">']
    parts.append(f'<span class="name">{f"<s>{name}</s>" if cancelled else name}</span>')
    first, last = stage.first_day, stage.last_day
    if first is not None and last is not None:
        when = (
            _date(first, lang) if first == last else f"{_date(first, lang)} – {_date(last, lang)}"
        )
    else:
        reason = stage.undated.get(lang) if stage.undated is not None else ""
        when = f"{esc(words.undated)}: {esc(reason)}"
    if stage.hours is not None and zone is not None:
        start, end = format_time(stage.hours.start, lang), format_time(stage.hours.end, lang)
        when += ", " + esc(words.hours_region.format(start=start, end=end, zone=zone))
    parts.append(f'<span class="when">{when}</span>')
    tags = [esc(CATEGORY_NAMES[lang][stage.category])]
    if stage.kind == "deadline":
        tags.append(esc(words.deadline))
    if stage.key:
        tags.append(f'<span class="badge key">{esc(words.key_date)}</span>')
    if cancelled:
        tags.append(f'<span class="badge cancelled">{esc(words.cancelled)}</span>')
    if detailed:
        tags.append(esc(f"{words.basis}: " + "; ".join(b.cite() for b in stage.basis)))
    parts.append(f'<span class="tags">{" · ".join(tags)}</span>')
    if detailed and stage.note is not None:
        parts.append(f'<span class="note">{esc(stage.note.get(lang))}</span>')
    if node.children:
        parts.append(stage_list(node.children, lang, zone, detailed))
    parts.append("</li>")
    return "".join(parts)


def stage_list(
    nodes: Sequence[Node], lang: Lang, zone: str | None = None, detailed: bool = False
) -> str:
    """The stages as nested ordered lists: the picture's text alternative."""
    items = "\n".join(_stage_item(n, lang, zone, detailed) for n in nodes)
    return f'<ol class="stages">\n{items}\n</ol>'


def timeline_block(
    election: Election,
    stages: Sequence[Stage],
    lang: Lang,
    *,
    list_open: bool,
    detailed: bool,
    zone: str | None = None,
) -> str:
    """The picture (scrollable on narrow screens), its legend, and the list of the same stages."""
    words = PAGE_WORDS[lang]
    name = short_name(election)
    ident = f"tl-{election.id}"
    svg = timeline_svg(election, stages, lang, ident)
    undated = sum(1 for s in stages if not s.dated)
    caption = legend(lang)
    if undated:
        text = words.timeline_undated_one if undated == 1 else words.timeline_undated
        caption += f"<p>{esc(text.format(count=undated))}</p>"
    parts = []
    if svg:
        region_label = esc(words.timeline_scroll.format(name=name))
        parts.append(
            f'<figure class="timeline-figure">\n'
            # Focusable so keyboard users can scroll the picture on narrow screens.
            f'<div class="scroll" tabindex="0" role="region" aria-label="{region_label}">\n'
            f"{svg}\n</div>\n<figcaption>{caption}</figcaption>\n</figure>"
        )
    count = words.stage_count_one if len(stages) == 1 else words.stage_count
    summary = f"{esc(words.stage_list.format(name=name))} ({esc(count.format(count=len(stages)))})"
    parts.append(
        f"<details{' open' if list_open else ''}><summary>{summary}</summary>\n"
        f"{stage_list(stage_tree(stages), lang, zone, detailed)}\n</details>"
    )
    return "\n".join(parts)


@dataclass(frozen=True)
class Feed:
    """A feed offered for subscription: its path, what it holds, and a download file name."""

    path: str
    what: str
    filename: str
    ident: str


def subscribe_block(feed: Feed, lang: Lang, urls: Urls, level: int = 2) -> str:
    """Subscription: webcal link, https address with a copy button, download, and how-tos."""
    words = PAGE_WORDS[lang]
    query = feed_query(lang, key_only=False)
    key_query = feed_query(lang, key_only=True)
    full = urls.feed(feed.path + query)
    key = urls.feed(feed.path + key_query)
    input_id = f"feed-{feed.ident}"
    status_id = f"{input_id}-status"
    heading = f"h{level}"
    sub = f"h{level + 1}"
    steps = (
        (words.google, words.google_steps),
        (words.apple, words.apple_steps),
        (words.outlook, words.outlook_steps),
    )
    how_to = "".join(
        f"<{sub}>{esc(app)}</{sub}><ol>{''.join(f'<li>{esc(s)}</li>' for s in app_steps)}</ol>"
        for app, app_steps in steps
    )
    filename = f"{feed.filename}{'.en' if lang == 'en' else ''}.ics"
    key_filename = f"{feed.filename}-key{'.en' if lang == 'en' else ''}.ics"
    return (
        f'<section class="subscribe" aria-labelledby="{input_id}-h">\n'
        f'<{heading} id="{input_id}-h">{esc(words.subscribe)}</{heading}>\n'
        f"<p>{esc(words.subscribe_intro)}</p>\n"
        f'<p><a class="button feed-webcal" href="{esc(full.webcal)}">{esc(words.webcal)}</a></p>\n'
        f'<div class="feed-field"><label for="{input_id}">'
        f"{esc(words.feed_url.format(what=feed.what))}</label>\n"
        f'<div class="copy-row"><input class="feed-https" id="{input_id}" type="text" readonly '
        f'value="{esc(full.https)}" spellcheck="false" autocomplete="off">'
        f'<button type="button" hidden data-copy="{input_id}" data-status="{status_id}" '
        f'data-done="{esc(words.copied)}" data-fail="{esc(words.copy_failed)}">'
        f"{esc(words.copy)}</button></div>\n"
        f'<p class="status" id="{status_id}" role="status"></p></div>\n'
        f'<p><a class="feed-download" href="{esc(feed.path + query)}" download="{filename}">'
        f"{esc(words.download)}</a></p>\n"
        f"<p>{esc(words.key_only_intro)} "
        f'<a class="feed-webcal nowrap" href="{esc(key.webcal)}">{esc(words.subscribe_short)}</a>'
        f' · <a class="feed-https nowrap" href="{esc(key.https)}">{esc(words.feed_link)}</a> · '
        f'<a class="feed-download nowrap" href="{esc(feed.path + key_query)}" '
        f'download="{key_filename}">{esc(words.download_short)}</a></p>\n'
        f'<details class="how-to"><summary>{esc(words.how_to)}</summary>\n{how_to}\n'
        f'<p class="small">{esc(words.refresh_note)}</p></details>\n'
        "</section>"
    )


def _provinces(dataset: Dataset) -> list[Region]:
    return sorted(
        (r for r in dataset.regions.values() if r.level == "provinsi"), key=lambda r: r.name
    )


def _places_in(dataset: Dataset, province: Region) -> list[Region]:
    return sorted(
        (
            r
            for r in dataset.regions.values()
            if r.province == province.code and r.level != "provinsi"
        ),
        key=lambda r: r.name,
    )


def _lang_field(lang: Lang) -> str:
    return "" if lang == "id" else f'<input type="hidden" name="lang" value="{lang}">'


def picker(dataset: Dataset, lang: Lang, selected: str | None = None) -> str:
    """The region picker: a province (and, with the script, its kabupaten/kota) then GET /regions.

    Without the script the form leads to the province's page, which lists its kabupaten/kota.
    """
    words = PAGE_WORDS[lang]
    options = "".join(
        f'<option value="{p.code}"{" selected" if p.code == selected else ""}>{esc(p.name)}</option>'
        for p in _provinces(dataset)
    )
    return (
        f'<form class="picker" id="region-picker" action="{Urls.regions_page}" method="get" '
        f'data-api="{Urls.regions}">\n'
        f"{_lang_field(lang)}"
        f'<div class="field"><label for="pick-province">{esc(words.province)}</label>'
        f'<select id="pick-province" name="province" required>'
        f'<option value="">{esc(words.choose_province)}</option>{options}</select></div>\n'
        f'<div class="field" id="pick-region-field" hidden><label for="pick-region">'
        f'{esc(words.regency)}</label><select id="pick-region" name="code">'
        f'<option value="">{esc(words.whole_province)}</option></select></div>\n'
        f'<button type="submit">{esc(words.show)}</button>\n</form>'
    )


def api_section(lang: Lang, paths: Sequence[str]) -> str:
    """Links to the JSON resources of the page and to the interactive API documentation."""
    words = PAGE_WORDS[lang]
    items = "".join(
        f'<li><a href="{esc(p)}">{esc(words.api_json.format(path=p))}</a></li>' for p in paths
    )
    return (
        f'<h2 id="api">{esc(words.api_heading)}</h2>\n<p>{esc(words.api_intro)}</p>\n'
        f'<ul>{items}<li><a href="{Urls.docs}">{esc(words.api_docs)}</a></li>'
        f'<li><a href="{Urls.openapi}">{esc(words.api_openapi)}</a></li></ul>'
    )


def _newest_first(elections: Sequence[Election]) -> list[Election]:
    return sorted(elections, key=lambda e: (e.voting_day, e.id), reverse=True)


# ----------------------------------------------------------------------------------------------
# Pages


def home_page(dataset: Dataset, urls: Urls, lang: Lang) -> str:
    """``/``: every election's timeline, the region picker, subscription and API links."""
    words = PAGE_WORDS[lang]
    sections = []
    for election in _newest_first(dataset.elections):
        name = short_name(election)
        query = feed_query(lang, key_only=False)
        feed_path = urls.election_feed(election.id)
        feed = urls.feed(feed_path + query)
        sections.append(
            f'<section class="election" aria-labelledby="e-{election.id}">\n'
            f'<h3 id="e-{election.id}">{esc(name)}: {esc(election.name.get(lang))}</h3>\n'
            f'<p class="meta">{esc(words.election_voting_day)}: '
            f"{_date(election.voting_day, lang)}</p>\n"
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


def election_page(election: Election, urls: Urls, lang: Lang) -> str:
    """``/elections/{id}``: one election's facts, timeline, list, subscription and change log."""
    words = PAGE_WORDS[lang]
    name = short_name(election)
    path = Urls.election_page(election.id)
    contests = "".join(f"<li>{esc(c.office.get(lang))}</li>" for c in election.contests)
    basis = "; ".join(b.cite() for b in election.basis)
    window = f"{_date(election.window.start, lang)} – {_date(election.window.end, lang)}"
    note = f'<p class="lead">{esc(election.note.get(lang))}</p>\n' if election.note else ""
    changes = "".join(
        f"<li>{_date(c.at.date(), lang)}: {esc(c.summary.get(lang))}</li>"
        for c in sorted(election.changes, key=lambda c: c.at, reverse=True)
    )
    main = (
        f"<h1>{esc(election.name.get(lang))}</h1>\n{note}"
        '<dl class="facts">'
        f"<dt>{esc(words.election_voting_day)}</dt><dd>{_date(election.voting_day, lang)}</dd>"
        f"<dt>{esc(words.election_window)}</dt><dd>{window}</dd>"
        f"<dt>{esc(words.contests)}</dt><dd><ul>{contests}</ul></dd>"
        f"<dt>{esc(words.basis)}</dt><dd>{esc(basis)}</dd></dl>\n"
        + subscribe_block(
            Feed(
                urls.election_feed(election.id),
                words.subscribe_election.format(name=name),
                election.id,
                election.id,
            ),
            lang,
            urls,
        )
        + f'\n<h2 id="timeline">{esc(words.timeline)}</h2>\n'
        + timeline_block(election, election.stages, lang, list_open=True, detailed=True)
        + f'\n<h2 id="changes">{esc(words.changes)}</h2>\n<ul>{changes}</ul>\n'
        + api_section(lang, [Urls.election(election.id), Urls.stages(election.id)])
    )
    return document(
        lang=lang,
        path=path,
        title=f"{name}: {election.name.get(lang)}",
        description=f"{words.timeline}: {election.name.get(lang)}",
        crumbs=(Crumb(words.home, Urls.home), Crumb(name, None)),
        main=main,
        urls=urls,
    )


def regions_page(dataset: Dataset, urls: Urls, lang: Lang) -> str:
    """``/regions``: the picker and every province as a link (the no-script way in)."""
    words = PAGE_WORDS[lang]
    items = "".join(
        f'<li><a href="{href(Urls.region_page(p.code), lang)}">{esc(p.name)}</a> '
        f'<span class="muted">({ZONE_ABBR.get(p.time_zone, p.time_zone)})</span></li>'
        for p in _provinces(dataset)
    )
    main = (
        f"<h1>{esc(words.regions_title)}</h1>\n<p>{esc(words.picker_intro)}</p>\n"
        f"{picker(dataset, lang)}\n"
        f'<h2 id="provinces">{esc(words.provinces_heading)}</h2>\n<p>{esc(words.regions_intro)}</p>\n'
        f'<ul class="columns">{items}</ul>'
    )
    return document(
        lang=lang,
        path=Urls.regions_page,
        title=words.regions_title,
        description=words.picker_intro,
        crumbs=(Crumb(words.home, Urls.home), Crumb(words.regions_title, None)),
        main=main,
        urls=urls,
    )


def region_page(dataset: Dataset, region: Region, urls: Urls, lang: Lang) -> str:
    """``/regions/{code}``: the elections held in a region, its feed, and (province) its places."""
    words = PAGE_WORDS[lang]
    province = dataset.regions[region.province]
    zone = ZONE_ABBR.get(region.time_zone, region.time_zone)
    path = Urls.region_page(region.code)
    level = LEVEL_NAMES[lang][region.level]
    held = [e for e in dataset.elections if e.id in dataset.elections_held_in(region.code)]
    facts = [
        f"<dt>{esc(words.region_code)}</dt><dd>{esc(region.code)} ({esc(level)})</dd>",
        f"<dt>{esc(words.time_zone)}</dt><dd>{esc(zone)} ({esc(region.time_zone)})</dd>",
    ]
    if region.level != "provinsi":
        facts.insert(
            0,
            f'<dt>{esc(words.province)}</dt><dd><a href="{href(Urls.region_page(province.code), lang)}">'
            f"{esc(province.name)}</a></dd>",
        )
    parts = [f"<h1>{esc(region.name)}</h1>", f'<dl class="facts">{"".join(facts)}</dl>']
    parts.append(
        subscribe_block(
            Feed(
                urls.region_feed(region.code),
                words.subscribe_region.format(region=region.name),
                f"region-{region.code}",
                f"region-{region.code.replace('.', '-')}",
            ),
            lang,
            urls,
        )
    )
    if region.level == "provinsi":
        places = _places_in(dataset, region)
        options = "".join(f'<option value="{p.code}">{esc(p.name)}</option>' for p in places)
        items = "".join(
            f'<li><a href="{href(Urls.region_page(p.code), lang)}">{esc(p.name)}</a></li>'
            for p in places
        )
        parts.append(
            f'<h2 id="places">{esc(words.regencies_in.format(province=region.name))}</h2>\n'
            f'<form class="picker" action="{Urls.regions_page}" method="get">{_lang_field(lang)}'
            f'<input type="hidden" name="province" value="{region.code}">'
            f'<div class="field"><label for="pick-place">{esc(words.regency)}</label>'
            f'<select id="pick-place" name="code">'
            f'<option value="">{esc(words.whole_province)}</option>{options}</select></div>'
            f'<button type="submit">{esc(words.show)}</button></form>\n'
            f'<ul class="columns">{items}</ul>'
        )
    parts.append(
        f'<h2 id="elections">{esc(words.region_elections.format(region=region.name))}</h2>'
    )
    if not held:
        parts.append(f"<p>{esc(words.region_no_elections)}</p>")
    for election in _newest_first(held):
        name = short_name(election)
        stages = [s for s in election.stages if stage_applies(s.regions, region)]
        contests = "".join(
            f"<li>{esc(c.office.get(lang))}</li>" for c in contests_in(election, region)
        )
        parts.append(
            f'<section class="election" aria-labelledby="e-{election.id}">\n'
            f'<h3 id="e-{election.id}">{esc(name)}: {esc(election.name.get(lang))}</h3>\n'
            f'<p class="meta">{esc(words.election_voting_day)}: '
            f"{_date(election.voting_day, lang)} · "
            f'<a href="{href(Urls.election_page(election.id), lang)}">'
            f"{esc(words.election_page.format(name=name))}</a></p>\n"
            f"<h4>{esc(words.contests_here)}</h4><ul>{contests}</ul>\n"
            f"{timeline_block(election, stages, lang, list_open=True, detailed=False, zone=zone)}\n"
            "</section>"
        )
    parts.append(api_section(lang, [f"/v1/regions/{region.code}"]))
    crumbs = [Crumb(words.home, Urls.home), Crumb(words.regions_title, Urls.regions_page)]
    if region.level != "provinsi":
        crumbs.append(Crumb(province.name, Urls.region_page(province.code)))
    crumbs.append(Crumb(region.name, None))
    return document(
        lang=lang,
        path=path,
        title=region.name,
        description=words.region_elections.format(region=region.name),
        crumbs=crumbs,
        main="\n".join(parts),
        urls=urls,
    )


# A request path safe to link back to (for the language switch of an error page): no "//" start
# (a link to another host), no characters that would need escaping in a URL.
_SAFE_PATH = re.compile(r"/(?!/)[A-Za-z0-9._~/-]*")


def error_page(status: int, message: str, lang: Lang, urls: Urls, path: str) -> str:
    """An error as a page: the status, what went wrong, and the way home."""
    words = PAGE_WORDS[lang]
    if not _SAFE_PATH.fullmatch(path):
        path = Urls.home
    title = words.error_title.format(status=status)
    main = (
        f"<h1>{esc(title)}</h1>\n<p>{esc(message)}</p>\n"
        f'<p><a href="{href(Urls.home, lang)}">{esc(words.error_back)}</a> · '
        f'<a href="{href(Urls.regions_page, lang)}">{esc(words.all_provinces)}</a></p>'
    )
    return document(
        lang=lang,
        path=path,
        title=title,
        description=message,
        crumbs=(),
        main=main,
        urls=urls,
        canonical=False,
    )
