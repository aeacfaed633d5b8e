"""Feed rules checked on small elections built inside each test (fast enough for mutation runs).

Each test decodes the small election of tests/support/elections.py, changes what its rule is
about, and renders the feeds in the test itself.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ics_support import BASE_URL, parse
from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.loader import decode_election
from pemilu_api.domain.models import Election, Region
from pemilu_api.render import ics
from pemilu_api.render.language import LANGS, Lang
from pemilu_api.render.urls import Urls
from support.elections import (
    REGIONS,
    REVISION,
    Doc,
    small_election,
    stage_doc,
    stage_in,
    toml_document,
)

LINKS = Urls(BASE_URL)
KEBUMEN = REGIONS["33.05"]


def _election(doc: Doc) -> Election:
    """The election of ``doc`` (which must decode)."""
    election, problems = decode_election(toml_document(doc).encode("utf-8"), f"{doc['id']}.toml")
    assert [] == problems
    assert election is not None
    return election


def _feeds(elections: list[Election], lang: Lang, key_only: bool) -> list[bytes]:
    """Every feed of ``elections``: each election's, the all-elections one and Kebumen's."""
    dataset = Dataset.build(elections, REGIONS)
    return [
        *(ics.election_feed(e, lang, key_only, LINKS) for e in dataset.elections),
        ics.all_feed(elections, lang, key_only, LINKS),
        ics.region_feed(dataset, KEBUMEN, lang, key_only, LINKS),
    ]


def _with_undated(doc: Doc) -> Doc:
    """``doc`` with two undated stages, listed against the order of their ids."""
    for stage_id in ("verifikasi", "audit"):
        stage = stage_doc(stage_id, "participants", REVISION.date(), REVISION.date())
        del stage["date"]
        stage.update({"kind": "period", "undated": {"id": "Belum", "en": "Not yet"}})
        doc["stages"].append(stage)
    return doc


SMALL = _election(_with_undated(small_election()))
OTHER = _election(_with_undated(small_election("uji-lain-2030")))


@settings(deadline=None, max_examples=25)
@given(data=st.data(), lang=st.sampled_from(LANGS), key_only=st.booleans())
def test_the_order_of_stages_and_elections_changes_no_byte(
    data: st.DataObject, lang: Lang, key_only: bool
) -> None:
    """Feeds of permuted stages (and elections) are byte-identical to the feeds in data order."""
    stages = data.draw(st.permutations(SMALL.stages), label="stages")
    shuffled = msgspec.structs.replace(SMALL, stages=tuple(stages))
    order = data.draw(st.permutations([shuffled, OTHER]), label="elections")
    assert _feeds([SMALL, OTHER], lang, key_only) == _feeds(order, lang, key_only)


def test_a_feed_query_names_only_what_differs_from_the_defaults() -> None:
    """Indonesian and every stage are the defaults: the query names English and key dates only."""
    assert {
        ("id", False): "",
        ("id", True): "?key=true",
        ("en", False): "?lang=en",
        ("en", True): "?lang=en&key=true",
    } == {(lang, key): ics.feed_query(lang, key) for lang in LANGS for key in (False, True)}


def test_a_uid_names_the_stage_the_election_and_a_zone_in_lower_case() -> None:
    """UID = stage.election[.zone]@pemilu-api; the zone lower-cased with "/" as "-"."""
    assert "kampanye.uji-2030@pemilu-api" == ics.uid("uji-2030", "kampanye")
    expected = "pemungutan-suara.uji-2030.asia-jakarta@pemilu-api"
    assert expected == ics.uid("uji-2030", "pemungutan-suara", "Asia/Jakarta")


@pytest.fixture
def jakarta_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time zone is Asia/Jakarta (UTC+7) for the test, then its own again."""
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.usefixtures("jakarta_time")
def test_a_feed_of_no_election_is_last_modified_at_the_utc_epoch(lang: Lang) -> None:
    """A feed of no election is last modified at 1970-01-01 00:00 UTC, whatever the server's zone."""
    empty = Dataset.build([], REGIONS)
    for body in (
        ics.all_feed([], lang, False, LINKS),
        ics.region_feed(empty, KEBUMEN, lang, False, LINKS),
    ):
        assert b"\r\nLAST-MODIFIED:19700101T000000Z\r\n" in body
        assert b"BEGIN:VEVENT" not in body


def test_a_region_feed_names_the_province_or_its_code_when_the_data_set_lacks_it() -> None:
    """The feed's introduction names the region's province, by its code if it is not known."""
    intro = f"The stages and schedule of the elections held in {KEBUMEN.name} (33.05), "
    for regions, province in ((REGIONS, REGIONS["33"].name), ({"33.05": KEBUMEN}, "33")):
        body = ics.region_feed(Dataset.build([SMALL], regions), KEBUMEN, "en", False, LINKS)
        assert f"{intro}{province}." == str(parse(body)["DESCRIPTION"]).split("\n")[0]


def test_the_zone_abbreviation_is_the_one_in_force_at_noon_of_the_voting_day() -> None:
    """Juba changed from CAT to EAT just after noon on 2000-01-15: a vote that day says CAT."""
    juba = Region(code="99", level="provinsi", name="Juba", province="99", time_zone="Africa/Juba")
    voting = next(s for s in SMALL.stages if s.hours is not None)
    moved = msgspec.structs.replace(voting, date=dt.date(2000, 1, 15))
    election = msgspec.structs.replace(SMALL, stages=(moved,))
    body = ics.region_feed(Dataset.build([election], {"99": juba}), juba, "en", False, LINKS)
    hours = (
        "Voting days carry their hours in local time, CAT (Africa/Juba); other stages are all-day."
    )
    assert hours in str(parse(body)["DESCRIPTION"]).split("\n")


@pytest.mark.parametrize(
    ("note", "line"),
    [
        (None, "Actually ran: 15 April 2030 – 16 April 2030"),
        (
            {"id": "Menurut KPU", "en": "Per KPU"},
            "Actually ran: 15 April 2030 – 16 April 2030. Per KPU",
        ),
    ],
    ids=["without-note", "with-note"],
)
def test_a_stage_s_actual_days_are_one_line_with_their_note_if_any(
    note: dict[str, str] | None, line: str
) -> None:
    """The days a stage actually ran are a line of its event's DESCRIPTION, then their note."""
    doc = small_election()
    actual = {"start": dt.date(2030, 4, 15), "end": dt.date(2030, 4, 16), "note": note}
    stage_in(doc, "masa-tenang")["actual"] = actual
    body = ics.election_feed(_election(doc), "en", False, LINKS)
    uid = ics.uid("uji-2030", "masa-tenang")
    (event,) = (e for e in parse(body).events if uid == str(e["UID"]))
    assert line in str(event["DESCRIPTION"]).split("\n")


def test_a_rule_or_legal_fact_cites_each_of_its_bases_separated_by_semicolons() -> None:
    """A relative rule's or a legal fact's line in the feed cites every basis, joined by "; "."""
    doc = small_election()
    basis = [{"instrument": "UU 1/2029"}, {"instrument": "PKPU 2/2029", "provision": "Pasal 3"}]
    doc["relative"] = [{"id": "mulai", "text": {"id": "Mulai", "en": "Start"}, "basis": basis}]
    ruling = {"id": "Putusan", "en": "Ruling"}
    fact = {"id": "putusan", "date": dt.date(2029, 6, 1), "name": ruling, "basis": basis}
    doc["events"] = [{**fact, "confidence": "high"}]
    body = ics.election_feed(_election(doc), "en", False, LINKS)
    lines = str(parse(body)["DESCRIPTION"]).split("\n")
    cites = "(UU 1/2029; PKPU 2/2029, Pasal 3)"
    assert f"Rule: Start {cites}" in lines
    assert f"Legal fact: 1 June 2029, Ruling {cites}" in lines
