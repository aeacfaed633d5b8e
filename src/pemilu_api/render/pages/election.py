"""``/elections/{id}``: one election's facts, timeline, stage list, subscription and change log."""

from __future__ import annotations

from pemilu_api.domain.models import Election
from pemilu_api.render.language import PAGE_WORDS, Lang, format_day, short_name
from pemilu_api.render.pages.blocks import (
    Feed,
    api_section,
    subscribe_block,
    timeline_block,
    voting_meta,
)
from pemilu_api.render.pages.document import Crumb, date_html, document, esc
from pemilu_api.render.pages.embed import embed_snippet
from pemilu_api.render.pages.seo import election_events, json_ld
from pemilu_api.render.pages.status import status_block, status_section
from pemilu_api.render.urls import Urls


def _legal(election: Election, lang: Lang) -> str:
    """Rules relative to dates not yet set, and dated legal facts that are not stages."""
    words = PAGE_WORDS[lang]
    parts = []
    if election.relative:
        items = "".join(
            f"<li>{esc(r.text.get(lang))} "
            f'<span class="muted">({esc("; ".join(b.cite() for b in r.basis))})</span></li>'
            for r in election.relative
        )
        parts.append(f'<h2 id="relative">{esc(words.relative_heading)}</h2>\n<ul>{items}</ul>\n')
    if election.events:
        items = "".join(
            f"<li>{date_html(e.date, lang)}: {esc(e.name.get(lang))} "
            f'<span class="muted">({esc("; ".join(b.cite() for b in e.basis))})</span>'
            + (f" {esc(e.note.get(lang))}" if e.note is not None else "")
            + "</li>"
            for e in sorted(election.events, key=lambda e: (e.date, e.id))
        )
        parts.append(f'<h2 id="events">{esc(words.events_heading)}</h2>\n<ul>{items}</ul>\n')
    return "".join(parts)


def election_page(election: Election, urls: Urls, lang: Lang) -> str:
    """``/elections/{id}``: one election's facts, timeline, list, subscription and change log."""
    words = PAGE_WORDS[lang]
    name = short_name(election)
    path = Urls.election_page(election.id)
    contests = "".join(f"<li>{esc(c.office.get(lang))}</li>" for c in election.contests)
    basis = "; ".join(b.cite() for b in election.basis)
    if election.voting_day is None or election.window is None:
        when = f"<p>{voting_meta(election, lang)}</p>\n"
        dates = ""
    else:
        when = ""
        window = election.window
        dates = (
            f"<dt>{esc(words.election_voting_day)}</dt>"
            f"<dd>{date_html(election.voting_day, lang)}</dd>"
            f"<dt>{esc(words.election_window)}</dt>"
            f"<dd>{date_html(window.start, lang)} – {date_html(window.end, lang)}</dd>"
        )
    note = f'<p class="lead">{esc(election.note.get(lang))}</p>\n' if election.note else ""
    if election.reach == "unknown":
        note += f"<p>{esc(words.coverage_unknown)}</p>\n"
    changes = "".join(
        f"<li>{date_html(c.at.date(), lang)}: {esc(c.summary.get(lang))}</li>"
        for c in sorted(election.changes, key=lambda c: c.at, reverse=True)
    )
    today = election.revision.date()
    status = status_section([status_block(election, election.stages, lang, today)], lang, today)
    main = (
        f"<h1>{esc(election.name.get(lang))}</h1>\n{status}\n{when}{note}"
        f'<dl class="facts">{dates}'
        f"<dt>{esc(words.contests)}</dt><dd><ul>{contests}</ul></dd>"
        f"<dt>{esc(words.basis)}</dt><dd>{esc(basis)}</dd></dl>\n"
        + _legal(election, lang)
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
        + embed_snippet(
            urls,
            Urls.election_embed(election.id),
            lang,
            f"{words.site}: {name}",
            election.id,
        )
        + "\n"
        + api_section(lang, [Urls.election(election.id), Urls.stages(election.id)])
    )
    return document(
        lang=lang,
        path=path,
        title=f"{name}: {election.name.get(lang)}",
        description=election_description(election, lang),
        crumbs=(Crumb(words.home, Urls.home), Crumb(name, None)),
        main=main,
        urls=urls,
        head=json_ld(election_events(election, urls, lang)),
    )


def election_description(election: Election, lang: Lang) -> str:
    """The page's description: the election and its voting day (with weekday), or no schedule."""
    words = PAGE_WORDS[lang]
    name = short_name(election)
    if election.voting_day is None:
        return words.status_announced.format(name=name)
    return words.description_election.format(name=name, date=format_day(election.voting_day, lang))
