"""The production server: granian (a Rust HTTP/1.1 server) in front of the app.

``pemilu-api serve`` validates the data in this process first (invalid data: the DataError message
on stderr and exit status 1, nothing served), then starts granian's worker processes, each building
the app on the same settings. What it adds to the app:

- limits: a request target (path and query) over 8 KiB gets a 414 problem document; a request head
  (request line and headers) over 16 KiB or with more than 100 header fields gets 431, a malformed
  one 400, from granian itself; headers must arrive within 10 s;
- a canonical query: raw bytes no URI may carry (non-ASCII, controls) reach the app percent-encoded;
- graceful shutdown: on SIGTERM (or SIGINT) the listening socket closes, responses in flight
  complete (for at most ``SHUTDOWN_TIMEOUT`` seconds), then the process exits with status 0;
- logs: one access-log line per response on stdout (written by the worker, ``access_log.py``),
  the server's own messages on stderr;
- a replay at granian's RSGI layer (``front.py``): an answer the replay store holds is sent
  again without building an ASGI scope or entering the framework; the rest goes through ASGI.

Why granian and not uvicorn: measured with ``scripts/compare_servers.py`` (wrk, 64 connections,
one worker each, loopback); the figures and the commands are in scripts/README.md. Granian with
uvloop served the most requests per second on both the JSON and the feed, and it exits with
status 0 after a graceful SIGTERM (uvicorn re-raises the signal: status -15).
"""

from __future__ import annotations

import logging
import os
import resource
import socket
import sys
from dataclasses import dataclass, field
from typing import Any, Final

from granian.constants import HTTPModes, Interfaces, Loops
from granian.http import HTTP1Settings
from granian.log import LogLevels
from granian.server.mp import MPServer
from litestar import Litestar

from pemilu_api.app import create_app
from pemilu_api.domain.violations import DataError
from pemilu_api.ops.front import Front, rsgi_headers
from pemilu_api.ops.guard import MAX_TARGET_BYTES, RequestGuard
from pemilu_api.settings import DEFAULT_BASE_URL, Settings
from pemilu_api.web.direct import Direct
from pemilu_api.web.replay import ResponseReplay
from pemilu_api.web.store import Store

DEFAULT_HOST: Final = "127.0.0.1"
DEFAULT_PORT: Final = 8000
DEFAULT_WORKERS: Final = 1
MAX_WORKERS: Final = 64
# Per worker: what the replay store and the query memo may hold together (keys, headers, bodies
# and bookkeeping), in MiB; half each.
DEFAULT_CACHE_MIB: Final = 32
MAX_CACHE_MIB: Final = 4096
MAX_HEAD_BYTES: Final = 16 * 1024
HEADER_READ_TIMEOUT_MS: Final = 10_000
# Connections: the listen queue (Linux caps it at net.core.somaxconn, 4096 here), and how many
# connections each worker serves at once. Granian's defaults (1,024 and 1,024 / workers) let about
# 1,100 idle or slowloris connections lock every other client out; with these, 5,000 of them leave
# a normal client answered in milliseconds (scripts/slowloris.py; figures in scripts/README.md).
BACKLOG: Final = 4096
BACKPRESSURE: Final = 8192
SHUTDOWN_TIMEOUT: Final = 20
# On SIGHUP, how long a new worker serves beside the old one before the old one is stopped.
RESPAWN_INTERVAL: Final = 3.5
# What granian's workers import and call to build the app they serve.
WORKER_TARGET: Final = "pemilu_api.ops.server:worker_app"

LOG_CONFIG: Final[dict[str, Any]] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "generic": {"()": "logging.Formatter", "fmt": "[%(asctime)s] [%(levelname)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "formatter": "generic",
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        "_granian": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


def _env_int(name: str, value: int | None, default: int, low: int, high: int) -> int:
    """``value``, else the environment variable ``name``, else ``default``; checked in [low, high]."""
    if value is None:
        text = os.environ.get(name, "").strip()
        if not text:
            return default
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"{name} must be a whole number, not {text!r}") from None
        label = name
    else:
        label = name.removeprefix("PEMILU_API_").lower()
    if not low <= value <= high:
        raise ValueError(f"{label} must be between {low} and {high}, not {value}")
    return value


@dataclass(frozen=True)
class ServeConfig:
    """Where to listen, how many worker processes, and the app's settings."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    workers: int = DEFAULT_WORKERS
    settings: Settings = field(default_factory=Settings)
    cache_mib: int = DEFAULT_CACHE_MIB

    @classmethod
    def from_env(
        cls,
        *,
        host: str | None = None,
        port: int | None = None,
        workers: int | None = None,
        fixtures: str | None = None,
        base_url: str | None = None,
    ) -> ServeConfig:
        """Arguments win over PEMILU_API_HOST/PORT/WORKERS/FIXTURES/BASE_URL; then the defaults.

        PEMILU_API_CACHE_MIB (0 to 4096, default 32) is the per-worker cache budget.

        Without a base URL, links follow the address served when the host is a specific one
        (``--port 8123`` links to port 8123); a wildcard host keeps the default base URL (see
        ``base_url_warning``).

        Raises ValueError naming the bad value.
        """
        chosen_host = host or os.environ.get("PEMILU_API_HOST", "").strip() or DEFAULT_HOST
        chosen_port = _env_int("PEMILU_API_PORT", port, DEFAULT_PORT, 1, 65535)
        given = base_url or os.environ.get("PEMILU_API_BASE_URL")
        if not given and chosen_host not in WILDCARD_HOSTS:
            given = served_url(chosen_host, chosen_port)
        return cls(
            host=chosen_host,
            port=chosen_port,
            workers=_env_int("PEMILU_API_WORKERS", workers, DEFAULT_WORKERS, 1, MAX_WORKERS),
            settings=Settings.from_env(fixtures=fixtures, base_url=given),
            cache_mib=cache_mib(),
        )

    def base_url_warning(self) -> str | None:
        """What to say at start when a wildcard host serves links under the default base URL."""
        if self.host not in WILDCARD_HOSTS or self.settings.base_url != DEFAULT_BASE_URL:
            return None
        return (
            f"warning: listening on every address ({self.host}) but every link in the answers "
            f"points to {DEFAULT_BASE_URL}; set --base-url (or PEMILU_API_BASE_URL) to the "
            "public address clients use"
        )


# Hosts that listen on every address: the served address says nothing of the public one.
WILDCARD_HOSTS: Final = frozenset({"0.0.0.0", "::", "[::]", "*"})


def served_url(host: str, port: int) -> str:
    """The http URL of a specific listening address (IPv6 in brackets)."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


def cache_mib() -> int:
    """The per-worker cache budget in MiB, from PEMILU_API_CACHE_MIB; ValueError when bad."""
    return _env_int("PEMILU_API_CACHE_MIB", None, DEFAULT_CACHE_MIB, 0, MAX_CACHE_MIB)


def with_cache_budget(app: Litestar, budget: int, **options: Any) -> ResponseReplay:
    """``app`` behind its replay store, the two sharing ``budget`` bytes (half each)."""
    replay_bytes = budget // 2
    store: Store = app.state.store
    store.max_bytes = budget - replay_bytes
    return ResponseReplay(app, max_bytes=replay_bytes, **options)


def worker_app() -> Front:
    """The app one granian worker serves, on the settings the parent put in the environment."""
    try:
        app = create_app(Settings.from_env())
    except DataError as exc:  # the data changed after the parent checked it
        print(exc, file=sys.stderr, flush=True)
        raise SystemExit(1) from None
    return front_of(app, cache_mib() << 20)


def front_of(app: Litestar, budget: int, fd: int = 1) -> Front:
    """The RSGI front a worker serves ``app`` through, with ``budget`` bytes of caches."""
    store: Store = app.state.store
    replay = with_cache_budget(app, budget, outgoing=rsgi_headers, direct=Direct(store))
    return Front(RequestGuard(replay, store.urls), replay, MAX_TARGET_BYTES, fd=fd)


class CheckedServer(MPServer):
    """Granian's process manager, which checks the data before a reload (SIGHUP) replaces workers.

    Granian starts each new worker before stopping its old one, and stops every worker when a new
    one fails: with invalid data that would leave nothing serving. So the data is checked here
    first; when it is invalid, the check's message is logged and the running workers keep
    serving the data they have.
    """

    def _reload(self, spawn_target: Any, target_loader: Any) -> Any:
        try:
            create_app(Settings.from_env())
        except DataError as exc:
            logging.getLogger("_granian").error(
                "reload refused, the workers keep serving the data they loaded: %s", exc
            )
            self.reload_signal = False
            self.main_loop_interrupt.clear()
            return None
        return super()._reload(spawn_target, target_loader)  # type: ignore[no-untyped-call]


def raise_open_file_limit() -> tuple[int, int]:
    """Raise the soft limit on open files to the hard limit (each connection holds one); the pair.

    Granian's workers inherit it. Returns the (soft, hard) limits now in force.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def build_server(config: ServeConfig, address: str | None = None) -> MPServer:
    """Granian, configured: HTTP/1.1 with the limits above, access log, bounded shutdown.

    A worker that dies is replaced (``respawn_failed_workers``) while the others keep serving.
    """
    return CheckedServer(
        WORKER_TARGET,
        address=address or config.host,
        port=config.port,
        interface=Interfaces.RSGI,
        workers=config.workers,
        loop=Loops.uvloop,
        http=HTTPModes.http1,
        websockets=False,
        backlog=BACKLOG,
        backpressure=BACKPRESSURE,
        http1_settings=HTTP1Settings(
            header_read_timeout=HEADER_READ_TIMEOUT_MS,
            keep_alive=True,
            max_buffer_size=MAX_HEAD_BYTES,
        ),
        log_enabled=True,
        log_level=LogLevels.info,
        log_dictconfig=LOG_CONFIG,
        # The access log is the workers' own (ops/access_log.py): granian's costs ~50 µs a line.
        log_access=False,
        workers_kill_timeout=SHUTDOWN_TIMEOUT,
        respawn_failed_workers=True,
        respawn_interval=RESPAWN_INTERVAL,
        factory=True,
    )


def bind_address(host: str, port: int) -> str:
    """The IP address to listen on for ``host`` (a name is resolved), checked by binding it.

    Raises OSError with the reason (granian takes IP addresses only, and panics on a failed bind).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise OSError(f"no such address: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise OSError(exc.strerror or str(exc)) from None
    return str(address[0])


def serve(config: ServeConfig) -> int:
    """Check the data and the address, then serve until SIGTERM or SIGINT; the exit status."""
    try:
        create_app(config.settings)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        address = bind_address(config.host, config.port)
    except OSError as exc:
        print(f"cannot listen on {config.host}:{config.port}: {exc}", file=sys.stderr)
        return 1
    # The workers build their own app from the environment (granian may spawn, not fork, them).
    os.environ["PEMILU_API_BASE_URL"] = config.settings.base_url
    if config.settings.fixtures is not None:
        os.environ["PEMILU_API_FIXTURES"] = str(config.settings.fixtures.resolve())
    else:
        os.environ.pop("PEMILU_API_FIXTURES", None)
    raise_open_file_limit()
    build_server(config, address).serve()
    return 0
