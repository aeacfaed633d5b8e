#!/usr/bin/env python3
"""The two set-up commands: ``python3 dev.py serve`` and ``python3 dev.py test``.

Each installs what it needs on first use (a local .venv with the pinned Python packages; for the
tests also node packages under node_modules and, when missing and we are root, Debian packages),
then runs. Only the standard library is used here, so a fresh Python 3.11+ is enough.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
PY = BIN / "python"
# Debian packages the tests use: libical's introspection bindings (an independent iCalendar parser);
# Chromium for the browser tests of the public pages (playwright-core drives it; npm's own browser
# download does not work on closed networks), with Noto fonts so pages render the same everywhere;
# nginx, which serves the static export in tests/test_export_nginx.py; poppler-utils (pdftotext,
# pdftoppm) to read the printed pages.
APT_PACKAGES = (
    "python3-gi",
    "gir1.2-ical-3.0",
    "chromium",
    "fonts-noto-core",
    "nginx",
    "poppler-utils",
)


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    """Run a command from the repo root; stop with its status when it fails."""
    print("+", " ".join(str(c) for c in cmd), flush=True)
    status = subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)
    if status != 0:
        raise SystemExit(status)


def _stamp(extra: str) -> str:
    text = (ROOT / "pyproject.toml").read_bytes() + extra.encode()
    package_json = ROOT / "package.json"
    if package_json.exists():
        text += package_json.read_bytes()
    return hashlib.sha256(text).hexdigest()


def ensure_venv(extra: str) -> None:
    """Create .venv and install the project (with ``extra`` dependencies) when it changed."""
    stamp_file = VENV / f".installed-{extra or 'base'}"
    stamp = _stamp(extra)
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip==25.3")
    target = f".[{extra}]" if extra else "."
    run(PY, "-m", "pip", "install", "--quiet", "--editable", target)
    stamp_file.write_text(stamp)


def _apt_missing() -> list[str]:
    if shutil.which("dpkg-query") is None:
        return list(APT_PACKAGES)
    missing = []
    for package in APT_PACKAGES:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
        )
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def ensure_system_packages() -> None:
    """Install the Debian packages the tests need when they are missing (as root, via apt-get)."""
    missing = _apt_missing()
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        print(f"note: Debian packages missing and not installable here: {' '.join(missing)}")
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def ensure_node_packages() -> None:
    """Install the node packages of package.json (exact versions of package-lock.json)."""
    if not (ROOT / "package.json").exists():
        return
    if shutil.which("npm") is None:
        print("note: npm not found; the node-based checks will fail")
        return
    stamp_file = ROOT / "node_modules" / ".installed"
    stamp = _stamp("node")
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return
    run("npm", "ci", "--no-audit", "--no-fund", "--silent")
    stamp_file.write_text(stamp)


def check_against_parent() -> None:
    """Run ``pemilu-api check --previous`` against the fixtures of the parent commit."""
    git = shutil.which("git")
    parent = None
    if git is not None and (ROOT / ".git").exists():
        found = subprocess.run(
            [git, "rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        parent = found.stdout.strip() if found.returncode == 0 else None
    if git is None or parent is None:
        print("check --previous: skipped: there is no parent commit to compare the fixtures with")
        return
    names = subprocess.run(
        [git, "ls-tree", "-r", "--name-only", parent, "--", "fixtures"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            target = Path(folder) / Path(name).relative_to("fixtures")
            target.parent.mkdir(parents=True, exist_ok=True)
            blob = subprocess.run(
                [git, "show", f"{parent}:{name}"], cwd=ROOT, capture_output=True, check=True
            )
            target.write_bytes(blob.stdout)
        print(f"check --previous: the fixtures of the parent commit {parent[:12]}")
        run(BIN / "pemilu-api", "check", "fixtures", "--previous", folder)


def serve(args: list[str]) -> None:
    """Serve the API on 127.0.0.1:8000 from the bundled fixtures (flags pass through)."""
    ensure_venv("")
    os.execv(BIN / "pemilu-api", [str(BIN / "pemilu-api"), "serve", *args])


def test(args: list[str]) -> None:
    """Install what the tests need, lint, type-check and run the whole suite."""
    ensure_venv("test")
    ensure_system_packages()
    ensure_node_packages()
    code = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "src", ROOT / "tests", ROOT / "bench", ROOT / "scripts")
        if any(p.rglob("*.py"))
    ] + ["dev.py"]
    run(BIN / "ruff", "check", *code)
    run(BIN / "ruff", "format", "--check", *code)
    run(BIN / "mypy", "--strict", *code)
    run(BIN / "lint-imports")
    run(BIN / "pemilu-api", "check")
    check_against_parent()
    run(PY, "-m", "pytest", *args)


def main() -> None:
    """Dispatch ``serve`` or ``test``."""
    commands = {"serve": serve, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        raise SystemExit(f"usage: python3 {Path(__file__).name} {{serve|test}} [args...]")
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
