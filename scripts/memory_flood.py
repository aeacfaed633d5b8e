#!/usr/bin/env python3
"""Flood one worker with distinct long targets: its memory stays within the cache budget.

Usage (from the repo root)::

    .venv/bin/python scripts/memory_flood.py [--requests 24000] [--size 6000] [--connections 16]

Starts ``pemilu-api serve`` with one worker on a free 127.0.0.1 port, warms it up, reads the
worker's resident memory (VmRSS), then sends ``--requests`` requests, each to a distinct target
of about ``--size`` bytes: feeds and pages (which ignore unknown query parameters, so each answer
is a 200 with an ETag that the replay store may keep), as GET and HEAD, identity and gzip, and
revalidations (304), plus distinct filtered stage queries and ``/v1/now`` instants on distinct
days (the query memo, which keeps a rendering per local date, zone and polls). Then it reads the
worker's memory again. It passes when the growth is under the per-worker cache budget
(``PEMILU_API_CACHE_MIB``, default 32 MiB) plus ``--slack-mb`` (20 MB). Prints the figures and
a JSON summary as the last line; exit status 0 on a pass. Loopback only, bounded in count.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import time
from pathlib import Path

from serverproc import Server, children

FEEDS = (
    "/v1/elections/pemilu-2024/calendar.ics",
    "/v1/elections/pilkada-2024/calendar.ics",
    "/",
    "/elections/pemilu-2024",
)
NOW_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


def worker_rss_kib(pid: int) -> int:
    """VmRSS of the server's (single) worker, in KiB."""
    total = 0
    for worker in children(pid):
        for line in Path(f"/proc/{worker}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def targets(count: int, size: int, seed: int) -> list[bytes]:
    """``count`` distinct raw requests, most with a target of about ``size`` bytes."""
    rng = random.Random(seed)
    found: list[bytes] = []
    for index in range(count):
        kind = index % 6
        if kind == 5 and index % 12 == 11:  # an instant on a distinct day: the /v1/now memo
            date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 4017))
            zone = rng.choice(NOW_ZONES)
            target = f"/v1/now?at={date.isoformat()}T{rng.randint(0, 23):02}:00:00Z&tz={zone}"
        elif kind == 5:  # a distinct filtered query: the query memo, not only the replay store
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            target = f"/v1/elections/pemilu-2024/stages?from=2023-{month:02}-{day:02}"
            target += f"&to=2024-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
        else:
            pad = f"{index:08}" + "".join(rng.choices("abcdefghijklmnop", k=size - 60))
            target = f"{FEEDS[index % len(FEEDS)]}?pad={pad}"
        method = "HEAD" if kind == 1 else "GET"
        lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1"]
        if kind in (2, 5):
            lines.append("Accept-Encoding: gzip")
        if kind == 3:
            lines.append('If-None-Match: "not-this-one"')
        found.append(("\r\n".join(lines) + "\r\n\r\n").encode())
    return found


async def _read_response(reader: asyncio.StreamReader, head_only: bool) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if not head_only and status != 304 and length:
        await reader.readexactly(length)
    return status


async def _client(port: int, requests: list[bytes], statuses: dict[int, int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for raw in requests:
            writer.write(raw)
            await writer.drain()
            status = await asyncio.wait_for(_read_response(reader, raw.startswith(b"HEAD")), 30)
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def flood(port: int, raws: list[bytes], connections: int) -> dict[int, int]:
    """Send every request, spread over ``connections`` keep-alive connections."""
    statuses: dict[int, int] = {}
    shares = [raws[i::connections] for i in range(connections)]
    await asyncio.gather(*(_client(port, share, statuses) for share in shares))
    return statuses


def main() -> int:
    """Flood, measure, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=24_000)
    parser.add_argument("--size", type=int, default=6000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--slack-mb", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    budget_mib = int(os.environ.get("PEMILU_API_CACHE_MIB", "32"))
    raws = targets(args.requests, args.size, args.seed)
    with Server(1) as server:
        asyncio.run(flood(server.port, targets(200, 100, args.seed + 1), 4))  # warm-up
        before = worker_rss_kib(server.pid)
        started = time.monotonic()
        statuses = asyncio.run(flood(server.port, raws, args.connections))
        seconds = time.monotonic() - started
        after = worker_rss_kib(server.pid)
        exit_status = server.terminate()
    growth_mb = (after - before) * 1024 / 1e6
    limit_mb = budget_mib * 1.048576 + args.slack_mb
    ok = growth_mb < limit_mb and exit_status == 0 and sum(statuses.values()) == args.requests
    summary = {
        "requests": args.requests,
        "target_bytes": args.size,
        "seconds": round(seconds, 1),
        "statuses": statuses,
        "worker_rss_before_mb": round(before * 1024 / 1e6, 1),
        "worker_rss_after_mb": round(after * 1024 / 1e6, 1),
        "growth_mb": round(growth_mb, 1),
        "limit_mb": round(limit_mb, 1),
        "ok": ok,
    }
    print(
        f"{args.requests} requests of ~{args.size} B in {seconds:.1f} s: worker RSS "
        f"{summary['worker_rss_before_mb']} -> {summary['worker_rss_after_mb']} MB "
        f"(+{summary['growth_mb']} MB; limit {summary['limit_mb']} MB): {'ok' if ok else 'FAIL'}"
    )
    print(json.dumps(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
