"""nginx serving the static export answers every exported URL exactly as the live server does.

The export is made from a trimmed copy of the fixtures (every election, a few regions: rendering
every region's feeds twice would take minutes), then nginx (Debian's, on a free loopback port) and
the live server (``pemilu-api serve``) are started, and each exported URL is asked of both: identity and gzip,
with an Origin, If-None-Match with either ETag, If-Modified-Since, HEAD; plus errors, preflight,
the region picker's form, and a second nginx that proxies what the export cannot hold to the live
server.

One difference is accepted: a body stored gzipped only reaches a client that does not take gzip
through nginx's gunzip, which weakens the ETag and sends the body chunked (no Content-Length);
``gunzipped`` says what that makes of the server's answer.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from serverproc import free_port, wait_listening

import pemilu_api
from pemilu_api.app import create_app
from pemilu_api.domain.loader import default_fixtures_dir
from pemilu_api.ops.export import FILES, Entry, Manifest, export
from pemilu_api.ops.nginx_conf import write_nginx
from pemilu_api.settings import Settings
from support.accept_encoding import accept_encodings

ORIGIN = "https://client.example"
ROOT = Path(__file__).resolve().parents[2]
PICKER_SCRIPT = ROOT / "tests" / "browser" / "check_picker.mjs"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
BROWSER_SECONDS = 180
# Provinces kept (with their first kabupaten/kota; all of DKI Jakarta, which pilkada excludes).
PROVINCES = {"11", "31", "33", "34", "51", "91"}
KEEP = {"33.05"}
START_TIMEOUT = 20.0
# The public base URL both the export and the live server are given.
PUBLIC = "https://pemilu.example"
# Headers either server sets for itself.
OWN_HEADERS = {"date", "server", "connection", "keep-alive"}


def trimmed_fixtures(target: Path) -> Path:
    """Every election file, and regions.tsv and the region lists cut to a few provinces in each zone."""
    source = default_fixtures_dir()
    target.mkdir(parents=True)
    docs = {path.name: tomllib.loads(path.read_text("utf-8")) for path in source.glob("*.toml")}
    # Regions an election lists inline stay in the table (its list may not be empty).
    named = {code for doc in docs.values() for code in doc.get("regions", ())}
    named |= {code.split(".")[0] for code in named}
    kept: list[str] = []
    seen: set[str] = set()
    for line in (source / "regions.tsv").read_text("utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) < 5 or fields[0] == "code":
            kept.append(line)
            continue
        code, level, _, province, _ = fields
        if province not in PROVINCES and code not in named:
            continue
        if (
            level == "provinsi"
            or province == "31"
            or code in KEEP
            or code in named
            or province not in seen
        ):
            kept.append(line)
            if level != "provinsi":
                seen.add(province)
    (target / "regions.tsv").write_text("\n".join(kept) + "\n", "utf-8")
    codes = {line.split("\t")[0] for line in kept}
    for name, doc in docs.items():
        # A stage held only in regions cut from the table: in the kept ones, or (none) everywhere.
        cut = False
        for stage in doc["stages"]:
            if "regions" in stage:
                inside = [code for code in stage["regions"] if code in codes]
                cut |= inside != stage["regions"]
                stage["regions"] = inside
        if cut:
            (target / name).write_text(tomli_w.dumps(doc), "utf-8")
        else:
            shutil.copy(source / name, target / name)
    (target / "held").mkdir()
    for path in (source / "held").glob("*.tsv"):
        lines = path.read_text("utf-8").splitlines()
        listed = [line for line in lines if line.startswith("#") or line in codes | {"code"}]
        (target / "held" / path.name).write_text("\n".join(listed) + "\n", "utf-8")
    return target


@dataclass
class Reply:
    """Status, lower-cased headers (less each server's own) and raw body of one response."""

    status: int
    headers: dict[str, str]
    body: bytes


class Client:
    """A keep-alive HTTP/1.1 client of one server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def ask(self, url: str, method: str = "GET", headers: Mapping[str, str] | None = None) -> Reply:
        """Send one request; the body is not decoded."""
        try:
            self.conn.request(method, url, headers=dict(headers or {}))
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed the kept-alive connection while it was idle (its keep-alive
            # timeout ran out during a slow test): ask again on a new one.
            self.conn.close()
            self.conn.request(method, url, headers=dict(headers or {}))
            response = self.conn.getresponse()
        body = response.read()
        found = {
            name.lower(): value
            for name, value in response.getheaders()
            if name.lower() not in OWN_HEADERS
        }
        return Reply(response.status, found, body)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


@dataclass
class Servers:
    """The live server, nginx on the export alone, and nginx proxying the rest to the live one."""

    manifest: Manifest
    files: Path
    live: Client
    static: Client
    proxied: Client


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started in its own session, and whatever it started (by its group id)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _nginx(conf_dir: Path) -> subprocess.Popen[bytes]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is not installed (python3 dev.py test installs Debian's nginx)")
    directives = "daemon off; master_process on;" + (" user root;" if os.geteuid() == 0 else "")
    return subprocess.Popen(
        [nginx, "-p", str(conf_dir), "-c", "nginx.conf", "-g", directives],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Export, then start the live server and two nginx; always stop all three."""
    root = tmp_path_factory.mktemp("export")
    fixtures = trimmed_fixtures(root / "fixtures")
    manifest = export(create_app(Settings(fixtures=fixtures, base_url=PUBLIC)), root / "out")
    files = root / "out" / FILES
    live_port, static_port, proxy_port = free_port(), free_port(), free_port()
    write_nginx(manifest, files, root / "static", listen=f"127.0.0.1:{static_port}")
    write_nginx(
        manifest,
        files,
        root / "proxied",
        listen=f"127.0.0.1:{proxy_port}",
        upstream=f"http://127.0.0.1:{live_port}",
    )
    processes: list[subprocess.Popen[bytes]] = []
    try:
        source = str(Path(pemilu_api.__file__).resolve().parents[1])
        path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH")) if p)
        env = {**os.environ, "PEMILU_API_FIXTURES": str(fixtures), "PYTHONPATH": path}
        env.pop("PEMILU_API_BASE_URL", None)
        processes.append(
            subprocess.Popen(
                # The production command (whatever server it runs), on the trimmed data.
                [
                    sys.executable,
                    "-m",
                    "pemilu_api",
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(live_port),
                    "--fixtures",
                    str(fixtures),
                    # The export's base URL: built with one base URL, both answer the same bytes.
                    "--base-url",
                    PUBLIC,
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        processes.append(_nginx(root / "static"))
        processes.append(_nginx(root / "proxied"))
        for port, process in zip((live_port, static_port, proxy_port), processes, strict=True):
            wait_listening(port, process, START_TIMEOUT)
        clients = [Client(live_port), Client(static_port), Client(proxy_port)]
        try:
            yield Servers(manifest, files, *clients)
        finally:
            for client in clients:
                client.close()
    finally:
        for process in processes:
            _stop(process)


def same(live: Reply, static: Reply, *, ignore: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Status, body and every header but ``ignore`` agree."""
    assert live.status == static.status
    assert live.body == static.body
    left = {k: v for k, v in live.headers.items() if k not in ignore}
    right = {k: v for k, v in static.headers.items() if k not in ignore}
    assert left == right


def gunzipped(live: Reply, method: str = "GET") -> Reply:
    """The server's identity answer as nginx's gunzip sends it: weak ETag, chunked, no length."""
    headers = {k: v for k, v in live.headers.items() if k != "content-length"}
    headers["etag"] = "W/" + headers["etag"]
    if method != "HEAD":
        headers["transfer-encoding"] = "chunked"
    return Reply(live.status, headers, live.body)


def agree(entry: Entry, live: Reply, static: Reply, method: str = "GET") -> None:
    """``same``, but through gunzip when nginx decompresses: a 200 in identity of a gzip body."""
    decompressed = (
        entry.gzip_etag is not None
        and live.status == 200
        and "content-encoding" not in live.headers
    )
    same(gunzipped(live, method) if decompressed else live, static)


def both(servers: Servers, url: str, method: str = "GET", **headers: str) -> tuple[Reply, Reply]:
    """Ask the live server and static nginx the same thing."""
    sent = {k.replace("_", "-"): v for k, v in headers.items()}
    return servers.live.ask(url, method, sent), servers.static.ask(url, method, sent)


def test_the_export_holds_every_static_resource(servers: Servers) -> None:
    """JSON, feeds, pages, docs and health are exported; /v1/now is left to the live server."""
    urls = {e.url for e in servers.manifest.entries}
    assert {"/v1/elections", "/v1/changes", "/v1/regions", "/health", "/openapi.json"} <= urls
    assert {
        "/docs",
        "/docs/swagger-ui.css",
        "/v1/calendar.ics?key=true&lang=en",
        "/?lang=en",
    } <= urls
    assert "/v1/elections/pemilu-2024/stages/kampanye" in urls
    assert "/v1/regions/33.05/calendar.ics?plain=true" in urls
    assert "/v1/now" in servers.manifest.skipped
    assert all(not url.startswith("/v1/elections/pemilu-2024/stages?") for url in urls)
    # The picker's list of kabupaten/kota: one answer per province.
    assert {"/v1/regions?province=33", "/v1/regions?province=91"} <= urls


def test_each_body_is_stored_once(servers: Servers) -> None:
    """Gzip alone where the server gzips (its exact, timeless bytes), and shared by equal bodies."""
    for entry in servers.manifest.entries:
        zipped = servers.files / (entry.file + ".gz")
        assert (entry.gzip_etag is not None) == zipped.is_file()
        assert (entry.gzip_etag is None) == (servers.files / entry.file).is_file()
        if entry.gzip_etag is not None:
            # RFC 1952 header: deflate, no flags (no file name), MTIME 0.
            assert b"\x1f\x8b\x08\x00\x00\x00\x00\x00" == zipped.read_bytes()[:8]
    by_url = {e.url: e for e in servers.manifest.entries}
    feed = by_url["/v1/regions/33.05/calendar.ics"]
    plain = by_url["/v1/regions/33.05/calendar.ics?plain=true"]
    assert feed.file == plain.file
    assert ("text/calendar", "text/plain") == (
        feed.content_type.split(";")[0],
        plain.content_type.split(";")[0],
    )
    stored = [p for p in servers.files.rglob("*") if p.is_file()]
    assert len({e.file for e in servers.manifest.entries}) == len(stored) < len(by_url)


def test_every_exported_url_is_answered_as_the_server_does(servers: Servers) -> None:
    """Identity and gzip bodies, every header, 304 on either ETag, and HEAD, for every URL."""
    checked = 0
    for entry in servers.manifest.entries:
        check_entry(servers, entry)
        checked += 1
    assert checked == len(servers.manifest.entries) > 100


def check_entry(servers: Servers, entry: Entry) -> None:
    """One exported URL, asked in every way of both servers."""
    url = entry.url
    live, static = both(servers, url, Accept_Encoding="identity", Origin=ORIGIN)
    agree(entry, live, static)
    assert 200 == live.status, url
    assert static.headers["etag"].removeprefix("W/") == entry.etag
    assert "*" == static.headers["access-control-allow-origin"]
    assert "content-encoding" not in static.headers
    if entry.gzip_etag is not None:
        stored = gzip.decompress((servers.files / (entry.file + ".gz")).read_bytes())
        # The weak ETag nginx gave is answered 304, as the server answers it.
        live_304, static_304 = both(servers, url, If_None_Match=static.headers["etag"])
        assert 304 == live_304.status, url
        same(live_304, static_304, ignore={"content-length"})
    else:
        stored = (servers.files / entry.file).read_bytes()
    assert stored == static.body

    live, static = both(servers, url, Accept_Encoding="gzip")
    same(live, static)
    assert not any(name.startswith("access-control-") for name in static.headers)
    if entry.gzip_etag is not None:
        assert static.headers["content-encoding"] == "gzip"
        assert static.headers["etag"] == entry.gzip_etag != entry.etag
    else:
        assert static.headers["etag"] == entry.etag

    # nginx's own 304 (return 304) carries Content-Length: 0; the server's carries none.
    live, static = both(servers, url, If_None_Match=entry.etag, Origin=ORIGIN)
    assert live.status == 304, url
    same(live, static, ignore={"content-length"})
    if entry.gzip_etag is not None:
        live, static = both(servers, url, If_None_Match=entry.gzip_etag, Accept_Encoding="gzip, br")
        assert live.status == 304, url
        same(live, static, ignore={"content-length"})

    live, static = both(servers, url, "HEAD", Accept_Encoding="identity")
    agree(entry, live, static, "HEAD")
    assert b"" == static.body


def test_conditional_requests_follow_the_server(servers: Servers) -> None:
    """If-Modified-Since, lists, weak forms, "*", and If-None-Match winning over a match by date."""
    entry = next(e for e in servers.manifest.entries if e.gzip_etag)
    other = '"0000"'
    cases: list[dict[str, str]] = [
        {"If-Modified-Since": entry.last_modified},
        {"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"},
        {"If-None-Match": other, "If-Modified-Since": entry.last_modified},
        {"If-None-Match": f"{other}, W/{entry.etag}"},
        {"If-None-Match": "*"},
        {"If-None-Match": entry.gzip_etag or ""},
        {"If-None-Match": entry.etag, "Accept-Encoding": "gzip"},
    ]
    for headers in cases:
        live = servers.live.ask(entry.url, headers=headers)
        static = servers.static.ask(entry.url, headers=headers)
        if live.status == 304:
            same(live, static, ignore={"content-length"})
        else:
            agree(entry, live, static)


def test_accept_encoding_is_read_as_the_server_reads_it(servers: Servers) -> None:
    """q-values, x-gzip, *, case and lists choose the same encoding and ETag on both."""
    entry = next(e for e in servers.manifest.entries if e.gzip_etag)
    for value in [
        "gzip;q=0",
        "gzip; q=0.000",
        "gzip;q=0.5",
        "x-gzip",
        "*",
        "GZIP",
        "deflate, br",
        "identity, gzip;q=1.0",
        "br;q=1, gzip;q=0.001",
        "gzip;level=1",
        "gzip;q=0, x-gzip",
        "gzip;q=0.0001",
        "gzip; q = 0.5",
        "*;q=0.1, gzip;q=0",
    ]:
        live, static = both(servers, entry.url, Accept_Encoding=value)
        agree(entry, live, static)


@settings(deadline=None, max_examples=200)
@given(header=accept_encodings)
def test_nginx_decompresses_exactly_when_the_server_sends_identity(
    servers: Servers, header: str
) -> None:
    """For any RFC 9110 Accept-Encoding, nginx's gunzip never overrides the server's choice."""
    entry = next(e for e in servers.manifest.entries if e.url == "/v1/elections")
    live, static = both(servers, entry.url, Accept_Encoding=header)
    agree(entry, live, static)


def picker_queries(servers: Servers) -> list[str]:
    """The picker's form as the pages send it, each field alone, and mismatched or unknown codes."""
    picker = servers.manifest.picker
    assert picker is not None
    codes = sorted(set(picker.codes.values()))
    provinces = sorted(set(picker.provinces.values()))
    spellings = [*picker.codes, "", "99", "99.99", "33.5", "33x05", "+33"]
    queries = [f"code={c}" for c in spellings] + [f"province={c}" for c in spellings]
    # The forms: a province and one of its places (or none), with the language kept.
    for code in codes:
        province = picker.provinces[code]
        queries += [f"province={province}&code={code}", f"lang=en&province={province}&code="]
        queries += [f"code={code}&lang=EN&province={province}", f"province={province}&lang=xx"]
    # A place outside the chosen province, a place as the province, unknown codes in either.
    for province in [*provinces, "33.05", "3305", "99", ""]:
        queries += [f"province={province}&code={c}" for c in spellings]
    return queries


def test_the_region_picker_leads_where_the_server_does(servers: Servers) -> None:
    """The picker's form gets the server's 303 to the region page without a live server."""
    queries = picker_queries(servers)
    redirects = 0
    for query in queries:
        url = f"/regions?{query}"
        live, static = both(servers, url, Accept_Encoding="identity", Origin=ORIGIN)
        if live.status == 303:
            redirects += 1
            same(live, static)
        elif live.status == 200:
            # No choice made: the list of provinces (stored gzipped).
            same(gunzipped(live), static)
        else:
            # An unknown code: the server's HTML error page, nginx's 404 for what it does not hold.
            assert (404, 404) == (live.status, static.status), url
    assert len(queries) > redirects > 100
    live, static = both(servers, "/regions?province=33&code=33.05", "HEAD")
    assert ("/regions/33.05", b"") == (static.headers["location"], static.body)
    same(live, static)
    live, static = both(servers, "/regions?province=33", "POST")
    assert (405, 405) == (live.status, static.status)


@pytest.mark.slow
def test_the_region_picker_works_in_a_browser_on_the_export(servers: Servers) -> None:
    """With and without JavaScript, the home page's picker reaches Kabupaten Kebumen on nginx alone.

    With the script, the province's kabupaten/kota come from the exported
    ``/v1/regions?province=``; without, the form goes through the province page.
    """
    node = shutil.which("node")
    if node is None or not CHROMIUM.exists():
        pytest.fail("node or Chromium missing: `python3 dev.py test` installs both")
    done = subprocess.run(
        [node, str(PICKER_SCRIPT), f"http://127.0.0.1:{servers.static.port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BROWSER_SECONDS,
        env={**os.environ, "CHROMIUM": str(CHROMIUM)},
    )
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr
    report = json.loads(lines[-1])
    assert [] == report["failures"]
    assert [True, False] == [p["javaScriptEnabled"] for p in report["picker"]]
    assert 0 == done.returncode, done.stderr


def test_lenient_routes_read_their_parameters_alike(servers: Servers) -> None:
    """Feeds and pages: any order, spelled values, explicit defaults, unknown parameters."""
    pages = [g for g in servers.manifest.groups if "/" in g.routes]
    if pages:
        assert [e for e in servers.manifest.entries if e.url == "/?lang=en"]
    for url in [
        "/v1/calendar.ics?plain=1&lang=en",
        "/v1/calendar.ics?key=TRUE&lang=id&x-calendar-app=1",
        "/v1/calendar.ics?key=false&plain=0",
        "/v1/regions/33.05/calendar.ics?lang=en&key=True",
        *(
            ["/?lang=EN", "/?lang=id", "/?lang=xx", "/elections/pemilu-2024?utm_source=a&lang=en"]
            if pages
            else []
        ),
    ]:
        live, static = both(servers, url, Accept_Encoding="identity")
        assert 200 == live.status, url
        # Every page and feed is gzipped, so stored gzipped only.
        same(gunzipped(live), static)


def test_errors_preflight_and_methods(servers: Servers) -> None:
    """Unknown paths give the same problem document; preflight and 405 agree."""
    for url in ["/nope", "/v1/nope?x=1", "/v1/elections/pemilu-2024/nope/deeper"]:
        live, static = both(servers, url, Origin=ORIGIN)
        assert live.status == 404, url
        same(live, static)
    # Known routes with unknown ids: the same status and headers (the detail names the id).
    for url in ["/v1/elections/nope", "/v1/regions/99.99", "/V1/ELECTIONS"]:
        live, static = both(servers, url)
        assert (static.status, live.status) == (404, 404), url
        assert static.headers == live.headers | {"content-length": static.headers["content-length"]}
    live, static = both(
        servers, "/v1/elections", "OPTIONS", Origin=ORIGIN, Access_Control_Request_Method="GET"
    )
    assert live.status == 204
    same(live, static)
    live, static = both(servers, "/v1/elections", "POST", Origin=ORIGIN)
    assert live.status == 405
    allow = {v.strip() for v in live.headers.pop("allow").split(",")}
    assert {v.strip() for v in static.headers.pop("allow").split(",")} == allow
    same(live, static)


def test_what_the_export_cannot_hold_is_404_or_proxied(servers: Servers) -> None:
    """Filtered queries, /v1/now, bad values and redirects: 404 alone, the server's answer proxied."""
    for url in [
        "/v1/elections/pemilu-2024/stages?from=2024-02-01&to=2024-02-29",
        "/v1/now?at=2024-02-14T08:00:00%2B09:00&tz=Asia/Jayapura",
        "/v1/calendar.ics?lang=EN",
        "/v1/regions/3305",
        "/v1/elections?unknown=1",
    ]:
        live = servers.live.ask(url, headers={"Accept-Encoding": "identity"})
        static = servers.static.ask(url, headers={"Accept-Encoding": "identity"})
        proxied = servers.proxied.ask(url, headers={"Accept-Encoding": "identity"})
        assert static.status == 404, url
        assert static.headers["content-type"] == "application/problem+json"
        assert proxied.status == live.status != 404, url
        assert proxied.body == live.body
        assert proxied.headers.get("etag") == live.headers.get("etag")
