"""Elections as TOML documents for the tests.

The writer (tomli-w), a small valid election, the real fixtures, and folders of them loaded for
their violations.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec
import pytest
import tomli_w

from pemilu_api.domain.loader import decode_election, load_dataset
from pemilu_api.domain.models import Election
from pemilu_api.domain.regions import parse_regions
from pemilu_api.domain.violations import DataError, Violation

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
REGIONS_TSV = FIXTURES / "regions.tsv"
REGIONS, _ = parse_regions(REGIONS_TSV.read_text("utf-8"), str(REGIONS_TSV))
REGION_CODES = sorted(REGIONS)
DAY = dt.timedelta(days=1)
Doc = dict[str, Any]


def _without_none(value: object) -> object:
    """``value`` with None entries of tables left out (TOML has no null)."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_without_none(item) for item in value]
    return value


def toml_document(doc: Mapping[str, object]) -> str:
    """A whole TOML document of ``doc``, written by tomli-w."""
    plain = _without_none(dict(doc))
    assert isinstance(plain, dict)
    return tomli_w.dumps(plain)


def election_doc(election: Election) -> Doc:
    """The TOML-shaped dict of an election (dates stay dates)."""
    doc: Doc = msgspec.to_builtins(election, builtin_types=(dt.date, dt.datetime, dt.time))
    return doc


def _real_elections() -> list[Election]:
    found = []
    for path in sorted(FIXTURES.glob("*.toml")):
        election, _ = decode_election(path.read_bytes(), str(path))
        if election is not None:
            found.append(election)
    return found


REAL = _real_elections()
PEMILU_2024 = next(e for e in REAL if e.id == "pemilu-2024")


def one_of(found: tuple[Violation, ...], rule: str, stages: tuple[str, ...]) -> Violation:
    """The violation of ``rule`` naming exactly ``stages`` among ``found`` (there must be one)."""
    matching = [v for v in found if (v.rule, v.stages) == (rule, stages)]
    assert matching, f"no {rule} violation naming {stages} in {[v.line() for v in found]}"
    return matching[0]


def violations_of(folder: Path) -> tuple[Violation, ...]:
    """The violations load_dataset reports for ``folder`` (it must refuse it)."""
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    return caught.value.violations


def real_folder_with(tmp_path: Path, *replacements: Election) -> Path:
    """A copy of the real fixtures with some elections rewritten."""
    folder = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, folder)
    for election in replacements:
        path = folder / f"{election.id}.toml"
        path.write_text(toml_document(election_doc(election)), "utf-8")
    return folder


def stage_doc(stage_id: str, category: str, first: dt.date, last: dt.date, **extra: Any) -> Doc:
    """A stage dict: a day when ``first`` is ``last``, else a period."""
    dates: Doc = (
        {"kind": "day", "date": first}
        if first == last
        else {"kind": "period", "start": first, "end": last}
    )
    return {
        "id": stage_id,
        "name": {"id": stage_id, "en": stage_id},
        "category": category,
        **dates,
        "basis": [{"instrument": "UU 1/2029"}],
        "confidence": "high",
        **extra,
    }


REVISION = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)


def small_election(election_id: str = "uji-2030") -> Doc:
    """A valid election: campaign (with rallies inside it), quiet period, voting day."""
    return {
        "id": election_id,
        "name": {"id": "Pemilu Uji 2030", "en": "2030 Test Election"},
        "kind": "pemilu",
        "voting_day": dt.date(2030, 4, 17),
        "basis": [{"instrument": "UU 1/2029"}],
        "revision": REVISION,
        "window": {
            "start": dt.date(2029, 1, 1),
            "end": dt.date(2030, 10, 20),
            "basis": [{"instrument": "UU 1/2029"}],
        },
        "contests": [{"id": "presiden", "office": {"id": "P", "en": "P"}, "level": "national"}],
        "stages": [
            stage_doc("kampanye", "campaign", dt.date(2030, 3, 1), dt.date(2030, 4, 13)),
            stage_doc(
                "rapat-umum",
                "campaign",
                dt.date(2030, 3, 24),
                dt.date(2030, 4, 13),
                parent="kampanye",
            ),
            stage_doc("masa-tenang", "quiet-period", dt.date(2030, 4, 14), dt.date(2030, 4, 16)),
            stage_doc(
                "pemungutan-suara",
                "voting",
                dt.date(2030, 4, 17),
                dt.date(2030, 4, 17),
                hours={"start": dt.time(7), "end": dt.time(13)},
            ),
        ],
        "constraints": [
            {
                "a": "kampanye",
                "b": "masa-tenang",
                "allowed": ["meets"],
                "basis": [{"instrument": "UU 1/2029"}],
            }
        ],
        "changes": [
            {"at": REVISION, "kind": "publication", "summary": {"id": "Awal", "en": "First"}}
        ],
    }


def stage_in(doc: Doc, stage_id: str) -> Doc:
    """The stage dict with ``stage_id`` in an election dict."""
    found: Doc = next(s for s in doc["stages"] if s["id"] == stage_id)
    return found


def folder_with(tmp_path: Path, files: Mapping[str, str | bytes]) -> Path:
    """A fixtures folder holding regions.tsv and the given files."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(REGIONS_TSV, folder / "regions.tsv")
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, "utf-8")
    return folder


def load_one(tmp_path: Path, doc: Doc) -> tuple[Violation, ...]:
    """The violations of a folder holding only ``doc`` as uji-2030.toml."""
    return violations_of(folder_with(tmp_path, {"uji-2030.toml": toml_document(doc)}))


def correction_of(stage_id: str) -> dict[str, Any]:
    """A correction entry that moved ``stage_id`` from one day to the next."""
    day = dt.date(2029, 1, 1)
    return {
        "at": REVISION,
        "kind": "correction",
        "summary": {"id": "Koreksi", "en": "Correction"},
        "touched": [
            {
                "stage": stage_id,
                "action": "corrected",
                "before": {"start": day, "end": day, "status": "scheduled"},
                "after": {"start": day + DAY, "end": day + DAY, "status": "scheduled"},
            }
        ],
    }
