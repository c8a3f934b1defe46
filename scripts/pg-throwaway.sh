#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests: its own data directory in a temp folder,
# a free port on 127.0.0.1, run as the `postgres` user (or the caller when not root).
#   eval "$(scripts/pg-throwaway.sh start)"   sets PG_THROWAWAY_DIR and SAMVERKAN_TEST_PG
#   scripts/pg-throwaway.sh stop DIR          stops it and removes the folder
# fsync=off (fast, for tests); PG_THROWAWAY_DURABLE=1 keeps production durability instead
# (fsync=on, synchronous_commit=on: every commit waits for its WAL flush), for benches.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
[[ -n "$bindir" ]] || { echo "PostgreSQL 15 is not installed (apt-get install postgresql-15)" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port found" >&2; exit 1
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/samverkan-pg-XXXXXX)
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U samverkan --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    durability="-c fsync=off"
    [[ "${PG_THROWAWAY_DURABLE:-0}" == 1 ]] && durability="-c fsync=on -c synchronous_commit=on"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U samverkan samverkan_test
    echo "export PG_THROWAWAY_DIR=$dir"
    echo "export SAMVERKAN_TEST_PG=postgresql://samverkan@127.0.0.1:$port/samverkan_test"
    ;;
  stop)
    dir=${2:?usage: pg-throwaway.sh stop DIR}
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
