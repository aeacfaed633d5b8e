"""The static export: every resource that does not read the clock, as files nginx serves as the API.

``export(app, directory)`` asks the app for every exportable URL (its routes, filled in from the data
set), fetches each through the app itself, so the bytes, ETags and headers are exactly what the
server sends, and writes them under ``directory/files`` with a precompressed ``.gz`` wherever the
server gzips. ``write_nginx`` turns the manifest into an nginx configuration that answers like the
server: content types, both ETags, Last-Modified, 304s, Cache-Control, Vary, CORS, security headers
and problem documents for 404 and 405. What cannot be exported (filtered queries, ``/v1/now``,
redirects from undotted region codes) is proxied to a live server when one is named, else 404.
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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from urllib.parse import urlencode

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from pemilu_api.dataset import Dataset
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
# Spellings tried for boolean query parameters; only those the app answers identically are kept.
BOOL_SPELLINGS = {
    "true": ("true", "True", "TRUE", "1"),
    "false": ("false", "False", "FALSE", "0"),
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
HEADER_CASE = {"etag": "ETag", "content-security-policy": "Content-Security-Policy"}


@dataclass(frozen=True)
class QueryParam:
    """A query parameter of a lenient route (one that ignores unknown parameters): its values."""

    name: str
    default: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Target:
    """One URL to export: its path, canonical query, and the route's lenient parameters."""

    path: str
    query: tuple[tuple[str, str], ...] = ()
    lenient: tuple[QueryParam, ...] | None = None

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
    lenient: list[str] | None
    file: str
    content_type: str
    etag: str
    gzip_etag: str | None
    last_modified: str
    headers: dict[str, str]


@dataclass
class Manifest:
    """Everything nginx needs: entries, how lenient parameters are spelled, CORS and error templates."""

    entries: list[Entry]
    spellings: dict[str, dict[str, str]]
    defaults: dict[str, str]
    cors: dict[str, str]
    preflight: dict[str, str]
    not_found: dict[str, Any]
    method_not_allowed: dict[str, Any]
    skipped: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """The manifest as pretty JSON."""
        data = {
            "entries": [vars(e) for e in self.entries],
            "spellings": self.spellings,
            "defaults": self.defaults,
            "cors": self.cors,
            "preflight": self.preflight,
            "not_found": self.not_found,
            "method_not_allowed": self.method_not_allowed,
            "skipped": self.skipped,
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def load(cls, directory: Path) -> Manifest:
        """Read ``directory/manifest.json``."""
        data = json.loads((directory / MANIFEST).read_text("utf-8"))
        data["entries"] = [Entry(**e) for e in data["entries"]]
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


def lenient_params(handler: HTTPRouteHandler, path_names: set[str]) -> tuple[QueryParam, ...]:
    """The enumerable query parameters (literals and booleans) of a lenient route."""
    params: list[QueryParam] = []
    signature = handler.parsed_fn_signature.parameters
    for name in sorted(allowed_query(handler) - path_names):
        found = signature.get(name)
        if found is None:
            continue
        annotation, default = found.annotation, found.default
        if annotation is bool and isinstance(default, bool):
            params.append(QueryParam(name, _spell(default), ("false", "true")))
        elif get_origin(annotation) is Literal and isinstance(default, str):
            params.append(QueryParam(name, default, tuple(str(a) for a in get_args(annotation))))
    return tuple(params)


def _spell(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def exportable_targets(app: Litestar) -> list[Target]:
    """Every GET route of ``app`` filled in from its data set: the URLs an export tries.

    Path parameters are filled from the data (elections, their stages, regions, doc assets);
    lenient routes (feeds) get every combination of their literal and boolean parameters;
    other routes only their unfiltered form. Whether a URL is static is decided on fetching.
    """
    dataset: Dataset = app.state.store.dataset
    targets: list[Target] = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        handler = _get_handler(route)
        if handler is None:
            continue
        names = list(route.path_parameters)
        lenient = (
            lenient_params(handler, set(names)) if handler.opt.get(LENIENT) else None
        )
        for bound in _bindings(route, names, dataset, {}):
            path = route.path
            for name, value in bound.items():
                path = re.sub(r"\{" + re.escape(name) + r"(:[^}]*)?\}", value, path)
            if "{" in path:
                continue
            for query in _variants(lenient or ()):
                targets.append(Target(path, query, lenient))
    return targets


def _bindings(
    route: HTTPRoute, names: list[str], dataset: Dataset, bound: dict[str, str]
) -> Iterator[dict[str, str]]:
    if not names:
        yield bound
        return
    values = _path_values(route, names[0], dataset, bound)
    for value in values or ():
        yield from _bindings(route, names[1:], dataset, {**bound, names[0]: value})


def _variants(params: Sequence[QueryParam]) -> Iterator[tuple[tuple[str, str], ...]]:
    """Every combination of values; a parameter at its default is left out of the URL."""
    for combo in itertools.product(*(p.values for p in params)):
        yield tuple((p.name, v) for p, v in zip(params, combo, strict=True) if v != p.default)


# --- fetching and writing ---------------------------------------------------------------------


def _file_name(target: Target, content_type: str) -> str:
    media = content_type.split(";")[0].strip()
    variant = "_" + ",".join(f"{k}-{v}" for k, v in target.query)
    return target.path.strip("/") + ("/" if target.path != "/" else "") + variant + (
        EXTENSIONS.get(media, ".bin")
    )


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


def _verified_spellings(
    client: TestClient[Litestar], targets: list[Target]
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """For each lenient parameter: every spelling the app answers as the canonical value."""
    spellings: dict[str, dict[str, str]] = {}
    defaults: dict[str, str] = {}
    probes = {t.path: t for t in targets if t.lenient and not t.query}
    for probe in probes.values():
        for param in probe.lenient or ():
            defaults.setdefault(param.name, param.default)
            table = spellings.setdefault(param.name, {})
            for value in param.values:
                canonical = client.get(
                    f"{probe.path}?{urlencode({param.name: value})}",
                    headers={"Accept-Encoding": "identity"},
                )
                for spelling in BOOL_SPELLINGS.get(value, (value,)):
                    if spelling in table:
                        continue
                    answer = client.get(
                        f"{probe.path}?{urlencode({param.name: spelling})}",
                        headers={"Accept-Encoding": "identity"},
                    )
                    if answer.status_code == 200 and answer.content == canonical.content:
                        table[spelling] = value
        probes.clear()
        break
    return spellings, defaults


def export(app: Litestar, directory: Path) -> Manifest:
    """Fetch every static resource of ``app`` and write it (and its .gz) under ``directory``."""
    files = directory / FILES
    if files.exists():
        shutil.rmtree(files)
    files.mkdir(parents=True)
    targets = exportable_targets(app)
    entries: list[Entry] = []
    skipped: dict[str, str] = {}
    cors_seen: Counter[tuple[tuple[str, str], ...]] = Counter()
    with TestClient(app, base_url="http://export.invalid") as client:
        spellings, defaults = _verified_spellings(client, targets)
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
                    lenient=[p.name for p in target.lenient] if target.lenient else None,
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
        spellings=spellings,
        defaults=defaults,
        cors=cors,
        preflight={
            k.lower(): v
            for k, v in preflight.headers.items()
            if k.lower() not in SPECIAL_HEADERS
        },
        not_found=not_found,
        method_not_allowed=not_allowed,
        skipped=skipped,
    )
    (directory / MANIFEST).write_text(manifest.to_json(), "utf-8")
    return manifest


# --- the nginx configuration ------------------------------------------------------------------


def quote(value: str) -> str:
    """An nginx double-quoted string (no ``$``: nginx would read a variable)."""
    if "$" in value:
        raise ValueError(f"a literal with $ cannot be written into nginx config: {value!r}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _header_name(lower: str) -> str:
    return HEADER_CASE.get(lower, "-".join(part.capitalize() for part in lower.split("-")))


# Accept-Encoding admits gzip: a gzip, x-gzip or * coding whose q (if given) is a positive number.
_POSITIVE_Q = r"(?:0*[1-9][0-9]*(?:\.[0-9]*)?|0*\.[0-9]*[1-9][0-9]*|0+\.[0-9]*[1-9][0-9]*)"
_NO_Q = r"(?:^|,)\s*(?:x-gzip|gzip|\*)\s*(?:;(?:(?!\s*q\s*=)[^,;])*)*\s*(?:,|$)"
_WITH_Q = (
    r"(?:^|,)\s*(?:x-gzip|gzip|\*)\s*(?:;(?:(?!\s*q\s*=)[^,;])*)*"
    r";\s*q\s*=\s*" + _POSITIVE_Q + r"\s*(?:;(?:(?!\s*q\s*=)[^,;])*)*\s*(?:,|$)"
)
GZIP_PATTERNS = (_NO_Q, _WITH_Q)
# If-None-Match lists the ETag (weak comparison) or is "*": "ETAG|HEADER".
NOT_MODIFIED_PATTERNS = (
    r'^("[^"]+")\|(?:.*,)?\s*(?:W/)?\1\s*(?:,.*)?$',
    r'^"[^"]+"\|\s*\*\s*$',
)
# The request path, when it can be written into a JSON string as is (the problem's instance).
INSTANCE_PATTERN = r"^(?<pemilu_path>/[A-Za-z0-9._~/:@,;=+!*()-]*)(?:\?.*)?$"


def _map(source: str, variable: str, table: Mapping[str, str], default: str = '""') -> str:
    lines = [f'map "{source}" {variable} {{', f"    default {default};"]
    lines += [f"    {quote(k)} {quote(v)};" for k, v in table.items()]
    lines.append("}")
    return "\n".join(lines)


def _regex_map(
    source: str,
    variable: str,
    patterns: Sequence[tuple[str, str]],
    default: str,
    *,
    caseless: bool = False,
) -> str:
    lines = [f'map "{source}" {variable} {{', f"    default {default};"]
    tilde = "~*" if caseless else "~"
    for pattern, value in patterns:
        if not pattern:
            # An empty value (an absent argument) is matched as a string: a regex never sees it.
            lines.append(f'    "" {value};')
        elif '"' in pattern:
            lines.append(f"    '{tilde}{pattern}' {value};")
        else:
            lines.append(f'    "{tilde}{pattern}" {value};')
    lines.append("}")
    return "\n".join(lines)


def _lenient_key(names: Sequence[str], values: Mapping[str, str]) -> str:
    return "&".join(f"{n}={values[n]}" for n in names)


def nginx_maps(manifest: Manifest) -> str:
    """The http-level maps: request -> file, file -> validators and headers."""
    names = sorted(manifest.spellings)
    strict: dict[str, str] = {}
    lenient: dict[str, str] = {}
    for entry in manifest.entries:
        if entry.lenient is None:
            strict[f"{entry.path}?"] = f"{entry.file}|{entry.path}"
            continue
        options = []
        for name in names:
            value = entry.query.get(name, manifest.defaults.get(name, ""))
            default = manifest.defaults.get(name)
            if name not in entry.lenient:
                options.append([""])
            elif value == default:
                options.append(["", value])
            else:
                options.append([value])
        for combo in itertools.product(*options):
            key = _lenient_key(names, dict(zip(names, combo, strict=True)))
            lenient[f"{entry.path}?{key}"] = f"{entry.file}|{entry.path}"
    out = [
        "# Generated by `pemilu-api export`: which file answers a request, and its headers.",
        "map_hash_max_size 262144;",
        "map_hash_bucket_size 256;",
        # nginx matches map strings case-insensitively: each table gives "file|path", and the
        # file is only taken when the request's path is that path exactly (a backreference).
        _map("$uri?$args", "$pemilu_strict", strict),
    ]
    for name in names:
        by_value: dict[str, list[str]] = {}
        for spelling, value in manifest.spellings[name].items():
            by_value.setdefault(value, []).append(re.escape(spelling))
        patterns = [("", '""')] + [
            (f"^(?:{'|'.join(sorted(spellings))})$", quote(value))
            for value, spellings in sorted(by_value.items())
        ]
        out.append(_regex_map(f"$arg_{name}", f"$pemilu_q_{name}", patterns, '"!"'))
    lenient_source = "$uri?" + "&".join(f"{n}=$pemilu_q_{n}" for n in names)
    out.append(_map(lenient_source, "$pemilu_lenient", lenient))
    out.append(
        'map $pemilu_strict $pemilu_match {\n    default $pemilu_strict;\n'
        '    "" $pemilu_lenient;\n}'
    )
    out.append(
        _regex_map(
            "$pemilu_match|$uri",
            "$pemilu_file",
            [(r"^(?<pemilu_f>[^|]+)\|(?<pemilu_u>[^|]*)\|\k<pemilu_u>$", "$pemilu_f")],
            '""',
        )
    )
    by_file = {e.file: e for e in manifest.entries}
    out.append(_map("$pemilu_file", "$pemilu_etag_identity", {f: e.etag for f, e in by_file.items()}))
    out.append(
        _map(
            "$pemilu_file",
            "$pemilu_etag_gzip",
            {f: e.gzip_etag for f, e in by_file.items() if e.gzip_etag},
        )
    )
    out.append(
        _map("$pemilu_file", "$pemilu_last_modified", {f: e.last_modified for f, e in by_file.items()})
    )
    out.append(
        _map("$pemilu_file", "$pemilu_content_type", {f: e.content_type for f, e in by_file.items()})
    )
    # A 304 carries no Content-Type (as the server sends it).
    out.append(
        _regex_map(
            "$status|$pemilu_content_type", "$pemilu_content_type_200", [("^304", '""')],
            "$pemilu_content_type",
        )
    )
    for index, (name, varying) in enumerate(_varying_headers(manifest)[1].items()):
        out.append(f"# {_header_name(name)}")
        out.append(
            _map("$pemilu_file", f"$pemilu_h{index}", varying.exceptions, quote(varying.usual))
        )
    out.append(
        _regex_map(
            "$http_accept_encoding",
            "$pemilu_accepts_gzip",
            [(p, "1") for p in GZIP_PATTERNS],
            "0",
            caseless=True,
        )
    )
    out.append(
        _regex_map("$pemilu_accepts_gzip$pemilu_etag_gzip", "$pemilu_gzip", [("^1.", "1")], "0")
    )
    out.append(
        'map $pemilu_gzip $pemilu_etag {\n    default $pemilu_etag_identity;\n'
        "    1 $pemilu_etag_gzip;\n}"
    )
    out.append(
        _regex_map(
            "$pemilu_etag|$http_if_none_match",
            "$pemilu_not_modified",
            [(p, "1") for p in NOT_MODIFIED_PATTERNS],
            "0",
        )
    )
    out.append(
        _regex_map(
            "$pemilu_gzip:$pemilu_file",
            "$pemilu_target",
            [
                ("^.:$", f'"{INTERNAL}/missing"'),
                ("^1:(?<pemilu_f>.+)$", f'"{INTERNAL}/gzip/$pemilu_f"'),
                ("^0:(?<pemilu_f>.+)$", f'"{INTERNAL}/identity/$pemilu_f"'),
            ],
            f'"{INTERNAL}/missing"',
        )
    )
    out.append(
        _regex_map(
            "$request_method:$pemilu_file",
            "$pemilu_bad_method",
            [("^(?:GET|HEAD):", "0"), ("^[A-Z]+:.", "1")],
            "0",
        )
    )
    out.append(
        _regex_map(
            "$request_method|$http_origin|$http_access_control_request_method",
            "$pemilu_preflight",
            [(r"^OPTIONS\|.+\|(?:GET|HEAD)$", "1")],
            "0",
        )
    )
    for index, (name, value) in enumerate(sorted(manifest.cors.items())):
        out.append(f"# {_header_name(name)} (only when the request has an Origin)")
        out.append(_map("$http_origin", f"$pemilu_cors{index}", {"": ""}, quote(value)))
    out.append(
        _regex_map(
            "$request_uri",
            "$pemilu_instance",
            [(INSTANCE_PATTERN.replace("pemilu_path", "pemilu_p"), '",\\"instance\\":\\"$pemilu_p\\""')],
            '""',
        )
    )
    return "\n\n".join(out) + "\n"


@dataclass(frozen=True)
class Varying:
    """A header whose value depends on the file: the most common value, and the exceptions."""

    usual: str
    exceptions: dict[str, str]


def _varying_headers(manifest: Manifest) -> tuple[dict[str, str], dict[str, Varying]]:
    """Headers equal on every entry (constant) and those that vary (a usual value and exceptions)."""
    names = sorted({n for e in manifest.entries for n in e.headers})
    constant: dict[str, str] = {}
    varying: dict[str, Varying] = {}
    for name in names:
        values = {e.file: e.headers.get(name, "") for e in manifest.entries}
        counts = Counter(values.values())
        usual = counts.most_common(1)[0][0]
        if len(counts) == 1:
            constant[name] = usual
        else:
            varying[name] = Varying(usual, {f: v for f, v in values.items() if v != usual})
    return constant, varying


def _add_headers(lines: Sequence[tuple[str, str]], always: bool = False) -> list[str]:
    suffix = " always" if always else ""
    return [f"add_header {_header_name(n)} {v}{suffix};" for n, v in lines]


def nginx_server(manifest: Manifest, files: Path, upstream: str | None) -> str:
    """The directives of a server block serving the export (include it in a ``server {}``)."""
    constant, varying = _varying_headers(manifest)
    generic = [(n, quote(v)) for n, v in constant.items()] + [
        (n, f"$pemilu_h{i}") for i, n in enumerate(varying)
    ]
    cors = [(n, f"$pemilu_cors{i}") for i, n in enumerate(sorted(manifest.cors))]
    validators = [("etag", "$pemilu_etag")]
    ok = generic + validators + [("content-type", "$pemilu_content_type_200")] + cors
    not_modified = generic + validators + [("last-modified", "$pemilu_last_modified")] + cors
    preflight = [(n, quote(v)) for n, v in sorted(manifest.preflight.items())]

    def problem(template: Mapping[str, Any]) -> list[str]:
        body: str = template["body"]
        instance = f',"instance":"{template["instance"]}"'
        if instance not in body:
            raise ValueError(f"problem template without its instance: {body}")
        body = quote(body.replace(instance, "\0")).replace("\0", "$pemilu_instance")
        headers = [(n, quote(v)) for n, v in template["headers"].items()] + cors
        return [
            f"default_type {quote(template['content_type'])};",
            *_add_headers(headers, always=True),
            f"return {template['status']} {body};",
        ]

    def block(header: str, lines: Sequence[str]) -> list[str]:
        return [header + " {", *("    " + line for line in lines), "}"]

    root = str(files.resolve()) + "/"
    missing = (
        [
            "proxy_pass http://pemilu_upstream$request_uri;",
            "proxy_http_version 1.1;",
            'proxy_set_header Connection "";',
            "proxy_set_header Host $http_host;",
        ]
        if upstream
        else problem(manifest.not_found)
    )
    lines = [
        "# Generated by `pemilu-api export`: serves the exported files as the API server would.",
        "server_tokens off;",
        "etag off;  # the server's ETags are sent explicitly (identity and gzip differ)",
        "if_modified_since before;  # files carry the data revision as mtime",
        "max_ranges 0;",
        "gzip off;",
        "charset off;",
        "merge_slashes off;",
        "types {}",
        'default_type "";',
        "error_page 404 = " + INTERNAL + "/missing;",
        *block(
            "location /",
            [
                *block("if ($pemilu_preflight)", [*_add_headers(preflight), "return 204;"]),
                *block(
                    "if ($pemilu_bad_method)",
                    [f"rewrite ^ {INTERNAL}/method last;"],
                ),
                *block(
                    "if ($pemilu_not_modified)",
                    [*_add_headers(not_modified), "return 304;"],
                ),
                "rewrite ^ $pemilu_target last;",
            ],
        ),
        *block(
            f"location {INTERNAL}/identity/",
            ["internal;", f"alias {root};", *_add_headers(ok)],
        ),
        *block(
            f"location {INTERNAL}/gzip/",
            [
                "internal;",
                f"alias {root};",
                "gzip_static always;",
                *_add_headers(ok),
            ],
        ),
        *block(f"location = {INTERNAL}/missing", ["internal;", *missing]),
        *block(
            f"location = {INTERNAL}/method",
            ["internal;", *problem(manifest.method_not_allowed)],
        ),
    ]
    return "\n".join(line for line in lines if line) + "\n"


def write_nginx(
    manifest: Manifest,
    files: Path,
    conf_dir: Path,
    *,
    listen: str = "127.0.0.1:8080",
    upstream: str | None = None,
    workers: int = 1,
) -> Path:
    """Write ``conf_dir/nginx.conf`` (run: ``nginx -p CONF_DIR -c nginx.conf``) and its includes."""
    include = conf_dir / "nginx"
    include.mkdir(parents=True, exist_ok=True)
    (conf_dir / "logs").mkdir(exist_ok=True)
    (include / "maps.conf").write_text(nginx_maps(manifest), "utf-8")
    (include / "server.conf").write_text(nginx_server(manifest, files, upstream), "utf-8")
    upstream_block = ""
    if upstream:
        host = re.sub(r"^https?://", "", upstream).rstrip("/")
        upstream_block = f"    upstream pemilu_upstream {{\n        server {host};\n        keepalive 32;\n    }}\n"
    conf = f"""# Generated by `pemilu-api export`. Run: nginx -p {conf_dir.resolve()} -c nginx.conf
worker_processes {workers};
pid nginx.pid;
error_log logs/error.log warn;
events {{
    worker_connections 4096;
}}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path tmp/client_body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    include {(include / "maps.conf").resolve()};
{upstream_block}    server {{
        listen {listen};
        include {(include / "server.conf").resolve()};
    }}
}}
"""
    (conf_dir / "tmp").mkdir(exist_ok=True)
    path = conf_dir / "nginx.conf"
    path.write_text(conf, "utf-8")
    return path
