"""Driving an ASGI app once, without a server: a GET with no body, and what the app sent."""

from __future__ import annotations

import asyncio
from typing import Any

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
