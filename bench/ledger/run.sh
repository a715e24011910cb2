#!/usr/bin/env bash
# bench/ledger/run.sh [HUOSHUI_BIN] — balance report over one generated journal of N transfers,
# in huoshui and in three plain-text-accounting peers (ledger-cli, hledger, beancount).
#
# For each N in $BENCH_SIZES (default "100000 1000000"): gen.py writes the same N transfers among
# $BENCH_ACCOUNTS (300) accounts in each tool's format; then each report is timed:
#   ledger     ledger -f journal.ledger balance
#   hledger    hledger -f journal.journal balance
#   beancount  bean-query journal.beancount "SELECT account, sum(position) GROUP BY account"
#              (python3 -m beancount.query.shell when Debian's package ships no bean-query)
#   huoshui    huoshui --book B balance, on a book already loaded (import excluded)
#   huoshui+import  init, account import (all accounts, one transaction), transfer --batch, balance
#              (a fresh book each run: the import is included)
# Timing: one run under /usr/bin/time (elapsed, peak RSS) with a $BENCH_TIMEOUT (600 s) limit,
# printed "timeout" if hit; then, if that run took under $BENCH_REPEAT_UNDER (60) seconds, the
# median of hyperfine runs (3 runs; hyperfine's default >= 10 for runs under a second).
# Every tool's report from the first run is checked against the generator's balances of a few
# accounts (OK / MISMATCH). Ratios: each time / huoshui's balance time, and / huoshui+import.
# Progress goes to stderr on a TTY only; the tables go to stdout.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$(realpath "${1:-build/release/huoshui}")
SIZES=${BENCH_SIZES:-"100000 1000000"}
ACCOUNTS=${BENCH_ACCOUNTS:-300}
SEED=${BENCH_SEED:-20241125}
TIMEOUT=${BENCH_TIMEOUT:-600}
REPEAT_UNDER=${BENCH_REPEAT_UNDER:-60}
CHECK_ACCOUNTS="A0000 A0001 A$(printf %04d $((ACCOUNTS / 2))) A$(printf %04d $((ACCOUNTS - 1)))"
PY=/usr/bin/python3 # Debian's python3-beancount lives in the system python, not a pyenv one

[ -x "$BIN" ] || { echo "bench/ledger: no huoshui binary at $BIN (run make)" >&2; exit 2; }
for t in ledger hledger hyperfine /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "bench/ledger: $t missing (HUOSHUI_BENCH_DEPS=1 scripts/deps.sh)" >&2; exit 2; }
done
if command -v bean-query >/dev/null; then
  BEAN=(bean-query)
elif $PY -c 'import beancount' 2>/dev/null; then
  BEAN=("$PY" -m beancount.query.shell)
else
  echo "bench/ledger: beancount missing (apt-get install python3-beancount)" >&2
  exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/huoshui-bench-ledger.XXXXXX")
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT

progress() { if [ -t 2 ]; then printf 'bench/ledger: %s\n' "$*" >&2; fi; }

# The import as one command, so that hyperfine can time it: a fresh book, accounts, batch, report.
cat >"$WORK/huoshui-import.sh" <<'EOF'
#!/usr/bin/env bash
# huoshui-import.sh BIN DIR: init a fresh book DIR/import.book, create the accounts, import, balance
set -euo pipefail
bin=$1 dir=$2 book=$2/import.book
rm -f "$book" "$book-wal" "$book-shm"
"$bin" --book "$book" init >/dev/null
{ echo name,kind; sed 's/$/,enterprise/' "$dir/accounts.txt"; } >"$dir/accounts.csv"
"$bin" --book "$book" account import "$dir/accounts.csv" >/dev/null
"$bin" --book "$book" transfer --batch "$dir/transfers.jsonl" >/dev/null
"$bin" --book "$book" balance
EOF
chmod +x "$WORK/huoshui-import.sh"

# measure LABEL OUTFILE CMD... -> prints "SECONDS RUNS PEAK_KB" (SECONDS may be timeout/error);
# the first run's stdout goes to OUTFILE for the check.
measure() {
  local label=$1 out=$2
  shift 2
  local tf="$WORK/time.txt" rc=0
  progress "  $label: first run (timeout ${TIMEOUT}s)"
  # stdin from /dev/null: on a TTY of size 0x0 (script(1), some CI) ledger-cli fails to lay out
  /usr/bin/time -f '%e %M' -o "$tf" timeout "$TIMEOUT" "$@" </dev/null >"$out" 2>"$WORK/stderr.txt" || rc=$?
  if [ "$rc" = 124 ]; then
    echo "timeout 1 -"
    return
  elif [ "$rc" != 0 ]; then
    echo "bench/ledger: $label failed (exit $rc): $(tail -3 "$WORK/stderr.txt")" >&2
    echo "error 1 -"
    return
  fi
  local first peak
  read -r first peak < <(tail -1 "$tf")
  if awk -v t="$first" -v u="$REPEAT_UNDER" 'BEGIN { exit !(t < u || t < 1) }'; then
    local cmd runs=(--runs 3)
    cmd=$(printf '%q ' "$@")
    awk -v t="$first" 'BEGIN { exit !(t < 1) }' && runs=(--warmup 1)
    progress "  $label: hyperfine"
    hyperfine --style none "${runs[@]}" --export-json "$WORK/hf.json" "$cmd" >/dev/null 2>&1
    "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.4f %d" % (r["median"], len(r["times"])))' "$WORK/hf.json" | tr -d '\n'
    echo " $peak"
  else
    echo "$first 1 $peak"
  fi
}

ratio() { # ratio A B -> A/B with one decimal, or "-" if either is not a number
  awk -v a="$1" -v b="$2" 'BEGIN { if (a+0 > 0 && b+0 > 0 && a ~ /^[0-9.]+$/) printf (a/b >= 10 ? "%.0fx" : (a/b >= 1 ? "%.1fx" : "%.3fx")), a/b; else printf "-" }'
}

echo "# bench/ledger: balance report, N transfers among $ACCOUNTS accounts ($(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d))"
echo "# $("$BIN" --version 2>/dev/null | head -1 || true); $(ledger --version | head -1 | cut -d, -f1);" \
  "hledger $(hledger --version | awk '{print $2}' | tr -d ,); beancount $("$PY" -c 'import beancount; print(beancount.__version__)'; true)"
failed=0 # a tool that errs or disagrees makes the exit status 1 (a timeout is only reported)
for N in $SIZES; do
  dir="$WORK/n$N"
  progress "N=$N: generating"
  "$PY" "$HERE/gen.py" "$N" "$ACCOUNTS" "$SEED" "$dir"
  progress "N=$N: loading the huoshui book (not timed)"
  book="$dir/loaded.book"
  t0=$(date +%s.%N)
  "$BIN" --book "$book" init >/dev/null
  { echo name,kind; sed 's/$/,enterprise/' "$dir/accounts.txt"; } >"$dir/accounts.csv"
  "$BIN" --book "$book" account import "$dir/accounts.csv" >/dev/null
  t1=$(date +%s.%N)
  "$BIN" --book "$book" transfer --batch "$dir/transfers.jsonl" >/dev/null
  t2=$(date +%s.%N)
  load_note=$(awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$N" -v k="$ACCOUNTS" 'BEGIN {
    printf "load of the book (one run): init + account import of %d %.2f s, transfer --batch %.2f s (%.0f transfers/s)", k, b-a, c-b, n/(c-b) }')

  declare -A secs runs peak check
  tools=(ledger hledger beancount huoshui huoshui+import)
  progress "N=$N: ledger"
  read -r secs[ledger] runs[ledger] peak[ledger] < <(measure ledger "$dir/ledger.out" ledger -f "$dir/journal.ledger" balance)
  progress "N=$N: hledger"
  read -r secs[hledger] runs[hledger] peak[hledger] < <(measure hledger "$dir/hledger.out" hledger -f "$dir/journal.journal" balance)
  progress "N=$N: beancount"
  read -r secs[beancount] runs[beancount] peak[beancount] < <(measure beancount "$dir/beancount.out" "${BEAN[@]}" "$dir/journal.beancount" "SELECT account, sum(position) GROUP BY account")
  progress "N=$N: huoshui balance"
  read -r secs[huoshui] runs[huoshui] peak[huoshui] < <(measure huoshui "$dir/huoshui.out" "$BIN" --book "$book" balance)
  progress "N=$N: huoshui import + balance"
  read -r secs[huoshui+import] runs[huoshui+import] peak[huoshui+import] < <(measure huoshui+import "$dir/huoshui+import.out" "$WORK/huoshui-import.sh" "$BIN" "$dir")
  for t in "${tools[@]}"; do
    case ${secs[$t]} in
    timeout | error) check[$t]="n/a (${secs[$t]})" ;;
    *) check[$t]=$("$PY" "$HERE/check.py" "$dir/expected.txt" "$dir/$t.out" $CHECK_ACCOUNTS) ;;
    esac
    [ "${secs[$t]}" != error ] && [ "${check[$t]}" = OK -o "${secs[$t]}" = timeout ] || failed=1
  done

  echo
  echo "## N = $N (check: balances of $CHECK_ACCOUNTS against the generator's)"
  printf '%-15s %9s %12s %5s %10s %12s %14s  %s\n' tool N seconds runs peak_MB "x huoshui" "x hs+import" check
  for t in "${tools[@]}"; do
    mb=$(awk -v k="${peak[$t]}" 'BEGIN { if (k ~ /^[0-9]+$/) printf "%.0f", k/1024; else printf "-" }')
    printf '%-15s %9s %12s %5s %10s %12s %14s  %s\n' "$t" "$N" "${secs[$t]}" "${runs[$t]}" "$mb" \
      "$(ratio "${secs[$t]}" "${secs[huoshui]}")" "$(ratio "${secs[$t]}" "${secs[huoshui+import]}")" "${check[$t]}"
  done
  echo "$load_note"
  fastest=$(for t in ledger hledger beancount; do echo "${secs[$t]} $t"; done | awk '$1 ~ /^[0-9.]+$/' | sort -g | head -1)
  if [ -n "$fastest" ]; then
    read -r fs fname <<<"$fastest"
    verdict=$(awk -v a="$fs" -v b="${secs[huoshui]}" 'BEGIN { if (b+0 > 0 && a/b >= 20) print "MET"; else print "NOT MET" }')
    echo "goal (huoshui balance >= 20x faster than the fastest peer, $fname): $(ratio "$fs" "${secs[huoshui]}") -> $verdict;" \
      "import included: $(ratio "$fs" "${secs[huoshui+import]}")"
  else
    echo "goal: no peer finished"
  fi
  unset secs runs peak check
  rm -rf "$dir"
done
exit $failed
