#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/: clang, coverage, ASan + UBSan; only the libraries they
# link) and runs each for a bounded time on a copy of its seed corpus (fuzz/corpus/<target>).
# Exits non-zero when any target finds a crash, a sanitizer error, a broken invariant, a leak
# or a timeout (more than 10 s for one input).
#   scripts/fuzz.sh                     every target, FUZZ_SECONDS (30) each, FUZZ_JOBS (nproc) at once
#   scripts/fuzz.sh identifiers answers  only these
#   FUZZ_SECONDS=600 scripts/fuzz.sh multipart
#   FUZZ_SEED=1 scripts/fuzz.sh         the same mutations on every run (CI: a finding is then the
#                                       commit's, not the luck of the draw; without it each run
#                                       explores anew)
#   FUZZ_SECONDS=0 scripts/fuzz.sh      build only; FUZZ_EXTRA_TARGETS names more targets of the same
#                                       build (scripts/test.sh --ci adds libcore's test suites)
# Findings and logs: build-fuzz/findings/<target>/. Reproduce one with
#   build-fuzz/fuzz/samverkan-fuzz-<target> build-fuzz/findings/<target>/crash-<hash>
# and keep it as a seed (fuzz/corpus/<target>/) once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FUZZ_BUILD_DIR:-build-fuzz}
seconds=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-$(nproc)}
seed=${FUZZ_SEED:-0}  # libFuzzer's 0: a random seed

started=$(date +%s)
# -O1: the targets run faster per second of fuzzing than at -O0 and build faster than at -O2.
cmake_args=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O1 -gline-tables-only"
            -DSAMVERKAN_FUZZ=ON -DSAMVERKAN_BUILD_TESTS=ON)
if command -v ccache >/dev/null; then cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B "$build" "${cmake_args[@]}" >/dev/null
# shellcheck disable=SC2086 # FUZZ_EXTRA_TARGETS is a list
cmake --build "$build" --target samverkan-fuzz ${FUZZ_EXTRA_TARGETS:-} -j "$(nproc)"
built=$(date +%s)
if [[ $seconds == 0 ]]; then
  echo "fuzz targets built in $(( built - started )) s (not run: FUZZ_SECONDS=0)"
  exit 0
fi

if (($# > 0)); then
  targets=("$@")
else
  mapfile -t targets < <(cd fuzz && ls ./*_fuzz.cpp | sed 's|^\./||; s|_fuzz\.cpp$||')
fi

run_one() {
  local target=$1 build=$2 seconds=$3 seed=$4
  local work=$build/fuzz-work/$target findings=$build/findings/$target
  rm -rf "$work" "$findings"
  mkdir -p "$work" "$findings"
  # New inputs go to the first folder (scratch); the checked-in seeds are only read. The signed
  # delivery target also reads the reference samples beside the repository (not copied here).
  local seeds=("fuzz/corpus/$target")
  if [[ $target == signed_delivery && -d ../shared/reference/minameddelanden/samples ]]; then
    seeds+=(../shared/reference/minameddelanden/samples)
  fi
  if "$build/fuzz/samverkan-fuzz-$target" -max_total_time="$seconds" -seed="$seed" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/" -print_final_stats=1 "$work" "${seeds[@]}" >"$findings/log" 2>&1; then
    echo "ok" >"$findings/result"
  else
    echo "FINDING" >"$findings/result"
  fi
}
export -f run_one
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} "$build" "$seconds" "$seed"

status=0
printf '%-22s %-8s %12s %8s\n' target result executions coverage
for target in "${targets[@]}"; do
  findings=$build/findings/$target
  result=$(cat "$findings/result" 2>/dev/null || echo "not run")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$findings/log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]*' "$findings/log" | tail -1 | cut -d' ' -f2)
  printf '%-22s %-8s %12s %8s\n' "$target" "$result" "${runs:--}" "${coverage:--}"
  if [[ "$result" != ok ]]; then
    status=1
    echo "---- $target: $findings/log (last lines)"
    grep -v '^#[0-9]' "$findings/log" | tail -40
    ls "$findings" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | sed "s|^|  reproduce: $build/fuzz/samverkan-fuzz-$target $findings/|"
  fi
done
echo "fuzzing took $(( $(date +%s) - started )) s (build $(( built - started )) s, ${#targets[@]} targets x ${seconds} s, ${jobs} at once, seed ${seed})"
exit $status
