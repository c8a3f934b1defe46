#!/usr/bin/env bash
# Bulk mail end to end: N letters accepted in batches of 1,000 (BulkMail) and delivered by the
# outbox workers to the Mina meddelanden simulators (reachability, sign, seal, mutual TLS; the
# operator simulator validates and verifies every delivery) in one process
# (samverkan-bench-mailbox-bulk): letters/s, resident memory after each tenth (flat?) and peak.
# Beside it, in the same run: `openssl speed rsa2048` sign/s and `xmlsec1 --sign --repeat` on a
# delivery document. Not part of the tests.
# The bench prints letters/s, CPU per letter (user+sys of the process, simulators included),
# cores busy, RSS after each tenth and peak RSS. The operator simulator only counts what it
# accepts (the bench fails unless it accepted each letter exactly once), so the RSS is the
# platform's; `--keep-record` keeps its full record (and prints an estimate of its size).
# Workers claim batches of 32 (OutboxDelivery::work_batch, as `samverkan serve` does);
# `--per-letter` runs the earlier way (jobs::Worker + handle per letter) for a before/after in
# the same session, `--batch N` another batch size.
#   bench/mailbox_bulk.sh [LETTERS=100000] [WORKERS=2] [BUILD_DIR=build-release] [--pg URL] [--per-letter | --batch N] [--keep-record]
set -euo pipefail
cd "$(dirname "$0")/.."
letters=${1:-100000}
workers=${2:-2}
build=${3:-build-release}
shift $(( $# < 3 ? $# : 3 ))

targets=(samverkan-bench-mailbox-bulk samverkan-bench-mailbox-sign)
if [ ! -x "$build/bench/samverkan-bench-mailbox-bulk" ] || [ ! -x "$build/bench/samverkan-bench-mailbox-sign" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target "${targets[@]}" -j "$(nproc)" >/dev/null
fi
files=$(mktemp -d)
trap 'rm -rf "$files"' EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') =="
echo
echo "== openssl speed -seconds 3 rsa2048 (1 process) =="
openssl speed -seconds 3 rsa2048 2>/dev/null | grep -E '^rsa 2048|^ *sign' || true
echo
echo "== in-process signing of the same document (samverkan-bench-mailbox-sign, 2 s) =="
"$build/bench/samverkan-bench-mailbox-sign" 2 --write-files "$files"
echo
repeat=200
echo "== xmlsec1 --sign --repeat $repeat on the same document =="
start=$(date +%s.%N)
xmlsec1 --sign --repeat "$repeat" --privkey-pem "$files/key.pem,$files/cert.pem" \
  --output "$files/signed.xml" "$files/template.xml" >/dev/null 2>"$files/xmlsec.err" || { cat "$files/xmlsec.err"; exit 1; }
end=$(date +%s.%N)
awk -v n="$repeat" -v s="$start" -v e="$end" 'BEGIN { printf "xmlsec1: %d signatures in %.2f s = %.1f/s (including start-up)\n", n, e - s, n / (e - s) }'
echo
echo "== bulk end to end: $letters letters, $workers workers $* (load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
"$build/bench/samverkan-bench-mailbox-bulk" "$letters" "$workers" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
