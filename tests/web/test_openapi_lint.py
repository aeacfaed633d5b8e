"""The committed OpenAPI document is valid for three independent checkers, with 0 errors.

openapi-spec-validator (PyPI), Redocly CLI ``lint`` with its recommended ruleset and Spectral with
``spectral:oas`` (npm, pinned in package.json; ``python3 dev.py test`` installs them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "openapi.json"
BIN = ROOT / "node_modules" / ".bin"
# No telemetry or update checks: the tests run offline and must not phone anywhere.
QUIET = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


def _tool(name: str) -> Path:
    tool = BIN / name
    if shutil.which("node") is None or not tool.exists():
        pytest.fail(f"{name} is missing: npm ci (python3 dev.py test installs it)")
    return tool


def test_openapi_spec_validator_finds_no_error() -> None:
    """openapi-spec-validator: a valid OpenAPI 3.1 document."""
    document, _ = read_from_filename(str(SPEC))
    validate(document)


@pytest.mark.slow
def test_redocly_recommended_finds_no_error() -> None:
    """Redocly CLI lint, recommended ruleset: no error and no warning."""
    result = subprocess.run(
        [
            str(_tool("redocly")),
            "lint",
            "--config",
            "openapi/redocly.yaml",
            "--format",
            "json",
            str(SPEC),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=QUIET,
        check=False,
    )
    report = json.loads(result.stdout)
    problems = [(p["severity"], p["ruleId"], p["message"]) for p in report["problems"]]
    assert problems == [], problems
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_spectral_oas_finds_no_error() -> None:
    """Spectral with spectral:oas: no error and no warning."""
    result = subprocess.run(
        [
            str(_tool("spectral")),
            "lint",
            "--ruleset",
            "openapi/.spectral.yaml",
            "--quiet",
            "--format",
            "json",
            str(SPEC),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=QUIET,
        check=False,
    )
    found = json.loads(result.stdout or "[]")
    problems = [(p["severity"], p["code"], p["message"], p["path"]) for p in found]
    assert problems == [], problems
    assert result.returncode == 0, result.stderr
