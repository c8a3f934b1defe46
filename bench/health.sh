#!/usr/bin/env bash
# Measures GET /health over HTTPS: wrk for throughput and latency percentiles, and the
# keep-alive bench for fairness across 64 persistent connections. Prints the figures and the
# server's peak memory. Not part of the tests.
#   bench/health.sh [CONNECTIONS=64] [SECONDS=10]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-64}
seconds=${2:-10}

scripts/install-deps.sh --test
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release --target samverkan samverkan-bench-keepalive -j "$(nproc)" >/dev/null

data=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
build-release/services/server/samverkan serve --config examples/hoglandet/cooperation.xml \
  --data "$data" --listen 127.0.0.1:0 --max-connections 128 >"$data/out" 2>/dev/null &
server=$!
for _ in $(seq 1 100); do grep -q "https://localhost:" "$data/out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o 'https://localhost:[0-9]*' "$data/out" | head -1 | cut -d: -f3)

echo "== wrk: $connections connections, 2 threads, ${seconds}s, GET /health (SQLite, keep-alive) =="
wrk -t2 -c"$connections" -d"${seconds}s" --latency "https://localhost:$port/health"
echo
echo "== keep-alive fairness: $connections persistent connections, ${seconds}s =="
build-release/bench/samverkan-bench-keepalive "$port" "$data/tls/dev-cert.pem" "$connections" "$seconds"
echo
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
