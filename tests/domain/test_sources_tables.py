"""The tables of docs/sources/schedules-more.md, parsed, against the transcriptions and the fixtures.

The hand transcriptions (tests/support/record.py and tests/support/pilkada2020.py) say which source
row each fixture stage comes from; this module reads the document's markdown tables itself and
checks that every transcribed row is a real row of its section, with the same days and confidence,
and that the court-ordered re-votes are exactly the rows of the source's re-vote table.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Final, NamedTuple

import pytest

from pemilu_api.domain.dataset import Dataset
from support.pilkada2020 import STAGE_DATES
from support.record import ELECTIONS, PSU, SAME

SOURCE: Final = Path(__file__).parents[2] / "docs" / "sources" / "schedules-more.md"
MONTHS: Final = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
DATE: Final = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r")[a-z]* (\d{4})\b")
# Each election's section of the document, by the start of its heading.
SECTIONS: Final = {
    "pileg-2014": "## Pemilu 2014, legislative",
    "pilpres-2014": "## Pemilu 2014, presidential",
    "pilkada-2015": "## Pilkada Serentak 2015",
    "pilkada-2017": "## Pilkada Serentak 2017",
    "pilkada-2018": "## Pilkada Serentak 2018",
    "pilkada-ulang-2025": "### Re-run elections where the empty box won",
}


class SourceRow(NamedTuple):
    """One table row of the document: its section, cells by column, and the days it gives."""

    section: str
    cells: dict[str, str]


def _tables(text: str) -> list[SourceRow]:
    """Every row of every markdown table, with the heading it stands under."""
    rows: list[SourceRow] = []
    heading = ""
    header: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("#"):
            heading, header = line, None
        elif not line.startswith("|"):
            header = None
        elif header is None:
            header = [c.strip() for c in line.strip().strip("|").split("|")]
        elif not set(line) <= set("|-: "):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.append(SourceRow(heading, dict(zip(header, cells, strict=False))))
    return rows


ROWS: Final = _tables(SOURCE.read_text("utf-8"))


def first_date(cell: str) -> dt.date | None:
    """The first day a cell names ("Wed 27 Aug 2025", "23 Aug 2025 (30 days)"), or None."""
    match = DATE.search(cell)
    if match is None:
        return None
    day, month, year = match.groups()
    return dt.date(int(year), MONTHS[month[:3]], int(day))


def _days(row: SourceRow, start: str = "start", end: str = "end") -> tuple[dt.date | None, ...]:
    first = first_date(row.cells.get(start, ""))
    last = first_date(row.cells.get(end, "")) or first
    return first, last


def _in(prefix: str) -> list[SourceRow]:
    return [row for row in ROWS if row.section.startswith(prefix)]


def test_the_document_has_the_tables_the_transcriptions_name() -> None:
    """Every election's section holds a stage table (tahapan, start, end, conf.)."""
    for election_id, prefix in SECTIONS.items():
        rows = [r for r in _in(prefix) if {"start", "end", "conf."} <= set(r.cells)]
        assert rows, election_id


@pytest.mark.parametrize("election_id", sorted(SECTIONS))
def test_every_transcribed_stage_is_a_row_of_its_section(election_id: str) -> None:
    """Each transcribed (first day, last day, confidence) is the days of a row of the section."""
    rows = [r for r in _in(SECTIONS[election_id]) if {"start", "end"} <= set(r.cells)]
    found: list[tuple[dt.date | None, dt.date | None, str]] = [
        (first_date(r.cells["start"]), first_date(r.cells["end"]), r.cells.get("conf.", ""))
        for r in rows
    ]
    for stage_id, start, end, confidence, _ in ELECTIONS[election_id]:
        first = dt.date.fromisoformat(start)
        last = first if end == SAME else dt.date.fromisoformat(end)
        # A period is a row's start and end; a single day is a row's day, or the one day a row
        # gives in either column (a deadline taken from a period's end, a result from its day).
        matching = [
            conf
            for a, b, conf in found
            if (a, b or a) == (first, last) or (first == last and first in (a, b))
        ]
        assert matching, f"{election_id} {stage_id}: no row gives {first}..{last}"
        if confidence != "low":
            # A derived row says so instead of a grade; every other row leads with its grade.
            assert any(confidence in conf for conf in matching), (stage_id, matching)


def test_the_re_votes_are_exactly_the_rows_of_the_re_vote_table() -> None:
    """Region code and voting day of every re-vote row, both ways (Barito Utara twice)."""
    table = [
        r
        for r in _in("### Re-votes ordered by the Constitutional Court")
        if "voting day" in r.cells
    ]
    parsed = set()
    for row in table:
        code = re.search(r"\((\d{2}(?:\.\d{2})?)\)", row.cells["region (code)"])
        assert code is not None, row.cells["region (code)"]
        parsed.add((code.group(1), first_date(row.cells["voting day"])))
    assert parsed == {(code, dt.date.fromisoformat(day)) for code, day, _, _ in PSU}
    assert 25 == len(table)


def test_the_re_votes_are_stages_of_pilkada_2024_on_those_days(dataset: Dataset) -> None:
    """Each parsed re-vote is a voting stage of Pilkada 2024 held only in its region."""
    election = dataset.election("pilkada-2024")
    assert election is not None
    revotes = {
        (s.regions, s.first_day)
        for s in election.stages
        if s.category == "voting" and s.regions and s.first_day is not None
    }
    for code, day, _, _ in PSU:
        assert ((code,), dt.date.fromisoformat(day)) in revotes, code


def test_pilkada_2020_old_and_new_dates_are_the_rows_of_its_table() -> None:
    """The transcribed old and new dates of Pilkada 2020 are the days of its comparison table."""
    rows = _in("### Old against new dates")
    parsed = {(*_days(r, "old start", "old end"), *_days(r, "new start", "new end")) for r in rows}
    for stage_id, old_start, old_end, new_start, new_end, _ in STAGE_DATES:
        if None in (old_start, old_end, new_start, new_end):
            continue  # undated or unpublished on one side: checked in test_sources_more.py
        assert old_start is not None
        assert old_end is not None
        assert new_start is not None
        assert new_end is not None
        days = tuple(dt.date.fromisoformat(d) for d in (old_start, old_end, new_start, new_end))
        assert days in parsed, stage_id
