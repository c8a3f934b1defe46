#!/usr/bin/env bash
# README command 1: install, build (Release) and serve an example cooperation over HTTPS with the
# embedded SQLite database.
#
#   bash scripts/run.sh [EXAMPLE] [serve arguments...]
#
# EXAMPLE is a folder of examples/ with a cooperation.xml (hoglandet when left out: halsingland,
# goliska, sydnarke, gislaved, ...). Extra arguments go to `samverkan serve`. Each example keeps
# its own data: the database, field-encryption keys and development certificate in
# data/EXAMPLE/, its development keys, certificates and tokens in examples/EXAMPLE/secrets/ and
# its exchange folders in examples/EXAMPLE/spool/ (none of them committed), so switching
# examples never mixes databases or keys.
#
# Everything the cooperation file names (each member's Mina meddelanden signing key and
# certificate, the TLS client pair, the host's seal, the CA files, the adapters' token files and
# folders) is made from the cooperation file itself by samverkan-dev-provision
# (tests/provision), on every start: what exists and is still right is kept.
#
# Citizen login needs BankID, which cannot be reached from a development machine, so this
# also starts the BankID simulator (tests/bankid_simulator) with a throwaway PKI made on first
# start in data/EXAMPLE/bankid-simulator, and points the server at it; every login completes
# after two seconds as the test person 198507099805. SAMVERKAN_BANKID_SIMULATOR=0 leaves it (and
# citizen login) off.
#
# Digital mail goes to the Mina meddelanden simulators (tests/minameddelanden_simulator): the
# recipient register on localhost:8491 (where the examples' <minaMeddelanden> point) and one
# mailbox operator, with the PKI samverkan-dev-provision made (examples/EXAMPLE/secrets/dev-pki).
# Everyone has a mailbox there, unless SAMVERKAN_MM_RECIPIENTS names a recipients file
# (tests/minameddelanden_simulator/README.md). SAMVERKAN_MM_SIMULATOR=0 leaves them off (letters
# then wait in the outbox).
#
# The hiring process's systems (HR, IT service desk, property access, permissions) that the
# cooperation file binds over REST on https://localhost:PORT get local simulators
# (tests/hiring_simulators) with the development PKI's localhost certificate; they confirm each
# order three seconds after it is placed. SAMVERKAN_HIRING_SIMULATORS=0 leaves them off.
set -euo pipefail
cd "$(dirname "$0")/.."

example=hoglandet
if [[ $# -gt 0 && "$1" != -* ]]; then
  example=$1
  shift
fi
cooperation=examples/$example/cooperation.xml
if [[ "$example" == */* || ! -f "$cooperation" ]]; then
  echo "no example '$example': the examples are" \
    "$(cd examples && for f in */cooperation.xml; do printf '%s ' "${f%/cooperation.xml}"; done)" >&2
  exit 2
fi

scripts/install-deps.sh
# The simulators and the provisioning tool are built from tests/, so the test tree is configured,
# but only the server and those programs are built.
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DSAMVERKAN_BUILD_TESTS=ON >/dev/null
cmake --build build-release --target samverkan samverkan-bankid-simulator samverkan-mm-simulator \
  samverkan-hiring-simulators samverkan-dev-provision -j "$(nproc)"

samverkan=build-release/services/server/samverkan
data=data/$example
mkdir -p "$data"
# The keys, certificates, tokens and folders the cooperation file names, and the data folder's
# field-encryption key file (so the e-service commands below can name it).
build-release/tests/provision/samverkan-dev-provision "$cooperation" --data "$data" >"$data/provision.log"
echo "$example: provisioned from $cooperation ($(grep -c '^created ' "$data/provision.log" || true) files made; see $data/provision.log)"
pki=examples/$example/secrets/dev-pki

# Migrate, then fill the e-service catalogue with the example's definitions and publish them in
# the members listed in examples/EXAMPLE/eservices/publish.txt (idempotent: a second start
# changes nothing).
db=sqlite:$data/samverkan.db
store=(--db "$db" --config "$cooperation" --key-file "$data/keys")
"$samverkan" migrate --db "$db"
for definition in examples/"$example"/eservices/*.xml; do
  "$samverkan" eservice import "$definition" "${store[@]}"
done
trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }
while IFS='|' read -r service code unit contact title; do
  service=$(trim "$service")
  [[ -z "$service" || "$service" == \#* ]] && continue
  publish=(eservice publish "$service" "${store[@]}" --municipality "$(trim "$code")" --unit "$(trim "$unit")"
           --contact "$(trim "$contact")")
  title=$(trim "$title")
  if [[ -n "$title" ]]; then publish+=(--title "$title"); fi
  "$samverkan" "${publish[@]}"
done <examples/"$example"/eservices/publish.txt

serve_args=(--config "$cooperation" --data "$data" --listen 127.0.0.1:8443)
simulator_pids=()
trap 'kill "${simulator_pids[@]}" 2>/dev/null || true' EXIT
if [[ "${SAMVERKAN_BANKID_SIMULATOR:-1}" != 0 ]]; then
  simulator=build-release/tests/bankid_simulator/samverkan-bankid-simulator
  bankid=$data/bankid-simulator
  mkdir -p "$bankid"
  [[ -f "$bankid/ca.pem" ]] || "$simulator" --generate-pki "$bankid" >/dev/null
  "$simulator" --listen 127.0.0.1:0 --cert "$bankid/server-cert.pem" --key "$bankid/server-key.pem" \
    --client-ca "$bankid/ca.pem" >"$bankid/listening" 2>"$bankid/simulator.log" &
  simulator_pid=$!
  simulator_pids+=("$simulator_pid")
  for _ in $(seq 100); do
    grep -q '^listening on ' "$bankid/listening" 2>/dev/null && break
    kill -0 "$simulator_pid" 2>/dev/null || { cat "$bankid/simulator.log" >&2; exit 1; }
    sleep 0.1
  done
  bankid_url=$(sed -n 's/^listening on //p' "$bankid/listening")
  [[ -n "$bankid_url" ]] || { echo "the BankID simulator did not start" >&2; exit 1; }
  echo "BankID simulator: $bankid_url (log: $bankid/simulator.log)"
  serve_args+=(--bankid-url "$bankid_url" --bankid-cert "$bankid/rp-cert.pem" --bankid-key "$bankid/rp-key.pem"
               --bankid-ca "$bankid/ca.pem")
fi

mm_schemas=${SAMVERKAN_MM_SCHEMA_DIR:-../shared/reference/minameddelanden/schema}
if [[ "${SAMVERKAN_MM_SIMULATOR:-1}" != 0 && ! -d "$mm_schemas" ]]; then
  echo "Mina meddelanden schemas not found in $mm_schemas (set SAMVERKAN_MM_SCHEMA_DIR): no mail simulators" >&2
elif [[ "${SAMVERKAN_MM_SIMULATOR:-1}" != 0 ]]; then
  mm_simulator=build-release/tests/minameddelanden_simulator/samverkan-mm-simulator
  mm=$data/minameddelanden-simulator
  mkdir -p "$mm"
  # The server certificate and the two CAs provisioning made: ca.pem is the TLS CA (the register's
  # and operators' caFile in the cooperation file, and the issuer of the platform's TLS client
  # certificate); signing-ca.pem issued every member's signing certificate and the seal.
  mm_args=(--cert "$pki/server-cert.pem" --key "$pki/server-key.pem" --client-ca "$pki/ca.pem"
           --schema-dir "$mm_schemas" --trust-ca "$pki/signing-ca.pem" --register-listen 127.0.0.1:8491)
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
if [[ "${SAMVERKAN_HIRING_SIMULATORS:-1}" != 0 ]] && grep -q 'baseUrl="https://localhost' "$cooperation"; then
  hiring=$data/hiring-simulators
  mkdir -p "$hiring"
  build-release/tests/hiring_simulators/samverkan-hiring-simulators --config "$cooperation" \
    --cert "$pki/server-cert.pem" --key "$pki/server-key.pem" >"$hiring/listening" 2>"$hiring/simulators.log" &
  simulator_pids+=("$!")
  for _ in $(seq 100); do
    grep -q ' listening on ' "$hiring/listening" 2>/dev/null && break
    kill -0 "${simulator_pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  if grep -q ' listening on ' "$hiring/listening"; then
    sed 's/^/hiring simulator: /' "$hiring/listening"
  else
    echo "no hiring simulators: $(tail -1 "$hiring/simulators.log")" >&2
  fi
fi
"$samverkan" serve "${serve_args[@]}" "$@"
