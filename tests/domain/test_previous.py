"""An earlier version of the data: what it is read as, and each violation, asserted whole.

``check_against`` is the guard behind ``pemilu-api check --previous``: the CLI tests check its
exit codes, these check every violation it reports (file, stage ids, rule, message).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.loader import decode_election
from pemilu_api.domain.models import Election, Snapshot
from pemilu_api.domain.previous import Earlier, check_against, read_earlier
from pemilu_api.domain.violations import Violation
from pemilu_api.domain.vocabulary import LocalHours
from support.elections import REVISION, small_election, toml_document

DAY = dt.timedelta(days=1)


def _election(doc: dict[str, Any]) -> Election:
    """Decode a test election as the loader does."""
    election, problems = decode_election(toml_document(doc).encode(), "test.toml")
    assert [] == problems
    assert election is not None
    return election


def _folder(tmp_path: Path, name: str, *docs: dict[str, Any]) -> Path:
    """A folder ``name`` holding one file per election document, named by its id."""
    folder = tmp_path / name
    folder.mkdir()
    for doc in docs:
        (folder / f"{doc['id']}.toml").write_text(toml_document(doc), "utf-8")
    return folder


def _retired(stage_id: str) -> dict[str, Any]:
    """A [[retired]] entry for ``stage_id``."""
    return {"id": stage_id, "at": REVISION, "reason": {"id": "Dihapus", "en": "Dropped"}}


def _check(tmp_path: Path, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Violation]:
    """The violations of the ``new`` documents (written to a folder) against the ``old`` ones."""
    previous, notes = read_earlier(_folder(tmp_path, "old", *old))
    assert [] == notes
    current = _folder(tmp_path, "new", *new)
    return check_against(previous, Dataset.build([_election(d) for d in new], {}), current)


def test_the_same_files_break_nothing(tmp_path: Path) -> None:
    """Comparing a version with itself reports no violation."""
    docs = [small_election("uji-2030"), small_election("uji-2031")]
    assert [] == _check(tmp_path, docs, docs)


def test_a_vanished_election_and_dropped_stages_are_each_reported(tmp_path: Path) -> None:
    """An election gone is one violation; the others are still compared, each dropped id named.

    The dropped stage ids come in id order, each a violation of its own.
    """
    kept = small_election("uji-2031")
    dropped = small_election("uji-2031")
    dropped["revision"] = REVISION + DAY
    dropped["stages"] = [s for s in dropped["stages"] if s["id"] not in ("rapat-umum", "kampanye")]
    problems = _check(tmp_path, [small_election("uji-2030"), kept], [dropped])
    old = tmp_path / "new"
    hint = "disappeared without being retired; add it to [[retired]]"
    assert [
        Violation(
            str(old / "uji-2030.toml"), (), "election-removed", "election 'uji-2030' disappeared"
        ),
        Violation(
            str(old / "uji-2031.toml"), ("kampanye",), "retired-id", f"stage 'kampanye' {hint}"
        ),
        Violation(
            str(old / "uji-2031.toml"), ("rapat-umum",), "retired-id", f"stage 'rapat-umum' {hint}"
        ),
    ] == problems


def test_a_retired_id_may_replace_a_stage_but_never_leave_the_list(tmp_path: Path) -> None:
    """A stage retired in the new version is fine; ids that leave [[retired]] are each named."""
    old = small_election()
    old["retired"] = [
        _retired("debat"),
        _retired("ab"),
    ]
    new = small_election()
    new["revision"] = REVISION + DAY
    new["stages"] = [s for s in new["stages"] if s["id"] != "rapat-umum"]
    new["retired"] = [_retired("rapat-umum")]
    source = str(tmp_path / "new" / "uji-2030.toml")
    message = "retired id {!r} left the [[retired]] list; ids are never reused"
    assert [
        Violation(source, ("ab",), "retired-id", message.format("ab")),
        Violation(source, ("debat",), "retired-id", message.format("debat")),
    ] == _check(tmp_path, [old], [new])


def test_a_revision_that_goes_back_is_named_with_both_times(tmp_path: Path) -> None:
    """A new revision older than the earlier one is refused, whatever the file holds."""
    old = small_election()
    old["revision"] = REVISION + DAY
    source = str(tmp_path / "new" / "uji-2030.toml")
    message = "revision 2030-01-01T00:00:00+00:00 goes back from 2030-01-02T00:00:00+00:00"
    assert [Violation(source, (), "revision", message)] == _check(
        tmp_path, [old], [small_election()]
    )


def test_a_changed_file_wants_a_newer_revision(tmp_path: Path) -> None:
    """Any change of the file's bytes with the same revision is refused; a newer one is fine."""
    old = small_election()
    new = small_election()
    new["name"] = {"id": "Pemilu Uji 2030 (baru)", "en": "2030 Test Election (new)"}
    source = str(tmp_path / "new" / "uji-2030.toml")
    message = (
        "the file changed but its revision is still 2030-01-01T00:00:00+00:00; set a newer revision"
    )
    assert [Violation(source, (), "revision", message)] == _check(tmp_path, [old], [new])
    new["revision"] = REVISION + DAY
    later = tmp_path / "later"
    later.mkdir()
    assert [] == _check(later, [old], [new])


def test_a_file_missing_from_the_new_folder_counts_as_changed(tmp_path: Path) -> None:
    """An election read from elsewhere than its file still wants a newer revision than before."""
    doc = small_election()
    (previous,), _ = read_earlier(_folder(tmp_path, "old", doc))
    empty = tmp_path / "empty"
    empty.mkdir()
    problems = check_against([previous], Dataset.build([_election(doc)], {}), empty)
    assert ["revision"] == [p.rule for p in problems]
    newer = Earlier(
        id=previous.id,
        revision=previous.revision - DAY,
        raw=previous.raw,
        stages=previous.stages,
        retired=previous.retired,
    )
    assert [] == check_against([newer], Dataset.build([_election(doc)], {}), empty)


OLD_WITH_HOURS = """
id = "uji-2030"
revision = 2030-01-01T00:00:00Z
stages = [
  { id = "kampanye", kind = "period", start = 2030-03-01, end = 2030-04-13, status = "suspended" },
  { id = "pemungutan-suara", kind = "day", date = 2030-04-17, hours = { start = 07:00:00, end = 13:00:00 } },
  { id = "penetapan", kind = "day" },
]
retired = [{ id = "debat" }]
"""


def test_an_earlier_file_is_read_for_dates_status_hours_and_retired_ids(tmp_path: Path) -> None:
    """A period keeps its start and end, a day its date twice, with status, hours and retired ids."""
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "uji-2030.toml").write_text(OLD_WITH_HOURS, "utf-8")
    (earlier,), notes = read_earlier(folder)
    assert [] == notes
    expected = Earlier(
        id="uji-2030",
        revision=REVISION,
        raw=OLD_WITH_HOURS.encode(),
        stages={
            "kampanye": Snapshot(
                start=dt.date(2030, 3, 1), end=dt.date(2030, 4, 13), status="suspended"
            ),
            "pemungutan-suara": Snapshot(
                start=dt.date(2030, 4, 17),
                end=dt.date(2030, 4, 17),
                status="scheduled",
                hours=LocalHours(start=dt.time(7), end=dt.time(13)),
            ),
            "penetapan": Snapshot(start=None, end=None, status="scheduled"),
        },
        retired=frozenset({"debat"}),
    )
    assert expected == earlier


def test_files_are_read_in_name_order_and_unreadable_ones_noted(tmp_path: Path) -> None:
    """Every ``*.toml`` file by name; one that cannot be read gets a note saying why."""
    folder = _folder(tmp_path, "old", small_election("uji-2031"), small_election("uji-2030"))
    (folder / "rusak.toml").write_bytes(b"\xff\xfe not text")
    (folder / "bukan.toml").write_text("id = 'no revision'\n", "utf-8")
    (folder / "catatan.txt").write_text("not an election\n", "utf-8")
    found, notes = read_earlier(folder)
    assert ["uji-2030", "uji-2031"] == [e.id for e in found]
    assert [folder / "bukan.toml", folder / "rusak.toml"] == [
        Path(n.split(": not compared (this version cannot read it: ")[0]) for n in notes
    ]
    assert all(n.endswith(")") for n in notes)


def test_a_silent_date_change_is_named_with_the_earlier_revision(tmp_path: Path) -> None:
    """A stage moved with no newer change entry: the file and the earlier revision are named."""
    old = small_election()
    new = small_election()
    new["revision"] = REVISION + DAY
    voting = next(s for s in new["stages"] if s["id"] == "pemungutan-suara")
    voting["date"] = dt.date(2030, 4, 18)
    message = (
        "election uji-2030, stage pemungutan-suara: 2030-04-17..2030-04-17 scheduled 07:00-13:00 "
        "became 2030-04-18..2030-04-18 scheduled 07:00-13:00 with no change entry newer than "
        "2030-01-01T00:00:00+00:00; add a [[changes]] entry that touches it"
    )
    source = str(tmp_path / "new" / "uji-2030.toml")
    expected = [Violation(source, ("pemungutan-suara",), "silent-change", message)]
    assert expected == _check(tmp_path, [old], [new])
