"""The bytes of every feed against RFC 5545 / RFC 7986, and the rules the feeds follow.

Checked on the emitted bytes, not through icalendar: CRLF line ends, folding at 75 octets without
splitting a UTF-8 character, the calendar properties (REFRESH-INTERVAL with VALUE=DURATION),
DTSTAMP and LAST-MODIFIED in UTC and from the data, a VTIMEZONE without COMMENT, and bytes that
do not depend on the machine (its zone, locale or clock).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys

import msgspec
import pytest

from ics_support import (
    BASE_URL,
    EXTRA_REGIONS,
    ROOT,
    ZONE_REGIONS,
    events,
    ids_of,
    parse,
    unescape_text,
)
from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.history import stage_modified
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import election_sort_key
from pemilu_api.domain.regions import stage_applies
from pemilu_api.render import ics
from pemilu_api.render.language import LANGS, Lang, short_name
from pemilu_api.render.urls import Urls

DATA = load_dataset()
LINKS = Urls(BASE_URL)
REGION_CODES = [*ZONE_REGIONS.values(), *EXTRA_REGIONS]


def _all_variants(data: Dataset = DATA) -> dict[str, bytes]:
    bodies: dict[str, bytes] = {}
    for lang in LANGS:
        for key_only in (False, True):
            tag = f"{lang}-{'key' if key_only else 'all'}"
            for election in data.elections:
                bodies[f"{election.id}-{tag}"] = ics.election_feed(election, lang, key_only, LINKS)
            bodies[f"all-{tag}"] = ics.all_feed(data.elections, lang, key_only, LINKS)
            for code in REGION_CODES:
                region = data.regions[code]
                bodies[f"{code}-{tag}"] = ics.region_feed(data, region, lang, key_only, LINKS)
    return bodies


BODIES = _all_variants()


def _unfolded(body: bytes) -> list[str]:
    return body.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def _properties(body: bytes, component: str) -> list[list[str]]:
    """The content lines of each ``component`` (e.g. VCALENDAR's own, or each VEVENT)."""
    found: list[list[str]] = []
    depth: list[str] = []
    for line in _unfolded(body):
        if line.startswith("BEGIN:"):
            depth.append(line[6:])
            if line[6:] == component:
                found.append([])
        elif line.startswith("END:"):
            depth.pop()
        elif depth and depth[-1] == component:
            found[-1].append(line)
    return found


@pytest.mark.parametrize("name", sorted(BODIES))
def test_lines_are_crlf_folded_and_utf8(name: str) -> None:
    """CRLF only; every physical line at most 75 octets and valid UTF-8 on its own."""
    body = BODIES[name]
    assert body.endswith(b"\r\n")
    assert b"\r\n" in body
    assert re.search(rb"\r(?!\n)|(?<!\r)\n", body) is None
    for line in body.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        # A fold inside a multi-byte character would leave a line that does not decode.
        line.decode("utf-8", errors="strict")


def test_non_ascii_text_is_exercised() -> None:
    """The shared feeds and Pemilu 2024's carry dashes, so the folding above meets multi-byte text.

    (Some small election feeds happen to be plain ASCII, e.g. the 2025 re-runs'.)
    """
    shared = [n for n in BODIES if n.startswith(("all-", "pemilu-2024-", *REGION_CODES))]
    assert shared
    for name in shared:
        assert "–".encode() in BODIES[name] or "—".encode() in BODIES[name], name


@pytest.mark.parametrize("name", sorted(BODIES))
def test_calendar_properties(name: str) -> None:
    """VERSION, a fixed PRODID, CALSCALE, METHOD, names, description, refresh hints, once each."""
    (props,) = _properties(BODIES[name], "VCALENDAR")
    names = [re.split("[;:]", p, maxsplit=1)[0] for p in props]
    assert len(names) == len(set(names)), names
    assert "VERSION:2.0" in props
    assert f"PRODID:{ics.PRODID}" in props
    assert "icalendar" not in ics.PRODID.lower()
    assert "CALSCALE:GREGORIAN" in props
    assert "METHOD:PUBLISH" in props
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in props
    assert "X-PUBLISHED-TTL:PT12H" in props
    for required in (
        "NAME:",
        "X-WR-CALNAME:",
        "X-WR-CALDESC:",
        "DESCRIPTION:",
        "SOURCE;VALUE=URI:",
    ):
        assert any(p.startswith(required) for p in props), required
    calname = next(p for p in props if p.startswith("NAME:"))[5:]
    assert f"X-WR-CALNAME:{calname}" in props
    lang = "en" if "-en-" in name else "id"
    english = ("stages" in calname or "key dates" in calname) and "Tahapan" not in calname
    assert english == (lang == "en"), calname


@pytest.mark.parametrize("name", sorted(BODIES))
def test_event_properties(name: str) -> None:
    """Each event: one UID, UTC stamps, all-day dates as VALUE=DATE, a status and TRANSPARENT."""
    for props in _properties(BODIES[name], "VEVENT"):
        names = [re.split("[;:]", p, maxsplit=1)[0] for p in props]
        assert len(names) == len(set(names)), names
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
            assert required in names, required
        for required in ("CATEGORIES", "URL", "STATUS", "SEQUENCE", "LAST-MODIFIED", "ORGANIZER"):
            assert required in names, required
        assert "TRANSP:TRANSPARENT" in props
        assert any(p in props for p in ("STATUS:CONFIRMED", "STATUS:CANCELLED"))
        for stamp in ("DTSTAMP", "LAST-MODIFIED"):
            (line,) = (p for p in props if p.startswith(stamp + ":"))
            assert re.fullmatch(rf"{stamp}:\d{{8}}T\d{{6}}Z", line), line
        start = next(p for p in props if p.startswith("DTSTART"))
        end = next(p for p in props if p.startswith("DTEND"))
        if start.startswith("DTSTART;VALUE=DATE:"):
            assert re.fullmatch(r"DTEND;VALUE=DATE:\d{8}", end), end
        else:
            # Only voting hours are timed, and only in a region's feed, in its own zone.
            assert re.fullmatch(r"DTSTART;TZID=Asia/[A-Za-z]+:\d{8}T070000", start), start
            assert re.fullmatch(r"DTEND;TZID=Asia/[A-Za-z]+:\d{8}T130000", end), end
            assert name.split("-")[0] in REGION_CODES


@pytest.mark.parametrize("code", REGION_CODES)
def test_vtimezone_is_the_regions_without_comment(code: str) -> None:
    """One VTIMEZONE, for the region's zone, before the events, with no COMMENT (libical rejects it)."""
    body = BODIES[f"{code}-en-all"]
    zone = DATA.regions[code].time_zone
    (vtimezone,) = _properties(body, "VTIMEZONE")
    assert vtimezone == [f"TZID:{zone}"]
    assert body.index(b"BEGIN:VTIMEZONE") < body.index(b"BEGIN:VEVENT")
    (standard,) = _properties(body, "STANDARD")
    offset = {"Asia/Jakarta": "+0700", "Asia/Pontianak": "+0700", "Asia/Makassar": "+0800"}
    expected = offset.get(zone, "+0900")
    assert f"TZOFFSETTO:{expected}" in standard
    assert f"TZOFFSETFROM:{expected}" in standard
    assert b"COMMENT" not in body.split(b"BEGIN:VEVENT")[0]


def test_only_region_feeds_carry_a_vtimezone() -> None:
    """Election and all-election feeds are all-day only, so they need no zone."""
    for name, body in BODIES.items():
        assert (b"BEGIN:VTIMEZONE" in body) == (name.split("-")[0] in REGION_CODES), name


def test_stamps_come_from_the_data() -> None:
    """DTSTAMP is when the stage last changed in the data; nothing carries today's date."""
    election = DATA.election("pemilu-2024")
    assert election is not None
    for props in _properties(BODIES["pemilu-2024-id-all"], "VEVENT"):
        (uid,) = [p.removeprefix("UID:") for p in props if p.startswith("UID:")]
        _, stage_id = ids_of(uid)
        changed = stage_modified(election, stage_id).astimezone(dt.UTC)
        assert changed.strftime("DTSTAMP:%Y%m%dT%H%M%SZ") in props
    today = dt.datetime.now(dt.UTC).strftime("%Y%m%d").encode()
    if today != election.revision.astimezone(dt.UTC).strftime("%Y%m%d").encode():
        assert today not in BODIES["pemilu-2024-id-all"]


def test_bytes_do_not_depend_on_the_machine() -> None:
    """Another process with another zone, locale and hash seed renders the same bytes."""
    script = (
        "import hashlib, sys\n"
        "from pemilu_api.render import ics\n"
        "from pemilu_api.domain.loader import load_dataset\n"
        "from pemilu_api.render.urls import Urls\n"
        "d = load_dataset(); links = Urls(sys.argv[1])\n"
        "parts = [ics.election_feed(e, 'en', False, links) for e in d.elections]\n"
        "parts.append(ics.all_feed(d.elections, 'id', True, links))\n"
        "parts.append(ics.region_feed(d, d.regions['91.71'], 'id', False, links))\n"
        "print(hashlib.sha256(b''.join(parts)).hexdigest())\n"
    )
    env = {
        **os.environ,
        "TZ": "America/Los_Angeles",
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONHASHSEED": "12345",
        "PYTHONPATH": str(ROOT / "src"),
    }
    result = subprocess.run(
        [sys.executable, "-c", script, BASE_URL],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    parts = [ics.election_feed(e, "en", False, LINKS) for e in DATA.elections]
    parts.append(ics.all_feed(DATA.elections, "id", True, LINKS))
    parts.append(ics.region_feed(DATA, DATA.regions["91.71"], "id", False, LINKS))
    assert result.stdout.strip() == hashlib.sha256(b"".join(parts)).hexdigest()


def test_rendering_twice_gives_the_same_bytes() -> None:
    """Rendering is a function of the data: a second rendering (a restart) is byte-identical."""
    assert BODIES == _all_variants(load_dataset())


def test_undated_stages_are_named_not_listed() -> None:
    """Undated stages are no event, and are named (with why) in the calendar's description."""
    election = DATA.election("pemilu-2024")
    assert election is not None
    undated = [s for s in election.stages if not s.dated]
    assert undated
    for lang in LANGS:
        calendar = parse(BODIES[f"pemilu-2024-{lang}-all"])
        description = str(calendar.get("DESCRIPTION"))
        assert unescape_text(str(calendar.get("X-WR-CALDESC"))) == description
        uids = {str(e.uid) for e in events(calendar)}
        for stage in undated:
            assert ics.uid(election.id, stage.id) not in uids
            assert stage.name.get(lang) in description
            assert stage.undated is not None
            assert stage.undated.get(lang) in description


def test_cancelled_stages_stay_and_say_so() -> None:
    """A cancelled stage is still an event: STATUS:CANCELLED and a prefixed summary."""
    for lang, prefix in (("id", "[DIBATALKAN] "), ("en", "[CANCELLED] ")):
        found = events(parse(BODIES[f"pemilu-2024-{lang}-all"]))
        cancelled = [e for e in found if str(e.get("STATUS")) == "CANCELLED"]
        assert cancelled
        for event in found:
            assert str(event.get("SUMMARY")).startswith(prefix) == (event in cancelled)


def test_multi_day_period_is_one_event() -> None:
    """The campaign is one all-day event from its first day to the day after its last."""
    found = [
        e
        for e in events(parse(BODIES["pemilu-2024-id-all"]))
        if str(e.uid) == "kampanye.pemilu-2024@pemilu-api"
    ]
    assert 1 == len(found)
    assert dt.date(2023, 11, 28) == found[0].DTSTART
    assert dt.date(2024, 2, 11) == found[0].DTEND


def test_event_order_is_by_day_then_ids() -> None:
    """Events go by first day, then election, then stage id: a reading order, and a stable one."""
    for name in ("all-id-all", "33.05-en-all", "pemilu-2024-id-all"):
        found = events(parse(BODIES[name]))
        keys = []
        for event in found:
            start = event.DTSTART
            day = start.date() if isinstance(start, dt.datetime) else start
            election_id, stage_id = ids_of(str(event.uid))
            election = DATA.election(election_id)
            assert election is not None
            keys.append((day, election_sort_key(election), stage_id))
        assert keys == sorted(keys), name


def test_stage_limited_to_regions_appears_only_there() -> None:
    """A stage with ``regions`` shows in the feeds of those regions (and their kabupaten/kota)."""
    election = DATA.election("pemilu-2024")
    assert election is not None
    stages = tuple(
        msgspec.structs.replace(s, regions=("91",)) if s.id == "kampanye" else s
        for s in election.stages
    )
    limited = msgspec.structs.replace(election, stages=stages)
    data = Dataset.build(
        [limited if e.id == election.id else e for e in DATA.elections], DATA.regions
    )
    uid = ics.uid(election.id, "kampanye")
    lang: Lang = "en"
    for code, present in (("91.71", True), ("91", True), ("33.05", False), ("73.71", False)):
        body = ics.region_feed(data, data.regions[code], lang, False, LINKS)
        assert (uid in {str(e.uid) for e in events(parse(body))}) == present, code
    whole = events(parse(ics.election_feed(limited, lang, False, LINKS)))
    (event,) = (e for e in whole if str(e.uid) == uid)
    assert "Applies only in the regions: 91." in str(event.get("DESCRIPTION"))


def test_summaries_name_the_election_in_shared_feeds() -> None:
    """In the all-election and region feeds, every summary starts with the election's short name."""
    shorts = {e.id: short_name(e) for e in DATA.elections}
    assert {
        "pileg-2014": "Pileg 2014",
        "pilpres-2014": "Pilpres 2014",
        "pilkada-2015": "Pilkada 2015",
        "pilkada-2017": "Pilkada 2017",
        "pilkada-2018": "Pilkada 2018",
        "pemilu-2019": "Pemilu 2019",
        "pilkada-2020": "Pilkada 2020",
        "pemilu-2024": "Pemilu 2024",
        "pilkada-2024": "Pilkada 2024",
        "pilkada-ulang-2025": "Pilkada ulang 2025",
        "pemilu-2029": "Pemilu 2029",
    } == shorts
    for name in ("all-id-all", "all-en-key", "33.05-id-all", "91.71-en-all"):
        for event in events(parse(BODIES[name])):
            election_id = str(event.uid).split("@")[0].split(".")[1]
            summary = str(event.get("SUMMARY")).removeprefix("[DIBATALKAN] ")
            summary = summary.removeprefix("[CANCELLED] ")
            assert summary.startswith(shorts[election_id] + ": "), summary
    for event in events(parse(BODIES["pemilu-2024-id-all"])):
        assert not str(event.get("SUMMARY")).startswith("Pemilu 2024")


@pytest.mark.parametrize("key_only", [False, True])
@pytest.mark.parametrize("code", ["33.05", "31.71"])
def test_a_region_feed_holds_every_stage_that_applies(code: str, key_only: bool) -> None:
    """Every dated stage that applies to the region (and is key, if asked) is an event.

    Also after stages that are left out: the stage selection skips them, it does not stop.
    """
    region = DATA.regions[code]
    expected = set()
    skipped_before_kept = False
    held = set(DATA.elections_held_in(code))
    for election in (e for e in DATA.elections if e.id in held):
        skipped = False
        for stage in election.stages:
            wanted = stage_applies(stage.regions, region) and (stage.key or not key_only)
            skipped |= not wanted
            if wanted and stage.first_day is not None:
                skipped_before_kept |= skipped
                # Voting hours are given in the region's zone: that event has its zone's UID.
                zone = region.time_zone if stage.hours is not None else None
                expected.add(ics.uid(election.id, stage.id, zone))
    # The case that matters (a stage left out before one kept) is in the data for key feeds.
    assert key_only == skipped_before_kept or skipped_before_kept
    found = {
        str(e["UID"]) for e in events(parse(ics.region_feed(DATA, region, "en", key_only, LINKS)))
    }
    assert expected <= found
