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
source bench/lib.sh
seconds=${1:-30}
writers=${2:-8}
build=${3:-build-release}
bin=$build/bench/samverkan-bench-casehandling

[ -x "$bin" ] || bench_build "$build" samverkan-bench-casehandling
bench_postgres
trap bench_postgres_stop EXIT

pg_tool createdb bench_register
pg_tool createdb bench_pgbench
echo "== PostgreSQL $(pg_tool psql -Atc 'SHOW server_version' bench_pgbench), $(nproc) cores =="
echo
echo "== pgbench TPC-B (scale 10, $writers clients, 2 threads, ${seconds}s) =="
pg_tool pgbench -i -s 10 -q bench_pgbench >/dev/null 2>&1
pg_tool pgbench -c "$writers" -j 2 -T "$seconds" bench_pgbench 2>/dev/null \
  | grep -E '^(number of transactions actually processed|latency average|tps)'
echo
echo "== samverkan case registrations ($writers writers, diary KS, ${seconds}s) =="
"$bin" migrate "$pg_base/bench_register"
"$bin" register "$pg_base/bench_register" "$writers" "$seconds"
