"""The static export: every resource that does not read the clock, as files nginx serves as the API.

``export(app, directory)`` asks the app for every exportable URL (its routes, filled in from the data
set), fetches each through the app itself, so the bytes, ETags and headers are exactly what the
server sends, and writes them under ``directory/files`` with a precompressed ``.gz`` wherever the
server gzips; ``nginx_conf.write_nginx`` turns the manifest into an nginx configuration.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from urllib.parse import urlencode

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from pemilu_api.domain.dataset import Dataset
from pemilu_api.web.docs import ASSETS
from pemilu_api.web.query_guard import LENIENT, allowed_query

MANIFEST = "manifest.json"
FILES = "files"
# An Origin sent with every fetch, so the CORS headers the app adds can be recorded.
PROBE_ORIGIN = "https://export.invalid"
# A path no route answers: its 404 problem document becomes the template of nginx's 404.
PROBE_PATH = "/.pemilu-export-probe"
INTERNAL = "/.pemilu-export"
EXTENSIONS = {
    "application/json": ".json",
    "text/calendar": ".ics",
    "text/plain": ".txt",
    "text/html": ".html",
    "text/css": ".css",
    "text/javascript": ".js",
}
# Spellings tried for each value of a lenient query parameter (besides the value itself, in upper,
# lower and title case); only those the app answers exactly as the value are kept.
BOOL_SPELLINGS = {
    "true": ("true", "True", "TRUE", "1"),
    "false": ("false", "False", "FALSE", "0"),
}
# A value no parameter takes: how the app answers it decides what nginx does with unknown values.
PROBE_VALUE = "zz-export-probe"
NOT_EXPORTED = "!"
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
    """One exported representation as recorded in the manifest."""

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
class Manifest:
    """Everything nginx needs: entries, how lenient routes read parameters, CORS, error templates."""

    entries: list[Entry]
    groups: list[Group]
    cors: dict[str, str]
    preflight: dict[str, str]
    not_found: dict[str, Any]
    method_not_allowed: dict[str, Any]
    skipped: dict[str, str] = field(default_factory=dict)

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
        return cls(**data)


# --- which URLs -------------------------------------------------------------------------------


def _path_values(
    route: HTTPRoute, name: str, dataset: Dataset, bound: Mapping[str, str]
) -> list[str] | None:
    """The values of path parameter ``name`` in ``route``, from the data set (None: unknown)."""
    before = route.path.split("{" + name)[0].rstrip("/").rsplit("/", 1)[-1]
    if "stage" in name:
        election_key = next((k for k in bound if "election" in k or k == "id"), None)
        election = dataset.election(bound[election_key]) if election_key else None
        return [s.id for s in election.stages] if election else None
    if "election" in name or (name == "id" and before == "elections"):
        return [e.id for e in dataset.elections]
    if name in ("code", "region", "region_code") or (name == "id" and before == "regions"):
        return list(dataset.regions)
    if "asset" in name:
        return list(ASSETS)
    return None


def _get_handler(route: HTTPRoute) -> HTTPRouteHandler | None:
    for handler in route.route_handlers:
        if "GET" in handler.http_methods:
            return handler
    return None


def _spell(value: object) -> str:
    if value is None:
        return ""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _declared_values(handler: HTTPRouteHandler, name: str) -> tuple[str, tuple[str, ...]] | None:
    """(default, values) of a boolean or literal parameter; None for any other type."""
    found = handler.parsed_fn_signature.parameters.get(name)
    if found is None:
        return None
    annotation, default = found.annotation, found.default
    if annotation is bool and isinstance(default, bool):
        return _spell(default), ("false", "true")
    if get_origin(annotation) is Literal and isinstance(default, str):
        return default, tuple(str(a) for a in get_args(annotation))
    return None


@dataclass
class _Route:
    template: str
    paths: list[str]
    lenient: list[str] | None


def _routes(app: Litestar) -> list[_Route]:
    """Every GET route with its paths filled in from the data, and its lenient parameters."""
    dataset: Dataset = app.state.store.dataset
    found: list[_Route] = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        handler = _get_handler(route)
        if handler is None:
            continue
        names = list(route.path_parameters)
        paths = []
        for bound in _bindings(route, names, dataset, {}):
            path = route.path
            for name, value in bound.items():
                path = re.sub(r"\{" + re.escape(name) + r"(:[^}]*)?\}", value, path)
            if "{" not in path:
                paths.append(path)
        lenient = sorted(allowed_query(handler) - set(names)) if handler.opt.get(LENIENT) else None
        found.append(_Route(route.path, paths, lenient))
    return found


def _bindings(
    route: HTTPRoute, names: list[str], dataset: Dataset, bound: dict[str, str]
) -> Iterator[dict[str, str]]:
    if not names:
        yield bound
        return
    values = _path_values(route, names[0], dataset, bound)
    for value in values or ():
        yield from _bindings(route, names[1:], dataset, {**bound, names[0]: value})


def _candidates(app: Litestar, name: str) -> tuple[str, ...]:
    """Values to try for a parameter: those any route declares for a parameter of that name."""
    values: list[str] = []
    for route in app.routes:
        if isinstance(route, HTTPRoute) and (handler := _get_handler(route)) is not None:
            declared = _declared_values(handler, name)
            values += [v for v in declared[1] if v not in values] if declared else []
    return tuple(values)


def _rule(
    client: TestClient[Litestar], app: Litestar, handler: HTTPRouteHandler, path: str, name: str
) -> ParamRule:
    """How the route at ``path`` reads ``name``: its distinct values, spellings and fallback."""

    def answer(value: str | None) -> tuple[int, str, bytes]:
        url = path if value is None else f"{path}?{urlencode({name: value})}"
        response = client.get(url, headers={"Accept-Encoding": "identity"})
        return response.status_code, response.headers.get("content-type", ""), response.content

    declared = _declared_values(handler, name)
    default = declared[0] if declared else ""
    candidates = declared[1] if declared else _candidates(app, name)
    absent = answer(None)
    values = [default]
    spellings = {"": default}
    answers = {default: absent}
    for candidate in candidates:
        got = answer(candidate)
        if got[0] != 200:
            continue
        same = next((v for v, a in answers.items() if a == got), None)
        if same is None:
            values.append(candidate)
            answers[candidate] = got
            same = candidate
        spellings[candidate] = same
    for value in values:
        tries = {value, value.upper(), value.lower(), value.title(), *BOOL_SPELLINGS.get(value, ())}
        for spelling in sorted(tries - set(spellings) - {""}):
            if answer(spelling) == answers[value]:
                spellings[spelling] = value
    probe = answer(PROBE_VALUE)
    fallback = next((v for v, a in answers.items() if a == probe), NOT_EXPORTED)
    return ParamRule(name, default, values, spellings, fallback)


def plan(client: TestClient[Litestar], app: Litestar) -> tuple[list[Target], list[Group]]:
    """Every URL an export tries, and how each lenient route reads its query parameters.

    Path parameters are filled from the data (elections, their stages, regions, doc assets).
    Lenient routes (feeds, pages) get every combination of the values of their parameters that
    the app answers differently (tried: the values declared for that name anywhere in the app);
    other routes only their unfiltered form. Whether a URL is static is decided on fetching.
    """
    targets: list[Target] = []
    groups: list[Group] = []
    handlers = {r.path: _get_handler(r) for r in app.routes if isinstance(r, HTTPRoute)}
    for route in _routes(app):
        if route.lenient is None or not route.paths:
            targets += [Target(path) for path in route.paths]
            continue
        handler = handlers[route.template]
        if handler is None:
            continue
        rules = [_rule(client, app, handler, route.paths[0], n) for n in route.lenient]
        group = next((i for i, g in enumerate(groups) if g.params == rules), None)
        if group is None:
            groups.append(Group([route.template], rules))
            group = len(groups) - 1
        else:
            groups[group].routes.append(route.template)
        for combo in itertools.product(*(rule.values for rule in rules)):
            values = tuple((rule.name, v) for rule, v in zip(rules, combo, strict=True))
            query = tuple(
                (rule.name, v) for rule, v in zip(rules, combo, strict=True) if v != rule.default
            )
            targets += [Target(path, query, group, values) for path in route.paths]
    return targets, groups


def exportable_urls(app: Litestar) -> list[str]:
    """Every URL of ``app`` that an export tries (static or not: fetching tells)."""
    with TestClient(app, base_url="http://export.invalid") as client:
        return [target.url for target in plan(client, app)[0]]


# --- fetching and writing ---------------------------------------------------------------------


def _file_name(target: Target, content_type: str) -> str:
    media = content_type.split(";")[0].strip()
    variant = "_" + ",".join(f"{k}-{v}" for k, v in target.query)
    folder = target.path.strip("/")
    name = f"{folder}/{variant}" if folder else variant
    return name + EXTENSIONS.get(media, ".bin")


def _raw(client: TestClient[Litestar], method: str, url: str, headers: dict[str, str]) -> Any:
    """Fetch without decoding the body: (response, raw bytes)."""
    with client.stream(method, url, headers=headers) as response:
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


def _problem_template(client: TestClient[Litestar], method: str, path: str) -> dict[str, Any]:
    response, body = _raw(
        client, method, path, {"Accept-Encoding": "identity", "Origin": PROBE_ORIGIN}
    )
    generic, _ = _split_headers(response.headers)
    return {
        "status": response.status_code,
        "content_type": response.headers["content-type"],
        "body": body.decode("utf-8"),
        "instance": path,
        "headers": generic,
    }


def export(app: Litestar, directory: Path) -> Manifest:
    """Fetch every static resource of ``app`` and write it (and its .gz) under ``directory``."""
    files = directory / FILES
    if files.exists():
        shutil.rmtree(files)
    files.mkdir(parents=True)
    entries: list[Entry] = []
    skipped: dict[str, str] = {}
    cors_seen: Counter[tuple[tuple[str, str], ...]] = Counter()
    with TestClient(app, base_url="http://export.invalid") as client:
        targets, groups = plan(client, app)
        for target in targets:
            response, body = _raw(
                client, "GET", target.url, {"Accept-Encoding": "identity", "Origin": PROBE_ORIGIN}
            )
            etag = response.headers.get("etag")
            if response.status_code != 200 or etag is None:
                skipped[target.url] = (
                    f"status {response.status_code}"
                    if response.status_code != 200
                    else "no ETag: reads the clock"
                )
                continue
            generic, cors = _split_headers(response.headers)
            cors_seen[tuple(sorted(cors.items()))] += 1
            content_type = response.headers["content-type"]
            name = _file_name(target, content_type)
            path = files / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
            _set_mtime(path, response.headers["last-modified"])
            gz_response, gz_body = _raw(client, "GET", target.url, {"Accept-Encoding": "gzip"})
            gzip_etag = None
            if gz_response.headers.get("content-encoding") == "gzip":
                gzip_etag = gz_response.headers["etag"]
                gz_path = path.with_name(path.name + ".gz")
                gz_path.write_bytes(gz_body)
                _set_mtime(gz_path, response.headers["last-modified"])
            entries.append(
                Entry(
                    url=target.url,
                    path=target.path,
                    query=dict(target.query),
                    group=target.group,
                    values=dict(target.values),
                    file=name,
                    content_type=content_type,
                    etag=etag,
                    gzip_etag=gzip_etag,
                    last_modified=response.headers["last-modified"],
                    headers=generic,
                )
            )
        preflight_url = entries[0].url if entries else "/"
        preflight = client.options(
            preflight_url,
            headers={"Origin": PROBE_ORIGIN, "Access-Control-Request-Method": "GET"},
        )
        not_found = _problem_template(client, "GET", PROBE_PATH)
        method_path = entries[0].path if entries else "/"
        not_allowed = _problem_template(client, "POST", method_path)
    if len(cors_seen) > 1:
        raise ValueError(f"CORS headers differ between resources: {sorted(cors_seen)}")
    cors = dict(next(iter(cors_seen))) if cors_seen else {}
    manifest = Manifest(
        entries=entries,
        groups=groups,
        cors=cors,
        preflight={
            k.lower(): v for k, v in preflight.headers.items() if k.lower() not in SPECIAL_HEADERS
        },
        not_found=not_found,
        method_not_allowed=not_allowed,
        skipped=skipped,
    )
    (directory / MANIFEST).write_text(manifest.to_json(), "utf-8")
    return manifest
