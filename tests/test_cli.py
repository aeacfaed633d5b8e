"""The ``pemilu-api check`` command.

It reports what the loader finds, and ``--previous`` guards dropped stage ids.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import msgspec
import pytest

from pemilu_api.cli import main
from pemilu_api.domain.models import Election, Stage
from support.allen import break_constraint
from support.elections import (
    FIXTURES,
    PEMILU_2024,
    REAL,
    REGIONS,
    election_doc,
    real_folder_with,
    toml_document,
)


def test_check_passes_the_bundled_fixtures_with_one_summary_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`pemilu-api check` exits 0 and prints one line summing up the data."""
    assert 0 == main(["check"])
    out, err = capsys.readouterr()
    elections = len(list(FIXTURES.glob("*.toml")))
    assert 1 == len(out.splitlines())
    assert out.startswith(f"ok: {elections} elections, ")
    assert f"{len(REGIONS)} regions" in out
    assert "" == err


def test_check_fails_on_a_broken_copy_listing_violations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pemilu-api check DIR` exits 1 and lists each violation with its file."""
    election = next(e for e in REAL if e.constraints)
    folder = real_folder_with(tmp_path, break_constraint(election, election.constraints[0]))
    assert 1 == main(["check", str(folder)])
    out, err = capsys.readouterr()
    assert "" == out
    lines = err.splitlines()
    assert lines[0].startswith("invalid data: ")
    assert any(
        line.startswith(f"{folder / election.id}.toml [") and ": constraint: " in line
        for line in lines[1:]
    )


def _droppable(election: Election) -> Stage:
    """A stage no rule, parent or change names, so dropping it breaks nothing else."""
    named = {s.parent for s in election.stages}
    named |= {x for c in election.constraints for x in (c.a, c.b)}
    named |= {r.stage for r in election.lengths}
    named |= {x for r in election.offsets for x in (r.from_, r.to)}
    named |= {x for c in election.changes for x in c.stages}
    return next(
        s
        for s in election.stages
        if s.id not in named and not (s.category == "voting" and s.date == election.voting_day)
    )


def test_check_previous_refuses_a_stage_dropped_without_retiring_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stage id of the previous data that is gone and not retired fails --previous."""
    election = PEMILU_2024
    dropped = _droppable(election)
    current = msgspec.structs.replace(
        election, stages=tuple(s for s in election.stages if s.id != dropped.id)
    )
    folder = real_folder_with(tmp_path, current)
    assert 0 == main(["check", str(folder)])  # fine on its own
    capsys.readouterr()
    assert 1 == main(["check", str(folder), "--previous", str(FIXTURES)])
    _, err = capsys.readouterr()
    assert f"[{dropped.id}]: retired-id: " in err
    assert "disappeared without being retired" in err


def test_check_previous_accepts_a_dropped_stage_once_retired(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same drop passes --previous once the id is listed under [[retired]]."""
    election = PEMILU_2024
    dropped = _droppable(election)
    doc = election_doc(election)
    doc["stages"] = [s for s in doc["stages"] if s["id"] != dropped.id]
    # A changed file carries a newer revision.
    doc["revision"] = election.revision + dt.timedelta(days=1)
    doc["retired"] = [
        *doc["retired"],
        {"id": dropped.id, "at": doc["revision"], "reason": {"id": "Dihapus", "en": "Dropped"}},
    ]
    folder = real_folder_with(tmp_path)
    (folder / f"{election.id}.toml").write_text(toml_document(doc), "utf-8")
    assert 0 == main(["check", str(folder), "--previous", str(FIXTURES)])
    out, err = capsys.readouterr()
    assert out.startswith("ok: ")
    assert "" == err


def test_check_previous_refuses_reusing_an_id_the_previous_version_retired(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A retired id is never reused: it cannot come back as a stage with its retirement dropped."""
    election = PEMILU_2024
    dropped = _droppable(election)
    doc = election_doc(election)
    doc["stages"] = [s for s in doc["stages"] if s["id"] != dropped.id]
    doc["retired"] = [
        *doc["retired"],
        {"id": dropped.id, "at": election.revision, "reason": {"id": "Dihapus", "en": "Dropped"}},
    ]
    previous = real_folder_with(tmp_path)
    (previous / f"{election.id}.toml").write_text(toml_document(doc), "utf-8")
    assert 0 == main(["check", str(previous)])  # the version with the id retired is fine
    capsys.readouterr()
    # The bundled data has the stage back under the retired id and no [[retired]] entry for it.
    assert 1 == main(["check", str(FIXTURES), "--previous", str(previous)])
    _, err = capsys.readouterr()
    assert f"[{dropped.id}]" in err


def test_check_previous_passes_identical_data(capsys: pytest.CaptureFixture[str]) -> None:
    """The same data as before passes, with nothing on stderr."""
    assert 0 == main(["check", str(FIXTURES), "--previous", str(FIXTURES)])
    out, err = capsys.readouterr()
    assert out.startswith("ok: ")
    assert "" == err


def test_check_previous_refuses_a_silent_date_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new maintainer edits only `end` of a stage: one line names file, election, stage, both values."""
    folder = real_folder_with(tmp_path)
    path = folder / "pilkada-2024.toml"
    text = path.read_text("utf-8")
    assert 1 == text.count("date = 2024-11-18\n")
    revision = re.search(r"^revision = (\S+)$", text, re.M)
    assert revision is not None
    was = dt.datetime.fromisoformat(revision.group(1))
    path.write_text(
        text.replace("date = 2024-11-18\n", "date = 2024-11-17\n").replace(
            revision.group(0), "revision = 2030-01-01T00:00:00Z"
        ),
        "utf-8",
    )
    assert 1 == main(["check", str(folder), "--previous", str(FIXTURES)])
    _, err = capsys.readouterr()
    assert [
        f"{path} [penyusunan-peraturan]: silent-change: election pilkada-2024, stage "
        "penyusunan-peraturan: 2024-11-18..2024-11-18 scheduled became 2024-11-17..2024-11-17 "
        f"scheduled with no change entry newer than {was.isoformat()}; add a [[changes]] "
        "entry that touches it"
    ] == err.splitlines()[1:]


def test_check_previous_wants_a_newer_revision_for_a_changed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that changed in any way (here a note) keeps its revision: refused."""
    folder = real_folder_with(tmp_path)
    path = folder / "pemilu-2019.toml"
    path.write_text(path.read_text("utf-8") + "\n# a new comment\n", "utf-8")
    assert 1 == main(["check", str(folder), "--previous", str(FIXTURES)])
    _, err = capsys.readouterr()
    assert "set a newer revision" in err
    assert f"{path}: revision: the file changed" in err


def test_openapi_works_outside_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In any folder: the document on standard output, or in the file --output names."""
    monkeypatch.chdir(tmp_path)
    assert 0 == main(["openapi", "--base-url", "https://pemilu.example"])
    document = msgspec.json.decode(capsys.readouterr().out)
    assert [{"url": "https://pemilu.example", "description": "This deployment"}] == document[
        "servers"
    ]
    assert 0 == main(["openapi", "--output", "openapi.json"])
    assert "3.1.0" == msgspec.json.decode((tmp_path / "openapi.json").read_bytes())["openapi"]


def test_openapi_names_a_missing_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output into a folder that does not exist: exit 2 and one line saying what to do."""
    monkeypatch.chdir(tmp_path)
    assert 2 == main(["openapi", "--output", "openapi/openapi.json"])
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("pemilu-api openapi: error: no folder 'openapi'")
    assert "--output -" in line
