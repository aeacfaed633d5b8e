"""The change log as history: replay, actions, and no date that changes silently.

Hypothesis builds histories of random moves, suspensions, resumptions and cancellations over
the test election; replaying them always gives the current data, a tampered entry is always
refused, and a silent edit of any stage's dates, status or hours is always caught.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, get_args

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.history import (
    check_history,
    describe,
    first_published,
    replay,
    sequence,
    silent_changes,
    stage_modified,
)
from pemilu_api.domain.loader import decode_election
from pemilu_api.domain.models import Action, Change, Election, Snapshot, Stage, Touch, snapshot
from pemilu_api.domain.previous import Earlier, check_against, read_earlier
from pemilu_api.domain.violations import Violation
from pemilu_api.domain.vocabulary import LocalHours, Status, Text
from support.elections import REAL, REVISION, folder_with, small_election, toml_document

STATUSES: tuple[Status, ...] = get_args(Status)
DAY = dt.timedelta(days=1)


def election_of(doc: dict[str, Any]) -> Election:
    """Decode a test election strictly, as the loader does."""
    election, problems = decode_election(toml_document(doc).encode(), "test.toml")
    assert [] == problems
    assert election is not None
    return election


def _apply(doc: dict[str, Any], stage_id: str, state: Snapshot) -> None:
    """Set a stage dict's dates, status and hours to ``state``."""
    stage = next(s for s in doc["stages"] if s["id"] == stage_id)
    for name in ("start", "end", "date", "undated", "hours"):
        stage.pop(name, None)
    if state.start is None or state.end is None:
        stage["undated"] = {"id": "Belum", "en": "Not yet"}
    elif stage["kind"] == "period":
        stage["start"], stage["end"] = state.start, state.end
    else:
        stage["date"] = state.start
    if state.hours is not None:
        stage["hours"] = msgspec.to_builtins(state.hours, builtin_types=(dt.time,))
    stage["status"] = state.status


def _action(before: Snapshot, after: Snapshot) -> str:
    if after.status == "suspended" and before.status != "suspended":
        return "suspended"
    if before.status == "suspended" and after.status == "scheduled":
        return "resumed"
    if after.status == "cancelled" and before.status != "cancelled":
        return "cancelled"
    return "moved" if before.status == after.status else "corrected"


@st.composite
def histories(draw: st.DrawFn) -> dict[str, Any]:
    """The test election with 1 to 6 official entries, each touching 1 to 3 stages."""
    doc = small_election()
    # No ordering rules: moves may break them, and only the history is under test here.
    doc["constraints"] = []
    doc["stages"] = [s for s in doc["stages"] if s["id"] != "rapat-umum"]
    published = election_of(doc)
    state = {s.id: snapshot(s) for s in published.stages}
    at = REVISION
    for number in range(draw(st.integers(1, 6))):
        at += DAY
        touched = []
        for stage_id in draw(
            st.lists(st.sampled_from(sorted(state)), min_size=1, max_size=3, unique=True)
        ):
            before = state[stage_id]
            shift = draw(st.integers(-30, 30)) * DAY
            single = before.start == before.end
            length = 0 if single else draw(st.integers(0, 40))
            start = (before.start or dt.date(2030, 3, 1)) + shift
            after = Snapshot(
                start=start,
                end=start + length * DAY,
                status=draw(st.sampled_from(STATUSES)),
                hours=before.hours,
            )
            if after == before:
                continue
            touched.append(
                {
                    "stage": stage_id,
                    "action": _action(before, after),
                    "before": msgspec.to_builtins(before, builtin_types=(dt.date, dt.time)),
                    "after": msgspec.to_builtins(after, builtin_types=(dt.date, dt.time)),
                }
            )
            state[stage_id] = after
        if not touched:
            continue
        entry: dict[str, Any] = {
            "at": at,
            "kind": "official",
            "decided": at.date(),
            "instrument": {"instrument": f"Keputusan KPU {number + 1}/2030"},
            "summary": {"id": "Perubahan", "en": "Change"},
            "touched": touched,
        }
        if any(t["action"] == "corrected" for t in touched):
            # Only this data set's own corrections may change a status any other way.
            entry = {k: v for k, v in entry.items() if k not in ("decided", "instrument")}
            entry["kind"] = "correction"
        doc["changes"].append(entry)
        for touch in touched:
            _apply(doc, touch["stage"], state[touch["stage"]])
    doc["revision"] = at
    return doc


@settings(deadline=None, max_examples=150)
@given(histories())
def test_replaying_the_change_log_gives_the_current_stages(doc: dict[str, Any]) -> None:
    """Whatever moves a history holds, replaying it over the first publication gives today."""
    election = election_of(doc)
    assert [] == check_history(election, "test.toml")
    assert {s.id: snapshot(s) for s in election.stages} == replay(election)
    for stage in election.stages:
        touched = sum(1 for c in election.changes for t in c.touched if t.stage == stage.id)
        assert touched == sequence(election, stage.id)


@settings(deadline=None, max_examples=150)
@given(histories(), st.data())
def test_a_tampered_entry_is_refused(doc: dict[str, Any], data: st.DataObject) -> None:
    """Change one day of one recorded ``after``: the replay no longer gives today, and check says so."""
    entries = [t for c in doc["changes"][1:] for t in c["touched"]]
    if not entries:
        return
    touch = data.draw(st.sampled_from(entries))
    touch["after"]["end"] += DAY
    touch["after"]["start"] = min(touch["after"]["start"], touch["after"]["end"])
    election = election_of(doc)
    found = check_history(election, "test.toml")
    assert found
    assert {touch["stage"]} >= {v.stages[0] for v in found}
    assert {"history"} == {v.rule for v in found}


def _edits(stage: Stage) -> st.SearchStrategy[Snapshot]:
    """Any other state of the stage: other days, another status, other hours (on a single day)."""
    now = snapshot(stage)
    days = st.integers(-400, 400).map(lambda n: n * DAY)
    other_days = days.filter(bool).map(
        lambda shift: (
            msgspec.structs.replace(
                now,
                start=None if now.start is None else now.start + shift,
                end=None if now.end is None else now.end + shift,
            )
            if now.start is not None
            else msgspec.structs.replace(now, start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 1))
        )
    )
    other_status = st.sampled_from([s for s in STATUSES if s != now.status]).map(
        lambda status: msgspec.structs.replace(now, status=status)
    )
    other_hours = st.integers(8, 12).map(
        lambda hour: msgspec.structs.replace(
            now, hours=LocalHours(start=dt.time(7), end=dt.time(hour))
        )
    )
    if now.start is None or now.start != now.end:
        return st.one_of(other_days, other_status)  # hours belong to single days only
    return st.one_of(other_days, other_status, other_hours)


@settings(deadline=None, max_examples=300)
@given(st.data())
def test_a_silent_edit_of_any_stage_is_refused(data: st.DataObject) -> None:
    """Any stage of the real data, edited in dates, status or hours without an entry: refused."""
    election = data.draw(st.sampled_from(REAL), label="election")
    stage = data.draw(st.sampled_from(election.stages), label="stage")
    edited = data.draw(_edits(stage), label="edit")
    old = {s.id: snapshot(s) for s in election.stages}
    new_stages = tuple(
        msgspec.structs.replace(
            s,
            start=edited.start if s.kind == "period" else None,
            end=edited.end if s.kind == "period" else None,
            date=None if s.kind == "period" else edited.start,
            undated=None if edited.start is not None else s.undated,
            status=edited.status,
            hours=edited.hours,
        )
        if s.id == stage.id
        else s
        for s in election.stages
    )
    changed = msgspec.structs.replace(election, stages=new_stages)
    if snapshot(next(s for s in new_stages if s.id == stage.id)) == old[stage.id]:
        return
    (problem,) = silent_changes(old, election.revision, changed, "x.toml")
    assert ("silent-change", (stage.id,)) == (problem.rule, problem.stages)
    assert f"election {election.id}, stage {stage.id}: " in problem.message


def test_an_entry_newer_than_the_old_revision_makes_the_edit_legitimate() -> None:
    """The same edit with an entry that names the stage and ends at its new state passes."""
    doc = small_election()
    old = election_of(doc)
    moved = Snapshot(start=dt.date(2030, 4, 15), end=dt.date(2030, 4, 16), status="scheduled")
    _apply(doc, "masa-tenang", moved)
    doc["changes"].append(
        {
            "at": REVISION + DAY,
            "kind": "official",
            "decided": dt.date(2030, 1, 2),
            "instrument": {"instrument": "PKPU 1/2030"},
            "summary": {"id": "Geser", "en": "Moved"},
            "touched": [
                {
                    "stage": "masa-tenang",
                    "action": "moved",
                    "before": {"start": dt.date(2030, 4, 14), "end": dt.date(2030, 4, 16)}
                    | {"status": "scheduled"},
                    "after": {"start": moved.start, "end": moved.end, "status": "scheduled"},
                }
            ],
        }
    )
    doc["revision"] = REVISION + DAY
    new = election_of(doc)
    before = {s.id: snapshot(s) for s in old.stages}
    assert [] == silent_changes(before, old.revision, new, "x.toml")
    # An entry no newer than the old version's revision does not count.
    assert ["masa-tenang"] == [
        v.stages[0] for v in silent_changes(before, REVISION + DAY, new, "x.toml")
    ]
    assert REVISION + DAY == stage_modified(new, "masa-tenang")
    assert REVISION == stage_modified(new, "kampanye")


@pytest.mark.parametrize(
    ("action", "before", "after", "reason"),
    [
        ("suspended", "scheduled", "scheduled", "nothing changed"),
        ("resumed", "scheduled", "cancelled", "resumed does not fit"),
        ("cancelled", "scheduled", "suspended", "cancelled does not fit"),
        ("moved", "scheduled", "suspended", "moved does not fit"),
        ("corrected", "scheduled", "suspended", "corrected does not fit"),
    ],
)
def test_an_action_that_does_not_fit_its_states_is_refused(
    action: str, before: str, after: str, reason: str
) -> None:
    """The action names what happened: it must fit the status before and after."""
    doc = small_election()
    day = {"start": dt.date(2030, 4, 17), "end": dt.date(2030, 4, 17)}
    hours = {"hours": {"start": dt.time(7), "end": dt.time(13)}}
    _apply(
        doc,
        "pemungutan-suara",
        Snapshot(
            start=day["start"],
            end=day["end"],
            status=after,  # type: ignore[arg-type]
            hours=LocalHours(start=dt.time(7), end=dt.time(13)),
        ),
    )
    doc["changes"].append(
        {
            "at": REVISION,
            "kind": "official",
            "summary": {"id": "x", "en": "x"},
            "touched": [
                {
                    "stage": "pemungutan-suara",
                    "action": action,
                    "before": day | hours | {"status": before},
                    "after": day | hours | {"status": after},
                }
            ],
        }
    )
    found = check_history(election_of(doc), "x.toml")
    assert any(reason in v.message for v in found), [v.message for v in found]


def test_the_log_starts_with_one_publication_and_runs_in_order() -> None:
    """A second publication, or entries out of order, are refused with one line each."""
    doc = small_election()
    doc["changes"].append(dict(doc["changes"][0]))
    messages = [v.message for v in check_history(election_of(doc), "x.toml")]
    assert ["the change log starts with exactly one publication entry"] == messages


def test_the_first_published_state_is_before_every_change() -> None:
    """Pilkada 2020 first published its voting day on 23 September 2020."""
    election = next(e for e in REAL if e.id == "pilkada-2020")
    first = first_published(election)["pemungutan-suara"]
    assert first is not None
    assert (dt.date(2020, 9, 23), "scheduled") == (first.start, first.status)


OLD_FORMAT = """
id = "uji-2030"
revision = 2030-01-01T00:00:00Z
stages = [
  { id = "kampanye", kind = "period", start = 2030-03-01, end = 2030-04-13, name = "old" },
  { id = "pemungutan-suara", kind = "day", date = 2030-04-17 },
]
[[changes]]
at = 2030-01-01T00:00:00Z
stages = []
"""


def test_an_older_format_is_compared_on_what_both_share(tmp_path: Path) -> None:
    """An old file the strict loader refuses is read for its ids, dates and revision."""
    folder = folder_with(tmp_path, {"uji-2030.toml": OLD_FORMAT})
    (earlier,), notes = read_earlier(folder)
    assert [] == notes
    assert (
        Earlier(
            id="uji-2030",
            revision=REVISION,
            raw=OLD_FORMAT.encode(),
            stages={
                "kampanye": Snapshot(
                    start=dt.date(2030, 3, 1), end=dt.date(2030, 4, 13), status="scheduled"
                ),
                "pemungutan-suara": Snapshot(
                    start=dt.date(2030, 4, 17), end=dt.date(2030, 4, 17), status="scheduled"
                ),
            },
            retired=frozenset(),
        )
        == earlier
    )


def test_a_file_no_version_can_read_is_skipped_with_a_note(tmp_path: Path) -> None:
    """A previous file without even an id is not compared, and the note says so."""
    folder = folder_with(tmp_path, {"broken.toml": "title = 'no election here'\n"})
    found, notes = read_earlier(folder)
    assert [] == found
    (note,) = notes
    assert note.startswith(f"{folder / 'broken.toml'}: not compared")


def test_a_revision_never_goes_back(tmp_path: Path) -> None:
    """A new version with an older revision than the previous one is refused."""
    doc = small_election()
    new = election_of(doc)
    folder = folder_with(tmp_path, {"uji-2030.toml": toml_document(doc)})
    newer = Earlier(
        id="uji-2030",
        revision=REVISION + DAY,
        raw=b"",
        stages={s.id: snapshot(s) for s in new.stages},
        retired=frozenset(),
    )
    (problem,) = check_against([newer], Dataset.build([new], {}), folder)
    assert "revision" == problem.rule
    assert "goes back" in problem.message


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (None, "absent"),
        (Snapshot(status="scheduled"), "undated scheduled"),
        (
            Snapshot(start=dt.date(2030, 3, 1), end=dt.date(2030, 4, 13), status="suspended"),
            "2030-03-01..2030-04-13 suspended",
        ),
        (
            Snapshot(
                start=dt.date(2030, 4, 17),
                end=dt.date(2030, 4, 17),
                status="scheduled",
                hours=LocalHours(start=dt.time(7), end=dt.time(13, 30)),
            ),
            "2030-04-17..2030-04-17 scheduled 07:00-13:30",
        ),
    ],
)
def test_a_state_is_described_in_one_phrase(state: Snapshot | None, expected: str) -> None:
    """Absent, or the days (or "undated"), the status and any hours."""
    assert expected == describe(state)


def test_a_stage_added_without_an_entry_is_a_silent_change() -> None:
    """A stage the earlier version lacked, with no entry adding it: named whole, "absent" before."""
    new = election_of(small_election())
    old = {s.id: snapshot(s) for s in new.stages if s.id != "masa-tenang"}
    message = (
        "election uji-2030, stage masa-tenang: absent became 2030-04-14..2030-04-16 scheduled "
        "with no change entry newer than 2030-01-01T00:00:00+00:00; "
        "add a [[changes]] entry that touches it"
    )
    expected = [Violation("x.toml", ("masa-tenang",), "silent-change", message)]
    assert expected == silent_changes(old, REVISION, new, "x.toml")


def test_a_whole_new_election_has_no_silent_change() -> None:
    """No earlier version of the election: its publication entry covers every stage."""
    assert [] == silent_changes({}, REVISION, election_of(small_election()), "x.toml")


MASA_TENANG = Snapshot(start=dt.date(2030, 4, 14), end=dt.date(2030, 4, 16), status="scheduled")
WHEN = "official entry of 2030-01-02T00:00:00+00:00 (decided 2030-01-02)"


def _with_entries(*changes: Change) -> Election:
    """The test election with ``changes`` after its publication entry."""
    election = election_of(small_election())
    return msgspec.structs.replace(election, changes=(*election.changes, *changes))


def _entry(action: Action, before: Snapshot | None, after: Snapshot, day: int = 2) -> Change:
    """An official entry of 2030-01-<day> touching masa-tenang."""
    return Change(
        at=dt.datetime(2030, 1, day, tzinfo=dt.UTC),
        kind="official",
        decided=dt.date(2030, 1, day),
        summary=Text(id="Ubah", en="Change"),
        touched=(Touch(stage="masa-tenang", action=action, before=before, after=after),),
    )


def _state(status: Status, first: int = 14) -> Snapshot:
    """masa-tenang's state from 2030-04-<first> to 2030-04-16, with ``status``."""
    return Snapshot(start=dt.date(2030, 4, first), end=dt.date(2030, 4, 16), status=status)


@pytest.mark.parametrize(
    ("action", "before", "after", "reason"),
    [
        ("added", MASA_TENANG, MASA_TENANG, "an added stage has no before"),
        ("moved", MASA_TENANG, MASA_TENANG, "before and after are the same: nothing changed"),
        (
            "suspended",
            _state("suspended"),
            _state("suspended", 15),
            "suspended does not fit 2030-04-14..2030-04-16 suspended -> "
            "2030-04-15..2030-04-16 suspended",
        ),
        (
            "resumed",
            _state("scheduled"),
            _state("scheduled", 15),
            "resumed does not fit 2030-04-14..2030-04-16 scheduled -> "
            "2030-04-15..2030-04-16 scheduled",
        ),
        (
            "cancelled",
            _state("cancelled"),
            _state("cancelled", 15),
            "cancelled does not fit 2030-04-14..2030-04-16 cancelled -> "
            "2030-04-15..2030-04-16 cancelled",
        ),
        ("moved", MASA_TENANG, _state("scheduled", 15), None),
    ],
)
def test_each_action_must_fit_its_before_and_after(
    action: Action, before: Snapshot, after: Snapshot, reason: str | None
) -> None:
    """The action's own rule, named whole with the entry and both states; a fitting one is silent."""
    found = check_history(_with_entries(_entry(action, before, after)), "x.toml")
    own = [
        v for v in found if v.message.startswith(f"{WHEN}: ") and "but replaying" not in v.message
    ]
    expected = (
        []
        if reason is None
        else [Violation("x.toml", ("masa-tenang",), "history", f"{WHEN}: {reason}")]
    )
    assert expected == own


def test_the_log_must_start_with_its_one_publication() -> None:
    """An official entry first is named whole: no stage, rule history."""
    election = election_of(small_election())
    first = _entry("moved", MASA_TENANG, _state("scheduled", 15))
    reordered = msgspec.structs.replace(election, changes=(first, *election.changes))
    message = "the change log starts with exactly one publication entry"
    assert Violation("x.toml", (), "history", message) in check_history(reordered, "x.toml")


def test_entries_out_of_order_are_named_with_both_times() -> None:
    """An entry listed after a later one: both times and decision days, named whole."""
    later = _entry("moved", MASA_TENANG, _state("scheduled", 15), day=5)
    earlier = _entry("moved", _state("scheduled", 15), _state("scheduled", 16), day=3)
    message = (
        "entries out of order: 2030-01-03T00:00:00+00:00 (2030-01-03) listed after "
        "2030-01-05T00:00:00+00:00 (2030-01-05); order them by at, then decided"
    )
    found = check_history(_with_entries(later, earlier), "x.toml")
    assert Violation("x.toml", (), "history", message) in found


def test_a_silent_move_names_both_states() -> None:
    """A stage moved with no entry: its earlier state, its state now, and the earlier revision."""
    doc = small_election()
    _apply(doc, "masa-tenang", _state("scheduled", 15))
    message = (
        "election uji-2030, stage masa-tenang: 2030-04-14..2030-04-16 scheduled became "
        "2030-04-15..2030-04-16 scheduled with no change entry newer than "
        "2030-01-01T00:00:00+00:00; add a [[changes]] entry that touches it"
    )
    expected = [Violation("x.toml", ("masa-tenang",), "silent-change", message)]
    old = {s.id: snapshot(s) for s in election_of(small_election()).stages}
    assert expected == silent_changes(old, REVISION, election_of(doc), "x.toml")


def test_an_entry_touching_no_stage_is_named_and_the_rest_still_replayed() -> None:
    """An id that is neither a stage nor retired; the entry's other touches still count.

    Here masa-tenang's touch moves it without the stage having moved, so the replay differs.
    """
    change = _entry("moved", MASA_TENANG, _state("scheduled", 15))
    ghost = Touch(stage="hantu", action="added", after=MASA_TENANG)
    change = msgspec.structs.replace(change, touched=(ghost, *change.touched))
    replay_message = (
        "replaying the change log gives 2030-04-15..2030-04-16 scheduled, but the stage is "
        "2030-04-14..2030-04-16 scheduled: add an entry for the change"
    )
    assert [
        Violation(
            "x.toml",
            ("hantu",),
            "retired-id",
            f"{WHEN} touches 'hantu', which is neither a stage nor retired",
        ),
        Violation("x.toml", ("masa-tenang",), "history", replay_message),
    ] == check_history(_with_entries(change), "x.toml")


def test_a_before_that_the_replay_does_not_give_is_named_whole() -> None:
    """The second entry's before is not what the first left: both states named."""
    first = _entry("moved", MASA_TENANG, _state("scheduled", 15))
    second = _entry("moved", MASA_TENANG, _state("scheduled", 16), day=3)
    when = "official entry of 2030-01-03T00:00:00+00:00 (decided 2030-01-03)"
    message = (
        f"{when}: before is 2030-04-14..2030-04-16 scheduled, but replaying the earlier entries "
        "gives 2030-04-15..2030-04-16 scheduled"
    )
    found = check_history(_with_entries(first, second), "x.toml")
    assert Violation("x.toml", ("masa-tenang",), "history", message) in found
    assert ["history"] * len(found) == [v.rule for v in found]
