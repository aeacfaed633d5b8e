"""What the iCalendar tests share: which feeds to fetch, and the two independent parsers.

The parsers run as subprocesses: Mozilla ical.js under node (the exact version pinned in
package-lock.json, installed by ``npm ci``) and libical through Debian's python3-gi, which loads
only in the system interpreter. Neither shares code with icalendar, which writes the feeds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar, Event

ROOT = Path(__file__).resolve().parents[1]
ICAL_JS_SCRIPT = ROOT / "tests" / "js" / "ical_dump.mjs"
LIBICAL_SCRIPT = ROOT / "tests" / "libical_dump.py"
SYSTEM_PYTHON = Path("/usr/bin/python3")

# An explicit public base URL, so the links in the feeds (and the golden files) do not depend on
# the environment the tests run in.
BASE_URL = "https://pemilu-api.example"

LANGS = ("id", "en")
# One kabupaten/kota per zone, named in the issue; the codes are checked against regions.tsv.
ZONE_REGIONS = {
    "Asia/Jakarta": "33.05",  # Kabupaten Kebumen
    "Asia/Pontianak": "61.71",  # Kota Pontianak
    "Asia/Makassar": "73.71",  # Kota Makassar
    "Asia/Jayapura": "91.71",  # Kota Jayapura
}
# Regions whose election sets differ: a province, a DKI administrative city (no regent or
# mayor race) and Yogyakarta (no governor race).
EXTRA_REGIONS = ("33", "31.71", "34.71")


def feed_paths(election_ids: Iterable[str], region_codes: Iterable[str]) -> list[str]:
    """The path of every election feed, the all-elections feed and each region's feed."""
    paths = [f"/v1/elections/{e}/calendar.ics" for e in election_ids]
    paths.append("/v1/calendar.ics")
    paths.extend(f"/v1/regions/{code}/calendar.ics" for code in region_codes)
    return paths


def with_query(path: str, lang: str, key_only: bool) -> str:
    """``path`` with the feed's ``lang`` and ``key`` parameters."""
    return f"{path}?lang={lang}&key={'true' if key_only else 'false'}"


def parse(body: bytes) -> Calendar:
    """Parse a feed with icalendar (the library that wrote it; the other two are independent)."""
    return Calendar.from_ical(body)


def events(calendar: Calendar) -> list[Event]:
    """The VEVENTs of a calendar, in file order."""
    return calendar.events


def ids_of(uid: str) -> tuple[str, str]:
    """The (election id, stage id) a UID names: ``{stage}.{election}[.{zone}]@pemilu-api``."""
    local, _, domain = uid.partition("@")
    assert "pemilu-api" == domain, uid
    stage_id, election_id, *zone = local.split(".")
    assert len(zone) <= 1, uid
    return election_id, stage_id


def unescape_text(value: str) -> str:
    """Undo RFC 5545 3.3.11 TEXT escaping (for properties icalendar keeps raw, e.g. X-WR-CALDESC)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def utc(moment: dt.datetime) -> dt.datetime:
    """An aware date-time in UTC."""
    assert moment.tzinfo is not None
    return moment.astimezone(dt.UTC)


def _require(tool: Path | None, what: str, how: str) -> Path:
    if tool is None or not tool.exists():
        pytest.fail(f"{what} is missing: {how} (python3 dev.py test installs it)")
    return tool


def run_ical_js(files: list[Path]) -> dict[str, Any]:
    """What ical.js read from each file, keyed by path (fails the test when it cannot parse)."""
    node = shutil.which("node")
    _require(Path(node) if node else None, "node", "apt-get install nodejs")
    _require(ROOT / "node_modules" / "ical.js" / "package.json", "ical.js", "npm ci")
    result = subprocess.run(
        [str(node), str(ICAL_JS_SCRIPT), *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert 0 == result.returncode, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def run_libical(files: list[Path]) -> dict[str, Any]:
    """What libical read from each file, keyed by path."""
    _require(SYSTEM_PYTHON, "/usr/bin/python3", "apt-get install python3")
    probe = subprocess.run(
        [
            str(SYSTEM_PYTHON),
            "-c",
            "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.fail(
            "libical's bindings are missing: apt-get install python3-gi gir1.2-ical-3.0 "
            f"(python3 dev.py test installs them)\n{probe.stderr}"
        )
    result = subprocess.run(
        [str(SYSTEM_PYTHON), str(LIBICAL_SCRIPT), *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert 0 == result.returncode, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed
