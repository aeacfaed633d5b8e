"""Loading a fixtures folder: where it is, what each kind of broken file gives, all or nothing.

Each violation the loader itself finds (the folder, the regions table, the file names, decoding,
the region lists) is asserted whole; the rules' own violations are in test_rules*.py.
"""

from __future__ import annotations

import importlib.resources
import os
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from pemilu_api.domain.loader import (
    decode_election,
    default_fixtures_dir,
    load_dataset,
    parse_region_list,
)
from pemilu_api.domain.violations import DataError, Violation
from support.elections import REGIONS_TSV, folder_with, small_election, toml_document, violations_of

GOOD = toml_document(small_election())


def test_the_default_folder_is_the_checkout_s_fixtures() -> None:
    """Outside a wheel, the bundled fixtures are the checkout's top-level fixtures/ folder."""
    assert REGIONS_TSV.parent.resolve() == default_fixtures_dir().resolve()
    data = load_dataset()
    assert data.election("pemilu-2024") is not None
    assert 552 == len(data.regions)


def test_inside_a_wheel_the_bundled_fixtures_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed package carries its fixtures/ folder inside it: that folder is the default."""
    (tmp_path / "fixtures").mkdir()
    monkeypatch.setattr(importlib.resources, "files", lambda package: tmp_path / package)
    (tmp_path / "pemilu_api").mkdir()
    assert REGIONS_TSV.parent.resolve() == default_fixtures_dir().resolve()
    (tmp_path / "pemilu_api" / "fixtures").mkdir()
    assert tmp_path / "pemilu_api" / "fixtures" == default_fixtures_dir()


def test_a_folder_that_does_not_exist_is_one_violation(tmp_path: Path) -> None:
    """No folder: a DataError naming it, before anything else is read."""
    missing = tmp_path / "nowhere"
    assert (Violation(str(missing), (), "fixtures", "no such folder"),) == violations_of(missing)


def test_an_empty_folder_misses_its_regions_and_its_elections(tmp_path: Path) -> None:
    """Both the regions table and the election files are reported missing, in that order."""
    assert (
        Violation(str(tmp_path / "regions.tsv"), (), "regions", "missing"),
        Violation(str(tmp_path), (), "fixtures", "no election files (*.toml)"),
    ) == violations_of(tmp_path)


def test_elections_are_still_checked_without_a_regions_table(tmp_path: Path) -> None:
    """A missing table is one violation; the election files are read and checked all the same."""
    folder = folder_with(tmp_path, {"uji-2030.toml": GOOD, "uji-2031.toml": GOOD})
    (folder / "regions.tsv").unlink()
    found = violations_of(folder)
    assert Violation(str(folder / "regions.tsv"), (), "regions", "missing") == found[0]
    assert ("file-name", str(folder / "uji-2031.toml")) == (found[1].rule, found[1].source)


def test_without_a_regions_table_every_region_named_is_unknown(tmp_path: Path) -> None:
    """An election naming a region, and no table: the table is missing and the region unknown."""
    doc = small_election()
    doc["stages"][0]["regions"] = ["33"]
    folder = folder_with(tmp_path, {"uji-2030.toml": toml_document(doc)})
    (folder / "regions.tsv").unlink()
    found = violations_of(folder)
    assert Violation(str(folder / "regions.tsv"), (), "regions", "missing") == found[0]
    assert any("33" in v.message for v in found[1:])


def test_an_election_in_a_file_of_another_name_is_named_whole(tmp_path: Path) -> None:
    """uji-2030 in uji-2031.toml: the file, no stage, the rule and where it must be."""
    folder = folder_with(tmp_path, {"uji-2031.toml": GOOD})
    message = "election 'uji-2030' must be in uji-2030.toml"
    assert (Violation(str(folder / "uji-2031.toml"), (), "file-name", message),) == violations_of(
        folder
    )


def test_a_regions_table_that_is_not_utf8_is_named_whole(tmp_path: Path) -> None:
    """The table, no stage, rule "encoding", and the decoder's own words."""
    table = "code\tlevel\tname\tprovince_code\ttime_zone\n33\tprovinsi\tJ\xfc\t33\tAsia/Jakarta\n"
    raw = table.encode("latin-1")
    with pytest.raises(UnicodeDecodeError) as caught:
        raw.decode("utf-8")
    folder = folder_with(tmp_path, {"uji-2030.toml": GOOD, "regions.tsv": raw})
    found = violations_of(folder)
    expected = Violation(str(folder / "regions.tsv"), (), "encoding", f"not UTF-8: {caught.value}")
    assert expected == found[0]


def test_a_good_folder_loads_its_elections_and_regions(tmp_path: Path) -> None:
    """Every *.toml file is an election; other files are ignored; the regions come along."""
    folder = folder_with(
        tmp_path,
        {
            "uji-2030.toml": GOOD,
            "uji-2031.toml": toml_document(small_election("uji-2031")),
            "README.md": "not an election",
        },
    )
    data = load_dataset(folder)
    assert ["uji-2030", "uji-2031"] == [e.id for e in data.elections]
    assert "Kabupaten Kebumen" == data.regions["33.05"].name


def test_problems_of_every_file_are_reported_together(tmp_path: Path) -> None:
    """A bad table row, a file in the wrong name and an unreadable file: all of them, by file."""
    table = REGIONS_TSV.read_text("utf-8") + "99.99\tdesa\tX\t99\tAsia/Jakarta\n"
    folder = folder_with(
        tmp_path,
        {"a.toml": "id = [", "uji-2030.toml": GOOD, "uji-2031.toml": GOOD, "regions.tsv": table},
    )
    found = violations_of(folder)
    assert [
        (str(folder / "regions.tsv"), "regions"),
        (str(folder / "a.toml"), "toml"),
        (str(folder / "uji-2031.toml"), "file-name"),
    ] == [(v.source, v.rule) for v in found]


def test_a_schema_error_in_a_stage_names_the_stage() -> None:
    """A wrong field in the third stage names that stage's id; the message is msgspec's."""
    doc = small_election()
    doc["stages"][2]["category"] = "party"
    election, (problem,) = decode_election(toml_document(doc).encode(), "x.toml")
    assert election is None
    assert ("x.toml", ("masa-tenang",), "schema") == problem[:3]
    assert "$.stages[2].category" in problem.message


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # Not about a stage.
        ('id = "uji-2030"\nkind = 3\n', "$"),
        # A stage without an id, and one whose id is not text: no stage to name.
        ("stages = [{ kind = 'day' }]\n", "$.stages[0]"),
        ("stages = [{ id = 7, kind = 'day' }]\n", "$.stages[0]"),
        # A stage that is not a table.
        ("stages = [1]\n", "$.stages[0]"),
    ],
)
def test_a_schema_error_names_no_stage_when_there_is_none_to_name(text: str, where: str) -> None:
    """Without a stage id at the place the error points to, the violation names no stage."""
    election, (problem,) = decode_election(text.encode(), "x.toml")
    assert election is None
    assert ("x.toml", (), "schema") == problem[:3]
    assert where in problem.message


def test_decoding_tells_toml_errors_from_encoding_errors() -> None:
    """Broken TOML is a "toml" violation; bytes that are not UTF-8 an "encoding" one."""
    with pytest.raises(msgspec.DecodeError) as caught:
        msgspec.toml.decode(b"id = [")
    _, (toml,) = decode_election(b"id = [", "x.toml")
    assert str(caught.value) == toml.message
    _, (encoding,) = decode_election(b'id = "\xe9"\n', "x.toml")
    assert ("x.toml", (), "toml") == toml[:3]
    assert ("x.toml", (), "encoding") == encoding[:3]
    assert encoding.message.startswith("not UTF-8: 'utf-8' codec can't decode byte 0xe9")
    election, problems = decode_election(GOOD.encode(), "x.toml")
    assert ([], "uji-2030") == (problems, election.id if election else None)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("code\n33\n33.05\n", ["33", "33.05"]),
        ("# a comment\n\ncode\n  33 \n\n# another\n33.05\n", ["33", "33.05"]),
        ("code\n", []),
    ],
)
def test_a_region_list_is_a_header_then_one_code_a_line(text: str, codes: list[str]) -> None:
    """Comment and blank lines are skipped and each line is stripped."""
    assert codes == parse_region_list(text)


@pytest.mark.parametrize("text", ["", "# only\n", "33\ncode\n", "codes\n33\n", "  # x\ncode\n"])
def test_a_region_list_without_its_header_is_refused(text: str) -> None:
    """The first line that is not a comment must be ``code``; a comment starts at the line's start."""
    with pytest.raises(
        ValueError, match=r"^the first line after the comments must be the header: code$"
    ):
        parse_region_list(text)


def _held(tmp_path: Path, listed: bytes | None, **fields: object) -> Path:
    """A folder with the test election held in the regions of held/uji.tsv (``listed``)."""
    doc = small_election()
    doc.update({"held_in": "held/uji.tsv", **fields})
    folder = folder_with(tmp_path, {"uji-2030.toml": toml_document(doc)})
    (folder / "held").mkdir()
    if listed is not None:
        (folder / "held" / "uji.tsv").write_bytes(listed)
    return folder


@pytest.mark.parametrize(
    ("listed", "fields", "message"),
    [
        (b"code\n", {}, "held/uji.tsv: the list names no region"),
        (b"code\n\xe9\n", {}, "held/uji.tsv: 'utf-8' codec can't decode byte 0xe9"),
        (b"code\n33\n", {"regions": ["33"]}, "give the regions either inline or in held_in"),
        (None, {}, "held_in 'held/uji.tsv': no such file in "),
        (b"code\n3305\n", {}, "held/uji.tsv: bad code: "),
        (b"code\n33\n", {"held_in": ""}, "held_in '': no such file in "),
    ],
)
def test_a_held_in_list_that_cannot_be_used_is_one_violation(
    tmp_path: Path, listed: bytes | None, fields: dict[str, object], message: str
) -> None:
    """An empty list, one that is not UTF-8, a list given twice, a missing file: each named."""
    folder = _held(tmp_path, listed, **fields)
    (problem,) = violations_of(folder)
    assert (str(folder / "uji-2030.toml"), (), "region-list") == problem[:3]
    assert problem.message.startswith(message)


def test_a_held_in_folder_is_no_list(tmp_path: Path) -> None:
    """held_in naming a folder inside the fixtures is no such file."""
    folder = _held(tmp_path, None, held_in="held")
    (problem,) = violations_of(folder)
    assert f"held_in 'held': no such file in {folder}" == problem.message


def test_a_held_in_list_gives_the_election_its_regions(tmp_path: Path) -> None:
    """The codes of the list become the election's regions, in the list's order."""
    data = load_dataset(_held(tmp_path, b"# uji\ncode\n33.05\n33\n"))
    (election,) = data.elections
    assert ("33.05", "33") == election.regions
    assert "held/uji.tsv" == election.held_in


def test_nothing_is_loaded_when_anything_is_wrong(tmp_path: Path) -> None:
    """DataError carries every violation and says how many there are."""
    folder = folder_with(tmp_path, {"uji-2031.toml": GOOD})
    with pytest.raises(DataError, match=r"^invalid data: 1 violation\(s\)\n"):
        load_dataset(folder)


def test_files_are_read_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """In an ASCII locale (LC_ALL=C, no UTF-8 mode), a table and a list with non-ASCII text load.

    The loader names its encoding rather than taking the locale's: the same folder gives the same
    data here and in a process with that locale.
    """
    table = REGIONS_TSV.read_text("utf-8").replace("Kabupaten Bantul", "Kabupaten Bantül")
    folder = _held(tmp_path, "# Bantül\ncode\n34.02\n".encode())
    (folder / "regions.tsv").write_text(table, "utf-8")
    expected = ("Kabupaten Bantül", ("34.02",))
    here = load_dataset(folder)
    assert expected == (here.regions["34.02"].name, here.elections[0].regions)
    script = (
        "import pathlib, sys\n"
        "from pemilu_api.domain.loader import load_dataset\n"
        "data = load_dataset(pathlib.Path(sys.argv[1]))\n"
        "print(ascii((data.regions['34.02'].name, data.elections[0].regions)))\n"
    )
    ascii_locale = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env = {**os.environ, **ascii_locale, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (0, ascii(expected)) == (done.returncode, done.stdout.strip())
