#!/usr/bin/env python3
"""SIGTERM while slow clients are mid-response: every body completes, then the server exits 0.

``.venv/bin/python scripts/shutdown.py`` (about 10 s) starts ``pemilu-api serve`` (2 workers) on a
free 127.0.0.1 port and opens slow clients with a 4 KiB receive buffer, each asking for a large
body (/v1/regions 245 kB, /openapi.json 150 kB, /v1/calendar.ics, a region feed) and reading it
1 KiB at a time every 10 ms, plus one client that pipelines 40 requests for /v1/regions (10 MB, more
than the kernel buffers, so the server itself is still writing when the signal comes). Half a
second in, the server gets SIGTERM. Checks: every slow client was mid-body at the signal and
then received its whole body (Content-Length bytes); the pipelined client got only whole
responses, at least one more after the signal; the server exited with status 0 within the bound,
and then refused new connections. Exit status 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass, field

from serverproc import Server

SLOW_PATHS = ("/v1/regions", "/openapi.json", "/v1/calendar.ics", "/v1/regions/33/calendar.ics")
PIPELINED = 40


@dataclass
class Reading:
    """What one client received, and how much of it before the signal."""

    path: str
    data: bytearray = field(default_factory=bytearray)
    at_signal: int = -1
    error: str = ""


def _connect(port: int) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(30)
    sock.connect(("127.0.0.1", port))
    return sock


def slow_client(port: int, reading: Reading, pipelined: int, chunk: int, pause: float) -> None:
    """Ask for ``reading.path`` (``pipelined`` times) and read it slowly until the server closes."""
    try:
        with _connect(port) as sock:
            request = f"GET {reading.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            last = request + "Connection: close\r\n\r\n"
            sock.sendall((request + "\r\n").encode() * (pipelined - 1) + last.encode())
            while True:
                data = sock.recv(chunk)
                if not data:
                    return
                reading.data += data
                time.sleep(pause)
    except OSError as exc:
        reading.error = repr(exc)


def responses(data: bytes) -> tuple[list[tuple[int, int, int]], bool]:
    """Split a stream into (status, declared length, received length); True if a tail is cut."""
    found: list[tuple[int, int, int]] = []
    pos = 0
    while pos < len(data):
        end = data.find(b"\r\n\r\n", pos)
        if end < 0:
            return found, True
        head = data[pos:end]
        status = int(head.split(b" ", 2)[1])
        match = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        length = int(match.group(1)) if match else 0
        body = data[end + 4 : end + 4 + length]
        found.append((status, length, len(body)))
        if len(body) < length:
            return found, True
        pos = end + 4 + length
    return found, False


def main(argv: list[str] | None = None) -> int:
    """Run the clients, signal the server, check; print what happened."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="slow clients")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--signal-after", type=float, default=0.5, help="seconds")
    parser.add_argument("--bound", type=float, default=60.0, help="seconds for the whole run")
    args = parser.parse_args(argv)
    problems: list[str] = []
    with Server(args.workers) as server:
        slow = [Reading(SLOW_PATHS[i % len(SLOW_PATHS)]) for i in range(args.clients)]
        deep = Reading("/v1/regions")
        threads = [
            threading.Thread(target=slow_client, args=(server.port, r, 1, 1024, 0.01)) for r in slow
        ]
        threads.append(
            threading.Thread(target=slow_client, args=(server.port, deep, PIPELINED, 16384, 0.005))
        )
        for thread in threads:
            thread.start()
        time.sleep(args.signal_after)
        signalled = time.monotonic()
        for reading in [*slow, deep]:
            reading.at_signal = len(reading.data)
        assert server.process is not None
        server.process.send_signal(15)
        try:
            status = server.process.wait(args.bound)
        except Exception:
            status = -1
            problems.append(f"the server did not exit within {args.bound} s of SIGTERM")
        exited_after = time.monotonic() - signalled
        for thread in threads:
            thread.join(args.bound)
        clients_done = time.monotonic() - signalled
        try:
            socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
            problems.append("the port still accepts connections after the exit")
        except OSError:
            pass
        stderr = server.stderr()
    for reading in slow:
        found, cut = responses(bytes(reading.data))
        if reading.error:
            problems.append(f"{reading.path}: {reading.error}")
        if len(found) != 1 or cut or found[0][0] != 200:
            problems.append(f"{reading.path}: incomplete or wrong response {found} (cut: {cut})")
            continue
        total = len(reading.data)
        print(
            f"slow {reading.path:30} {reading.at_signal:>7} of {total:>7} bytes at SIGTERM; complete"
        )
        if reading.at_signal >= total:
            problems.append(f"{reading.path}: body already received before the signal")
    found, cut = responses(bytes(deep.data))
    after = sum(1 for _ in found) - len(responses(bytes(deep.data[: deep.at_signal]))[0])
    print(
        f"pipelined {len(found)} of {PIPELINED} x /v1/regions complete "
        f"({after} finished after SIGTERM), cut tail: {cut}"
    )
    if cut or any(s != 200 or n != got for s, n, got in found):
        problems.append("the pipelined client got a cut or wrong response")
    if after < 1:
        problems.append("no pipelined response was in flight at the signal")
    print(f"server exit status {status}, {exited_after:.2f} s after SIGTERM")
    print(f"clients done {clients_done:.2f} s after SIGTERM")
    if status != 0:
        problems.append(f"exit status {status}")
    if "Traceback" in stderr:
        problems.append("a traceback in the server's stderr")
    if problems:
        print("FAIL: " + "; ".join(problems), file=sys.stderr)
        return 1
    print("every body completed; clean exit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
