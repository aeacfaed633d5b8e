#!/usr/bin/env bash
# Regenerate scripts/container-requirements.txt: every runtime dependency of the image at an exact
# version with hashes, from pyproject.toml. Run after changing the dependencies in pyproject.toml
# (tests/ops/test_server_container.py fails until the lock has the same pins).
#
# Left out on purpose (--unsafe-package): what Litestar declares for its command line (rich,
# rich-click, pygments, markdown-it-py, mdurl) and for OpenAPI example generation (polyfactory,
# faker); the server imports none of them, and they would be 40 MB of the image.
# scripts/container-check.sh runs the built image to prove it.
set -euo pipefail
cd "$(dirname "$0")/.."
LEFT_OUT=(faker polyfactory pygments rich rich-click markdown-it-py mdurl)
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools/venv"
"$tools/venv/bin/pip" install --quiet pip-tools==7.6.2
args=()
for package in "${LEFT_OUT[@]}"; do args+=(--unsafe-package "$package"); done
"$tools/venv/bin/pip-compile" --quiet --generate-hashes --strip-extras --no-emit-index-url \
    --no-emit-find-links "${args[@]}" --output-file scripts/container-requirements.txt pyproject.toml
# pip-compile ends with a warning about the unpinned packages: say what they are instead.
python3 - "${LEFT_OUT[@]}" <<'PY'
import sys
from pathlib import Path

path = Path("scripts/container-requirements.txt")
text = path.read_text()
head, _, _ = text.partition("\n# WARNING:")
note = (
    "\n# Not installed in the image (see scripts/lock-container.sh): "
    + ", ".join(sys.argv[1:])
    + ".\n"
)
path.write_text(head.rstrip("\n") + "\n" + note)
PY
echo "wrote scripts/container-requirements.txt"
