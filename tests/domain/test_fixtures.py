"""The real fixtures: they load, keep every rule, and say what the sources say about each election.

``dataset`` is the session fixture of conftest.py: ``load_dataset()`` on the bundled fixtures.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.intervals import DayInterval, relation
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Election, Stage
from pemilu_api.domain.regions import contests_in
from pemilu_api.domain.rules import check_election
from pemilu_api.domain.vocabulary import LocalHours

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FILES = sorted(FIXTURES.glob("*.toml"))
RAW: dict[str, dict[str, Any]] = {
    path.stem: tomllib.loads(path.read_text("utf-8")) for path in FILES
}
ELECTION_IDS = sorted(RAW)
JAKARTA_UNITS = ("31.01", "31.71", "31.72", "31.73", "31.74", "31.75")


def election_of(dataset: Dataset, election_id: str) -> Election:
    """The election ``election_id`` of the dataset (it must be there)."""
    election = dataset.election(election_id)
    assert election is not None, f"{election_id} is not loaded"
    return election


def days(stage: Stage) -> DayInterval:
    """A dated stage's days."""
    first, last = stage.first_day, stage.last_day
    assert first is not None
    assert last is not None
    return DayInterval.of_days(first, last)


def raw_stages() -> list[Any]:
    """Every stage table of every fixture file, as TOML gives it, with its election id."""
    return [
        pytest.param(election_id, stage, id=f"{election_id}:{stage.get('id')}")
        for election_id, doc in RAW.items()
        for stage in doc.get("stages", [])
    ]


def test_the_fixtures_load() -> None:
    """load_dataset() accepts the bundled fixtures: every file becomes an election."""
    assert ELECTION_IDS == sorted(e.id for e in load_dataset().elections)


def test_elections_are_ordered_by_voting_day(dataset: Dataset) -> None:
    """The dataset lists elections by voting day."""
    voting_days = [e.voting_day for e in dataset.elections if e.voting_day is not None]
    assert sorted(voting_days) == voting_days
    statuses = [e.status for e in dataset.elections]
    # Announced elections (no voting day yet) come last.
    assert sorted(statuses, key=lambda s: s == "announced") == statuses


@pytest.mark.parametrize("election_id", ELECTION_IDS)
def test_every_rule_holds(dataset: Dataset, election_id: str) -> None:
    """check_election finds no violation in the real data."""
    election = election_of(dataset, election_id)
    assert [] == [v.line() for v in check_election(election, dataset.regions, election_id)]


@pytest.mark.parametrize("election_id", ELECTION_IDS)
def test_sub_stages_lie_inside_their_parents(dataset: Dataset, election_id: str) -> None:
    """A dated sub-stage's first and last days fall within its dated parent's."""
    election = election_of(dataset, election_id)
    for stage in election.stages:
        parent = election.stage(stage.parent) if stage.parent else None
        if stage.parent is not None:
            assert parent is not None, f"{stage.id}: no parent {stage.parent}"
        if parent is None or not (stage.dated and parent.dated):
            continue
        inner, outer = days(stage), days(parent)
        assert outer.start <= inner.start, stage.id
        assert inner.last <= outer.last, stage.id


@pytest.mark.parametrize("election_id", ELECTION_IDS)
def test_ids_are_unique(election_id: str) -> None:
    """Stage, contest and retired ids are unique, and no stage uses a retired id."""
    doc = RAW[election_id]
    stage_ids = [s["id"] for s in doc["stages"]]
    contest_ids = [c["id"] for c in doc["contests"]]
    retired_ids = [r["id"] for r in doc.get("retired", [])]
    assert len(set(stage_ids)) == len(stage_ids)
    assert len(set(contest_ids)) == len(contest_ids)
    assert len(set(retired_ids)) == len(retired_ids)
    assert set() == set(stage_ids) & set(retired_ids)


@pytest.mark.parametrize(("election_id", "stage"), raw_stages())
def test_every_stage_cites_a_basis(election_id: str, stage: dict[str, Any]) -> None:
    """Each stage names at least one instrument, and no instrument or provision is blank."""
    assert stage["basis"]
    for basis in stage["basis"]:
        assert basis["instrument"].strip()
        assert basis.get("provision", "x").strip()


@pytest.mark.parametrize(("election_id", "stage"), raw_stages())
def test_every_stage_kind_matches_its_fields(election_id: str, stage: dict[str, Any]) -> None:
    """A period has start and end; a day or deadline has date; an undated stage none, and says why."""
    dates = {field for field in ("start", "end", "date") if field in stage}
    if "undated" in stage:
        assert set() == dates
        assert stage["undated"]["id"].strip()
        assert stage["undated"]["en"].strip()
    elif stage["kind"] == "period":
        assert {"start", "end"} == dates
        assert stage["start"] <= stage["end"]
    else:
        assert stage["kind"] in ("day", "deadline")
        assert {"date"} == dates


@pytest.mark.parametrize("election_id", ELECTION_IDS)
def test_undated_stages_say_why(dataset: Dataset, election_id: str) -> None:
    """Every stage without dates has a reason in both languages."""
    for stage in election_of(dataset, election_id).stages:
        if stage.first_day is None:
            assert stage.undated is not None, stage.id
            assert stage.undated.id.strip(), stage.id
            assert stage.undated.en.strip(), stage.id


# The sources give polling hours (07:00-13:00 local time) for these elections only.
WITH_HOURS = ["pemilu-2019", "pemilu-2024", "pilkada-2024"]


def test_no_hours_are_invented_where_the_sources_give_none(dataset: Dataset) -> None:
    """Only the elections whose sources give polling hours have them, and not their re-votes."""
    for election in dataset.elections:
        for stage in election.stages:
            if stage.hours is not None:
                assert election.id in WITH_HOURS, (election.id, stage.id)
                assert not stage.regions, (election.id, stage.id)


@pytest.mark.parametrize("election_id", WITH_HOURS)
def test_voting_day_stages_have_hours_seven_to_one(dataset: Dataset, election_id: str) -> None:
    """Every voting day held everywhere, where the sources give hours, is 07:00-13:00 local time.

    The 2025 re-votes of Pilkada 2024 (held only in their regions) have no hours: none are sourced.
    """
    voting_days = [
        s
        for s in election_of(dataset, election_id).stages
        if s.category == "voting" and s.kind == "day" and not s.regions
    ]
    assert voting_days
    for stage in voting_days:
        assert LocalHours(start=dt.time(7), end=dt.time(13)) == stage.hours, stage.id


def test_the_pemilu_2024_second_round_is_there_and_cancelled(dataset: Dataset) -> None:
    """The planned presidential second round is kept with its stages cancelled, voting day included."""
    election = election_of(dataset, "pemilu-2024")
    second_round = [s for s in election.stages if s.id.startswith("putaran-kedua-")]
    assert {"voting", "campaign", "quiet-period", "counting"} <= {s.category for s in second_round}
    assert {"cancelled"} == {s.status for s in second_round}
    assert second_round == [s for s in election.stages if s.status == "cancelled"]
    voting = election.stage("putaran-kedua-pemungutan-suara")
    assert voting is not None
    assert dt.date(2024, 6, 26) == voting.date


# The elections whose sources date the campaign and the quiet period (not Pilpres 2014 or
# Pilkada 2018, whose quiet period is not publishable, nor the announced Pemilu 2029).
WITH_QUIET_PERIOD = [
    election_id
    for election_id, doc in RAW.items()
    if {"kampanye", "masa-tenang"}
    <= {s["id"] for s in doc["stages"] if "undated" not in s and s.get("parent") is None}
]


@pytest.mark.parametrize("election_id", WITH_QUIET_PERIOD)
def test_campaign_meets_quiet_period_meets_voting_day(dataset: Dataset, election_id: str) -> None:
    """The campaign ends the day before the quiet period, which ends the day before voting day."""
    election = election_of(dataset, election_id)
    scheduled = [s for s in election.stages if s.status == "scheduled" and s.parent is None]
    (campaign,) = [s for s in scheduled if s.id == "kampanye"]
    (quiet,) = [s for s in scheduled if s.category == "quiet-period"]
    (voting,) = [s for s in scheduled if s.category == "voting" and s.date == election.voting_day]
    assert "meets" == relation(days(campaign), days(quiet))
    assert "meets" == relation(days(quiet), days(voting))


def test_the_regions_table_has_38_provinces_and_514_kabupaten_kota(dataset: Dataset) -> None:
    """The premise of the Pilkada counts below."""
    levels = [r.level for r in dataset.regions.values()]
    assert 38 == levels.count("provinsi")
    assert 514 == levels.count("kabupaten") + levels.count("kota")


@pytest.mark.parametrize(
    ("code", "held"),
    [
        ("31.74", True),  # Jakarta Selatan: no mayor elected, but it votes for DKI's governor
        ("31.01", True),  # Kepulauan Seribu: likewise
        ("31", True),  # DKI Jakarta province: its governor
        ("34.02", True),  # Bantul: its own regent (DIY's governor is not elected)
        ("34.71", True),  # Kota Yogyakarta: its own mayor
        ("34", False),  # DI Yogyakarta province: no governor election
        ("33", True),  # Jawa Tengah: governor
        ("33.05", True),  # Kebumen: governor and regent
    ],
)
def test_which_regions_hold_pilkada_2024(dataset: Dataset, code: str, held: bool) -> None:
    """Pilkada 2024 is held where a governor or a regent/mayor is elected."""
    assert held == ("pilkada-2024" in dataset.elections_held_in(code))


def test_jakarta_units_hold_pilkada_only_through_the_governor(dataset: Dataset) -> None:
    """DKI's six administrative units elect the governor and no regent or mayor."""
    pilkada = election_of(dataset, "pilkada-2024")
    for code in JAKARTA_UNITS:
        assert ("gubernur",) == tuple(c.id for c in contests_in(pilkada, dataset.regions[code]))


def test_a_kabupaten_elects_a_regent_and_a_kota_a_mayor(dataset: Dataset) -> None:
    """Pilkada 2024: every kabupaten elects only its bupati, every kota only its wali kota."""
    pilkada = election_of(dataset, "pilkada-2024")
    for region in dataset.regions.values():
        offices = {c.id for c in contests_in(pilkada, region)} - {"gubernur"}
        if region.code in JAKARTA_UNITS or region.level == "provinsi":
            assert set() == offices, region.code
        else:
            assert {"kabupaten": {"bupati"}, "kota": {"walikota"}}[region.level] == offices


def test_pilkada_2024_contest_counts(dataset: Dataset) -> None:
    """Governors in 37 provinces, regents/mayors in 508 kabupaten/kota, DKI's 6 units via governor."""
    pilkada = election_of(dataset, "pilkada-2024")
    holding = [
        r
        for code, r in dataset.regions.items()
        if "pilkada-2024" in dataset.elections_held_in(code)
    ]
    provinces = [r for r in holding if r.level == "provinsi"]
    local = [r for r in holding if r.level != "provinsi"]
    own_head = [r for r in local if any(c.level != "provinsi" for c in contests_in(pilkada, r))]
    via_governor = [r for r in local if r not in own_head]
    assert 37 == len(provinces)
    assert 508 == len(own_head)
    assert JAKARTA_UNITS == tuple(sorted(r.code for r in via_governor))
    assert 37 + 508 + 6 + 0 == len(holding)
    assert ["34"] == sorted(set(dataset.regions) - {r.code for r in holding})


@pytest.mark.parametrize("election_id", ["pemilu-2019", "pemilu-2024"])
def test_every_region_holds_the_general_election(dataset: Dataset, election_id: str) -> None:
    """A Pemilu is held in every province and kabupaten/kota."""
    if election_id not in ELECTION_IDS:
        pytest.skip(f"{election_id}.toml is not there yet")
    missing = [c for c in dataset.regions if election_id not in dataset.elections_held_in(c)]
    assert [] == missing


def test_an_unknown_region_holds_nothing(dataset: Dataset) -> None:
    """A code that is no region holds no election."""
    assert () == dataset.elections_held_in("99.99")
