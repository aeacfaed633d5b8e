"""Indonesia's legal time zones, by the IANA names the regions table uses."""

from __future__ import annotations

from typing import Final

# Keppres 41/1987: WIB (two IANA zones), WITA and WIT. Polling stations keep local hours in these.
INDONESIAN_ZONES: Final[tuple[str, ...]] = (
    "Asia/Jakarta",
    "Asia/Pontianak",
    "Asia/Makassar",
    "Asia/Jayapura",
)
