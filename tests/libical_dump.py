"""Parse .ics files with libical (Debian's python3-gi) and print what it read as JSON.

Run it with the system interpreter, ``/usr/bin/python3 tests/libical_dump.py FILE...``: the GObject
bindings load only there, not in the project's virtualenv. For each file it prints libical's
RFC 5546 restriction check, every X-LIC-ERROR libical attached while parsing or checking, and
each event. Timed events are converted to UTC with a zone built from the file's own VTIMEZONE
(not libical's built-in zone table), so a wrong VTIMEZONE shows up as a wrong instant.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import gi  # type: ignore[import-not-found, unused-ignore]

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # type: ignore[import-not-found, unused-ignore]  # noqa: E402


def _unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").replace("\n ", "").replace("\r\n", "\n").split("\n")


def _components(parent: Any, kind: Any) -> list[Any]:
    found = []
    child = parent.get_first_component(kind)
    while child is not None:
        found.append(child)
        child = parent.get_next_component(kind)
    return found


def _zones(calendar: Any) -> dict[str, Any]:
    zones = {}
    for vtimezone in _components(calendar, ICalGLib.ComponentKind.VTIMEZONE_COMPONENT):
        zone = ICalGLib.Timezone.new()
        zone.set_component(vtimezone.clone())
        zones[zone.get_tzid()] = zone
    return zones


def _time(value: Any, zones: dict[str, Any]) -> dict[str, Any]:
    tzid = value.get_tzid()
    read: dict[str, Any] = {"value": value.as_ical_string(), "isDate": bool(value.is_date())}
    read["tz"] = tzid
    read["utc"] = None
    if not value.is_date() and tzid in zones:
        local = ICalGLib.Time.new_from_string(value.as_ical_string())
        utc = ICalGLib.Timezone.get_utc_timezone()
        local.convert_timezone(zones[tzid], utc)
        local.set_timezone(utc)
        read["utc"] = local.as_ical_string()
    return read


def _text(component: Any, kind: Any) -> str | None:
    prop = component.get_first_property(kind)
    return None if prop is None else str(prop.get_value_as_string())


def dump(path: str) -> dict[str, Any]:
    """What libical read from one file."""
    text = Path(path).read_text(encoding="utf-8")
    calendar = ICalGLib.Component.new_from_string(text)
    if calendar is None:
        return {"parsed": False, "restriction_ok": False, "errors": ["not parsed"], "events": []}
    restriction_ok = bool(ICalGLib.restriction_check(calendar))
    # Without a METHOD libical applies its stricter generic table (it flags, e.g., a COMMENT on a
    # VTIMEZONE that it lets pass under PUBLISH): check that way too.
    bare = "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith("METHOD:")
    )
    bare_calendar = ICalGLib.Component.new_from_string(bare)
    restriction_ok_without_method = bool(ICalGLib.restriction_check(bare_calendar))
    bare_errors = [
        line for line in _unfolded(bare_calendar.as_ical_string()) if "X-LIC-ERROR" in line
    ]
    # Parse errors and restriction failures alike become X-LIC-ERROR properties, at any depth.
    errors = [line for line in _unfolded(calendar.as_ical_string()) if "X-LIC-ERROR" in line]
    zones = _zones(calendar)
    events = []
    for event in _components(calendar, ICalGLib.ComponentKind.VEVENT_COMPONENT):
        events.append(
            {
                "uid": event.get_uid(),
                "summary": event.get_summary(),
                "start": _time(event.get_dtstart(), zones),
                "end": _time(event.get_dtend(), zones),
                "status": _text(event, ICalGLib.PropertyKind.STATUS_PROPERTY),
                "sequence": event.get_sequence(),
            }
        )
    return {
        "parsed": True,
        "restriction_ok": restriction_ok,
        "restriction_ok_without_method": restriction_ok_without_method,
        "errors": errors + bare_errors,
        "error_count": calendar.count_errors(),
        "zones": sorted(zones),
        "method": _text(calendar, ICalGLib.PropertyKind.METHOD_PROPERTY),
        "events": events,
    }


def main(paths: list[str]) -> None:
    """Print, as one JSON object keyed by path, what libical read from each file."""
    json.dump({path: dump(path) for path in paths}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
