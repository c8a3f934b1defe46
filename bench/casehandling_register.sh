#!/usr/bin/env bash
# Registrations per second with 8 concurrent writers on a throwaway PostgreSQL 15 server, beside
# pgbench's TPC-B figure (same client count, same server, same run). Not a test; prints figures.
#   bench/casehandling_register.sh [SECONDS=30] [WRITERS=8] [BUILD_DIR=build-release]
# A registration is a full CaseService::register_case (authorisation, gap-free number from the
# diary counter row, case row, an encrypted private person and an organisation as parties,
# history, hash-chained audit entry) in one transaction; all writers use one diary (KS), so they
# serialise on its counter row by design (gap-free numbering). The throwaway server runs with
# fsync=off (scripts/pg-throwaway.sh): both figures are without disk flushes.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
writers=${2:-8}
build=${3:-build-release}
bin=$build/bench/samverkan-bench-casehandling
pgbin=/usr/lib/postgresql/15/bin

if [ ! -x "$bin" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target samverkan-bench-casehandling -j "$(nproc)" >/dev/null
fi
eval "$(scripts/pg-throwaway.sh start)"
trap 'scripts/pg-throwaway.sh stop "$PG_THROWAWAY_DIR"' EXIT
base=${SAMVERKAN_TEST_PG%/*}
hostport=${base#postgresql://samverkan@}
host=${hostport%:*}
port=${hostport#*:}
run_as=()
[[ $(id -u) -eq 0 ]] && run_as=(runuser -u postgres --)

"${run_as[@]}" "$pgbin/createdb" -h "$host" -p "$port" -U samverkan bench_register
"${run_as[@]}" "$pgbin/createdb" -h "$host" -p "$port" -U samverkan bench_pgbench
echo "== PostgreSQL $("${run_as[@]}" "$pgbin/psql" -h "$host" -p "$port" -U samverkan -Atc 'SHOW server_version' bench_pgbench), $(nproc) cores =="
echo
echo "== pgbench TPC-B (scale 10, $writers clients, 2 threads, ${seconds}s) =="
"${run_as[@]}" "$pgbin/pgbench" -h "$host" -p "$port" -U samverkan -i -s 10 -q bench_pgbench >/dev/null 2>&1
"${run_as[@]}" "$pgbin/pgbench" -h "$host" -p "$port" -U samverkan -c "$writers" -j 2 -T "$seconds" bench_pgbench 2>/dev/null \
  | grep -E '^(number of transactions actually processed|latency average|tps)'
echo
echo "== samverkan case registrations ($writers writers, diary KS, ${seconds}s) =="
"$bin" migrate "$base/bench_register"
"$bin" register "$base/bench_register" "$writers" "$seconds"
