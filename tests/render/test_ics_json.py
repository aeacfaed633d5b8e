"""Every event of every feed agrees with the JSON of its stage, as the API serves it.

The expectations come from the JSON endpoints only (never from the feed code): dates (DTEND
minus one day is the last day), voting hours in the region's zone, status, names in both
languages, SEQUENCE, LAST-MODIFIED, URL, legal basis and confidence.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event
from litestar import Litestar
from litestar.testing import TestClient

from ics_support import (
    BASE_URL,
    EXTRA_REGIONS,
    LANGS,
    ZONE_REGIONS,
    events,
    feed_paths,
    ids_of,
    parse,
    unescape_text,
    utc,
    with_query,
)
from pemilu_api.app import create_app
from pemilu_api.domain.loader import load_dataset
from pemilu_api.settings import Settings

Client = TestClient[Litestar]
CANCELLED = {"id": "[DIBATALKAN]", "en": "[CANCELLED]"}
KEY_DATE = {"id": "Tanggal penting", "en": "Key date"}
CONFIDENCE = {
    "id": {"high": "tinggi", "medium": "sedang", "low": "rendah"},
    "en": {"high": "high", "medium": "medium", "low": "low"},
}
_DATA = load_dataset()
ELECTION_IDS = [e.id for e in _DATA.elections]
ALL_REGION_CODES = sorted(_DATA.regions)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A client for the app with an explicit public base URL."""
    with TestClient(create_app(Settings(base_url=BASE_URL))) as test_client:
        yield test_client


class Api:
    """The JSON the API serves, fetched once per resource."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.election = cache(self._election)
        self.region = cache(self._region)

    def _get(self, path: str) -> Any:
        response = self.client.get(path)
        assert 200 == response.status_code, path
        return response.json()

    def _election(self, election_id: str) -> dict[str, Any]:
        found: dict[str, Any] = self._get(f"/v1/elections/{election_id}")
        return found

    def _region(self, code: str) -> dict[str, Any]:
        found: dict[str, Any] = self._get(f"/v1/regions/{code}")
        return found

    def elections(self) -> list[str]:
        """Every election id."""
        return [e["id"] for e in self._get("/v1/elections")["elections"]]

    def key_stage_ids(self, election_id: str) -> set[str]:
        """The stages the JSON API calls key dates (its own filter, not the feed's)."""
        found = self._get(f"/v1/elections/{election_id}/stages?key=true")
        return {s["id"] for s in found["stages"]}

    def stage(self, election_id: str, stage_id: str) -> dict[str, Any]:
        """A stage as listed in its election's JSON."""
        for stage in self.election(election_id)["stages"]:
            if stage["id"] == stage_id:
                found: dict[str, Any] = stage
                return found
        raise AssertionError(f"no stage {stage_id} in {election_id}")


@pytest.fixture(scope="module")
def api(client: Client) -> Api:
    """The JSON API, memoised."""
    return Api(client)


def _short_name(election: dict[str, Any]) -> str:
    # The id in words, capitalised: "pemilu-2024" -> "Pemilu 2024", "pileg-2014" -> "Pileg 2014".
    words = str(election["id"]).replace("-", " ")
    return words[:1].upper() + words[1:]


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _time(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def _stamp(value: str) -> dt.datetime:
    return utc(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))


def _expected(api: Api, path: str, key_only: bool) -> tuple[list[str], str | None]:
    """The elections a feed covers and its region code, from the JSON."""
    parts = path.split("/")
    if parts[2] == "elections":
        return [parts[3]], None
    if parts[2] == "regions":
        return list(api.region(parts[3])["elections"]), parts[3]
    return api.elections(), None


def _applies(stage: dict[str, Any], region: dict[str, Any] | None) -> bool:
    if region is None or not stage["regions"]:
        return True
    return region["code"] in stage["regions"] or region["province"] in stage["regions"]


def check_feed(api: Api, path: str, lang: str, key_only: bool, body: bytes) -> None:
    """Assert every event of one feed against the JSON, and that no dated stage is missing."""
    election_ids, code = _expected(api, path, key_only)
    region = api.region(code) if code is not None else None
    prefixed = not path.startswith("/v1/elections/")
    calendar: Calendar = parse(body)
    # icalendar does not know X-WR-CALDESC's type and keeps it escaped: unescape it as TEXT.
    caldesc = unescape_text(str(calendar.get("X-WR-CALDESC")))
    assert str(calendar.get("DESCRIPTION")) == caldesc

    wanted: set[str] = set()
    for election_id in election_ids:
        keys = api.key_stage_ids(election_id)
        for stage in api.election(election_id)["stages"]:
            if (key_only and stage["id"] not in keys) or not _applies(stage, region):
                continue
            if stage["start"] is None:
                # Undated stages are left out, and named in the calendar's description.
                assert stage["name"][lang] in caldesc, stage["id"]
            elif region is not None and stage["hours"] is not None:
                # Voting hours in the region's zone: an event of its own, with a UID per zone.
                zone = region["time_zone"].lower().replace("/", "-")
                wanted.add(f"{stage['id']}.{election_id}.{zone}@pemilu-api")
            else:
                wanted.add(f"{stage['id']}.{election_id}@pemilu-api")

    found = events(calendar)
    uids = [str(e.uid) for e in found]
    assert len(uids) == len(set(uids)), path
    assert wanted == set(uids), path
    for event in found:
        check_event(api, event, lang, prefixed, region)


def check_event(
    api: Api, event: Event, lang: str, prefixed: bool, region: dict[str, Any] | None
) -> None:
    """Assert one event against the JSON of its stage and election."""
    election_id, stage_id = ids_of(str(event.uid))
    election = api.election(election_id)
    stage = api.stage(election_id, stage_id)
    start: Any = event.DTSTART
    end: Any = event.DTEND
    if region is not None and stage["hours"] is not None:
        zone = zoneinfo.ZoneInfo(region["time_zone"])
        assert isinstance(start, dt.datetime)
        assert isinstance(end, dt.datetime)
        assert event.get("DTSTART").params.get("TZID") == region["time_zone"]
        assert event.get("DTEND").params.get("TZID") == region["time_zone"]
        assert start == dt.datetime.combine(
            _date(stage["start"]), _time(stage["hours"]["start"]), zone
        )
        assert end == dt.datetime.combine(_date(stage["end"]), _time(stage["hours"]["end"]), zone)
        assert start.utcoffset() == zone.utcoffset(start.replace(tzinfo=None))
    else:
        assert type(start) is dt.date
        assert type(end) is dt.date
        assert start == _date(stage["start"])
        assert end - dt.timedelta(days=1) == _date(stage["end"])

    summary = stage["name"][lang]
    if prefixed:
        summary = f"{_short_name(election)}: {summary}"
    if stage["status"] == "cancelled":
        summary = f"{CANCELLED[lang]} {summary}"
        assert "CANCELLED" == str(event.get("STATUS"))
    else:
        assert "scheduled" == stage["status"]
        assert "CONFIRMED" == str(event.get("STATUS"))
    assert str(event.get("SUMMARY")) == summary
    assert "TRANSPARENT" == str(event.get("TRANSP"))
    assert str(event.get("URL")) == stage["links"]["self"]
    assert event.sequence == stage["sequence"]
    # From the stage's own history: its latest entry, or the election's first publication.
    first_published = min(_stamp(c["at"]) for c in election["changes"])
    changed = _stamp(stage["last_modified"]) if stage["last_modified"] else first_published
    assert changed == utc(event.last_modified)
    assert changed == utc(event.DTSTAMP)
    for entry in election["changes"]:
        for touch in entry["touched"]:
            if touch["stage"] == stage["id"] and entry["instrument"] is not None:
                assert entry["instrument"]["instrument"] in str(event.get("DESCRIPTION"))

    description = str(event.get("DESCRIPTION"))
    for basis in stage["basis"]:
        cite = basis["instrument"] + (f", {basis['provision']}" if basis["provision"] else "")
        assert cite in description
    assert CONFIDENCE[lang][stage["confidence"]] in description
    if stage["note"] is not None:
        assert stage["note"][lang] in description
    categories = [str(c) for c in event.categories]
    assert (KEY_DATE[lang] in categories) == stage["key"]


FEEDS = [
    (path, lang, key_only)
    for path in feed_paths(ELECTION_IDS, [*ZONE_REGIONS.values(), *EXTRA_REGIONS])
    for lang in LANGS
    for key_only in (False, True)
]


@pytest.mark.parametrize(("path", "lang", "key_only"), FEEDS)
def test_feed_matches_json(client: Client, api: Api, path: str, lang: str, key_only: bool) -> None:
    """Each event of the feed agrees with its stage's JSON; every dated stage is there."""
    response = client.get(with_query(path, lang, key_only))
    assert 200 == response.status_code
    check_feed(api, path, lang, key_only, response.content)


@settings(deadline=None, max_examples=25)
@given(
    code=st.sampled_from(ALL_REGION_CODES),
    lang=st.sampled_from(LANGS),
    key_only=st.booleans(),
)
def test_any_region_feed_matches_json(
    client: Client, api: Api, code: str, lang: str, key_only: bool
) -> None:
    """A sample of all regions: each region feed agrees with the JSON."""
    path = f"/v1/regions/{code}/calendar.ics"
    response = client.get(with_query(path, lang, key_only))
    assert 200 == response.status_code
    check_feed(api, path, lang, key_only, response.content)
