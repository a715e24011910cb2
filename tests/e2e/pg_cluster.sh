#!/usr/bin/env bash
# pg_cluster.sh — scripts/pg.sh, the throwaway PostgreSQL 15 cluster the PostgreSQL tests and
# benchmarks run on, in a directory of its own (not the suite's cluster): start (initdb the first
# time) on a loopback port, a database per test, data kept across stop/start, status, names
# checked, and destroy leaving nothing behind.
set -u
cd "$(dirname "$0")/../.."
source tests/e2e/lib.sh
export HUOSHUI_PG_DIR=build/pg-selftest
unset HUOSHUI_PG_PORT
pg() { scripts/pg.sh "$@"; }
trap 'scripts/pg.sh destroy >/dev/null 2>&1; rm -rf "$E2E_TMP"' EXIT
pg destroy >/dev/null 2>&1

url=$(pg start 2>&1)
if [[ $url =~ ^postgresql://huoshui@127\.0\.0\.1:[0-9]+/huoshui$ ]]; then pass "start prints the cluster's url"; else fail "start prints the cluster's url" "got '$url'"; fi
pg status
check_eq "status: running (exit 0)" 0 "$?"
check_eq "a second start is a no-op on the same cluster" "$url" "$(pg start 2>&1)"
pg createdb e2e_one
check_eq "createdb makes a database" 0 "$?"
check_eq "url NAME names it" "${url%/huoshui}/e2e_one" "$(pg url e2e_one)"
out=$(pg psql -q -d e2e_one -Atc "CREATE TABLE t (amount_fen bigint NOT NULL); INSERT INTO t VALUES (9223372036854775807); SELECT amount_fen FROM t" 2>&1)
check_eq "the database keeps a bigint of fen" "9223372036854775807" "$out"
pg stop
pg status
check_eq "status after stop: not running (exit nonzero)" 1 "$(( $? != 0 ))"
pg start >/dev/null
check_eq "data survives stop and start" "1" "$(pg psql -d e2e_one -Atc "SELECT count(*) FROM t" 2>&1)"
pg dropdb e2e_one && pg createdb e2e_one
check_eq "dropdb and createdb give an empty database" "0" "$(pg psql -d e2e_one -Atc "SELECT count(*) FROM pg_tables WHERE tablename = 't'" 2>&1)"
pg createdb "Bad-Name" >/dev/null 2>&1
check_eq "a database name outside a-z0-9_ is refused with exit 2" 2 "$?"
pg destroy
pg status
check_eq "destroy stops the server" 1 "$(( $? != 0 ))"
[ ! -e build/pg-selftest ] && [ ! -e "/tmp/huoshui-pg-$(printf '%s' "$PWD/build/pg-selftest" | cksum | cut -d' ' -f1)" ]
check_eq "destroy removes its directory" 0 "$?"
