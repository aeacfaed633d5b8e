"""The change log as an Atom feed: the feed's head, one entry per change, newest first.

The head and a hand-made entry are written out whole; every entry of the real change log is
checked against its ``LogEntry``, field by field.
"""

from __future__ import annotations

import datetime as dt
import time
import xml.etree.ElementTree as ET

import msgspec
import pytest

from pemilu_api.domain.dataset import LogEntry
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Change, Snapshot, Touch
from pemilu_api.domain.vocabulary import Text
from pemilu_api.render.atom import changes_feed, entry_id
from pemilu_api.render.language import Lang
from pemilu_api.render.urls import Urls

DATA = load_dataset()
URLS = Urls("https://pemilu.example")
A = "{http://www.w3.org/2005/Atom}"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WIB = dt.timezone(dt.timedelta(hours=7))


def _feed(entries: list[LogEntry], lang: Lang) -> ET.Element:
    """The parsed feed of ``entries`` in ``lang``, after checking its bytes' first and last lines."""
    body = changes_feed(entries, dt.datetime(2026, 11, 30, 18, 0, tzinfo=WIB), lang, URLS)
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed ")
    assert body.endswith(b"</feed>\n")
    return ET.fromstring(body)


def _summary(element: ET.Element) -> list[tuple[str, str | None, dict[str, str]]]:
    """Each child as (tag without the namespace, text, attributes), text stripped of indentation."""
    return [
        (child.tag.removeprefix(A), (child.text or "").strip() or None, dict(child.attrib))
        for child in element
    ]


@pytest.mark.parametrize(
    ("lang", "title", "subtitle"),
    [
        (
            "en",
            "Indonesian election schedule changes",
            "Every change to the stages and schedule in this data set: what moved, when, and why.",
        ),
        (
            "id",
            "Perubahan jadwal pemilu Indonesia",
            "Setiap perubahan tahapan dan jadwal dalam data ini: apa yang berubah, kapan, dan atas "
            "dasar apa.",
        ),
    ],
)
def test_the_feed_head_names_itself_its_author_licence_and_links(
    lang: Lang, title: str, subtitle: str
) -> None:
    """The feed's URL as its id and self link, the revision in UTC as updated, the licence."""
    feed = _feed([], lang)
    assert (f"{A}feed", {LANG: lang}) == (feed.tag, feed.attrib)
    licence = "https://creativecommons.org/licenses/by/4.0/"
    assert [
        ("id", "https://pemilu.example/v1/changes.atom", {}),
        ("title", title, {}),
        ("subtitle", subtitle, {}),
        ("updated", "2026-11-30T11:00:00Z", {}),
        ("author", None, {}),
        ("rights", f"CC BY 4.0 ({licence})", {}),
        (
            "link",
            None,
            {
                "rel": "self",
                "type": "application/atom+xml",
                "href": "https://pemilu.example/v1/changes.atom",
            },
        ),
        (
            "link",
            None,
            {
                "rel": "alternate",
                "type": "application/json",
                "href": "https://pemilu.example/v1/changes",
            },
        ),
        ("link", None, {"rel": "license", "href": licence}),
    ] == _summary(feed)
    author = feed.find(f"{A}author")
    assert author is not None
    assert [("name", "pemilu-api", {})] == _summary(author)


def _entry(number: int, change: Change) -> LogEntry:
    """Entry ``number`` of Pilkada 2020's log, holding ``change``."""
    election = DATA.election("pilkada-2020")
    assert election is not None
    return LogEntry(election, number, change)


def test_a_hand_made_entry_is_written_out_whole() -> None:
    """Summary, instrument and decision day, one line per touched stage, the note; UTC times."""
    change = Change(
        at=dt.datetime(2020, 6, 12, 9, 30, tzinfo=WIB),
        kind="official",
        decided=dt.date(2020, 6, 12),
        instrument=next(e.change.instrument for e in DATA.change_log() if e.change.instrument),
        summary=Text(id="Jadwal baru", en="New schedule"),
        note=Text(id="Catatan", en="A note"),
        touched=(
            Touch(
                stage="pemungutan-suara",
                action="moved",
                before=Snapshot(
                    start=dt.date(2020, 9, 23), end=dt.date(2020, 9, 23), status="scheduled"
                ),
                after=Snapshot(
                    start=dt.date(2020, 12, 9), end=dt.date(2020, 12, 9), status="scheduled"
                ),
            ),
            Touch(
                stage="tahap-lama",
                action="added",
                after=Snapshot(status="suspended"),
            ),
        ),
    )
    instrument = change.instrument
    assert instrument is not None
    (entry,) = _feed([_entry(7, change)], "en").findall(f"{A}entry")
    voting = "Voting and counting at the polling stations (TPS)"
    content = "\n".join(
        [
            "New schedule",
            f"{instrument.cite()}, decided 12 June 2020",
            f"{voting}: 23 September 2020 → 9 December 2020",
            "tahap-lama: – → undated (suspended)",
            "A note",
        ]
    )
    page = "https://pemilu.example/elections/pilkada-2020?lang=en"
    assert [
        ("id", "urn:pemilu-api:change:pilkada-2020.7", {}),
        ("title", "Pilkada 2020: New schedule", {}),
        ("updated", "2020-06-12T02:30:00Z", {}),
        ("published", "2020-06-12T02:30:00Z", {}),
        ("link", None, {"rel": "alternate", "type": "text/html", "href": page}),
        ("category", None, {"term": "official"}),
        ("content", content, {"type": "text"}),
    ] == _summary(entry)


def test_an_entry_without_instrument_decision_or_note_is_its_summary_and_stages() -> None:
    """No line of reasons and no note: the summary, then the stages; in Indonesian here."""
    change = Change(
        at=dt.datetime(2020, 6, 12, tzinfo=dt.UTC),
        kind="correction",
        summary=Text(id="Koreksi", en="Correction"),
        touched=(Touch(stage="x", action="corrected", after=Snapshot(status="cancelled")),),
    )
    (entry,) = _feed([_entry(1, change)], "id").findall(f"{A}entry")
    assert "Koreksi\nx: – → tanpa tanggal (dibatalkan)" == entry.findtext(f"{A}content")
    assert "https://pemilu.example/elections/pilkada-2020" == entry.find(f"{A}link").get("href")  # type: ignore[union-attr]


def test_a_decision_day_alone_is_the_line_of_reasons() -> None:
    """Without an instrument, the reasons line is only the day it was decided."""
    change = Change(
        at=dt.datetime(2020, 6, 12, tzinfo=dt.UTC),
        kind="correction",
        decided=dt.date(2020, 3, 21),
        summary=Text(id="Koreksi", en="Correction"),
    )
    (entry,) = _feed([_entry(1, change)], "id").findall(f"{A}entry")
    assert "Koreksi\ndiputuskan 21 Maret 2020" == entry.findtext(f"{A}content")


def test_every_change_of_the_log_is_an_entry_newest_first() -> None:
    """One entry per log entry, by (at, election, number) descending, each with its own fields."""
    log = DATA.change_log()
    shuffled = log[1::2] + log[::2]
    entries = _feed(shuffled, "en").findall(f"{A}entry")
    newest_first = sorted(log, key=lambda e: (e.change.at, e.election.id, e.number), reverse=True)
    assert [entry_id(e) for e in newest_first] == [e.findtext(f"{A}id") for e in entries]
    for log_entry, element in zip(newest_first, entries, strict=True):
        change = log_entry.change
        at = change.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert (
            f"{log_entry.election.short_name}: {change.summary.en}",
            at,
            at,
            change.kind,
        ) == (
            element.findtext(f"{A}title"),
            element.findtext(f"{A}updated"),
            element.findtext(f"{A}published"),
            element.find(f"{A}category").get("term"),  # type: ignore[union-attr]
        )
        content = element.findtext(f"{A}content") or ""
        assert content.startswith(change.summary.en)
        assert len(change.touched) <= content.count(" → ")


def test_an_entry_id_does_not_depend_on_the_served_address() -> None:
    """The Atom id is urn:pemilu-api:change: and the entry's id, whatever the base URL."""
    entry = DATA.change_log()[0]
    assert f"urn:pemilu-api:change:{entry.id}" == entry_id(entry)
    renamed = msgspec.structs.replace(entry.change, kind="correction")
    assert entry_id(entry) == entry_id(LogEntry(entry.election, entry.number, renamed))


def test_times_are_utc_whatever_the_server_s_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server running in WIB still writes 09:30 WIB as 02:30Z (Atom dates are RFC 3339 UTC)."""
    change = Change(
        at=dt.datetime(2020, 6, 12, 9, 30, tzinfo=WIB),
        kind="correction",
        summary=Text(id="Koreksi", en="Correction"),
    )
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    try:
        feed = _feed([_entry(1, change)], "en")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "2026-11-30T11:00:00Z" == feed.findtext(f"{A}updated")
    assert "2020-06-12T02:30:00Z" == feed.findtext(f"{A}entry/{A}updated")
