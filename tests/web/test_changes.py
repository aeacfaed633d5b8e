"""/v1/changes and the feeds tell what moved, when, and by which decision (Pilkada 2020)."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from ics_support import events, parse, unescape_text


def _pilkada_2020_changes(client: TestClient[Litestar]) -> list[dict[str, Any]]:
    body = client.get("/v1/changes").json()
    return [c for c in body["changes"] if c["election"] == "pilkada-2020"]


def test_the_postponement_is_a_dated_chain_of_instruments(client: TestClient[Litestar]) -> None:
    """In the order of its log: first publication, suspension, new schedule, resumption."""
    changes = _pilkada_2020_changes(client)
    assert [
        ("pilkada-2020.1", "publication", "2019-08-05", "PKPU 15/2019"),
        ("pilkada-2020.2", "official", "2020-03-21", "Keputusan KPU 179/PL.02-Kpt/01/KPU/III/2020"),
        ("pilkada-2020.3", "official", "2020-06-12", "PKPU 5/2020"),
        ("pilkada-2020.4", "official", "2020-06-15", "Keputusan KPU 258/PL.02-Kpt/01/KPU/VI/2020"),
    ] == [(c["id"], c["kind"], c["decided"], c["instrument"]["instrument"]) for c in changes]
    assert {"2026-11-30T00:00:00Z"} == {c["at"] for c in changes}


def test_the_original_voting_day_stays_visible(client: TestClient[Litestar]) -> None:
    """PKPU 5/2020 moved the voting day from 23 September to 9 December 2020."""
    (schedule,) = [c for c in _pilkada_2020_changes(client) if c["decided"] == "2020-06-12"]
    (voting,) = [t for t in schedule["touched"] if t["stage"] == "pemungutan-suara"]
    assert {
        "stage": "pemungutan-suara",
        "action": "moved",
        "before": {
            "start": "2020-09-23",
            "end": "2020-09-23",
            "status": "scheduled",
            "hours": None,
        },
        "after": {"start": "2020-12-09", "end": "2020-12-09", "status": "scheduled", "hours": None},
    } == voting
    assert "pemungutan-suara" in schedule["stages"]


def test_a_moved_stage_counts_its_changes(client: TestClient[Litestar]) -> None:
    """sequence: 1 for the voting day (moved once), 3 for a stage suspended, moved and resumed."""
    stages = {s["id"]: s for s in client.get("/v1/elections/pilkada-2020/stages").json()["stages"]}
    assert 1 == stages["pemungutan-suara"]["sequence"]
    assert 3 == stages["pemutakhiran-data-pemilih"]["sequence"]
    assert "2026-11-30T00:00:00Z" == stages["pemungutan-suara"]["last_modified"]


def test_the_feed_event_names_the_original_day(client: TestClient[Litestar]) -> None:
    """The voting-day event of the feed says what the day was and which regulation moved it."""
    for lang, words in (("id", "23 September 2020"), ("en", "23 September 2020")):
        body = client.get(f"/v1/elections/pilkada-2020/calendar.ics?lang={lang}").content
        (event,) = [
            e
            for e in events(parse(body))
            if str(e.uid) == "pemungutan-suara.pilkada-2020@pemilu-api"
        ]
        description = unescape_text(str(event.get("DESCRIPTION")))
        assert words in description
        assert "PKPU 5/2020" in description
        assert 1 == event.sequence


def test_since_filters_on_publication_time(client: TestClient[Litestar]) -> None:
    """since= compares with ``at`` (when this data set published the entry), not ``decided``."""
    after = client.get("/v1/changes", params={"since": "2026-11-28T00:00:00Z"}).json()
    assert {"2026-11-30T00:00:00Z", "2026-11-30T10:00:00Z"} == {c["at"] for c in after["changes"]}
    assert {
        "pilkada-2020",
        "pemilu-2019",
        "pemilu-2024",
        "pilkada-2024",
        "pileg-2014",
        "pilpres-2014",
        "pilkada-2015",
        "pilkada-2017",
        "pilkada-2018",
        "pilkada-ulang-2025",
        "pemilu-2029",
    } == {c["election"] for c in after["changes"]}
    latest = client.get("/v1/changes", params={"since": "2026-11-30T10:00:00Z"}).json()
    # The re-votes of 2025 and the contest corrections, published after the record's first files.
    assert {"pemilu-2019", "pemilu-2024", "pilkada-2024"} == {
        c["election"] for c in latest["changes"]
    }
