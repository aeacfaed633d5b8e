"""Properties of the feeds over generated inputs (Hypothesis).

- Any order of a fixture's stages (and of the elections) gives the same bytes.
- UIDs are unique within a feed, and a stage has the same UID in every feed and language.
- A new change-log entry touching one stage raises that stage's SEQUENCE, and no other's.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from ics_support import BASE_URL, events, ids_of, parse, utc
from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Change, Election, Touch, snapshot
from pemilu_api.domain.vocabulary import Text
from pemilu_api.render import ics
from pemilu_api.render.language import LANGS, Lang
from pemilu_api.render.urls import Urls

DATA = load_dataset()
LINKS = Urls(BASE_URL)
LANG = st.sampled_from(LANGS)
ELECTION = st.sampled_from(DATA.elections)
# Elections with a dated stage to change (not the announced Pemilu 2029).
DATED_ELECTION = st.sampled_from([e for e in DATA.elections if any(s.dated for s in e.stages)])
REGION = st.sampled_from(sorted(DATA.regions))


def _replace(elections: tuple[Election, ...], changed: Election) -> list[Election]:
    return [changed if e.id == changed.id else e for e in elections]


@settings(deadline=None, max_examples=30)
@given(data=st.data(), election=ELECTION, lang=LANG, key_only=st.booleans())
def test_stage_order_does_not_matter(
    data: st.DataObject, election: Election, lang: Lang, key_only: bool
) -> None:
    """Permuting an election's stages (and the elections) changes no byte of any feed."""
    stages = data.draw(st.permutations(election.stages), label="stages")
    shuffled = msgspec.structs.replace(election, stages=tuple(stages))
    order = data.draw(st.permutations(_replace(DATA.elections, shuffled)), label="elections")
    code = data.draw(REGION, label="region")
    assert ics.election_feed(shuffled, lang, key_only, LINKS) == ics.election_feed(
        election, lang, key_only, LINKS
    )
    assert ics.all_feed(order, lang, key_only, LINKS) == ics.all_feed(
        DATA.elections, lang, key_only, LINKS
    )
    rebuilt = Dataset.build(order, DATA.regions)
    region = DATA.regions[code]
    assert ics.region_feed(rebuilt, region, lang, key_only, LINKS) == ics.region_feed(
        DATA, region, lang, key_only, LINKS
    )


def _uids_by_url(body: bytes) -> dict[str, str]:
    """Each event's stage URL (its JSON resource) and UID; fails on a UID repeated in the feed."""
    found = events(parse(body))
    uids = [str(e.uid) for e in found]
    assert len(uids) == len(set(uids))
    return {str(e.get("URL")): str(e.uid) for e in found}


@cache
def _shared_feeds(lang: Lang, key_only: bool) -> tuple[bytes, ...]:
    """The feeds that do not depend on the region drawn: rendered once, not per example."""
    return (
        ics.all_feed(DATA.elections, lang, key_only, LINKS),
        *(ics.election_feed(e, lang, key_only, LINKS) for e in DATA.elections),
    )


@settings(deadline=None, max_examples=25)
@given(code=REGION, key_only=st.booleans())
def test_uids_are_unique_and_stable_across_feeds(code: str, key_only: bool) -> None:
    """An all-day stage has one UID in every feed and language; none repeats in a feed."""
    bodies: list[bytes] = []
    for lang in LANGS:
        bodies.extend(_shared_feeds(lang, key_only))
        bodies.append(ics.region_feed(DATA, DATA.regions[code], lang, key_only, LINKS))
    seen: dict[str, str] = {}
    for body in bodies:
        for url, uid in _uids_by_url(body).items():
            if "." not in uid.partition("@")[0].partition(".")[2]:  # not a per-zone event
                assert seen.setdefault(url, uid) == uid, url
    # And no two stages share a UID.
    assert len(set(seen.values())) == len(seen)


def _starts(body: bytes) -> dict[str, str]:
    """Each event's UID and its DTSTART as written (value and zone)."""
    return {
        str(e.uid): e.get("DTSTART").to_ical().decode() + str(e.get("DTSTART").params)
        for e in events(parse(body))
    }


def test_one_uid_has_one_start_in_every_feed() -> None:
    """A UID never appears with two DTSTARTs across the feeds, whichever two a user imports.

    The election feeds, the all-elections feed and every province's feed (every zone of
    Indonesia): a timed voting event has a UID of its own in each zone.
    """
    bodies = [ics.all_feed(DATA.elections, "id", False, LINKS)]
    bodies.extend(ics.election_feed(e, "id", False, LINKS) for e in DATA.elections)
    provinces = [r for r in DATA.regions.values() if r.level == "provinsi"]
    bodies.extend(ics.region_feed(DATA, r, "id", False, LINKS) for r in provinces)
    starts: dict[str, set[str]] = {}
    for body in bodies:
        for uid, start in _starts(body).items():
            starts.setdefault(uid, set()).add(start)
    assert {} == {uid: found for uid, found in starts.items() if len(found) > 1}
    zoned = {uid for uid in starts if uid.startswith("pemungutan-suara.pemilu-2024.")}
    assert {
        "pemungutan-suara.pemilu-2024.asia-jakarta@pemilu-api",
        "pemungutan-suara.pemilu-2024.asia-pontianak@pemilu-api",
        "pemungutan-suara.pemilu-2024.asia-makassar@pemilu-api",
        "pemungutan-suara.pemilu-2024.asia-jayapura@pemilu-api",
    } == zoned


def _sequences(body: bytes) -> dict[str, tuple[int, dt.datetime]]:
    return {str(e.uid): (e.sequence, utc(e.last_modified)) for e in events(parse(body))}


@settings(deadline=None, max_examples=30)
@given(
    data=st.data(),
    election=DATED_ELECTION,
    lang=LANG,
    later=st.timedeltas(min_value=dt.timedelta(seconds=1), max_value=dt.timedelta(days=3650)),
)
def test_a_change_raises_only_its_stage_sequence(
    data: st.DataObject, election: Election, lang: Lang, later: dt.timedelta
) -> None:
    """A new change-log entry for one stage: its SEQUENCE + 1 and LAST-MODIFIED = the entry's time.

    Every other event keeps its SEQUENCE and its LAST-MODIFIED: they come from each stage's own
    history, not from the data set's revision.
    """
    dated = [s for s in election.stages if s.dated]
    stage = data.draw(st.sampled_from(dated), label="stage")
    at = (election.revision + later).replace(microsecond=0)
    state = snapshot(stage)
    entry = Change(
        at=at,
        kind="correction",
        summary=Text(id="Perubahan", en="A change"),
        touched=(Touch(stage=stage.id, action="corrected", before=state, after=state),),
    )
    changed = msgspec.structs.replace(
        election, changes=(*election.changes, entry), revision=max(election.revision, at)
    )
    code = data.draw(REGION, label="region")
    region = DATA.regions[code]
    pairs = [
        (
            ics.election_feed(election, lang, False, LINKS),
            ics.election_feed(changed, lang, False, LINKS),
        ),
        (
            ics.region_feed(DATA, region, lang, False, LINKS),
            ics.region_feed(
                Dataset.build(_replace(DATA.elections, changed), DATA.regions),
                region,
                lang,
                False,
                LINKS,
            ),
        ),
    ]
    for before_body, after_body in pairs:
        before, after = _sequences(before_body), _sequences(after_body)
        assert before.keys() == after.keys()
        for uid, (sequence, modified) in before.items():
            if ids_of(uid) == (election.id, stage.id):
                assert (sequence + 1, utc(at)) == after[uid]
            else:
                assert (sequence, modified) == after[uid], uid
