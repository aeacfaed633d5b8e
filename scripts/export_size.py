#!/usr/bin/env python3
"""Export the bundled data set and measure it: at most 150 MB and 20,000 files.

Usage (from the repo root)::

    .venv/bin/python scripts/export_size.py [--keep DIR] [--max-mb 150] [--max-files 20000]

Runs ``pemilu-api export`` (the whole data set: every election, region, feed variant, page and
embeddable card) into a temporary folder, or into ``--keep DIR``, then counts as ``du -sb`` and
``find -type f | wc -l`` do: the apparent size of every file and folder, and the files. Prints the
figures, the largest folders and a JSON summary as the last line; exit status 0 when both are within
the limits. Bounded: one export (about 10 minutes on 2 cores), no network.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEMILU_API = ROOT / ".venv" / "bin" / "pemilu-api"


def measure(folder: Path) -> tuple[int, int, Counter[str]]:
    """(bytes as ``du -sb`` counts them, regular files, bytes by top-level folder of files/)."""
    total = folder.lstat().st_size
    files = 0
    by_folder: Counter[str] = Counter()
    for path in folder.rglob("*"):
        size = path.lstat().st_size
        total += size
        if path.is_file() and not path.is_symlink():
            files += 1
            parts = path.relative_to(folder).parts
            by_folder["/".join(parts[:2]) if parts[0] == "files" else parts[0]] += size
    return total, files, by_folder


def main() -> int:
    """Export, measure, compare with the limits."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="export here and keep it (default: a temp dir)")
    parser.add_argument("--max-mb", type=float, default=150.0, help="limit in MB (10^6 bytes)")
    parser.add_argument("--max-files", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pemilu-export-") as temporary:
        folder = args.keep or Path(temporary) / "export"
        started = time.monotonic()
        subprocess.run([str(PEMILU_API), "export", str(folder)], check=True, stdout=sys.stderr)
        seconds = time.monotonic() - started
        total, files, by_folder = measure(folder)
    ok = total <= args.max_mb * 1e6 and files <= args.max_files
    for name, size in by_folder.most_common(8):
        print(f"  {size / 1e6:8.1f} MB  {name}")
    print(
        f"export in {seconds:.0f} s: {total / 1e6:.1f} MB (limit {args.max_mb:g}), {files} files "
        f"(limit {args.max_files}): {'ok' if ok else 'FAIL'}"
    )
    summary = {"bytes": total, "files": files, "seconds": round(seconds), "ok": ok}
    print(json.dumps(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
