#!/usr/bin/env bash
# durability.sh — a writer prints each batch id after commit and is killed with SIGKILL at random
# moments (24 times); after each kill every printed batch must be in the book whole, no batch may be
# half-applied, and `huoshui check` must pass.
source "$(dirname "$0")/lib.sh"
W=build/release/tools/durable_writer
B=$E2E_TMP/durable.db
PER=50
"$HS" --book "$B" init >/dev/null
for j in 0 1 2 3 4 5 6; do "$HS" --book "$B" account create sink/$j --kind enterprise >/dev/null; done
kills=24
lost=0; half=0; bad_check=0; total_printed=0
for k in $(seq 1 $kills); do
  # each run debits its own source account, so its transfers are that account's history
  "$HS" --book "$B" account create source/$k --kind appropriation >/dev/null
  "$W" "$B" "r$k" $PER source/$k > "$E2E_TMP/printed.$k" 2>"$E2E_TMP/werr.$k" &
  pid=$!
  sleep "0.$(( (RANDOM % 40) + 5 ))"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  # the run's transfers counted per batch (ids are BATCH-J), read back with `history --json`
  "$HS" --book "$B" history source/$k --json > "$E2E_TMP/history.$k" 2>"$E2E_TMP/herr.$k"
  python3 -c 'import collections, json, sys
n = collections.Counter(t["id"].rsplit("-", 1)[0] for t in json.load(open(sys.argv[1])))
for batch, count in n.items(): print(batch, count)' "$E2E_TMP/history.$k" > "$E2E_TMP/counts" \
    || echo "unreadable-history-$k 0" > "$E2E_TMP/counts"
  printed=$(wc -l < "$E2E_TMP/printed.$k")
  total_printed=$((total_printed + printed))
  # every printed batch present whole
  missing=$(awk -v per=$PER 'NR == FNR { n[$1] = $2; next } { if (n[$2] != per) bad++ } END { print bad + 0 }' \
    "$E2E_TMP/counts" "$E2E_TMP/printed.$k")
  lost=$((lost + missing))
  # no batch half-applied (including the one in flight when killed)
  h=$(awk -v per=$PER '$2 != per { bad++ } END { print bad + 0 }' "$E2E_TMP/counts")
  [ "$h" = "0" ] || half=$((half + 1))
  "$HS" --book "$B" check >/dev/null 2>&1 || bad_check=$((bad_check + 1))
done
check_eq "writer committed batches across $kills kills (some)" "yes" "$([ $total_printed -gt $kills ] && echo yes || echo "no ($total_printed)")"
check_eq "every printed batch survived SIGKILL whole" "0" "$lost"
check_eq "no batch half-applied after any kill" "0" "$half"
check_eq "huoshui check passed after every kill" "0" "$bad_check"
