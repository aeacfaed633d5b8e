"""Where an election stands, in words: over, under way, coming, or announced without a schedule.

The server writes the words as of the data's revision (pages stay pure functions of the data); the
element carries what the page's script needs (``data-status``, JSON) to write the same words for
the reader's own today, so an old page, or an exported one, still reads right.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from pemilu_api.domain.models import Election, Stage
from pemilu_api.render.language import (
    MONTHS,
    PAGE_WORDS,
    Lang,
    format_day,
    format_time,
    short_name,
)
from pemilu_api.render.pages.document import esc

# How many stages under way the sentence names (the soonest to end first).
MAX_RUNNING = 3


@dataclass(frozen=True)
class Span:
    """A stage reduced to what the sentence needs: its name and first and last day."""

    name: str
    first: dt.date
    last: dt.date


def spans_of(stages: Sequence[Stage], lang: Lang) -> list[Span]:
    """Dated stages that will happen (not cancelled), top-level ones only, in date order."""
    ids = {s.id for s in stages}
    out = [
        Span(s.name.get(lang), s.first_day, s.last_day)
        for s in stages
        if s.first_day is not None
        and s.last_day is not None
        and s.status != "cancelled"
        and (s.parent is None or s.parent not in ids)
    ]
    return sorted(out, key=lambda s: (s.first, s.last, s.name))


def voting_hours(election: Election, stages: Sequence[Stage], lang: Lang, zone: str | None) -> str:
    """The voting day's hours, in the region's zone or as local time ("" when none is given)."""
    words = PAGE_WORDS[lang]
    for stage in stages:
        if (
            stage.category == "voting"
            and stage.hours is not None
            and stage.status != "cancelled"
            and stage.first_day == election.voting_day
        ):
            start = format_time(stage.hours.start, lang)
            end = format_time(stage.hours.end, lang)
            if zone is None:
                return words.hours_everywhere.format(start=start, end=end)
            return words.hours_region.format(start=start, end=end, zone=zone)
    return ""


def left_words(days: int, lang: Lang) -> str:
    """The days left in words: "42 hari lagi", "besok", "hari ini" (and in English)."""
    words = PAGE_WORDS[lang]
    if days == 0:
        return words.days_left_zero
    if days == 1:
        return words.days_left_one
    return words.days_left.format(count=days)


def sentences(
    name: str, voting: dt.date | None, hours: str, spans: Sequence[Span], today: dt.date, lang: Lang
) -> list[str]:
    """The sentences saying where the election stands on ``today`` (page.js mirrors this)."""
    words = PAGE_WORDS[lang]
    if voting is None:
        return [words.status_announced.format(name=name)]
    last = max((s.last for s in spans), default=voting)
    if today > max(last, voting):
        return [words.status_over.format(name=name, date=format_day(voting, lang))]
    out = []
    running = sorted((s for s in spans if s.first <= today <= s.last), key=lambda s: s.last)
    if running:
        named = "; ".join(
            words.status_until.format(stage=s.name, date=format_day(s.last, lang))
            for s in running[:MAX_RUNNING]
        )
        out.append(words.status_running.format(stages=named))
    coming = [s for s in spans if s.first > today]
    if coming and (not running or voting < today):
        nxt = coming[0]
        out.append(words.status_next.format(stage=nxt.name, date=format_day(nxt.first, lang)))
    if voting >= today:
        out.append(
            words.status_voting.format(
                date=format_day(voting, lang),
                hours=f", {hours}" if hours else "",
                left=left_words((voting - today).days, lang),
            )
        )
    else:
        out.append(words.status_voted.format(date=format_day(voting, lang)))
    return out


def status_words(lang: Lang) -> str:
    """The words page.js needs to write the status sentences, as JSON (once per page)."""
    words = PAGE_WORDS[lang]
    table: dict[str, object] = {
        key: getattr(words, key)
        for key in (
            "status_over",
            "status_running",
            "status_until",
            "status_next",
            "status_voting",
            "status_voted",
            "status_announced",
            "status_today",
            "days_left",
            "days_left_one",
            "days_left_zero",
        )
    }
    table["months"] = list(MONTHS[lang].long)
    table["weekdays"] = list(MONTHS[lang].weekdays)
    table["lang"] = lang
    return json.dumps(table, ensure_ascii=False, separators=(",", ":"))


def status_block(
    election: Election,
    stages: Sequence[Stage],
    lang: Lang,
    today: dt.date,
    *,
    zone: str | None = None,
    heading: bool = False,
) -> str:
    """The status sentences for ``today`` (the data's revision), with the data to redo them."""
    name = short_name(election)
    voting: dt.date | None = election.voting_day
    hours = voting_hours(election, stages, lang, zone) if voting is not None else ""
    spans = spans_of(stages, lang)
    data = {
        "name": name,
        "voting": voting.isoformat() if voting is not None else None,
        "hours": hours,
        "spans": [[s.name, s.first.isoformat(), s.last.isoformat()] for s in spans],
    }
    text = " ".join(sentences(name, voting, hours, spans, today, lang))
    # The name leads the line, unless the sentence names the election already ("KPU has not set
    # the schedule of Pemilu 2029 yet." read "Pemilu 2029: ... Pemilu 2029"); page.js does the same.
    label = ""
    if heading:
        hidden = " hidden" if name in text else ""
        label = f'<strong class="now-label"{hidden}>{esc(name)}: </strong>'

    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        f'<p class="now-status" data-status="{esc(encoded)}">'
        f'{label}<span class="now-text">{esc(text)}</span></p>'
    )


def status_section(blocks: Sequence[str], lang: Lang, today: dt.date) -> str:
    """The status paragraphs at the top of a page, with the date they hold for."""
    words = PAGE_WORDS[lang]
    asof = words.status_asof.format(date=format_day(today, lang))
    return (
        f'<section class="now" aria-label="{esc(words.status_label)}" '
        f'data-words="{esc(status_words(lang))}">\n'
        + "\n".join(blocks)
        + f'\n<p class="now-asof small muted">{esc(asof)}</p>\n</section>'
    )
