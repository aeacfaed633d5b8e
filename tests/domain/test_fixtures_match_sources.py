"""The fixtures carry exactly the dates of the source document, docs/sources/schedules.md.

The stage tables of Pemilu 2024 and Pilkada 2024 are parsed from the markdown; the dates given
only in its prose (sub-stages, what actually happened, the second round, Pemilu 2019) are
transcribed below by hand. Together they cover every dated stage of every fixture.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Final, Literal, NamedTuple

import msgspec
import pytest

from pemilu_api.domain.history import first_published
from pemilu_api.domain.models import Election, Snapshot, Stage
from pemilu_api.domain.vocabulary import Confidence, StageKind, Status
from support.corrections import CORRECTIONS

ROOT: Final = Path(__file__).parents[2]
SOURCE: Final = ROOT / "docs" / "sources" / "schedules.md"
FIXTURES: Final = ROOT / "fixtures"

# The elections of schedules.md; the others come from schedules-more.md (tests/test_sources_more.py).
ELECTIONS: Final = ("pemilu-2019", "pemilu-2024", "pilkada-2024")
MORE_ELECTIONS: Final = (
    "pilkada-2020",
    # Issue 10's record, checked in test_sources_record.py against schedules-more.md.
    "pileg-2014",
    "pilpres-2014",
    "pilkada-2015",
    "pilkada-2017",
    "pilkada-2018",
    "pilkada-ulang-2025",
    "pemilu-2029",
)

MONTHS: Final = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        start=1,
    )
}
DASH: Final = "\u2013"  # the en dash the source uses in ranges
DATE: Final = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")
HOURS: Final = re.compile(r"\b(\d{2}):(\d{2})" + DASH + r"(\d{2}):(\d{2})\b")
DAYS: Final = re.compile(r"\((\d+) days\)")

RowKind = Literal["period", "day", "deadline", "undated"]
Cite = tuple[str, str | None]


class SourceRow(NamedTuple):
    """One row of a stage table in the source document, read from the markdown."""

    election: str
    name: str
    kind: RowKind
    first: dt.date | None
    last: dt.date | None
    hours: tuple[dt.time, dt.time] | None
    days: int | None
    confidence: str


# Source table row (stage name as written in the source) -> fixture stage id.
TABLE_STAGES: Final[dict[str, dict[str, str]]] = {
    "pemilu-2024": {
        "Perencanaan program dan anggaran": "perencanaan-program-anggaran",
        "Penyusunan peraturan pelaksanaan penyelenggaraan Pemilu": "penyusunan-peraturan",
        "Pemutakhiran data pemilih dan penyusunan daftar pemilih": "pemutakhiran-data-pemilih",
        "Pendaftaran dan verifikasi peserta Pemilu": "pendaftaran-verifikasi-peserta",
        "Penetapan peserta Pemilu": "penetapan-peserta",
        "Penetapan jumlah kursi dan penetapan daerah pemilihan": "penetapan-kursi-dapil",
        "Pencalonan anggota DPD": "pencalonan-dpd",
        "Pencalonan anggota DPR, DPRD provinsi, DPRD kabupaten/kota": "pencalonan-dpr-dprd",
        "Pencalonan Presiden dan Wakil Presiden": "pencalonan-presiden",
        "Masa kampanye Pemilu": "kampanye",
        "Masa tenang": "masa-tenang",
        "Pemungutan suara": "pemungutan-suara",
        "Penghitungan suara": "penghitungan-suara",
        "Rekapitulasi hasil penghitungan suara": "rekapitulasi",
        "Penetapan hasil Pemilu": "penetapan-hasil",
        "Pengucapan sumpah/janji anggota DPR dan DPD": "sumpah-dpr-dpd",
        "Pengucapan sumpah/janji Presiden dan Wakil Presiden": "sumpah-presiden",
        "Pengucapan sumpah/janji anggota DPRD provinsi and kabupaten/kota": "sumpah-dprd",
    },
    "pilkada-2024": {
        "Perencanaan program dan anggaran": "perencanaan-program-anggaran",
        "Penyusunan peraturan; perencanaan penyelenggaraan (procedures and schedule)": (
            "penyusunan-peraturan"
        ),
        "Pembentukan PPK, PPS dan KPPS": "pembentukan-ppk-pps-kpps",
        "Pemberitahuan dan pendaftaran pemantau pemilihan": "pendaftaran-pemantau",
        "Penyerahan daftar penduduk potensial pemilih (DP4)": "penyerahan-dp4",
        "Pemenuhan persyaratan dukungan calon perseorangan": "dukungan-calon-perseorangan",
        "Pemutakhiran dan penyusunan daftar pemilih": "pemutakhiran-data-pemilih",
        "Pengumuman pendaftaran pasangan calon": "pengumuman-pendaftaran-paslon",
        "Pendaftaran pasangan calon": "pendaftaran-paslon",
        "Penelitian persyaratan calon": "penelitian-persyaratan-calon",
        "Penetapan pasangan calon": "penetapan-paslon",
        "Pengundian nomor urut": "pengundian-nomor-urut",
        "Pelaksanaan kampanye": "kampanye",
        "Masa tenang": "masa-tenang",
        "Pemungutan suara": "pemungutan-suara",
        "Penghitungan suara dan rekapitulasi hasil penghitungan suara": (
            "penghitungan-dan-rekapitulasi"
        ),
        "Penetapan calon terpilih": "penetapan-calon-terpilih",
        "Pelantikan (inauguration; Perpres 80/2024, changed by Perpres 13/2025)": "pelantikan",
    },
}

# The regulation whose appendix the table is, and the citations a row names beyond it.
TABLE_SECTIONS: Final = {"pemilu-2024": "Pemilu 2024", "pilkada-2024": "Pilkada 2024"}
TABLE_BASIS: Final[dict[str, Cite]] = {
    "pemilu-2024": ("PKPU 3/2022", "Lampiran"),
    "pilkada-2024": ("PKPU 2/2024", "Lampiran"),
}
ROW_BASIS: Final[dict[tuple[str, str], frozenset[Cite]]] = {
    ("pemilu-2024", "pencalonan-dpr-dprd"): frozenset(
        {("PKPU 3/2022", "Lampiran"), ("PKPU 10/2023", "Lampiran I")}
    ),
    ("pilkada-2024", "masa-tenang"): frozenset(
        {("PKPU 2/2024", "Lampiran"), ("PKPU 13/2024", None)}
    ),
    ("pilkada-2024", "pelantikan"): frozenset(
        {("Perpres 80/2024", None), ("Perpres 13/2025", None)}
    ),
}


class Expected(NamedTuple):
    """A date the source gives in prose, transcribed by hand: the stage must carry exactly it."""

    election: str
    stage: str
    kind: StageKind
    first: dt.date
    last: dt.date
    basis: tuple[Cite, ...] = ()
    status: Status = "scheduled"
    confidence: Confidence = "high"


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


PKPU_7_2017: Final[Cite] = ("PKPU 7/2017", None)

# Every date of the source's prose paragraphs, as transcribed from docs/sources/schedules.md.
PROSE: Final[tuple[Expected, ...]] = (
    # Pemilu 2024, "Sub-stages and what actually happened".
    Expected(
        "pemilu-2024", "pengumuman-pendaftaran-partai", "period", _d(2022, 7, 29), _d(2022, 7, 31)
    ),
    Expected("pemilu-2024", "pendaftaran-partai", "period", _d(2022, 8, 1), _d(2022, 8, 14)),
    Expected("pemilu-2024", "pengajuan-daftar-calon", "period", _d(2023, 5, 1), _d(2023, 5, 14)),
    Expected("pemilu-2024", "penetapan-dct", "day", _d(2023, 11, 3), _d(2023, 11, 3)),
    Expected(
        "pemilu-2024",
        "pendaftaran-paslon",
        "period",
        _d(2023, 10, 19),
        _d(2023, 10, 25),
        basis=(("PKPU 19/2023", None),),
    ),
    Expected("pemilu-2024", "penetapan-paslon", "day", _d(2023, 11, 13), _d(2023, 11, 13)),
    Expected("pemilu-2024", "pengundian-nomor-urut", "day", _d(2023, 11, 14), _d(2023, 11, 14)),
    Expected(
        "pemilu-2024",
        "kampanye-rapat-umum",
        "period",
        _d(2024, 1, 21),
        _d(2024, 2, 10),
        basis=(("PKPU 15/2023", None),),
    ),
    Expected(
        "pemilu-2024",
        "pemungutan-suara-luar-negeri",
        "period",
        _d(2024, 2, 5),
        _d(2024, 2, 14),
        basis=(("Keputusan KPU 1811/2023", None), ("Keputusan KPU 122/2024", None)),
    ),
    Expected(
        "pemilu-2024",
        "penetapan-hasil-nasional",
        "day",
        _d(2024, 3, 20),
        _d(2024, 3, 20),
        basis=(("Keputusan KPU 360/2024", None),),
    ),
    Expected("pemilu-2024", "putusan-mk-phpu-presiden", "day", _d(2024, 4, 22), _d(2024, 4, 22)),
    Expected(
        "pemilu-2024",
        "penetapan-presiden-terpilih",
        "day",
        _d(2024, 4, 24),
        _d(2024, 4, 24),
        basis=(("Keputusan KPU 504/2024", None),),
    ),
    # Pemilu 2024, the planned presidential second round (published, never held).
    Expected(
        "pemilu-2024",
        "putaran-kedua-pemutakhiran-data-pemilih",
        "period",
        _d(2024, 3, 22),
        _d(2024, 4, 25),
        status="cancelled",
        confidence="medium",
    ),
    Expected(
        "pemilu-2024",
        "putaran-kedua-kampanye",
        "period",
        _d(2024, 6, 2),
        _d(2024, 6, 22),
        status="cancelled",
    ),
    Expected(
        "pemilu-2024",
        "putaran-kedua-masa-tenang",
        "period",
        _d(2024, 6, 23),
        _d(2024, 6, 25),
        status="cancelled",
    ),
    Expected(
        "pemilu-2024",
        "putaran-kedua-pemungutan-suara",
        "day",
        _d(2024, 6, 26),
        _d(2024, 6, 26),
        status="cancelled",
    ),
    Expected(
        "pemilu-2024",
        "putaran-kedua-penghitungan-suara",
        "period",
        _d(2024, 6, 26),
        _d(2024, 6, 27),
        status="cancelled",
    ),
    Expected(
        "pemilu-2024",
        "putaran-kedua-rekapitulasi",
        "period",
        _d(2024, 6, 27),
        _d(2024, 7, 20),
        status="cancelled",
    ),
    # Pemilu 2019, the whole section.
    Expected(
        "pemilu-2019",
        "pendaftaran-calon-dpd",
        "period",
        _d(2018, 7, 2),
        _d(2018, 7, 8),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019",
        "pengajuan-daftar-calon",
        "period",
        _d(2018, 7, 4),
        _d(2018, 7, 17),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019",
        "pendaftaran-paslon",
        "period",
        _d(2018, 8, 4),
        _d(2018, 8, 10),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019",
        "penetapan-paslon",
        "day",
        _d(2018, 9, 20),
        _d(2018, 9, 20),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019",
        "pengundian-nomor-urut",
        "day",
        _d(2018, 9, 21),
        _d(2018, 9, 21),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019", "kampanye", "period", _d(2018, 9, 23), _d(2019, 4, 13), basis=(PKPU_7_2017,)
    ),
    Expected(
        "pemilu-2019",
        "kampanye-rapat-umum",
        "period",
        _d(2019, 3, 24),
        _d(2019, 4, 13),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019",
        "masa-tenang",
        "period",
        _d(2019, 4, 14),
        _d(2019, 4, 16),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019",
        "pemungutan-suara",
        "day",
        _d(2019, 4, 17),
        _d(2019, 4, 17),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019",
        "penghitungan-suara",
        "period",
        _d(2019, 4, 17),
        _d(2019, 4, 18),
        basis=(PKPU_7_2017, ("Putusan MK 20/PUU-XVII/2019", None)),
    ),
    Expected(
        "pemilu-2019",
        "rekapitulasi",
        "period",
        _d(2019, 4, 25),
        _d(2019, 5, 22),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019",
        "penetapan-hasil-nasional",
        "day",
        _d(2019, 5, 21),
        _d(2019, 5, 21),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019",
        "penetapan-presiden-terpilih",
        "day",
        _d(2019, 6, 30),
        _d(2019, 6, 30),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019",
        "sumpah-dpr-dpd",
        "day",
        _d(2019, 10, 1),
        _d(2019, 10, 1),
        basis=(PKPU_7_2017,),
    ),
    Expected(
        "pemilu-2019",
        "sumpah-presiden",
        "day",
        _d(2019, 10, 20),
        _d(2019, 10, 20),
        basis=(PKPU_7_2017,),
    ),
)

# "Voting day: Wednesday 14 Feb 2024", "Voting day: Wednesday 27 Nov 2024", "Voting 17 Apr 2019".
VOTING_DAYS: Final = {
    "pemilu-2024": _d(2024, 2, 14),
    "pilkada-2024": _d(2024, 11, 27),
    "pemilu-2019": _d(2019, 4, 17),
}

# "Voting day was a national holiday (Keppres 10/2024)"; "(holiday by Keppres 33/2024)".
# The source names no holiday decree for 2019.
HOLIDAYS: Final = frozenset(
    {
        ("pemilu-2024", "pemungutan-suara", "Keppres 10/2024"),
        ("pilkada-2024", "pemungutan-suara", "Keppres 33/2024"),
    }
)

# The election windows: Pasal 167(6) (20 months before voting day) to the President's oath;
# Pilkada from PKPU 2/2024's setting (26 Jan 2024) to the inauguration (20 Feb 2025).
WINDOWS: Final = {
    "pemilu-2024": (_d(2022, 6, 14), _d(2024, 10, 20)),
    # Ends with the last court-ordered re-votes of 6 Aug 2025 (schedules-more.md, checked in
    # test_sources_record.py), after the inauguration of 20 Feb 2025 this source gives.
    "pilkada-2024": (_d(2024, 1, 26), _d(2025, 8, 6)),
    "pemilu-2019": (_d(2017, 8, 17), _d(2019, 10, 20)),
}


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}")
    end = text.find("\n## ", start + 1)
    return text[start:] if end == -1 else text[start:end]


def _read_dates(cell: str) -> tuple[RowKind, dt.date | None, dt.date | None]:
    found = [dt.date(int(y), MONTHS[m], int(d)) for d, m, y in DATE.findall(cell)]
    if cell.lower().startswith("until"):
        if len(found) != 1:
            raise ValueError(f"a deadline row needs one date: {cell!r}")
        return "deadline", found[0], found[0]
    if len(found) == 2 and DASH in cell:
        return "period", found[0], found[1]
    if len(found) == 1:
        return "day", found[0], found[0]
    if not found and (cell.startswith("relative:") or "varies" in cell):
        return "undated", None, None
    raise ValueError(f"cannot read the dates {cell!r}")


def _read_hours(cell: str) -> tuple[dt.time, dt.time] | None:
    match = HOURS.search(cell)
    if match is None:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    return dt.time(h1, m1), dt.time(h2, m2)


def _read_table(text: str, election: str) -> list[SourceRow]:
    section = _section(text, TABLE_SECTIONS[election])
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = _cells(lines[0])
    if set(lines[1]) - set("|-: "):
        raise ValueError(f"no table separator after the header in {election}")
    stage_col = next(h for h in header if h.startswith("stage"))
    rows: list[SourceRow] = []
    for line in lines[2:]:
        cells = dict(zip(header, _cells(line), strict=True))
        dates = cells["dates"]
        kind, first, last = _read_dates(dates)
        days = DAYS.search(dates)
        rows.append(
            SourceRow(
                election=election,
                name=cells[stage_col],
                kind=kind,
                first=first,
                last=last,
                hours=_read_hours(dates),
                days=None if days is None else int(days.group(1)),
                confidence=cells["conf."].split()[0],
            )
        )
    return rows


def _source_rows() -> list[SourceRow]:
    text = SOURCE.read_text("utf-8")
    return [row for election in TABLE_SECTIONS for row in _read_table(text, election)]


SOURCE_ROWS: Final = _source_rows()


@cache
def load(election_id: str) -> Election:
    """Decode one fixture strictly into the model (not through the loader)."""
    raw = (FIXTURES / f"{election_id}.toml").read_bytes()
    return msgspec.toml.decode(raw, type=Election)


def stage_of(election_id: str, stage_id: str) -> Stage:
    """Return the fixture's stage ``stage_id``; fail the test when it is missing."""
    stage = load(election_id).stage(stage_id)
    if stage is None:
        pytest.fail(f"{election_id} has no stage {stage_id!r}")
    return stage


def cites(stage: Stage) -> frozenset[Cite]:
    """Return the stage's legal basis as (instrument, provision) pairs."""
    return frozenset((b.instrument, b.provision) for b in stage.basis)


def published(election_id: str, stage_id: str) -> Snapshot | None:
    """The stage as this data set first published it: what schedules.md gave, before corrections."""
    return first_published(load(election_id))[stage_id]


def corrected(election_id: str, stage_id: str, field: str, source: str) -> str:
    """The value ``field`` has after corrections.md, given the value the source document gives."""
    for election, stage, name, old, new in CORRECTIONS:
        if (election, stage, name) == (election_id, stage_id, field):
            assert old == source, (election_id, stage_id, field)
            assert new is not None
            return new
    return source


def corrected_basis(election_id: str, stage_id: str) -> frozenset[Cite] | None:
    """The whole legal basis corrections.md gives a stage, or None when it corrects none."""
    for election, stage, name, _, new in CORRECTIONS:
        if (election, stage, name) == (election_id, stage_id, "basis") and new is not None:
            pairs = (cite.partition(", ") for cite in new.split("; "))
            return frozenset((i, p or None) for i, _, p in pairs)
    return None


def test_the_fixtures_are_the_elections_of_the_sources() -> None:
    """The fixtures folder holds one file per election in the sources, and no other."""
    assert {*ELECTIONS, *MORE_ELECTIONS} == {p.stem for p in FIXTURES.glob("*.toml")}
    for election_id in ELECTIONS:
        assert election_id == load(election_id).id


def test_every_source_table_row_is_mapped() -> None:
    """Each table row of the source names a mapped stage, and each mapped name is a row."""
    for election_id, mapping in TABLE_STAGES.items():
        names = [row.name for row in SOURCE_ROWS if row.election == election_id]
        assert len(mapping) == len(names)
        assert set(mapping) == set(names)


@pytest.mark.parametrize(
    "row",
    SOURCE_ROWS,
    ids=[f"{r.election}:{TABLE_STAGES[r.election][r.name]}" for r in SOURCE_ROWS],
)
def test_table_row_matches_fixture(row: SourceRow) -> None:
    """A source table row's dates, hours, length and confidence are the fixture stage's."""
    stage_id = TABLE_STAGES[row.election][row.name]
    stage = stage_of(row.election, stage_id)
    table_status: Status = "scheduled"  # the tables list no cancelled stage
    assert table_status == stage.status
    assert corrected(row.election, stage_id, "confidence", row.confidence) == stage.confidence
    first = published(row.election, stage_id)
    assert first is not None
    if row.kind == "undated":
        assert stage.undated is not None
        assert (None, None) == (first.start, first.end)
    else:
        assert stage.undated is None
        assert (row.kind, row.first, row.last) == (stage.kind, first.start, first.end)
    if row.hours is not None:
        assert stage.hours is not None
        assert row.hours == (stage.hours.start, stage.hours.end)
    if row.days is not None:
        assert row.first is not None
        assert row.last is not None
        assert row.days == (row.last - row.first).days + 1
        assert row.days in {r.days for r in load(row.election).lengths if r.stage == stage_id}
    replaced = corrected_basis(row.election, stage_id)
    if replaced is not None:
        assert replaced == cites(stage)
    else:
        expected = ROW_BASIS.get((row.election, stage_id), frozenset({TABLE_BASIS[row.election]}))
        assert expected <= cites(stage)


@pytest.mark.parametrize("expected", PROSE, ids=[f"{e.election}:{e.stage}" for e in PROSE])
def test_prose_date_matches_fixture(expected: Expected) -> None:
    """A date the source gives in prose is the fixture stage's, with its basis and status."""
    stage = stage_of(expected.election, expected.stage)
    first = published(expected.election, expected.stage)
    assert stage.undated is None
    assert first is not None
    assert (expected.kind, expected.first, expected.last) == (stage.kind, first.start, first.end)
    assert expected.status == stage.status
    confidence = corrected(expected.election, expected.stage, "confidence", expected.confidence)
    assert confidence == stage.confidence
    replaced = corrected_basis(expected.election, expected.stage)
    assert (replaced or frozenset(expected.basis)) <= cites(stage)


def test_every_fixture_stage_is_checked_against_the_source() -> None:
    """No fixture stage carries a date (or lacks one) that the tables above do not check."""
    checked = {(row.election, TABLE_STAGES[row.election][row.name]) for row in SOURCE_ROWS}
    checked |= {(e.election, e.stage) for e in PROSE}
    assert len(checked) == len(SOURCE_ROWS) + len(PROSE)
    # The 2025 re-votes of Pilkada 2024 (held only in their regions) come from schedules-more.md
    # and are checked in test_sources_record.py.
    stages = {
        (election_id, s.id)
        for election_id in ELECTIONS
        for s in load(election_id).stages
        if not s.regions
    }
    assert set() == stages - checked
    assert set() == checked - stages


def test_voting_days() -> None:
    """Each election's voting day is the source's; the 2024 ones fell on a Wednesday."""
    for election_id, day in VOTING_DAYS.items():
        assert day == load(election_id).voting_day
    assert {2} == {VOTING_DAYS["pemilu-2024"].weekday(), VOTING_DAYS["pilkada-2024"].weekday()}


def test_holidays_only_where_the_source_names_a_decree() -> None:
    """Voting-day holidays carry the decree the source names, and no other stage has one."""
    found = {
        (election_id, s.id, s.holiday.decree)
        for election_id in ELECTIONS
        for s in load(election_id).stages
        if s.holiday is not None
    }
    expected = HOLIDAYS
    assert expected == found


def test_windows() -> None:
    """Each election window is the one the source's rules give."""
    for election_id, (start, end) in WINDOWS.items():
        window = load(election_id).window
        assert window is not None
        assert (start, end) == (window.start, window.end)
    for election_id in ("pemilu-2024", "pemilu-2019"):
        voting = VOTING_DAYS[election_id]
        months = voting.year * 12 + voting.month - 1 - 20
        twenty_months_before = voting.replace(year=months // 12, month=months % 12 + 1)
        assert twenty_months_before == WINDOWS[election_id][0]


def test_second_round_voter_list_names_the_later_draft() -> None:
    """The medium-confidence second-round voter list notes the later draft's 17 May - 12 Jun."""
    note = stage_of("pemilu-2024", "putaran-kedua-pemutakhiran-data-pemilih").note
    assert note is not None
    assert "17 May" in note.en
    assert "12 June 2024" in note.en
