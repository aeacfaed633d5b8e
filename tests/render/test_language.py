"""How each language writes dates, spans, times and a stage's recorded state, and which it picks.

Every month and weekday is checked against the names written out here, in both languages, over
any day of a leap year.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Snapshot
from pemilu_api.domain.vocabulary import LocalHours
from pemilu_api.render.language import (
    Lang,
    format_date,
    format_date_short,
    format_day,
    format_span,
    format_state,
    format_time,
    lang_query,
    other_lang,
    parse_lang,
    short_name,
)

BULAN = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
HARI = "Senin Selasa Rabu Kamis Jumat Sabtu Minggu"
MONTHS = "January February March April May June July August September October November December"
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
days = st.dates(dt.date(2024, 1, 1), dt.date(2024, 12, 31))


@given(day=days)
def test_english_dates_use_english_names(day: dt.date) -> None:
    """English: "14 February 2024", "Wednesday 14 February 2024", "14 Feb 2024"."""
    month, weekday = MONTHS.split()[day.month - 1], WEEKDAYS.split()[day.weekday()]
    assert f"{day.day} {month} {day.year}" == format_date(day, "en")
    assert f"{weekday} {day.day} {month} {day.year}" == format_day(day, "en")
    assert f"{day.day} {month[:3]} {day.year}" == format_date_short(day, "en")


@given(day=days)
def test_indonesian_dates_use_indonesian_names(day: dt.date) -> None:
    """Indonesian: "14 Februari 2024", "Rabu, 14 Februari 2024" (a comma after the weekday)."""
    month, weekday = BULAN.split()[day.month - 1], HARI.split()[day.weekday()]
    assert f"{day.day} {month} {day.year}" == format_date(day, "id")
    assert f"{weekday}, {day.day} {month} {day.year}" == format_day(day, "id")


def test_short_months_in_indonesian_where_they_differ() -> None:
    """Mei, Agu, Okt and Des are Indonesian's own short months."""
    assert ["1 Mei 2024", "1 Agu 2024", "1 Okt 2024", "1 Des 2024"] == [
        format_date_short(dt.date(2024, month, 1), "id") for month in (5, 8, 10, 12)
    ]


@pytest.mark.parametrize(
    ("first", "last", "short", "lang", "expected"),
    [
        (dt.date(2024, 2, 14), dt.date(2024, 2, 14), False, "id", "14 Februari 2024"),
        (dt.date(2024, 2, 14), dt.date(2024, 2, 14), True, "en", "14 Feb 2024"),
        (
            dt.date(2023, 11, 28),
            dt.date(2024, 2, 10),
            False,
            "en",
            "28 November 2023 – 10 February 2024",
        ),
        (dt.date(2023, 11, 28), dt.date(2024, 2, 10), True, "id", "28 Nov 2023 – 10 Feb 2024"),
    ],
)
def test_a_span_is_one_day_or_its_two_ends(
    first: dt.date, last: dt.date, short: bool, lang: Lang, expected: str
) -> None:
    """One day when both ends are the same day; else both ends and an en dash."""
    assert expected == format_span(first, last, lang, short=short)


def test_a_span_is_long_unless_asked_short() -> None:
    """Without ``short``, the month is written out."""
    assert "1 Mei 2024 – 2 Mei 2024" == format_span(dt.date(2024, 5, 1), dt.date(2024, 5, 2), "id")


@pytest.mark.parametrize(
    ("moment", "lang", "expected"),
    [
        (dt.time(7, 0), "id", "07.00"),
        (dt.time(13, 5), "en", "13:05"),
        (dt.time(0, 30), "id", "00.30"),
    ],
)
def test_clock_times_take_a_dot_in_indonesian(moment: dt.time, lang: Lang, expected: str) -> None:
    """Two-digit hours and minutes: 07.00 in Indonesian, 07:00 in English."""
    assert expected == format_time(moment, lang)


@pytest.mark.parametrize(
    ("state", "lang", "expected"),
    [
        (None, "en", "–"),
        (Snapshot(start=None, end=None, status="scheduled"), "id", "tanpa tanggal"),
        (
            Snapshot(start=dt.date(2024, 2, 14), end=dt.date(2024, 2, 14), status="scheduled"),
            "en",
            "14 February 2024",
        ),
        (
            Snapshot(start=dt.date(2020, 9, 23), end=dt.date(2020, 9, 26), status="suspended"),
            "id",
            "23 September 2020 – 26 September 2020 (ditunda)",
        ),
        (
            Snapshot(
                start=dt.date(2024, 2, 14),
                end=dt.date(2024, 2, 14),
                status="cancelled",
                hours=LocalHours(start=dt.time(7), end=dt.time(13)),
            ),
            "en",
            "14 February 2024 (cancelled)",
        ),
    ],
)
def test_a_recorded_state_is_its_days_and_any_status_but_scheduled(
    state: Snapshot | None, lang: Lang, expected: str
) -> None:
    """A dash before the stage existed; "undated" without days; a status when not scheduled."""
    assert expected == format_state(state, lang)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", "en"),
        ("EN", "en"),
        (" en-GB", "en"),
        ("en-Latn-ID", "en"),
        ("en-", "en"),
        ("id", "id"),
        ("eng", "id"),
        ("fr-en", "id"),
        ("", "id"),
        (None, "id"),
    ],
)
def test_a_page_is_english_only_when_asked_for_english(value: str | None, expected: Lang) -> None:
    """English for "en" in any case, with any region subtag; else Indonesian (the default)."""
    assert expected == parse_lang(value)


def test_the_other_language_and_the_query_that_keeps_one() -> None:
    """The other of id is en and back; only English needs ``?lang=en`` on a link."""
    assert ("en", "id") == (other_lang("id"), other_lang("en"))
    assert ("", "?lang=en") == (lang_query("id"), lang_query("en"))


def test_an_election_s_short_name_is_its_own() -> None:
    """Pemilu 2024 is "Pemilu 2024" in both languages."""
    election = load_dataset().election("pemilu-2024")
    assert election is not None
    assert "Pemilu 2024" == short_name(election)
