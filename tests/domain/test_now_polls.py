"""Voting hours only for a scheduled stage: a cancelled or suspended voting day has no polls.

Mutation testing of domain/now found this unasserted: the oracle's elections hold no dated
voting day that is not scheduled.
"""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Stage
from pemilu_api.domain.now import polls_at
from pemilu_api.domain.vocabulary import Status

VOTING = load_dataset().election("pemilu-2024")
# 14 February 2024, 09:00 in Jakarta: the polls are open in every zone of Indonesia.
AT = dt.datetime(2024, 2, 14, 2, 0, tzinfo=dt.UTC)


def _voting_day() -> Stage:
    assert VOTING is not None
    stage = VOTING.stage("pemungutan-suara")
    assert stage is not None
    assert dt.date(2024, 2, 14) == stage.first_day
    assert stage.hours is not None
    return stage


def test_a_scheduled_voting_day_has_polls_in_each_zone() -> None:
    """The base case: four zones, each open at 09:00 WIB."""
    polls = polls_at(_voting_day(), AT)
    expected = ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")
    assert expected == tuple(p.zone for p in polls)
    assert all(p.open for p in polls)


@pytest.mark.parametrize("status", ["cancelled", "suspended"])
def test_a_voting_day_that_is_not_scheduled_has_no_polls(status: Status) -> None:
    """A dated voting day with hours that is cancelled or suspended opens no polls."""
    stage = msgspec.structs.replace(_voting_day(), status=status)
    assert () == polls_at(stage, AT)
