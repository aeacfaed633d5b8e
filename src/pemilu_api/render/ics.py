"""iCalendar (RFC 5545 / RFC 7986) feeds of election stages, rendered from the data (pure: no HTTP).

Every byte comes from the data: UIDs from election and stage ids, DTSTAMP from the election's
revision, SEQUENCE and LAST-MODIFIED from its change log. Nothing reads the clock, the host or
the process's locale, so identical data gives identical bytes on every machine and request.

icalendar builds the components (escaping, folding at 75 octets without splitting a UTF-8
character); two parts it gets wrong by default are fixed here: REFRESH-INTERVAL is given its
required ``VALUE=DURATION`` parameter, and the VTIMEZONE loses the COMMENT line libical rejects.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from icalendar import Calendar, Event, Timezone, vDuration, vText

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.history import sequence, stage_modified, touches
from pemilu_api.domain.models import Election, Region, Stage, election_sort_key
from pemilu_api.domain.regions import contests_in, stage_applies
from pemilu_api.domain.vocabulary import LocalHours
from pemilu_api.render.language import (
    CATEGORY_NAMES,
    CONFIDENCE_NAMES,
    FEED_WORDS,
    Lang,
    format_date,
    format_span,
    format_state,
    format_time,
    short_name,
)
from pemilu_api.render.urls import Urls

# Fixed on purpose: a library or app version here would change every feed's bytes (and ETag)
# on an upgrade that changed no data.
PRODID = "-//pemilu-api//Election stage feeds//EN"
UID_DOMAIN = "pemilu-api"
ORGANIZER_NAME = "pemilu-api"
# Stages change rarely; twice a day keeps subscribers current without hammering the server.
REFRESH = dt.timedelta(hours=12)


def uid(election_id: str, stage_id: str, zone: str | None = None) -> str:
    """The event UID of a stage: from its ids only, so it is the same in every feed and language.

    A timed event (voting hours in one zone) is another event than the all-day one and than the
    same hours in another zone, so it has a UID of its own: one UID, one content.
    """
    suffix = "" if zone is None else "." + zone.lower().replace("/", "-")
    return f"{stage_id}.{election_id}{suffix}@{UID_DOMAIN}"


def feed_query(lang: Lang, key_only: bool) -> str:
    """The query string that selects a feed variant ("" for the defaults)."""
    params = ([] if lang == "id" else [f"lang={lang}"]) + (["key=true"] if key_only else [])
    return "?" + "&".join(params) if params else ""


@dataclass(frozen=True)
class _Item:
    """One dated stage going into a feed."""

    election: Election
    stage: Stage
    first: dt.date
    last: dt.date

    @property
    def order(self) -> tuple[dt.date, tuple[int, dt.date, str], str]:
        # A total order that depends on no input order: day, then election, then stage id.
        return (self.first, election_sort_key(self.election), self.stage.id)


@dataclass(frozen=True)
class _Zone:
    """The region whose local time the voting-day events are given in."""

    name: str
    info: zoneinfo.ZoneInfo


def _select(
    elections: Iterable[Election], key_only: bool, region: Region | None
) -> tuple[list[_Item], list[tuple[Election, Stage]]]:
    """The dated stages (in feed order) and the undated ones (by election, then id)."""
    dated: list[_Item] = []
    undated: list[tuple[Election, Stage]] = []
    for election in elections:
        for stage in election.stages:
            if key_only and not stage.key:
                continue
            if region is not None and not stage_applies(stage.regions, region):
                continue
            first, last = stage.first_day, stage.last_day
            if first is None or last is None:
                undated.append((election, stage))
            else:
                dated.append(_Item(election, stage, first, last))
    dated.sort(key=lambda item: item.order)
    undated.sort(key=lambda pair: (election_sort_key(pair[0]), pair[1].id))
    return dated, undated


def _hours(hours: LocalHours, lang: Lang) -> str:
    return f"{format_time(hours.start, lang)}–{format_time(hours.end, lang)}"


def _utc(moment: dt.datetime) -> dt.datetime:
    # DTSTAMP and LAST-MODIFIED must be UTC date-times (RFC 5545 3.8.7.2, 3.8.7.3).
    return moment.astimezone(dt.UTC)


def _abbr(zone: zoneinfo.ZoneInfo, day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(12), zone).tzname() or zone.key


def _summary(item: _Item, lang: Lang, *, prefix: bool) -> str:
    election, stage = item.election, item.stage
    summary = stage.name.get(lang)
    if prefix:
        summary = f"{short_name(election)}: {summary}"
    if stage.status == "cancelled":
        summary = f"{FEED_WORDS[lang].cancelled} {summary}"
    return summary


def _description(item: _Item, lang: Lang, url: str, zone: _Zone | None) -> str:
    election, stage = item.election, item.stage
    words = FEED_WORDS[lang]
    lines = [election.name.get(lang)]
    if stage.note is not None:
        lines.append(stage.note.get(lang))
    if stage.hours is not None:
        hours = _hours(stage.hours, lang)
        if zone is not None:
            abbr = _abbr(zone.info, item.first)
            lines.append(words.hours_region.format(hours=hours, abbr=abbr, zone=zone.name))
        else:
            lines.append(words.hours_local.format(hours=hours))
    if stage.holiday is not None:
        lines.append(words.holiday.format(decree=stage.holiday.decree))
    if stage.regions:
        lines.append(words.only_in.format(codes=", ".join(stage.regions)))
    if stage.derived is not None:
        lines.append(words.derived.format(text=stage.derived.get(lang)))
    if stage.actual is not None:
        actual = stage.actual
        ran = words.actual.format(span=format_span(actual.start, actual.end, lang))
        lines.append(ran if actual.note is None else f"{ran}. {actual.note.get(lang)}")
    lines.append(f"{words.basis}: {'; '.join(b.cite() for b in stage.basis)}")
    lines.append(f"{words.confidence}: {CONFIDENCE_NAMES[lang][stage.confidence]}")
    lines.extend(_history_lines(election, stage, lang))
    lines.append(f"{words.data}: {url}")
    return "\n".join(lines)


def _history_lines(election: Election, stage: Stage, lang: Lang) -> list[str]:
    """One line per change-log entry that touched the stage: what it was, what it became, why."""
    lines = []
    for change, touch in touches(election, stage.id):
        why = [change.instrument.cite()] if change.instrument is not None else []
        if change.decided is not None:
            why.append(format_date(change.decided, lang))
        because = f" ({', '.join(why)})" if why else ""
        lines.append(
            f"{FEED_WORDS[lang].changed}: {format_state(touch.before, lang)} → "
            f"{format_state(touch.after, lang)}{because}"
        )
    return lines


def _add_when(event: Event, item: _Item, zone: _Zone | None) -> None:
    hours = item.stage.hours
    if zone is not None and hours is not None:
        # Voting hours are local: the same 07:00-13:00 is a different instant in each zone.
        event.add("dtstart", dt.datetime.combine(item.first, hours.start, zone.info))
        event.add("dtend", dt.datetime.combine(item.last, hours.end, zone.info))
    else:
        # All-day: DTEND is exclusive (RFC 5545 3.6.1), the day after the last day.
        event.add("dtstart", item.first)
        event.add("dtend", item.last + dt.timedelta(days=1))


def _event(item: _Item, lang: Lang, urls: Urls, *, prefix: bool, zone: _Zone | None) -> Event:
    election, stage = item.election, item.stage
    url = urls.url(urls.stage(election.id, stage.id))
    event = Event()
    timed = zone is not None and stage.hours is not None
    event.add("uid", uid(election.id, stage.id, zone.name if timed and zone else None))
    modified = _utc(stage_modified(election, stage.id))
    event.add("dtstamp", modified)
    # iTIP PUBLISH (RFC 5546 3.2.1) requires an ORGANIZER: the publisher, i.e. this service,
    # not KPU, which does not organise every stage (court rulings, oaths).
    event.add("organizer", urls.url(urls.home), parameters={"CN": ORGANIZER_NAME})
    _add_when(event, item, zone)
    event.add("summary", _summary(item, lang, prefix=prefix))
    event.add("description", _description(item, lang, url, zone))
    categories = [CATEGORY_NAMES[lang][stage.category]]
    if stage.key:
        categories.append(FEED_WORDS[lang].key_date)
    event.add("categories", categories)
    event.add("url", url)
    event.add("status", "CANCELLED" if stage.status == "cancelled" else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("sequence", sequence(election, stage.id))
    event.add("last-modified", modified)
    return event


@cache
def _vtimezone(zone_name: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of ``zone_name`` covering whole years, as bytes (built once per span)."""
    timezone = Timezone.from_tzinfo(
        zoneinfo.ZoneInfo(zone_name),
        zone_name,
        first_date=dt.date(first_year, 1, 1),
        last_date=dt.date(last_year + 1, 1, 1),
    )
    # icalendar notes the covered span in a COMMENT, a property VTIMEZONE may not carry
    # (RFC 5545 3.6.5); libical's restriction check flags it.
    timezone.pop("COMMENT", None)
    return bytes(timezone.to_ical())


def _standing(election: Election, lang: Lang, prefix: bool) -> list[str]:
    """What a feed says of an election beyond its events.

    No schedule yet, unknown coverage, rules relative to dates not yet set, dated legal facts.
    """
    words = FEED_WORDS[lang]
    lead = f"{short_name(election)}: " if prefix else ""
    lines = []
    if election.status == "announced":
        lines.append(lead + words.not_scheduled.format(name=election.name.get(lang)))
    if election.reach == "unknown":
        lines.append(lead + words.coverage_unknown)
    for rule in election.relative:
        cites = "; ".join(b.cite() for b in rule.basis)
        lines.append(f"{lead}{words.relative}: {rule.text.get(lang)} ({cites})")
    for fact in election.events:
        cites = "; ".join(b.cite() for b in fact.basis)
        lines.append(
            f"{lead}{words.event}: {format_date(fact.date, lang)}, {fact.name.get(lang)} ({cites})"
        )
    return lines


def _undated_line(undated: Sequence[tuple[Election, Stage]], lang: Lang, prefix: bool) -> str:
    lines = [f"{FEED_WORDS[lang].undated}:"]
    for election, stage in undated:
        name = stage.name.get(lang)
        if prefix:
            name = f"{short_name(election)}: {name}"
        reason = stage.undated.get(lang) if stage.undated is not None else ""
        lines.append(f"- {name} — {reason}" if reason else f"- {name}")
    return "\n".join(lines)


def _calendar(
    *,
    name: str,
    description: Sequence[str],
    url: str,
    source: str,
    revision: dt.datetime,
    events: Sequence[Event],
    vtimezone: bytes | None,
) -> bytes:
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", vText(name))
    text = "\n".join(description)
    calendar.add("description", text)
    calendar.add("x-wr-caldesc", vText(text))
    # RFC 7986 3.7: REFRESH-INTERVAL's value type is not the default TEXT; the parameter is required.
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add("source", source, parameters={"VALUE": "URI"})
    calendar.add("url", url)
    calendar.add("last-modified", _utc(revision))
    if vtimezone is not None:
        # Before the events, where parsers that read in one pass expect it. Parsed from the
        # cached bytes so no feed shares (and could mutate) another's component.
        calendar.add_component(Timezone.from_ical(vtimezone))
    for event in events:
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def election_feed(election: Election, lang: Lang, key_only: bool, urls: Urls) -> bytes:
    """The feed of one election's dated stages (all-day events), in ``lang``."""
    words = FEED_WORDS[lang]
    dated, undated = _select((election,), key_only, None)
    name = short_name(election)
    description = [
        words.stages_of.format(name=election.name.get(lang))
        + "."
        + (f" {words.key_only}" if key_only else ""),
    ]
    if election.note is not None:
        description.append(election.note.get(lang))
    description.append(f"{words.basis}: {'; '.join(b.cite() for b in election.basis)}")
    description.extend(_standing(election, lang, prefix=False))
    if undated:
        description.append(_undated_line(undated, lang, prefix=False))
    url = urls.url(urls.election(election.id))
    description.append(f"{words.data}: {url}")
    return _calendar(
        name=(words.key_dates_of if key_only else words.stages_of).format(name=name),
        description=description,
        url=url,
        source=urls.url(urls.election_feed(election.id)) + feed_query(lang, key_only),
        revision=election.revision,
        events=[_event(item, lang, urls, prefix=False, zone=None) for item in dated],
        vtimezone=None,
    )


def all_feed(elections: Iterable[Election], lang: Lang, key_only: bool, urls: Urls) -> bytes:
    """The rolling feed of every election's dated stages, each prefixed with its election."""
    words = FEED_WORDS[lang]
    ordered = sorted(elections, key=election_sort_key)
    dated, undated = _select(ordered, key_only, None)
    listed = "; ".join(f"{short_name(e)} ({e.name.get(lang)})" for e in ordered)
    description = [words.all_intro.format(elections=listed)]
    for election in ordered:
        description.extend(_standing(election, lang, prefix=True))
    if key_only:
        description.append(words.key_only)
    if undated:
        description.append(_undated_line(undated, lang, prefix=True))
    url = urls.url("/v1/elections")
    description.append(f"{words.data}: {url}")
    return _calendar(
        name=words.all_key_name if key_only else words.all_name,
        description=description,
        url=url,
        source=urls.url(urls.all_feed) + feed_query(lang, key_only),
        revision=max((e.revision for e in ordered), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC)),
        events=[_event(item, lang, urls, prefix=True, zone=None) for item in dated],
        vtimezone=None,
    )


def region_feed(dataset: Dataset, region: Region, lang: Lang, key_only: bool, urls: Urls) -> bytes:
    """The feed of every election held in ``region``; voting hours in the region's own zone."""
    words = FEED_WORDS[lang]
    held = [e for e in dataset.elections if e.id in dataset.elections_held_in(region.code)]
    held.sort(key=election_sort_key)
    dated, undated = _select(held, key_only, region)
    zone = _Zone(region.time_zone, zoneinfo.ZoneInfo(region.time_zone))
    province = dataset.regions.get(region.province)
    description = [
        words.region_intro.format(
            region=region.name,
            code=region.code,
            province=province.name if province is not None else region.province,
        )
    ]
    timed_days = [item.first for item in dated if item.stage.hours is not None]
    vtimezone = None
    if timed_days:
        first, last = min(timed_days), max(timed_days)
        abbr = _abbr(zone.info, first)
        description.append(words.region_hours.format(abbr=abbr, zone=region.time_zone))
        vtimezone = _vtimezone(region.time_zone, first.year, last.year)
    for election in held:
        offices = "; ".join(c.office.get(lang) for c in contests_in(election, region))
        description.append(f"{short_name(election)}: {offices}.")
        description.extend(_standing(election, lang, prefix=True))
    if key_only:
        description.append(words.key_only)
    if undated:
        description.append(_undated_line(undated, lang, prefix=True))
    url = urls.url(urls.region(region.code))
    description.append(f"{words.data}: {url}")
    return _calendar(
        name=(words.region_key_name if key_only else words.region_name).format(region=region.name),
        description=description,
        url=url,
        source=urls.url(urls.region_feed(region.code)) + feed_query(lang, key_only),
        revision=max((e.revision for e in held), default=dataset.revision),
        events=[_event(item, lang, urls, prefix=True, zone=zone) for item in dated],
        vtimezone=vtimezone,
    )
