"""The production server for real: ``pemilu-api serve`` (granian) on a free loopback port.

Each server here is a subprocess with a bounded life, always stopped in teardown. The load,
malformed-request and SIGTERM checks run the on-demand scripts in scripts/ in their short forms.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from serverproc import free_port

from pemilu_api.ops.guard import canonical_query
from pemilu_api.ops.server import ServeConfig
from pemilu_api.settings import DEFAULT_BASE_URL

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
BASE_URL = "https://pemilu.example.org"
START_TIMEOUT = 60.0


def _env(**extra: str) -> dict[str, str]:
    """The current environment without PEMILU_API_* settings, src/ importable, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEMILU_API_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return {**env, **extra}


def _serve(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``pemilu-api serve`` expecting it to exit by itself (a refusal)."""
    return subprocess.run(
        [sys.executable, "-m", "pemilu_api", "serve", "--host", "127.0.0.1", *args],
        capture_output=True,
        text=True,
        env=env or _env(),
        timeout=START_TIMEOUT,
        check=False,
    )


def _raw(port: int, request: bytes) -> bytes:
    """Send raw bytes, read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
        return data


def _get(port: int, target: bytes, *headers: bytes, method: bytes = b"GET") -> bytes:
    head = [method + b" " + target + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close"]
    return _raw(port, b"\r\n".join([*head, *headers]) + b"\r\n\r\n")


def _status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


@dataclass
class Running:
    """A server started for a test module."""

    process: subprocess.Popen[bytes]
    port: int
    stdout: Path
    stderr: Path

    @property
    def url(self) -> str:
        """Its base URL on loopback."""
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """``pemilu-api serve`` with two workers, configured from the environment only."""
    logs = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = _env(
        PEMILU_API_PORT=str(port),
        PEMILU_API_WORKERS="2",
        PEMILU_API_BASE_URL=BASE_URL,
        PEMILU_API_FIXTURES=str(ROOT / "fixtures"),
    )
    out, err = logs / "stdout.log", logs / "stderr.log"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "pemilu_api", "serve", "--host", "127.0.0.1"],
            stdout=stdout,
            stderr=stderr,
            env=env,
        )
    running = Running(process, port, out, err)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, err.read_text()
            try:
                with urllib.request.urlopen(f"{running.url}/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def test_settings_come_from_the_environment(server: Running) -> None:
    """PEMILU_API_PORT/WORKERS/BASE_URL/FIXTURES alone configure the server."""
    with urllib.request.urlopen(f"{server.url}/v1/elections", timeout=10) as response:
        body = json.loads(response.read())
    links = json.dumps(body)
    assert f"{BASE_URL}/v1/elections/pemilu-2024" in links
    assert "127.0.0.1" not in links


def test_access_log_goes_to_stdout_and_messages_to_stderr(server: Running) -> None:
    """One access-log line per response on stdout; granian's own messages on stderr."""
    _get(server.port, b"/v1/calendar.ics?probe=access-log")
    deadline = time.monotonic() + 10
    while 'query="probe=access-log"' not in server.stdout.read_text():
        assert time.monotonic() < deadline, server.stdout.read_text()[-2000:]
        time.sleep(0.1)
    line = next(
        x for x in server.stdout.read_text().splitlines() if 'query="probe=access-log"' in x
    )
    assert '"GET /v1/calendar.ics HTTP/1.1" 200' in line
    assert "Listening at: http://127.0.0.1" in server.stderr.read_text()


def test_a_long_request_target_gets_a_414_problem(server: Running) -> None:
    """A request target over 8 KiB: a 414 problem document (no body for HEAD)."""
    response = _get(server.port, b"/v1/elections/" + b"a" * 9000)
    head, _, body = response.partition(b"\r\n\r\n")
    assert _status(response) == 414
    assert b"content-type: application/problem+json" in head.lower()
    assert b"x-content-type-options: nosniff" in head.lower()
    assert json.loads(body)["type"] == f"{BASE_URL}/problems/uri-too-long"
    head_only = _get(server.port, b"/v1/regions?q=" + b"b" * 9000, method=b"HEAD")
    assert _status(head_only) == 414
    assert head_only.endswith(b"\r\n\r\n")


def test_a_target_under_the_limit_reaches_the_app(server: Running) -> None:
    """A 7 kB target is still served."""
    assert _status(_get(server.port, b"/v1/calendar.ics?x=" + b"a" * 7000)) == 200


@pytest.mark.parametrize(
    "headers",
    [
        (b"X-Big: " + b"x" * 20_000,),
        tuple(b"X-H%d: %d" % (i, i) for i in range(150)),
    ],
    ids=["huge-header", "150-headers"],
)
def test_an_oversized_request_head_gets_431(server: Running, headers: tuple[bytes, ...]) -> None:
    """A head over 16 KiB or with over 100 fields: 431 from granian."""
    assert _status(_get(server.port, b"/health", *headers)) == 431


def test_raw_non_ascii_in_a_redirected_query_is_no_500(server: Running) -> None:
    """Raw UTF-8 in a query echoed into Location arrives percent-encoded (found by malformed.py)."""
    # The query is echoed into the Location header, which cannot hold non-Latin-1 text.
    response = _get(server.port, b"/v1/regions/3305/calendar.ics?x=\xf0\x9f\x97\xb3&lang=en")
    assert _status(response) == 308
    location = next(
        line for line in response.split(b"\r\n") if line.lower().startswith(b"location:")
    )
    assert location.endswith(b"/v1/regions/33.05/calendar.ics?x=%F0%9F%97%B3&lang=en")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", b""),
        (b"lang=en&key=true", b"lang=en&key=true"),
        (b"q=%C3%A9&x=%zz", b"q=%C3%A9&x=%zz"),
        (b"q=\xc3\xa9", b"q=%C3%A9"),
        (b"a b\x00\x7f", b"a%20b%00%7F"),
        (b'x="<>"#', b"x=%22%3C%3E%22%23"),
    ],
)
def test_canonical_query(raw: bytes, expected: bytes) -> None:
    """Bytes a URI may not carry are percent-encoded; the rest is kept byte for byte."""
    assert canonical_query(raw) == expected


def test_serve_config_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Arguments, then PEMILU_API_* variables, then the defaults."""
    monkeypatch.setenv("PEMILU_API_HOST", "0.0.0.0")
    monkeypatch.setenv("PEMILU_API_PORT", "9000")
    monkeypatch.setenv("PEMILU_API_WORKERS", "3")
    monkeypatch.setenv("PEMILU_API_BASE_URL", "https://env.example.org/")
    from_env = ServeConfig.from_env()
    assert (from_env.host, from_env.port, from_env.workers) == ("0.0.0.0", 9000, 3)
    assert from_env.settings.base_url == "https://env.example.org"
    given = ServeConfig.from_env(host="::1", port=8080, workers=1, base_url="http://a.example")
    assert (given.host, given.port, given.workers) == ("::1", 8080, 1)
    assert given.settings.base_url == "http://a.example"
    monkeypatch.delenv("PEMILU_API_HOST")
    monkeypatch.delenv("PEMILU_API_PORT")
    monkeypatch.delenv("PEMILU_API_WORKERS")
    default = ServeConfig.from_env()
    assert (default.host, default.port, default.workers) == ("127.0.0.1", 8000, 1)


@pytest.mark.parametrize(
    ("host", "port", "base_url"),
    [
        ("127.0.0.1", 8123, "http://127.0.0.1:8123"),
        ("192.0.2.7", 80, "http://192.0.2.7:80"),
        ("::1", 8080, "http://[::1]:8080"),
        ("localhost", 9000, "http://localhost:9000"),
    ],
)
def test_without_a_base_url_links_follow_the_address_served(
    monkeypatch: pytest.MonkeyPatch, host: str, port: int, base_url: str
) -> None:
    """Serve --port 8123 with no base URL: links point to port 8123, and nothing is said."""
    monkeypatch.delenv("PEMILU_API_BASE_URL", raising=False)
    config = ServeConfig.from_env(host=host, port=port)
    assert base_url == config.settings.base_url
    assert config.base_url_warning() is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_a_wildcard_host_keeps_the_default_and_warns(
    monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    """Listening on every address says nothing of the public one: a warning names --base-url."""
    monkeypatch.delenv("PEMILU_API_BASE_URL", raising=False)
    config = ServeConfig.from_env(host=host, port=8123)
    assert DEFAULT_BASE_URL == config.settings.base_url
    warning = config.base_url_warning()
    assert warning is not None
    assert "--base-url" in warning
    assert host in warning
    named = ServeConfig.from_env(host=host, port=8123, base_url="https://pemilu.example")
    assert "https://pemilu.example" == named.settings.base_url
    assert named.base_url_warning() is None


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ((), {"PEMILU_API_PORT": "eighty"}, "PEMILU_API_PORT must be a whole number"),
        (("--workers", "0"), {}, "workers must be between 1 and 64"),
        (("--port", "70000"), {}, "port must be between 1 and 65535"),
        (("--base-url", "ftp://example.org"), {}, "base URL must start with http"),
    ],
)
def test_serve_refuses_bad_settings(
    args: tuple[str, ...], env: dict[str, str], message: str
) -> None:
    """A bad setting: exit status 2 with one line naming it, no traceback."""
    result = _serve(*args, env=_env(**env))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_serve_refuses_a_taken_port() -> None:
    """A port in use: exit status 1 with the reason (granian would panic)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = _serve("--port", str(taken.getsockname()[1]))
    assert result.returncode == 1
    assert "cannot listen on 127.0.0.1:" in result.stderr
    assert "Address already in use" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "panicked" not in result.stderr


def _corrupt_syntax(folder: Path) -> str:
    path = folder / "pemilu-2024.toml"
    path.write_text(path.read_text("utf-8") + "\n[[stages]\nid = = broken\n", "utf-8")
    return "pemilu-2024.toml"


def _corrupt_dates(folder: Path) -> str:
    path = folder / "pemilu-2019.toml"
    text = path.read_text("utf-8")
    assert "start = 2017-08-17" in text
    path.write_text(text.replace("start = 2017-08-17", "start = 2021-08-17", 1), "utf-8")
    return "pemilu-2019.toml"


def _corrupt_regions(folder: Path) -> str:
    path = folder / "regions.tsv"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\xff\xfe\n")
    return "regions.tsv"


@pytest.mark.parametrize("corrupt", [_corrupt_syntax, _corrupt_dates, _corrupt_regions])
def test_serve_refuses_corrupted_fixtures(tmp_path: Path, corrupt: object) -> None:
    """Corrupted data: the DataError message, exit status 1, and nothing listens."""
    broken = tmp_path / "fixtures"
    shutil.copytree(ROOT / "fixtures", broken)
    assert callable(corrupt)
    name = corrupt(broken)
    port = free_port()
    result = _serve("--fixtures", str(broken), "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.startswith("invalid data: ")
    assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert "Starting granian" not in result.stdout + result.stderr  # nothing ever listened


def _script(name: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / name), *args],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=timeout,
        check=False,
    )


@pytest.mark.slow
def test_short_mixed_load_has_no_error() -> None:
    """scripts/load.py for 5 s at 32 connections: no error, clean SIGTERM."""
    result = _script("load.py", "--seconds", "5", "--connections", "32", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["error_count"] == 0
    assert summary["requests"] > 100
    assert {200, 304, 308} <= {int(s) for s in summary["statuses"]}
    assert summary["exit_status_after_sigterm"] == 0


@pytest.mark.slow
def test_500_malformed_requests_get_no_5xx_and_no_stack_trace() -> None:
    """scripts/malformed.py with 500 requests: no 5xx, no stack trace, no hang."""
    result = _script("malformed.py", "--count", "500")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no 5xx, no stack trace, no hang" in result.stdout


@pytest.mark.slow
def test_sigterm_lets_slow_readers_finish_then_exits_0() -> None:
    """scripts/shutdown.py: SIGTERM mid-response, every body completes, exit status 0."""
    result = _script("shutdown.py", "--clients", "4")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every body completed; clean exit" in result.stdout


@pytest.mark.slow
def test_a_killed_worker_is_replaced_while_the_other_serves() -> None:
    """scripts/process_faults.py kill-worker: SIGKILL to one of two workers; answers go on."""
    result = _script("process_faults.py", "kill-worker", "--seconds", "8")
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["alive_after_kill"], result.stdout + result.stderr
    assert summary["replaced"]
    assert summary["failures"] <= 1  # at most the probe in flight on the killed worker
    assert summary["exit_status"] == 0
    assert result.returncode == 0


@pytest.mark.slow
def test_sighup_with_invalid_data_keeps_the_old_workers_serving() -> None:
    """scripts/process_faults.py reload-invalid: every probe answered, refusal logged, exit 0."""
    result = _script("process_faults.py", "reload-invalid", "--seconds", "10")
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["failures"] == 0, result.stdout + result.stderr
    assert summary["refusal_logged"]
    assert summary["new_data_from_s"] is None
    assert summary["exit_status"] == 0
    assert result.returncode == 0


@pytest.mark.slow
def test_sighup_with_valid_data_serves_it_without_dropping_a_request() -> None:
    """scripts/process_faults.py reload-valid: the new data is served and no probe fails."""
    result = _script("process_faults.py", "reload-valid", "--seconds", "10")
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["failures"] == 0, result.stdout + result.stderr
    assert summary["new_data_from_s"] is not None
    assert summary["exit_status"] == 0
    assert result.returncode == 0


@pytest.mark.slow
def test_a_flood_of_distinct_long_targets_stays_within_the_cache_budget() -> None:
    """scripts/memory_flood.py in short form: the worker grows by less than budget + 20 MB."""
    result = _script("memory_flood.py", "--requests", "2000", "--connections", "8")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["ok"]
    assert summary["requests"] == sum(summary["statuses"].values())


@pytest.mark.slow
def test_a_client_is_answered_beside_many_idle_and_slowloris_connections() -> None:
    """scripts/slowloris.py in short form: every probe answered (no timed assertion here)."""
    result = _script(
        "slowloris.py", "--connections", "1500", "--seconds", "6", "--no-deadline", timeout=180
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["probes"] > 0
    assert summary["answered"] == summary["probes"]
    assert summary["exit_status"] == 0


@pytest.mark.slow
def test_no_request_sent_before_sigterm_goes_unanswered() -> None:
    """scripts/stop_tracer.py: kept-alive tracer clients; all sent before the signal answered."""
    result = _script("stop_tracer.py", "--clients", "8", "--before", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["sent_before_signal"] > 0
    assert summary["unanswered_before_signal"] == 0
    assert summary["exit_status"] == 0
