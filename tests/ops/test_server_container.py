"""The container build's inputs: hadolint-clean Containerfile, its promises, and the lock it installs.

Building and running the image needs root, buildah and minutes: scripts/container-check.sh does it
on demand. These checks are cheap and keep the files honest in every test run.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTAINERFILE = ROOT / "Containerfile"
LOCK = ROOT / "scripts" / "container-requirements.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.M)


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _stages() -> list[str]:
    """The Containerfile's stages, each from its FROM line on."""
    text = CONTAINERFILE.read_text("utf-8")
    parts = re.split(r"(?m)^(?=FROM )", text)
    return [part for part in parts if part.startswith("FROM ")]


def test_containerfile_is_hadolint_clean() -> None:
    """Hadolint (pinned in the test extra) finds nothing to say."""
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run(
        [str(hadolint), "--no-color", str(CONTAINERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_containerfile_keeps_its_promises() -> None:
    """Debian base by argument, two stages, non-root, health check, port, labels, no writes."""
    text = CONTAINERFILE.read_text("utf-8")
    assert re.search(r"(?m)^ARG BASE=debian:bookworm-slim$", text)
    build, runtime = _stages()
    assert build.startswith("FROM ${BASE} AS build")
    assert runtime.startswith("FROM ${BASE}\n")
    user = re.search(r"(?m)^USER (\S+)$", runtime)
    assert user is not None
    assert user.group(1).split(":")[0] not in {"0", "root"}
    assert re.search(r"(?m)^HEALTHCHECK .*\n.*urllib\.request.*/health", runtime)
    assert re.search(r"(?m)^EXPOSE 8000$", runtime)
    assert 'CMD ["pemilu-api", "serve", "--host", "0.0.0.0"]' in runtime
    assert "PYTHONDONTWRITEBYTECODE=1" in runtime
    for label in ("title", "description", "version", "revision", "created", "licenses"):
        assert f"org.opencontainers.image.{label}=" in runtime
    # The runtime stage installs python3 and copies the venv: no pip, no build tools.
    assert "pip" not in re.sub(r"(?m)^#.*$", "", runtime)
    assert re.search(r"apt-get install -y --no-install-recommends python3 \\", runtime)
    assert "COPY --from=build /opt/pemilu-api /opt/pemilu-api" in runtime


def test_the_lock_pins_what_pyproject_pins() -> None:
    """Every runtime dependency of pyproject.toml is in the container lock at the same version."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {}
    for requirement in project["dependencies"]:
        match = PIN.match(requirement)
        assert match, f"not pinned exactly in pyproject.toml: {requirement}"
        wanted[_name(match.group(1))] = match.group(2)
    lock = LOCK.read_text("utf-8")
    locked = {_name(name): version for name, version in PIN.findall(lock)}
    stale = {
        name: (version, locked.get(name))
        for name, version in wanted.items()
        if locked.get(name) != version
    }
    assert not stale, f"run scripts/lock-container.sh: pyproject vs lock {stale}"


def test_every_locked_package_has_hashes() -> None:
    """The lock is installed with --require-hashes: each pin carries at least one sha256."""
    entries = re.split(r"(?m)^(?=[A-Za-z0-9])", LOCK.read_text("utf-8"))
    pins = [entry for entry in entries if PIN.match(entry)]
    assert pins
    for entry in pins:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]


@pytest.mark.parametrize(
    "source", ["pyproject.toml", "README.md", "LICENSE", "src", "fixtures", LOCK.name]
)
def test_the_build_context_keeps_what_the_build_copies(source: str) -> None:
    """.containerignore lets through every file the Containerfile COPYs."""
    ignore = (ROOT / ".containerignore").read_text("utf-8").splitlines()
    assert "*" in ignore
    assert any(line.startswith("!") and line.rstrip("/").endswith(source) for line in ignore)
    assert source in CONTAINERFILE.read_text("utf-8")
