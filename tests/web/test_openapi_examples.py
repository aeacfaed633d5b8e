"""Every example in the OpenAPI document is what the server answers at the URL it names."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.web.openapi import openapi_dict


def _examples(document: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    found = []
    for item in document["paths"].values():
        operation = item["get"]
        for status, response in operation["responses"].items():
            for media in response.get("content", {}).values():
                for url, example in media.get("examples", {}).items():
                    found.append((operation["operationId"], status, url, example))
    return found


def test_every_json_response_has_an_example(app: Litestar) -> None:
    """Each JSON 200 of the API has an example."""
    document = openapi_dict(app)
    missing = [
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
        if "application/json" in operation["responses"]["200"].get("content", {})
        and operation["operationId"] != "getOpenApiDocument"
        and not operation["responses"]["200"]["content"]["application/json"].get("examples")
    ]
    assert missing == []


def test_examples_are_what_the_server_answers(app: Litestar, client: TestClient[Litestar]) -> None:
    """GET each example's URL: the same status and the same JSON."""
    examples = _examples(openapi_dict(app))
    assert len(examples) >= 13
    for operation, status, url, example in examples:
        assert example["description"] == f"GET {url}"
        response = client.get(url)
        assert (operation, response.status_code) == (operation, int(status)), url
        assert response.json() == example["value"], url
