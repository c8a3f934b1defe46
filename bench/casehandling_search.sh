#!/usr/bin/env bash
# Public register search latency (p50 / p95 / max) on a throwaway PostgreSQL 15 server filled
# with N cases (default 1,000,000) by bench/casehandling_fill.sql, for word, number, date-range,
# board and combined queries through PublicRegister::search as an anonymous visitor. Not a test;
# prints figures, the fill time and the database size.
#   bench/casehandling_search.sh [N=1000000] [QUERIES=200] [BUILD_DIR=build-release]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
n=${1:-1000000}
queries=${2:-200}
build=${3:-build-release}
bin=$build/bench/samverkan-bench-casehandling

[ -x "$bin" ] || bench_build "$build" samverkan-bench-casehandling
bench_postgres
trap bench_postgres_stop EXIT
psql() { pg_tool psql -q "$@"; }

pg_tool createdb bench_search
"$bin" migrate "$pg_base/bench_search"
echo "== filling $n cases (bench/casehandling_fill.sql) =="
start=$(date +%s)
psql -v n="$n" -f bench/casehandling_fill.sql bench_search
end=$(date +%s)
echo "filled in $((end - start)) s; database $(psql -Atc "SELECT pg_size_pretty(pg_database_size('bench_search'))" bench_search)"
psql -Atc "SELECT 'gin indexes: ' || string_agg(indexname || ' ' || pg_size_pretty(pg_relation_size(indexname::regclass)), ', ')
           FROM pg_indexes WHERE indexname LIKE '%_fts'" bench_search
echo
echo "== public register searches ($queries per kind, limit 50, newest first) =="
"$bin" search "$pg_base/bench_search" "$queries"
