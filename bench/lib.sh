# Shared by the bench scripts (source it after `cd` to the repository root).
#   bench_build BUILD_DIR TARGET    builds TARGET in BUILD_DIR (Release) unless it is there
#   bench_postgres                  starts a throwaway PostgreSQL 15 (scripts/pg-throwaway.sh,
#                                   fsync=off) and sets SAMVERKAN_TEST_PG, PG_THROWAWAY_DIR,
#                                   pg_base (postgresql://samverkan@host:port), pg_host, pg_port;
#                                   bench_postgres_stop stops it (call it from your EXIT trap)
#   pg_tool PROGRAM ARGS...         runs a PostgreSQL client program (createdb, psql, pgbench) as
#                                   the server's user against it
#   bench_serve BIN DATA ARGS...    provisions the example cooperation's dev secrets and starts
#                                   `samverkan serve` on it (data in DATA), sets `server` (pid)
#                                   and `url`
#   bench_submitters BIN DB DATA CODES...
#                                   imports the fault report, publishes it in each member, creates
#                                   an API client with eservices:submit per member and fills the
#                                   associative array `tokens` (kommunkod -> bearer token); one
#                                   submission per member must answer 201 first
#   bench_submit_once CODE TOKEN REQUEST_ID
#                                   one submission; prints the HTTP status (body in DATA/last)
pgbin=/usr/lib/postgresql/15/bin
pg_run_as=()
[[ $(id -u) -eq 0 ]] && pg_run_as=(runuser -u postgres --)

bench_build() {
  local build=$1 target=$2
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target "$target" -j "$(nproc)" >/dev/null
}

bench_postgres() {
  eval "$(scripts/pg-throwaway.sh start)"
  pg_base=${SAMVERKAN_TEST_PG%/*}
  local hostport=${pg_base#postgresql://samverkan@}
  pg_host=${hostport%:*}
  pg_port=${hostport#*:}
}

bench_postgres_stop() {
  [[ -n "${PG_THROWAWAY_DIR:-}" ]] && scripts/pg-throwaway.sh stop "$PG_THROWAWAY_DIR"
}

pg_tool() {
  local program=$1
  shift
  "${pg_run_as[@]}" "$pgbin/$program" -h "$pg_host" -p "$pg_port" -U samverkan "$@"
}

bench_serve() {
  local bin=$1 data_dir=$2
  shift 2
  # The example's secrets (tokens, keys, certificates) come from samverkan-dev-provision, as in
  # the run command; a fresh clone has none.
  local build_dir=${bin%/services/server/samverkan}
  local provision=$build_dir/tests/provision/samverkan-dev-provision
  [[ -x $provision ]] || cmake --build "$build_dir" --target samverkan-dev-provision -j "$(nproc)" >/dev/null
  "$provision" examples/hoglandet/cooperation.xml --data "$data_dir" >"$data_dir/provision.log"
  "$bin" serve --config examples/hoglandet/cooperation.xml --data "$data_dir" --listen 127.0.0.1:0 \
    --max-connections 128 "$@" >"$data_dir/out" 2>"$data_dir/err" &
  server=$!
  for _ in $(seq 1 200); do grep -q "https://localhost:" "$data_dir/out" 2>/dev/null && break; sleep 0.1; done
  url=$(grep -o 'https://localhost:[0-9]*' "$data_dir/out" | head -1)
  [ -n "$url" ] || { cat "$data_dir/err" >&2; return 1; }
}

bench_submit_once() {
  curl -sS -o "$data/last" -w '%{http_code}' --cacert "$data/tls/dev-cert.pem" -H "Authorization: Bearer $2" \
    -H 'Content-Type: application/json' -d '{"requestId":"'"$3"'","personnummer":"19121212-1212","version":1,
    "answers":{"fault-type":"pothole","description":"Ett djupt hål i vägen","address":"Storgatan 1"}}' \
    "$url/api/v1/municipalities/$1/eservices/felanmalan-gata-park/submissions"
}

bench_submitters() {
  local bin=$1 db=$2 data_dir=$3 config=examples/hoglandet/cooperation.xml code created client_id client_secret status
  shift 3
  "$bin" eservice import examples/hoglandet/eservices/felanmalan-gata-park.xml --db "$db" \
    --key-file "$data_dir/keys" --config "$config" >/dev/null 2>&1
  for code in "$@"; do
    "$bin" eservice publish felanmalan-gata-park --municipality "$code" --db "$db" --key-file "$data_dir/keys" \
      --config "$config" >/dev/null 2>&1
    created=$("$bin" client create --db "$db" --key-file "$data_dir/keys" --municipality "$code" \
      --scopes eservices:submit 2>/dev/null)
    client_id=$(sed -n 's/^client id: *//p' <<<"$created")
    client_secret=$(sed -n 's/^client secret: *//p' <<<"$created")
    tokens[$code]=$(curl -sS --cacert "$data_dir/tls/dev-cert.pem" -d grant_type=client_credentials \
      --data-urlencode "client_id=$client_id" --data-urlencode "client_secret=$client_secret" "$url/oauth/token" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    # One submission per member first: the route works (201) before anything is measured.
    status=$(bench_submit_once "$code" "${tokens[$code]}" "warm-up-$code")
    [ "$status" = 201 ] || { echo "the first submission in $code answered $status: $(cat "$data_dir/last")" >&2; return 1; }
  done
}
