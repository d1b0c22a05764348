#!/usr/bin/env bash
# Starts a throwaway native PostgreSQL 15 (initdb into a temp dir, as the postgres user) and
# prints its URL. Usage: eval "$(bash .ci/postgres.sh start)"; bash .ci/postgres.sh stop
# (restart / stop / start-again keep the data: the outage tests use them).
set -euo pipefail
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
DIR=${LOUPE_PG_DIR:-/tmp/loupe-ci-pg}
PORT=${LOUPE_PG_PORT:-55432}
run_as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "${1:-start}" in
  start)
    [ -x "$BIN/initdb" ] || { echo "no PostgreSQL binaries under /usr/lib/postgresql" >&2; exit 1; }
    run_as_postgres "'$BIN/pg_ctl' -D '$DIR' -m fast stop" >/dev/null 2>&1 || true
    rm -rf "$DIR"; mkdir -p "$DIR"; chown postgres "$DIR" 2>/dev/null || true
    run_as_postgres "'$BIN/initdb' -D '$DIR' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
    # Settings from docs/benchmarks.md (analytics on a 2-core machine).
    cat >> "$DIR/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
shared_buffers = 1GB
work_mem = 64MB
maintenance_work_mem = 512MB
max_parallel_workers_per_gather = 2
jit = off
timezone = 'UTC'
fsync = on
CONF
    # Per-statement timings for benchmarks, when the extension ships with the server.
    if [ -f "$(dirname "$BIN")/lib/pg_stat_statements.so" ]; then
      echo "shared_preload_libraries = 'pg_stat_statements'" >> "$DIR/postgresql.conf"
    fi
    run_as_postgres "'$BIN/pg_ctl' -D '$DIR' -l '$DIR/server.log' -w start" >/dev/null
    echo "export LOUPE_PG_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    run_as_postgres "'$BIN/pg_ctl' -D '$DIR' -m fast stop" >/dev/null 2>&1 || true
    ;;
  start-again)
    run_as_postgres "'$BIN/pg_ctl' -D '$DIR' status" >/dev/null 2>&1 ||
      run_as_postgres "'$BIN/pg_ctl' -D '$DIR' -l '$DIR/server.log' -w start" >/dev/null
    echo "export LOUPE_PG_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  restart)
    run_as_postgres "'$BIN/pg_ctl' -D '$DIR' -m fast -w restart -l '$DIR/server.log'" >/dev/null
    ;;
esac
