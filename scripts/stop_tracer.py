#!/usr/bin/env python3
"""A tracer of graceful stop: no request sent before SIGTERM goes unanswered.

Usage (from the repo root)::

    .venv/bin/python scripts/stop_tracer.py [--clients 16] [--before 1.5] [--rounds 1]

Starts ``pemilu-api serve`` (2 workers) on a free 127.0.0.1 port. ``--clients`` tracer clients
each keep one connection alive and send ``GET /v1/elections/pemilu-2024`` after another, recording
for each request the time it was sent and what came back (a whole answer, with or without
``Connection: close``, or nothing: EOF or reset). When the server closes a connection, the client
opens another; once that is refused, it stops. ``--before`` seconds in, the server gets SIGTERM,
and the time of the signal is recorded. Checks: every request sent before the signal got a whole
answer; the server exited with status 0. Reported too: requests sent after the signal, how many
of them were answered, how many answers after the signal said ``Connection: close``, and how many
requests got EOF. Prints the figures and a JSON summary as the last line; exit status 0 on a pass.
Loopback only; bounded (each client stops when refused, and at most 30 s).
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import threading
import time
from dataclasses import dataclass, field

from serverproc import Server

REQUEST = b"GET /v1/elections/pemilu-2024 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
BOUND = 30.0


@dataclass
class Trace:
    """What one client saw: (sent at, outcome) per request; outcome is 'ok', 'ok-close' or why not."""

    seen: list[tuple[float, str]] = field(default_factory=list)


def _read_answer(sock: socket.socket, buffer: bytearray) -> str:
    """Read one whole answer from ``sock``: 'ok', 'ok-close', or 'eof' when none came."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return "eof"
        buffer += chunk
    head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
    length = 0
    close = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
        if name.strip().lower() == b"connection" and b"close" in value.lower():
            close = True
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return "eof"
        rest += chunk
    buffer[:] = rest[length:]
    if not head.startswith(b"HTTP/1.1 200"):
        return "status " + head.split(b" ", 2)[1].decode()
    return "ok-close" if close else "ok"


def client(port: int, trace: Trace, started: float) -> None:
    """Send requests on kept-alive connections until the server refuses a new one."""
    while time.monotonic() - started < BOUND:
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        except OSError:
            return
        buffer = bytearray()
        with sock:
            while time.monotonic() - started < BOUND:
                sent = time.monotonic()
                try:
                    sock.sendall(REQUEST)
                    outcome = _read_answer(sock, buffer)
                except OSError as exc:
                    outcome = type(exc).__name__
                trace.seen.append((sent, outcome))
                if not outcome.startswith("ok") or outcome == "ok-close":
                    break
                time.sleep(0.002)


def main() -> int:
    """Trace, signal, check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--before", type=float, default=1.5, help="seconds before SIGTERM")
    args = parser.parse_args()
    traces = [Trace() for _ in range(args.clients)]
    with Server(2) as server:
        started = time.monotonic()
        threads = [
            threading.Thread(target=client, args=(server.port, t, started), daemon=True)
            for t in traces
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.before)
        signalled = time.monotonic()
        assert server.process is not None
        server.process.send_signal(signal.SIGTERM)
        status = server.process.wait(BOUND)
        for thread in threads:
            thread.join(BOUND)
    seen = [item for trace in traces for item in trace.seen]
    before = [outcome for sent, outcome in seen if sent < signalled]
    after = [outcome for sent, outcome in seen if sent >= signalled]
    unanswered_before = [o for o in before if not o.startswith("ok")]
    summary = {
        "clients": args.clients,
        "sent_before_signal": len(before),
        "unanswered_before_signal": len(unanswered_before),
        "unanswered_kinds": sorted(set(unanswered_before)),
        "sent_after_signal": len(after),
        "answered_after_signal": sum(o.startswith("ok") for o in after),
        "close_after_signal": sum(o == "ok-close" for o in after),
        "eof_after_signal": sum(o == "eof" for o in after),
        "exit_status": status,
    }
    ok = not unanswered_before and status == 0 and len(before) > 0
    summary["ok"] = ok
    print(
        f"{len(before)} requests sent before SIGTERM, {len(unanswered_before)} unanswered; "
        f"{len(after)} sent after it, {summary['answered_after_signal']} answered "
        f"({summary['close_after_signal']} with Connection: close), "
        f"{summary['eof_after_signal']} got EOF; exit status {status}: {'ok' if ok else 'FAIL'}"
    )
    print(json.dumps(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
