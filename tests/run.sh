#!/usr/bin/env bash
# run.sh — runs every test: the unit-test binary (ASan+UBSan), then each end-to-end script in
# tests/e2e/ against the real binaries. Each prints PASS/FAIL lines; the last line here is
# "N passed, N failed" over all of them. Exit 0 only if nothing failed.
set -u
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export HUOSHUI_BIN=${HUOSHUI_BIN:-$PWD/build/release/huoshui}
export HUOSHUI_DBG_BIN=${HUOSHUI_DBG_BIN:-$PWD/build/debug/huoshui}
export HUOSHUI_DATA=$PWD
log=build/test-log.txt
mkdir -p build
: > "$log"
passed=0; failed=0
count() { # $1 = output file of one suite
  local p f
  p=$(grep -c '^PASS ' "$1"); f=$(grep -c '^FAIL ' "$1")
  passed=$((passed + p)); failed=$((failed + f))
  grep '^FAIL ' "$1" || true
  cat "$1" >> "$log"
}
suite() { # $1 = name, rest = command
  local name=$1; shift
  local out; out=$(mktemp)
  local start=$SECONDS
  "$@" > "$out" 2>&1
  local rc=$?
  if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$out"; then
    echo "FAIL $name: exited $rc without naming a failed test" >> "$out"
    tail -20 "$out"
  fi
  count "$out"
  printf '%-28s %3ds  %s\n' "$name" $((SECONDS - start)) "$(grep -c '^PASS ' "$out") passed"
  rm -f "$out"
}
# PostgreSQL: the throwaway cluster of scripts/pg.sh (build/pg, loopback) for the driver's unit
# tests (tests/unit/test_db_pg.c, through $HUOSHUI_TEST_PG) and tests/e2e/pg.sh; stopped at the end
# if this run started it.
pg_started=0
if scripts/pg.sh status; then :; elif scripts/pg.sh start >/dev/null 2>build/pg-start.log; then
  pg_started=1
else
  echo "FAIL postgresql: the test cluster did not start: $(tail -3 build/pg-start.log)" | tee -a "$log"
  failed=$((failed + 1))
fi
if scripts/pg.sh status; then
  pg_unit_db=unit_$$
  scripts/pg.sh dropdb "$pg_unit_db" >/dev/null 2>&1
  scripts/pg.sh createdb "$pg_unit_db" && export HUOSHUI_TEST_PG=$(scripts/pg.sh url "$pg_unit_db")
fi
pg_cleanup() {
  [ -n "${pg_unit_db:-}" ] && scripts/pg.sh dropdb "$pg_unit_db" >/dev/null 2>&1
  [ "$pg_started" = 1 ] && scripts/pg.sh stop
}
trap pg_cleanup EXIT
suite unit build/debug/unit_tests
for t in tests/e2e/*.sh; do
  case "$(basename "$t")" in lib.sh | *_lib.sh) continue ;; esac # sourced helpers
  [ -e "$t" ] || continue
  suite "e2e/$(basename "$t" .sh)" bash "$t"
done
for f in build/fuzz/*; do
  [ -f "$f" ] && [ -x "$f" ] || continue
  name=$(basename "$f")
  suite "fuzz-smoke/$name" bash -c "mkdir -p build/fuzz/corpus-$name && '$f' -max_total_time=${FUZZ_SMOKE_SECONDS:-10} build/fuzz/corpus-$name fuzz/corpus/$name >/dev/null 2>&1 && echo 'PASS fuzz-smoke $name' || echo 'FAIL fuzz-smoke $name: crash (see build/fuzz)'"
done
echo "full log: $log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
