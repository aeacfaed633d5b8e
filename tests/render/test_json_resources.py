"""The JSON of elections, stages and changes: each field from the data, links under the base URL.

Every election, stage and change of the fixtures is written out field by field here and compared
with what the render module builds; the change log's paging is checked on exact next links.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pemilu_api.domain.dataset import LogEntry
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Election, Stage, stage_sort_key
from pemilu_api.render.json_hours import LocalHours as HoursOut
from pemilu_api.render.json_hours import touches_out
from pemilu_api.render.json_resources import (
    ChangeList,
    ChangeOut,
    ElectionLinks,
    ElectionOut,
    ElectionSummary,
    Rules,
    StageLinks,
    StageOut,
    change_out,
    change_page,
    election_out,
    election_summary,
    stage_out,
)
from pemilu_api.render.urls import Link, Urls

DATA = load_dataset()
BASE = "https://pemilu.example"
URLS = Urls(BASE)


def _calendar(election_id: str) -> Link:
    """An election's feed links, spelled out."""
    url = f"{BASE}/v1/elections/{election_id}/calendar.ics"
    return Link(url=url, webcal=url.replace("https://", "webcal://"), https=url)


def _stage(election: Election, stage: Stage) -> StageOut:
    """A stage written by hand: its fields, the changes that touched it, its links."""
    touched_at = [c.at for c in election.changes if any(t.stage == stage.id for t in c.touched)]
    hours = stage.hours
    path = f"{BASE}/v1/elections/{election.id}"
    return StageOut(
        id=stage.id,
        election=election.id,
        name=stage.name,
        category=stage.category,
        kind=stage.kind,
        start=stage.first_day,
        end=stage.last_day,
        undated=stage.undated,
        parent=stage.parent,
        hours=(
            HoursOut(start=f"{hours.start:%H:%M}", end=f"{hours.end:%H:%M}")
            if hours is not None
            else None
        ),
        status=stage.status,
        key=stage.key,
        holiday=stage.holiday,
        regions=stage.regions,
        basis=stage.basis,
        confidence=stage.confidence,
        derived=stage.derived,
        actual=stage.actual,
        note=stage.note,
        sequence=len(touched_at),
        last_modified=max(touched_at) if touched_at else None,
        links=StageLinks(
            self=f"{path}/stages/{stage.id}",
            election=path,
            parent=f"{path}/stages/{stage.parent}" if stage.parent is not None else None,
            calendar=_calendar(election.id),
        ),
    )


def _summary(election: Election) -> ElectionSummary:
    """An election without its stages, written by hand."""
    return ElectionSummary(
        id=election.id,
        name=election.name,
        kind=election.kind,
        status=election.status,
        voting_day=election.voting_day,
        basis=election.basis,
        window=election.window,
        revision=election.revision,
        contests=election.contests,
        coverage=election.reach,
        regions=election.regions,
        relative=election.relative,
        events=election.events,
        note=election.note,
        links=ElectionLinks(
            self=f"{BASE}/v1/elections/{election.id}",
            stages=f"{BASE}/v1/elections/{election.id}/stages",
            calendar=_calendar(election.id),
        ),
    )


def _change(election: Election, number: int) -> ChangeOut:
    """Entry ``number`` (from 1) of an election's change log, written by hand."""
    change = election.changes[number - 1]
    return ChangeOut(
        id=f"{election.id}.{number}",
        election=election.id,
        at=change.at,
        kind=change.kind,
        decided=change.decided,
        instrument=change.instrument,
        stages=tuple(t.stage for t in change.touched),
        touched=touches_out(change.touched),
        summary=change.summary,
        note=change.note,
    )


@pytest.mark.parametrize("election", DATA.elections, ids=lambda e: e.id)
def test_every_stage_is_written_field_by_field(election: Election) -> None:
    """Each stage: its own fields, how many changes touched it and the latest, its links."""
    for stage in election.stages:
        assert _stage(election, stage) == stage_out(election, stage, URLS)


@pytest.mark.parametrize("election", DATA.elections, ids=lambda e: e.id)
def test_every_election_is_written_whole(election: Election) -> None:
    """The summary's fields, stages by date, the rules, changes newest first, retired ids."""
    summary = _summary(election)
    assert summary == election_summary(election, URLS)
    numbers = range(len(election.changes), 0, -1)
    expected = ElectionOut(
        **{f: getattr(summary, f) for f in summary.__struct_fields__},
        stages=tuple(_stage(election, s) for s in sorted(election.stages, key=stage_sort_key)),
        rules=Rules(
            constraints=election.constraints, lengths=election.lengths, offsets=election.offsets
        ),
        changes=tuple(_change(election, n) for n in numbers),
        retired=election.retired,
    )
    assert expected == election_out(election, URLS)


def test_every_change_is_written_field_by_field() -> None:
    """Each log entry: its id, election, time, kind, decision, instrument, stages, summary, note."""
    for entry in DATA.change_log():
        assert _change(entry.election, entry.number) == change_out(entry)


LOG: list[LogEntry] = DATA.change_log()


@pytest.mark.parametrize(
    ("limit", "since", "next_query"),
    [
        (3, None, f"after={LOG[2].id}&limit=3"),
        (10, None, f"after={LOG[9].id}"),
        (2, "2020-01-01", f"since=2020-01-01&after={LOG[1].id}&limit=2"),
    ],
)
def test_a_page_of_changes_links_to_the_next(
    limit: int, since: str | None, next_query: str
) -> None:
    """The first ``limit`` entries, and a next link after the last one (the default 10 unsaid)."""
    page = change_page(LOG, limit, since, URLS, 10)
    expected = ChangeList(
        count=limit,
        changes=tuple(_change(e.election, e.number) for e in LOG[:limit]),
        next=f"{BASE}/v1/changes?{next_query}",
    )
    assert expected == page


def test_the_last_page_has_no_next_link() -> None:
    """When no entry follows, next is null, also when the page is exactly full."""
    assert len(LOG) > 3
    for entries in (LOG[-3:], LOG[-2:], []):
        page = change_page(entries, 3, None, URLS, 100)
        assert (len(entries), None) == (page.count, page.next)
        assert [e.id for e in entries] == [c.id for c in page.changes]


def test_the_summary_time_is_the_revision() -> None:
    """The election's revision is kept as an aware time."""
    pemilu = DATA.election("pemilu-2024")
    assert pemilu is not None
    revision = election_summary(pemilu, URLS).revision
    assert revision.tzinfo is not None
    assert dt.timedelta(0) == revision.utcoffset()
