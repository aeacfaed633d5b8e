#!/usr/bin/env bash
# Mutation testing on demand (not in CI): mutmut 3.8.1 on a domain or render module, each module
# against its own tests. Usage, from the repo root:
#
#   scripts/mutation.sh                      # every module below, one after the other
#   scripts/mutation.sh domain/intervals     # one module
#
# Each module runs in a scratch copy of the checkout (under $MUTATION_DIR, default
# build/mutation/<module>) with mutmut installed into its own venv (build/mutation/.venv), so
# neither the test extra nor .venv changes. Each run is bounded by $MUTATION_TIMEOUT seconds
# (default 3600). Prints mutmut's survivors and a score line per module; the scores and every
# survivor's reason are in scripts/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${MUTATION_DIR:-$ROOT/build/mutation}"
TIMEOUT="${MUTATION_TIMEOUT:-3600}"
VENV="$OUT/.venv"

# module -> its own tests
declare -A TESTS=(
  [domain/intervals]="tests/domain/test_intervals.py"
  [domain/rules]="tests/domain/test_rules.py"
  [domain/queries]="tests/domain/test_query_oracle.py tests/domain/test_query_cost.py"
  [domain/now]="tests/domain/test_now_oracle.py"
  [domain/history]="tests/render/test_ics_properties.py"
  [render/ics]="tests/render/test_ics_format.py tests/render/test_ics_properties.py"
  [render/json_now]="tests/domain/test_now_oracle.py tests/web/test_http.py"
  [render/urls]="tests/web/test_urls.py"
  [render/representation]="tests/web/test_http.py"
)
ORDER=(domain/intervals domain/rules domain/queries domain/now domain/history render/ics
  render/json_now render/urls render/representation)

if [[ ! -x "$VENV/bin/mutmut" ]]; then
  mkdir -p "$OUT"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "mutmut==3.8.1"
  # The project's dependencies only: mutmut imports the package from its mutants/ copy.
  "$VENV/bin/pip" install --quiet "$ROOT[test]"
  "$VENV/bin/pip" uninstall --quiet --yes pemilu-api
fi

run_module() {
  local module="$1" tests="${TESTS[$1]}"
  local work="$OUT/${module//\//-}"
  rm -rf "$work"
  mkdir -p "$work"
  (cd "$ROOT" && tar -cf - --exclude=.venv --exclude=node_modules --exclude=build --exclude=.git \
    --exclude=mutants --exclude=__pycache__ .) | tar -xf - -C "$work"
  local test_list
  test_list="$(printf '    %s\n' $tests)"
  cat > "$work/setup.cfg" <<CFG
[mutmut]
paths_to_mutate =
    src/pemilu_api/$module.py
source_paths =
    src
tests_dir =
$test_list
also_copy =
    fixtures
    scripts
    tests
    openapi
pytest_add_cli_args =
    -p
    no:cacheprovider
    -q
CFG
  (
    cd "$work"
    export PATH="$VENV/bin:$PATH"
    timeout "$TIMEOUT" mutmut run --max-children "${MUTATION_CHILDREN:-2}" >run.log 2>&1 || true
    mutmut results >results.txt 2>&1 || true
    python3 - "$module" <<'PY'
import json, pathlib, sys
stats = {}
for meta in pathlib.Path("mutants").rglob("*.meta"):
    for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
        outcome = {0: "survived", 1: "killed", 3: "killed", -24: "timeout", 24: "timeout",
                   None: "not checked", 33: "no tests", 5: "no tests", 34: "skipped",
                   36: "timeout", 37: "killed", -11: "killed", -9: "killed"}.get(code, f"exit {code}")
        stats[outcome] = stats.get(outcome, 0) + 1
done = sum(v for k, v in stats.items() if k != "not checked")
killed = stats.get("killed", 0) + stats.get("timeout", 0)
score = 100 * killed / done if done else 0.0
print(f"{sys.argv[1]}: {killed}/{done} killed ({score:.1f}%) {stats}")
PY
    grep -E ": (survived|no tests)" results.txt || true
  ) | tee "$work/score.txt"
}

for module in "${@:-${ORDER[@]}}"; do
  run_module "$module"
done
