#!/usr/bin/env bash
# bench/throughput/batch_file.sh [HUOSHUI_BIN] — `huoshui transfer --batch FILE.jsonl` against the
# same number of transfers applied in process (bench/throughput's `huoshui` mode at batch 8190: no
# file, no parsing), interleaved, on fresh books: what reading JSON Lines costs on top of the
# ledger. The file is bench/ledger's journal (gen.py N 300 1: id, debit, credit, amount_fen, date
# per line), on a book whose 300 accounts were imported first (not timed).
# N: $BENCH_BATCH_N (default 1,000,000); runs: $BENCH_REPEAT (default 3) of each, interleaved; the
# medians are compared. Progress on stderr when it is a terminal; the table on stdout.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=$(realpath "${1:-$ROOT/build/release/huoshui}")
N=${BENCH_BATCH_N:-1000000}
REPEAT=${BENCH_REPEAT:-3}
PROG=$ROOT/build/release/bench/throughput
progress() { if [ -t 2 ]; then printf 'bench/batch_file: %s\n' "$*" >&2; fi; }
make -s -C "$ROOT" build/release/huoshui build/release/bench/throughput >/dev/null
WORK=$(mktemp -d "${TMPDIR:-/tmp}/huoshui-bench-batch.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
progress "generating $N transfers"
python3 "$ROOT/bench/ledger/gen.py" "$N" 300 1 "$WORK" >/dev/null
{ echo name,kind; sed 's/$/,enterprise/' "$WORK/accounts.txt"; } >"$WORK/accounts.csv"
now() { date +%s.%N; }
: >"$WORK/file.txt"
: >"$WORK/proc.txt"
for i in $(seq 1 "$REPEAT"); do
  progress "run $i/$REPEAT: transfer --batch"
  rm -f "$WORK/b.db" "$WORK/b.db-wal" "$WORK/b.db-shm"
  "$BIN" --book "$WORK/b.db" init >/dev/null
  "$BIN" --book "$WORK/b.db" account import "$WORK/accounts.csv" >/dev/null
  t0=$(now)
  "$BIN" --book "$WORK/b.db" transfer --batch "$WORK/transfers.jsonl" >/dev/null
  t1=$(now)
  echo "$t1 - $t0" | bc >>"$WORK/file.txt"
  progress "run $i/$REPEAT: in process"
  rm -f "$WORK/p.db" "$WORK/p.db-wal" "$WORK/p.db-shm"
  "$PROG" huoshui "$WORK/p.db" 8190 "$N" 300 | awk '{print $4}' >>"$WORK/proc.txt"
done
median() { sort -g "$1" | sed -n "$(((REPEAT + 1) / 2))p"; }
f=$(median "$WORK/file.txt") p=$(median "$WORK/proc.txt")
echo "# transfer --batch of $N JSON Lines vs the same transfers in process (batch 8190), $REPEAT runs each, interleaved"
printf '%-22s %10s %14s  %s\n' case "median s" "transfers/s" "runs (s)"
printf '%-22s %10.2f %14.0f  %s\n' "transfer --batch" "$f" "$(echo "$N / $f" | bc -l)" "$(tr '\n' ' ' <"$WORK/file.txt")"
printf '%-22s %10.2f %14.0f  %s\n' "in process" "$p" "$(echo "$N / $p" | bc -l)" "$(tr '\n' ' ' <"$WORK/proc.txt")"
printf 'transfer --batch / in process: %.2fx (1.00x: reading the file costs nothing on top)\n' "$(echo "$p / $f" | bc -l)"
