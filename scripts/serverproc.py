"""A real ``pemilu-api serve`` on a free loopback port, for the tests, bench and scripts.

The one home of the free-port helper and the server starters: tests import it (pytest's
``pythonpath`` and mypy's ``mypy_path`` name scripts/), bench/ puts scripts/ on ``sys.path``.

Started with the Python that runs the script (the project's .venv), its stdout and stderr kept in
files, its memory read from /proc (the main process and its workers), and always stopped: SIGTERM,
then SIGKILL after a bound.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_listening(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Wait until ``port`` accepts connections (bounded), failing if ``process`` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            with socket.create_connection((LOOPBACK, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on {port} after {timeout} s")


def serve_command(port: int, workers: int, *extra: str) -> list[str]:
    """The command line of ``pemilu-api serve`` on 127.0.0.1:``port``."""
    return [
        sys.executable,
        "-m",
        "pemilu_api",
        "serve",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--workers",
        str(workers),
        *extra,
    ]


def server_env() -> dict[str, str]:
    """The environment for the server: this one, with src/ importable and no stray settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEMILU_API_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def children(pid: int) -> list[int]:
    """The pids of the direct children of ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def rss_kib(pid: int) -> int:
    """VmRSS of ``pid`` and all its descendants, in KiB (0 for processes gone)."""
    total = 0
    for member in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``."""
    found: list[int] = []
    queue = [pid]
    while queue:
        kids = children(queue.pop())
        found.extend(kids)
        queue.extend(kids)
    return found


class Server:
    """``pemilu-api serve`` in a subprocess; a context manager that always stops it."""

    def __init__(self, workers: int = 1, *extra: str, start_timeout: float = 60.0) -> None:
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.command = serve_command(self.port, workers, *extra)
        self.start_timeout = start_timeout
        self._dir = tempfile.TemporaryDirectory(prefix="pemilu-serve-")
        self.stdout_path = Path(self._dir.name) / "stdout.log"
        self.stderr_path = Path(self._dir.name) / "stderr.log"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.process = subprocess.Popen(
                self.command, stdout=out, stderr=err, env=server_env(), cwd=ROOT
            )
        try:
            self.wait_ready()
        except BaseException:
            self.kill()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.kill()
        self._dir.cleanup()

    @property
    def pid(self) -> int:
        """The main server process id."""
        assert self.process is not None, "server not started"
        return self.process.pid

    def wait_ready(self) -> None:
        """Wait until /health answers 200; fail if the process exits or time runs out."""
        assert self.process is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.stderr()}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server not ready after {self.start_timeout} s: {self.stderr()}")

    def rss_kib(self) -> int:
        """Resident memory of the server and its workers, in KiB."""
        return rss_kib(self.pid)

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM, then wait (at most ``timeout`` s) for the exit status."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def kill(self) -> None:
        """Stop the server and its workers for sure (SIGTERM, SIGKILL after 10 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        workers = descendants(self.process.pid)
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def stdout(self) -> str:
        """What the server printed on stdout so far (the access log)."""
        return self.stdout_path.read_text("utf-8", "replace")

    def stderr(self) -> str:
        """What the server printed on stderr so far."""
        return self.stderr_path.read_text("utf-8", "replace")
