"""What a static export records, as ``manifest.json``.

The exported URLs, their files and headers, how lenient routes read their query parameters, and
where the region picker's form leads; ``nginx_conf`` reads it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

MANIFEST = "manifest.json"
FILES = "files"
INTERNAL = "/.pemilu-export"
NOT_EXPORTED = "!"
HEADER_CASE = {"etag": "ETag", "content-security-policy": "Content-Security-Policy"}


@dataclass
class ParamRule:
    """How a lenient route reads one query parameter, as verified against the app.

    ``spellings`` maps each accepted spelling to its canonical value ("" is the parameter's absence
    and maps to ``default``); any other spelling means ``fallback`` (the default, when the app
    ignores values it does not know, or NOT_EXPORTED when it refuses them).
    """

    name: str
    default: str
    values: list[str]
    spellings: dict[str, str]
    fallback: str


@dataclass
class Group:
    """Lenient routes (ignoring unknown query parameters) that read their parameters alike."""

    routes: list[str]
    params: list[ParamRule]


@dataclass(frozen=True)
class Target:
    """One URL to export: its path, canonical query, and its lenient group's parameter values."""

    path: str
    query: tuple[tuple[str, str], ...] = ()
    group: int | None = None
    values: tuple[tuple[str, str], ...] = ()

    @property
    def url(self) -> str:
        """The URL as requested (path and canonical query)."""
        return self.path + (f"?{urlencode(self.query)}" if self.query else "")


@dataclass
class Entry:
    """One exported representation as recorded in the manifest.

    Each body is stored once: as ``file + ".gz"`` alone when the app gzips it (``gzip_etag``), else
    as ``file``. Entries whose bodies are byte for byte the same (a feed and its ``plain=true``
    variant) share the file and keep their own content type and headers.
    """

    url: str
    path: str
    query: dict[str, str]
    group: int | None
    values: dict[str, str]
    file: str
    content_type: str
    etag: str
    gzip_etag: str | None
    last_modified: str
    headers: dict[str, str]


@dataclass
class Picker:
    """The region picker's form (``path?province=P&code=C``): the region page it redirects to.

    ``codes`` maps each accepted spelling of a region code to the code, ``provinces`` each code to
    its province. The chosen code wins when it lies in the chosen province (or none is chosen),
    else the province's page is the target; ``keep`` names the lenient parameter the redirect
    keeps (the page language). ``status`` and ``headers`` are the app's redirect, less Location.
    """

    path: str
    page: str
    codes: dict[str, str]
    provinces: dict[str, str]
    keep: str
    status: int
    headers: dict[str, str]

    def target(self, code: str) -> str:
        """The page the picker leads to for region ``code``."""
        return self.page.replace("{code}", code)


@dataclass
class Manifest:
    """Everything nginx needs: entries, how lenient routes read parameters, CORS, error templates."""

    entries: list[Entry]
    groups: list[Group]
    cors: dict[str, str]
    preflight: dict[str, str]
    not_found: dict[str, Any]
    method_not_allowed: dict[str, Any]
    skipped: dict[str, str] = field(default_factory=dict)
    picker: Picker | None = None

    def to_json(self) -> str:
        """The manifest as pretty JSON."""
        return json.dumps(asdict(self), indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def load(cls, directory: Path) -> Manifest:
        """Read ``directory/manifest.json``."""
        data = json.loads((directory / MANIFEST).read_text("utf-8"))
        data["entries"] = [Entry(**e) for e in data["entries"]]
        data["groups"] = [
            Group(g["routes"], [ParamRule(**p) for p in g["params"]]) for g in data["groups"]
        ]
        data["picker"] = Picker(**data["picker"]) if data.get("picker") else None
        return cls(**data)
