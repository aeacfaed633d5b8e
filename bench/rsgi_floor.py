"""The floor of granian's RSGI interface: an app that sends one stored answer, whatever is asked.

``bench/run.py --floor`` starts it beside the server and nginx for the repeated-JSON scenario, with
the status, header lines and gzip body the server itself sent for that request (captured into the
file named by ``RSGI_FLOOR_ANSWER``). Nothing is looked up, parsed or checked; like the server, it
writes one access-log line per answer to stdout (``pemilu_api.ops.access_log``). No Python app on
granian that logs each request can answer faster, so its ratio to nginx bounds what a replay at the
RSGI layer could reach.
"""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path
from typing import Any

from pemilu_api.ops.access_log import Clock, access_line, write_line

_ANSWER = json.loads(Path(os.environ["RSGI_FLOOR_ANSWER"]).read_text())
STATUS: int = _ANSWER["status"]
HEADERS: list[tuple[str, str]] = [(name, value) for name, value in _ANSWER["headers"]]
BODY: bytes = base64.b64decode(_ANSWER["body"])
CLOCK = Clock()


async def app(scope: Any, protocol: Any) -> None:
    """Send the stored answer (RSGI) and log it as the server does."""
    started, clock = time.time(), time.perf_counter()
    protocol.response_bytes(STATUS, HEADERS, b"" if scope.method == "HEAD" else BODY)
    request: Any = {
        "client": (scope.client.rsplit(":", 1)[0], 0),
        "method": scope.method,
        "path": scope.path,
        "http_version": scope.http_version,
        "query_string": scope.query_string.encode("latin-1"),
    }
    line = access_line(request, STATUS, CLOCK(started), time.perf_counter() - clock)
    write_line(1, line)
