"""The static export: every resource that does not read the clock, as files nginx serves as the API.

``export(app, directory)`` asks the app for every exportable URL (``export_plan``: its routes,
filled in from the data set), fetches each through the app itself, so the bytes, ETags and headers
are exactly what the server sends, and writes each body once under ``directory/files``: the
server's gzip bytes where it gzips (nginx decompresses them for clients that do not accept gzip),
else the identity bytes; URLs with the same body share one file. ``directory/manifest.json``
(``manifest``) records them, with where the region picker's form leads; ``nginx_conf.write_nginx``
turns the manifest into an nginx configuration.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import hashlib
import os
import shutil
from collections import Counter
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from litestar import Litestar
from litestar.testing import TestClient

from pemilu_api.domain.dataset import Dataset
from pemilu_api.ops.export_plan import EXPORT_BASE, exportable_urls, plan
from pemilu_api.ops.manifest import FILES, MANIFEST, Entry, Group, Manifest, Picker, Target
from pemilu_api.render.urls import Urls
from pemilu_api.web.lookup import canonical_code

__all__ = ["FILES", "Entry", "Manifest", "export", "exportable_urls"]

# An Origin sent with every fetch, so the CORS headers the app adds can be recorded.
PROBE_ORIGIN = "https://export.invalid"
# A path no route answers: its 404 problem document becomes the template of nginx's 404.
PROBE_PATH = "/.pemilu-export-probe"
EXTENSIONS = {
    "application/json": ".json",
    "text/calendar": ".ics",
    "text/plain": ".txt",
    "text/html": ".html",
    "text/css": ".css",
    "text/javascript": ".js",
    "application/atom+xml": ".atom",
}
# Headers nginx sets itself or the config derives from the manifest's own fields.
SPECIAL_HEADERS = {
    "date",
    "server",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "content-encoding",
    "content-type",
    "etag",
    "last-modified",
}
CORS_PREFIX = "access-control-"
IDENTITY = {"Accept-Encoding": "identity", "Origin": PROBE_ORIGIN}
GZIP = {"Accept-Encoding": "gzip"}
# The region picker's form fields (GET Urls.regions_page?province=P&code=C).
PICK_PROVINCE = "province"
PICK_CODE = "code"

Client = TestClient[Litestar]
CorsSet = tuple[tuple[str, str], ...]
# A stored body: (sha256 of the bytes written, gzip or not, Last-Modified) -> its file name.
Stored = dict[tuple[str, bool, str], str]


def _file_name(target: Target, content_type: str) -> str:
    media = content_type.split(";")[0].strip()
    variant = "_" + ",".join(f"{k}-{v}" for k, v in target.query)
    folder = target.path.strip("/")
    name = f"{folder}/{variant}" if folder else variant
    return name + EXTENSIONS.get(media, ".bin")


def _raw(client: Client, method: str, url: str, headers: dict[str, str]) -> Any:
    """Fetch without decoding the body or following a redirect: (response, raw bytes)."""
    with client.stream(method, url, headers=headers, follow_redirects=False) as response:
        return response, b"".join(response.iter_raw())


def _split_headers(headers: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(generic headers, CORS headers) of a response, names lower-cased."""
    generic: dict[str, str] = {}
    cors: dict[str, str] = {}
    for name, value in headers.items():
        lower = name.lower()
        if lower.startswith(CORS_PREFIX):
            cors[lower] = value
        elif lower not in SPECIAL_HEADERS:
            generic[lower] = value
    return generic, cors


def _set_mtime(path: Path, http_date: str) -> None:
    stamp = calendar.timegm(parsedate_to_datetime(http_date).astimezone(dt.UTC).timetuple())
    os.utime(path, (stamp, stamp))


def _problem_template(client: Client, method: str, path: str) -> dict[str, Any]:
    response, body = _raw(client, method, path, IDENTITY)
    generic, _ = _split_headers(response.headers)
    return {
        "status": response.status_code,
        "content_type": response.headers["content-type"],
        "body": body.decode("utf-8"),
        "instance": path,
        "headers": generic,
    }


def _fresh_folder(files: Path) -> None:
    if files.exists():
        shutil.rmtree(files)
    files.mkdir(parents=True)


def _write(path: Path, body: bytes, last_modified: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    _set_mtime(path, last_modified)


def _check_gzip(url: str, gzipped: bytes, identity: bytes) -> None:
    """The app's gzip body holds the identity body, and its header neither a time nor a name.

    nginx's gunzip serves identity clients from it, and the export's bytes must not depend on
    when it ran.
    """
    # RFC 1952: FLG (byte 3) and MTIME (bytes 4-7) are zero in a deterministic member.
    if gzipped[3] != 0 or gzipped[4:8] != b"\0\0\0\0":
        raise ValueError(f"{url}: gzip header with a file name or time: {gzipped[:10].hex()}")
    if gzip.decompress(gzipped) != identity:
        raise ValueError(f"{url}: the gzip body does not hold the identity body")


def _store(
    files: Path, stored: Stored, name: str, body: bytes, gzipped: bool, last_modified: str
) -> str:
    """Write ``body`` as ``name`` (``name.gz`` when gzipped) unless an equal one is stored: its name."""
    key = (hashlib.sha256(body).hexdigest(), gzipped, last_modified)
    if key not in stored:
        _write(files / (name + ".gz" if gzipped else name), body, last_modified)
        stored[key] = name
    return stored[key]


def _export_one(
    client: Client, files: Path, stored: Stored, target: Target
) -> tuple[Entry, CorsSet] | str:
    """Fetch ``target`` and store its body: its entry and CORS headers, or why it was skipped."""
    response, body = _raw(client, "GET", target.url, IDENTITY)
    etag = response.headers.get("etag")
    if response.status_code != 200:
        return f"status {response.status_code}"
    if etag is None:
        return "no ETag: reads the clock"
    generic, cors = _split_headers(response.headers)
    content_type = response.headers["content-type"]
    last_modified = response.headers["last-modified"]
    zipped, zipped_body = _raw(client, "GET", target.url, GZIP)
    gzip_etag: str | None = None
    if zipped.headers.get("content-encoding") == "gzip":
        _check_gzip(target.url, zipped_body, body)
        gzip_etag = zipped.headers["etag"]
        body = zipped_body
    name = _store(
        files, stored, _file_name(target, content_type), body, gzip_etag is not None, last_modified
    )
    entry = Entry(
        url=target.url,
        path=target.path,
        query=dict(target.query),
        group=target.group,
        values=dict(target.values),
        file=name,
        content_type=content_type,
        etag=etag,
        gzip_etag=gzip_etag,
        last_modified=last_modified,
        headers=generic,
    )
    return entry, tuple(sorted(cors.items()))


def _picker(client: Client, dataset: Dataset, groups: list[Group]) -> tuple[Picker, CorsSet] | None:
    """Where the region picker's form leads (None when the app does not redirect it).

    The codes and their provinces come from the data set, their spellings from the app's own
    reading of codes; one kabupaten/kota is asked of the app, with the page language kept, to
    check where the redirect leads and to record its status and headers.
    """
    path = Urls.regions_page
    group = next((g for g in groups if path in g.routes), None)
    place = next((r for r in dataset.regions.values() if r.code != r.province), None)
    if group is None or place is None:
        return None
    kept = [r for r in group.params if r.name not in (PICK_PROVINCE, PICK_CODE)]
    if len(kept) > 1:
        raise ValueError(f"the picker's page reads more than one other parameter: {kept}")
    query = {PICK_PROVINCE: place.province, PICK_CODE: place.code}
    suffix = ""
    for rule in kept:
        other = next((v for v in rule.values if v != rule.default), None)
        if other is not None:
            query[rule.name] = other
            suffix = f"?{urlencode({rule.name: other})}"
    response, _ = _raw(client, "GET", f"{path}?{urlencode(query)}", IDENTITY)
    if not response.is_redirect:
        return None
    generic, cors = _split_headers(response.headers)
    picker = Picker(
        path=path,
        page=Urls.region_page("{code}"),
        codes={
            spelling: code
            for code in dataset.regions
            for spelling in (code, code.replace(".", ""))
            if canonical_code(spelling) == code
        },
        provinces={code: region.province for code, region in dataset.regions.items()},
        keep=kept[0].name if kept else "",
        status=response.status_code,
        headers={**generic, "content-type": response.headers["content-type"]},
    )
    location = picker.headers.pop("location")
    if location != picker.target(place.code) + suffix:
        raise ValueError(f"the picker's redirect leads elsewhere: {location}")
    return picker, tuple(sorted(cors.items()))


def _only_cors(seen: Counter[CorsSet]) -> dict[str, str]:
    """The one set of CORS headers every resource carries (they must not differ)."""
    if len(seen) > 1:
        raise ValueError(f"CORS headers differ between resources: {sorted(seen)}")
    return dict(next(iter(seen))) if seen else {}


def _manifest(
    client: Client, entries: list[Entry], groups: list[Group], cors: dict[str, str]
) -> Manifest:
    """The manifest of ``entries``, with the preflight's headers and the 404/405 templates."""
    preflight = client.options(
        entries[0].url if entries else "/",
        headers={"Origin": PROBE_ORIGIN, "Access-Control-Request-Method": "GET"},
    )
    return Manifest(
        entries=entries,
        groups=groups,
        cors=cors,
        preflight={
            k.lower(): v for k, v in preflight.headers.items() if k.lower() not in SPECIAL_HEADERS
        },
        not_found=_problem_template(client, "GET", PROBE_PATH),
        method_not_allowed=_problem_template(client, "POST", entries[0].path if entries else "/"),
    )


def export(app: Litestar, directory: Path) -> Manifest:
    """Fetch every static resource of ``app`` and store each body once under ``directory``."""
    files = directory / FILES
    _fresh_folder(files)
    entries: list[Entry] = []
    skipped: dict[str, str] = {}
    stored: Stored = {}
    cors_seen: Counter[CorsSet] = Counter()
    with TestClient(app, base_url=EXPORT_BASE) as client:
        targets, groups = plan(client, app)
        for target in targets:
            result = _export_one(client, files, stored, target)
            if isinstance(result, str):
                skipped[target.url] = result
                continue
            entries.append(result[0])
            cors_seen[result[1]] += 1
        picked = _picker(client, app.state.store.dataset, groups)
        if picked is not None:
            cors_seen[picked[1]] += 1
        manifest = _manifest(client, entries, groups, {})
    manifest.cors = _only_cors(cors_seen)
    # Sorted: the app lists some routes (its OpenAPI plugin's) in an order that varies by run.
    manifest.skipped = dict(sorted(skipped.items()))
    manifest.picker = picked[0] if picked else None
    (directory / MANIFEST).write_text(manifest.to_json(), "utf-8")
    return manifest
