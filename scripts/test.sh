#!/usr/bin/env bash
# README command 2: install, build (Release, the build the run command makes) with warnings as
# errors, start a throwaway PostgreSQL 15, run every test through CTest, stop PostgreSQL (also on
# failure). Exits non-zero on failure.
#   SANITIZE=1 scripts/test.sh    the same with AddressSanitizer + UndefinedBehaviorSanitizer
#                                 (build-asan), every test
#   CTEST_ARGS="-L db" scripts/test.sh   pass arguments to ctest
#   scripts/test.sh --ci          what CI (.ci/run) runs: the format check, the test command,
#                                 libcore's unit and db suites again under ASan + UBSan,
#                                 clang-tidy (scripts/tidy.sh, beside the tests) and the fuzz
#                                 targets (FUZZ_SECONDS each, with a fixed FUZZ_SEED) and the
#                                 Debian package (built, installed, its unit verified);
#                                 every stage runs, each is timed, and the exit status is
#                                 non-zero when any failed.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
ci=0
[[ "${1:-}" == "--ci" ]] && ci=1

scripts/install-deps.sh --test

# A developer machine with ccache rebuilds much faster; CI has none and does not need it.
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

# Release, as the run command builds it, so that a compiler warning only an optimised build
# shows (GCC 12's -O3 middle-end warnings) fails here too.
build=build-test
cmake_args=(-DCMAKE_BUILD_TYPE=Release -DSAMVERKAN_WERROR=ON "${launcher[@]}")
if [[ "${SANITIZE:-0}" == 1 ]]; then
  build=build-asan
  cmake_args=(-DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O1 -g1" -DSAMVERKAN_WERROR=ON
              -DSAMVERKAN_SANITIZE=address,undefined "${launcher[@]}")
fi
# Sanitizer runs: stop at the first error, with a stack; leaks count. scripts/lsan.supp names
# the third-party leaks (with reasons) that are not ours to fix.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"

# --- stages (each timed; in CI every stage runs and the summary lists them) -------------------
stage_names=()
stage_results=()
stage_seconds=()
stage_cpu=()
# CPU seconds (user + system) of this script's finished children so far, from `times` (run in
# this shell, not a subshell, whose children would be others), into $cpu_now.
times_file=$(mktemp)
children_cpu() {
  times >"$times_file"
  cpu_now=$(tail -1 "$times_file" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } printf "%d", t }')
}
run_stage() {
  local name=$1
  shift
  local begin cpu status=0
  begin=$(date +%s)
  children_cpu
  cpu=$cpu_now
  echo "=== stage: $name"
  "$@" || status=$?
  stage_names+=("$name")
  stage_results+=("$([[ $status == 0 ]] && echo ok || echo "FAILED ($status)")")
  stage_seconds+=("$(( $(date +%s) - begin ))")
  children_cpu
  stage_cpu+=("$(( cpu_now - cpu ))")
  return $status
}

build_all() {
  cmake -S . -B "$build" "${cmake_args[@]}" >/dev/null
  cmake --build "$build" -j "$(nproc)"
}

run_ctest() {
  (cd "$1" && shift && ctest --output-on-failure -j "$(nproc)" "$@")
}

# libcore's unit and db suites (samverkan-core-tests, -core-db-tests, which link libcore alone)
# again under ASan + UBSan, in the clang build the fuzz targets use (scripts/fuzz.sh: -O1,
# coverage instrumentation), so libcore is compiled once for both.
fuzz_build=build-fuzz
build_clang() {
  FUZZ_SECONDS=0 FUZZ_EXTRA_TARGETS="samverkan-core-tests samverkan-core-db-tests" scripts/fuzz.sh
}
sanitizer_pass() {
  run_ctest "$fuzz_build" -L '^samverkan-core-(db-)?tests$'
}

# clang-tidy over the production code with the clang build's compile database, begun beside
# the tests at the lowest priority: CTest leaves most of a core idle (its tests wait on sockets,
# PostgreSQL and Chromium), and tidy fills it. Its report is a stage of its own after theirs; the
# stage's seconds are what it added to the run, its CPU seconds all it used.
tidy_log=
tidy_pid=
start_tidy() {
  tidy_log=$(mktemp)
  (nice -n 19 scripts/tidy.sh "$fuzz_build" >"$tidy_log" 2>&1) &
  tidy_pid=$!
}
finish_tidy() {
  local status=0
  wait "$tidy_pid" || status=$?
  cat "$tidy_log"
  rm -f "$tidy_log"
  return $status
}

start_postgres() {
  eval "$(scripts/pg-throwaway.sh start)"
  trap 'scripts/pg-throwaway.sh stop "$PG_THROWAWAY_DIR"' EXIT
  echo "throwaway PostgreSQL: ${SAMVERKAN_TEST_PG}"
}

status=0
if [[ $ci == 0 ]]; then
  build_all
  start_postgres
  # shellcheck disable=SC2086 # CTEST_ARGS is a list of arguments
  run_ctest "$build" ${CTEST_ARGS:-} || status=$?
  echo "test command took $(( $(date +%s) - started )) s"
  exit $status
fi

export FUZZ_SECONDS=${FUZZ_SECONDS:-20}
# A fixed seed: CI replays the same mutations of the seed corpus, so it fails on what a commit
# changed, not on what a random run happened to reach; exploring is for longer runs by hand
# (scripts/fuzz.sh without FUZZ_SEED), whose findings become seeds.
export FUZZ_SEED=${FUZZ_SEED:-20261207}
run_stage "format check" scripts/format-check.sh || status=1
run_stage "build (Release, -Werror)" build_all || status=1
run_stage "build (clang, ASan + UBSan): libcore's suites, fuzz targets" build_clang || status=1
[[ -f "$fuzz_build/compile_commands.json" ]] && start_tidy
if [[ -x "$build/services/server/samverkan" ]]; then
  start_postgres
  # shellcheck disable=SC2086
  run_stage "tests" run_ctest "$build" ${CTEST_ARGS:-} || status=1
  if [[ -x "$fuzz_build/tests/samverkan-core-tests" ]]; then
    run_stage "libcore's suites under ASan + UBSan" sanitizer_pass || status=1
  fi
fi
if [[ -n $tidy_pid ]]; then
  run_stage "clang-tidy (begun beside the tests)" finish_tidy || status=1
fi
run_stage "fuzz (${FUZZ_SECONDS} s per target)" scripts/fuzz.sh || status=1
# The Debian package: built from the tested tree, installed on this throwaway machine, its unit
# verified and its binary serving /health (scripts/package-check.sh).
if [[ -x "$build/services/server/samverkan" ]]; then
  run_stage "package (.deb: build, install, systemd-analyze, /health)" scripts/package-check.sh "$build" --install ||
    status=1
fi

echo
# CPU seconds show what a stage costs whatever else runs on the machine; on an idle machine
# the wall time of a parallel stage is about CPU / cores.
printf '%-45s %-12s %8s %8s\n' stage result seconds cpu-s
for i in "${!stage_names[@]}"; do
  printf '%-45s %-12s %8s %8s\n' "${stage_names[$i]}" "${stage_results[$i]}" "${stage_seconds[$i]}" "${stage_cpu[$i]}"
done
echo "CI took $(( $(date +%s) - started )) s"
exit $status
