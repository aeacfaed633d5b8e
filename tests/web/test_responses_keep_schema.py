"""Every real resource validates against the committed OpenAPI document (formats checked).

Each election, each stage, every region of every level, the change log, /v1/now at several
instants and zones, filtered queries and problem documents: each body is validated with
jsonschema against the schema the document gives its path and status.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.domain.dataset import Dataset
from pemilu_api.settings import DEFAULT_BASE_URL as BASE

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"
DOCUMENT: dict[str, Any] = json.loads(SPEC.read_text("utf-8"))
FORMATS = Draft202012Validator.FORMAT_CHECKER


def _operation(path: str) -> dict[str, Any]:
    for template, item in DOCUMENT["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            operation: dict[str, Any] = item["get"]
            return operation
    raise AssertionError(f"no operation documents {path}")


def check(client: TestClient[Litestar], url: str, status: int = 200) -> Any:
    """GET ``url``: the documented status, media type and a body valid against its schema."""
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    documented = _operation(url.split("?", 1)[0])["responses"][str(status)]
    media_type = response.headers["content-type"].split(";")[0]
    schema = documented["content"][media_type]["schema"]
    validator = Draft202012Validator(
        {**schema, "components": DOCUMENT["components"]}, format_checker=FORMATS
    )
    body = response.json()
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == [], (url, errors[:5])
    return body


def test_the_format_checker_checks_formats() -> None:
    """Jsonschema's format extras are installed: a bad date fails."""
    validator = Draft202012Validator({"format": "date"}, format_checker=FORMATS)
    assert not validator.is_valid("2024-02-30")
    uri = Draft202012Validator({"format": "uri"}, format_checker=FORMATS)
    assert not uri.is_valid("not a uri")


def test_every_election_and_stage(client: TestClient[Litestar], dataset: Dataset) -> None:
    """Each election, its stage list, and each of its stages."""
    check(client, "/v1/elections")
    for election in dataset.elections:
        body = check(client, f"/v1/elections/{election.id}")
        check(client, f"/v1/elections/{election.id}/stages")
        for stage in body["stages"]:
            check(client, f"/v1/elections/{election.id}/stages/{stage['id']}")


@pytest.mark.parametrize(
    "query",
    [
        "category=voting",
        "category=campaign&category=quiet-period",
        "key=true",
        "key=false",
        "status=scheduled",
        "from=2024-02-01&to=2024-02-29",
        "from=2030-01-01",
        "region=33.05",
        "region=3305&category=voting",
        "region=94",
    ],
)
def test_filtered_stages(client: TestClient[Litestar], dataset: Dataset, query: str) -> None:
    """Filtered stage lists of every election."""
    for election in dataset.elections:
        check(client, f"/v1/elections/{election.id}/stages?{query}")


def test_every_region(client: TestClient[Litestar], dataset: Dataset) -> None:
    """Every province and kabupaten/kota, and the region lists by level, province and name."""
    for code in dataset.regions:
        check(client, f"/v1/regions/{code}")
    for query in (
        "",
        "?level=provinsi",
        "?level=kabupaten",
        "?level=kota",
        "?province=91",
        "?q=jaya",
    ):
        check(client, f"/v1/regions{query}")


def test_changes(client: TestClient[Litestar]) -> None:
    """The whole change log, since several instants, and a page after an entry."""
    for query in (
        "",
        "?since=2020-01-01T00:00:00Z",
        "?since=2026-01-01T00:00:00%2B07:00",
        "?limit=2",
        "?after=pilkada-2020.2&limit=1",
    ):
        check(client, f"/v1/changes{query}")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?from=2024-01-01&to=2024-12-31",
        "?kind=pilkada",
        "?region=33.05",
        "?region=31&kind=pemilu",
        "?from=2031-01-01",
    ],
)
def test_filtered_elections(client: TestClient[Litestar], query: str) -> None:
    """The election list filtered by dates, kind and region."""
    check(client, f"/v1/elections{query}")


def test_the_root_document(client: TestClient[Litestar]) -> None:
    """/v1 and every link in it answers."""
    body = check(client, "/v1")
    for name, link in body["links"].items():
        url = link["url"] if isinstance(link, dict) else link
        if url.startswith(BASE):
            assert 200 == client.get(url.removeprefix(BASE)).status_code, name


@pytest.mark.parametrize(
    "query",
    [
        "at=2024-02-14T08:00:00%2B07:00",
        "at=2024-02-14T06:30:00Z&tz=Asia/Jayapura",
        "at=2024-11-27T12:59:00&tz=Asia/Makassar",
        "at=2023-11-28T00:00:00Z&tz=Asia/Pontianak",
        "at=2020-12-09T07:00:00%2B07:00",
        "at=2019-04-17T10:00:00%2B09:00&tz=UTC",
        "at=2040-01-01T00:00:00Z",
        "at=1999-01-01T00:00:00Z",
        "at=2024-11-27T08:00:00%2B09:00&region=91.71",
        "at=2024-11-27T08:00:00Z&region=33",
        "",
    ],
)
def test_now(client: TestClient[Litestar], query: str) -> None:
    """/v1/now at instants before, during and after elections, in several zones (and now)."""
    check(client, f"/v1/now?{query}")


def test_health(client: TestClient[Litestar]) -> None:
    """/health."""
    check(client, "/health")


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/v1/elections/pemilu-2099", 404),
        ("/v1/elections/pemilu-2024/stages/nope", 404),
        ("/v1/regions/99.99", 404),
        ("/v1/elections?nope=1", 400),
        ("/v1/elections/pemilu-2024/stages?key=yes", 400),
        ("/v1/elections/pemilu-2024/stages?category=kampanye", 400),
        ("/v1/elections/pemilu-2024/stages?from=2024-03-01&to=2024-02-01", 400),
        ("/v1/now?at=yesterday", 400),
        ("/v1/now?tz=Mars/Olympus", 400),
        ("/v1/changes?since=2024-01-01", 400),
        ("/v1/regions?province=1", 400),
        ("/v1/changes?after=nope", 400),
        ("/v1/changes?after=pemilu-2024.99", 404),
        ("/v1/elections?region=99.99", 404),
        ("/v1/elections?kind=pilpres", 400),
    ],
)
def test_problem_documents(client: TestClient[Litestar], url: str, status: int) -> None:
    """Problem documents keep the Problem schema, with their documented status."""
    check(client, url, status)
