"""The rules an election's data must keep, and the loader that enforces them.

(a) Any generated valid timeline passes every rule and loads from a folder.
(b) Breaking any ordering rule the real fixtures declare is reported, naming the stages.
(c) Each general invariant is enforced with a clear message; loading is all or nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import tempfile
import tomllib
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from strategies import valid_elections

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.declared_rules import Constraint, Length, Offset
from pemilu_api.domain.loader import decode_election, load_dataset
from pemilu_api.domain.models import Election
from pemilu_api.domain.rules import check_election
from pemilu_api.domain.violations import DataError, Violation
from support.allen import break_constraint, break_length, break_offset
from support.elections import (
    FIXTURES,
    REAL,
    REGIONS,
    REGIONS_TSV,
    REVISION,
    Doc,
    correction_of,
    election_doc,
    folder_with,
    load_one,
    one_of,
    real_folder_with,
    small_election,
    stage_doc,
    stage_in,
    toml_document,
    violations_of,
)

# ---------------------------------------------------------------------------------------------
# (a) Generated valid timelines.


@settings(deadline=None, max_examples=60)
@given(valid_elections())
def test_a_generated_valid_timeline_breaks_no_rule(doc: Doc) -> None:
    """A timeline whose rules are declared from its own dates decodes and passes check_election."""
    text = toml_document(doc)
    assert doc == tomllib.loads(text)  # the TOML writer is faithful
    election, problems = decode_election(text.encode("utf-8"), "generated.toml")
    assert [] == problems
    assert election is not None
    assert [] == check_election(election, REGIONS, "generated.toml")


@settings(deadline=None, max_examples=30)
@given(valid_elections())
def test_a_generated_valid_timeline_loads_from_a_folder(doc: Doc) -> None:
    """Written as <id>.toml next to a copy of regions.tsv, a valid timeline loads unchanged."""
    text = toml_document(doc)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(REGIONS_TSV, folder / "regions.tsv")
        (folder / f"{doc['id']}.toml").write_text(text, "utf-8")
        dataset = load_dataset(folder)
    expected, _ = decode_election(text.encode("utf-8"), "generated.toml")
    assert (doc["id"],) == tuple(e.id for e in dataset.elections)
    assert expected == dataset.election(doc["id"])


# ---------------------------------------------------------------------------------------------
# (b) Every ordering rule of the real fixtures, broken one at a time.


CONSTRAINTS = [pytest.param(e, c, id=f"{e.id}:{c.a}~{c.b}") for e in REAL for c in e.constraints]
LENGTHS = [pytest.param(e, r, id=f"{e.id}:{r.stage}") for e in REAL for r in e.lengths]
OFFSETS = [
    pytest.param(e, r, id=f"{e.id}:{r.from_}.{r.from_edge}~{r.to}.{r.to_edge}")
    for e in REAL
    for r in e.offsets
]


def test_the_real_fixtures_declare_rules_of_every_kind() -> None:
    """There are constraints, lengths and offsets to perturb below."""
    assert all([CONSTRAINTS, LENGTHS, OFFSETS])


def test_the_election_writer_round_trips_the_real_fixtures() -> None:
    """Rewriting a real election as TOML decodes to the same election (so perturbations are exact)."""
    for election in REAL:
        text = toml_document(election_doc(election))
        assert (election, []) == decode_election(text.encode("utf-8"), "rewritten.toml")


@pytest.mark.parametrize(("election", "rule"), CONSTRAINTS)
def test_breaking_a_declared_constraint_is_rejected(
    election: Election, rule: Constraint, tmp_path: Path
) -> None:
    """Moving one stage so the pair leaves the allowed relations is a "constraint" violation."""
    found = violations_of(real_folder_with(tmp_path, break_constraint(election, rule)))
    problem = one_of(found, "constraint", (rule.a, rule.b))
    assert str(tmp_path / "fixtures" / f"{election.id}.toml") == problem.source
    assert rule.a in problem.message
    assert rule.b in problem.message
    assert "allowed: " + ", ".join(rule.allowed) in problem.message


@pytest.mark.parametrize(("election", "rule"), LENGTHS)
def test_breaking_a_declared_length_is_rejected(
    election: Election, rule: Length, tmp_path: Path
) -> None:
    """A stage one day longer than its declared length is a "length" violation naming it."""
    found = violations_of(real_folder_with(tmp_path, break_length(election, rule)))
    problem = one_of(found, "length", (rule.stage,))
    assert str(tmp_path / "fixtures" / f"{election.id}.toml") == problem.source
    assert f"lasts {rule.days + 1} days; required: {rule.days}" in problem.message


@pytest.mark.parametrize(("election", "rule"), OFFSETS)
def test_breaking_a_declared_offset_is_rejected(
    election: Election, rule: Offset, tmp_path: Path
) -> None:
    """Moving the target edge one day is an "offset" violation naming both stages."""
    found = violations_of(real_folder_with(tmp_path, break_offset(election, rule)))
    problem = one_of(found, "offset", (rule.from_, rule.to))
    assert str(tmp_path / "fixtures" / f"{election.id}.toml") == problem.source
    assert f"{rule.days + 1} days after" in problem.message
    assert f"required: {rule.days}" in problem.message


# ---------------------------------------------------------------------------------------------
# (c) The general invariants, on a small hand-written election.


def _source(tmp_path: Path) -> str:
    """The file a violation of the small election, loaded by ``load_one``, names."""
    return str(tmp_path / "data" / "uji-2030.toml")


def test_the_small_election_is_valid(tmp_path: Path) -> None:
    """The base of the invariant tests below loads without a violation."""
    dataset = load_dataset(
        folder_with(tmp_path, {"uji-2030.toml": toml_document(small_election())})
    )
    assert ("uji-2030",) == tuple(e.id for e in dataset.elections)


def test_a_stage_ending_before_it_starts_is_a_decode_error_naming_it(tmp_path: Path) -> None:
    """A period whose end is before its start is refused, naming the stage and both dates."""
    doc = small_election()
    stage_in(doc, "masa-tenang")["end"] = dt.date(2030, 4, 13)
    (problem,) = load_one(tmp_path, doc)
    assert ("schema", ("masa-tenang",)) == (problem.rule, problem.stages)
    assert "end 2030-04-13 is before start 2030-04-14" in problem.message
    message = "end 2030-04-13 is before start 2030-04-14 - at `$.stages[2]`"
    assert Violation(_source(tmp_path), ("masa-tenang",), "schema", message) == problem


@pytest.mark.parametrize(
    ("where", "stages"),
    [("election", ()), ("stage", ("kampanye",)), ("window", ()), ("constraint", ())],
)
def test_an_unknown_field_is_rejected(where: str, stages: tuple[str, ...], tmp_path: Path) -> None:
    """Every table refuses fields the schema does not define."""
    doc = small_election()
    target = {
        "election": doc,
        "stage": stage_in(doc, "kampanye"),
        "window": doc["window"],
        "constraint": doc["constraints"][0],
    }[where]
    target["colour"] = "red"
    (problem,) = load_one(tmp_path, doc)
    assert ("schema", stages) == (problem.rule, problem.stages)
    assert "unknown field `colour`" in problem.message
    at = {"election": "", "stage": " - at `$.stages[0]`", "window": " - at `$.window`"}
    at["constraint"] = " - at `$.constraints[0]`"
    message = "Object contains unknown field `colour`" + at[where]
    assert Violation(_source(tmp_path), stages, "schema", message) == problem


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("2030-02-30", "toml"),
        ("2030-4-14", "toml"),
        ('"2030-04-14"', "schema"),
        ("2030-04-14T00:00:00Z", "schema"),
    ],
)
def test_a_malformed_date_is_rejected(value: str, rule: str, tmp_path: Path) -> None:
    """A date that is no date, is quoted, or carries a time is refused (``value`` is raw TOML)."""
    doc = small_election()
    stage_in(doc, "masa-tenang")["start"] = "PLACEHOLDER"
    text = toml_document(doc).replace('"PLACEHOLDER"', value)
    (problem,) = violations_of(folder_with(tmp_path, {"uji-2030.toml": text}))
    assert rule == problem.rule
    assert _source(tmp_path) == problem.source
    if rule == "schema":
        assert ("masa-tenang",) == problem.stages
        assert "$.stages[2].start" in problem.message
        got = "datetime" if "T" in value else "str"
        message = f"Expected `date | null`, got `{got}` - at `$.stages[2].start`"
        assert Violation(_source(tmp_path), ("masa-tenang",), "schema", message) == problem
    else:
        assert () == problem.stages
        assert problem.message.startswith(
            "Invalid date or datetime" if value == "2030-02-30" else "Expected newline"
        )


def test_a_sub_stage_outside_its_parent_is_rejected(tmp_path: Path) -> None:
    """A sub-stage running past its parent's last day names both and their dates."""
    doc = small_election()
    stage_in(doc, "rapat-umum")["end"] = dt.date(2030, 4, 14)
    (problem,) = load_one(tmp_path, doc)
    assert ("inside-parent", ("rapat-umum", "kampanye")) == (problem.rule, problem.stages)
    assert "rapat-umum 2030-03-24..2030-04-14" in problem.message
    assert "kampanye 2030-03-01..2030-04-13" in problem.message
    message = (
        "rapat-umum 2030-03-24..2030-04-14 is 'overlapped-by' its parent "
        "kampanye 2030-03-01..2030-04-13"
    )
    assert (_source(tmp_path), message) == (problem.source, problem.message)


def test_a_stage_outside_the_window_is_rejected(tmp_path: Path) -> None:
    """A stage ending after the election window names the stage and the window."""
    doc = small_election()
    doc["stages"].append(
        stage_doc("pelantikan", "inauguration", dt.date(2030, 10, 21), dt.date(2030, 10, 21))
    )
    (problem,) = load_one(tmp_path, doc)
    assert ("inside-window", ("pelantikan",)) == (problem.rule, problem.stages)
    assert "2029-01-01..2030-10-20" in problem.message
    message = "pelantikan 2030-10-21 is outside the election window 2029-01-01..2030-10-20"
    assert (_source(tmp_path), message) == (problem.source, problem.message)


def test_a_duplicate_stage_id_is_rejected(tmp_path: Path) -> None:
    """Two stages with one id are refused, naming the id and how often it appears."""
    doc = small_election()
    doc["stages"].append(copy.deepcopy(stage_in(doc, "masa-tenang")))
    (problem,) = load_one(tmp_path, doc)
    assert ("unique-id", ("masa-tenang",)) == (problem.rule, problem.stages)
    assert "appears 2 times" in problem.message
    message = "stage id 'masa-tenang' appears 2 times"
    assert (_source(tmp_path), message) == (problem.source, problem.message)


def test_an_unknown_parent_is_rejected(tmp_path: Path) -> None:
    """A parent that is no stage is refused, naming the stage and the missing parent."""
    doc = small_election()
    stage_in(doc, "rapat-umum")["parent"] = "kampanye-akbar"
    (problem,) = load_one(tmp_path, doc)
    assert ("parent", ("rapat-umum", "kampanye-akbar")) == (problem.rule, problem.stages)
    message = "parent 'kampanye-akbar' is no stage"
    assert (_source(tmp_path), message) == (problem.source, problem.message)


@pytest.mark.parametrize(
    ("parents", "flagged"),
    [
        ({"kampanye": "kampanye"}, {"kampanye", "rapat-umum"}),
        ({"kampanye": "rapat-umum"}, {"kampanye", "rapat-umum"}),
        (
            {"kampanye": "masa-tenang", "masa-tenang": "rapat-umum"},
            {"kampanye", "masa-tenang", "rapat-umum"},
        ),
    ],
    ids=["self", "two", "three"],
)
def test_a_parent_cycle_is_rejected(
    parents: dict[str, str], flagged: set[str], tmp_path: Path
) -> None:
    """Every stage on, or under, a cycle of parents is refused with a "parent" violation."""
    doc = small_election()
    for child, parent in parents.items():
        stage_in(doc, child)["parent"] = parent
    found = load_one(tmp_path, doc)
    assert {(stage_id, "parent") for stage_id in flagged} == {(v.stages[0], v.rule) for v in found}
    assert all("parents form a cycle" == v.message for v in found)
    assert {_source(tmp_path)} == {v.source for v in found}


def test_a_change_naming_an_unknown_id_is_rejected(tmp_path: Path) -> None:
    """A change-log entry may only name stages and retired ids."""
    doc = small_election()
    doc["changes"].append(correction_of("debat"))
    (problem,) = load_one(tmp_path, doc)
    assert ("retired-id", ("debat",)) == (problem.rule, problem.stages)
    assert "neither a stage nor retired" in problem.message
    message = (
        "correction entry of 2030-01-01T00:00:00+00:00 touches 'debat', "
        "which is neither a stage nor retired"
    )
    assert (_source(tmp_path), message) == (problem.source, problem.message)


def test_a_change_may_name_a_retired_id(tmp_path: Path) -> None:
    """A change-log entry naming a retired id is fine."""
    doc = small_election()
    doc["retired"] = [{"id": "debat", "at": REVISION, "reason": {"id": "x", "en": "x"}}]
    doc["changes"].append(correction_of("debat"))
    dataset = load_dataset(folder_with(tmp_path, {"uji-2030.toml": toml_document(doc)}))
    assert ("uji-2030",) == tuple(e.id for e in dataset.elections)


def test_a_retired_id_reused_by_a_stage_is_rejected(tmp_path: Path) -> None:
    """An id, once retired, is never used by a stage again."""
    doc = small_election()
    doc["retired"] = [{"id": "masa-tenang", "at": REVISION, "reason": {"id": "x", "en": "x"}}]
    (problem,) = load_one(tmp_path, doc)
    assert ("retired-id", ("masa-tenang",)) == (problem.rule, problem.stages)
    message = "retired id 'masa-tenang' is used by a stage"
    assert (_source(tmp_path), message) == (problem.source, problem.message)


def test_a_retired_entry_without_an_offset_is_a_violation_not_a_crash(tmp_path: Path) -> None:
    """A retirement date-time with no offset is reported as a DataError, like a change's."""
    doc = small_election()
    doc["retired"] = [
        {"id": "debat", "at": dt.datetime(2029, 12, 1), "reason": {"id": "x", "en": "x"}}
    ]
    (problem,) = load_one(tmp_path, doc)
    assert str(tmp_path / "data" / "uji-2030.toml") == problem.source
    message = "a retirement's date-time needs an offset (e.g. +07:00 or Z) - at `$.retired[0]`"
    assert Violation(_source(tmp_path), (), "schema", message) == problem


def test_a_change_without_an_offset_is_rejected(tmp_path: Path) -> None:
    """A change-log date-time needs an offset."""
    doc = small_election()
    doc["changes"][0]["at"] = dt.datetime(2029, 12, 1)
    (problem,) = load_one(tmp_path, doc)
    assert "schema" == problem.rule
    assert "offset" in problem.message
    message = "a change's date-time needs an offset (e.g. +07:00 or Z) - at `$.changes[0]`"
    assert Violation(_source(tmp_path), (), "schema", message) == problem


def test_a_change_newer_than_the_revision_is_rejected(tmp_path: Path) -> None:
    """The revision is at least as new as every change."""
    doc = small_election()
    doc["changes"][0]["at"] = REVISION + dt.timedelta(seconds=1)
    (problem,) = load_one(tmp_path, doc)
    assert "revision" == problem.rule
    message = (
        "change of 2030-01-01T00:00:01+00:00 is newer than the revision 2030-01-01T00:00:00+00:00"
    )
    assert Violation(_source(tmp_path), (), "revision", message) == problem


def test_a_rule_naming_an_unknown_stage_is_rejected(tmp_path: Path) -> None:
    """A constraint between stages that do not exist is refused, naming them."""
    doc = small_election()
    doc["constraints"][0]["b"] = "masa-sunyi"
    (problem,) = load_one(tmp_path, doc)
    assert ("constraint", ("kampanye", "masa-sunyi")) == (problem.rule, problem.stages)
    assert "'masa-sunyi' is no stage" in problem.message
    assert (_source(tmp_path), "'masa-sunyi' is no stage") == (problem.source, problem.message)


def test_the_voting_day_needs_a_scheduled_votingstage_doc(tmp_path: Path) -> None:
    """The election's voting day is the day of one of its scheduled voting stages."""
    doc = small_election()
    stage_in(doc, "pemungutan-suara")["status"] = "cancelled"
    (problem,) = load_one(tmp_path, doc)
    assert "voting-day" == problem.rule
    message = "no scheduled voting stage falls on the voting day 2030-04-17"
    assert Violation(_source(tmp_path), (), "voting-day", message) == problem


def test_the_file_name_must_be_the_election_id(tmp_path: Path) -> None:
    """An election lives in <its id>.toml."""
    folder = folder_with(tmp_path, {"uji-2031.toml": toml_document(small_election())})
    (problem,) = violations_of(folder)
    assert ("file-name", str(folder / "uji-2031.toml")) == (problem.rule, problem.source)
    assert "uji-2030.toml" in problem.message
    message = "election 'uji-2030' must be in uji-2030.toml"
    assert ((), message) == (problem.stages, problem.message)


def test_a_file_that_is_not_utf8_is_a_violation_not_a_crash(tmp_path: Path) -> None:
    """An election file that is not UTF-8 text is reported as a DataError naming the file."""
    raw = toml_document(small_election()).replace("Pemilu Uji", "Pemilu \xe9").encode("latin-1")
    folder = folder_with(tmp_path, {"uji-2030.toml": raw})
    (problem,) = violations_of(folder)
    assert str(folder / "uji-2030.toml") == problem.source
    assert ("encoding", ()) == (problem.rule, problem.stages)
    assert problem.message.startswith("not UTF-8: 'utf-8' codec can't decode byte 0xe9")


def test_a_regions_table_that_is_not_utf8_is_a_violation_not_a_crash(tmp_path: Path) -> None:
    """A regions.tsv that is not UTF-8 text is reported as a DataError naming it."""
    folder = folder_with(tmp_path, {"uji-2030.toml": toml_document(small_election())})
    table = REGIONS_TSV.read_text("utf-8").replace("Kabupaten Bantul", "Kabupaten Bant\xfcl")
    (folder / "regions.tsv").write_bytes(table.encode("latin-1"))
    found = violations_of(folder)
    assert {str(folder / "regions.tsv")} == {v.source for v in found}
    assert {("encoding", ())} == {(v.rule, v.stages) for v in found}
    assert all(v.message.startswith("not UTF-8: ") for v in found)


def test_one_bad_file_among_good_ones_loads_nothing(tmp_path: Path) -> None:
    """With the real fixtures and one bad file, load_dataset raises; the bad file is the one named."""
    folder = real_folder_with(tmp_path)
    doc = small_election()
    stage_in(doc, "masa-tenang")["start"] = dt.date(2030, 4, 15)
    (folder / "uji-2030.toml").write_text(toml_document(doc), "utf-8")
    found = violations_of(folder)
    assert {str(folder / "uji-2030.toml")} == {v.source for v in found}
    message = (
        "kampanye 2030-03-01..2030-04-13 before masa-tenang 2030-04-15..2030-04-16; allowed: meets"
    )
    assert [("constraint", ("kampanye", "masa-tenang"), message)] == [
        (v.rule, v.stages, v.message) for v in found
    ]


def test_every_violation_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    """Two independent faults in one file are both reported."""
    doc = small_election()
    stage_in(doc, "rapat-umum")["parent"] = "kampanye-akbar"
    doc["stages"].append(
        stage_doc("pelantikan", "inauguration", dt.date(2030, 10, 21), dt.date(2030, 10, 21))
    )
    found = load_one(tmp_path, doc)
    assert {("parent", ("rapat-umum", "kampanye-akbar")), ("inside-window", ("pelantikan",))} == {
        (v.rule, v.stages) for v in found
    }
    assert {_source(tmp_path)} == {v.source for v in found}
    assert {
        "parent 'kampanye-akbar' is no stage",
        "pelantikan 2030-10-21 is outside the election window 2029-01-01..2030-10-20",
    } == {v.message for v in found}


def test_violations_in_several_files_are_all_reported_each_naming_its_file(
    tmp_path: Path,
) -> None:
    """A decode error in one file and a broken rule in another are both reported, per file."""
    undecodable = small_election("uji-2030")
    stage_in(undecodable, "masa-tenang")["end"] = dt.date(2030, 4, 1)
    broken = small_election("uji-2035")
    stage_in(broken, "masa-tenang")["start"] = dt.date(2030, 4, 15)
    folder = folder_with(
        tmp_path,
        {"uji-2030.toml": toml_document(undecodable), "uji-2035.toml": toml_document(broken)},
    )
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    rules = {(Path(v.source).name, v.rule) for v in caught.value.violations}
    assert {("uji-2030.toml", "schema"), ("uji-2035.toml", "constraint")} == rules
    lines = str(caught.value).splitlines()[1:]
    assert len(caught.value.violations) == len(lines)
    assert all(line.startswith(str(folder)) for line in lines)


def test_a_region_specific_stage_must_be_in_a_region_holding_the_election(
    dataset: Dataset,
) -> None:
    """A stage limited to regions names only regions where its election is held."""
    pilkada = dataset.election("pilkada-2024")
    assert pilkada is not None
    revote = msgspec.structs.replace(
        pilkada.stages[0], id="pemungutan-suara-ulang", regions=("34",)
    )
    broken = msgspec.structs.replace(pilkada, stages=(*pilkada.stages, revote))
    found = check_election(broken, dataset.regions, "pilkada-2024.toml")
    assert [("pemungutan-suara-ulang",)] == [v.stages for v in found if v.rule == "region"]
    assert [
        Violation(
            "pilkada-2024.toml",
            ("pemungutan-suara-ulang",),
            "region",
            "region 34 does not hold this election",
        )
    ] == [v for v in found if v.rule == "region"]
    fine = msgspec.structs.replace(revote, regions=("33.05",))
    assert [] == check_election(
        msgspec.structs.replace(pilkada, stages=(*pilkada.stages, fine)), dataset.regions, "x"
    )


def test_the_app_refuses_to_start_on_invalid_data(tmp_path: Path) -> None:
    """create_app raises the same DataError that check reports, and serves nothing."""
    from pemilu_api.app import create_app
    from pemilu_api.settings import Settings

    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    target = tmp_path / "pemilu-2024.toml"
    target.write_text(target.read_text("utf-8").replace("2024-02-11", "2024-02-12", 1), "utf-8")
    with pytest.raises(DataError) as raised:
        create_app(Settings(fixtures=tmp_path))
    assert "pemilu-2024.toml" in str(raised.value)


@pytest.mark.parametrize("field", ["end = 2024-10-20", "end = 2024-02-10"])
def test_a_date_at_the_end_of_the_calendar_is_a_violation_not_a_crash(
    tmp_path: Path, field: str
) -> None:
    """A date whose next day overflows the calendar is reported by check, naming the file."""
    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    target = tmp_path / "pemilu-2024.toml"
    text = target.read_text("utf-8")
    assert field in text
    target.write_text(text.replace(field, "end = 9999-12-31", 1), "utf-8")
    with pytest.raises(DataError) as raised:
        load_dataset(tmp_path)
    assert "9998-12-31" in str(raised.value)
    assert str(target) in str(raised.value)


# ---------------------------------------------------------------------------------------------
# Checks that mutation testing found unexercised: each asserts the whole violation.

SMALL_SOURCE = "uji-2030.toml"


def _only(doc: Doc) -> list[Violation]:
    """The violations check_election finds in the small election ``doc`` (decoded first)."""
    election, problems = decode_election(toml_document(doc).encode("utf-8"), SMALL_SOURCE)
    assert [] == problems
    assert election is not None
    return check_election(election, REGIONS, SMALL_SOURCE)


def test_a_stage_naming_an_unknown_region_is_rejected() -> None:
    """A region code that regions.tsv does not hold is refused, naming the stage and the code."""
    doc = small_election()
    stage_in(doc, "masa-tenang")["regions"] = ["99.99"]
    expected = Violation(SMALL_SOURCE, ("masa-tenang",), "region", "unknown region 99.99")
    assert [expected] == _only(doc)


def test_a_contest_excluding_an_unknown_region_is_rejected() -> None:
    """A contest's ``exclude`` may only name known regions."""
    doc = small_election()
    doc["contests"][0]["exclude"] = ["99"]
    message = "contest 'presiden' excludes unknown region 99"
    assert [Violation(SMALL_SOURCE, (), "region", message)] == _only(doc)


def test_a_voting_day_outside_the_window_is_rejected() -> None:
    """The voting day lies in the election window (and the voting stage with it)."""
    doc = small_election()
    doc["window"]["end"] = dt.date(2030, 4, 16)
    found = _only(doc)
    assert (
        Violation(SMALL_SOURCE, (), "inside-window", "voting day 2030-04-17 is outside the window")
        in found
    )
    assert {("inside-window", ("pemungutan-suara",))} == {
        (v.rule, v.stages) for v in found if v.stages
    }


def test_a_retired_entry_newer_than_the_revision_is_rejected() -> None:
    """A retirement, like a change, is no newer than the revision."""
    doc = small_election()
    later = REVISION + dt.timedelta(seconds=1)
    doc["retired"] = [{"id": "debat", "at": later, "reason": {"id": "x", "en": "x"}}]
    message = "retirement of 'debat' is newer than the revision"
    assert [Violation(SMALL_SOURCE, ("debat",), "revision", message)] == _only(doc)


def test_a_rule_naming_an_undated_stage_is_rejected() -> None:
    """A rule needs dates: one naming an undated stage is refused, naming the pair."""
    doc = small_election()
    tenang = stage_in(doc, "masa-tenang")
    for key in ("start", "end"):
        del tenang[key]
    tenang["undated"] = {"id": "belum", "en": "not yet"}
    message = "'masa-tenang' has no dates to check"
    expected = Violation(SMALL_SOURCE, ("kampanye", "masa-tenang"), "constraint", message)
    assert [expected] == _only(doc)


def test_every_unknown_parent_is_reported_not_only_the_first() -> None:
    """After one stage with an unknown parent, later stages' parent problems are reported too."""
    doc = small_election()
    stage_in(doc, "kampanye")["parent"] = "tidak-ada"
    stage_in(doc, "masa-tenang")["parent"] = "juga-tidak-ada"
    stage_in(doc, "pemungutan-suara")["parent"] = "masa-tenang"
    assert [
        Violation(
            SMALL_SOURCE, ("kampanye", "tidak-ada"), "parent", "parent 'tidak-ada' is no stage"
        ),
        Violation(
            SMALL_SOURCE,
            ("masa-tenang", "juga-tidak-ada"),
            "parent",
            "parent 'juga-tidak-ada' is no stage",
        ),
        Violation(
            SMALL_SOURCE,
            ("pemungutan-suara", "masa-tenang"),
            "inside-parent",
            "pemungutan-suara 2030-04-17 is 'met-by' its parent masa-tenang 2030-04-14..2030-04-16",
        ),
    ] == [v for v in _only(doc) if v.rule in ("parent", "inside-parent")]
