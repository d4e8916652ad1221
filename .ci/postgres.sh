#!/usr/bin/env bash
# Starts a private PostgreSQL server for the SQL engine tests and creates their role and database.
# Idempotent: an already running server (ours or any other on the port) is reused.
#
#   .ci/postgres.sh            # then: CX_TEST_PG_URL=postgres://cx@127.0.0.1:55432/cx_test
#   .ci/postgres.sh stop       # stops the private server (if this script started one)
#
# Environment: CX_PG_PORT (55432, away from a system cluster on 5432), CX_PG_DIR (/tmp/cx-pg: data directory, socket and log).
# Needs Debian's postgresql package (apt-get install -y postgresql). As root, the server runs as
# the `postgres` user (initdb refuses root).
set -euo pipefail

PORT="${CX_PG_PORT:-55432}"
DIR="${CX_PG_DIR:-/tmp/cx-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/pg_ctl" ]; then
  echo "postgres.sh: PostgreSQL server binaries not found (apt-get install -y postgresql)" >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; else "$@"; fi
}

if [ "${1:-}" = stop ]; then
  if [ -f "$DIR/data/postmaster.pid" ]; then as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null; fi
  exit 0
fi

if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  # A stale pid file from a killed server would stop pg_ctl.
  if [ -f "$DIR/data/postmaster.pid" ] && ! as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    rm -f "$DIR/data/postmaster.pid"
  fi
  as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi

PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
if [ "$("${PSQL[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'cx'")" != 1 ]; then
  "${PSQL[@]}" -c "CREATE ROLE cx LOGIN"
fi
if [ "$("${PSQL[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'cx_test'")" != 1 ]; then
  "${PSQL[@]}" -c "CREATE DATABASE cx_test OWNER cx ENCODING 'UTF8' TEMPLATE template0"
fi
echo "PostgreSQL ready: postgres://cx@127.0.0.1:$PORT/cx_test"
