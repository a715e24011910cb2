#!/usr/bin/env bash
# bench/throughput/run.sh [HUOSHUI_BIN] — durable batched transfer throughput through
# book_transfer, against plain SQLite doing the same rows by hand (see throughput.c): "sqlite"
# writes the transfers and balances only; "sqlite+audit" also the one audit-chain row per commit
# that huoshui writes (exactly huoshui's rows: its book passes `huoshui audit verify`).
#
# Cases (BATCH:COUNT, override with $BENCH_THROUGHPUT_CASES): 1:2000 (one fsync per transfer),
# 100:200000, 8190:1000000. Each case runs $BENCH_REPEAT (3) times per mode on a fresh book in
# $TMPDIR; the run with the median rate is reported, with its peak RSS (getrusage ru_maxrss; one
# process per run). Goal: >= 200,000 transfers/s at batch 8190.
# The binary is built by `make build/release/bench/throughput` (release objects); the
# HUOSHUI_BIN argument is accepted for symmetry with the other benchmarks but not needed.
# Then bench/throughput/batch_file.sh: `transfer --batch` of 1M JSON Lines against the same
# transfers in process. Progress goes to stderr on a TTY only; the tables go to stdout.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CASES=${BENCH_THROUGHPUT_CASES:-"1:2000 100:200000 8190:1000000"}
REPEAT=${BENCH_REPEAT:-3}
ACCOUNTS=${BENCH_ACCOUNTS:-300}
GOAL=200000
PROG=$ROOT/build/release/bench/throughput

progress() { if [ -t 2 ]; then printf 'bench/throughput: %s\n' "$*" >&2; fi; }

make -s -C "$ROOT" build/release/bench/throughput >/dev/null
WORK=$(mktemp -d "${TMPDIR:-/tmp}/huoshui-bench-throughput.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# median MODE BATCH COUNT -> the output line of the run with the median rate
median() {
  local mode=$1 batch=$2 count=$3 i
  : >"$WORK/runs.txt"
  for i in $(seq 1 "$REPEAT"); do
    progress "$mode batch $batch x $count: run $i/$REPEAT"
    rm -f "$WORK/book" "$WORK/book-wal" "$WORK/book-shm"
    if ! "$PROG" "$mode" "$WORK/book" "$batch" "$count" "$ACCOUNTS" >>"$WORK/runs.txt"; then
      echo "bench/throughput: $mode batch $batch failed" >&2
      echo "$mode $batch $count - - - FAILED"
      : >"$WORK/failed"
      return
    fi
  done
  grep -q ' ok$' "$WORK/runs.txt" || : >"$WORK/failed"
  sort -k5,5g "$WORK/runs.txt" | sed -n "$(((REPEAT + 1) / 2))p"
}

echo "# bench/throughput: durable transfers (WAL, synchronous=FULL, one commit per batch), $ACCOUNTS accounts," \
  "median of $REPEAT runs ($(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d), SQLite $(sqlite3 --version | cut -d' ' -f1))"
printf '%-6s %9s %12s %12s %9s %12s %12s %9s %10s %14s %12s  %s\n' batch transfers "huoshui s" "huoshui t/s" "peak MB" \
  "sqlite s" "sqlite t/s" "peak MB" "hs/sqlite" "sqlite+audit/s" "hs/(s+a)" check
goal_line="goal: no batch-8190 case run"
for c in $CASES; do
  batch=${c%%:*} count=${c##*:}
  read -r _ _ _ hs hr hk hc <<<"$(median huoshui "$batch" "$count")"
  read -r _ _ _ ss sr sk sc <<<"$(median sqlite "$batch" "$count")"
  read -r _ _ _ _ ar _ ac <<<"$(median sqlite-audit "$batch" "$count")"
  mb() { awk -v k="$1" 'BEGIN { if (k ~ /^[0-9]+$/) printf "%.0f", k/1024; else printf "-" }'; }
  ratio=$(awk -v a="$hr" -v b="$sr" 'BEGIN { if (a+0 > 0 && b+0 > 0) printf "%.2f", a/b; else printf "-" }')
  aratio=$(awk -v a="$hr" -v b="$ar" 'BEGIN { if (a+0 > 0 && b+0 > 0) printf "%.2f", a/b; else printf "-" }')
  printf '%-6s %9s %12s %12s %9s %12s %12s %9s %10s %14s %12s  %s\n' "$batch" "$count" "$hs" "$hr" "$(mb "$hk")" \
    "$ss" "$sr" "$(mb "$sk")" "$ratio" "$ar" "$aratio" "huoshui $hc, sqlite $sc, sqlite+audit $ac"
  if [ "$batch" = 8190 ]; then
    verdict=$(awk -v r="$hr" -v g="$GOAL" 'BEGIN { print (r+0 >= g ? "MET" : "NOT MET") }')
    goal_line="goal (>= $GOAL transfers/s at batch 8190): huoshui $hr/s -> $verdict (plain SQLite, same rows: $sr/s)"
  fi
done
echo "$goal_line"
[ ! -e "$WORK/failed" ] || exit 1 # a failed run or check makes the exit status 1
echo
# the same ledger path fed from a JSON Lines file: what `transfer --batch` adds on top
bash "$HERE/batch_file.sh" "${1:-$ROOT/build/release/huoshui}"
