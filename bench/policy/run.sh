#!/usr/bin/env bash
# run.sh [HUOSHUI_BIN] — 1M synthetic firms x 50 rules: huoshui's columnar policy evaluator against
# two peers over the same firms: the same rules as one SQL query in SQLite, and as vectorised numpy
# formulas (bench/policy/peer.py, the OpenFisca style: each variable computed for every entity at
# once; Debian's python3-numpy). Prints load and evaluation times and the ratios (each the best of
# 5 runs, so a busy machine distorts less); checks all three agree on the count and total. Not part
# of `make test`.
# N=200000 bench/policy/run.sh for a quicker run. Progress lines only on a terminal.
set -eu
cd "$(dirname "$0")/../.."
BIN=${1:-build/release/huoshui}
N=${N:-1000000}
dir=build/bench/policy
mkdir -p "$dir"
say() { if [ -t 2 ]; then echo "$@" >&2; fi; }
command -v sqlite3 >/dev/null || { echo "bench/policy: sqlite3 not installed (make bench installs it)"; exit 1; }
csv=$dir/firms-$N.csv
if [ ! -s "$csv" ]; then
  say "generating $N firms ..."
  awk -v n="$N" -f bench/policy/gen.awk > "$csv.tmp" && mv "$csv.tmp" "$csv"
fi
bash bench/policy/make_rules.sh "$dir/fifty.policy" "$dir/fifty.sql"
"$BIN" policy test "$dir/fifty.policy" --quiet >/dev/null || { echo "bench policy test case failed"; exit 1; }
say "huoshui: loading and evaluating ..."
stats=$("$BIN" --quiet policy eval "$dir/fifty.policy" --on 2024-06-01 --firms "$csv" --stats --threads 2 --repeat 5)
h_load=$(awk '/^load_seconds/ {print $2}' <<<"$stats")
h_eval=$(awk '/^eval_seconds/ {print $2}' <<<"$stats")
h_count=$(awk '/^eligible/ {print $2}' <<<"$stats")
h_total=$(awk '/^total/ {print $2}' <<<"$stats")
stats1=$("$BIN" --quiet policy eval "$dir/fifty.policy" --on 2024-06-01 --firms "$csv" --stats --threads 1 --repeat 5)
h_eval1=$(awk '/^eval_seconds/ {print $2}' <<<"$stats1")
db=$dir/firms-$N.db
if [ ! -s "$db" ]; then
  say "sqlite: importing ..."
  rm -f "$db"
  sqlite3 "$db" <<S
CREATE TABLE firms(uscc TEXT, sector TEXT, stage TEXT, founded TEXT, employees INTEGER,
  revenue_fen INTEGER, rd_spend_fen INTEGER, patents INTEGER, software_copyrights INTEGER,
  high_tech TEXT, zjtx TEXT);
.mode csv
.import --skip 1 $csv firms
S
fi
say "sqlite: querying ..."
out=$( { echo ".timer on"; for _ in 1 2 3 4 5; do cat "$dir/fifty.sql"; done; } | sqlite3 -separator ' ' "$db")
s_row=$(head -1 <<<"$out")
s_time=$(grep -o 'real [0-9.]*' <<<"$out" | awk '{print $2}' | sort -g | head -1)
s_count=${s_row%% *}
s_total_fen=${s_row##* }
s_total=$(awk -v f="$s_total_fen" 'BEGIN { printf "%.2f", f / 100 }')
say "numpy: loading and evaluating ..."
/usr/bin/python3 -c 'import numpy' 2>/dev/null || { echo "bench/policy: numpy is not installed (HUOSHUI_BENCH_DEPS=1 scripts/deps.sh)" >&2; exit 1; }
peer=$(/usr/bin/python3 bench/policy/peer.py "$csv")
read -r n_count n_total_fen n_time n_load <<<"$peer"
n_total=$(awk -v f="$n_total_fen" 'BEGIN { printf "%.2f", f / 100 }')
printf 'policy bench: %d firms x 50 rules (2 cores)\n' "$N"
printf '  %-34s %8s s\n' "huoshui CSV load" "$h_load"
printf '  %-34s %8s s   eligible %s  total %s\n' "huoshui eval (2 threads)" "$h_eval" "$h_count" "$h_total"
printf '  %-34s %8s s\n' "huoshui eval (1 thread)" "$h_eval1"
printf '  %-34s %8s s   eligible %s  total %s\n' "sqlite3 same rules as one query" "$s_time" "$s_count" "$s_total"
printf '  %-34s %8s s   eligible %s  total %s\n' "numpy same rules vectorised" "$n_time" "$n_count" "$n_total"
printf '  %-34s %8s s\n' "numpy CSV load (python csv)" "$n_load"
awk -v h="$h_eval" -v s="$s_time" 'BEGIN { if (h > 0) printf "  ratio sqlite / huoshui eval: %.1fx\n", s / h }'
awk -v h="$h_eval" -v n="$n_time" 'BEGIN { if (h > 0) printf "  ratio numpy / huoshui eval: %.2fx\n", n / h }'
awk -v h="$h_eval1" -v n="$n_time" 'BEGIN { if (h > 0) printf "  ratio numpy / huoshui eval (1 thread): %.2fx\n", n / h }'
awk -v h="$h_eval" 'BEGIN { printf "  goal < 0.2 s (2 threads): %s\n", (h < 0.2 ? "met" : "NOT met") }'
if [ "$h_count" != "$s_count" ] || [ "$h_total" != "$s_total" ]; then
  echo "  MISMATCH: huoshui and sqlite disagree"; exit 1
fi
if [ "$h_count" != "$n_count" ] || [ "$h_total" != "$n_total" ]; then
  echo "  MISMATCH: huoshui and numpy disagree"; exit 1
fi
