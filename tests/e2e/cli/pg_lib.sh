# A throwaway PostgreSQL server for the end-to-end tests (sourced after lib.sh, not run): initdb into
# a private temporary directory, the server listening only on a Unix socket there (no TCP), fsync
# off; as root it runs as the postgres user (initdb refuses root). Fails the test, never skips, when
# the server cannot start (scripts/install-deps.sh installs Debian's postgresql).
# Usage: pg_start (after e2e_start: it chains the EXIT trap); then "$PG_URL" names database rolecall.

pg_start() {
  local bindir
  bindir=$(pg_config --bindir 2>/dev/null || true)
  [[ -x "$bindir/initdb" ]] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [[ ! -x "$bindir/initdb" ]]; then
    echo "FAIL: no PostgreSQL server programs (pg_config --bindir, /usr/lib/postgresql/*/bin)"
    exit 1
  fi
  PG_BINDIR="$bindir"
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rolecall-e2e-pg.XXXXXX")
  PG_AS=()
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi
  trap 'pg_status=$?; set +e; pg_stop; (exit $pg_status); e2e_cleanup' EXIT
  if ! "${PG_AS[@]}" "$bindir/initdb" -D "$PG_DIR/data" -U rolecall -A trust --no-sync -E UTF8 --locale=C \
    --no-instructions >"$PG_DIR/initdb.log" 2>&1; then
    echo "FAIL: initdb: $(cat "$PG_DIR/initdb.log")"
    exit 1
  fi
  if ! "${PG_AS[@]}" "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
    -o "-c listen_addresses='' -k $PG_DIR -c fsync=off -c synchronous_commit=off" start >/dev/null; then
    echo "FAIL: postgres did not start: $(cat "$PG_DIR/server.log")"
    exit 1
  fi
  "$bindir/createdb" -h "$PG_DIR" -U rolecall rolecall
  PG_URL="postgresql://rolecall@/rolecall?host=$PG_DIR"
}

# Stops the server and removes its directory.
pg_stop() {
  [[ -n "${PG_DIR:-}" ]] || return 0
  if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
    "${PG_AS[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DIR"
  PG_DIR=""
}
