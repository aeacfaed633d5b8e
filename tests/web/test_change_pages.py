"""/v1/changes a page at a time, and /v1/changes.atom: every entry once, in one order, with words.

The order is (at, election id, position in the election's log); ``since`` keeps entries published
at or after it; each page's ``next`` link (and ``Link: rel="next"``) leads to the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import feedparser  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.app import create_app
from pemilu_api.settings import DEFAULT_BASE_URL

Client = TestClient[Litestar]


def _every_entry(client: Client) -> list[dict[str, Any]]:
    return list(client.get("/v1/changes", params={"limit": 1000}).json()["changes"])


def _oracle(app: Litestar, since: dt.datetime | None) -> list[str]:
    """The ids in order, straight from the fixtures: sort every (at, election, position)."""
    rows = [
        (change.at, election.id, number)
        for election in app.state.store.dataset.elections
        for number, change in enumerate(election.changes, start=1)
        if since is None or change.at >= since
    ]
    return [f"{election}.{number}" for _, election, number in sorted(rows)]


def _walk(client: Client, url: str) -> tuple[list[str], list[int]]:
    """Follow next links from ``url``: the ids seen and each page's count."""
    ids: list[str] = []
    counts: list[int] = []
    while True:
        response = client.get(url)
        assert 200 == response.status_code
        body = response.json()
        ids += [c["id"] for c in body["changes"]]
        counts.append(body["count"])
        if body["next"] is None:
            assert 'rel="next"' not in response.headers["link"]
            return ids, counts
        assert f'<{body["next"]}>; rel="next"' in response.headers["link"]
        assert body["next"].startswith(DEFAULT_BASE_URL)
        url = body["next"].removeprefix(DEFAULT_BASE_URL)


def test_the_log_is_ordered_by_publication_then_election_then_position(
    app: Litestar, client: Client
) -> None:
    """Oldest publication first; one publication's entries by election, then in log order."""
    assert _oracle(app, None) == [c["id"] for c in _every_entry(client)]


def test_the_default_page_holds_100_entries() -> None:
    """The limit defaults to 100: a page holds at most that many (the bundled log is shorter)."""
    with TestClient(create_app()) as client:
        body = client.get("/v1/changes").json()
        assert min(100, len(_every_entry(client))) == body["count"]


@settings(max_examples=40, deadline=None)
@given(
    limit=st.integers(min_value=1, max_value=30),
    since=st.sampled_from(
        [None, "2026-11-27T00:00:00Z", "2026-11-30T00:00:00Z", "2026-11-30T17:00:00+07:00"]
    ),
)
def test_following_next_links_lists_every_entry_once(limit: int, since: str | None) -> None:
    """For any page size and since: the pages together are the oracle's list, none over limit."""
    with TestClient(create_app()) as client:
        query = f"?limit={limit}" + (f"&since={since.replace('+', '%2B')}" if since else "")
        ids, counts = _walk(client, "/v1/changes" + query)
        bound = None if since is None else dt.datetime.fromisoformat(since.replace("Z", "+00:00"))
        assert _oracle(client.app, bound) == ids
        assert all(count <= limit for count in counts)
        assert all(count == limit for count in counts[:-1])


def test_a_next_link_keeps_since_and_limit(client: Client) -> None:
    """The link repeats since as written and the chosen limit, and names the last entry."""
    body = client.get("/v1/changes", params={"since": "2026-11-27T00:00:00Z", "limit": 2}).json()
    last = body["changes"][-1]["id"]
    assert (
        f"{DEFAULT_BASE_URL}/v1/changes?since=2026-11-27T00%3A00%3A00Z&after={last}&limit=2"
        == body["next"]
    )


def test_after_must_name_an_entry(client: Client) -> None:
    """An entry id that names no entry is a 404 naming after; a malformed one a 400."""
    problem = client.get("/v1/changes", params={"after": "pemilu-2024.999"}).json()
    assert (404, "after", "no change 'pemilu-2024.999'") == (
        problem["status"],
        problem["parameter"],
        problem["detail"],
    )
    assert problem["type"].endswith("/problems/change-not-found")
    malformed = client.get("/v1/changes", params={"after": "nope"}).json()
    assert (400, "after") == (malformed["status"], malformed["parameter"])


def test_limit_is_bounded_in_words(client: Client) -> None:
    """limit=0 and limit=1001 are refused in words that give the range."""
    for value in ("0", "1001", "many"):
        problem = client.get("/v1/changes", params={"limit": value}).json()
        assert "limit must be a whole number from 1 to 1000 (e.g. limit=1)" == problem["detail"]


def test_the_atom_feed_has_one_entry_per_change(client: Client) -> None:
    """The feed reads without error in feedparser: every change once, newest first, with its stages."""
    response = client.get("/v1/changes.atom", params={"lang": "en"})
    assert "application/atom+xml" == response.headers["content-type"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    expected = [f"urn:pemilu-api:change:{c['id']}" for c in reversed(_every_entry(client))]
    assert expected == [e.id for e in feed.entries]
    assert "en" == feed.feed.language


def test_an_atom_entry_names_each_stage_with_its_days_before_and_after(client: Client) -> None:
    """PKPU 5/2020 moved the voting day: the entry says from which day to which, and why."""
    feed = feedparser.parse(client.get("/v1/changes.atom", params={"lang": "en"}).content)
    (entry,) = [e for e in feed.entries if e.id == "urn:pemilu-api:change:pilkada-2020.3"]
    text = entry.content[0].value
    assert "PKPU 5/2020, decided 12 June 2020" in text
    assert (
        "Voting and counting at the polling stations (TPS): 23 September 2020 → 9 December 2020"
        in text
    )
    assert ["official"] == [t.term for t in entry.tags]
    assert f"{DEFAULT_BASE_URL}/elections/pilkada-2020?lang=en" == entry.link
    indonesian = feedparser.parse(client.get("/v1/changes.atom").content)
    (entry,) = [e for e in indonesian.entries if e.id == "urn:pemilu-api:change:pilkada-2020.3"]
    assert "PKPU 5/2020, diputuskan 12 Juni 2020" in entry.content[0].value


def test_the_atom_feed_revalidates_like_the_json(client: Client) -> None:
    """An ETag and Last-Modified; If-None-Match with it gives 304 and no body."""
    first = client.get("/v1/changes.atom")
    etag = first.headers["etag"]
    assert first.headers["last-modified"]
    again = client.get("/v1/changes.atom", headers={"If-None-Match": etag})
    assert 304 == again.status_code
    assert b"" == again.content
