"""Instants to ask /v1/now about: any from 2019 to 2030, and many near a voting day's polls."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from pemilu_api.domain.dataset import Dataset


def instants(data: Dataset) -> st.SearchStrategy[dt.datetime]:
    """Aware UTC instants: anywhere in 2019-2030, or within a day and a half of a voting day."""
    voting_days = sorted(
        {s.first_day for e in data.elections for s in e.stages if s.hours and s.first_day}
    )
    return st.one_of(
        st.datetimes(dt.datetime(2019, 1, 1), dt.datetime(2030, 1, 1), timezones=st.just(dt.UTC)),
        st.builds(
            lambda day, minutes: (
                dt.datetime.combine(day, dt.time(), dt.UTC) + dt.timedelta(minutes=minutes)
            ),
            st.sampled_from(voting_days),
            st.integers(-36 * 60, 36 * 60),
        ),
    )
