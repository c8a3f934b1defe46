#!/usr/bin/env bash
# Soak on PostgreSQL: e-service submissions, handler inbox reads and letters (delivered to the
# Mina meddelanden simulators) over HTTPS, first as fast as they go for CAPACITY_SECONDS (the
# capacity), then at FRACTION of that rate for MINUTES, open loop (bench/soak_bench.cpp). Prints a
# line a minute (operations, errors, latency, the server's RSS), then the errors in all, whether
# the server's RSS stayed within 10 % of where it was after the warm-up, and the letters'
# outcomes. Not a test; exits non-zero when an operation failed.
#   bench/soak.sh [MINUTES=30] [FRACTION=0.5] [CAPACITY_SECONDS=60] [BUILD_DIR=build-release]
# Environment: SOAK_CONNECTIONS (8), SOAK_WARMUP_MINUTES (5), PG_THROWAWAY_DURABLE (1: fsync on).
# Uses the example cooperation (examples/hoglandet) and its development PKI
# (samverkan-dev-provision); the recipient register simulator listens on 127.0.0.1:8491, where
# the example points, so `scripts/run.sh` must not be running meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
minutes=${1:-30}
fraction=${2:-0.5}
capacity_seconds=${3:-60}
build=${4:-build-release}
connections=${SOAK_CONNECTIONS:-8}
warmup=${SOAK_WARMUP_MINUTES:-5}
export PG_THROWAWAY_DURABLE=${PG_THROWAWAY_DURABLE:-1}
cooperation=examples/hoglandet/cooperation.xml
members=(0686 0604 0682 0684 0685)
mm_schemas=${SAMVERKAN_MM_SCHEMA_DIR:-../shared/reference/minameddelanden/schema}

if [[ ! -x $build/bench/samverkan-bench-soak || ! -x $build/services/server/samverkan ]]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j "$(nproc)" --target samverkan samverkan-mm-simulator samverkan-dev-provision \
    samverkan-bench-soak >/dev/null
fi
bin=$build/services/server/samverkan

data=
server=
simulator=
cleanup() {
  for pid in $server $simulator; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  bench_postgres_stop
  [[ -n "$data" ]] && rm -rf "$data"
  return 0
}
trap cleanup EXIT

bench_postgres
pg_tool createdb soak
db="$pg_base/soak"
data=$(mktemp -d)
"$build/tests/provision/samverkan-dev-provision" "$cooperation" --data "$data" >"$data/provision.log"
pki=examples/hoglandet/secrets/dev-pki
"$build/tests/minameddelanden_simulator/samverkan-mm-simulator" --cert "$pki/server-cert.pem" \
  --key "$pki/server-key.pem" --client-ca "$pki/ca.pem" --schema-dir "$mm_schemas" \
  --trust-ca "$pki/signing-ca.pem" --register-listen 127.0.0.1:8491 --all-reachable \
  >"$data/mm-listening" 2>"$data/mm.log" &
simulator=$!
for _ in $(seq 100); do grep -q '^mailbox operator listening' "$data/mm-listening" 2>/dev/null && break; sleep 0.1; done
grep -q '^mailbox operator listening' "$data/mm-listening" || { cat "$data/mm.log" >&2; exit 1; }

bench_serve "$bin" "$data" --db "$db"
# The fault report imported and published in every member, one submission each first (201).
declare -A tokens=()
bench_submitters "$bin" "$db" "$data" "${members[@]}"
: >"$data/targets"
client() {  # prints "<client id> <secret>" of a new API client of municipality $1 with scopes $2
  local created
  created=$("$bin" client create --db "$db" --key-file "$data/keys" --municipality "$1" --scopes "$2" 2>/dev/null)
  echo "$(sed -n 's/^client id: *//p' <<<"$created") $(sed -n 's/^client secret: *//p' <<<"$created")"
}
for code in "${members[@]}"; do
  echo "$code $(client "$code" eservices:submit) $(client "$code" "errands:read mailbox:send")" >>"$data/targets"
done

# The bench waits for the outbox after its capacity minute, so that the capacity counts the
# letters delivered, not only accepted.
printf '%q ' "${pg_run_as[@]}" "$pgbin/psql" -h "$pg_host" -p "$pg_port" -U samverkan -Atq \
  -c "SELECT COUNT(*) FROM mailbox_message WHERE status = 'queued'" soak >"$data/queued.sh"
export SOAK_QUEUED_COMMAND="bash $data/queued.sh"

echo "== $(nproc) cores, $(basename "$build"), PostgreSQL fsync=$([[ $PG_THROWAWAY_DURABLE == 1 ]] && echo on || echo off)," \
  "$(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg) =="
status=0
"$build/bench/samverkan-bench-soak" "${url##*:}" "$data/tls/dev-cert.pem" "$server" "$data/targets" \
  "$capacity_seconds" "$minutes" "$fraction" "$connections" "$warmup" || status=$?

# The outbox drains what is still queued (at most 15 minutes), then the letters' outcomes.
queued() { pg_tool psql -Atq -c "SELECT COUNT(*) FROM mailbox_message WHERE status = 'queued'" soak; }
echo "letters still queued when the load stopped: $(queued)"
drain_start=$(date +%s)
while (( $(queued) > 0 && $(date +%s) - drain_start < 900 )); do sleep 5; done
echo "the outbox drained in $(( $(date +%s) - drain_start )) s"
echo "letters by status: $(pg_tool psql -Atq -c "SELECT string_agg(status || ' ' || n, ', ' ORDER BY status)
  FROM (SELECT status, COUNT(*) AS n FROM mailbox_message GROUP BY status) s" soak)"
echo "errands stored: $(pg_tool psql -Atq -c 'SELECT COUNT(*) FROM eservice_errand' soak)"
echo "server peak RSS: $(grep VmHWM "/proc/$server/status" | awk '{print $2, $3}'); errors in its log:" \
  "$(grep -c -i 'error' "$data/err" || true)"
exit $status
