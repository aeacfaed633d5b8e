#!/usr/bin/env python3
"""Startup time and memory as the data grows: 1x, 10x and 100x the bundled elections and stages.

Usage (from the repo root)::

    .venv/bin/python bench/startup_memory.py [--runs 5] [--scales 1 10 100] [--json FILE]

For each scale it writes a fixtures folder to a temporary directory: the bundled regions and, for
each bundled election, ``scale`` copies under new ids (so 100x is 300 elections, 100x the stages),
each copy loaded and validated like real data. It then measures, in fresh processes, the import
time and the ``create_app`` time (load, validate, index), and the resident memory (RSS, summed
over the process tree) of ``pemilu-api serve --workers 1`` after it answered a few requests.
Medians of ``runs``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from serverproc import free_port  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
FIXTURES = ROOT / "fixtures"
START_TIMEOUT = 120.0
# The package from this checkout, installed or not.
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
}

_TIMING = """
import time
t0 = time.perf_counter()
from pemilu_api.app import create_app
from pemilu_api.settings import Settings
t1 = time.perf_counter()
app = create_app(Settings(fixtures=__import__("pathlib").Path({fixtures!r})))
t2 = time.perf_counter()
stages = sum(len(e.stages) for e in app.state.store.dataset.elections)
print(t1 - t0, t2 - t1, len(app.state.store.dataset.elections), stages)
"""


def write_fixtures(target: Path, scale: int) -> None:
    """The bundled regions and ``scale`` renamed copies of each bundled election."""
    target.mkdir(parents=True)
    shutil.copy(FIXTURES / "regions.tsv", target / "regions.tsv")
    for path in sorted(FIXTURES.glob("*.toml")):
        text = path.read_text("utf-8")
        for copy in range(scale):
            new_id = path.stem if copy == 0 else f"{path.stem}-s{copy}"
            renamed = re.sub(r'^id = "[^"]+"$', f'id = "{new_id}"', text, count=1, flags=re.M)
            (target / f"{new_id}.toml").write_text(renamed, "utf-8")


def tree_rss_kib(pid: int) -> int:
    """VmRSS of ``pid`` and all its descendants, in KiB (Linux /proc)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        status = Path(f"/proc/{current}/status").read_text()
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        total += int(match.group(1)) if match else 0
        children = Path(f"/proc/{current}/task/{current}/children")
        if children.exists():
            pending += [int(c) for c in children.read_text().split()]
    return total


def served_rss(fixtures: Path) -> tuple[float, int]:
    """Seconds until a served process answers, and its RSS after a few requests."""
    port = free_port()
    env = {**ENV, "PEMILU_API_FIXTURES": str(fixtures)}
    # The production command, one worker (RSS is summed over its processes).
    command = [str(PYTHON), "-m", "pemilu_api", "serve", "--workers", "1", "--port", str(port)]
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            if time.monotonic() - started > START_TIMEOUT:
                raise TimeoutError("server did not start")
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=5):
                    break
            except OSError:
                time.sleep(0.05)
        ready = time.monotonic() - started
        for path in ("/v1/elections", "/v1/elections/pemilu-2024", "/v1/calendar.ics"):
            with urllib.request.urlopen(f"{base}{path}", timeout=60) as response:
                response.read()
        return ready, tree_rss_kib(process.pid)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def main() -> None:
    """Measure each scale ``--runs`` times and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="pemilu-startup-") as tmp:
        for scale in args.scales:
            fixtures = Path(tmp) / f"x{scale}"
            write_fixtures(fixtures, scale)
            imports, creates, readies, rss = [], [], [], []
            elections = stages = 0
            for _ in range(args.runs):
                output = subprocess.run(
                    [str(PYTHON), "-c", _TIMING.format(fixtures=str(fixtures))],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=ENV,
                ).stdout.split()
                imports.append(float(output[0]))
                creates.append(float(output[1]))
                elections, stages = int(output[2]), int(output[3])
                ready, kib = served_rss(fixtures)
                readies.append(ready)
                rss.append(kib)
            row = {
                "scale": scale,
                "elections": elections,
                "stages": stages,
                "import_s": statistics.median(imports),
                "create_app_s": statistics.median(creates),
                "ready_s": statistics.median(readies),
                "rss_mib": statistics.median(rss) / 1024,
            }
            results.append(row)
            print(
                f"{scale:>4}x {elections:4} elections {stages:6} stages: import "
                f"{row['import_s']:.3f} s, create_app {row['create_app_s']:.3f} s, "
                f"serving after {row['ready_s']:.2f} s, RSS {row['rss_mib']:.1f} MiB",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "results": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
