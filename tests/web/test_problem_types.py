"""Each problem document's type is the URL of a page that explains it; the document lists them."""

from __future__ import annotations

import json

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.render.problem_kinds import PROBLEM_KINDS
from pemilu_api.settings import DEFAULT_BASE_URL
from pemilu_api.web.openapi import render_openapi

Client = TestClient[Litestar]

# A request answered with each kind of problem the app itself sends (the server's guard sends
# bad-request and uri-too-long: tests/ops/test_server.py).
PROBLEMS: dict[str, str] = {
    "invalid-parameter": "/v1/elections/pemilu-2024/stages?key=yes",
    "unknown-parameter": "/v1/elections?x=1",
    "not-found": "/v1/nothing-here",
    "election-not-found": "/v1/elections/pemilu-1955",
    "stage-not-found": "/v1/elections/pemilu-2024/stages/nope",
    "region-not-found": "/v1/regions/99.99",
    "province-not-found": "/v1/regions?province=99",
    "change-not-found": "/v1/changes?after=pemilu-2024.99",
}


@pytest.mark.parametrize("slug", sorted(PROBLEMS))
def test_the_type_of_a_problem_resolves_to_its_page(client: Client, slug: str) -> None:
    """The type is {base}/problems/{slug}, and that page answers 200 in both languages."""
    problem = client.get(PROBLEMS[slug]).json()
    assert f"{DEFAULT_BASE_URL}/problems/{slug}" == problem["type"]
    for lang in ("id", "en"):
        page = client.get(problem["type"].removeprefix(DEFAULT_BASE_URL), params={"lang": lang})
        assert 200 == page.status_code
        assert f'<html lang="{lang}">' in page.text


def test_a_method_not_allowed_has_its_page(client: Client) -> None:
    """POST on a read-only resource: 405, typed method-not-allowed."""
    problem = client.post("/v1/elections").json()
    assert (405, f"{DEFAULT_BASE_URL}/problems/method-not-allowed") == (
        problem["status"],
        problem["type"],
    )


def test_the_index_lists_every_kind(client: Client) -> None:
    """/problems links each kind's page."""
    page = client.get("/problems", params={"lang": "en"}).text
    for kind in PROBLEM_KINDS:
        assert f'href="/problems/{kind.slug}?lang=en"' in page
    assert 404 == client.get("/problems/no-such-kind").status_code


def test_the_openapi_document_lists_every_kind(app: Litestar) -> None:
    """The API description lists each type URL with its status."""
    description = json.loads(render_openapi(app))["info"]["description"]
    for kind in PROBLEM_KINDS:
        assert f"`{DEFAULT_BASE_URL}/problems/{kind.slug}` ({kind.status})" in description


def test_every_kind_is_sent_by_someone() -> None:
    """No page explains a kind nothing sends: the table above and the server's two cover all."""
    sent_by_the_guard = {
        "bad-request",
        "uri-too-long",
        "internal-server-error",
        "method-not-allowed",
    }
    assert {k.slug for k in PROBLEM_KINDS} == set(PROBLEMS) | sent_by_the_guard
