#!/usr/bin/env python3
"""Process faults of ``pemilu-api serve`` on loopback: a killed worker, and SIGHUP reloads.

Usage (from the repo root)::

    .venv/bin/python scripts/process_faults.py kill-worker [--seconds 12]
    .venv/bin/python scripts/process_faults.py reload-invalid [--seconds 12]
    .venv/bin/python scripts/process_faults.py reload-valid [--seconds 12]

Each starts a server with two workers on a free 127.0.0.1 port (on a copy of the bundled data for
the reloads), runs one prober client that sends ``GET /v1/elections/pemilu-2024`` on a fresh
connection after another, causes the fault after 1 s, and keeps probing for ``--seconds``. It
prints what it saw and a JSON summary as the last line, then stops the server with SIGTERM:

- kill-worker: SIGKILL to one worker. Expected: the other worker keeps answering, a new worker
  replaces the dead one, the server exits 0 on SIGTERM.
- reload-invalid: the data is made invalid, then SIGHUP. Expected: every probe is answered with
  the old data, the check's message is on stderr, the server exits 0 on SIGTERM.
- reload-valid: an election's English name is changed, then SIGHUP. Expected: no probe fails, and
  the new name is served within the run.

Exit status 0 when the expectations hold, 1 otherwise. Bounded: one client, ``--seconds`` long.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serverproc import ROOT, Server, children

TARGET = "/v1/elections/pemilu-2024"
OLD_NAME = 'en = "2024 General Election"'
NEW_NAME = 'en = "2024 General Election, reloaded"'
REFUSED = "reload refused"


@dataclass
class Probes:
    """What the prober saw: (seconds since start, status or error text, body marker)."""

    started: float = field(default_factory=time.monotonic)
    seen: list[tuple[float, str, bool]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, port: int) -> None:
        """Probe until stopped: one request per fresh connection."""
        while not self.stop.is_set():
            at = time.monotonic() - self.started
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", TARGET, headers={"Accept-Encoding": "identity"})
                response = connection.getresponse()
                body = response.read()
                connection.close()
                self.seen.append((at, str(response.status), b"reloaded" in body))
            except OSError as exc:
                self.seen.append((at, type(exc).__name__, False))
            time.sleep(0.01)

    def failures(self) -> list[tuple[float, str]]:
        """Probes that got no 200."""
        return [(round(at, 3), what) for at, what, _ in self.seen if what != "200"]

    def longest_gap(self) -> float:
        """The longest time between two answered probes, in seconds."""
        times = [at for at, what, _ in self.seen if what == "200"]
        return max((b - a for a, b in itertools.pairwise(times)), default=0.0)


def _probe_around(server: Server, seconds: float, fault: object) -> Probes:
    probes = Probes()
    thread = threading.Thread(target=probes.run, args=(server.port,), daemon=True)
    thread.start()
    time.sleep(1.0)
    assert callable(fault)
    fault()
    time.sleep(max(0.0, seconds - 1.0))
    probes.stop.set()
    thread.join(10)
    return probes


def kill_worker(seconds: float) -> dict[str, object]:
    """SIGKILL one of two workers; the other serves on and the dead one is replaced."""
    with Server(2) as server:
        before = sorted(children(server.pid))
        victim = before[0]
        probes = _probe_around(server, seconds, lambda: os.kill(victim, signal.SIGKILL))
        after = sorted(children(server.pid))
        alive = server.process is not None and server.process.poll() is None
        status = server.terminate() if alive else server.process.returncode  # type: ignore[union-attr]
        failures = probes.failures()
        summary = {
            "fault": "kill-worker",
            "probes": len(probes.seen),
            "failures": len(failures),
            "first_failures": failures[:3],
            "longest_gap_s": round(probes.longest_gap(), 3),
            "workers_before": len(before),
            "workers_after": len(after),
            "replaced": victim not in after and len(after) == len(before),
            "alive_after_kill": alive,
            "exit_status": status,
        }
        # One probe may have been in flight on the killed worker: it is lost with it.
        summary["ok"] = alive and summary["replaced"] and len(failures) <= 1 and status == 0
        return summary


def _reload(seconds: float, change: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="pemilu-reload-") as work:
        data = Path(work) / "fixtures"
        shutil.copytree(ROOT / "fixtures", data)
        election = data / "pemilu-2024.toml"
        text = election.read_text("utf-8")
        assert OLD_NAME in text
        if change == "invalid":
            text = text.replace(OLD_NAME, OLD_NAME + "\n[[stages]\nid = = broken", 1)
        else:
            text = text.replace(OLD_NAME, NEW_NAME, 1)

        with Server(2, "--fixtures", str(data)) as server:

            def fault() -> None:
                election.write_text(text, "utf-8")
                os.kill(server.pid, signal.SIGHUP)

            probes = _probe_around(server, seconds, fault)
            alive = server.process is not None and server.process.poll() is None
            status = server.terminate() if alive else server.process.returncode  # type: ignore[union-attr]
            stderr = server.stderr()
        new_seen = [at for at, what, marker in probes.seen if marker]
        summary: dict[str, object] = {
            "fault": f"reload-{change}",
            "probes": len(probes.seen),
            "failures": len(probes.failures()),
            "first_failures": probes.failures()[:3],
            "longest_gap_s": round(probes.longest_gap(), 3),
            "new_data_from_s": round(new_seen[0], 3) if new_seen else None,
            "refusal_logged": REFUSED in stderr and "pemilu-2024.toml" in stderr,
            "alive_after_reload": alive,
            "exit_status": status,
        }
        ok = alive and not probes.failures() and status == 0
        if change == "invalid":
            ok = ok and bool(summary["refusal_logged"]) and not new_seen
        else:
            ok = ok and bool(new_seen)
        summary["ok"] = ok
        return summary


def main() -> int:
    """Run one fault and print its summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fault", choices=("kill-worker", "reload-invalid", "reload-valid"))
    parser.add_argument("--seconds", type=float, default=12.0)
    args = parser.parse_args()
    if args.fault == "kill-worker":
        summary = kill_worker(args.seconds)
    else:
        summary = _reload(args.seconds, args.fault.removeprefix("reload-"))
    print(json.dumps(summary))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
