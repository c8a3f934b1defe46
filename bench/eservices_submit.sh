#!/usr/bin/env bash
# Submissions per second over HTTPS against PostgreSQL, beside pgbench's single-row INSERT
# figure on the same server in the same run, and their ratio. Not a test; prints figures.
#   bench/eservices_submit.sh [SECONDS=20] [CONNECTIONS=8] [BUILD_DIR=build-release]
# A submission is POST /api/v1/municipalities/0686/eservices/felanmalan-gata-park/submissions
# by an API client with the scope eservices:submit (a trusted integration submitting for a
# citizen), driven by wrk (2 threads, keep-alive, bench/eservices_submit.lua). On the server it
# is: bearer-token check, the definition from the catalogue, server-side validation of every
# answer, a receipt number from the per-municipality counter row, the errand with its answers
# encrypted (AES-256-GCM), its history row, the idempotency record of the request, and a
# hash-chained audit entry, in one transaction. All writers share Eksjö's receipt counter and
# audit chain head, so they serialise on those rows by design (gap-free references, one chain).
# pgbench runs `INSERT INTO bench_row (payload) VALUES (...)` (one row per transaction) with
# the same client count. The throwaway server runs with fsync=off (scripts/pg-throwaway.sh):
# both figures are without disk flushes.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds=${1:-20}
connections=${2:-8}
build=${3:-build-release}
bin=$build/services/server/samverkan

[ -x "$bin" ] || bench_build "$build" samverkan
bench_postgres
data=$(mktemp -d)
scripts=$(mktemp -u)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  bench_postgres_stop
  rm -rf "$data" "$scripts"
}
trap cleanup EXIT
psql_run() { pg_tool psql -Atq "$@"; }

pg_tool createdb bench_submit
pg_tool createdb bench_pgbench
db="$pg_base/bench_submit"
echo "== PostgreSQL $(psql_run -c 'SHOW server_version' bench_pgbench), $(nproc) cores, $(basename "$build") =="

# The server (it migrates the database and stores the cooperation's members), then the e-service
# and an API client through the command line.
"$bin" serve --config examples/hoglandet/cooperation.xml --data "$data" --db "$db" --listen 127.0.0.1:0 \
  --max-connections 128 >"$data/out" 2>"$data/err" &
server=$!
for _ in $(seq 1 200); do grep -q "https://localhost:" "$data/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'https://localhost:[0-9]*' "$data/out" | head -1)
[ -n "$url" ] || { cat "$data/err" >&2; exit 1; }
"$bin" eservice import examples/hoglandet/eservices/felanmalan-gata-park.xml --db "$db" --key-file "$data/keys" \
  --config examples/hoglandet/cooperation.xml >/dev/null 2>&1
"$bin" eservice publish felanmalan-gata-park --municipality 0686 --db "$db" --key-file "$data/keys" \
  --config examples/hoglandet/cooperation.xml >/dev/null 2>&1
created=$("$bin" client create --db "$db" --key-file "$data/keys" --municipality 0686 --scopes eservices:submit 2>/dev/null)
client_id=$(sed -n 's/^client id: *//p' <<<"$created")
client_secret=$(sed -n 's/^client secret: *//p' <<<"$created")
token=$(curl -sS --cacert "$data/tls/dev-cert.pem" -d grant_type=client_credentials \
  --data-urlencode "client_id=$client_id" --data-urlencode "client_secret=$client_secret" "$url/oauth/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
export SUBMIT_TOKEN=$token
export SUBMIT_PATH=/api/v1/municipalities/0686/eservices/felanmalan-gata-park/submissions
# One submission first: the route works (201) before anything is measured.
status=$(curl -sS -o "$data/first" -w '%{http_code}' --cacert "$data/tls/dev-cert.pem" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"requestId":"warm-up-1","personnummer":"19121212-1212","version":1,
  "answers":{"fault-type":"pothole","description":"Ett djupt hål i vägen","address":"Storgatan 1, Eksjö"}}' "$url$SUBMIT_PATH")
[ "$status" = 201 ] || { echo "the first submission answered $status: $(cat "$data/first")" >&2; exit 1; }

echo
echo "== pgbench single-row INSERT ($connections clients, 2 threads, ${seconds}s) =="
psql_run -c "CREATE TABLE bench_row (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())" bench_pgbench
# (in a folder of its own that the postgres user may read; $data holds the keys)
mkdir -m 755 "$scripts"
echo "INSERT INTO bench_row (payload) VALUES (repeat('x', 300));" >"$scripts/insert.sql"
chmod 644 "$scripts/insert.sql"
pg_tool pgbench -n -f "$scripts/insert.sql" -c "$connections" -j 2 \
  -T "$seconds" bench_pgbench 2>/dev/null | tee "$data/pgbench" | grep -E '^(number of transactions actually processed|latency average|tps)'
pg_tps=$(grep -oP '^tps = \K[0-9.]+' "$data/pgbench" | head -1)

echo
threads=$(( connections < 2 ? connections : 2 ))
echo "== samverkan submissions over HTTPS (wrk, $connections connections, $threads threads, ${seconds}s) =="
before=$(psql_run -c "SELECT COUNT(*) FROM eservice_errand" bench_submit)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# PostgreSQL's CPU: the postmaster's children (backends, WAL writer, ...) of this throwaway server.
postmaster=$(head -1 "$PG_THROWAWAY_DIR/data/postmaster.pid")
pg_ticks() { local t=0 p; for p in $(pgrep -P "$postmaster"); do t=$((t + $(cpu_ticks "$p" 2>/dev/null || echo 0))); done; echo "$t"; }
server_cpu_before=$(cpu_ticks "$server")
pg_cpu_before=$(pg_ticks)
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s bench/eservices_submit.lua "$url" | tee "$data/wrk" |
  grep -E 'Latency|50%|90%|99%|Requests/sec|Non-2xx|requests in|Socket errors'
after=$(psql_run -c "SELECT COUNT(*) FROM eservice_errand" bench_submit)
server_cpu=$(( $(cpu_ticks "$server") - server_cpu_before ))
pg_cpu=$(( $(pg_ticks) - pg_cpu_before ))
stored=$((after - before))
duration=$(grep -oP 'requests in \K[0-9.]+(?=s)' "$data/wrk" | head -1)
python3 - "$stored" "$duration" "$pg_tps" "$server_cpu" "$(getconf CLK_TCK)" "$pg_cpu" <<'PY'
import sys
stored, duration, pg_tps = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
cpu_seconds = int(sys.argv[4]) / int(sys.argv[5])
pg_seconds = int(sys.argv[6]) / int(sys.argv[5])
rate = stored / duration
print(f"\nerrands stored: {stored} in {duration:.1f} s = {rate:.1f} submissions/s")
print(f"pgbench single-row INSERT: {pg_tps:.1f} tps")
print(f"ratio submissions/s : pgbench tps = {rate / pg_tps:.3f} (aim >= 0.35)")
print(f"server CPU: {cpu_seconds:.2f} s in {duration:.1f} s = {cpu_seconds / duration:.0%} of one core, "
      f"{1000 * cpu_seconds / max(stored, 1):.2f} ms per submission")
print(f"PostgreSQL CPU (backends of this server): {pg_seconds:.2f} s = {pg_seconds / duration:.0%} of one core, "
      f"{1000 * pg_seconds / max(stored, 1):.2f} ms per submission")
PY
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
