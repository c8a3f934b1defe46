#!/usr/bin/env bash
# clang-tidy with the checked-in .clang-tidy over the production sources (libcore/, client/, services/,
# adapters/), using the compile database of a configured build (default build-test, which
# scripts/test.sh makes; CI passes build-fuzz, whose compiler is clang, as clang-tidy's is). Every finding is an error (WarningsAsErrors in .clang-tidy); exits 1
# and prints the findings, sorted, when there is one.
#   scripts/tidy.sh [BUILD_DIR] [FILE...]
# Tests are left out: their Boost.Test macros give clang-tidy nothing to find that the
# sanitizer pass does not, and they would double the time (about 5 s of CPU per file).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-test}
shift || true
[[ -f "$build/compile_commands.json" ]] || { echo "no $build/compile_commands.json: configure $build first" >&2; exit 2; }
if (($# > 0)); then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'libcore/*.cpp' 'client/*.cpp' 'services/*.cpp' 'adapters/*.cpp')
fi
started=$(date +%s)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# One clang-tidy per file, as many at once as there are cores; each file's output kept apart so
# the report does not depend on scheduling.
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} sh -c \
  'clang-tidy -p "$1" --quiet "$2" >"$3/$(echo "$2" | tr / _).log" 2>&1 || echo "$2" >>"$3/failed"' _ "$build" {} "$out"
status=0
if [[ -s "$out/failed" ]]; then
  status=1
  for file in $(sort "$out/failed"); do
    grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Error while processing' \
      "$out/$(echo "$file" | tr / _).log"
  done
fi
echo "clang-tidy: ${#files[@]} files in $(( $(date +%s) - started )) s, $(sort -u "$out/failed" 2>/dev/null | wc -l) with findings"
exit $status
