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

# module -> its own tests: the focused files that exercise it, kept fast because mutmut runs, for
# each mutant, the selected tests that called the mutated function. A function called only while
# the tests are collected (the module-level data set most test files load) runs before any mutant
# is active, so its tests must call it inside a test. A file not in this checkout is left out of
# the run, and the run says so.
declare -A TESTS=(
  [domain/intervals]="tests/domain/test_intervals.py"
  [domain/rules]="tests/domain/test_rules.py tests/domain/test_rules_details.py tests/domain/test_region_lists.py"
  [domain/queries]="tests/domain/test_query_oracle.py tests/domain/test_query_cost.py tests/domain/test_stage_index.py"
  [domain/now]="tests/domain/test_now_oracle.py tests/domain/test_now_polls.py tests/domain/test_now_scope.py"
  [domain/days]="tests/domain/test_days.py"
  [domain/history]="tests/domain/test_history.py tests/domain/test_fixtures_match_sources.py tests/render/test_ics_format.py"
  [domain/regions]="tests/domain/test_regions.py tests/domain/test_region_lists.py tests/domain/test_election_filters.py"
  [domain/dataset]="tests/domain/test_dataset.py tests/domain/test_election_filters.py"
  [domain/loader]="tests/domain/test_loader.py tests/domain/test_region_lists.py"
  [domain/previous]="tests/domain/test_previous.py tests/domain/test_history.py"
  [render/ics]="tests/render/test_ics_small.py tests/render/test_ics_format.py tests/render/test_ics_low_confidence.py tests/render/test_ics_golden.py"
  [render/json_resources]="tests/render/test_json_resources.py"
  [render/json_now]="tests/render/test_json_now.py"
  [render/json_hours]="tests/render/test_json_hours.py tests/web/test_changes.py"
  [render/json_regions]="tests/render/test_json_regions.py"
  [render/json_root]="tests/render/test_json_root.py"
  [render/atom]="tests/render/test_atom.py tests/web/test_change_pages.py"
  [render/urls]="tests/web/test_urls.py"
  [render/representation]="tests/render/test_representation.py"
  [render/language]="tests/render/test_language.py"
)
ORDER=(domain/intervals domain/rules domain/queries domain/now domain/days domain/history domain/regions
  domain/dataset domain/loader domain/previous render/ics render/json_resources render/json_now
  render/json_hours render/json_regions render/json_root render/atom render/urls
  render/representation render/language)

if [[ ! -x "$VENV/bin/mutmut" ]]; then
  mkdir -p "$OUT"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "mutmut==3.8.1"
fi
# The project's dependencies only (mutmut imports the package from its mutants/ copy), installed
# again whenever pyproject.toml changes, so that a new test dependency is there.
STAMP="$VENV/pyproject.sha256"
if ! sha256sum --status -c "$STAMP" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet "$ROOT[test]"
  "$VENV/bin/pip" uninstall --quiet --yes pemilu-api
  sha256sum "$ROOT/pyproject.toml" >"$STAMP"
fi

report() {
  local module="$1" work="$2"
  (
    cd "$work"
    export PATH="$VENV/bin:$PATH"
    mutmut results --all true >results.txt 2>&1 || true
    "$VENV/bin/python" - "$module" <<'PY'
import json, pathlib, sys
from mutmut.stats import status_by_exit_code

module = sys.argv[1]
stats: dict[str, int] = {}
mutated = set()
for meta in pathlib.Path("mutants").rglob("*.meta"):
    for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
        mutated.add(str(meta.relative_to("mutants")).removesuffix(".meta"))
        outcome = status_by_exit_code[code]
        stats[outcome] = stats.get(outcome, 0) + 1
done = sum(v for k, v in stats.items() if k not in ("not checked", "skipped"))
# A mutant is caught when a test fails, times out (an endless loop) or crashes the test process.
caught = sum(stats.get(k, 0) for k in ("killed", "timeout", "segfault", "caught by type check"))
score = 100 * caught / done if done else 0.0
print(f"{module}: {caught}/{done} caught ({score:.1f}%) {dict(sorted(stats.items()))}")
print(f"mutated files: {sorted(mutated)}")
PY
    grep -E ": (survived|no tests|suspicious|not checked)" results.txt || true
  ) | tee "$work/score.txt"
}

run_module() {
  local module="$1" tests="${TESTS[$1]}"
  local work="$OUT/${module//\//-}"
  if [[ "${MUTATION_RESUME:-0}" == 1 && -d "$work/mutants" ]]; then
    # Go on with the mutants a bounded run left unchecked (same copy, same tests).
    (cd "$work" && PATH="$VENV/bin:$PATH" timeout "$TIMEOUT" nice -n "${MUTATION_NICE:-10}" \
      mutmut run --max-children "${MUTATION_CHILDREN:-2}" >>run.log 2>&1) || true
    report "$module" "$work"
    return
  fi
  rm -rf "$work"
  mkdir -p "$work"
  (cd "$ROOT" && tar -cf - --exclude=.venv --exclude=node_modules --exclude=build --exclude=.git \
    --exclude=mutants --exclude=__pycache__ .) | tar -xf - -C "$work"
  local test_list="" test
  for test in $tests; do
    if [[ -e "$ROOT/$test" ]]; then
      test_list+="    $test"$'\n'
    else
      echo "$module: $test is not in this checkout, left out" >&2
    fi
  done
  if [[ -z "$test_list" ]]; then
    echo "$module: none of its tests is in this checkout" >&2
    return 1
  fi
  # mutmut 3.8 reads [mutmut] from setup.cfg (pyproject.toml has no [tool.mutmut]). source_paths
  # is what it copies into mutants/ and puts on sys.path (the whole package, so imports work);
  # only_mutate (fnmatch patterns on paths relative to the root) picks the one module to mutate.
  # paths_to_mutate is only a deprecated alias of source_paths in mutmut 3, which is why an
  # earlier version of this script mutated every module. The tests to run are pytest arguments.
  cat > "$work/setup.cfg" <<CFG
[mutmut]
source_paths =
    src
only_mutate =
    src/pemilu_api/$module.py
pytest_add_cli_args_test_selection =
$test_list
also_copy =
    docs
    fixtures
    scripts
    openapi
pytest_add_cli_args =
    -p
    no:cacheprovider
    -q
CFG
  (
    cd "$work"
    export PATH="$VENV/bin:$PATH"
    timeout "$TIMEOUT" nice -n "${MUTATION_NICE:-10}" mutmut run --max-children "${MUTATION_CHILDREN:-2}" \
      >run.log 2>&1 || true
  )
  report "$module" "$work"
}

for module in "${@:-${ORDER[@]}}"; do
  run_module "$module"
done
