"""The parts pages are made of: timeline with legend and stage list, subscription, picker, API links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.models import Election, Region, Stage, election_sort_key
from pemilu_api.render.ics import feed_query
from pemilu_api.render.language import (
    CATEGORY_NAMES,
    CONFIDENCE_NAMES,
    PAGE_WORDS,
    Lang,
    format_time,
    short_name,
)
from pemilu_api.render.pages.document import date_html, esc, href
from pemilu_api.render.pages.timeline import (
    PHASES,
    Node,
    month_start,
    narrow_timeline,
    next_month,
    stage_tree,
    timeline_svg,
)
from pemilu_api.render.urls import Urls


def legend(election: Election, stages: Sequence[Stage], lang: Lang) -> str:
    """The legend of the timeline picture: only the markers it draws (words carry the meaning).

    The "today" item is hidden until the page script draws today's marker. Single-day diamonds
    and sub-stage bands are drawn only in the wide picture: their items say ``wide-only``, which
    the stylesheet hides where the narrow picture replaces it (phones, paper).
    """
    words = PAGE_WORDS[lang]
    cats = CATEGORY_NAMES[lang]
    drawn = [s for s in stages if s.dated]
    used = {PHASES[s.category] for s in drawn}
    phases = (
        ("prep", f"{cats['preparation']}, {cats['voters'].lower()}, {cats['candidacy'].lower()}"),
        ("camp", f"{cats['campaign']}, {cats['quiet-period'].lower()}"),
        ("vote", f"{cats['voting']}, {cats['counting'].lower()}"),
        ("result", f"{cats['results']}, {cats['inauguration'].lower()}"),
    )
    swatch = '<svg viewBox="0 0 26 14" aria-hidden="true" focusable="false">{}</svg>'
    bar = '<rect class="sw-{}" x="1" y="3" width="24" height="8"/>'
    items = [
        f"<li>{swatch.format(bar.format(cls))}{esc(text)}</li>"
        for cls, text in phases
        if cls in used
    ]
    ids = {s.id for s in stages}
    firsts = [d for s in drawn if (d := s.first_day) is not None]
    lasts = [d for s in drawn if (d := s.last_day) is not None]
    voting = election.voting_day
    marks = (
        (
            any(s.kind != "period" for s in drawn),
            '<path class="sw-prep" d="M13 1L19 7L13 13L7 7Z"/>',
            words.legend_day,
            True,
        ),
        (
            any(s.key for s in stages),
            '<path class="sw-key" d="M13 2.5L17.5 7L13 11.5L8.5 7Z"/>',
            words.legend_key,
            False,
        ),
        (
            any(s.parent is not None and s.parent in ids for s in stages),
            '<rect class="sw-band" x="0" y="0" width="26" height="14"/>'
            '<rect class="sw-prep" x="4" y="5" width="18" height="4"/>',
            words.legend_sub,
            True,
        ),
        (
            any(s.status == "cancelled" for s in drawn),
            '<rect class="sw-cancel" x="1" y="3" width="24" height="8"/>'
            '<line class="sw-strike" x1="0" x2="26" y1="7" y2="7"/>',
            words.legend_cancelled,
            False,
        ),
        (
            voting is not None
            and bool(firsts)
            and month_start(min(firsts)) <= voting < next_month(max(lasts)),
            '<line class="sw-voting" x1="13" x2="13" y1="0" y2="14"/>',
            words.legend_voting_day,
            False,
        ),
    )
    wide = ' class="wide-only"'
    items += [
        f"<li{wide if wide_only else ''}>{swatch.format(mark)}{esc(text)}</li>"
        for shown, mark, text, wide_only in marks
        if shown
    ]
    items.append(
        '<li class="legend-today" hidden>'
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
        when = _span_html(first, last, lang)
        if stage.actual is not None:
            # Both, and which is which: the schedule, then the days it actually ran.
            ran = _span_html(stage.actual.start, stage.actual.end, lang)
            when = (
                f"{esc(words.scheduled_dates)}: {when}; "
                f'<span class="actual">{esc(words.actual_dates)}: {ran}</span>'
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
    if stage.derived is not None:
        tags.append(f'<span class="badge derived">{esc(words.derived)}</span>')
    if stage.confidence != "high":
        level = CONFIDENCE_NAMES[lang][stage.confidence]
        tags.append(
            f'<span class="badge unsure">≈ {esc(words.confidence_mark.format(level=level))}</span>'
        )
    if detailed:
        tags.append(esc(f"{words.basis}: " + "; ".join(b.cite() for b in stage.basis)))
    parts.append(f'<span class="tags">{" · ".join(tags)}</span>')
    if stage.derived is not None:
        derived = words.derived_from.format(text=stage.derived.get(lang))
        parts.append(f'<span class="note">{esc(derived)}</span>')
    if stage.actual is not None and stage.actual.note is not None and detailed:
        parts.append(f'<span class="note">{esc(stage.actual.note.get(lang))}</span>')
    if detailed and stage.note is not None:
        parts.append(f'<span class="note">{esc(stage.note.get(lang))}</span>')
    if node.children:
        parts.append(stage_list(node.children, lang, zone, detailed))
    parts.append("</li>")
    return "".join(parts)


def _span_html(first: dt.date, last: dt.date, lang: Lang) -> str:
    if first == last:
        return date_html(first, lang)
    return f"{date_html(first, lang)} – {date_html(last, lang)}"


def voting_meta(election: Election, lang: Lang) -> str:
    """The voting day as page text, or, for an announced election, that KPU has set no schedule."""
    words = PAGE_WORDS[lang]
    if election.voting_day is None:
        return f'<span class="not-scheduled">{esc(words.not_scheduled)}</span>'
    return f"{esc(words.election_voting_day)}: {date_html(election.voting_day, lang)}"


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
    caption = legend(election, stages, lang)
    if undated:
        text = words.timeline_undated_one if undated == 1 else words.timeline_undated
        caption += f"<p>{esc(text.format(count=undated))}</p>"
    parts = []
    if svg:
        region_label = esc(words.timeline_scroll.format(name=name))
        parts.append(
            f'<figure class="timeline-figure">\n'
            f'<p class="scroll-hint" aria-hidden="true">{esc(words.scroll_hint)}</p>\n'
            # Focusable so keyboard users can scroll the picture on narrow screens.
            f'<div class="scroll" tabindex="0" role="region" aria-label="{region_label}">\n'
            f"{svg}\n</div>\n{narrow_timeline(election, stages, lang, ident)}\n"
            f"<figcaption>{caption}</figcaption>\n</figure>"
        )
    count = words.stage_count_one if len(stages) == 1 else words.stage_count
    summary = f"{esc(words.stage_list.format(name=name))} ({esc(count.format(count=len(stages)))})"
    parts.append(
        f"<details{' open' if list_open else ''}><summary>{summary}</summary>\n"
        f"{stage_list(stage_tree(stages), lang, zone, detailed)}\n</details>"
    )
    return "\n".join(parts)


def election_section(
    election: Election,
    stages: Sequence[Stage],
    lang: Lang,
    *,
    zone: str | None = None,
    before: str = "",
    after: str = "",
) -> str:
    """The featured election in full: heading, voting day, picture and open stage list.

    ``before`` goes between the voting day and the picture, ``after`` at the end of the section.
    """
    words = PAGE_WORDS[lang]
    name = short_name(election)
    return (
        f'<section class="election" aria-labelledby="e-{election.id}">\n'
        f'<h2 id="e-{election.id}">{esc(name)}: {esc(election.name.get(lang))}</h2>\n'
        f'<p class="meta">{voting_meta(election, lang)} · '
        f'<a href="{href(Urls.election_page(election.id), lang)}">'
        f"{esc(words.election_page.format(name=name))}</a></p>\n{before}"
        f"{timeline_block(election, stages, lang, list_open=True, detailed=False, zone=zone)}\n"
        f"{after}</section>"
    )


def election_list(
    elections: Sequence[Election], lang: Lang, extra: Callable[[Election], str]
) -> str:
    """The elections not shown in full: each a link to its page, its voting day, and ``extra``."""
    words = PAGE_WORDS[lang]
    items = "".join(
        f'<li><a href="{href(Urls.election_page(e.id), lang)}">'
        f"<strong>{esc(short_name(e))}</strong>: {esc(e.name.get(lang))}</a><br>"
        f"{voting_meta(e, lang)}{extra(e)}</li>"
        for e in elections
    )
    return (
        f'<h2 id="elections">{esc(words.other_elections)}</h2>\n'
        f'<ul class="election-list">{items}</ul>'
    )


@dataclass(frozen=True)
class Feed:
    """A feed offered for subscription: its path, what it holds, and a download file name."""

    path: str
    what: str
    filename: str
    ident: str


def subscribe_block(feed: Feed, lang: Lang, urls: Urls) -> str:
    """Subscription: webcal link, https address with a copy button, download, and how-tos."""
    words = PAGE_WORDS[lang]
    query = feed_query(lang, key_only=False)
    key_query = feed_query(lang, key_only=True)
    full = urls.feed(feed.path + query)
    key = urls.feed(feed.path + key_query)
    input_id = f"feed-{feed.ident}"
    status_id = f"{input_id}-status"
    heading, sub = "h2", "h3"
    steps = (
        (words.google, words.google_steps),
        (words.android, words.android_steps),
        (words.apple, words.apple_steps),
        (words.outlook, words.outlook_steps),
        (words.thunderbird, words.thunderbird_steps),
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
        f'value="{esc(full.url)}" spellcheck="false" autocomplete="off">'
        f'<button type="button" hidden data-copy="{input_id}" data-status="{status_id}" '
        f'data-done="{esc(words.copied)}" data-fail="{esc(words.copy_failed)}">'
        f"{esc(words.copy)}</button></div>\n"
        f'<p class="status" id="{status_id}" role="status"></p>'
        f'<p class="print-only">{esc(full.url)}</p></div>\n'
        f'<p><a class="feed-download" href="{esc(feed.path + query)}" download="{filename}">'
        f"{esc(words.download)}</a></p>\n"
        f"<p>{esc(words.key_only_intro)} "
        f'<a class="feed-webcal nowrap" href="{esc(key.webcal)}">{esc(words.subscribe_short)}</a>'
        f' · <a class="feed-https nowrap" href="{esc(key.url)}">{esc(words.feed_link)}</a> · '
        f'<a class="feed-download nowrap" href="{esc(feed.path + key_query)}" '
        f'download="{key_filename}">{esc(words.download_short)}</a></p>\n'
        f'<details class="how-to"><summary>{esc(words.how_to)}</summary>\n{how_to}\n'
        f'<p class="small">{esc(words.refresh_note)}</p></details>\n'
        "</section>"
    )


def provinces(dataset: Dataset) -> list[Region]:
    """The provinces, by name."""
    return sorted(
        (r for r in dataset.regions.values() if r.level == "provinsi"), key=lambda r: r.name
    )


def places_in(dataset: Dataset, province: Region) -> list[Region]:
    """The kabupaten/kota of ``province``, by name."""
    return sorted(
        (
            r
            for r in dataset.regions.values()
            if r.province == province.code and r.level != "provinsi"
        ),
        key=lambda r: r.name,
    )


def lang_field(lang: Lang) -> str:
    """A form's hidden ``lang`` field (none for Indonesian, the default)."""
    return "" if lang == "id" else f'<input type="hidden" name="lang" value="{lang}">'


def picker(dataset: Dataset, lang: Lang) -> str:
    """The region picker: a province (and, with the script, its kabupaten/kota) then GET /regions.

    Without the script the form leads to the province's page, which lists its kabupaten/kota.
    """
    words = PAGE_WORDS[lang]
    options = "".join(
        f'<option value="{p.code}">{esc(p.name)}</option>' for p in provinces(dataset)
    )
    return (
        f'<form class="picker" id="region-picker" action="{Urls.regions_page}" method="get" '
        f'data-api="{Urls.regions}">\n'
        f"{lang_field(lang)}"
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
        f'<section class="api" aria-labelledby="api">\n'
        f'<h2 id="api">{esc(words.api_heading)}</h2>\n<p>{esc(words.api_intro)}</p>\n'
        f'<ul>{items}<li><a href="{Urls.docs}">{esc(words.api_docs)}</a></li>'
        f'<li><a href="{Urls.openapi}">{esc(words.api_openapi)}</a></li></ul>\n</section>'
    )


def newest_first(elections: Sequence[Election]) -> list[Election]:
    """Elections by voting day (then id), the newest first: announced ones (no date yet) lead."""
    return sorted(elections, key=election_sort_key, reverse=True)


def last_day(election: Election) -> dt.date | None:
    """The election's last dated day (its voting day at least), None without a voting day."""
    if election.voting_day is None:
        return None
    days = [s.last_day for s in election.stages if s.last_day is not None]
    return max([election.voting_day, *days])


def featured(elections: Sequence[Election], today: dt.date) -> Election | None:
    """The election to show first on ``today``: the current or next one, else the latest."""
    ahead = [e for e in elections if (end := last_day(e)) is None or end >= today]
    if ahead:
        return min(
            ahead,
            key=lambda e: (e.voting_day is None, e.voting_day or dt.date.max, e.id),
        )
    return newest_first(elections)[0] if elections else None


def featured_and_others(
    elections: Sequence[Election], today: dt.date
) -> tuple[Election | None, list[Election]]:
    """The election to show in full on ``today`` (see :func:`featured`), and the rest newest first."""
    first = featured(elections, today)
    return first, [e for e in newest_first(elections) if e is not first]
