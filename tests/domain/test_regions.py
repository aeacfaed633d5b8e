"""The regions table: how it is read, what it refuses, and which contests and stages a region has.

Each rule about a region is checked against an oracle that spells the rule out over the whole
table (every region, every contest level, any exclusions and lists).
"""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Contest, Region
from pemilu_api.domain.regions import (
    COLUMNS,
    contest_covers,
    contests_in,
    find_regions,
    holds,
    parse_regions,
    stage_applies,
)
from pemilu_api.domain.violations import Violation
from pemilu_api.domain.vocabulary import Text
from support.elections import REGIONS, REGIONS_TSV

DATA = load_dataset()
HEADER = "\t".join(COLUMNS)
CODES = sorted(REGIONS)
PROVINCES = sorted(code for code, r in REGIONS.items() if r.level == "provinsi")


def _table(*rows: str) -> str:
    """A regions table: the header, then the rows (cells separated by tabs)."""
    return "\n".join([HEADER, *rows]) + "\n"


def _messages(text: str) -> list[str]:
    """The messages of the violations of a table (each of rule ``regions``, naming no stage)."""
    _, problems = parse_regions(text, "regions.tsv")
    assert all(("regions.tsv", (), "regions") == (v.source, v.stages, v.rule) for v in problems)
    return [v.message for v in problems]


def test_the_real_table_is_read_whole_and_clean() -> None:
    """The fixture's table gives 552 regions and no violation; comments and blank lines are skipped."""
    regions, problems = parse_regions(REGIONS_TSV.read_text("utf-8"), "regions.tsv")
    assert [] == problems
    assert 552 == len(regions)
    expected = Region(
        code="33.05",
        level="kabupaten",
        name="Kabupaten Kebumen",
        province="33",
        time_zone="Asia/Jakarta",
    )
    assert expected == regions["33.05"]
    assert REGIONS == regions


def test_rows_keep_the_table_order_and_skip_comments_and_blank_lines() -> None:
    """A comment or blank line anywhere is not a row; the regions keep the order of the rows."""
    text = "# regions\n\n" + _table(
        "33\tprovinsi\tJawa Tengah\t33\tAsia/Jakarta",
        "",
        "# Kebumen next",
        "33.05\tkabupaten\tKabupaten Kebumen\t33\tAsia/Jakarta",
    )
    regions, problems = parse_regions(text, "regions.tsv")
    assert [] == problems
    assert ["33", "33.05"] == list(regions)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "code\tlevel\tname\n33\tprovinsi\n",
        # The table is tab-separated: the right words with spaces between are not its header.
        "code level name province_code time_zone\n",
    ],
)
def test_a_table_without_its_header_is_refused_whole(text: str) -> None:
    """No header (or another one): one violation naming the columns, and no region."""
    regions, problems = parse_regions(text, "regions.tsv")
    message = "header must be the columns code level name province_code time_zone"
    assert [Violation("regions.tsv", (), "regions", message)] == problems
    assert {} == regions


def test_a_row_with_a_wrong_number_of_cells_is_named_by_its_row() -> None:
    """Rows are numbered from the header (row 1), skipping comments; the row is left out."""
    text = _table(
        "33\tprovinsi\tJawa Tengah\t33\tAsia/Jakarta",
        "# not a row",
        "33.05\tkabupaten\tKabupaten Kebumen\t33",
        "33.06\tkabupaten\tKabupaten Purworejo\t33\tAsia/Jakarta\textra",
    )
    regions, _ = parse_regions(text, "regions.tsv")
    assert ["row 3: 4 cells", "row 4: 6 cells"] == _messages(text)
    assert ["33"] == list(regions)


def test_a_row_that_is_not_a_region_is_named_with_its_code() -> None:
    """A level outside the vocabulary is refused, naming the row, the code and the field.

    The rows after it are still read.
    """
    text = _table(
        "33\tprovinsi\tJawa Tengah\t33\tAsia/Jakarta",
        "33.05\tdesa\tKebumen\t33\tAsia/Jakarta",
        "33.06\tkabupaten\tKabupaten Purworejo\t33\tAsia/Jakarta",
    )
    regions, _ = parse_regions(text, "regions.tsv")
    (message,) = _messages(text)
    assert message.startswith("row 3 (33.05): ")
    assert "$.level" in message
    assert ["33", "33.06"] == list(regions)


def test_a_code_twice_is_a_duplicate_and_the_later_row_wins() -> None:
    """The second row with a code is reported as a duplicate; the region is the later row."""
    text = _table(
        "33\tprovinsi\tJawa Tengah\t33\tAsia/Jakarta",
        "33.05\tkabupaten\tKabupaten Kebumen\t33\tAsia/Jakarta",
        "33.05\tkabupaten\tKebumen\t33\tAsia/Jakarta",
    )
    regions, _ = parse_regions(text, "regions.tsv")
    assert ["row 4: duplicate code 33.05"] == _messages(text)
    assert "Kebumen" == regions["33.05"].name


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            ["33\tkabupaten\tJawa Tengah\t33\tAsia/Jakarta"],
            [
                "33: a province is its own province, and only a province",
                "33: province 33 is not in the table",
            ],
        ),
        (
            [
                "33\tprovinsi\tJawa Tengah\t33\tAsia/Jakarta",
                "33.05\tprovinsi\tKebumen\t33\tAsia/Jakarta",
            ],
            ["33.05: a province is its own province, and only a province"],
        ),
        (
            [
                "33\tprovinsi\tJawa Tengah\t33\tAsia/Jakarta",
                "34.05\tkabupaten\tKebumen\t33\tAsia/Jakarta",
            ],
            ["34.05: code does not start with its province 33"],
        ),
        (
            ["33.05\tkabupaten\tKebumen\t33\tAsia/Jakarta"],
            ["33.05: province 33 is not in the table"],
        ),
        (
            [
                "33\tprovinsi\tJawa Tengah\t33\tAsia/Jakarta",
                "33.01\tkabupaten\tCilacap\t33\tAsia/Jakarta",
                "33.05\tkota\tKebumen\t33.01\tAsia/Jakarta",
            ],
            [
                "33.05: code does not start with its province 33.01",
                "33.05: province 33.01 is not in the table",
            ],
        ),
        (
            [
                "33\tprovinsi\tJawa Tengah\t33\tAsia/Jakarta",
                "33.05\tkabupaten\tKebumen\t33\tAsia/Makassar",
            ],
            ["33.05: time zone Asia/Makassar differs from its province's"],
        ),
        (
            ["33\tprovinsi\tJawa Tengah\t33\tAsia/Nowhere"],
            ["33: unknown time zone Asia/Nowhere"],
        ),
        (
            ["33\tprovinsi\tJawa Tengah\t33\t../etc"],
            ["33: unknown time zone ../etc"],
        ),
    ],
)
def test_each_region_is_checked_against_its_province(rows: list[str], expected: list[str]) -> None:
    """Province of itself, code prefix, province in the table, same zone, known zone: each named."""
    assert expected == _messages(_table(*rows))


def _contest(level: str, exclude: tuple[str, ...]) -> Contest:
    """A contest at ``level`` that excludes the codes in ``exclude``."""
    office = Text(id="Jabatan", en="Office")
    return Contest(id="uji", office=office, level=level, exclude=exclude)  # type: ignore[arg-type]


def _covers_oracle(level: str, exclude: set[str], listed: set[str], region: Region) -> bool:
    """Where a contest is held, from the rules in words.

    A national contest is held everywhere. A provincial one in every region of a province that is
    not excluded and (with a list) listed. A local one only in a kabupaten/kota of its level (both
    for kabupaten-kota) that is not excluded and (with a list) listed.
    """
    if level == "national":
        return True
    if level == "provinsi":
        return region.province not in exclude and (not listed or region.province in listed)
    levels = {"kabupaten-kota": {"kabupaten", "kota"}, "kabupaten": {"kabupaten"}}
    right_level = region.level in levels.get(level, {level})
    return right_level and region.code not in exclude and (not listed or region.code in listed)


def _near(code: str) -> st.SearchStrategy[set[str]]:
    """Sets of codes from the region's own province (so that they often matter) and elsewhere."""
    province = REGIONS[code].province
    nearby = [c for c in CODES if REGIONS[c].province == province][:6] + CODES[:3]
    return st.sets(st.sampled_from(nearby), max_size=4)


@settings(max_examples=400, deadline=None)
@given(
    data=st.data(),
    code=st.sampled_from(CODES),
    level=st.sampled_from(["national", "provinsi", "kabupaten-kota", "kabupaten", "kota"]),
)
def test_a_contest_is_held_where_the_rules_say(data: st.DataObject, code: str, level: str) -> None:
    """For any region, contest level, exclusions and list: held exactly where the oracle says."""
    exclude = data.draw(_near(code), label="exclude")
    listed = data.draw(_near(code), label="listed")
    region = REGIONS[code]
    contest = _contest(level, tuple(sorted(exclude)))
    expected = _covers_oracle(level, exclude, listed, region)
    assert expected == contest_covers(contest, region, frozenset(listed))
    if not listed:
        assert expected == contest_covers(contest, region)


def test_a_provincial_contest_reaches_the_kabupaten_of_a_listed_province() -> None:
    """Listing Jawa Tengah holds its governor's race in Kebumen; excluding it, nowhere there."""
    governor = _contest("provinsi", ())
    assert contest_covers(governor, REGIONS["33.05"], frozenset({"33"}))
    assert not contest_covers(governor, REGIONS["33.05"], frozenset({"33.05"}))
    assert not contest_covers(_contest("provinsi", ("33",)), REGIONS["33.05"])
    assert not contest_covers(_contest("kabupaten", ()), REGIONS["33"])
    assert not contest_covers(_contest("kabupaten-kota", ()), REGIONS["33"])
    assert not contest_covers(_contest("kabupaten-kota", ()), REGIONS["33"], frozenset({"33"}))


def test_an_election_listed_without_its_list_is_held_nowhere() -> None:
    """Held in listed regions, its list not read yet (or coverage unknown): no contest anywhere.

    Never all regions: an empty list means no list, not "everywhere".
    """
    pemilu = DATA.election("pemilu-2024")
    assert pemilu is not None
    unread = msgspec.structs.replace(pemilu, held_in="held/uji.tsv", regions=())
    unknown = msgspec.structs.replace(pemilu, coverage="unknown")
    assert ("listed", "unknown") == (unread.reach, unknown.reach)
    for election in (unread, unknown):
        for code in ("33", "33.05", "91.71"):
            assert () == contests_in(election, REGIONS[code])
            assert not holds(election, REGIONS[code])
    assert contests_in(pemilu, REGIONS["33.05"])


@settings(max_examples=200, deadline=None)
@given(code=st.sampled_from(CODES), data=st.data())
def test_a_stage_applies_where_its_list_names_the_region_or_its_province(
    code: str, data: st.DataObject
) -> None:
    """An empty list is everywhere; else the region's code or its province's must be listed."""
    listed = data.draw(_near(code), label="stage regions")
    region = REGIONS[code]
    expected = not listed or any(c in (region.code, region.province) for c in listed)
    assert expected == stage_applies(sorted(listed), region)
    assert expected == stage_applies(iter(sorted(listed)), region)


@settings(max_examples=200, deadline=None)
@given(
    province=st.none() | st.sampled_from([*PROVINCES, "99"]),
    level=st.none() | st.sampled_from(["provinsi", "kabupaten", "kota"]),
    needle=st.none() | st.sampled_from(["", "kota", "KOTA", "jawa", "Kebumen", "xyz", "a"]),
)
def test_find_regions_keeps_the_table_order_and_every_filter(
    province: str | None, level: str | None, needle: str | None
) -> None:
    """Each filter (None: any) narrows the table; the name filter ignores case."""
    expected = [
        r.code
        for r in REGIONS.values()
        if province in (None, r.province)
        and level in (None, r.level)
        and (needle is None or needle.lower() in r.name.lower())
    ]
    assert expected == [r.code for r in find_regions(REGIONS, province, level, needle)]


def test_find_regions_matches_a_name_in_any_case() -> None:
    """Searching "kebumen" finds Kabupaten Kebumen, "KOTA JAYAPURA" Kota Jayapura."""
    assert ["33.05"] == [r.code for r in find_regions(REGIONS, needle="kebumen")]
    assert ["91.71"] == [r.code for r in find_regions(REGIONS, needle="KOTA JAYAPURA")]
