# Shared by the bench scripts (source it after `cd` to the repository root).
#   bench_build BUILD_DIR TARGET    builds TARGET in BUILD_DIR (Release) unless it is there
#   bench_postgres                  starts a throwaway PostgreSQL 15 (scripts/pg-throwaway.sh,
#                                   fsync=off) and sets SAMVERKAN_TEST_PG, PG_THROWAWAY_DIR,
#                                   pg_base (postgresql://samverkan@host:port), pg_host, pg_port;
#                                   bench_postgres_stop stops it (call it from your EXIT trap)
#   pg_tool PROGRAM ARGS...         runs a PostgreSQL client program (createdb, psql, pgbench) as
#                                   the server's user against it
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
