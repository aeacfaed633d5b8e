#!/usr/bin/env python3
"""Thousands of idle and slowloris connections: a normal client must still be answered.

Usage (from the repo root)::

    .venv/bin/python scripts/slowloris.py [--connections 5000] [--seconds 30] [--workers 2]

Starts ``pemilu-api serve`` on a free 127.0.0.1 port, then opens ``--connections`` connections
that never finish a request: half send nothing at all (idle), half send a request line and then one
header byte every few seconds (slowloris); each that the server closes is opened again at once, so
the pressure holds for ``--seconds``. Meanwhile a normal client asks ``/health`` and
``/v1/elections/pemilu-2024`` every 0.5 s, each on a fresh connection with a 5 s timeout, and
records how long each answer took. Prints the figures and a JSON summary as the last line; exit
status 0 when every probe was answered, and, unless ``--no-deadline``, within ``--deadline``
(1 s). Loopback only; bounded in time and in connections; every socket is closed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import socket
import statistics
import time
from typing import Any

from serverproc import Server

PROBES = ("/health", "/v1/elections/pemilu-2024")


def raise_nofile(needed: int) -> int:
    """Raise this process's open-file limit to fit ``needed`` sockets; the soft limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(needed, soft)), hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


async def attacker(port: int, index: int, stop: asyncio.Event, opened: list[int]) -> None:
    """One connection that never completes a request; reopened whenever the server closes it."""
    slow = index % 2 == 1
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.2)
            continue
        opened[0] += 1
        try:
            if slow:
                writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while not stop.is_set() and not reader.at_eof():
                if slow:
                    writer.write(b"X")
                    await writer.drain()
                try:
                    await asyncio.wait_for(reader.read(1024), 3.0)
                except TimeoutError:
                    continue
        except OSError:
            pass
        finally:
            writer.close()


def probe(port: int, path: str) -> float | None:
    """Seconds until a complete answer to ``path`` on a fresh connection; None if none in 5 s."""
    started = time.monotonic()
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(request.encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
                if time.monotonic() - started > 5:
                    return None
    except OSError:
        return None
    return time.monotonic() - started if data.startswith(b"HTTP/1.1 200") else None


async def hold(port: int, connections: int, seconds: float, opened: Any) -> None:
    """Keep ``connections`` attackers going for ``seconds``."""
    stop = asyncio.Event()
    count = [0]
    tasks = [asyncio.create_task(attacker(port, i, stop, count)) for i in range(connections)]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        opened.value = count[0]
    stop.set()
    await asyncio.wait(tasks, timeout=10)
    for task in tasks:
        task.cancel()
    opened.value = count[0]


def _attack(port: int, connections: int, seconds: float, opened: Any) -> None:
    raise_nofile(connections + 256)
    asyncio.run(hold(port, connections, seconds, opened))


def run(port: int, connections: int, seconds: float) -> dict[str, object]:
    """Hold the connections (in another process) for ``seconds`` while probing; the figures."""
    opened = multiprocessing.Value("i", 0)
    settle = min(5.0, seconds / 3)
    attack = multiprocessing.Process(
        target=_attack, args=(port, connections, seconds + settle, opened), daemon=True
    )
    attack.start()
    try:
        time.sleep(settle)  # let them connect
        times: list[float | None] = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            times.extend(probe(port, path) for path in PROBES)
            time.sleep(0.5)
    finally:
        attack.join(seconds + settle + 30)
        if attack.is_alive():
            attack.kill()
    answered = [t for t in times if t is not None]
    return {
        "connections": connections,
        "opened": opened.value,
        "probes": len(times),
        "answered": len(answered),
        "median_s": round(statistics.median(answered), 3) if answered else None,
        "max_s": round(max(answered), 3) if answered else None,
    }


def main() -> int:
    """Start the server, hold the connections, probe, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--deadline", type=float, default=1.0)
    parser.add_argument("--no-deadline", action="store_true", help="only require answers")
    args = parser.parse_args()
    with Server(args.workers) as server:
        summary = run(server.port, args.connections, args.seconds)
        summary["exit_status"] = server.terminate()
    max_s = summary["max_s"]
    in_time = args.no_deadline or (isinstance(max_s, float) and max_s <= args.deadline)
    ok = summary["answered"] == summary["probes"] and in_time and summary["exit_status"] == 0
    summary["ok"] = ok
    print(
        f"{args.connections} idle/slowloris connections for {args.seconds:.0f} s: "
        f"{summary['answered']}/{summary['probes']} probes answered, median {summary['median_s']} s, "
        f"max {summary['max_s']} s: {'ok' if ok else 'FAIL'}"
    )
    print(json.dumps(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
