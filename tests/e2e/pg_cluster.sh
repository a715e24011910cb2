#!/usr/bin/env bash
# pg_cluster.sh — scripts/pg.sh, the throwaway PostgreSQL 15 cluster the PostgreSQL tests and
# benchmarks run on: start (initdb the first time) on a loopback port, a fresh database per test,
# data kept across stop/start, status, and destroy leaving nothing behind.
set -u
cd "$(dirname "$0")/../.."
source tests/e2e/lib.sh
trap 'scripts/pg.sh destroy >/dev/null 2>&1; rm -rf "$E2E_TMP"' EXIT
export HUOSHUI_PG_DIR=build/pg-selftest
pg() { scripts/pg.sh "$@"; }
pg destroy >/dev/null 2>&1

url=$(pg start 2>&1)
if [[ $url =~ ^postgresql://huoshui@127\.0\.0\.1:[0-9]+/huoshui$ ]]; then pass "start prints the cluster's url"; else fail "start prints the cluster's url" "got '$url'"; fi
port=$(pg status)
check_eq "status prints the port it listens on" "$(sed 's/.*:\([0-9]*\)\/.*/\1/' <<<"$url")" "$port"
again=$(pg start 2>&1)
check_eq "a second start is a no-op on the same cluster" "$url" "$again"
db=$(pg createdb e2e_one)
check_eq "createdb prints the new database's url" "postgresql://huoshui@127.0.0.1:$port/e2e_one" "$db"
out=$(pg psql -q -d e2e_one -Atc "CREATE TABLE t (amount_fen bigint NOT NULL); INSERT INTO t VALUES (9223372036854775807); SELECT amount_fen FROM t" 2>&1)
check_eq "the database keeps a bigint of fen" "9223372036854775807" "$out"
pg stop
pg status >/dev/null 2>&1
check_eq "status after stop exits 3" 3 "$?"
pg start >/dev/null
out=$(pg psql -d e2e_one -Atc "SELECT count(*) FROM t" 2>&1)
check_eq "data survives stop and start" "1" "$out"
pg createdb e2e_one >/dev/null
out=$(pg psql -d e2e_one -Atc "SELECT count(*) FROM pg_tables WHERE tablename = 't'" 2>&1)
check_eq "createdb again gives an empty database" "0" "$out"
pg createdb "Bad-Name" >/dev/null 2>&1
check_eq "a database name outside a-z0-9_ is refused with exit 2" 2 "$?"
dir=$(cd build && pwd)/pg-selftest
pg destroy
pg status >/dev/null 2>&1
check_eq "destroy stops the server" 3 "$?"
[ ! -e "$dir/data" ]
check_eq "destroy removes the data" 0 "$?"
