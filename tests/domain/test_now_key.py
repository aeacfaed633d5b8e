"""``moment_key``: instants with equal keys see the same moment, apart from the instant itself.

The oracle is ``moment`` itself: for two instants of one zone and region, equal keys must mean
equal moments once the instant is set aside. Pairs are drawn minutes to days apart, around the
voting days (where polls open and close within a day) as well as anywhere in 2019-2030.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu_api.domain.loader import load_dataset
from pemilu_api.domain.models import Region
from pemilu_api.domain.now import Moment, moment, moment_key
from support.instants import instants

DATA = load_dataset()
ZONES = tuple(
    ZoneInfo(name)
    for name in (
        "Asia/Jakarta",
        "Asia/Makassar",
        "Asia/Jayapura",
        "UTC",
        "Pacific/Kiritimati",
        "America/Los_Angeles",
    )
)
REGIONS = (None, DATA.regions["33.05"], DATA.regions["91.71"], DATA.regions["64.72"])
INSTANTS = instants(DATA)


def _without_instant(seen: Moment) -> Moment:
    """The moment with its instant set to a fixed one, so that only the rest is compared."""
    return msgspec.structs.replace(seen, at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))


@settings(max_examples=300, deadline=None)
@given(
    at=INSTANTS,
    apart=st.one_of(st.integers(-180, 180), st.integers(-3 * 24 * 60, 3 * 24 * 60)),
    zone=st.sampled_from(ZONES),
    region=st.sampled_from(REGIONS),
)
def test_instants_with_equal_keys_see_the_same_moment(
    at: dt.datetime, apart: int, zone: ZoneInfo, region: Region | None
) -> None:
    """Equal keys, equal moments apart from ``at`` (a key never joins what ``moment`` tells apart)."""
    other = at + dt.timedelta(minutes=apart)
    if moment_key(DATA, at, zone, region) == moment_key(DATA, other, zone, region):
        expected = _without_instant(moment(DATA, at, zone, region))
        assert expected == _without_instant(moment(DATA, other, zone, region))


def test_a_quiet_day_is_one_class_and_a_voting_day_several() -> None:
    """Every minute of 1 February 2024 (WIB) shares a key; 14 February's polls split that day."""

    def classes(day: int) -> int:
        start = dt.datetime(2024, 2, day, tzinfo=ZoneInfo("Asia/Jakarta"))
        minutes = (start + dt.timedelta(minutes=m) for m in range(24 * 60))
        return len({moment_key(DATA, at, ZoneInfo("Asia/Jakarta")) for at in minutes})

    assert 1 == classes(1)
    assert classes(14) > 1


def test_the_key_tells_zones_regions_and_days_apart() -> None:
    """The same instant seen from another zone, or in a region, or a day later: another key."""
    at = dt.datetime(2024, 1, 10, 3, 0, tzinfo=dt.UTC)
    wib, wit = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Jayapura")
    keys = {
        moment_key(DATA, at, wib),
        moment_key(DATA, at, wit),
        moment_key(DATA, at, wib, DATA.regions["33.05"]),
        moment_key(DATA, at + dt.timedelta(days=1), wib),
    }
    assert 4 == len(keys)
