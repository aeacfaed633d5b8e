"""Driving an ASGI app once, without a server: a request with no body, and what the app sent."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from litestar.types import HTTPRequestEvent, Message, Scope


def call_once(app: Any, scope: Scope) -> list[Message]:
    """Run ``app`` on ``scope`` with an empty request body; the messages it sent, in order."""
    sent: list[Message] = []

    async def receive() -> HTTPRequestEvent:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def http_scope(
    path: str = "/v1/x", query: bytes = b"", method: str = "GET", **headers: str
) -> Scope:
    """An HTTP scope; each keyword is a header (``accept_encoding`` is Accept-Encoding)."""
    scope: dict[str, Any] = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
    }
    return cast(Scope, scope)
