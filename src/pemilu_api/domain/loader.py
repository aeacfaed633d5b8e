"""Loading a fixtures folder: strict decoding, every rule checked, all or nothing."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import msgspec

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.models import Election, Region
from pemilu_api.domain.regions import parse_regions
from pemilu_api.domain.rules import check_election, missing_ids
from pemilu_api.domain.violations import DataError, Violation

REGIONS_FILE = "regions.tsv"
_STAGE_PATH = re.compile(r"\$\.stages\[(\d+)\]")


def default_fixtures_dir() -> Path:
    """The bundled fixtures: inside an installed wheel, or at the top of a checkout."""
    bundled = resources.files("pemilu_api") / "fixtures"
    if bundled.is_dir():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[3] / "fixtures"


def _stage_id_at(raw: bytes, message: str) -> tuple[str, ...]:
    """The id of the stage a decode error points at, when the error names one and it has an id."""
    match = _STAGE_PATH.search(message)
    if match is None:
        return ()
    try:
        stages = tomllib.loads(raw.decode("utf-8")).get("stages", [])
        stage_id = stages[int(match.group(1))].get("id")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, IndexError, AttributeError):
        return ()
    return (stage_id,) if isinstance(stage_id, str) else ()


def decode_election(raw: bytes, source: str) -> tuple[Election | None, list[Violation]]:
    """Decode one election file strictly; return it, or the violation that stopped decoding."""
    try:
        return msgspec.toml.decode(raw, type=Election), []
    except msgspec.ValidationError as exc:
        return None, [Violation(source, _stage_id_at(raw, str(exc)), "schema", str(exc))]
    except msgspec.DecodeError as exc:
        return None, [Violation(source, (), "toml", str(exc))]
    except UnicodeDecodeError as exc:
        return None, [Violation(source, (), "encoding", f"not UTF-8: {exc}")]


def _label(path: Path, directory: Path) -> str:
    return str(directory / path.name)


def load_dataset(directory: Path | None = None) -> Dataset:
    """Load and validate every election and the regions in ``directory``; raise DataError on any violation."""
    directory = default_fixtures_dir() if directory is None else directory
    if not directory.is_dir():
        raise DataError([Violation(str(directory), (), "fixtures", "no such folder")])
    problems: list[Violation] = []
    region_path = directory / REGIONS_FILE
    if not region_path.is_file():
        problems.append(Violation(str(region_path), (), "regions", "missing"))
        regions: dict[str, Region] = {}
    else:
        try:
            regions, found = parse_regions(region_path.read_text("utf-8"), str(region_path))
        except UnicodeDecodeError as exc:
            regions, found = {}, [Violation(str(region_path), (), "encoding", f"not UTF-8: {exc}")]
        problems.extend(found)
    elections: list[Election] = []
    files = sorted(directory.glob("*.toml"))
    if not files:
        problems.append(Violation(str(directory), (), "fixtures", "no election files (*.toml)"))
    for path in files:
        source = _label(path, directory)
        election, found = decode_election(path.read_bytes(), source)
        problems.extend(found)
        if election is None:
            continue
        if election.id != path.stem:
            problems.append(
                Violation(
                    source,
                    (),
                    "file-name",
                    f"election {election.id!r} must be in {election.id}.toml",
                )
            )
        problems.extend(check_election(election, regions, source))
        elections.append(election)
    if problems:
        raise DataError(problems)
    return Dataset.build(elections, regions)


def check_against(previous: Dataset, current: Dataset, directory: Path) -> list[Violation]:
    """Violations of ``current`` relative to an earlier ``previous`` version of the same data."""
    problems: list[Violation] = []
    for old in previous.elections:
        source = str(directory / f"{old.id}.toml")
        new = current.election(old.id)
        if new is None:
            problems.append(
                Violation(source, (), "election-removed", f"election {old.id!r} disappeared")
            )
        else:
            problems.extend(missing_ids(old, new, source))
    return problems
