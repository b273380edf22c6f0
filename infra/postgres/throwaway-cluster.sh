#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on a free loopback port, for tests and local development.
#   source infra/postgres/throwaway-cluster.sh && pg_throwaway_start   # exports MEDIATION_TEST_POSTGRES
#   pg_throwaway_stop
# Needs Debian's postgresql package (its initdb/pg_ctl); no systemd, no system cluster is touched.
# Durability is switched off (fsync, synchronous_commit, full_page_writes): the data dies with the test run.

pg_throwaway_start() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2
    return 1
  fi
  PG_THROWAWAY_DIR=$(mktemp -d /tmp/mediation-pg.XXXXXX)
  local port=""
  for candidate in $(seq 55432 55632); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
  done
  [ -n "$port" ] || { echo "no free port for PostgreSQL" >&2; return 1; }

  # initdb refuses to run as root: run the cluster as the postgres user the package created.
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PG_THROWAWAY_DIR"
    as=(runuser -u postgres --)
  fi
  echo mediation > "$PG_THROWAWAY_DIR/pw"
  chmod 644 "$PG_THROWAWAY_DIR/pw"
  "${as[@]}" "$bin/initdb" -D "$PG_THROWAWAY_DIR/data" -U mediation --pwfile="$PG_THROWAWAY_DIR/pw" \
    -A scram-sha-256 -E UTF8 --locale=C.UTF-8 > "$PG_THROWAWAY_DIR/initdb.log" 2>&1 \
    || { cat "$PG_THROWAWAY_DIR/initdb.log" >&2; return 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_THROWAWAY_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start > /dev/null || { cat "$PG_THROWAWAY_DIR/server.log" >&2; return 1; }
  PG_THROWAWAY_BIN=$bin
  PG_THROWAWAY_AS=("${as[@]}")
  export MEDIATION_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=mediation;Password=mediation;Database=postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($PG_THROWAWAY_DIR)"
}

pg_throwaway_stop() {
  [ -n "${PG_THROWAWAY_DIR:-}" ] || return 0
  "${PG_THROWAWAY_AS[@]}" "$PG_THROWAWAY_BIN/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$PG_THROWAWAY_DIR"
  unset PG_THROWAWAY_DIR
}
