#!/usr/bin/env bash
# Lighthouse 12.2.3 (from npm; 13.x needs Node 22) with Debian's Chromium on `/`, an election page
# and a region page, both languages. On demand, not in CI: `bash scripts/lighthouse.sh`.
#
# Starts `pemilu-api serve` on a loopback port (its own base URL), installs lighthouse into
# build/lighthouse/ the first time (npm i -E lighthouse@12.2.3), runs it with the mobile (default)
# and desktop presets, and prints the four category scores of each run; the JSON reports stay in
# build/lighthouse/. Exits 1 when a public page scores under 100 in a category (SEO is not scored
# for pages that are kept out of the index on purpose, and there are none in the list).
#
# Environment: PORT (default 18766), CHROME_PATH (default /usr/bin/chromium), PAGES (space
# separated paths, default "/ /elections/pemilu-2024 /regions/33.05").
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/build/lighthouse"
PORT="${PORT:-18766}"
BASE="http://127.0.0.1:$PORT"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
PAGES="${PAGES:-/ /elections/pemilu-2024 /regions/33.05}"
LH="$OUT/node_modules/.bin/lighthouse"

mkdir -p "$OUT"
if [ ! -x "$LH" ]; then
    (cd "$OUT" && [ -f package.json ] || echo '{"private": true}' > package.json)
    (cd "$OUT" && npm i -E --no-audit --no-fund lighthouse@12.2.3 >/dev/null)
fi

"$ROOT/.venv/bin/pemilu-api" serve --port "$PORT" --base-url "$BASE" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fs "$BASE/health" >/dev/null 2>&1 && break
    sleep 0.2
done

status=0
printf '%-36s %-8s %5s %5s %5s %5s\n' page preset perf a11y best seo
for path in $PAGES; do
    for lang in id en; do
        url="$BASE$path"
        [ "$lang" = en ] && url="$url?lang=en"
        for preset in mobile desktop; do
            name="$(echo "$path" | tr '/' '_')-$lang-$preset"
            flags=()
            [ "$preset" = desktop ] && flags+=(--preset=desktop)
            "$LH" "$url" "${flags[@]}" --quiet --output=json --output-path="$OUT/$name.json" \
                --only-categories=performance,accessibility,best-practices,seo \
                --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
                >/dev/null 2>"$OUT/$name.log" || true
            scores="$(node -e '
                const r = require(process.argv[1]);
                const c = r.categories;
                const s = ["performance", "accessibility", "best-practices", "seo"].map((k) => c[k] && c[k].score !== null ? Math.round(c[k].score * 100) : "-");
                console.log(s.join(" "));
            ' "$OUT/$name.json" 2>/dev/null || echo "- - - -")"
            read -r perf a11y best seo <<<"$scores"
            printf '%-36s %-8s %5s %5s %5s %5s\n' "$path?lang=$lang" "$preset" "$perf" "$a11y" "$best" "$seo"
            for score in $perf $a11y $best $seo; do
                [ "$score" = 100 ] || status=1
            done
        done
    done
done
exit "$status"
