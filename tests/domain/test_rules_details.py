"""Rule checks that mutation testing of domain/rules found unasserted: each asserts whole violations.

Each test decodes the small election (tests/support/elections.py) with one fault and compares
every violation check_election returns with the one expected, file, stage ids, rule and message.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pemilu_api.domain.loader import decode_election
from pemilu_api.domain.rules import check_election
from pemilu_api.domain.violations import Violation
from support.elections import REGIONS, REVISION, Doc, small_election, stage_in, toml_document

SOURCE = "uji-2030.toml"


def _violations(doc: Doc) -> list[Violation]:
    """The violations check_election finds in ``doc`` (which must decode)."""
    election, problems = decode_election(toml_document(doc).encode("utf-8"), SOURCE)
    assert [] == problems
    assert election is not None
    return check_election(election, REGIONS, SOURCE)


def test_a_duplicate_contest_id_is_named_as_a_contest() -> None:
    """Two contests with one id: the message says it is a contest id."""
    doc = small_election()
    doc["contests"].append(dict(doc["contests"][0]))
    message = "contest id 'presiden' appears 2 times"
    assert [Violation(SOURCE, ("presiden",), "unique-id", message)] == _violations(doc)


def test_a_duplicate_retired_id_is_named_as_retired() -> None:
    """Two retirements of one id: the message says it is a retired id."""
    doc = small_election()
    entry = {"id": "debat", "at": REVISION, "reason": {"id": "x", "en": "x"}}
    doc["retired"] = [entry, dict(entry)]
    message = "retired id 'debat' appears 2 times"
    assert [Violation(SOURCE, ("debat",), "unique-id", message)] == _violations(doc)


BASIS = [{"instrument": "UU 1/2029"}]
RELATIVE_RULE = {"id": "mulai", "text": {"id": "Mulai", "en": "Start"}, "basis": BASIS}
LEGAL_EVENT = {
    "id": "putusan",
    "date": dt.date(2029, 6, 1),
    "name": {"id": "Putusan", "en": "Ruling"},
    "basis": BASIS,
    "confidence": "high",
}


@pytest.mark.parametrize(
    ("table", "entry", "kind"),
    [
        pytest.param("relative", RELATIVE_RULE, "relative rule", id="relative"),
        pytest.param("events", LEGAL_EVENT, "event", id="event"),
    ],
)
def test_a_duplicate_relative_rule_or_event_id_is_named_by_its_kind(
    table: str, entry: Doc, kind: str
) -> None:
    """Two relative rules, or two legal events, with one id: the message names the kind of id."""
    doc = small_election()
    doc[table] = [entry, dict(entry)]
    message = f"{kind} id {entry['id']!r} appears 2 times"
    assert [Violation(SOURCE, (entry["id"],), "unique-id", message)] == _violations(doc)


# Rules on the one stage left dated in the announced election below, each kept by its dates.
KEPT_RULES = {
    "constraints": {"a": "kampanye", "b": "kampanye", "allowed": ["equals"], "basis": BASIS},
    "lengths": {"stage": "kampanye", "days": 44, "basis": BASIS},
    "offsets": {
        "from": "kampanye",
        "from_edge": "start",
        "to": "kampanye",
        "to_edge": "end",
        "days": 43,
        "basis": BASIS,
    },
}


@pytest.mark.parametrize("table", sorted(KEPT_RULES))
def test_an_announced_election_has_no_dated_stage_and_no_ordering_rule(table: str) -> None:
    """Announced (no voting day, no window): a dated stage, and any one kind of rule, named whole."""
    doc = small_election()
    doc["status"] = "announced"
    del doc["voting_day"], doc["window"]
    for stage in doc["stages"][1:]:
        for key in ("date", "start", "end"):
            stage.pop(key, None)
        stage.update({"kind": "period", "undated": {"id": "belum", "en": "not yet"}})
    doc["constraints"] = []
    doc[table] = [KEPT_RULES[table]]
    dated = "kampanye 2030-03-01..2030-04-13: an announced election has no dated stage"
    rules = "an announced election declares no ordering rule on dates"
    assert [
        Violation(SOURCE, ("kampanye",), "announced", f"{dated} (give an undated reason)"),
        Violation(SOURCE, (), "announced", f"{rules}; state it as a [[relative]] rule"),
    ] == _violations(doc)


def test_a_stage_id_appearing_three_times_is_counted() -> None:
    """The count in the message is the number of stages with the id."""
    doc = small_election()
    doc["stages"] += [dict(stage_in(doc, "masa-tenang")), dict(stage_in(doc, "masa-tenang"))]
    message = "stage id 'masa-tenang' appears 3 times"
    assert [Violation(SOURCE, ("masa-tenang",), "unique-id", message)] == _violations(doc)


def test_a_one_day_stage_is_spanned_by_its_one_day() -> None:
    """A one-day stage outside the window is named with its one day, not a range."""
    doc = small_election()
    stage_in(doc, "masa-tenang").update(
        {"kind": "day", "date": dt.date(2030, 10, 21), "start": None, "end": None}
    )
    found = [v for v in _violations(doc) if v.rule == "inside-window"]
    message = "masa-tenang 2030-10-21 is outside the election window 2029-01-01..2030-10-20"
    assert [Violation(SOURCE, ("masa-tenang",), "inside-window", message)] == found


def test_a_length_naming_an_unknown_stage_is_a_length_violation() -> None:
    """A length rule naming no stage is reported as a "length" violation of that file."""
    doc = small_election()
    doc["lengths"] = [{"stage": "masa-sunyi", "days": 3, "basis": [{"instrument": "UU 1/2029"}]}]
    message = "'masa-sunyi' is no stage"
    assert [Violation(SOURCE, ("masa-sunyi",), "length", message)] == _violations(doc)


def test_an_offset_naming_an_unknown_stage_is_an_offset_violation() -> None:
    """An offset rule naming no stage is reported as an "offset" violation of that file."""
    doc = small_election()
    doc["offsets"] = [
        {
            "from": "masa-tenang",
            "from_edge": "start",
            "to": "masa-sunyi",
            "to_edge": "start",
            "days": 3,
            "basis": [{"instrument": "UU 1/2029"}],
        }
    ]
    message = "'masa-sunyi' is no stage"
    expected = Violation(SOURCE, ("masa-tenang", "masa-sunyi"), "offset", message)
    assert [expected] == _violations(doc)


def test_kept_length_and_offset_rules_are_no_violation() -> None:
    """The same rules on existing stages, kept, report nothing."""
    doc = small_election()
    basis = [{"instrument": "UU 1/2029"}]
    doc["lengths"] = [{"stage": "masa-tenang", "days": 3, "basis": basis}]
    doc["offsets"] = [
        {
            "from": "masa-tenang",
            "from_edge": "start",
            "to": "pemungutan-suara",
            "to_edge": "start",
            "days": 3,
            "basis": basis,
        }
    ]
    assert [] == _violations(doc)


def test_an_unknown_code_in_the_election_s_region_list_is_one_whole_violation() -> None:
    """A region list naming a code the regions table lacks: the file, no stage, "region"."""
    doc = small_election()
    doc["regions"] = ["33", "99"]
    message = "the election's region list names unknown 99"
    assert [Violation(SOURCE, (), "region", message)] == _violations(doc)


def test_a_code_listed_twice_in_the_election_s_region_list_is_one_whole_violation() -> None:
    """A region list naming one code twice is reported once, as a whole violation."""
    doc = small_election()
    doc["regions"] = ["33.05", "33.05"]
    message = "the election's region list names 33.05 twice"
    assert [Violation(SOURCE, (), "region", message)] == _violations(doc)
