"""The order every election's stages keep is declared as data, holds, and is enforced.

Campaign, quiet period and voting day follow each other in every scheduled election that dates
them (campaign *meets* quiet period *meets* voting day); where the quiet period is undated, the
campaign still ends before voting day. These are ``[[constraints]]`` of each election, not code:
the tests check that each election declares them, that every declared rule holds, and (a
property, over every declared rule of every election and any shift of its first stage) that
``check_election`` reports a pair exactly when its relation leaves the allowed ones.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.domain.dataset import Dataset
from pemilu_api.domain.declared_rules import Constraint
from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Election, Stage
from pemilu_api.domain.rules import check_election
from support.allen import allen, replace_stage, span_of, with_days

DATA = load_dataset()
SCHEDULED = [e for e in DATA.elections if e.status == "scheduled"]
RULES = [(e, c) for e in DATA.elections for c in e.constraints]
DAY = dt.timedelta(days=1)


def _dated(election: Election, stage_id: str) -> Stage | None:
    stage = election.stage(stage_id)
    return stage if stage is not None and stage.dated else None


def _declared(election: Election, a: str, b: str) -> tuple[str, ...]:
    return tuple(r for c in election.constraints if (c.a, c.b) == (a, b) for r in c.allowed)


@pytest.mark.parametrize("election", SCHEDULED, ids=[e.id for e in SCHEDULED])
def test_campaign_quiet_period_and_voting_day_are_ordered_by_declared_rules(
    election: Election,
) -> None:
    """Each scheduled election declares the campaign's place before voting day as data."""
    campaign = _dated(election, "kampanye")
    quiet = _dated(election, "masa-tenang")
    voting = _dated(election, "pemungutan-suara")
    assert voting is not None
    if campaign is not None and quiet is not None:
        assert ("meets",) == _declared(election, "kampanye", "masa-tenang")
        assert ("meets",) == _declared(election, "masa-tenang", "pemungutan-suara")
    elif campaign is not None:
        allowed = _declared(election, "kampanye", "pemungutan-suara")
        assert allowed
        assert set(allowed) <= {"before", "meets"}
    else:
        # No dated campaign (the sources give none publishable): it says why.
        stage = election.stage("kampanye")
        assert stage is None or stage.undated is not None


@pytest.mark.parametrize("election", SCHEDULED, ids=[e.id for e in SCHEDULED])
def test_every_declared_rule_holds(dataset: Dataset, election: Election) -> None:
    """The real data keeps every rule it declares (and every general invariant)."""
    assert [] == [v.line() for v in check_election(election, dataset.regions, election.id)]


def test_an_announced_election_declares_no_dated_rule() -> None:
    """With no dates set, the only rules are relative ones, stated as text with their basis."""
    for election in DATA.elections:
        if election.status == "announced":
            assert not election.constraints
            assert not election.lengths
            assert not election.offsets


@settings(deadline=None, max_examples=200)
@given(st.sampled_from(RULES), st.integers(-400, 400))
def test_a_rule_is_reported_exactly_when_its_relation_is_not_allowed(
    pair: tuple[Election, Constraint], shift: int
) -> None:
    """Shift the rule's first stage by ``shift`` days: a violation iff the relation is refused."""
    election, rule = pair
    a, b = election.stage(rule.a), election.stage(rule.b)
    assert a is not None
    assert b is not None
    first, last = span_of(a)
    moved = with_days(a, first + shift * DAY, last + shift * DAY)
    changed = replace_stage(election, moved)
    expected = allen(span_of(moved), span_of(b)) not in rule.allowed
    found = [
        v
        for v in check_election(changed, DATA.regions, election.id)
        if v.rule == "constraint" and v.stages == (rule.a, rule.b)
    ]
    assert expected == bool(found)
