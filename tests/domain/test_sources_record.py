"""The record of issue 10 against docs/sources/schedules-more.md, and each region set against its list.

The dates are transcribed by hand in tests/support/record.py from the source's tables and prose:
every transcribed stage must be in the fixture with those days, confidence and first instrument,
and every dated stage of the new elections (and every re-vote of Pilkada 2024) must be transcribed.
The region lists are compared with the shared lists they were derived from, beside the project
(the product never reads them): skipped with a reason when absent.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

import pytest

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.history import first_published, touches
from pemilu_api.domain.models import Election, Stage
from pemilu_api.domain.regions import contests_in, holds, stage_applies
from support.record import (
    DERIVED,
    ELECTIONS,
    HELD_COUNTS,
    PEMILU_2029_EVENTS,
    PEMILU_2029_RELATIVE,
    POSTPONED_2015,
    PSU,
    PSU_RULINGS,
    SAME,
    UNDATED,
    Row,
)

ROOT: Final = Path(__file__).parents[2]
FIXTURES: Final = ROOT / "fixtures"
SHARED: Final = ROOT.parent / "shared" / "data"
LIST_2015: Final = SHARED / "pilkada-2020-regions.tsv"
LIST_2017: Final = SHARED / "pilkada-2017-regions.tsv"
# Provinces split since: an election held in the old province covers the successors' codes.
SPLITS: Final = {"91": ("93", "94", "95"), "92": ("96",)}
JAKARTA_UNITS: Final = ("31.01", "31.71", "31.72", "31.73", "31.74", "31.75")
# The source's "Not publishable" list and its claims that must not be used: in no new file.
NOT_PUBLISHABLE: Final = (
    "PKPU 19/2024",
    "Keputusan KPU 5/2025",
    "39.325",
    "39,325",
    "kabartempo",
    "2031",
    "2032",
    "2029-11-27",
    "27 November 2029",
    "2014-09-09",
    "2027",
    "2025-11-27",
    "27 November 2025",
    "2018-06-24",
    "2018-07-09",
)
ROWS: Final = [
    pytest.param(election_id, row, id=f"{election_id}:{row[0]}")
    for election_id, rows in ELECTIONS.items()
    for row in rows
]


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _election(dataset: Dataset, election_id: str) -> Election:
    found = dataset.election(election_id)
    assert found is not None, election_id
    return found


def _stage(election: Election, stage_id: str) -> Stage:
    found = election.stage(stage_id)
    assert found is not None, f"{election.id}: no stage {stage_id}"
    return found


def _source_codes(path: Path, column: str | None) -> set[str]:
    """The codes of a shared list (only the rows whose ``column`` starts with "yes", if given)."""
    rows = [
        line.split("\t")
        for line in path.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    header, body = rows[0], rows[1:]
    code = header.index("code")
    if column is None:
        return {row[code] for row in body}
    wanted = header.index(column)
    return {row[code] for row in body if row[wanted].startswith("yes")}


def _with_successors(codes: set[str]) -> set[str]:
    return codes | {new for code in codes for new in SPLITS.get(code, ())}


@pytest.mark.parametrize(("election_id", "row"), ROWS)
def test_each_transcribed_stage_has_its_dates_confidence_and_instrument(
    dataset: Dataset, election_id: str, row: Row
) -> None:
    """The stage's days, confidence and first instrument are the transcription's."""
    stage_id, first, last, confidence, instrument = row
    stage = _stage(_election(dataset, election_id), stage_id)
    assert (_day(first), _day(first if last == SAME else last)) == (
        stage.first_day,
        stage.last_day,
    )
    assert confidence == stage.confidence
    assert instrument == stage.basis[0].instrument


@pytest.mark.parametrize("election_id", sorted(ELECTIONS))
def test_every_dated_stage_is_transcribed(dataset: Dataset, election_id: str) -> None:
    """No date of a new election escapes the check: each dated stage is a transcribed row."""
    election = _election(dataset, election_id)
    dated = {s.id for s in election.stages if s.dated}
    assert dated == {row[0] for row in ELECTIONS[election_id]}


@pytest.mark.parametrize("election_id", sorted(ELECTIONS))
def test_undated_stages_are_the_transcribed_ones(dataset: Dataset, election_id: str) -> None:
    """A stage the sources do not date publishably is kept undated, with its reason."""
    election = _election(dataset, election_id)
    undated = {(s.id, s.confidence) for s in election.stages if not s.dated}
    assert undated == set(UNDATED.get(election_id, []))
    assert all(s.undated is not None for s in election.stages if not s.dated)


def test_derived_dates_are_flagged_and_only_they_are(dataset: Dataset) -> None:
    """A date the sources do not state is published only with ``derived`` (and low confidence)."""
    for election_id in ELECTIONS:
        election = _election(dataset, election_id)
        flagged = {s.id for s in election.stages if s.derived is not None}
        assert flagged == set(DERIVED.get(election_id, [])), election_id
        for stage_id in flagged:
            assert "low" == _stage(election, stage_id).confidence


def test_the_2019_recapitulation_has_its_schedule_and_the_days_it_actually_ran(
    dataset: Dataset,
) -> None:
    """Scheduled 25 Apr - 22 May 2019 (PKPU 7/2017); the national plenary ran 4-21 May 2019."""
    stage = _stage(_election(dataset, "pemilu-2019"), "rekapitulasi")
    assert (dt.date(2019, 4, 25), dt.date(2019, 5, 22)) == (stage.first_day, stage.last_day)
    assert stage.actual is not None
    assert (dt.date(2019, 5, 4), dt.date(2019, 5, 21)) == (stage.actual.start, stage.actual.end)


def test_pemilu_2029_is_announced_with_its_legal_facts(dataset: Dataset) -> None:
    """No voting day, no window, no dated stage; MK 135/PUU-XXII/2024 and the 20-month rule."""
    election = _election(dataset, "pemilu-2029")
    assert ("announced", None, None) == (election.status, election.voting_day, election.window)
    assert not any(s.dated for s in election.stages)
    assert [
        (e.id, e.date.isoformat(), e.confidence, e.basis[0].instrument) for e in election.events
    ] == [tuple(row) for row in PEMILU_2029_EVENTS]
    assert [(r.id, r.basis[0].instrument, r.basis[0].provision) for r in election.relative] == [
        tuple(row) for row in PEMILU_2029_RELATIVE
    ]


def test_every_re_vote_is_a_stage_of_pilkada_2024_held_only_in_its_region(
    dataset: Dataset,
) -> None:
    """Each PSU of the table: a voting day in its one region, citing its ruling where numbered."""
    election = _election(dataset, "pilkada-2024")
    re_votes = [s for s in election.stages if s.regions and s.category == "voting"]
    assert sorted((s.regions, s.date) for s in re_votes) == sorted(
        ((code,), _day(day)) for code, day, _, _ in PSU
    )
    for code, day, case, confidence in PSU:
        (stage,) = [s for s in re_votes if s.regions == (code,) and s.date == _day(day)]
        assert confidence == stage.confidence, stage.id
        cited = [b.instrument for b in stage.basis]
        if case is not None:
            assert f"Putusan MK {case}" in cited, stage.id
        assert "pemungutan-suara" != stage.id


def test_the_barito_utara_second_ruling_is_dated(dataset: Dataset) -> None:
    """Putusan MK 313/PHPU.BUP-XXIII/2025 of 14 May 2025, in Barito Utara only."""
    election = _election(dataset, "pilkada-2024")
    for code, day, case, confidence in PSU_RULINGS:
        (stage,) = [
            s
            for s in election.stages
            if s.regions == (code,) and s.category != "voting" and s.date == _day(day)
        ]
        assert confidence == stage.confidence
        assert f"Putusan MK {case}" in [b.instrument for b in stage.basis]


def test_the_re_votes_were_added_by_the_rulings(dataset: Dataset) -> None:
    """Every stage held only in some regions was added by an official entry decided by MK."""
    election = _election(dataset, "pilkada-2024")
    for stage in election.stages:
        if not stage.regions:
            continue
        assert first_published(election)[stage.id] is None, stage.id
        ((change, touch),) = touches(election, stage.id)
        assert ("official", "added") == (change.kind, touch.action), stage.id
        assert change.decided in (dt.date(2025, 2, 24), dt.date(2025, 5, 14)), stage.id


def test_a_region_sees_its_re_vote_and_no_other(dataset: Dataset) -> None:
    """Siak's feed holds Siak's re-vote; Kebumen's none; Papua's governor re-vote reaches Jayapura."""
    election = _election(dataset, "pilkada-2024")
    siak, kebumen, jayapura = (dataset.regions[c] for c in ("14.08", "33.05", "91.71"))
    assert ["psu-14-08"] == [
        s.id for s in election.stages if s.regions and stage_applies(s.regions, siak)
    ]
    assert [] == [s.id for s in election.stages if s.regions and stage_applies(s.regions, kebumen)]
    assert any(s.regions == ("91",) and stage_applies(s.regions, jayapura) for s in election.stages)


@pytest.mark.parametrize(("election_id", "counts"), sorted(HELD_COUNTS.items()))
def test_held_lists_have_their_counts_per_level(
    dataset: Dataset, election_id: str, counts: tuple[int, int, int]
) -> None:
    """Provinces, kabupaten and kota of each list, as the source counts them."""
    levels = [dataset.regions[c].level for c in _election(dataset, election_id).regions]
    assert counts == (levels.count("provinsi"), levels.count("kabupaten"), levels.count("kota"))


@pytest.mark.skipif(not LIST_2015.is_file(), reason=f"the source list is not at {LIST_2015}")
def test_the_2015_region_set_equals_its_source_list(dataset: Dataset) -> None:
    """The codes marked as held in 2015 (plus successors of split provinces) are the election's."""
    election = _election(dataset, "pilkada-2015")
    assert _with_successors(_source_codes(LIST_2015, "in_2015")) == set(election.regions)


@pytest.mark.skipif(not LIST_2017.is_file(), reason=f"the source list is not at {LIST_2017}")
def test_the_2017_region_set_equals_its_source_list(dataset: Dataset) -> None:
    """The 101 codes of the 2017 list, plus 96: Papua Barat in 2017 covers today's 92 and 96."""
    election = _election(dataset, "pilkada-2017")
    listed = _source_codes(LIST_2017, None)
    assert 101 == len(listed)
    assert _with_successors(listed) == set(election.regions)
    assert {"92", "96"} <= set(election.regions)


def test_five_regions_of_2015_did_not_vote_on_the_common_day(dataset: Dataset) -> None:
    """The common voting day leaves out the five postponed races; their own stage names them."""
    election = _election(dataset, "pilkada-2015")
    common = _stage(election, "pemungutan-suara")
    postponed = _stage(election, "pemungutan-suara-ditunda")
    assert set(common.regions) == set(election.regions) - set(POSTPONED_2015)
    assert set(postponed.regions) == set(POSTPONED_2015)
    assert postponed.note is not None


def test_the_dki_second_round_of_2017_is_held_only_in_dki(dataset: Dataset) -> None:
    """19 April 2017, in DKI Jakarta (31) and its kabupaten/kota only."""
    election = _election(dataset, "pilkada-2017")
    second = _stage(election, "pemungutan-suara-putaran-kedua")
    assert (("31",), dt.date(2017, 4, 19)) == (second.regions, second.date)
    assert stage_applies(second.regions, dataset.regions["31.74"])
    assert not stage_applies(second.regions, dataset.regions["11"])


def test_coverage_unknown_is_held_nowhere_never_everywhere(dataset: Dataset) -> None:
    """Pilkada 2018 has no list: no region holds it, so no region resource names it."""
    election = _election(dataset, "pilkada-2018")
    assert ("unknown", ()) == (election.reach, election.regions)
    assert not any(holds(election, r) for r in dataset.regions.values())
    assert not any("pilkada-2018" in dataset.elections_held_in(c) for c in dataset.regions)


def test_the_2025_re_runs_are_held_in_pangkalpinang_and_bangka_only(dataset: Dataset) -> None:
    """The regent of Bangka and the mayor of Pangkalpinang; no other region."""
    election = _election(dataset, "pilkada-ulang-2025")
    held = {c for c in dataset.regions if "pilkada-ulang-2025" in dataset.elections_held_in(c)}
    assert {"19.01", "19.71"} == held
    assert ("bupati",) == tuple(c.id for c in contests_in(election, dataset.regions["19.01"]))
    assert ("walikota",) == tuple(c.id for c in contests_in(election, dataset.regions["19.71"]))


@pytest.mark.parametrize("election_id", ["pileg-2014", "pilpres-2014", "pemilu-2029"])
def test_general_elections_are_held_everywhere(dataset: Dataset, election_id: str) -> None:
    """Every province and kabupaten/kota holds a Pemilu."""
    assert [] == [c for c in dataset.regions if election_id not in dataset.elections_held_in(c)]


@pytest.mark.parametrize("election_id", sorted(ELECTIONS))
def test_nothing_on_the_not_publishable_list_is_published(election_id: str) -> None:
    """No fact the source marks not publishable appears in a new election's data.

    The files' comments may name them, to say they are left out; the data (what is served) may not.
    """
    lines = (FIXTURES / f"{election_id}.toml").read_text("utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    assert [] == [claim for claim in NOT_PUBLISHABLE if claim in text]


@pytest.mark.parametrize("code", JAKARTA_UNITS)
def test_jakarta_units_elect_no_dprd_of_their_own(dataset: Dataset, code: str) -> None:
    """DKI's six administrative units have no DPRD kabupaten/kota (corrections.md, section 3a)."""
    region = dataset.regions[code]
    for election_id in ("pileg-2014", "pemilu-2019", "pemilu-2024"):
        offices = {c.id for c in contests_in(_election(dataset, election_id), region)}
        assert "dprd-kabupaten-kota" not in offices
        assert {"dpr", "dprd-provinsi"} <= offices
