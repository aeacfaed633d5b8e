"""The floor of granian's RSGI interface: an app that sends one stored answer, whatever is asked.

``bench/run.py --floor`` starts it beside the server and nginx for the repeated-JSON scenario, with
the status, header lines and gzip body the server itself sent for that request (captured into the
file named by ``RSGI_FLOOR_ANSWER``). Nothing is looked up, parsed or checked: no Python app on
granian can answer faster, so its ratio to nginx bounds what a replay at the RSGI layer could reach.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

_ANSWER = json.loads(Path(os.environ["RSGI_FLOOR_ANSWER"]).read_text())
STATUS: int = _ANSWER["status"]
HEADERS: list[tuple[str, str]] = [(name, value) for name, value in _ANSWER["headers"]]
BODY: bytes = base64.b64decode(_ANSWER["body"])


async def app(scope: Any, protocol: Any) -> None:
    """Send the stored answer (RSGI)."""
    protocol.response_bytes(STATUS, HEADERS, b"" if scope.method == "HEAD" else BODY)
