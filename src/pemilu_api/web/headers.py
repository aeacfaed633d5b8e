"""Headers every response carries, whatever route or error produced it.

Also the request fields no answer may depend on, kept from the app.
"""

from __future__ import annotations

from typing import Final

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_CSP: Final = "default-src 'none'; frame-ancestors 'none'"
# No sniffing a JSON or calendar body into something executable, no referrer leaks to other
# hosts, no framing or active content unless a page sets its own stricter-but-wider policy, no
# powerful browser features, and data any site may load (the API is public and credential-free).
SECURITY_HEADERS: Final[dict[str, str]] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Security-Policy": DEFAULT_CSP,
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    ),
    "Cross-Origin-Resource-Policy": "cross-origin",
}
# HTML documents (they set a policy of their own) are for this origin's windows only.
DOCUMENT_HEADERS: Final[dict[str, str]] = {
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# An embeddable card (a document any site may frame: ``frame-ancestors *``) is loaded across
# origins and lives in other sites' windows: no same-origin resource or opener policy.
EMBEDDABLE_HEADERS: Final[dict[str, str]] = {"Cross-Origin-Resource-Policy": "cross-origin"}
# Request fields the app never reads. Litestar's CORS reflects the Origin (and replaces Vary)
# when a Cookie is present; without them every answer is the same for every client, as the
# replay store and shared caches assume.
CREDENTIAL_FIELDS: Final = frozenset({b"cookie", b"authorization"})


def frame_ancestors(csp: str) -> list[str]:
    """The sources of a Content-Security-Policy's frame-ancestors directive ([] without one)."""
    for directive in csp.split(";"):
        parts = directive.split()
        if parts and parts[0].lower() == "frame-ancestors":
            return parts[1:]
    return []


def with_security(headers: dict[str, str]) -> dict[str, str]:
    """``headers`` plus the security headers (a header already set wins).

    A response with a Content-Security-Policy of its own is an HTML document (a page, the docs):
    it also gets ``same-origin`` resource and opener policies, unless any site may frame it (an
    embeddable card): then ``cross-origin`` and no opener policy.
    """
    csp = next((v for k, v in headers.items() if k.lower() == "content-security-policy"), None)
    document: dict[str, str] = {}
    if csp is not None and csp != DEFAULT_CSP:
        document = EMBEDDABLE_HEADERS if frame_ancestors(csp) == ["*"] else DOCUMENT_HEADERS
    return {**SECURITY_HEADERS, **document, **headers}


_SECURITY_FIELDS: Final = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


class WithoutCredentials:
    """ASGI wrapper around the whole app, outside Litestar's own middleware.

    The app never sees the Cookie or Authorization fields of a request, and the answers Litestar's
    CORS middleware makes itself (preflights to OPTIONS) get the security headers too.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        if any(n in CREDENTIAL_FIELDS for n, _ in scope["headers"]):
            headers = [(n, v) for n, v in scope["headers"] if n not in CREDENTIAL_FIELDS]
            scope = {**scope, "headers": headers}
        if scope["method"] == "OPTIONS":
            send = _securing(send)
        await self.app(scope, receive, send)


def _securing(send: Send) -> Send:
    """``send`` adding the security headers a response start lacks."""

    async def secured(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {bytes(n).lower() for n, _ in headers}
            headers += [(n, v) for n, v in _SECURITY_FIELDS if n not in names]
            message = {**message, "headers": headers}
        await send(message)

    return secured
