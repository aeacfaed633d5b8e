"""The record over HTTP: announced elections, coverage, contests, derived and actual dates, now.

/v1/now answers any instant from 2014 to 2029; today it names Pemilu 2029, announced.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient

from ics_support import events, parse, unescape_text
from pemilu_api.domain.dataset import Dataset

Client = TestClient[Litestar]
TODAY = "2026-11-30T09:00:00+07:00"


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert 200 == response.status_code, url
    return response.json()


def test_an_announced_election_has_null_voting_day_and_window(client: Client) -> None:
    """Pemilu 2029: announced, no voting day, no window, its legal facts and relative rule."""
    body = _get(client, "/v1/elections/pemilu-2029")
    assert ("announced", None, None) == (body["status"], body["voting_day"], body["window"])
    assert all(s["start"] is None and s["undated"] for s in body["stages"])
    assert ["putusan-mk-135-puu-xxii-2024", "usulan-revisi-uu-pemilu"] == [
        e["id"] for e in body["events"]
    ]
    assert "2025-06-26" == body["events"][0]["date"]
    assert ["tahapan-dimulai-20-bulan"] == [r["id"] for r in body["relative"]]


def test_the_election_list_orders_announced_elections_last(client: Client) -> None:
    """By voting day, then the announced ones; every election says its status and coverage."""
    elections = _get(client, "/v1/elections")["elections"]
    assert "pemilu-2029" == elections[-1]["id"]
    days = [e["voting_day"] for e in elections[:-1]]
    assert sorted(days) == days
    assert {"scheduled", "announced"} == {e["status"] for e in elections}
    coverage = {e["id"]: e["coverage"] for e in elections}
    assert ("unknown", "listed", "contests") == (
        coverage["pilkada-2018"],
        coverage["pilkada-2015"],
        coverage["pemilu-2024"],
    )


def test_stages_show_derived_and_actual_dates(client: Client) -> None:
    """A derived date says so; the 2019 recapitulation gives its schedule and the days it ran."""
    quiet = _get(client, "/v1/elections/pilkada-ulang-2025/stages/masa-tenang")
    assert quiet["derived"] is not None
    assert ("2025-08-24", "2025-08-26", "low") == (
        quiet["start"],
        quiet["end"],
        quiet["confidence"],
    )
    recap = _get(client, "/v1/elections/pemilu-2019/stages/rekapitulasi")
    assert ("2019-04-25", "2019-05-22") == (recap["start"], recap["end"])
    assert ("2019-05-04", "2019-05-21") == (recap["actual"]["start"], recap["actual"]["end"])
    assert recap["derived"] is None
    plain = _get(client, "/v1/elections/pemilu-2024/stages/kampanye")
    assert (None, None) == (plain["derived"], plain["actual"])


@pytest.mark.parametrize(
    ("code", "pilkada_2024", "pemilu_2024"),
    [
        (
            "33.05",
            {"gubernur", "bupati"},
            {"presiden", "dpr", "dpd", "dprd-provinsi", "dprd-kabupaten-kota"},
        ),
        (
            "33.71",
            {"gubernur", "walikota"},
            {"presiden", "dpr", "dpd", "dprd-provinsi", "dprd-kabupaten-kota"},
        ),
        ("31.74", {"gubernur"}, {"presiden", "dpr", "dpd", "dprd-provinsi"}),
        ("33", {"gubernur"}, {"presiden", "dpr", "dpd", "dprd-provinsi"}),
    ],
)
def test_a_region_names_only_the_contests_that_apply_there(
    client: Client, code: str, pilkada_2024: set[str], pemilu_2024: set[str]
) -> None:
    """A kabupaten its regent, a kota its mayor; DKI's units no DPRD kabupaten/kota."""
    body = _get(client, f"/v1/regions/{code}")
    held: dict[str, set[str]] = {}
    for contest in body["contests"]:
        held.setdefault(contest["election"], set()).add(contest["id"])
    assert pilkada_2024 == held["pilkada-2024"]
    assert pemilu_2024 == held["pemilu-2024"]
    assert set(held) <= set(body["elections"])


def test_coverage_unknown_is_left_out_of_every_region(client: Client, dataset: Dataset) -> None:
    """Pilkada 2018 is in no region's JSON, feed or page; it never defaults to all regions."""
    for code in ("33.05", "11", "91.71", "31.74"):
        assert "pilkada-2018" not in _get(client, f"/v1/regions/{code}")["elections"]
        feed = client.get(f"/v1/regions/{code}/calendar.ics").text
        assert ".pilkada-2018@" not in feed
        assert "Pilkada 2018" not in feed
        assert "e-pilkada-2018" not in client.get(f"/regions/{code}").text
    listed = _get(client, "/v1/regions?province=33")["regions"]
    assert not any("pilkada-2018" in r["elections"] for r in listed)
    election = _get(client, "/v1/elections/pilkada-2018")
    assert ("unknown", []) == (election["coverage"], election["regions"])


def test_an_announced_election_feed_has_no_events_and_says_why(client: Client) -> None:
    """The feed of Pemilu 2029 has no event; its description says KPU has set no schedule."""
    for lang, words in (
        ("id", "KPU belum menetapkan jadwal"),
        ("en", "KPU has not set the schedule"),
    ):
        calendar = parse(client.get(f"/v1/elections/pemilu-2029/calendar.ics?lang={lang}").content)
        assert [] == events(calendar)
        assert words in unescape_text(str(calendar.get("DESCRIPTION")))


def test_a_region_feed_shows_its_re_vote_on_its_day(client: Client) -> None:
    """Siak's feed holds its re-vote of 22 March 2025; Kebumen's does not."""
    siak = events(parse(client.get("/v1/regions/14.08/calendar.ics").content))
    (re_vote,) = [e for e in siak if str(e["UID"]).startswith("psu-14-08.pilkada-2024")]
    assert dt.date(2025, 3, 22) == re_vote.decoded("DTSTART")
    kebumen = client.get("/v1/regions/33.05/calendar.ics").text
    assert "psu-" not in kebumen


def test_pages_render_an_announced_election(client: Client) -> None:
    """No timeline, and the sentence that KPU has not set the schedule, in both languages.

    The home page features it too, as the next election (see tests/render/test_page_search.py).
    """
    for query, words in (
        ("", "KPU belum menetapkan jadwal."),
        ("?lang=en", "KPU has not set the schedule yet."),
    ):
        page = client.get(f"/elections/pemilu-2029{query}")
        assert 200 == page.status_code
        assert words in page.text
        assert '<svg class="timeline"' not in page.text


def test_pages_mark_derived_and_actual_dates(client: Client) -> None:
    """A derived stage has its badge and reason; an actual run is told apart from the schedule."""
    rerun = client.get("/elections/pilkada-ulang-2025?lang=en").text
    assert '<span class="badge derived">derived dates</span>' in rerun
    recap = client.get("/elections/pemilu-2019?lang=en").text
    assert "scheduled: " in recap
    assert '<span class="actual">actually ran: ' in recap


@pytest.mark.parametrize(
    "election_id",
    [
        "pileg-2014",
        "pilpres-2014",
        "pilkada-2015",
        "pilkada-2017",
        "pilkada-2018",
        "pilkada-ulang-2025",
        "pemilu-2029",
    ],
)
def test_every_new_election_has_its_page_and_feed(client: Client, election_id: str) -> None:
    """Each election of the record is a page and a feed."""
    assert 200 == client.get(f"/elections/{election_id}").status_code
    assert 200 == client.get(f"/v1/elections/{election_id}/calendar.ics?lang=en").status_code


def test_now_today_answers_pemilu_2029_announced(client: Client) -> None:
    """On 30 November 2026 nothing is scheduled ahead: the next election is Pemilu 2029, announced."""
    body = _get(client, f"/v1/now?at={TODAY.replace('+', '%2B')}")
    assert "2026-11-30" == body["local_date"]
    assert body["next_voting_day"] is None
    assert body["next_stage"] is None
    assert {"election": "pemilu-2029", "status": "announced", "voting_day": None} == body[
        "next_election"
    ]


@settings(deadline=None, max_examples=40)
@given(st.datetimes(dt.datetime(2014, 1, 1), dt.datetime(2029, 12, 31, 23, 59)))
def test_now_answers_any_instant_from_2014_to_2029(client: Client, instant: dt.datetime) -> None:
    """Any instant works, and the next election is scheduled ahead or else Pemilu 2029."""
    at = instant.replace(tzinfo=dt.UTC).isoformat().replace("+", "%2B")
    body = _get(client, f"/v1/now?at={at}")
    following = body["next_election"]
    assert following is not None
    if following["status"] == "scheduled":
        assert following["voting_day"] >= body["local_date"]
        assert body["next_voting_day"]["election"] == following["election"]
    else:
        assert ("pemilu-2029", None) == (following["election"], body["next_voting_day"])
