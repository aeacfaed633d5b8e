"""What every route declaration shares: the methods, the request type and the problem responses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import HttpMethod, Request
from litestar.openapi.datastructures import ResponseSpec

from pemilu_api.web.problems import PROBLEM_MEDIA_TYPE, Problem

GET_HEAD = [HttpMethod.GET, HttpMethod.HEAD]
# The HEAD twin of each operation; web/openapi_spec.py drops it (HEAD is described once).
HEAD_SUFFIX = "__head"


def operation_id(name: str) -> Callable[..., str]:
    """The chosen operationId of a GET (its HEAD twin gets a suffix, to be dropped)."""

    def create(_handler: object, method: HttpMethod, _components: object) -> str:
        return name if method == HttpMethod.GET else f"{name}{HEAD_SUFFIX}"

    return create


AnyRequest = Request[Any, Any, Any]


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI descriptions of the problem responses a route can give (304 included)."""
    described = {
        304: ResponseSpec(data_container=None, description="Not Modified: the validators match"),
    }
    for status in statuses:
        described[status] = ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_MEDIA_TYPE,
            description={
                400: "Bad Request: a parameter is invalid or unknown",
                404: "Not Found: no such resource",
            }[status],
            generate_examples=False,
        )
    return described
