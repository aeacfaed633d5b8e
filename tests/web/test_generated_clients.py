"""Clients generated from the committed document work: TypeScript types and a Python client.

openapi-typescript's types compile under ``tsc --strict`` with a small usage file; the client
openapi-python-client generates with its default settings calls every JSON operation of the app
(over ASGI) and parses each answer, and accepts a value an open enumeration did not have.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "openapi.json"
BIN = ROOT / "node_modules" / ".bin"
VENV_BIN = Path(sys.executable).parent


def _node_tool(name: str) -> Path:
    tool = BIN / name
    if shutil.which("node") is None or not tool.exists():
        pytest.fail(f"{name} is missing: npm ci (python3 dev.py test installs it)")
    return tool


def _run(*cmd: str | Path, cwd: Path) -> None:
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_typescript_types_compile_strictly(tmp_path: Path) -> None:
    """openapi-typescript generates api.d.ts; the usage file compiles with tsc --strict."""
    _run(_node_tool("openapi-typescript"), SPEC, "--output", tmp_path / "api.d.ts", cwd=ROOT)
    shutil.copy(ROOT / "tests" / "js" / "openapi_usage.ts", tmp_path / "usage.ts")
    _run(
        _node_tool("tsc"),
        "--strict",
        "--noEmit",
        "--target",
        "es2020",
        "--module",
        "es2020",
        "--moduleResolution",
        "bundler",
        "usage.ts",
        cwd=tmp_path,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The Python client package openapi-python-client generates (default settings)."""
    folder = tmp_path_factory.mktemp("python-client")
    _run(VENV_BIN / "openapi-python-client", "generate", "--path", SPEC, cwd=folder)
    project = next(p for p in folder.iterdir() if p.is_dir())
    sys.path.insert(0, str(project))
    try:
        yield importlib.import_module("pemilu_api_client")
    finally:
        sys.path.remove(str(project))
        for name in [m for m in sys.modules if m.startswith("pemilu_api_client")]:
            del sys.modules[name]


# Each JSON operation, with real arguments.
CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "get_api_root": ("docs", {}),
    "list_elections": (
        "elections",
        {"from_": dt.date(2024, 1, 1), "to": dt.date(2024, 12, 31), "region": "3305"},
    ),
    "get_election": ("elections", {"election_id": "pemilu-2024"}),
    "list_stages": ("elections", {"election_id": "pilkada-2024", "key": True, "region": "33.05"}),
    "get_stage": ("elections", {"election_id": "pemilu-2024", "stage_id": "pemungutan-suara"}),
    "list_changes": ("changes", {"since": dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "limit": 3}),
    "get_now": (
        "now",
        {"at": dt.datetime.fromisoformat("2024-11-27T08:00:00+07:00"), "region": "91.71"},
    ),
    "list_regions": ("regions", {"q": "kebumen"}),
    "get_region": ("regions", {"code": "33.05"}),
    "get_health": ("health", {}),
}


def test_the_calls_cover_every_json_operation() -> None:
    """CALLS names each operation whose 200 answer is JSON in the committed document."""
    document = json.loads(SPEC.read_text("utf-8"))
    json_operations = {
        re.sub(r"(?<!^)(?=[A-Z])", "_", operation["operationId"]).lower()
        for item in document["paths"].values()
        for operation in item.values()
        if "application/json" in operation["responses"]["200"].get("content", {})
        and operation["operationId"] != "getOpenApiDocument"
    }
    assert json_operations == set(CALLS)


@pytest.mark.slow
def test_python_client_calls_every_json_operation(
    generated: Any, client: TestClient[Litestar]
) -> None:
    """Every JSON operation through the generated client: 200 and a parsed model."""
    client_module = importlib.import_module("pemilu_api_client.client")
    api_client = client_module.Client(base_url=str(client.base_url))
    api_client.set_httpx_client(client)
    for operation, (tag, arguments) in CALLS.items():
        module = importlib.import_module(f"pemilu_api_client.api.{tag}.{operation}")
        response = module.sync_detailed(client=api_client, **arguments)
        assert response.status_code == 200, (operation, response.content[:300])
        parsed = response.parsed
        assert parsed is not None, operation
        assert not isinstance(parsed, dict), operation
        assert type(parsed).__name__ != "Problem", operation
        assert parsed.to_dict(), operation


def test_python_client_accepts_unknown_values_of_open_enums(
    generated: Any, client: TestClient[Litestar]
) -> None:
    """A category, status or kind added within v1 does not break a generated client."""
    models = importlib.import_module("pemilu_api_client.models")
    body = client.get("/v1/elections/pemilu-2024/stages/pemungutan-suara").json()
    body |= {"category": "recount", "status": "postponed"}
    stage = models.StageOut.from_dict(body)
    assert str(stage.category) == "recount"
    assert str(stage.status) == "postponed"
    assert stage.to_dict()["category"] == "recount"
