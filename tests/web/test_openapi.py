"""The committed OpenAPI document: it matches the app, and the app keeps every promise in it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from litestar import Litestar
from litestar.testing import TestClient
from schemathesis import Case
from schemathesis.specs.openapi.checks import positive_data_acceptance

from pemilu_api.app import create_app
from pemilu_api.web.openapi import render_openapi

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"

schema = schemathesis.openapi.from_path(SPEC)
# (path, status) of every answer schemathesis got, to check that it reached the 200s.
REACHED: set[tuple[str, int]] = set()
schema.app = create_app()


def test_committed_document_matches_the_app(app: Litestar) -> None:
    """openapi/openapi.json is what the app generates.

    Regenerate it with `pemilu-api openapi --output openapi/openapi.json`.
    """
    assert json.loads(SPEC.read_text("utf-8")) == json.loads(render_openapi(app))
    assert SPEC.read_text("utf-8") == render_openapi(app)


def test_served_document_is_the_committed_one(client: TestClient[Litestar]) -> None:
    """GET /openapi.json serves the committed document."""
    assert json.loads(SPEC.read_text("utf-8")) == client.get("/openapi.json").json()


@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_keeps_its_contract(case: Case[Any]) -> None:
    """No server error, no undocumented status or content type, no response breaking its schema.

    One check is left out where the schema cannot say what is valid: ``positive_data_acceptance``
    on /v1/now, whose ``tz`` accepts the zone names of the tz database (described in words and by
    example rather than as an enum of about 600 values), and on the routes taking ``from`` and
    ``to``, where a ``from`` after ``to`` fits the schema and is rightly a 400.
    """
    unexpressible = {"/v1/now", "/v1/elections", "/v1/elections/{election_id}/stages"}
    excluded: list[Any] = [positive_data_acceptance] if case.path in unexpressible else []
    response = case.call_and_validate(excluded_checks=excluded)
    REACHED.add((case.path, response.status_code))


def test_schemathesis_reached_every_success() -> None:
    """The parameter examples are real ids: every path was answered 200 at least once above."""
    if not REACHED:
        pytest.skip("run with test_api_keeps_its_contract")
    paths = {path for path, status in REACHED}
    assert {(path, 200) for path in paths} <= REACHED
