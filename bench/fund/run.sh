#!/usr/bin/env bash
# bench/fund/run.sh BIN — a fund group of FUNDS sub-funds (default 1,000) under one mother fund with
# DEALS investments each (default 100: 100,000 in all) and 10 years of quarterly events (calls,
# fees, investments, marks, exits, write-offs, distributions), built through the fund module; then
# the rolled-up `huoshui fund report` of the whole group, with wall time and peak memory, against
# the goal (full roll-up < 1 s). Peer: the same totals by one SQL aggregate over the same book
# (sqlite3), the floor any roll-up reading the book pays. Not part of `make test`.
set -eu
cd "$(dirname "$0")/../.."
BIN=${1:-build/release/huoshui}
FUNDS=${FUNDS:-1000} DEALS=${DEALS:-100}
DIR=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/huoshui-fund-bench.XXXXXX")}
BOOK=$DIR/fund-bench.db
GEN=build/release/tools/fund_bench_gen
mkdir -p build/release/tools
make -s "$BIN" >/dev/null
OBJS=$(find build/release/src -name '*.o' ! -path '*/cli/main.o' | sort)
cc -std=c17 -D_GNU_SOURCE -O2 -Isrc $(pkg-config --cflags sqlite3 jansson) -o "$GEN" bench/fund/gen.c $OBJS \
  $(pkg-config --libs sqlite3 jansson yajl xlsxwriter libmicrohttpd libsodium) -lcsv -lm -lpthread
if [ ! -e "$BOOK" ]; then
  t0=$(date +%s.%N)
  events=$("$GEN" "$BOOK" "$FUNDS" "$DEALS")
  t1=$(date +%s.%N)
  printf 'fund bench: built %s sub-funds x %s deals, %s events in %.1f s (%.0f events/s)\n' \
    "$FUNDS" "$DEALS" "$events" "$(echo "$t1 - $t0" | bc)" "$(echo "$events / ($t1 - $t0)" | bc -l)"
fi
printf 'book: %s (%s), %s transfers, %s deals, %s marks\n' "$BOOK" "$(du -h "$BOOK" | cut -f1)" \
  "$(sqlite3 "$BOOK" 'select count(*) from transfers')" "$(sqlite3 "$BOOK" 'select count(*) from fund_deals')" \
  "$(sqlite3 "$BOOK" 'select count(*) from fund_marks')"
for by in "" sector; do
  args=(--book "$BOOK" fund report bench --json); [ -n "$by" ] && args+=(--by "$by")
  best=999
  for i in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$DIR/time" "$BIN" "${args[@]}" > "$DIR/report.json"
    read -r secs kb < "$DIR/time"
    best=$(echo "if ($secs < $best) $secs else $best" | bc)
  done
  printf 'roll-up report%s: %s funds, best of 3 %.2f s, peak RSS %d MB (goal < 1 s: %s)\n' \
    "${by:+ --by $by}" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["funds_count"])' "$DIR/report.json")" \
    "$best" "$((kb / 1024))" "$(echo "$best < 1" | bc | sed 's/1/met/;s/0/NOT met/')"
done
/usr/bin/time -f '%e %M' -o "$DIR/time" "$BIN" --book "$BOOK" fund check bench > "$DIR/check.txt"
read -r secs kb < "$DIR/time"
printf 'fund check (every table figure against the ledger): %s s, peak RSS %d MB: %s\n' "$secs" "$((kb / 1024))" "$(cat "$DIR/check.txt")"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("group: NAV %.2f亿, called from outside %.2f亿, distributed %.2f亿, IRR %s, TVPI %.4f, leverage %.2fx" % (d["nav_fen"]/1e10, d["external_called_fen"]/1e10, d["external_distributed_fen"]/1e10, "%.2f%%" % (100*d["irr"]) if d["irr"] is not None else "n/a", d["tvpi"]["value"], d["leverage"]["committed_over_government"]))' "$DIR/report.json"
t0=$(date +%s.%N)
sqlite3 "$BOOK" "select fund, sum(cost_fen), sum(value_fen) from fund_deals group by fund; select fund, kind, sum(amount_fen) from fund_flows group by fund, kind;" > /dev/null
t1=$(date +%s.%N)
printf 'peer (sqlite3, two GROUP BY aggregates over deals and flows): %.2f s\n' "$(echo "$t1 - $t0" | bc)"
