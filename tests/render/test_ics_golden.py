"""Golden feeds: the bytes served for one election feed and one region feed, compared exactly.

A deliberate change to the feeds (or the data) is recorded by rewriting the files explicitly:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_ics_golden.py

and reviewing the diff. Without UPDATE_GOLDEN the files are only read, never written.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from ics_support import BASE_URL, ROOT
from pemilu_api.app import create_app
from pemilu_api.settings import Settings

GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "pemilu-2024.id.ics": "/v1/elections/pemilu-2024/calendar.ics?lang=id",
    "region-33.05.en.ics": "/v1/regions/33.05/calendar.ics?lang=en",
}
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    """A client for the app with the golden files' public base URL."""
    with TestClient(create_app(Settings(base_url=BASE_URL))) as test_client:
        yield test_client


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(client: TestClient[Litestar], name: str) -> None:
    """The served feed equals its golden file byte for byte."""
    response = client.get(CASES[name], headers={"Accept-Encoding": "identity"})
    assert 200 == response.status_code
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(response.content)
    assert path.exists(), f"{path} is missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert response.content == path.read_bytes(), (
        f"{name} differs from the golden file; if the change is intended, rewrite it with "
        "UPDATE_GOLDEN=1 and review the diff"
    )
