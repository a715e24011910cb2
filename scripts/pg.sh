#!/usr/bin/env bash
# pg.sh — a throwaway PostgreSQL 15 cluster for tests and benchmarks, under build/pg.
#
#   scripts/pg.sh start            initdb (first time) and start on a free loopback port; idempotent
#   scripts/pg.sh stop             stop it (fast shutdown); the data stays for the next start
#   scripts/pg.sh destroy          stop it and remove its data
#   scripts/pg.sh status           exit 0 if it runs (prints the port), 3 if not
#   scripts/pg.sh url [DB]         postgresql://huoshui@127.0.0.1:PORT/DB (default huoshui)
#   scripts/pg.sh createdb DB      a fresh empty database DB (dropped first if it exists); prints its url
#   scripts/pg.sh psql [ARGS...]   psql on the cluster as the superuser huoshui
#
# Debian's postgresql-15 binaries (/usr/lib/postgresql/15/bin; scripts/deps.sh installs them). The
# server listens on 127.0.0.1 only, trusts local connections (a test cluster: no password, no
# network), and refuses to run as root, so as root it runs as the system user `postgres` and its
# directory is that user's. Durable by default (fsync on, as in production: the kill -9 tests need
# it); HUOSHUI_PG_FSYNC=off trades durability for speed where a test does not need it.
# Environment: HUOSHUI_PG_DIR (default build/pg), HUOSHUI_PG_PORT (default: the first free port
# from 54329), HUOSHUI_PG_BIN (default /usr/lib/postgresql/15/bin).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${HUOSHUI_PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${HUOSHUI_PG_DIR:-build/pg}
DIR=$(realpath -m "$DIR")
# As root the server runs as `postgres`, which must reach the directory; a clone under a private
# home (/root) is not reachable, so the cluster then lives in /tmp under a name fixed per clone.
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$(dirname "$DIR")" 2>/dev/null; then
  DIR=/tmp/huoshui-pg-$(printf '%s' "$DIR" | md5sum | cut -c1-12)
fi
DATA=$DIR/data
SOCK=$DIR/sock
LOG=$DIR/server.log
PORT_FILE=$DIR/port
SUPERUSER=huoshui

die() { echo "pg.sh: $*" >&2; exit 2; }
[ -x "$BIN/pg_ctl" ] || die "no PostgreSQL at $BIN (run scripts/deps.sh, or set HUOSHUI_PG_BIN)"

# Runs a server binary as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
  if [ -n "${HUOSHUI_PG_PORT:-}" ]; then echo "$HUOSHUI_PG_PORT"; return; fi
  local p
  for p in $(seq 54329 54429); do
    if port_free "$p"; then echo "$p"; return; fi
  done
  die "no free port in 54329..54429 (set HUOSHUI_PG_PORT)"
}

running() { [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

port() {
  [ -f "$PORT_FILE" ] || die "the cluster in $DIR was never started (scripts/pg.sh start)"
  cat "$PORT_FILE"
}

init_cluster() {
  [ -f "$DATA/PG_VERSION" ] && return
  mkdir -p "$DATA" "$SOCK"
  chmod 700 "$DATA"
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres: "$DIR"
    runuser -u postgres -- test -w "$DATA" || die "user postgres cannot write $DATA (set HUOSHUI_PG_DIR to a directory it can reach)"
  fi
  as_owner "$BIN/initdb" -D "$DATA" -U "$SUPERUSER" --auth=trust --encoding=UTF8 --locale=C \
    >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
}

start() {
  if running; then return; fi
  init_cluster
  local p
  p=$(pick_port)
  echo "$p" >"$PORT_FILE"
  [ "$(id -u)" = 0 ] && chown postgres: "$PORT_FILE" "$DIR"
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $p -k $SOCK -c fsync=${HUOSHUI_PG_FSYNC:-on} -c max_connections=200 -c shared_buffers=128MB" \
    >/dev/null || { tail -20 "$LOG" >&2; die "the server did not start (log: $LOG)"; }
  "$BIN/pg_isready" -q -h 127.0.0.1 -p "$p" -t 30 || die "the server does not answer on port $p"
  createdb_quiet "$SUPERUSER"
}

createdb_quiet() {
  local p
  p=$(port)
  PGOPTIONS='-c client_min_messages=warning' "$BIN/psql" -q -h 127.0.0.1 -p "$p" -U "$SUPERUSER" -d postgres -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\"" >/dev/null
}

url() { echo "postgresql://$SUPERUSER@127.0.0.1:$(port)/${1:-$SUPERUSER}"; }

case "${1:-}" in
  start) start; url ;;
  stop) if running; then as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi ;;
  destroy)
    if running; then as_owner "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null; fi
    rm -rf "$DIR" ;;
  status) if running; then port; else exit 3; fi ;;
  url) url "${2:-}" ;;
  createdb)
    [ -n "${2:-}" ] || die "usage: scripts/pg.sh createdb DB"
    [[ $2 =~ ^[a-z0-9_]{1,63}$ ]] || die "database name '$2': 1-63 of a-z, 0-9, '_'"
    running || die "the cluster is not running (scripts/pg.sh start)"
    createdb_quiet "$2"; url "$2" ;;
  psql) shift; exec "$BIN/psql" -h 127.0.0.1 -p "$(port)" -U "$SUPERUSER" "$@" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
