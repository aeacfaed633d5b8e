"""The public pages in a real browser: Debian's headless Chromium driven by playwright-core.

Starts the real server (``pemilu-api serve``, on a free port of 127.0.0.1), runs
tests/browser/check_pages.mjs once against it, and turns its JSON report into one test per
promise: the drawn campaign bar sits on its dates, subscribe links answer with feeds, axe-core
finds no WCAG 2.1 AA violation, and the screenshots are saved under build/screenshots/.

Nothing is skipped: a missing Chromium, node or node package fails with what to install
(``python3 dev.py test`` installs all of them).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serverproc import Server

from pemilu_api.domain.dataset import Dataset
from pemilu_api.render.language import short_name
from pemilu_api.render.pages.status import sentences, spans_of, voting_hours

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "browser" / "check_pages.mjs"
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SERVER_START_SECONDS = 60
BROWSER_SECONDS = 600
PAGES = 3 * 2 * 3  # three pages, two languages, three widths

pytestmark = pytest.mark.slow


def _require_tools() -> str:
    """The node binary; fail (never skip) with the install step when something is missing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `python3 dev.py test` (it installs the Debian "
            "package chromium) or `apt-get install chromium`; set CHROMIUM to use another binary"
        )
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: install Node.js 20+ to run the browser checks")
    for package in ("playwright-core", "axe-core"):
        if not (ROOT / "node_modules" / package / "package.json").exists():
            pytest.fail(f"node package {package} missing: run `npm ci` (or `python3 dev.py test`)")
    return node


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``pemilu-api serve`` on a free local port, with that address as its public base URL."""
    _require_tools()
    running = Server(start_timeout=SERVER_START_SECONDS)
    running.command += ["--base-url", running.url]
    try:
        with running:
            yield running.url
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def report(server: str) -> dict[str, Any]:
    """Run the browser script once; its JSON report (failures included) for the tests below."""
    node = _require_tools()
    try:
        done = subprocess.run(
            [node, str(SCRIPT), server, str(SCREENSHOTS)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=BROWSER_SECONDS,
            env={**os.environ, "CHROMIUM": str(CHROMIUM)},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the browser checks took longer than {BROWSER_SECONDS}s")
    lines = done.stdout.strip().splitlines()
    if not lines:
        pytest.fail(
            f"the browser script printed no report (status {done.returncode}):\n{done.stderr}"
        )
    result: dict[str, Any] = json.loads(lines[-1])
    result["returncode"] = done.returncode
    result["stderr"] = done.stderr
    return result


def test_browser_script_reports_no_failure(report: dict[str, Any]) -> None:
    """The node script's own verdict: no failure of any kind, and a zero exit status."""
    assert [] == report["failures"], "\n".join(report["failures"])
    assert 0 == report["returncode"], report["stderr"]


def test_campaign_bar_starts_and_ends_on_its_dates(report: dict[str, Any]) -> None:
    """Measured on screen against the drawn month ticks: 28 Nov 2023 to the end of 10 Feb 2024."""
    measured = report["geometry"]
    # The election page, two languages, at desktop width (phones get the narrow picture; / and
    # the region page show Pemilu 2029 in full, which has no dates to draw).
    assert 2 == len(measured)
    for entry in measured:
        assert entry["delta_left"] <= 1.0, entry
        assert entry["delta_right"] <= 1.0, entry
        # Half a day: a bar one day off would fail even where a day is under a pixel wide.
        assert entry["delta_left"] <= entry["px_per_day"] / 2, entry
        assert entry["delta_right"] <= entry["px_per_day"] / 2, entry


def test_today_marker_is_drawn_by_the_script(report: dict[str, Any]) -> None:
    """With the browser's clock on 15 Jan 2024, the marker stands mid-day on that date."""
    (today,) = report["today"]
    assert today["marker"] is not None
    assert today["delta"] <= 1.0


def test_status_words_are_rewritten_for_the_readers_today(
    report: dict[str, Any], dataset: Dataset
) -> None:
    """With the clock on 15 Jan 2024, page.js says what the server would say on that day."""
    (status,) = report["status"]
    election = dataset.election("pemilu-2024")
    assert election is not None
    today = dt.date(2024, 1, 15)
    expected = sentences(
        short_name(election),
        election.voting_day,
        voting_hours(election, election.stages, "id", None),
        spans_of(election.stages, "id"),
        today,
        "id",
    )
    assert [" ".join(expected)] == status["text"]
    assert "Keadaan hari ini, Senin, 15 Januari 2024." == status["asof"]


def test_phone_first_view(report: dict[str, Any]) -> None:
    """At 360, 390 and 414 px: no label cut, text 12px or more, no sideways overflow.

    A wide picture, where shown, opens at a marker with a scroll hint; phones get the narrow one.
    """
    views = report["phone"]
    assert 3 * 3 * 2 == len(views)
    for view in views:
        assert not view["overflow"], view["page"]
        # / and the region page show the next election in full, Pemilu 2029, announced without
        # dates: no picture there.
        shows_2029 = view["page"].startswith(("/ ", "/regions/33.05 "))
        assert view["boxes"] or view["narrow"] or shows_2029, view["page"]
        for box in view["narrow"]:
            assert [] == box["cut"], (view["page"], box)
            assert box["minFont"] >= 11.99, (view["page"], box)
            assert box["rows"] > 0, (view["page"], box)
        for box in view["boxes"]:
            assert [] == box["cut"], (view["page"], box)
            assert box["minFont"] >= 11.99, (view["page"], box)
            assert box["markInView"] is not False, (view["page"], box)
            assert box["hint"], (view["page"], box)
        if view["page"].startswith("/ "):
            assert view["picker"] < 2, view
            assert view["subscribe"] < 2, view


def _pdftotext(*args: str) -> str:
    """What pdftotext writes for ``args`` (poppler-utils, a Debian package)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail(
            "pdftotext not found: run `python3 dev.py test` or apt-get install poppler-utils"
        )
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def _pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``."""
    pages = _pdftotext("-layout", str(pdf), "-").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _pdf_boxes(pdf: Path) -> list[tuple[float, float, float]]:
    """Each page's width and height, and how far down its text reaches (points)."""
    found = re.findall(
        r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
        _pdftotext("-bbox", str(pdf), "-"),
        flags=re.S,
    )
    return [
        (
            float(w),
            float(h),
            max((float(y) for y in re.findall(r'yMax="([\d.]+)"', words)), default=0),
        )
        for w, h, words in found
    ]


# The text of every page but the last reaches this far down: a picture pushed whole to the next
# page once left the lower third of page 1 empty (its text ended at 64% of the page).
PAGE_FILLED = 0.75


def test_printed_pages_have_text_and_the_stage_list(report: dict[str, Any], server: str) -> None:
    """A4 portrait and landscape: no blank page, the stage list and the feed address printed."""
    pdfs = report["pdfs"]
    assert 4 == len(pdfs)
    for pdf in pdfs:
        pages = _pdf_pages(Path(pdf["file"]))
        assert pages, pdf
        for number, page in enumerate(pages, 1):
            assert page.strip(), f"{pdf['file']}: page {number} of {len(pages)} is blank"
        text = " ".join(" ".join(pages).split())
        if pdf["path"].startswith("/elections/pemilu-2024"):
            listed = (
                "Daftar tahapan Pemilu 2024" if pdf["lang"] == "id" else "Stages of Pemilu 2024"
            )
            assert listed in text, pdf
            assert (
                "Masa kampanye Pemilu" if pdf["lang"] == "id" else "Election campaign period"
            ) in text, pdf
            assert f"{server}/v1/elections/pemilu-2024/calendar.ics" in text, pdf
            # The picture, printed as a chart: the campaign's row with its short dates.
            assert "28 Nov 2023 – 10 Feb 2024" in text, pdf
        if pdf["path"] == "/":
            assert "Rabu, 27 November 2024" in text, pdf


def test_printed_pages_are_filled_and_turn_as_asked(report: dict[str, Any]) -> None:
    """Portrait or landscape as the printout asked (no page size forced), no large blank area."""
    for pdf in report["pdfs"]:
        boxes = _pdf_boxes(Path(pdf["file"]))
        assert boxes, pdf
        for number, (width, height, reach) in enumerate(boxes, 1):
            assert (width > height) == pdf["landscape"], (pdf, number, width, height)
            if number < len(boxes):
                assert reach / height >= PAGE_FILLED, (pdf, number, round(reach / height, 2))


def test_every_subscribe_link_answers_with_a_feed(report: dict[str, Any]) -> None:
    """webcal, https and download links of every page checked: 200, text/calendar, VCALENDAR.

    Every feed has events, but an announced election's (Pemilu 2029), which says KPU has set no
    schedule.
    """
    feeds = report["feeds"]
    assert len(feeds) >= 10
    for feed in feeds:
        assert 200 == feed["status"], feed
        assert feed["type"].startswith("text/calendar"), feed
        assert "BEGIN:VCALENDAR" == feed["begins"], feed
        assert feed["events"] > 0 or feed["unscheduled"], feed
    assert any(feed["unscheduled"] and feed["events"] == 0 for feed in feeds)
    assert all(feed["events"] > 0 for feed in feeds if not feed["unscheduled"])


def test_axe_finds_no_wcag21_aa_violation(report: dict[str, Any]) -> None:
    """axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa, no rule disabled) on each page and language."""
    runs = report["axe"]
    assert PAGES == len(runs)
    for run in runs:
        assert [] == run["violations"], run
        assert run["passes"] > 20, run


def test_axe_on_the_other_public_pages_and_docs(report: dict[str, Any]) -> None:
    """/regions, the embeds and an error page: no violation; /docs: none critical or serious."""
    runs = report["axe_more"]
    assert 5 == len(runs)
    for run in runs:
        assert [] == run["counted"], run


def test_picture_colours_meet_contrast(report: dict[str, Any]) -> None:
    """Text in the picture 4.5:1 and bars 3:1 (axe cannot judge SVG text, so measured here)."""
    assert PAGES == len(report["contrast"])
    for entry in report["contrast"]:
        if 0 == entry["text_colours"]:
            # No picture: / and the region page show Pemilu 2029 in full, which KPU has not
            # scheduled (no dates to draw).
            assert entry["page"].startswith(("/ ", "/regions/33.05 ")), entry
            continue
        assert entry["min_text"] >= 4.5, entry
        assert entry["min_marks"] >= 3.0, entry


def test_region_picker_with_and_without_script(report: dict[str, Any]) -> None:
    """Province then kabupaten/kota reaches Kabupaten Kebumen, with JavaScript and without."""
    assert {True, False} == {p["javaScriptEnabled"] for p in report["picker"]}
    for picked in report["picker"]:
        assert picked["landed"].endswith("/regions/33.05"), picked
        assert "Kabupaten Kebumen" == picked["heading"], picked


def test_copy_button_copies_the_feed_address(report: dict[str, Any]) -> None:
    """The copy button puts the https feed address on the clipboard and says so."""
    (copy,) = report["copy"]
    assert copy["copied"] == copy["value"]
    assert copy["value"].endswith("/v1/elections/pemilu-2024/calendar.ics?lang=en")


def _png_width(path: Path) -> int:
    header = path.read_bytes()[:24]
    assert b"\x89PNG\r\n\x1a\n" == header[:8], path
    width: int = struct.unpack(">I", header[16:20])[0]
    return width


def test_screenshots_at_desktop_and_phone_widths(report: dict[str, Any]) -> None:
    """Full-page screenshots of every checked page, 1280, 390 and 360 pixels wide (no overflow)."""
    shots = [Path(p) for p in report["screenshots"]]
    assert len(shots) >= PAGES
    for shot in shots:
        assert shot.is_file(), shot
        widths = {"-desktop": 1280, "-phone360": 360, "-360-": 360, "-414-": 414}
        expected = next((w for k, w in widths.items() if k in shot.name), 390)
        assert expected == _png_width(shot), shot
