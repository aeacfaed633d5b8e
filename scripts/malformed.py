#!/usr/bin/env python3
"""Malformed raw HTTP requests from a seeded generator: never a 5xx, never a stack trace, no hang.

Default (on demand, well under a minute): ``.venv/bin/python scripts/malformed.py`` starts
``pemilu-api serve`` on a free 127.0.0.1 port and sends 5,000 generated requests over raw sockets,
32 at a time, each on its own connection: bad paths, bad and garbage parameters, bad methods, bad
and huge headers, very long request lines, invalid UTF-8 and percent-encoding, bad versions, random
bytes, truncated requests (cut short, then the write side closed), and bad framing (no or two Host
fields, ``GET health``, bad Transfer-Encoding), which must get a 400: a problem document, except
where granian refuses the request line itself. Each connection must end within ``--timeout``
seconds with either a response or a close; a response must be a well-formed status line below 500,
and no body may hold "Traceback" or 'File "'. Afterwards /health must still answer and the
server's logs must hold no traceback. Exit status 1 on any finding (the first few are printed with
the request that caused them). The test suite runs ``--count 500``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from serverproc import Server

STACK_MARKERS = (b"Traceback", b'File "')
ELECTIONS = ("pemilu-2024", "pilkada-2024", "pemilu-2019")
ROUTES = (
    "/v1/elections",
    "/v1/elections/{e}",
    "/v1/elections/{e}/stages",
    "/v1/elections/{e}/stages/kampanye",
    "/v1/elections/{e}/calendar.ics",
    "/v1/calendar.ics",
    "/v1/changes",
    "/v1/now",
    "/v1/regions",
    "/v1/regions/33.05",
    "/v1/regions/3305/calendar.ics",
    "/health",
    "/openapi.json",
    "/docs",
)
PARAMS: tuple[str, ...] = (
    "from",
    "to",
    "category",
    "key",
    "status",
    "lang",
    "plain",
    "tz",
    "at",
    "since",
    "q",
)
PARAMS += ("province", "level", "")
GARBAGE_VALUES = (
    "",
    "2024-13-45",
    "2024-02-30",
    "0000-00-00",
    "99999-01-01",
    "-1",
    "1e309",
    "NaN",
    "true;false",
    "yes",
    "Mars/Olympus",
    "../../etc/passwd",
    "Asia%2FJakarta",
    "%00",
    "%zz",
    "%c3%28",
    "%ff%fe",
    "%c0%af",
    "%ed%a0%80",
    "%e2%82",
    "\u00e9",
    "\U0001f5f3",
    "'; DROP TABLE stages;--",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "${jndi:ldap://127.0.0.1/a}",
    "a" * 200,
    "2024-02-14T08:00:00+25:00",
    "2024-02-14T25:61:61Z",
    "9" * 40,
)
METHODS: tuple[str, ...] = (
    "POST",
    "PUT",
    "DELETE",
    "PATCH",
    "OPTIONS",
    "TRACE",
    "CONNECT",
    "BREW",
    "get",
    "G ET",
)
METHODS += ("PROPFIND", "HEAD", "X" * 300, "GET\x00", "\x7fGET")
HEADER_SETS: tuple[tuple[str, ...], ...] = (
    (),
    ("Host: a", "Host: b"),
    ("NoColonHere",),
    ("Bad Name: x",),
    ("X-Space : x",),
    (": empty-name",),
    ("X-Fold: a", " continued"),
    ("X-Ctl: a\x01b",),
    ("If-None-Match: garbage",),
    ('If-None-Match: "unterminated',),
    ("If-None-Match: *",),
    ("If-Modified-Since: yesterday",),
    ("If-Modified-Since: Mon, 99 Foo 9999 99:99:99 GMT",),
    ("Accept-Encoding: gzip;q=abc, br;q=-1, *;q=2",),
    ("Accept-Encoding: " + "gzip, " * 400,),
    ("Content-Length: -1",),
    ("Content-Length: abc",),
    ("Content-Length: 99999999999999999999",),
    ("Content-Length: 5", "Content-Length: 6"),
    ("Transfer-Encoding: chunked",),
    ("Transfer-Encoding: chunked", "Content-Length: 3"),
    ("Transfer-Encoding: gzip, chunked",),
    ("Range: bytes=abc",),
    ("Origin: null", "Access-Control-Request-Method: DELETE"),
    ("Origin: \xff\xfe",),
    ("Expect: 100-continue",),
    ("Connection: upgrade", "Upgrade: websocket"),
    ("Upgrade: h2c", "HTTP2-Settings: AAMAAABkAAQAAP__"),
)
VERSIONS = (
    "HTTP/1.1",
    "HTTP/1.0",
    "HTTP/2.0",
    "HTTP/1.2",
    "HTTP/0.9",
    "http/1.1",
    "HTTP/1.1 x",
    "",
)


@dataclass(frozen=True)
class Case:
    """One generated request: its kind, its bytes, and whether to close the write side early."""

    kind: str
    raw: bytes
    truncate: bool = False
    expect: int | None = None


def _path(rng: random.Random) -> str:
    return rng.choice(ROUTES).replace("{e}", rng.choice(ELECTIONS))


def _query(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 5)):
        name = rng.choice(PARAMS)
        value = rng.choice(GARBAGE_VALUES)
        parts.append(rng.choice((f"{name}={value}", name, f"{name}=", f"={value}", f"{name}[]=1")))
    return "?" + rng.choice(("&", "&&", ";")).join(parts)


def _request(
    method: str, target: str | bytes, headers: tuple[str, ...] = (), version: str = "HTTP/1.1"
) -> bytes:
    target_bytes = target if isinstance(target, bytes) else target.encode("utf-8", "surrogatepass")
    line = (
        method.encode("latin-1")
        + b" "
        + target_bytes
        + (b" " + version.encode() if version else b"")
    )
    head = [line, b"Host: 127.0.0.1", b"Connection: close"]
    head += [h.encode("utf-8", "surrogateescape") for h in headers]
    return b"\r\n".join(head) + b"\r\n\r\n"


def bad_path(rng: random.Random) -> Case:
    """Paths that exist nowhere or are strange."""
    pieces = ["..", ".", "", "%2e%2e", "%2f", "\\", "v1", "elections", "stages", "~", "%00", "*"]
    pieces += ["calendar.ics", "pemilu-2024", "x" * rng.randint(1, 300), "%E2%80%AE", "\u202e"]
    path = "/" + "/".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
    target = rng.choice((path, "//" + path, path + "/", "*", "http://evil.example" + path, path))
    return Case("bad-path", _request("GET", target))


def bad_params(rng: random.Random) -> Case:
    """Real routes with garbage, repeated or unknown parameters."""
    return Case("bad-params", _request(rng.choice(("GET", "HEAD")), _path(rng) + _query(rng)))


def bad_method(rng: random.Random) -> Case:
    """Methods the API does not take, or that are not methods."""
    return Case("bad-method", _request(rng.choice(METHODS), _path(rng)))


def bad_headers(rng: random.Random) -> Case:
    """Malformed, conflicting or garbage headers."""
    headers = rng.choice(HEADER_SETS)
    raw = _request("GET", _path(rng), headers)
    if "chunked" in " ".join(headers):
        raw += rng.choice((b"zz\r\nhello\r\n0\r\n\r\n", b"5\r\nab", b"0\r\n\r\n"))
    return Case("bad-headers", raw)


def huge_headers(rng: random.Random) -> Case:
    """One huge header, or very many."""
    if rng.random() < 0.5:
        headers: tuple[str, ...] = ("X-Big: " + "b" * rng.randint(8_000, 200_000),)
    else:
        headers = tuple(f"X-H{i}: {i}" for i in range(rng.randint(90, 2_000)))
    return Case("huge-headers", _request("GET", _path(rng), headers))


def long_line(rng: random.Random) -> Case:
    """Request lines from 4 KiB to 256 KiB, in the path or the query."""
    size = rng.choice((4_000, 8_100, 8_300, 9_000, 16_500, 64_000, 262_144))
    target = _path(rng) + ("/" + "a" * size if rng.random() < 0.5 else "?q=" + "a" * size)
    return Case("long-line", _request("GET", target))


def bad_encoding(rng: random.Random) -> Case:
    """Invalid UTF-8 and percent-encoding in the path and the query."""
    raw_bytes = bytes(rng.randrange(0x80, 0x100) for _ in range(rng.randint(1, 8)))
    bad = rng.choice((b"%", b"%z", b"%zz", b"%c3%28", b"%ff", b"%c0%af", b"%ed%a0%80", raw_bytes))
    base = _path(rng).encode()
    target = rng.choice(
        (base + b"/" + bad, base + b"?q=" + bad, base + b"?" + bad + b"=1", b"/v1/regions/" + bad)
    )
    return Case("bad-encoding", _request("GET", target))


def bad_version(rng: random.Random) -> Case:
    """Versions that are not HTTP/1.x, or none."""
    return Case("bad-version", _request("GET", _path(rng), (), rng.choice(VERSIONS)))


def garbage(rng: random.Random) -> Case:
    """Random bytes, sometimes ending like a request head."""
    raw = bytes(rng.randrange(256) for _ in range(rng.randint(1, 2_000)))
    return Case("garbage", raw + rng.choice((b"", b"\r\n\r\n")))


def truncated(rng: random.Random) -> Case:
    """A good request cut short, then the write side closed."""
    raw = _request("GET", _path(rng) + rng.choice(("", "?lang=en", "?key=true")))
    return Case("truncated", raw[: rng.randint(1, len(raw) - 1)], truncate=True)


FRAMINGS = (
    b"GET /v1/elections HTTP/1.1\r\nConnection: close\r\n\r\n",
    b"GET /v1/elections HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n",
    b"GET /v1/elections HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n"
    b"Connection: close\r\n\r\n",
    b"GET health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    b"GET v1/elections HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    b"GET * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: identity, chunked\r\n"
    b"Connection: close\r\n\r\n0\r\n\r\n",
    b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
    b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
    b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked, chunked\r\n"
    b"Connection: close\r\n\r\n0\r\n\r\n",
)


def bad_framing(rng: random.Random) -> Case:
    """Framing nginx refuses with 400: each must get a 400 problem document.

    No or two Host fields, a target not starting with /, a Transfer-Encoding other than one chunked.
    """
    return Case("bad-framing", rng.choice(FRAMINGS), expect=400)


GENERATORS: tuple[Callable[[random.Random], Case], ...] = (
    bad_framing,
    bad_path,
    bad_params,
    bad_method,
    bad_headers,
    huge_headers,
    long_line,
    bad_encoding,
    bad_version,
    garbage,
    truncated,
)


def generate(count: int, seed: int) -> list[Case]:
    """``count`` cases from a seeded generator, the kinds in turn."""
    rng = random.Random(seed)
    return [GENERATORS[i % len(GENERATORS)](rng) for i in range(count)]


@dataclass
class Findings:
    """What came back."""

    statuses: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


async def send_case(port: int, case: Case, timeout: float, findings: Findings) -> None:
    """Send one case on a fresh connection; check what comes back."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    except (TimeoutError, OSError) as exc:
        findings.problems.append(f"{case.kind}: cannot connect: {exc!r}")
        return
    data = b""
    try:
        writer.write(case.raw)
        await writer.drain()
        if case.truncate and writer.can_write_eof():
            writer.write_eof()
        data = await asyncio.wait_for(reader.read(), timeout)
    except TimeoutError:
        findings.problems.append(
            f"{case.kind}: no answer nor close in {timeout} s: {case.raw[:120]!r}"
        )
        return
    except (ConnectionResetError, BrokenPipeError):
        pass  # the server may close on a request it refuses before reading all of it
    finally:
        writer.close()
    if not data:
        findings.statuses["closed"] += 1
        return
    status_line = data.split(b"\r\n", 1)[0]
    parts = status_line.split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
        findings.problems.append(f"{case.kind}: not a status line {status_line[:80]!r}")
        return
    status = int(parts[1])
    findings.statuses[str(status)] += 1
    if status >= 500:
        findings.problems.append(f"{case.kind}: {status} for {case.raw[:160]!r}")
    # Granian refuses some request lines itself (a plain 400 with no body): the others must be
    # the guard's problem documents.
    own = b"content-type" not in data.lower()
    if case.expect is not None and (
        status != case.expect or (b"application/problem+json" not in data and not own)
    ):
        findings.problems.append(
            f"{case.kind}: {status}, not a {case.expect} problem, for {case.raw[:160]!r}"
        )
    if any(marker in data for marker in STACK_MARKERS):
        findings.problems.append(f"{case.kind}: stack trace in the body for {case.raw[:160]!r}")


async def run_cases(port: int, cases: list[Case], concurrency: int, timeout: float) -> Findings:
    """Send every case, ``concurrency`` at a time."""
    findings = Findings()
    gate = asyncio.Semaphore(concurrency)

    async def one(case: Case) -> None:
        async with gate:
            await send_case(port, case, timeout, findings)

    await asyncio.gather(*(one(case) for case in cases))
    return findings


def main(argv: list[str] | None = None) -> int:
    """Generate, send, check; print the tally; 0 when nothing was wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1945)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=15.0, help="per connection, seconds")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    cases = generate(args.count, args.seed)
    with Server(args.workers) as server:
        started = time.monotonic()
        findings = asyncio.run(run_cases(server.port, cases, args.concurrency, args.timeout))
        elapsed = time.monotonic() - started
        with urllib.request.urlopen(f"{server.url}/health", timeout=5) as response:
            healthy = response.status == 200
        status = server.terminate()
        logs = server.stdout() + server.stderr()
    if not healthy:
        findings.problems.append("/health failed after the run")
    if any(marker.decode() in logs for marker in STACK_MARKERS):
        findings.problems.append("a stack trace in the server's logs")
    if status != 0:
        findings.problems.append(f"exit status {status} after SIGTERM")
    kinds = Counter(case.kind for case in cases)
    print(f"{len(cases)} requests (seed {args.seed}) in {elapsed:.1f} s; kinds: {dict(kinds)}")
    print(f"outcomes: {dict(sorted(findings.statuses.items()))}")
    print(f"server exit status after SIGTERM: {status}")
    if findings.problems:
        print(f"FAIL: {len(findings.problems)} problems; first ones:", file=sys.stderr)
        for problem in findings.problems[:15]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("no 5xx, no stack trace, no hang")
    return 0


if __name__ == "__main__":
    sys.exit(main())
