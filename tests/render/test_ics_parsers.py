"""Every feed read by two independent parsers: Mozilla ical.js (node) and libical (python3-gi).

Each feed is fetched from the app, written to a file and parsed by both; every event's dates,
zone, UTC instants and status are asserted against the data, and libical must attach no
X-LIC-ERROR and pass its RFC 5546 restriction check.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from ics_support import (
    BASE_URL,
    LANGS,
    ZONE_REGIONS,
    feed_paths,
    ids_of,
    run_ical_js,
    run_libical,
    with_query,
)
from pemilu_api.app import create_app
from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Region, Stage
from pemilu_api.domain.regions import stage_applies
from pemilu_api.render.ics import uid
from pemilu_api.settings import Settings


@dataclass(frozen=True)
class Feed:
    """A fetched feed: where from, its region (if a region feed) and the file it was saved to."""

    url: str
    region: str | None
    lang: str
    key_only: bool
    file: Path


def _feed_urls(data: Dataset) -> list[tuple[str, str | None, str, bool]]:
    urls: list[tuple[str, str | None, str, bool]] = []
    for path in feed_paths([e.id for e in data.elections], ZONE_REGIONS.values()):
        region = path.split("/")[3] if path.startswith("/v1/regions/") else None
        for lang in LANGS:
            urls.append((with_query(path, lang, False), region, lang, False))
        urls.append((with_query(path, "en", True), region, "en", True))
    return urls


@pytest.fixture(scope="module")
def data() -> Dataset:
    """The bundled data set."""
    return load_dataset()


@pytest.fixture(scope="module")
def feeds(data: Dataset, tmp_path_factory: pytest.TempPathFactory) -> list[Feed]:
    """Every feed variant under test, fetched from the app and saved to a file."""
    folder = tmp_path_factory.mktemp("feeds")
    found: list[Feed] = []
    app: Litestar = create_app(Settings(base_url=BASE_URL))
    with TestClient(app) as client:
        for number, (url, region, lang, key_only) in enumerate(_feed_urls(data)):
            response = client.get(url)
            assert 200 == response.status_code, url
            file = folder / f"feed-{number:02d}.ics"
            file.write_bytes(response.content)
            found.append(Feed(url, region, lang, key_only, file))
    return found


@pytest.fixture(scope="module")
def ical_js(feeds: list[Feed]) -> dict[str, Any]:
    """What ical.js read from each feed file."""
    return run_ical_js([f.file for f in feeds])


@pytest.fixture(scope="module")
def libical(feeds: list[Feed]) -> dict[str, Any]:
    """What libical read from each feed file."""
    return run_libical([f.file for f in feeds])


def _stage(data: Dataset, uid: str) -> Stage:
    election_id, stage_id = ids_of(uid)
    election = data.election(election_id)
    assert election is not None, uid
    stage = election.stage(stage_id)
    assert stage is not None, uid
    return stage


def _expected_uids(data: Dataset, feed: Feed) -> set[str]:
    """The events a feed must hold, from the data: dated stages, filtered as the URL says."""
    region: Region | None = data.regions[feed.region] if feed.region else None
    if feed.url.startswith("/v1/elections/"):
        elections = [e for e in data.elections if e.id == feed.url.split("/")[3]]
    elif region is not None:
        elections = [e for e in data.elections if e.id in data.elections_held_in(region.code)]
    else:
        elections = list(data.elections)
    # In a region feed, voting hours are timed in the region's zone under a UID of their own.
    return {
        uid(e.id, s.id, region.time_zone if region is not None and s.hours is not None else None)
        for e in elections
        for s in e.stages
        if s.dated
        and (s.key or not feed.key_only)
        and (region is None or stage_applies(s.regions, region))
    }


def _ical_date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _expected_times(data: Dataset, feed: Feed, uid: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The start and end every parser must read for an event: value, date flag, zone, UTC."""
    stage = _stage(data, uid)
    first, last = stage.first_day, stage.last_day
    assert first is not None
    assert last is not None
    if feed.region is None or stage.hours is None:
        after = last + dt.timedelta(days=1)
        return (
            {"value": _ical_date(first), "isDate": True, "tz": None, "utc": None},
            {"value": _ical_date(after), "isDate": True, "tz": None, "utc": None},
        )
    zone_name = data.regions[feed.region].time_zone
    zone = zoneinfo.ZoneInfo(zone_name)
    start = dt.datetime.combine(first, stage.hours.start, zone)
    end = dt.datetime.combine(last, stage.hours.end, zone)
    return (
        {
            "value": start.strftime("%Y%m%dT%H%M%S"),
            "isDate": False,
            "tz": zone_name,
            "utc": start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
        },
        {
            "value": end.strftime("%Y%m%dT%H%M%S"),
            "isDate": False,
            "tz": zone_name,
            "utc": end.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
        },
    )


def _read(time: dict[str, Any]) -> dict[str, Any]:
    return {k: time[k] for k in ("value", "isDate", "tz", "utc")}


def test_feeds_cover_every_zone(data: Dataset) -> None:
    """The region feeds under test are one per zone, as regions.tsv says."""
    for zone, code in ZONE_REGIONS.items():
        assert data.regions[code].time_zone == zone
        assert data.regions[code].level in ("kabupaten", "kota")


def test_ical_js_reads_every_event(
    data: Dataset, feeds: list[Feed], ical_js: dict[str, Any]
) -> None:
    """ical.js reads each feed's events with the dates, zones, instants and status of the data."""
    for feed in feeds:
        read = ical_js[str(feed.file)]
        uids = [e["uid"] for e in read["events"]]
        assert len(uids) == len(set(uids)), feed.url
        assert _expected_uids(data, feed) == set(uids), feed.url
        for event in read["events"]:
            start, end = _expected_times(data, feed, event["uid"])
            assert _read(event["start"]) == start, (feed.url, event["uid"])
            assert _read(event["end"]) == end, (feed.url, event["uid"])
            stage = _stage(data, event["uid"])
            assert event["status"] == ("CANCELLED" if stage.status == "cancelled" else "CONFIRMED")
            assert stage.name.get(feed.lang) in event["summary"]
        zones = {data.regions[feed.region].time_zone} if feed.region else set()
        assert set(read["zones"]) == zones, feed.url
        props = read["props"]
        assert {"value": "PT12H", "type": "duration"} == props["refresh-interval"]
        assert "PUBLISH" == props["method"]["value"]


def test_libical_reads_every_event(
    data: Dataset, feeds: list[Feed], libical: dict[str, Any]
) -> None:
    """Libical parses each feed with no error, passes its restriction check, reads the same dates."""
    for feed in feeds:
        read = libical[str(feed.file)]
        assert read["parsed"], feed.url
        assert [] == read["errors"], feed.url
        assert 0 == read["error_count"], feed.url
        assert read["restriction_ok"], feed.url
        assert read["restriction_ok_without_method"], feed.url
        assert "PUBLISH" == read["method"]
        uids = [e["uid"] for e in read["events"]]
        assert len(uids) == len(set(uids)), feed.url
        assert _expected_uids(data, feed) == set(uids), feed.url
        for event in read["events"]:
            start, end = _expected_times(data, feed, event["uid"])
            assert _read(event["start"]) == start, (feed.url, event["uid"])
            assert _read(event["end"]) == end, (feed.url, event["uid"])
            stage = _stage(data, event["uid"])
            assert event["status"] == ("CANCELLED" if stage.status == "cancelled" else "CONFIRMED")
            assert stage.name.get(feed.lang) in event["summary"]
        zones = {data.regions[feed.region].time_zone} if feed.region else set()
        assert set(read["zones"]) == zones, feed.url


def _event(read: dict[str, Any], uid: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [e for e in read["events"] if e["uid"] == uid]
    assert 1 == len(found), uid
    return found[0]


def _file(feeds: list[Feed], url: str) -> str:
    return next(str(f.file) for f in feeds if f.url == url)


CAMPAIGN = "kampanye.pemilu-2024@pemilu-api"


@pytest.mark.parametrize("parser", ["ical.js", "libical"])
def test_done_when_campaign_and_voting_day(
    parser: str, feeds: list[Feed], ical_js: dict[str, Any], libical: dict[str, Any]
) -> None:
    """The issue's done-when dates, as each parser reads them."""
    read = ical_js if parser == "ical.js" else libical
    election = read[_file(feeds, "/v1/elections/pemilu-2024/calendar.ics?lang=id&key=false")]
    campaign = _event(election, CAMPAIGN)
    # 28 Nov 2023 through 10 Feb 2024: DTEND is the exclusive day after, 11 Feb.
    assert ("20231128", True) == (campaign["start"]["value"], campaign["start"]["isDate"])
    assert ("20240211", True) == (campaign["end"]["value"], campaign["end"]["isDate"])

    kebumen = read[_file(feeds, "/v1/regions/33.05/calendar.ics?lang=id&key=false")]
    voting = _event(kebumen, uid("pemilu-2024", "pemungutan-suara", "Asia/Jakarta"))
    assert {
        "value": "20240214T070000",
        "isDate": False,
        "tz": "Asia/Jakarta",
        "utc": "20240214T000000Z",
    } == _read(voting["start"])
    assert (
        "20240214T130000",
        "Asia/Jakarta",
        "20240214T060000Z",
    ) == (voting["end"]["value"], voting["end"]["tz"], voting["end"]["utc"])
    assert _event(kebumen, CAMPAIGN)["start"]["isDate"] is True

    jayapura = read[_file(feeds, "/v1/regions/91.71/calendar.ics?lang=en&key=false")]
    voting = _event(jayapura, uid("pemilu-2024", "pemungutan-suara", "Asia/Jayapura"))
    assert (
        "20240214T070000",
        "Asia/Jayapura",
        "20240213T220000Z",
    ) == (voting["start"]["value"], voting["start"]["tz"], voting["start"]["utc"])
    assert (
        "20240214T130000",
        "Asia/Jayapura",
        "20240214T040000Z",
    ) == (voting["end"]["value"], voting["end"]["tz"], voting["end"]["utc"])


def test_checkers_are_not_vacuous(tmp_path: Path) -> None:
    """The checkers catch what icalendar 7.3 emits by default and what a broken value looks like."""
    good = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Asia/Jakarta\r\n{comment}"
        "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0700\r\n"
        "TZOFFSETTO:+0700\r\nTZNAME:WIB\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        "BEGIN:VEVENT\r\nUID:a@t\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Asia/Jakarta:{start}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    files = {
        "ok": good.format(comment="", start="20240214T070000"),
        "comment": good.format(comment="COMMENT:only from 1970\r\n", start="20240214T070000"),
        "broken": good.format(comment="", start="bogus"),
    }
    for name, text in files.items():
        (tmp_path / f"{name}.ics").write_bytes(text.encode())
    read = run_libical([tmp_path / f"{name}.ics" for name in files])
    ok, comment, broken = (read[str(tmp_path / f"{name}.ics")] for name in files)
    assert [] == ok["errors"]
    assert "20240214T000000Z" == ok["events"][0]["start"]["utc"]
    assert not comment["restriction_ok_without_method"]
    assert comment["errors"]
    assert broken["errors"]

    # ical.js types REFRESH-INTERVAL as a duration only with VALUE=DURATION (RFC 7986 3.7),
    # which icalendar 7.3 leaves out by default.
    bare = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{line}\r\nEND:VCALENDAR\r\n"
    (tmp_path / "bare.ics").write_bytes(bare.format(line="REFRESH-INTERVAL:PT12H").encode())
    (tmp_path / "typed.ics").write_bytes(
        bare.format(line="REFRESH-INTERVAL;VALUE=DURATION:PT12H").encode()
    )
    js = run_ical_js([tmp_path / "bare.ics", tmp_path / "typed.ics"])
    assert "duration" != js[str(tmp_path / "bare.ics")]["props"]["refresh-interval"]["type"]
    assert "duration" == js[str(tmp_path / "typed.ics")]["props"]["refresh-interval"]["type"]
