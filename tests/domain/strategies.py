"""Hypothesis strategies: random elections that keep every rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from hypothesis import strategies as st

from pemilu_api.domain.models import Contest
from pemilu_api.domain.regions import contest_covers
from pemilu_api.domain.vocabulary import CATEGORIES
from support.allen import ALL_RELATIONS, Span, allen
from support.elections import DAY, REGION_CODES, REGIONS, Doc

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
    changes = [{"at": draw(earlier), "kind": "publication", "summary": draw(bilingual)}]
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
