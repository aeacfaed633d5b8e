#!/usr/bin/env python3
"""Mixed load on a real server over loopback: zero errors, and flat memory.

Default (on demand, about 75 s): ``.venv/bin/python scripts/load.py`` starts ``pemilu-api serve``
(2 workers) on a free 127.0.0.1 port, then 256 keep-alive connections send a mix for 60 s: election
JSON, feeds with lang/key variants (identity and gzip), revalidations with If-None-Match (304),
filtered stage queries, region lookups and redirects, /v1/now. Every response must have the status
its request expects (200, 304 or 308) and a complete body; connection failures count as errors.
The server's resident memory (main process and workers, from /proc) at the end must be within
``--rss-tolerance`` (5%) of what it was at ``--rss-from`` (10 s). Prints the figures; exit status 1
on any error or growth. The test suite runs a short version (``--seconds 5 --connections 32``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

from serverproc import Server

HEADER_LIMIT = 64 * 1024


@dataclass(frozen=True)
class Probe:
    """One kind of request and the status it must get."""

    path: str
    expect: int = 200
    headers: tuple[tuple[str, str], ...] = ()

    def raw(self) -> bytes:
        """The request bytes (HTTP/1.1, keep-alive)."""
        lines = [f"GET {self.path} HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()


GZIP = (("Accept-Encoding", "gzip"),)
PATHS = (
    "/v1/elections",
    "/v1/elections/pemilu-2024",
    "/v1/elections/pilkada-2024",
    "/v1/elections/pemilu-2019",
    "/v1/elections/pemilu-2024/stages/kampanye",
    "/v1/elections/pemilu-2024/stages?from=2024-02-01&to=2024-02-29&category=voting",
    "/v1/elections/pemilu-2024/stages?key=true",
    "/v1/elections/pilkada-2024/stages?category=campaign&category=quiet-period",
    "/v1/elections/pemilu-2019/stages?status=scheduled&from=2019-01-01",
    "/v1/regions?q=kebumen",
    "/v1/regions?province=33&level=kabupaten",
    "/v1/regions/33.05",
    "/v1/changes?since=2020-01-01T00:00:00Z",
    "/v1/calendar.ics",
    "/v1/calendar.ics?lang=en&key=true",
    "/v1/elections/pemilu-2024/calendar.ics?lang=en",
    "/v1/elections/pilkada-2024/calendar.ics?key=true",
    "/v1/elections/pemilu-2024/calendar.ics?plain=true&X-Apple-Ignored=1",
    "/v1/regions/33.05/calendar.ics?lang=en",
    "/v1/regions/91/calendar.ics",
    "/health",
)
NOW_PATHS = (
    "/v1/now",
    "/v1/now?at=2024-02-14T08:00:00%2B09:00&tz=Asia/Jayapura",
    "/v1/now?at=2024-11-27T12:00:00&tz=Asia/Makassar",
)
REDIRECTS = ("/v1/regions/3305", "/v1/regions/3305/calendar.ics?lang=en")


def build_mix(base_url: str) -> list[Probe]:
    """Every probe of the mix; revalidations use the ETags the server gives now."""
    mix = [Probe(p) for p in PATHS]
    mix += [Probe(p, headers=GZIP) for p in PATHS]
    mix += [Probe(p) for p in NOW_PATHS]
    mix += [Probe(p, 308) for p in REDIRECTS]
    for path in PATHS:
        for headers in ((), GZIP):
            request = urllib.request.Request(base_url + path, headers=dict(headers))
            with urllib.request.urlopen(request, timeout=10) as response:
                etag = response.headers["ETag"]
            if etag:
                mix.append(Probe(path, 304, (*headers, ("If-None-Match", etag))))
    return mix


@dataclass
class Tally:
    """What the clients saw."""

    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    bytes: int = 0
    latencies: list[float] = field(default_factory=list)


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, dict[str, str]]:
    """One HTTP/1.1 response: status, body, headers (lower-case names)."""
    head = await reader.readuntil(b"\r\n\r\n")
    if len(head) > HEADER_LIMIT:
        raise ValueError("response head too large")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if "transfer-encoding" in headers:
        raise ValueError(f"unexpected transfer-encoding {headers['transfer-encoding']}")
    length = int(headers.get("content-length", "0"))
    body = await reader.readexactly(length) if length else b""
    return status, body, headers


async def client(
    port: int, mix: list[Probe], deadline: float, rng: random.Random, tally: Tally
) -> None:
    """One keep-alive connection sending random probes until ``deadline``."""
    writer: asyncio.StreamWriter | None = None
    reader: asyncio.StreamReader | None = None
    while time.monotonic() < deadline:
        probe = rng.choice(mix)
        try:
            if writer is None or reader is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            started = time.perf_counter()
            writer.write(probe.raw())
            await writer.drain()
            status, body, headers = await asyncio.wait_for(read_response(reader), 30)
            tally.latencies.append(time.perf_counter() - started)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            tally.errors[f"{type(exc).__name__} on {probe.path}"] += 1
            if writer is not None:
                writer.close()
            writer = reader = None
            continue
        tally.requests += 1
        tally.bytes += len(body)
        tally.statuses[status] += 1
        if status != probe.expect:
            tally.errors[f"status {status} (expected {probe.expect}) on {probe.path}"] += 1
        if headers.get("connection", "").lower() == "close":
            writer.close()
            writer = reader = None
    if writer is not None:
        writer.close()


async def sample_rss(server: Server | None, until: float, samples: list[tuple[float, int]]) -> None:
    """Record (seconds since start, RSS KiB) every second."""
    start = time.monotonic()
    while time.monotonic() < until:
        if server is not None:
            samples.append((time.monotonic() - start, server.rss_kib()))
        await asyncio.sleep(1)
    if server is not None:
        samples.append((time.monotonic() - start, server.rss_kib()))


async def run_load(
    port: int, mix: list[Probe], seconds: float, connections: int, seed: int, server: Server | None
) -> tuple[Tally, list[tuple[float, int]]]:
    """Run the clients and the memory sampler; the tally and the RSS samples."""
    tally = Tally()
    samples: list[tuple[float, int]] = []
    deadline = time.monotonic() + seconds
    rng = random.Random(seed)
    tasks = [
        client(port, mix, deadline, random.Random(rng.getrandbits(64)), tally)
        for _ in range(connections)
    ]
    await asyncio.gather(sample_rss(server, deadline, samples), *tasks)
    return tally, samples


def rss_at(samples: list[tuple[float, int]], second: float) -> int:
    """The sample nearest to ``second``."""
    return min(samples, key=lambda s: abs(s[0] - second))[1]


def main(argv: list[str] | None = None) -> int:
    """Run the load; print the figures; 0 when there was no error and no memory growth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20240214)
    parser.add_argument("--rss-from", type=float, default=10, help="compare RSS from this second")
    parser.add_argument("--rss-tolerance", type=float, default=0.05)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    with Server(args.workers) as server:
        mix = build_mix(server.url)
        started = time.monotonic()
        tally, samples = asyncio.run(
            run_load(server.port, mix, args.seconds, args.connections, args.seed, server)
        )
        elapsed = time.monotonic() - started
        status = server.terminate()
        log_lines = server.stdout().count("\n")
        tracebacks = server.stderr().count("Traceback")
    latencies = sorted(tally.latencies) or [0.0]
    check_rss = args.seconds >= args.rss_from * 2
    rss_start = rss_at(samples, args.rss_from) if check_rss else samples[0][1]
    rss_end = samples[-1][1]
    growth = (rss_end - rss_start) / rss_start if rss_start else 0.0
    summary = {
        "seconds": round(elapsed, 1),
        "connections": args.connections,
        "workers": args.workers,
        "probes": len(mix),
        "requests": tally.requests,
        "requests_per_s": round(tally.requests / elapsed),
        "mb_received": round(tally.bytes / 1e6, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1),
        "statuses": dict(sorted(tally.statuses.items())),
        "errors": dict(tally.errors.most_common(10)),
        "error_count": sum(tally.errors.values()),
        f"rss_kib_at_{args.rss_from:g}s" if check_rss else "rss_kib_first": rss_start,
        "rss_kib_at_end": rss_end,
        "rss_growth_pct": round(growth * 100, 2),
        "access_log_lines": log_lines,
        "server_tracebacks": tracebacks,
        "exit_status_after_sigterm": status,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        for key, value in summary.items():
            print(f"{key:28} {value}")
    failed = []
    if summary["error_count"]:
        failed.append(f"{summary['error_count']} errors")
    if check_rss and abs(growth) > args.rss_tolerance:
        failed.append(f"RSS changed {growth:+.1%} from {args.rss_from:g} s to the end")
    if tracebacks:
        failed.append("a traceback in the server's stderr")
    if status != 0:
        failed.append(f"exit status {status} after SIGTERM")
    if tally.requests == 0:
        failed.append("no request completed")
    if failed:
        print("FAIL: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
