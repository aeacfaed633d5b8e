#!/usr/bin/env python3
"""Measure the candidate ASGI servers on loopback with wrk (on demand; figures in scripts/README.md).

Usage: ``python3 scripts/compare_servers.py [--runs 3] [--seconds 8] [--connections 64]``. It makes a
throwaway venv under a temporary folder with the project and every candidate (pinned), then, for each
run, starts each server with one worker on 127.0.0.1 and points ``wrk`` (Debian package ``wrk``) at
the election JSON and an election feed, one after the other. Prints requests/s and p99 latency for
every run and the median of the runs. Needs about runs x candidates x paths x (seconds + 3) seconds.
"""

from __future__ import annotations

import argparse
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

from serverproc import free_port

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES_PINS = ("granian==2.8.7", "uvicorn[standard]==0.54.0")
PATHS = ("/v1/elections/pemilu-2024", "/v1/elections/pemilu-2024/calendar.ics")
APP = "pemilu_api.app:create_app"


def candidates(bin_dir: Path, port: int) -> dict[str, list[str]]:
    """Server name -> command line serving the app on ``port`` with one worker, no access log."""
    granian = [str(bin_dir / "granian"), "--interface", "asgi", "--factory", "--port", str(port)]
    granian += ["--no-access-log", "--log-level", "warning"]
    uvicorn = [str(bin_dir / "uvicorn"), "--factory", APP, "--port", str(port)]
    uvicorn += ["--no-access-log", "--log-level", "warning"]
    return {
        "uvicorn h11+asyncio": [*uvicorn, "--http", "h11", "--loop", "asyncio"],
        "uvicorn httptools+uvloop": [*uvicorn, "--http", "httptools", "--loop", "uvloop"],
        "granian asyncio": [*granian, "--loop", "asyncio", APP],
        "granian uvloop": [*granian, "--loop", "uvloop", APP],
    }


def wait_ready(port: int, deadline: float) -> None:
    """Wait until /health answers, or fail at ``deadline`` (time.monotonic)."""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def wrk(url: str, seconds: int, connections: int) -> tuple[float, str, int]:
    """Run wrk once: requests/s, p99 latency, and the count of errors (non-2xx or socket)."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"\s99%\s+(\S+)", out)
    errors = sum(
        int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|timeout)\s*:?\s*(\d+)", out)
    )
    return rps, p99.group(1) if p99 else "?", errors


def main() -> int:
    """Install the candidates in a throwaway venv, measure each, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--venv", help="reuse this venv (made if missing)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="pemilu-servers-") as tmp:
        venv = Path(args.venv) if args.venv else Path(tmp) / "venv"
        if not (venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
            subprocess.run([*pip, "-e", str(ROOT), *CANDIDATES_PINS], check=True)
        results: dict[tuple[str, str], list[float]] = {}
        for run in range(1, args.runs + 1):
            port = free_port()
            for name, command in candidates(venv / "bin", port).items():
                server = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": ""})
                try:
                    wait_ready(port, time.monotonic() + 30)
                    for path in PATHS:
                        url = f"http://127.0.0.1:{port}{path}"
                        wrk(url, 2, args.connections)  # warm-up
                        rps, p99, errors = wrk(url, args.seconds, args.connections)
                        results.setdefault((name, path), []).append(rps)
                        print(
                            f"run {run} {name:26} {path:42} {rps:9.0f} req/s p99 {p99} errors {errors}"
                        )
                finally:
                    server.send_signal(signal.SIGTERM)
                    server.wait(30)
        print("\nmedian requests/s over", args.runs, "runs:")
        for (name, path), values in results.items():
            print(f"  {name:26} {path:42} {statistics.median(values):9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
