#!/usr/bin/env python3
"""The API server against nginx serving the static export of the same resources, with wrk.

Usage (as root, from the repo root, with wrk and nginx from Debian)::

    .venv/bin/python bench/run.py [--runs 5] [--seconds 10] [--connections 64] [--out DIR]

One run exports the bundled data (``pemilu-api export``), then for each scenario alternates the
server and nginx, pinned to core 0 (``taskset -c 0``) with one worker each, while wrk runs pinned
to core 1. It prints requests/s and p50/p99 latency per run, the medians and the server/nginx
ratios, and writes them as JSON (``--json``) for bench/RESULTS.md. Loopback only; every process
it starts is stopped when it ends.
"""

from __future__ import annotations

import argparse
import base64
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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from serverproc import free_port, wait_listening  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
CLI = [str(PYTHON), "-m", "pemilu_api"]
# The package from this checkout, installed or not.
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
}
GENERATORS = ROOT / "bench" / "generators"
SERVER_CORE = "0"
LOAD_CORE = "1"
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Scenario:
    """One load: a URL, its request headers, and whether nginx serves it from the export."""

    name: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    static: bool = True
    # A wrk Lua request generator (bench/generators/) drawing each request's target at random.
    script: str | None = None


@dataclass
class Sample:
    """One wrk run."""

    scenario: str
    target: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    statuses_ok: bool


@contextmanager
def running(command: Sequence[str], port: int, env: dict[str, str] | None = None) -> Iterator[int]:
    """Start ``command`` in its own process group; always stop it (and its children) by group id."""
    process = subprocess.Popen(
        list(command),
        env=env or ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_listening(port, process, START_TIMEOUT)
        yield process.pid
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def server_command(port: int) -> tuple[list[str], str]:
    """The production server with one worker, access log on (nginx logs every request too)."""
    command = [*CLI, "serve", "--workers", "1", "--port", str(port)]
    return command, "pemilu-api serve --workers 1 (access log on, as nginx's)"


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> tuple[float, float, float, bool]:
    """Requests/s, p50 and p99 in ms, and whether every response was 2xx/3xx, from wrk --latency."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    latency = {}
    for percent, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M):
        latency[percent] = float(value) * _UNITS[unit]
    ok = "Non-2xx or 3xx responses" not in output and "Socket errors" not in output
    return rps, latency["50"], latency["99"], ok


def wrk(
    url: str,
    headers: Sequence[tuple[str, str]],
    seconds: int,
    connections: int,
    script: str | None = None,
) -> str:
    """One wrk run pinned to the load core (with a request generator when ``script`` is set)."""
    command = ["taskset", "-c", LOAD_CORE, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    command += ["--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(GENERATORS / script)]
    for name, value in headers:
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return result.stdout


def capture_answer(url: str, headers: Sequence[tuple[str, str]], into: Path) -> None:
    """Write the status, header lines and raw body ``url`` answers, as rsgi_floor.py reads them."""
    request = urllib.request.Request(url, headers=dict(headers))
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = {
            "status": response.status,
            # granian adds its own date; connection is hop-by-hop (urllib asked to close).
            "headers": [
                [k.lower(), v]
                for k, v in response.headers.items()
                if k.lower() not in {"date", "connection"}
            ],
            "body": base64.b64encode(response.read()).decode(),
        }
    into.write_text(json.dumps(answer))


def floor_command(port: int, answer: Path) -> list[str]:
    """bench/rsgi_floor.py on granian's RSGI interface, as the server runs (uvloop; it logs itself)."""
    granian = str(PYTHON.parent / "granian")
    return [
        "env",
        f"RSGI_FLOOR_ANSWER={answer}",
        "taskset",
        "-c",
        SERVER_CORE,
        granian,
        "--interface",
        "rsgi",
        "--loop",
        "uvloop",
        "--http",
        "1",
        "--workers",
        "1",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--working-dir",
        str(ROOT / "bench"),
        "rsgi_floor:app",
    ]


def fetch_etag(url: str, headers: Sequence[tuple[str, str]]) -> str:
    """The ETag a GET with ``headers`` gets."""
    request = urllib.request.Request(url, headers=dict(headers))
    with urllib.request.urlopen(request, timeout=30) as response:
        etag: str = response.headers["ETag"]
        return etag


def main() -> None:
    """Export, start both servers in turn per scenario, run wrk, print and save the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--out", type=Path, help="export folder to (re)use (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="write the samples and medians here")
    parser.add_argument("--only", nargs="*", help="run only these scenarios (by name)")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also run bench/rsgi_floor.py (a bare granian RSGI app) on the repeated JSON",
    )
    args = parser.parse_args()
    for tool in ("wrk", "nginx", "taskset"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found: apt-get install wrk nginx util-linux")
    work = Path(tempfile.mkdtemp(prefix="pemilu-bench-"))
    out: Path = args.out or work / "export"
    try:
        samples, server_label = bench(args, work, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(samples, server_label, args)


def bench(args: argparse.Namespace, work: Path, out: Path) -> tuple[list[Sample], str]:
    """Every scenario, alternating the targets, ``args.runs`` times."""
    server_port, nginx_port = free_port(), free_port()
    if not (out / "manifest.json").exists():
        started = time.monotonic()
        subprocess.run([*CLI, "export", str(out)], check=True, stdout=subprocess.DEVNULL, env=ENV)
        print(f"export: {time.monotonic() - started:.0f} s", flush=True)
    conf = work / "nginx"
    subprocess.run(
        [str(PYTHON), "-c", _WRITE_CONF, str(out), str(conf), f"127.0.0.1:{nginx_port}"],
        check=True,
        env=ENV,
    )
    command, server_label = server_command(server_port)
    nginx = ["nginx", "-p", str(conf), "-c", "nginx.conf", "-g", "daemon off;"]
    if os.geteuid() == 0:
        nginx[-1] += " user root;"
    pinned_server = ["taskset", "-c", SERVER_CORE, *command]
    pinned_nginx = ["taskset", "-c", SERVER_CORE, *nginx]
    targets = {
        "server": (pinned_server, server_port),
        "nginx": (pinned_nginx, nginx_port),
    }
    election = "/v1/elections/pemilu-2024"
    gzip = (("Accept-Encoding", "gzip"),)
    with running(pinned_server, server_port):
        etag = fetch_etag(f"http://127.0.0.1:{server_port}{election}", gzip)
        if args.floor:
            answer = work / "floor-answer.json"
            capture_answer(f"http://127.0.0.1:{server_port}{election}", gzip, answer)
            floor_port = free_port()
            targets["rsgi-floor"] = (floor_command(floor_port, answer), floor_port)
    scenarios = [
        Scenario("json", election, gzip),
        Scenario("feed", f"{election}/calendar.ics", gzip),
        Scenario("304", election, (*gzip, ("If-None-Match", etag))),
        Scenario(
            "filtered", f"{election}/stages?from=2024-02-01&to=2024-02-29", gzip, static=False
        ),
        Scenario("now", "/v1/now", gzip, static=False),
        # Issue 12's scenarios: random filtered stage queries and random /v1/now instants.
        Scenario("random-stages", "/", gzip, static=False, script="random_stages.lua"),
        Scenario("random-now", "/", gzip, static=False, script="random_now.lua"),
    ]
    if args.only:
        scenarios = [s for s in scenarios if s.name in args.only]
    samples: list[Sample] = []
    for run in range(args.runs):
        for scenario in scenarios:
            for name, (command, port) in targets.items():
                if name == "nginx" and not scenario.static:
                    continue
                if name == "rsgi-floor" and scenario.name != "json":
                    continue
                with running(command, port):
                    url = f"http://127.0.0.1:{port}{scenario.path}"
                    wrk(url, scenario.headers, args.warmup, args.connections, scenario.script)
                    output = wrk(
                        url, scenario.headers, args.seconds, args.connections, scenario.script
                    )
                rps, p50, p99, ok = parse_wrk(output)
                # Other work on the machine (load average) makes a sample noisy: print it along.
                sample = Sample(scenario.name, name, rps, p50, p99, ok)
                samples.append(sample)
                print(
                    f"load {os.getloadavg()[0]:4.1f} "
                    f"run {run + 1} {scenario.name:8} {name:6} {rps:9.0f} req/s "
                    f"p50 {p50:7.2f} ms p99 {p99:7.2f} ms{'' if ok else ' ERRORS'}",
                    flush=True,
                )
    return samples, server_label


_WRITE_CONF = """
import sys
from pathlib import Path
from pemilu_api.ops.export import FILES, Manifest
from pemilu_api.ops.nginx_conf import write_nginx
out, conf, listen = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
write_nginx(Manifest.load(out), out / FILES, conf, listen=listen, workers=1)
"""


def report(samples: list[Sample], server_label: str, args: argparse.Namespace) -> None:
    """Print the medians and ratios; write them as JSON when asked."""
    medians: dict[str, dict[str, dict[str, float]]] = {}
    for sample in samples:
        medians.setdefault(sample.scenario, {}).setdefault(sample.target, {})
    for scenario, by_target in medians.items():
        for target in by_target:
            chosen = [s for s in samples if s.scenario == scenario and s.target == target]
            by_target[target] = {
                "requests_per_s": statistics.median(s.requests_per_s for s in chosen),
                "p50_ms": statistics.median(s.p50_ms for s in chosen),
                "p99_ms": statistics.median(s.p99_ms for s in chosen),
            }
    print(
        f"\nserver: {server_label}; nginx 1 worker; both on core {SERVER_CORE}, wrk on core "
        f"{LOAD_CORE}; {args.connections} connections, {args.seconds} s x {args.runs} runs"
    )
    print(
        f"{'scenario':10} {'server rps':>11} {'nginx rps':>10} {'ratio':>6} "
        f"{'srv p50':>8} {'srv p99':>8} {'ngx p50':>8} {'ngx p99':>8}"
    )
    for scenario, by_target in medians.items():
        if "rsgi-floor" in by_target and "nginx" in by_target:
            floor = by_target["rsgi-floor"]["requests_per_s"]
            print(
                f"{scenario}: bare RSGI floor {floor:.0f} req/s, "
                f"{floor / by_target['nginx']['requests_per_s']:.2f} of nginx"
            )
    for scenario, by_target in medians.items():
        server = by_target["server"]
        nginx = by_target.get("nginx")
        ratio = f"{server['requests_per_s'] / nginx['requests_per_s']:.2f}" if nginx else "n/a"
        print(
            f"{scenario:10} {server['requests_per_s']:11.0f} "
            f"{nginx['requests_per_s'] if nginx else float('nan'):10.0f} {ratio:>6} "
            f"{server['p50_ms']:8.2f} {server['p99_ms']:8.2f} "
            f"{nginx['p50_ms'] if nginx else float('nan'):8.2f} "
            f"{nginx['p99_ms'] if nginx else float('nan'):8.2f}"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "server": server_label,
                    "connections": args.connections,
                    "seconds": args.seconds,
                    "runs": args.runs,
                    "cpus": os.cpu_count(),
                    "load_average_after": os.getloadavg(),
                    "medians": medians,
                    "samples": [asdict(s) for s in samples],
                },
                indent=1,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
