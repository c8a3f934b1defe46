#!/usr/bin/env bash
# README command 1: install, build (Release) and serve the example cooperation over HTTPS with
# the embedded SQLite database in ./data. Extra arguments go to `samverkan serve`.
#
# Citizen login needs BankID, which cannot be reached from a development machine, so this
# also starts the BankID simulator (tests/bankid_simulator) with a throwaway PKI made on first
# start in data/bankid-simulator, and points the server at it; every login completes after
# two seconds as the test person 198507099805. SAMVERKAN_BANKID_SIMULATOR=0 leaves it (and
# citizen login) off.
#
# Digital mail goes to the Mina meddelanden simulators (tests/minameddelanden_simulator): the
# recipient register on localhost:8491 (where examples/hoglandet/cooperation.xml points) and one
# mailbox operator, with a throwaway PKI (TLS, each member's signing certificate, the platform's
# seal) made on first start in data/minameddelanden-simulator. Everyone has a mailbox there,
# unless SAMVERKAN_MM_RECIPIENTS names a recipients file (tests/minameddelanden_simulator/README.md).
# SAMVERKAN_MM_SIMULATOR=0 leaves them off (letters then wait in the outbox).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# The simulators are built from tests/, so the test tree is configured, but only the server
# and the simulator are built.
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DSAMVERKAN_BUILD_TESTS=ON >/dev/null
cmake --build build-release --target samverkan samverkan-bankid-simulator samverkan-mm-simulator -j "$(nproc)"

# Migrate, then fill the e-service catalogue with the examples and publish them in the members
# listed in examples/hoglandet/eservices/publish.txt (idempotent: a second start changes nothing).
samverkan=build-release/services/server/samverkan
db=sqlite:data/samverkan.db
mkdir -p data
"$samverkan" migrate --db "$db"
for definition in examples/hoglandet/eservices/*.xml; do
  "$samverkan" eservice import "$definition" --db "$db"
done
trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }
while IFS='|' read -r service code unit contact title; do
  service=$(trim "$service")
  [[ -z "$service" || "$service" == \#* ]] && continue
  publish=(eservice publish "$service" --db "$db" --municipality "$(trim "$code")" --unit "$(trim "$unit")"
           --contact "$(trim "$contact")")
  title=$(trim "$title")
  if [[ -n "$title" ]]; then publish+=(--title "$title"); fi
  "$samverkan" "${publish[@]}"
done <examples/hoglandet/eservices/publish.txt

serve_args=(--config examples/hoglandet/cooperation.xml --data data --listen 127.0.0.1:8443)
simulator_pids=()
trap 'kill "${simulator_pids[@]}" 2>/dev/null || true' EXIT
if [[ "${SAMVERKAN_BANKID_SIMULATOR:-1}" != 0 ]]; then
  simulator=build-release/tests/bankid_simulator/samverkan-bankid-simulator
  pki=data/bankid-simulator
  mkdir -p "$pki"
  [[ -f "$pki/ca.pem" ]] || "$simulator" --generate-pki "$pki" >/dev/null
  "$simulator" --listen 127.0.0.1:0 --cert "$pki/server-cert.pem" --key "$pki/server-key.pem" \
    --client-ca "$pki/ca.pem" >"$pki/listening" 2>"$pki/simulator.log" &
  simulator_pid=$!
  simulator_pids+=("$simulator_pid")
  for _ in $(seq 100); do
    grep -q '^listening on ' "$pki/listening" 2>/dev/null && break
    kill -0 "$simulator_pid" 2>/dev/null || { cat "$pki/simulator.log" >&2; exit 1; }
    sleep 0.1
  done
  bankid_url=$(sed -n 's/^listening on //p' "$pki/listening")
  [[ -n "$bankid_url" ]] || { echo "the BankID simulator did not start" >&2; exit 1; }
  echo "BankID simulator: $bankid_url (log: $pki/simulator.log)"
  serve_args+=(--bankid-url "$bankid_url" --bankid-cert "$pki/rp-cert.pem" --bankid-key "$pki/rp-key.pem"
               --bankid-ca "$pki/ca.pem")
fi

mm_schemas=${SAMVERKAN_MM_SCHEMA_DIR:-../shared/reference/minameddelanden/schema}
if [[ "${SAMVERKAN_MM_SIMULATOR:-1}" != 0 && ! -d "$mm_schemas" ]]; then
  echo "Mina meddelanden schemas not found in $mm_schemas (set SAMVERKAN_MM_SCHEMA_DIR): no mail simulators" >&2
elif [[ "${SAMVERKAN_MM_SIMULATOR:-1}" != 0 ]]; then
  mm_simulator=build-release/tests/minameddelanden_simulator/samverkan-mm-simulator
  mm=data/minameddelanden-simulator
  # The names match the key files in examples/hoglandet/cooperation.xml; the seal is the host's.
  [[ -f "$mm/seal-key.pem" ]] || "$mm_simulator" --generate-pki "$mm" --signer seal=212000-0829 \
    --signer aneby=212000-0043 --signer eksjo=212000-0860 --signer nassjo=212000-0829 \
    --signer savsjo=212000-0845 --signer vetlanda=212000-0852 >/dev/null
  mm_args=(--cert "$mm/server-cert.pem" --key "$mm/server-key.pem" --client-ca "$mm/ca.pem"
           --schema-dir "$mm_schemas" --trust-ca "$mm/signing-ca.pem" --register-listen 127.0.0.1:8491)
  if [[ -n "${SAMVERKAN_MM_RECIPIENTS:-}" ]]; then
    mm_args+=(--recipients "$SAMVERKAN_MM_RECIPIENTS")
  else
    mm_args+=(--all-reachable)
  fi
  "$mm_simulator" "${mm_args[@]}" >"$mm/listening" 2>"$mm/simulator.log" &
  simulator_pids+=("$!")
  for _ in $(seq 100); do
    grep -q '^mailbox operator listening on ' "$mm/listening" 2>/dev/null && break
    kill -0 "${simulator_pids[-1]}" 2>/dev/null || { cat "$mm/simulator.log" >&2; exit 1; }
    sleep 0.1
  done
  grep -q '^mailbox operator listening on ' "$mm/listening" || { echo "the mail simulators did not start" >&2; exit 1; }
  sed 's/^/Mina meddelanden simulator: /' "$mm/listening"
fi
build-release/services/server/samverkan serve "${serve_args[@]}" "$@"
