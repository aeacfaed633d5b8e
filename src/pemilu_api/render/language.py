"""Every bilingual word of the service, and how dates and times are written in each language.

The texts themselves are in ``words.toml`` beside this module (Indonesian and English side by
side), decoded strictly into the structs below, so a missing or misspelt key fails at import.
Names of elections, stages, contests and notes come from the data (``Text.get(lang)``).
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Final, Literal

import msgspec

from pemilu_api.domain.models import Election, RegionLevel, Snapshot
from pemilu_api.domain.vocabulary import Category, Confidence, Status

Lang = Literal["id", "en"]
LANGS: Final[tuple[Lang, ...]] = ("id", "en")
DEFAULT_LANG: Final[Lang] = "id"

# Indonesia's three legal time zones (Keppres 41/1987), by the IANA zones the regions table uses:
# the same abbreviations in both languages.
ZONE_ABBR: Final[dict[str, str]] = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


class _Words(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Common options of the word tables: immutable, and unknown keys are errors."""


class FeedWords(_Words, frozen=True):
    """The fixed texts of an iCalendar feed in one language."""

    cancelled: str
    stages_of: str
    key_dates_of: str
    all_name: str
    all_key_name: str
    all_intro: str
    region_name: str
    region_key_name: str
    region_intro: str
    region_hours: str
    key_only: str
    basis: str
    confidence: str
    hours_local: str
    hours_region: str
    holiday: str
    only_in: str
    undated: str
    key_date: str
    data: str
    changed: str
    statuses: dict[Status, str]
    undated_short: str
    not_scheduled: str
    coverage_unknown: str
    derived: str
    actual: str
    relative: str
    event: str
    changes_title: str
    changes_subtitle: str
    decided: str


class PageWords(_Words, frozen=True):
    """The fixed texts of the pages in one language."""

    other_lang_name: str
    switch_label: str
    skip: str
    site: str
    tagline: str
    home: str
    breadcrumb: str
    home_title: str
    home_intro: str
    elections_heading: str
    election_voting_day: str
    election_page: str
    election_window: str
    basis: str
    contests: str
    contests_here: str
    note: str
    timeline: str
    timeline_scroll: str
    timeline_title: str
    timeline_desc: str
    timeline_undated: str
    timeline_undated_one: str
    stage_list: str
    stage_count: str
    stage_count_one: str
    legend: str
    legend_day: str
    legend_key: str
    legend_sub: str
    legend_cancelled: str
    legend_voting_day: str
    legend_today: str
    today: str
    key_date: str
    cancelled: str
    undated: str
    deadline: str
    hours_local: str
    hours_region: str
    category: str
    subscribe: str
    subscribe_intro: str
    subscribe_all: str
    subscribe_election: str
    subscribe_region: str
    calendar_of: str
    subscribe_short: str
    download_short: str
    feed_link: str
    webcal: str
    feed_url: str
    copy: str
    copied: str
    copy_failed: str
    download: str
    key_only: str
    key_only_intro: str
    how_to: str
    google: str
    google_steps: tuple[str, ...]
    apple: str
    apple_steps: tuple[str, ...]
    outlook: str
    outlook_steps: tuple[str, ...]
    android: str
    android_steps: tuple[str, ...]
    thunderbird: str
    thunderbird_steps: tuple[str, ...]
    refresh_note: str
    picker_heading: str
    picker_intro: str
    province: str
    regency: str
    whole_province: str
    choose_province: str
    show: str
    all_provinces: str
    provinces_heading: str
    regions_title: str
    regions_intro: str
    region_code: str
    time_zone: str
    regencies_in: str
    region_elections: str
    region_no_elections: str
    api_heading: str
    api_intro: str
    api_json: str
    api_docs: str
    api_openapi: str
    data_note: str
    changes: str
    error_title: str
    error_back: str
    error_not_found: str
    error_region: str
    error_election: str
    error_method: str
    error_other: str
    not_scheduled: str
    coverage_unknown: str
    derived: str
    derived_from: str
    scheduled_dates: str
    actual_dates: str
    relative_heading: str
    events_heading: str
    voting_on: str
    description_election: str
    description_region: str
    description_home: str
    status_label: str
    status_over: str
    status_running: str
    status_until: str
    status_next: str
    status_voting: str
    status_voted: str
    status_announced: str
    status_asof: str
    status_today: str
    days_left: str
    days_left_one: str
    days_left_zero: str
    hours_everywhere: str
    other_elections: str
    scroll_hint: str
    embed_back: str
    embed_source: str
    embed_heading: str
    embed_intro: str
    embed_preview: str
    embed_code: str
    copy_code: str
    copied_code: str
    confidence_mark: str
    problems_title: str
    problems_intro: str
    problem_status: str
    problem_remedy: str


class Months(_Words, frozen=True):
    """Month names, long and short."""

    long: tuple[str, ...]
    short: tuple[str, ...]
    weekdays: tuple[str, ...]


class _Table(_Words, frozen=True):
    feed: dict[Lang, FeedWords]
    page: dict[Lang, PageWords]
    categories: dict[Lang, dict[Category, str]]
    confidences: dict[Lang, dict[Confidence, str]]
    levels: dict[Lang, dict[RegionLevel, str]]
    months: dict[Lang, Months]


_TABLE = msgspec.toml.decode(
    (resources.files("pemilu_api.render") / "words.toml").read_bytes(), type=_Table
)
FEED_WORDS: Final[dict[Lang, FeedWords]] = _TABLE.feed
PAGE_WORDS: Final[dict[Lang, PageWords]] = _TABLE.page
CATEGORY_NAMES: Final[dict[Lang, dict[Category, str]]] = _TABLE.categories
CONFIDENCE_NAMES: Final[dict[Lang, dict[Confidence, str]]] = _TABLE.confidences
LEVEL_NAMES: Final[dict[Lang, dict[RegionLevel, str]]] = _TABLE.levels
MONTHS: Final[dict[Lang, Months]] = _TABLE.months


def other_lang(lang: Lang) -> Lang:
    """The other of the two languages."""
    return "en" if lang == "id" else "id"


def parse_lang(value: str | None) -> Lang:
    """The page language asked for: "en" (any case, region subtag ignored) or else Indonesian.

    A page never fails because of its query: a missing or unknown ``lang`` gives the Indonesian
    page (the documented default), so a mistyped shared link still shows the timeline.
    """
    if value is not None and value.split("-", 1)[0].strip().lower() == "en":
        return "en"
    return DEFAULT_LANG


def lang_query(lang: Lang) -> str:
    """The query string that keeps ``lang`` on a link ("" for the default language)."""
    return "" if lang == DEFAULT_LANG else f"?lang={lang}"


def format_date(day: dt.date, lang: Lang) -> str:
    """A day written out, e.g. "14 Februari 2024" / "14 February 2024"."""
    return f"{day.day} {MONTHS[lang].long[day.month - 1]} {day.year}"


def format_day(day: dt.date, lang: Lang) -> str:
    """A day with its weekday, e.g. "Rabu, 14 Februari 2024" / "Wednesday 14 February 2024"."""
    weekday = MONTHS[lang].weekdays[day.weekday()]
    sep = ", " if lang == "id" else " "
    return f"{weekday}{sep}{format_date(day, lang)}"


def format_date_short(day: dt.date, lang: Lang) -> str:
    """A day with the short month, e.g. "14 Feb 2024"."""
    return f"{day.day} {MONTHS[lang].short[day.month - 1]} {day.year}"


def format_span(first: dt.date, last: dt.date, lang: Lang, *, short: bool = False) -> str:
    """An inclusive span of days, or one day when ``first == last``."""
    fmt = format_date_short if short else format_date
    if first == last:
        return fmt(first, lang)
    return f"{fmt(first, lang)} – {fmt(last, lang)}"


def format_time(moment: dt.time, lang: Lang) -> str:
    """A local time of day as each language writes it (07.00 / 07:00)."""
    # Indonesian writes clock times with a dot.
    sep = "." if lang == "id" else ":"
    return f"{moment.hour:02d}{sep}{moment.minute:02d}"


def short_name(election: Election) -> str:
    """The election's short name, the same in both languages (e.g. "Pemilu 2024", "Pileg 2014")."""
    return election.short_name


def format_state(state: Snapshot | None, lang: Lang) -> str:
    """A stage's days and status as a change recorded them ("–" before a stage was added)."""
    words = FEED_WORDS[lang]
    if state is None:
        return "–"
    if state.start is None or state.end is None:
        days = words.undated_short
    else:
        days = format_span(state.start, state.end, lang)
    return days if state.status == "scheduled" else f"{days} ({words.statuses[state.status]})"
