"""Pilkada 2020 against docs/sources/schedules-more.md, and its region list against its source list.

The dates are transcribed by hand in tests/pilkada2020_transcribed.py from the source's table of
old (PKPU 15/2019) and new (PKPU 5/2020) dates and from its dated change log. The old dates must
be the stage as first published (the ``before`` of its first change), the new ones today's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

import pytest

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.history import first_published, sequence
from pemilu_api.domain.loader import parse_region_list
from pemilu_api.domain.models import Election
from pemilu_api.domain.regions import contests_in
from support.pilkada2020 import CHANGE_LOG, PUBLICATION, STAGE_DATES

ROOT: Final = Path(__file__).parents[2]
HELD: Final = ROOT / "fixtures" / "held" / "pilkada-2020.tsv"
# The list the region file was derived from, beside the project (the product never reads it).
SOURCE_LIST: Final = ROOT.parent / "shared" / "data" / "pilkada-2020-regions.tsv"


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


@pytest.fixture(scope="module")
def election(dataset: Dataset) -> Election:
    """Pilkada 2020 as loaded."""
    found = dataset.election("pilkada-2020")
    assert found is not None
    return found


def test_every_stage_is_transcribed_and_every_transcribed_stage_exists(election: Election) -> None:
    """The fixture holds exactly the stages of the transcription."""
    assert sorted(row[0] for row in STAGE_DATES) == sorted(s.id for s in election.stages)


@pytest.mark.parametrize("row", STAGE_DATES, ids=[row[0] for row in STAGE_DATES])
def test_old_dates_are_the_first_published_and_new_dates_today(
    election: Election, row: tuple[str, str | None, str | None, str | None, str | None, str]
) -> None:
    """The old dates are the stage as first published; the new ones are its dates today."""
    stage_id, old_start, old_end, new_start, new_end, confidence = row
    first = first_published(election)[stage_id]
    assert first is not None
    assert (_day(old_start), _day(old_end)) == (first.start, first.end)
    stage = election.stage(stage_id)
    assert stage is not None
    if new_end is None:
        # Only a start (or nothing) is known today: the stage is undated, with a reason.
        assert stage.undated is not None
        assert (None, None) == (stage.first_day, stage.last_day)
    else:
        assert (_day(new_start), _day(new_end)) == (stage.first_day, stage.last_day)
    assert confidence.split(" / ")[1] == stage.confidence


def test_the_change_log_is_the_sources_chain_of_instruments(election: Election) -> None:
    """A publication (PKPU 15/2019), then the suspension, the new schedule and the resumption."""
    decided, instrument, _ = PUBLICATION
    first, *rest = election.changes
    assert ("publication", dt.date.fromisoformat(decided), instrument) == (
        first.kind,
        first.decided,
        first.instrument.instrument if first.instrument else None,
    )
    assert [(dt.date.fromisoformat(d), i) for d, i, _ in CHANGE_LOG] == [
        (c.decided, c.instrument.instrument if c.instrument else None) for c in rest
    ]
    assert {"official"} == {c.kind for c in rest}


def test_the_voting_day_moved_from_23_september_to_9_december_2020(election: Election) -> None:
    """The original voting day stays in the history; the stage's sequence counts its one move."""
    stage = election.stage("pemungutan-suara")
    assert stage is not None
    assert (dt.date(2020, 12, 9), dt.date(2020, 12, 9)) == (stage.first_day, election.voting_day)
    first = first_published(election)["pemungutan-suara"]
    assert first is not None
    assert dt.date(2020, 9, 23) == first.start
    assert 1 == sequence(election, "pemungutan-suara")


def test_suspended_stages_were_suspended_then_resumed(election: Election) -> None:
    """Each stage Keputusan 179 suspended is resumed by Keputusan 258 and scheduled today."""
    suspension, resumption = election.changes[1], election.changes[3]
    suspended = {t.stage for t in suspension.touched if t.action == "suspended"}
    resumed = {t.stage for t in resumption.touched if t.action == "resumed"}
    assert suspended
    assert suspended == resumed
    for stage_id in suspended:
        stage = election.stage(stage_id)
        assert stage is not None
        assert "scheduled" == stage.status
        assert 3 == sequence(election, stage_id)


def test_the_region_set_is_the_270_of_the_list(election: Election, dataset: Dataset) -> None:
    """270 regions: 9 provinces, 224 kabupaten and 37 kota, every code in the regions table."""
    levels = [dataset.regions[code].level for code in election.regions]
    assert (270, 9, 224, 37) == (
        len(set(election.regions)),
        levels.count("provinsi"),
        levels.count("kabupaten"),
        levels.count("kota"),
    )
    assert parse_region_list(HELD.read_text("utf-8")) == list(election.regions)


@pytest.mark.skipif(not SOURCE_LIST.is_file(), reason=f"the source list is not at {SOURCE_LIST}")
def test_the_region_set_equals_its_source_list(election: Election) -> None:
    """The codes marked as held in 2020 in the source list are exactly the election's."""
    rows = [
        line.split("\t")
        for line in SOURCE_LIST.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    header, body = rows[0], rows[1:]
    code, in_2020 = header.index("code"), header.index("in_2020")
    listed = {row[code] for row in body if row[in_2020].startswith("yes")}
    assert listed == set(election.regions)


def test_regions_hold_the_contests_of_their_level(election: Election, dataset: Dataset) -> None:
    """A listed kabupaten elects a regent, a listed kota a mayor, a listed province a governor."""
    for code in election.regions:
        region = dataset.regions[code]
        offices = {c.id for c in contests_in(election, region)}
        expected = {"provinsi": "gubernur", "kabupaten": "bupati", "kota": "walikota"}[region.level]
        assert expected in offices
    unlisted = next(
        r
        for r in dataset.regions.values()
        if r.code not in set(election.regions) and r.province not in set(election.regions)
    )
    assert () == contests_in(election, unlisted)
