"""Bad parameters are refused in words a person understands: what is accepted, with an example.

The words come from each parameter's declared type (web/param_hints.py), so they never print a
Python type or a bare regular expression.
"""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]

STAGES = "/v1/elections/pemilu-2024/stages"
CATEGORIES = (
    "preparation, voters, participants, candidacy, campaign, quiet-period, voting, counting, "
    "results, disputes, inauguration"
)


@pytest.mark.parametrize(
    ("url", "parameter", "detail"),
    [
        (f"{STAGES}?key=yes", "key", "key must be true or false (e.g. key=true)"),
        (
            f"{STAGES}?category=kampanye",
            "category",
            f"category must be one of: {CATEGORIES} (e.g. category=preparation)",
        ),
        (
            f"{STAGES}?status=postponed",
            "status",
            "status must be one of: scheduled, suspended, cancelled (e.g. status=scheduled)",
        ),
        (
            f"{STAGES}?from=14-02-2024",
            "from",
            "from must be a date written YYYY-MM-DD (e.g. from=2024-02-14)",
        ),
        (
            "/v1/elections?kind=pilpres",
            "kind",
            "kind must be one of: pemilu, pilkada (e.g. kind=pemilu)",
        ),
        (
            "/v1/now?at=yesterday",
            "at",
            "at must be an RFC 3339 date-time such as 2024-02-14T08:00:00%2B07:00 or "
            "2024-02-14T01:00:00Z (in a URL, write the + of an offset as %2B: an unencoded + "
            "means a space)",
        ),
        (
            # An unencoded + in a query is a space: the offset arrives as " 07:00".
            "/v1/now?at=2024-02-14T08:00:00+07:00",
            "at",
            "the + of at's offset arrived as a space (an unencoded + in a URL query means a "
            "space): write it as %2B, e.g. at=2024-02-14T08:00:00%2B07:00",
        ),
        (
            "/v1/changes?since=2024-02-14T08:00:00",
            "since",
            "since needs an offset, e.g. since=2024-02-14T01:00:00Z or "
            "since=2024-02-14T08:00:00%2B07:00 (write + as %2B in a URL)",
        ),
        ("/v1/regions?q=", "q", "q must be 1 to 100 characters"),
        (
            "/v1/regions?province=3",
            "province",
            r"province must be text matching the pattern ^\d{2}$ (e.g. province=33)",
        ),
        (
            "/v1/changes?limit=0",
            "limit",
            "limit must be a whole number from 1 to 1000 (e.g. limit=1)",
        ),
    ],
)
def test_a_refused_parameter_is_explained(
    client: Client, url: str, parameter: str, detail: str
) -> None:
    """The detail and the invalid_params reason say what the parameter accepts."""
    problem = client.get(url).json()
    assert (400, parameter, detail) == (problem["status"], problem["parameter"], problem["detail"])
    assert [{"name": parameter, "reason": detail}] == problem["invalid_params"]


def test_no_detail_names_a_python_type(client: Client) -> None:
    """Litestar's own wording (``Expected `bool | null```) never reaches a client."""
    for url in (f"{STAGES}?key=2", f"{STAGES}?to=soon", "/v1/now?at=x", "/v1/changes?limit=x"):
        detail = client.get(url).json()["detail"]
        assert "Expected" not in detail, (url, detail)
        assert "`" not in detail, (url, detail)


def test_unknown_parameters_on_json_routes_stay_400(client: Client) -> None:
    """A typo is refused, naming the parameters the route takes."""
    problem = client.get("/v1/elections?kinds=pilkada").json()
    assert (400, "kinds") == (problem["status"], problem["parameter"])
    assert "this route takes: from, kind, region, to" in problem["detail"]
