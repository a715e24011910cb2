#!/usr/bin/env bash
# pg.sh start|stop|url|status|createdb NAME|dropdb NAME — a throwaway PostgreSQL 15 cluster for
# tests and benchmarks, under build/pg of this checkout (override with $HUOSHUI_PG_DIR).
#
#   start     initdb (first time) and pg_ctl start: listens on 127.0.0.1 only, on a port derived
#             from the directory (so two checkouts on one machine don't collide; override with
#             $HUOSHUI_PG_PORT), trust authentication for the superuser "huoshui", a database
#             "huoshui". Prints the URL. Idempotent: a running cluster is left running.
#   stop      pg_ctl stop -m fast (nothing if not running)
#   url       postgresql://huoshui@127.0.0.1:PORT/huoshui (or /NAME with `url NAME`)
#   status    exit 0 if the cluster is running
#   createdb NAME / dropdb NAME   a database per test book (NAME: 1-63 of a-z, 0-9, '_')
#   psql [ARGS...]                psql on the cluster as the superuser
#   destroy   stop it (immediately) and remove its directory
#
# The binaries are Debian's postgresql-15 (/usr/lib/postgresql/15/bin; scripts/deps.sh installs
# it). PostgreSQL refuses to run as root: as root the cluster's directory is given to the
# "postgres" user (made by the Debian package; else "nobody") and the server runs as that user.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=$(realpath -m "${HUOSHUI_PG_DIR:-$ROOT/build/pg}")
# As root the server runs as another user, which must reach the directory; a checkout under a
# private home (/root) is not reachable, so the cluster then lives in /tmp under a name fixed per
# checkout (every command of this script computes the same one).
if [ "$(id -u)" = 0 ] && ! runuser -u "$(getent passwd postgres >/dev/null 2>&1 && echo postgres || echo nobody)" \
  -- test -x "$(dirname "$DIR")" 2>/dev/null; then
  DIR=/tmp/huoshui-pg-$(printf '%s' "$DIR" | cksum | cut -d' ' -f1)
fi
BIN=${HUOSHUI_PG_BIN:-/usr/lib/postgresql/15/bin}
DATA=$DIR/data
SOCK=$DIR/sock
LOG=$DIR/log/server.log
SUPER=huoshui

port() {
  if [ -n "${HUOSHUI_PG_PORT:-}" ]; then echo "$HUOSHUI_PG_PORT"; return; fi
  if [ -s "$DIR/port" ]; then cat "$DIR/port"; return; fi
  # 20000..29999 from the directory's path
  echo $((20000 + $(printf '%s' "$DIR" | cksum | cut -d' ' -f1) % 10000))
}

url() { echo "postgresql://$SUPER@127.0.0.1:$(port)/${1:-huoshui}"; }

# Runs a PostgreSQL binary as the cluster's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    local u
    u=$(stat -c %U "$DATA" 2>/dev/null || echo "$RUN_AS")
    runuser -u "$u" -- "$@"
  else
    "$@"
  fi
}

RUN_AS=postgres
getent passwd postgres >/dev/null 2>&1 || RUN_AS=nobody

running() { [ -d "$DATA" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

start() {
  [ -x "$BIN/initdb" ] || { echo "pg.sh: $BIN/initdb not found (run scripts/deps.sh)" >&2; exit 1; }
  mkdir -p "$DIR"
  port >"$DIR/port.new" && mv "$DIR/port.new" "$DIR/port"
  if [ ! -s "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    mkdir -p "$DATA" "$SOCK" "$DIR/log"
    if [ "$(id -u)" = 0 ]; then
      chown "$RUN_AS" "$DATA" "$SOCK" "$DIR/log"
      # the server user must reach its directory through build/
      chmod o+x "$DIR" "$(dirname "$DIR")" 2>/dev/null || true
    fi
    as_owner "$BIN/initdb" -D "$DATA" -U "$SUPER" --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    cat >>"$DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $(port)
unix_socket_directories = '$SOCK'
max_connections = 200
fsync = on
synchronous_commit = on
EOF
  fi
  if ! running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null ||
      { tail -20 "$LOG" >&2; exit 1; }
  fi
  if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$(port)" -U "$SUPER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'huoshui'" | grep -q 1; then
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$(port)" -U "$SUPER" huoshui
  fi
  url
}

stop() {
  if running; then as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url) url "${2:-}" ;;
status) running ;;
createdb | dropdb)
  [[ ${2:-} =~ ^[a-z0-9_]{1,63}$ ]] || { echo "pg.sh: $1 NAME: 1-63 of a-z, 0-9, '_'" >&2; exit 2; }
  if [ "$1" = createdb ]; then
    "$BIN/createdb" -h 127.0.0.1 -p "$(port)" -U "$SUPER" "$2"
  else
    "$BIN/dropdb" -h 127.0.0.1 -p "$(port)" -U "$SUPER" --if-exists "$2"
  fi ;;
psql) shift; exec "$BIN/psql" -h 127.0.0.1 -p "$(port)" -U "$SUPER" "$@" ;;
destroy)
  if running; then as_owner "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null; fi
  rm -rf "$DIR" ;;
*)
  echo "usage: scripts/pg.sh start|stop|url [DB]|status|createdb NAME|dropdb NAME|psql [ARGS]|destroy" >&2
  exit 2
  ;;
esac
