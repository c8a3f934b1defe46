#!/usr/bin/env bash
# Submissions per second over HTTPS on the embedded SQLite database, once per durability
# setting of the database URL: synchronous=full (the default: a commit waits for the
# write-ahead log on disk) and synchronous=normal (faster; the last commits may be lost on power
# failure). Not a test; prints figures and a table.
#   bench/sqlite_submit.sh [SECONDS=10] [CONNECTIONS=4] [BUILD_DIR=build-release]
# Environment: SQLITE_SYNCHRONOUS="normal full" (the settings to run, in order).
# The same request as bench/eservices_submit.sh (a trusted integration's fault report, one API
# client per member, round robin over the five members of the example cooperation).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds=${1:-10}
connections=${2:-4}
build=${3:-build-release}
bin=$build/services/server/samverkan
settings=${SQLITE_SYNCHRONOUS:-normal full}
members=(0686 0604 0682 0684 0685)

[ -x "$bin" ] || bench_build "$build" samverkan
data=
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  [ -n "$data" ] && rm -rf "$data"
  return 0
}
trap cleanup EXIT

results=()
echo "== $(nproc) cores, $(basename "$build"), $seconds s per run, $connections connections, $(df -T . | awk 'NR==2 {print $2}') =="
for setting in $settings; do
  data=$(mktemp -d)
  db="sqlite:$data/samverkan.db?synchronous=$setting"
  bench_serve "$bin" "$data" --db "$db"
  declare -A tokens=()
  bench_submitters "$bin" "$db" "$data" "${members[@]}"
  targets=
  for code in "${members[@]}"; do targets+="$code=${tokens[$code]} "; done
  export SUBMIT_TARGETS=$targets
  echo
  echo "== synchronous=$setting: submissions over HTTPS (wrk, $connections connections, ${seconds}s) =="
  before=$(sqlite3 "$data/samverkan.db" "SELECT COUNT(*) FROM eservice_errand")
  threads=$(( connections < 2 ? connections : 2 ))
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s bench/eservices_submit.lua "$url" | tee "$data/wrk" |
    grep -E 'Latency|50%|99%|Requests/sec|Non-2xx|requests in|Socket errors'
  after=$(sqlite3 "$data/samverkan.db" "SELECT COUNT(*) FROM eservice_errand")
  duration=$(grep -oP 'requests in \K[0-9.]+(?=s)' "$data/wrk" | head -1)
  p50=$(grep -oP '^\s+50%\s+\K\S+' "$data/wrk" | head -1)
  p99=$(grep -oP '^\s+99%\s+\K\S+' "$data/wrk" | head -1)
  non2xx=$(grep -oP 'Non-2xx or 3xx responses: \K[0-9]+' "$data/wrk" || echo 0)
  rate=$(python3 -c "print(f'{($after - $before) / $duration:.1f}')")
  results+=("| synchronous=$setting, $connections connections | $rate | $p50 | $p99 | $non2xx | $(cut -d' ' -f1-3 /proc/loadavg) |")
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=
  rm -rf "$data"
  data=
done

echo
echo "== Summary ($(date -u '+%Y-%m-%d %H:%M UTC'), $(basename "$build")) =="
echo "| run | submissions/s | p50 | p99 | non-2xx | load average |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
