"""Headers every response carries, whatever route or error produced it."""

from __future__ import annotations

from typing import Final

# No sniffing a JSON or calendar body into something executable, no referrer leaks to other
# hosts, and no framing or active content unless a page sets its own stricter-but-wider policy.
SECURITY_HEADERS: Final[dict[str, str]] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


def with_security(headers: dict[str, str]) -> dict[str, str]:
    """``headers`` plus the security headers (a header already set wins)."""
    return {**SECURITY_HEADERS, **headers}
