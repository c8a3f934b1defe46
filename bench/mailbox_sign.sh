#!/usr/bin/env bash
# Signing throughput of Mina meddelanden deliveries: in process (samverkan-bench-mailbox-sign, 1
# and 2 threads, beside the raw RSA-2048 EVP sign rate of the same run), `openssl speed rsa2048`,
# and `xmlsec1 --sign --repeat` on the same document. Not part of the tests.
#   bench/mailbox_sign.sh [SECONDS=3] [BUILD_DIR=build-release]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-3}
build=${2:-build-release}

if [ ! -x "$build/bench/samverkan-bench-mailbox-sign" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target samverkan-bench-mailbox-sign -j "$(nproc)" >/dev/null
fi
files=$(mktemp -d)
trap 'rm -rf "$files"' EXIT

echo "== in process (libxmlsec1, OpenSSL) =="
"$build/bench/samverkan-bench-mailbox-sign" "$seconds" --write-files "$files"
echo
echo "== openssl speed -seconds $seconds rsa2048 (1 process) =="
openssl speed -seconds "$seconds" rsa2048 2>/dev/null | grep -E '^rsa 2048|^ *sign' || true
echo
repeat=200
echo "== xmlsec1 --sign --repeat $repeat on the same document =="
start=$(date +%s.%N)
xmlsec1 --sign --repeat "$repeat" --privkey-pem "$files/key.pem,$files/cert.pem" \
  --output "$files/signed.xml" "$files/template.xml" >/dev/null 2>"$files/xmlsec.err" || { cat "$files/xmlsec.err"; exit 1; }
end=$(date +%s.%N)
awk -v n="$repeat" -v s="$start" -v e="$end" 'BEGIN { printf "xmlsec1: %d signatures in %.2f s = %.1f/s (including start-up)\n", n, e - s, n / (e - s) }'
xmlsec1 --verify --pubkey-cert-pem "$files/cert.pem" --enabled-key-data rsa "$files/signed.xml" >/dev/null 2>&1 \
  && echo "xmlsec1's output verifies" || echo "WARNING: xmlsec1's output does not verify"
