"""The rules an election's data must keep, and the loader and ``check`` command that enforce them.

(a) Any generated valid timeline passes every rule and loads from a folder.
(b) Breaking any ordering rule the real fixtures declare is reported, naming the stages.
(c) Each general invariant is enforced with a clear message; loading is all or nothing.
(d) ``pemilu-api check`` reports the same, and ``--previous`` guards dropped stage ids.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import tempfile
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.cli import main
from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.loader import decode_election, load_dataset
from pemilu_api.domain.models import (
    CATEGORIES,
    Constraint,
    Contest,
    Election,
    Length,
    Offset,
    Stage,
)
from pemilu_api.domain.regions import contest_covers, parse_regions
from pemilu_api.domain.rules import check_election
from pemilu_api.domain.violations import DataError, Violation

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
REGIONS_TSV = FIXTURES / "regions.tsv"
REGIONS, _ = parse_regions(REGIONS_TSV.read_text("utf-8"), str(REGIONS_TSV))
REGION_CODES = sorted(REGIONS)
DAY = dt.timedelta(days=1)
Doc = dict[str, Any]

# ---------------------------------------------------------------------------------------------
# A tiny TOML writer (msgspec.toml.encode needs tomli_w, which is not installed). Every value is
# written inline, one top-level key per line; that is plain TOML 1.0.


class Raw(str):
    """Text written into the TOML document verbatim, to write malformed values on purpose."""

    __slots__ = ()


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(text: str) -> str:
    """A TOML basic string; other control characters become 4-digit unicode escapes."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: object) -> str:
    """One TOML value, inline; None entries of tables are left out (TOML has no null)."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.date | dt.time):  # dt.datetime is a dt.date
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items() if v is not None)
        return "{ " + ", ".join(pairs) + " }"
    raise TypeError(f"no TOML form for {value!r}")


def toml_key(key: str) -> str:
    """A bare key where TOML allows one, else a quoted key."""
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_document(doc: Mapping[str, object]) -> str:
    """A whole TOML document: one ``key = value`` line per top-level entry."""
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in doc.items() if v is not None)


def election_doc(election: Election) -> Doc:
    """The TOML-shaped dict of an election (dates stay dates)."""
    doc: Doc = msgspec.to_builtins(election, builtin_types=(dt.date, dt.datetime, dt.time))
    return doc


# ---------------------------------------------------------------------------------------------
# An independent Allen oracle over inclusive (first, last) days, for building and breaking rules.

Span = tuple[dt.date, dt.date]

_SHARED = {
    (-1, -1): "overlaps",
    (0, -1): "starts",
    (1, -1): "during",
    (1, 0): "finishes",
    (0, 0): "equals",
    (1, 1): "overlapped-by",
    (0, 1): "started-by",
    (-1, 1): "contains",
    (-1, 0): "finished-by",
}


def _sign(delta: dt.timedelta) -> int:
    return (delta > dt.timedelta(0)) - (delta < dt.timedelta(0))


def allen(a: Span, b: Span) -> str:
    """The Allen relation of two inclusive day spans (a day after the last day is "meets")."""
    (a_first, a_last), (b_first, b_last) = a, b
    if a_last + DAY < b_first:
        return "before"
    if a_last + DAY == b_first:
        return "meets"
    if b_last + DAY < a_first:
        return "after"
    if b_last + DAY == a_first:
        return "met-by"
    return _SHARED[_sign(a_first - b_first), _sign(a_last - b_last)]


def span_of(stage: Stage) -> Span:
    """A dated stage's first and last day."""
    if stage.kind == "period":
        assert stage.start is not None
        assert stage.end is not None
        return stage.start, stage.end
    assert stage.date is not None
    return stage.date, stage.date


ALL_RELATIONS = ("before", "meets", "after", "met-by", *_SHARED.values())

# ---------------------------------------------------------------------------------------------
# (a) Generated valid timelines.

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
slugs = st.lists(words, min_size=1, max_size=3).map("-".join)
texts = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
bilingual = st.fixed_dictionaries({"id": texts, "en": texts})
legal_bases = st.lists(
    st.fixed_dictionaries({"instrument": texts}, optional={"provision": texts}),
    min_size=1,
    max_size=2,
)
offsets = st.sampled_from(
    [dt.UTC, dt.timezone(dt.timedelta(hours=7)), dt.timezone(dt.timedelta(hours=-3, minutes=-30))]
)


def _days_between(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + draw(st.integers(0, (hi - lo).days)) * DAY


def _maybe(draw: st.DrawFn, doc: Doc, key: str, strategy: st.SearchStrategy[Any]) -> None:
    """Set ``doc[key]`` to a drawn value, or leave it out."""
    if draw(st.booleans()):
        doc[key] = draw(strategy)


@st.composite
def valid_elections(draw: st.DrawFn) -> Doc:
    """A random election that keeps every rule, with rules declared from its own dates."""
    first = dt.date(2020, 1, 1) + draw(st.integers(0, 3650)) * DAY
    last = first + draw(st.integers(0, 400)) * DAY
    voting_day = _days_between(draw, first, last)
    ids = draw(st.lists(slugs, min_size=2, max_size=14, unique=True))
    n_retired = draw(st.integers(0, min(3, len(ids) - 1)))
    retired_ids, stage_ids = ids[:n_retired], ids[n_retired:]
    spans: dict[str, Span | None] = {}
    stages: list[Doc] = []
    for index, stage_id in enumerate(stage_ids):
        stage: Doc = {
            "id": stage_id,
            "name": draw(bilingual),
            "category": draw(st.sampled_from(CATEGORIES)),
            "basis": draw(legal_bases),
            "confidence": draw(st.sampled_from(["high", "medium", "low"])),
        }
        if index == 0:  # the voting stage on the voting day
            stage |= {"category": "voting", "kind": "day", "date": voting_day}
            stages.append(stage)
            spans[stage_id] = (voting_day, voting_day)
            continue
        parent = draw(st.none() | st.sampled_from(stage_ids[:index]))
        lo, hi = (spans[parent] if parent is not None else None) or (first, last)
        shape = draw(st.sampled_from(["period", "day", "deadline", "undated"]))
        if shape == "undated":
            stage["kind"] = draw(st.sampled_from(["period", "day", "deadline"]))
            stage["undated"] = draw(bilingual)
            spans[stage_id] = None
        elif shape == "period":
            start, end = sorted((_days_between(draw, lo, hi), _days_between(draw, lo, hi)))
            stage |= {"kind": "period", "start": start, "end": end}
            spans[stage_id] = (start, end)
        else:
            day = _days_between(draw, lo, hi)
            stage |= {"kind": shape, "date": day}
            spans[stage_id] = (day, day)
        if parent is not None:
            stage["parent"] = parent
        stage["status"] = draw(st.sampled_from(["scheduled", "cancelled"]))
        _maybe(draw, stage, "key", st.booleans())
        dated = spans[stage_id]
        if dated is None or dated[0] == dated[1]:
            _maybe(
                draw,
                stage,
                "hours",
                st.lists(st.times(), min_size=2, max_size=2, unique=True)
                .map(sorted)
                .map(lambda pair: {"start": pair[0], "end": pair[1]}),
            )
        _maybe(draw, stage, "holiday", st.fixed_dictionaries({"decree": texts}))
        _maybe(draw, stage, "regions", st.lists(st.sampled_from(REGION_CODES), max_size=3))
        _maybe(draw, stage, "note", bilingual)
        stages.append(stage)
    dated_ids = sorted(i for i, s in spans.items() if s is not None)
    constraints = []
    for a, b in draw(st.lists(st.tuples(*[st.sampled_from(dated_ids)] * 2), max_size=5)):
        actual = allen(spans[a] or (first, first), spans[b] or (first, first))
        extra = draw(st.lists(st.sampled_from(ALL_RELATIONS), max_size=3))
        allowed = list(dict.fromkeys([*extra, actual]))
        constraints.append({"a": a, "b": b, "allowed": allowed, "basis": draw(legal_bases)})
    lengths = []
    for stage_id in draw(st.lists(st.sampled_from(dated_ids), max_size=3)):
        start, end = spans[stage_id] or (first, first)
        days = (end - start).days + 1
        lengths.append({"stage": stage_id, "days": days, "basis": draw(legal_bases)})
    rule_offsets = []
    edges = st.sampled_from(["start", "end"])
    for origin_id, from_edge, target_id, to_edge in draw(
        st.lists(
            st.tuples(st.sampled_from(dated_ids), edges, st.sampled_from(dated_ids), edges),
            max_size=3,
        )
    ):
        origin = (spans[origin_id] or (first, first))[from_edge == "end"]
        target = (spans[target_id] or (first, first))[to_edge == "end"]
        rule_offsets.append(
            {
                "from": origin_id,
                "from_edge": from_edge,
                "to": target_id,
                "to_edge": to_edge,
                "days": (target - origin).days,
                "basis": draw(legal_bases),
            }
        )
    revision = dt.datetime.combine(first, dt.time(draw(st.integers(0, 23))), draw(offsets))
    earlier = st.integers(0, 100_000).map(lambda minutes: revision - dt.timedelta(minutes=minutes))
    changes = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "at": earlier,
                    "stages": st.lists(st.sampled_from(ids), unique=True, max_size=3),
                    "summary": bilingual,
                }
            ),
            min_size=1,
            max_size=3,
        )
    )
    retired = [{"id": i, "at": draw(earlier), "reason": draw(bilingual)} for i in retired_ids]
    contests = [
        {
            "id": contest_id,
            "office": draw(bilingual),
            "level": draw(st.sampled_from(["national", "provinsi", "kabupaten-kota"])),
            "exclude": draw(st.lists(st.sampled_from(REGION_CODES), unique=True, max_size=3)),
        }
        for contest_id in draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    ]
    # A region-specific stage names only regions that hold the election.
    held = {
        code
        for code, region in REGIONS.items()
        if any(contest_covers(msgspec.convert(c, Contest), region) for c in contests)
    }
    for stage in stages:
        if "regions" in stage:
            stage["regions"] = [code for code in stage["regions"] if code in held]
    window: Doc = {"start": first, "end": last, "basis": draw(legal_bases)}
    _maybe(draw, window, "note", bilingual)
    doc: Doc = {
        "id": draw(slugs),
        "name": draw(bilingual),
        "kind": draw(st.sampled_from(["pemilu", "pilkada"])),
        "voting_day": voting_day,
        "basis": draw(legal_bases),
        "window": window,
        "revision": revision,
        "contests": contests,
        "stages": stages,
        "constraints": constraints,
        "lengths": lengths,
        "offsets": rule_offsets,
        "changes": changes,
        "retired": retired,
    }
    _maybe(draw, doc, "note", bilingual)
    return doc


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


def _real_elections() -> list[Election]:
    found = []
    for path in sorted(FIXTURES.glob("*.toml")):
        election, _ = decode_election(path.read_bytes(), str(path))
        if election is not None:
            found.append(election)
    return found


REAL = _real_elections()
PEMILU_2024 = next(e for e in REAL if e.id == "pemilu-2024")


def with_days(stage: Stage, first: dt.date, last: dt.date) -> Stage:
    """The stage moved to cover ``first``..``last`` (a period when that is more than one day)."""
    if first == last and stage.kind != "period":
        return msgspec.structs.replace(stage, date=first)
    return msgspec.structs.replace(
        stage,
        kind="period",
        start=first,
        end=last,
        date=None,
        hours=stage.hours if first == last else None,
    )


def replace_stage(election: Election, new: Stage) -> Election:
    """The election with the stage of ``new``'s id replaced by ``new``."""
    stages = tuple(new if s.id == new.id else s for s in election.stages)
    return msgspec.structs.replace(election, stages=stages)


def _moves(span: Span, size: int) -> Iterator[Span]:
    first, last = span
    for delta in (size * DAY, -size * DAY):
        yield first + delta, last + delta
        if last + delta >= first:
            yield first, last + delta
        if first + delta <= last:
            yield first + delta, last


def break_constraint(election: Election, rule: Constraint) -> Election:
    """The election with the smallest shift or stretch of one stage that leaves ``rule.allowed``."""
    stages = {s.id: s for s in election.stages}
    spans = {rule.a: span_of(stages[rule.a]), rule.b: span_of(stages[rule.b])}
    for size in range(1, 4000):
        for mover in (rule.a, rule.b):
            for moved in _moves(spans[mover], size):
                trial = {**spans, mover: moved}
                if allen(trial[rule.a], trial[rule.b]) not in rule.allowed:
                    return replace_stage(election, with_days(stages[mover], *moved))
    raise AssertionError(f"no perturbation leaves {rule.allowed}")


def break_length(election: Election, rule: Length) -> Election:
    """The election with the stage of ``rule`` one day longer."""
    stage = election.stage(rule.stage)
    assert stage is not None
    first, last = span_of(stage)
    return replace_stage(election, with_days(stage, first, last + DAY))


def break_offset(election: Election, rule: Offset) -> Election:
    """The election with the ``to`` edge of ``rule`` one day later."""
    stage = election.stage(rule.to)
    assert stage is not None
    first, last = span_of(stage)
    if rule.from_ != rule.to:
        return replace_stage(election, with_days(stage, first + DAY, last + DAY))
    if rule.to_edge == "end":
        return replace_stage(election, with_days(stage, first, last + DAY))
    return replace_stage(election, with_days(stage, first - DAY, last))


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


def _stage(stage_id: str, category: str, first: dt.date, last: dt.date, **extra: Any) -> Doc:
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
            _stage("kampanye", "campaign", dt.date(2030, 3, 1), dt.date(2030, 4, 13)),
            _stage(
                "rapat-umum",
                "campaign",
                dt.date(2030, 3, 24),
                dt.date(2030, 4, 13),
                parent="kampanye",
            ),
            _stage("masa-tenang", "quiet-period", dt.date(2030, 4, 14), dt.date(2030, 4, 16)),
            _stage(
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
        "changes": [{"at": REVISION, "stages": [], "summary": {"id": "Awal", "en": "First"}}],
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


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        (Raw("2030-02-30"), "toml"),
        (Raw("2030-4-14"), "toml"),
        ("2030-04-14", "schema"),
        (Raw("2030-04-14T00:00:00Z"), "schema"),
    ],
)
def test_a_malformed_date_is_rejected(value: str, rule: str, tmp_path: Path) -> None:
    """A date that is no date, is quoted, or carries a time is refused."""
    doc = small_election()
    stage_in(doc, "masa-tenang")["start"] = value
    (problem,) = load_one(tmp_path, doc)
    assert rule == problem.rule
    if rule == "schema":
        assert ("masa-tenang",) == problem.stages
        assert "$.stages[2].start" in problem.message


def test_a_sub_stage_outside_its_parent_is_rejected(tmp_path: Path) -> None:
    """A sub-stage running past its parent's last day names both and their dates."""
    doc = small_election()
    stage_in(doc, "rapat-umum")["end"] = dt.date(2030, 4, 14)
    (problem,) = load_one(tmp_path, doc)
    assert ("inside-parent", ("rapat-umum", "kampanye")) == (problem.rule, problem.stages)
    assert "rapat-umum 2030-03-24..2030-04-14" in problem.message
    assert "kampanye 2030-03-01..2030-04-13" in problem.message


def test_a_stage_outside_the_window_is_rejected(tmp_path: Path) -> None:
    """A stage ending after the election window names the stage and the window."""
    doc = small_election()
    doc["stages"].append(
        _stage("pelantikan", "inauguration", dt.date(2030, 10, 21), dt.date(2030, 10, 21))
    )
    (problem,) = load_one(tmp_path, doc)
    assert ("inside-window", ("pelantikan",)) == (problem.rule, problem.stages)
    assert "2029-01-01..2030-10-20" in problem.message


def test_a_duplicate_stage_id_is_rejected(tmp_path: Path) -> None:
    """Two stages with one id are refused, naming the id and how often it appears."""
    doc = small_election()
    doc["stages"].append(copy.deepcopy(stage_in(doc, "masa-tenang")))
    (problem,) = load_one(tmp_path, doc)
    assert ("unique-id", ("masa-tenang",)) == (problem.rule, problem.stages)
    assert "appears 2 times" in problem.message


def test_an_unknown_parent_is_rejected(tmp_path: Path) -> None:
    """A parent that is no stage is refused, naming the stage and the missing parent."""
    doc = small_election()
    stage_in(doc, "rapat-umum")["parent"] = "kampanye-akbar"
    (problem,) = load_one(tmp_path, doc)
    assert ("parent", ("rapat-umum", "kampanye-akbar")) == (problem.rule, problem.stages)


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


def test_a_change_naming_an_unknown_id_is_rejected(tmp_path: Path) -> None:
    """A change-log entry may only name stages and retired ids."""
    doc = small_election()
    doc["changes"][0]["stages"] = ["kampanye", "debat"]
    (problem,) = load_one(tmp_path, doc)
    assert ("retired-id", ("debat",)) == (problem.rule, problem.stages)
    assert "neither a stage nor retired" in problem.message


def test_a_change_may_name_a_retired_id(tmp_path: Path) -> None:
    """A change-log entry naming a retired id is fine."""
    doc = small_election()
    doc["retired"] = [{"id": "debat", "at": REVISION, "reason": {"id": "x", "en": "x"}}]
    doc["changes"][0]["stages"] = ["debat"]
    dataset = load_dataset(folder_with(tmp_path, {"uji-2030.toml": toml_document(doc)}))
    assert ("uji-2030",) == tuple(e.id for e in dataset.elections)


def test_a_retired_id_reused_by_a_stage_is_rejected(tmp_path: Path) -> None:
    """An id, once retired, is never used by a stage again."""
    doc = small_election()
    doc["retired"] = [{"id": "masa-tenang", "at": REVISION, "reason": {"id": "x", "en": "x"}}]
    (problem,) = load_one(tmp_path, doc)
    assert ("retired-id", ("masa-tenang",)) == (problem.rule, problem.stages)


def test_a_retired_entry_without_an_offset_is_a_violation_not_a_crash(tmp_path: Path) -> None:
    """A retirement date-time with no offset is reported as a DataError, like a change's."""
    doc = small_election()
    doc["retired"] = [
        {"id": "debat", "at": dt.datetime(2029, 12, 1), "reason": {"id": "x", "en": "x"}}
    ]
    (problem,) = load_one(tmp_path, doc)
    assert str(tmp_path / "data" / "uji-2030.toml") == problem.source


def test_a_change_without_an_offset_is_rejected(tmp_path: Path) -> None:
    """A change-log date-time needs an offset."""
    doc = small_election()
    doc["changes"][0]["at"] = dt.datetime(2029, 12, 1)
    (problem,) = load_one(tmp_path, doc)
    assert "schema" == problem.rule
    assert "offset" in problem.message


def test_a_change_newer_than_the_revision_is_rejected(tmp_path: Path) -> None:
    """The revision is at least as new as every change."""
    doc = small_election()
    doc["changes"][0]["at"] = REVISION + dt.timedelta(seconds=1)
    (problem,) = load_one(tmp_path, doc)
    assert "revision" == problem.rule


def test_a_rule_naming_an_unknown_stage_is_rejected(tmp_path: Path) -> None:
    """A constraint between stages that do not exist is refused, naming them."""
    doc = small_election()
    doc["constraints"][0]["b"] = "masa-sunyi"
    (problem,) = load_one(tmp_path, doc)
    assert ("constraint", ("kampanye", "masa-sunyi")) == (problem.rule, problem.stages)
    assert "'masa-sunyi' is no stage" in problem.message


def test_the_voting_day_needs_a_scheduled_voting_stage(tmp_path: Path) -> None:
    """The election's voting day is the day of one of its scheduled voting stages."""
    doc = small_election()
    stage_in(doc, "pemungutan-suara")["status"] = "cancelled"
    (problem,) = load_one(tmp_path, doc)
    assert "voting-day" == problem.rule


def test_the_file_name_must_be_the_election_id(tmp_path: Path) -> None:
    """An election lives in <its id>.toml."""
    folder = folder_with(tmp_path, {"uji-2031.toml": toml_document(small_election())})
    (problem,) = violations_of(folder)
    assert ("file-name", str(folder / "uji-2031.toml")) == (problem.rule, problem.source)
    assert "uji-2030.toml" in problem.message


def test_a_file_that_is_not_utf8_is_a_violation_not_a_crash(tmp_path: Path) -> None:
    """An election file that is not UTF-8 text is reported as a DataError naming the file."""
    raw = toml_document(small_election()).replace("Pemilu Uji", "Pemilu \xe9").encode("latin-1")
    folder = folder_with(tmp_path, {"uji-2030.toml": raw})
    (problem,) = violations_of(folder)
    assert str(folder / "uji-2030.toml") == problem.source


def test_a_regions_table_that_is_not_utf8_is_a_violation_not_a_crash(tmp_path: Path) -> None:
    """A regions.tsv that is not UTF-8 text is reported as a DataError naming it."""
    folder = folder_with(tmp_path, {"uji-2030.toml": toml_document(small_election())})
    table = REGIONS_TSV.read_text("utf-8").replace("Kabupaten Bantul", "Kabupaten Bant\xfcl")
    (folder / "regions.tsv").write_bytes(table.encode("latin-1"))
    found = violations_of(folder)
    assert {str(folder / "regions.tsv")} == {v.source for v in found}


def test_one_bad_file_among_good_ones_loads_nothing(tmp_path: Path) -> None:
    """With the real fixtures and one bad file, load_dataset raises; the bad file is the one named."""
    folder = real_folder_with(tmp_path)
    doc = small_election()
    stage_in(doc, "masa-tenang")["start"] = dt.date(2030, 4, 15)
    (folder / "uji-2030.toml").write_text(toml_document(doc), "utf-8")
    found = violations_of(folder)
    assert {str(folder / "uji-2030.toml")} == {v.source for v in found}


def test_every_violation_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    """Two independent faults in one file are both reported."""
    doc = small_election()
    stage_in(doc, "rapat-umum")["parent"] = "kampanye-akbar"
    doc["stages"].append(
        _stage("pelantikan", "inauguration", dt.date(2030, 10, 21), dt.date(2030, 10, 21))
    )
    found = load_one(tmp_path, doc)
    assert {("parent", ("rapat-umum", "kampanye-akbar")), ("inside-window", ("pelantikan",))} == {
        (v.rule, v.stages) for v in found
    }


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


# ---------------------------------------------------------------------------------------------
# (d) The ``pemilu-api check`` command.


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
    doc["retired"] = [
        *doc["retired"],
        {"id": dropped.id, "at": election.revision, "reason": {"id": "Dihapus", "en": "Dropped"}},
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
