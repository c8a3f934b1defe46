#!/usr/bin/env bash
# README command 2: install, build (Release, as the run command builds it) with warnings as
# errors, start a throwaway PostgreSQL 15, run every test through CTest, stop PostgreSQL (also on
# failure). Exits non-zero on failure.
#   SANITIZE=1 scripts/test.sh    the same with AddressSanitizer + UndefinedBehaviorSanitizer
#   CTEST_ARGS="-L db" scripts/test.sh   pass arguments to ctest
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

scripts/install-deps.sh --test

build=build-test
# Release, so that a warning only the optimiser sees (GCC 12's -O3 -Wrestrict) fails here too.
cmake_args=(-DCMAKE_BUILD_TYPE=Release -DSAMVERKAN_WERROR=ON)
# A developer machine with ccache rebuilds much faster; CI has none and does not need it.
if command -v ccache >/dev/null; then cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
if [[ "${SANITIZE:-0}" == 1 ]]; then
  build=build-asan
  cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAMVERKAN_WERROR=ON -DSAMVERKAN_SANITIZE=address,undefined)
  if command -v ccache >/dev/null; then cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
fi
cmake -S . -B "$build" "${cmake_args[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"

eval "$(scripts/pg-throwaway.sh start)"
trap 'scripts/pg-throwaway.sh stop "$PG_THROWAWAY_DIR"' EXIT
echo "throwaway PostgreSQL: ${SAMVERKAN_TEST_PG}"

status=0
(cd "$build" && ctest --output-on-failure -j "$(nproc)" ${CTEST_ARGS:-}) || status=$?
echo "test command took $(( $(date +%s) - started )) s"
exit $status
