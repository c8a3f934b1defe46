#!/usr/bin/env bash
# Submissions per second over HTTPS against PostgreSQL, beside pgbench's single-row INSERT
# figure on the same server in the same run, and their ratio. Not a test; prints figures.
#   bench/eservices_submit.sh [SECONDS=20] [CONNECTIONS=8] [BUILD_DIR=build-release]
# Environment (defaults: every combination, a table at the end):
#   SUBMIT_DURABILITY="off on"   off: PostgreSQL with fsync=off; on: production durability
#                                (fsync=on, synchronous_commit=on: PG_THROWAWAY_DURABLE=1), so
#                                both pgbench and the submissions wait for real WAL flushes
#   SUBMIT_SPREAD="all one"      all: the fault report is published in all five members of the
#                                example cooperation and requests go to them in turn; one: all
#                                to Eksjö (0686), to show the per-municipality serialisation
#   SUBMIT_COUNT_STATEMENTS=1    also count the SQL statements of 20 submissions
#                                (log_statement=all for a moment; 0 skips it)
# A submission is POST /api/v1/municipalities/{kommunkod}/eservices/felanmalan-gata-park/submissions
# by an API client of that municipality with the scope eservices:submit (a trusted integration
# submitting for a citizen), driven by wrk (2 threads, keep-alive, bench/eservices_submit.lua).
# On the server it is: bearer-token check, the publication and its (cached) definition,
# server-side validation of every answer, a receipt number from the municipality's counter row,
# the errand with its answers encrypted (AES-256-GCM) and its history row, the idempotency record
# of the request, and one hash-chained audit entry, in one transaction. A municipality's
# submissions serialise on its receipt counter row and its audit chain head (gap-free
# references, one chain), both held to commit; different municipalities do not wait on each other.
# pgbench runs `INSERT INTO bench_row (payload) VALUES (...)` (one row per transaction) with
# the same client count, just before each submission run, on the same server.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds=${1:-20}
connections=${2:-8}
build=${3:-build-release}
bin=$build/services/server/samverkan
durabilities=${SUBMIT_DURABILITY:-off on}
spreads=${SUBMIT_SPREAD:-all one}
count_statements=${SUBMIT_COUNT_STATEMENTS:-1}
members=(0686 0604 0682 0684 0685)

[ -x "$bin" ] || bench_build "$build" samverkan
data=
scripts=
server=
stop_server() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=
}
cleanup() {
  stop_server
  bench_postgres_stop
  [ -n "$data" ] && rm -rf "$data"
  [ -n "$scripts" ] && rm -rf "$scripts"
  return 0
}
trap cleanup EXIT
psql_run() { pg_tool psql -Atq "$@"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# PostgreSQL's CPU: the postmaster's children (backends, WAL writer, ...) of this throwaway server.
pg_ticks() {
  local t=0 p postmaster
  postmaster=$(head -1 "$PG_THROWAWAY_DIR/data/postmaster.pid")
  for p in $(pgrep -P "$postmaster"); do t=$((t + $(cpu_ticks "$p" 2>/dev/null || echo 0))); done
  echo "$t"
}
results=()
statements_line=
echo "== $(nproc) cores, $(basename "$build"), $seconds s per run, $connections connections =="
for durable in $durabilities; do
  [ "$durable" = on ] && export PG_THROWAWAY_DURABLE=1 || export PG_THROWAWAY_DURABLE=0
  bench_postgres
  data=$(mktemp -d)
  scripts=$(mktemp -u)
  pg_tool createdb bench_submit
  pg_tool createdb bench_pgbench
  db="$pg_base/bench_submit"
  echo
  echo "=== PostgreSQL $(psql_run -c 'SHOW server_version' bench_pgbench), fsync=$(psql_run -c 'SHOW fsync' bench_pgbench)," \
    "synchronous_commit=$(psql_run -c 'SHOW synchronous_commit' bench_pgbench) ==="

  # The server (it migrates the database and stores the cooperation's members), then the
  # e-service, its publications and one API client per member through the command line.
  bench_serve "$bin" "$data" --db "$db"
  declare -A tokens=()
  bench_submitters "$bin" "$db" "$data" "${members[@]}"

  psql_run -c "CREATE TABLE bench_row (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())" bench_pgbench
  # (in a folder of its own that the postgres user may read; $data holds the keys)
  mkdir -m 755 "$scripts"
  echo "INSERT INTO bench_row (payload) VALUES (repeat('x', 300));" >"$scripts/insert.sql"
  chmod 644 "$scripts/insert.sql"

  for spread in $spreads; do
    if [ "$spread" = one ]; then codes=(0686); else codes=("${members[@]}"); fi
    targets=
    for code in "${codes[@]}"; do targets+="$code=${tokens[$code]} "; done
    export SUBMIT_TARGETS=$targets
    label="fsync $durable, ${#codes[@]} municipalit$([ ${#codes[@]} = 1 ] && echo y || echo ies)"

    echo
    echo "== [$label] pgbench single-row INSERT ($connections clients, 2 threads, ${seconds}s) =="
    pg_tool pgbench -n -f "$scripts/insert.sql" -c "$connections" -j 2 \
      -T "$seconds" bench_pgbench 2>/dev/null | tee "$data/pgbench" |
      grep -E '^(number of transactions actually processed|latency average|tps)'
    pg_tps=$(grep -oP '^tps = \K[0-9.]+' "$data/pgbench" | head -1)

    echo
    threads=$(( connections < 2 ? connections : 2 ))
    echo "== [$label] submissions over HTTPS (wrk, $connections connections, $threads threads, ${seconds}s) =="
    before=$(psql_run -c "SELECT COUNT(*) FROM eservice_errand" bench_submit)
    server_cpu_before=$(cpu_ticks "$server")
    pg_cpu_before=$(pg_ticks)
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s bench/eservices_submit.lua "$url" | tee "$data/wrk" |
      grep -E 'Latency|50%|90%|99%|Requests/sec|Non-2xx|requests in|Socket errors'
    after=$(psql_run -c "SELECT COUNT(*) FROM eservice_errand" bench_submit)
    server_cpu=$(( $(cpu_ticks "$server") - server_cpu_before ))
    pg_cpu=$(( $(pg_ticks) - pg_cpu_before ))
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    duration=$(grep -oP 'requests in \K[0-9.]+(?=s)' "$data/wrk" | head -1)
    p50=$(grep -oP '^\s+50%\s+\K\S+' "$data/wrk" | head -1)
    p99=$(grep -oP '^\s+99%\s+\K\S+' "$data/wrk" | head -1)
    row=$(python3 - "$((after - before))" "$duration" "$pg_tps" "$server_cpu" "$(getconf CLK_TCK)" "$pg_cpu" \
      "$label" "$connections" "$p50" "$p99" "$load" <<'PY'
import sys
stored, duration, pg_tps = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
cpu_seconds = int(sys.argv[4]) / int(sys.argv[5])
pg_seconds = int(sys.argv[6]) / int(sys.argv[5])
label, connections, p50, p99, load = sys.argv[7:12]
rate = stored / duration
print(f"errands stored: {stored} in {duration:.1f} s = {rate:.1f} submissions/s; "
      f"pgbench {pg_tps:.1f} tps; ratio {rate / pg_tps:.3f} (aim >= 0.35); "
      f"server CPU {1000 * cpu_seconds / max(stored, 1):.2f} ms, PostgreSQL CPU "
      f"{1000 * pg_seconds / max(stored, 1):.2f} ms per submission", file=sys.stderr)
print(f"| {label}, {connections} connections | {rate:.1f} | {p50} | {p99} | {pg_tps:,.0f} | {rate / pg_tps:.3f} | "
      f"{1000 * cpu_seconds / max(stored, 1):.2f} ms | {1000 * pg_seconds / max(stored, 1):.2f} ms | {load} |")
PY
)
    results+=("$row")
  done

  # Gap-free numbering per municipality: references 1..n, the counter at n.
  psql_run -c "SELECT e.municipality || ': ' || COUNT(*) || ' errands, highest ' || MAX(e.reference) || ', counter ' ||
      MAX(c.last_number) || CASE WHEN COUNT(*) = MAX(c.last_number) AND COUNT(DISTINCT e.reference) = COUNT(*)
      THEN ' (gap-free)' ELSE ' (GAPS OR DUPLICATES)' END
    FROM eservice_errand e JOIN eservice_reference_counter c ON c.municipality = e.municipality
    GROUP BY e.municipality ORDER BY 1" bench_submit

  if [ "$count_statements" = 1 ] && [ -z "$statements_line" ]; then
    # Every statement of the submission database for 20 sequential submissions (one per request,
    # on the server's pooled connections: a reload applies the setting to open sessions too).
    log="$PG_THROWAWAY_DIR/server.log"
    psql_run -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] db=%d '" -c "ALTER SYSTEM SET log_statement = 'all'" \
      -c "SELECT pg_reload_conf()" bench_pgbench >/dev/null
    sleep 0.5
    start_line=$(($(wc -l <"$log") + 1))
    for i in $(seq 1 20); do
      bench_submit_once 0686 "${tokens[0686]}" "count-$i-$RANDOM" >/dev/null
    done
    sleep 0.5
    psql_run -c "ALTER SYSTEM RESET log_statement" -c "ALTER SYSTEM RESET log_line_prefix" \
      -c "SELECT pg_reload_conf()" bench_pgbench >/dev/null
    tail -n +"$start_line" "$log" >"$data/statements"
    # One "statement:" or "execute" line per statement run (continuation lines have no prefix).
    # Statements are grouped by backend (pid) into BEGIN..COMMIT transactions; a submission is a
    # transaction that stores an intake request. The server's job worker polls meanwhile on
    # other transactions, which are not counted.
    grep -E 'db=bench_submit LOG:  (statement|execute [^:]*):' "$data/statements" |
      sed -E 's/^.*\[([0-9]+)\] db=bench_submit LOG:  /\1 /' | awk '
        { pid = $1; line = substr($0, length(pid) + 2) }
        line ~ /^statement: BEGIN/ { tx[pid] = ""; n[pid] = 0; open[pid] = 1 }
        open[pid] { tx[pid] = tx[pid] "  " substr(line, 1, 160) "\n"; n[pid]++ }
        open[pid] && line ~ /^statement: COMMIT/ {
          open[pid] = 0
          if (tx[pid] ~ /INSERT INTO eservice_intake_request/) {
            submissions++; statements += n[pid]; if (example == "") example = tx[pid]
          }
        }
        END { printf "%d %d\n", submissions, statements; printf "%s", example }' >"$data/counted"
    read -r submitted n <"$data/counted"
    statements_line="statements per submission (BEGIN to COMMIT): $n in $submitted submissions = $(python3 -c "print(f'{$n / max($submitted, 1):.1f}')")"
    echo "$statements_line (log_statement=all), one of them:"
    tail -n +2 "$data/counted"
  fi

  echo "server peak RSS: $(grep VmHWM "/proc/$server/status" | awk '{print $2, $3}')"
  stop_server
  bench_postgres_stop
  unset PG_THROWAWAY_DIR
  rm -rf "$data" "$scripts"
  data=
  scripts=
done

echo
echo "== Summary ($(date -u '+%Y-%m-%d %H:%M UTC'), $(basename "$build")) =="
echo "| run | submissions/s | p50 | p99 | pgbench INSERT tps | ratio | server CPU / submission | PostgreSQL CPU / submission | load average |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
[ -n "$statements_line" ] && echo "$statements_line"
exit 0
