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
from pemilu_api.domain.rules import check_election
from pemilu_api.domain.violations import DataError, Violation
from pemilu_api.domain.vocabulary import RegionCode

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
        # Checked first: msgspec 0.23 reports invalid UTF-8 as a TOML decode error.
        raw.decode("utf-8")
        return msgspec.toml.decode(raw, type=Election), []
    except msgspec.ValidationError as exc:
        return None, [Violation(source, _stage_id_at(raw, str(exc)), "schema", str(exc))]
    except msgspec.DecodeError as exc:
        return None, [Violation(source, (), "toml", str(exc))]
    except UnicodeDecodeError as exc:
        return None, [Violation(source, (), "encoding", f"not UTF-8: {exc}")]


def parse_region_list(text: str) -> list[str]:
    """The codes of a region list: ``#`` comment lines, a ``code`` header, one code per line."""
    rows = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not rows or rows[0] != "code":
        raise ValueError("the first line after the comments must be the header: code")
    return rows[1:]


def _with_held_list(
    election: Election, directory: Path, source: str
) -> tuple[Election, list[Violation]]:
    """The election with the codes of its ``held_in`` list as its regions."""
    name = election.held_in or ""
    path = (directory / name).resolve()
    if directory.resolve() not in path.parents or not path.is_file():
        return election, [
            Violation(source, (), "region-list", f"held_in {name!r}: no such file in {directory}")
        ]
    if election.regions:
        return election, [
            Violation(source, (), "region-list", "give the regions either inline or in held_in")
        ]
    try:
        codes = parse_region_list(path.read_text("utf-8"))
        if not codes:
            raise ValueError("the list names no region")
        listed = msgspec.structs.replace(
            election, regions=msgspec.convert(codes, tuple[RegionCode, ...])
        )
    except msgspec.ValidationError as exc:
        return election, [Violation(source, (), "region-list", f"{name}: bad code: {exc}")]
    except (ValueError, UnicodeDecodeError) as exc:
        return election, [Violation(source, (), "region-list", f"{name}: {exc}")]
    return listed, []


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
        if election.held_in is not None:
            election, found = _with_held_list(election, directory, source)
            problems.extend(found)
        problems.extend(check_election(election, regions, source))
        elections.append(election)
    if problems:
        raise DataError(problems)
    return Dataset.build(elections, regions)
