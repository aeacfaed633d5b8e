"""An election held only in listed regions: its list file, and the contests each region holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.regions import contests_in, holds
from support.elections import folder_with, small_election, toml_document, violations_of


def _pilkada(held: str | None) -> dict[str, object]:
    doc = small_election()
    doc["kind"] = "pilkada"
    doc["contests"] = [
        {"id": "gubernur", "office": {"id": "G", "en": "G"}, "level": "provinsi"},
        {"id": "bupati", "office": {"id": "B", "en": "B"}, "level": "kabupaten"},
        {"id": "walikota", "office": {"id": "W", "en": "W"}, "level": "kota"},
    ]
    if held is not None:
        doc["held_in"] = held
    return doc


def _folder(tmp_path: Path, listed: str, held: str = "held/uji.tsv") -> Path:
    folder = folder_with(tmp_path, {"uji-2030.toml": toml_document(_pilkada(held))})
    (folder / "held").mkdir()
    (folder / "held" / "uji.tsv").write_text(listed, "utf-8")
    return folder


def test_listed_regions_hold_the_contest_of_their_level(tmp_path: Path) -> None:
    """A listed province elects a governor (its kabupaten/kota too); a kabupaten a regent."""
    data = load_dataset(_folder(tmp_path, "# a list\ncode\n33\n33.05\n"))
    (election,) = data.elections
    assert ("33", "33.05") == election.regions
    kebumen, province = data.regions["33.05"], data.regions["33"]
    assert ["gubernur", "bupati"] == [c.id for c in contests_in(election, kebumen)]
    assert ["gubernur"] == [c.id for c in contests_in(election, province)]
    other = next(r for r in data.regions.values() if r.province == "33" and r.code != "33.05")
    assert ["gubernur"] == [c.id for c in contests_in(election, other)]
    elsewhere = data.regions["31"]
    assert not holds(election, elsewhere)


def test_without_a_list_every_region_of_a_level_holds_its_contest(tmp_path: Path) -> None:
    """A kota elects a mayor and never a regent; a kabupaten the reverse."""
    folder = folder_with(tmp_path, {"uji-2030.toml": toml_document(_pilkada(None))})
    data = load_dataset(folder)
    (election,) = data.elections
    for region in data.regions.values():
        offices = [c.id for c in contests_in(election, region)]
        expected = {"provinsi": [], "kabupaten": ["bupati"], "kota": ["walikota"]}[region.level]
        assert ["gubernur", *expected] == offices, region.code


@pytest.mark.parametrize(
    ("listed", "held", "message"),
    [
        ("code\n33.05\n", "held/missing.tsv", "held_in 'held/missing.tsv': no such file"),
        ("code\n33.05\n", "../regions.tsv", "held_in '../regions.tsv': no such file"),
        ("codes\n33.05\n", "held/uji.tsv", "the first line after the comments must be"),
        ("code\n3305\n", "held/uji.tsv", "bad code"),
        ("code\n99.99\n", "held/uji.tsv", "names unknown 99.99"),
        ("code\n33.05\n33.05\n", "held/uji.tsv", "names 33.05 twice"),
    ],
)
def test_a_bad_region_list_is_one_line_naming_the_file(
    tmp_path: Path, listed: str, held: str, message: str
) -> None:
    """A missing, malformed or unknown list entry is refused, naming the election's file."""
    folder = _folder(tmp_path, listed, held)
    (problem,) = violations_of(folder)
    assert str(folder / "uji-2030.toml") == problem.source
    assert message in problem.message
