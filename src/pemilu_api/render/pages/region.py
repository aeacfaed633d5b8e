"""``/regions`` (every province) and ``/regions/{code}`` (the elections held in one region)."""

from __future__ import annotations

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.models import Election, Region
from pemilu_api.domain.regions import contests_in, stages_in
from pemilu_api.render.language import (
    LEVEL_NAMES,
    PAGE_WORDS,
    ZONE_ABBR,
    Lang,
    format_day,
    short_name,
)
from pemilu_api.render.pages.blocks import (
    Feed,
    api_section,
    election_list,
    election_section,
    featured_and_others,
    lang_field,
    newest_first,
    picker,
    places_in,
    provinces,
    subscribe_block,
)
from pemilu_api.render.pages.document import Crumb, document, esc, href
from pemilu_api.render.pages.embed import embed_snippet
from pemilu_api.render.pages.seo import election_events, json_ld
from pemilu_api.render.pages.status import status_block, status_section, voting_hours
from pemilu_api.render.urls import Urls


def regions_page(dataset: Dataset, urls: Urls, lang: Lang) -> str:
    """``/regions``: the picker and every province as a link (the no-script way in)."""
    words = PAGE_WORDS[lang]
    items = "".join(
        f'<li><a href="{href(Urls.region_page(p.code), lang)}">{esc(p.name)}</a> '
        f'<span class="muted">({ZONE_ABBR.get(p.time_zone, p.time_zone)})</span></li>'
        for p in provinces(dataset)
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


def _facts(province: Region, region: Region, zone: str, lang: Lang) -> str:
    """The region's province (for a kabupaten/kota), code, level and time zone."""
    words = PAGE_WORDS[lang]
    level = LEVEL_NAMES[lang][region.level]
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
    return f'<dl class="facts">{"".join(facts)}</dl>'


def _places(dataset: Dataset, region: Region, lang: Lang) -> str:
    """A province's kabupaten/kota: a picker (works without the script) and the list of links."""
    words = PAGE_WORDS[lang]
    places = places_in(dataset, region)
    options = "".join(f'<option value="{p.code}">{esc(p.name)}</option>' for p in places)
    items = "".join(
        f'<li><a href="{href(Urls.region_page(p.code), lang)}">{esc(p.name)}</a></li>'
        for p in places
    )
    return (
        f'<h2 id="places">{esc(words.regencies_in.format(province=region.name))}</h2>\n'
        f'<form class="picker" action="{Urls.regions_page}" method="get">{lang_field(lang)}'
        f'<input type="hidden" name="province" value="{region.code}">'
        f'<div class="field"><label for="pick-place">{esc(words.regency)}</label>'
        f'<select id="pick-place" name="code">'
        f'<option value="">{esc(words.whole_province)}</option>{options}</select></div>'
        f'<button type="submit">{esc(words.show)}</button></form>\n'
        f'<ul class="columns">{items}</ul>'
    )


def _contests(election: Election, region: Region, lang: Lang) -> str:
    """Who is elected in the region in ``election``."""
    words = PAGE_WORDS[lang]
    items = "".join(f"<li>{esc(c.office.get(lang))}</li>" for c in contests_in(election, region))
    return f"<h3>{esc(words.contests_here)}</h3><ul>{items}</ul>\n"


def _listed(election: Election, region: Region, zone: str, lang: Lang) -> str:
    """What a listed election adds on a region page: its voting hours there and its contests."""
    words = PAGE_WORDS[lang]
    hours = voting_hours(election, stages_in(election, region), lang, zone)
    offices = "; ".join(c.office.get(lang) for c in contests_in(election, region))
    return (f", {esc(hours)}" if hours else "") + (
        f'<br><span class="small muted">{esc(words.contests_here)}: {esc(offices)}</span>'
        if offices
        else ""
    )


def region_page(dataset: Dataset, region: Region, urls: Urls, lang: Lang) -> str:
    """``/regions/{code}``: where it stands, its feed, one election in full, the others listed."""
    words = PAGE_WORDS[lang]
    province = dataset.regions[region.province]
    zone = ZONE_ABBR.get(region.time_zone, region.time_zone)
    held = [e for e in dataset.elections if e.id in dataset.elections_held_in(region.code)]
    today = dataset.revision.date()
    # As on /: the current or next election held here in full (else the latest), the rest listed.
    first, others = featured_and_others(held, today)
    parts = [f"<h1>{esc(region.name)}</h1>"]
    if first is not None:
        block = status_block(first, stages_in(first, region), lang, today, zone=zone, heading=True)
        parts.append(status_section([block], lang, today))
    parts.append(_facts(province, region, zone, lang))
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
        parts.append(_places(dataset, region, lang))
    if first is None:
        parts.append(
            f'<h2 id="elections">{esc(words.region_elections.format(region=region.name))}</h2>\n'
            f"<p>{esc(words.region_no_elections)}</p>"
        )
    else:
        parts.append(
            election_section(
                first,
                stages_in(first, region),
                lang,
                zone=zone,
                before=_contests(first, region, lang),
            )
        )
    if others:
        parts.append(election_list(others, lang, lambda e: _listed(e, region, zone, lang)))
    if held:
        parts.append(
            embed_snippet(
                urls,
                Urls.region_embed(region.code),
                lang,
                f"{words.site}: {region.name}",
                f"region-{region.code.replace('.', '-')}",
            )
        )
    parts.append(api_section(lang, [f"/v1/regions/{region.code}"]))
    crumbs = [Crumb(words.home, Urls.home), Crumb(words.regions_title, Urls.regions_page)]
    if region.level != "provinsi":
        crumbs.append(Crumb(province.name, Urls.region_page(province.code)))
    crumbs.append(Crumb(region.name, None))
    return document(
        lang=lang,
        path=Urls.region_page(region.code),
        title=region.name,
        description=_description(region, held, lang),
        crumbs=crumbs,
        main="\n".join(parts),
        urls=urls,
        # Every election held here is an event, listed or shown in full.
        head=json_ld(
            [
                event
                for e in newest_first(held)
                for event in election_events(
                    e, urls, lang, region=region, province=province, stages=stages_in(e, region)
                )
            ]
        ),
    )


def _description(region: Region, held: list[Election], lang: Lang) -> str:
    """The region's elections with their voting days (with weekday)."""
    words = PAGE_WORDS[lang]
    if not held:
        return words.region_no_elections
    listed = ", ".join(
        f"{short_name(e)} ({words.voting_on.format(date=format_day(e.voting_day, lang))})"
        if e.voting_day is not None
        else short_name(e)
        for e in newest_first(held)
    )
    return words.description_region.format(region=region.name, elections=listed)
