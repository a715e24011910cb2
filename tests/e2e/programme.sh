#!/usr/bin/env bash
# programme.sh — programmes, reports and `check` on books a new user makes: transfers without
# references, funding racing a close, budgets owned by the programme, and a tampered book (which
# must give a `check` violation, never a signal). Reads go through `--json`, except the tamper
# steps, which simulate a corrupt book with the sqlite3 CLI.
source "$(dirname "$0")/lib.sh"
H=${HS_DBG:-$HS}
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$E2E_TMP/out"; }

# ---- reports on a book holding transfers without --ref (reliability review: exit 3) ----
B=$E2E_TMP/norefs.db
hs() { "$H" --book "$B" "$@"; }
hs init >/dev/null
hs account create x/a --kind external >/dev/null
hs account create x/b --kind external >/dev/null
check_rc "a transfer without --ref" 0 hs transfer --id t1 --debit x/a --credit x/b --amount 1
check_rc "report firm on a book with a ref-less transfer (was exit 3)" 0 hs report firm 91510107MA6CM4R26W
check_contains "the statement is empty but titled" "statement of firm 91510107MA6CM4R26W" "$E2E_TMP/out"
check_rc "report firm --json" 0 hs report firm 91510107MA6CM4R26W --json
check_eq "no rows" "0" "$(json 'len(d["rows"])')"
hs programme create p1 --date 2024-01-01 >/dev/null
hs programme fund p1 --budget main --amount 100 --date 2024-01-02 >/dev/null
hs account create budget/p1/side --kind budget --limit debits-le-credits >/dev/null
check_rc "a ref-less transfer into a budget-named free account" 0 hs transfer --id t2 --debit x/a --credit budget/p1/side --amount 5
check_rc "report programme on such a book (was exit 3)" 0 hs report programme p1 --json
check_eq "the ref-less money is returned money of its budget" "500" \
  "$(json '[r["returned_fen"] for r in d["rows"] if r["group"]=="side"][0]')"
check_rc "report programme --by firm on such a book" 0 hs report programme p1 --by firm --json
check_eq "the total counts no firm" "0" "$(json '[r["firms"] for r in d["rows"] if r["group"]=="total"][0]')"
check_rc "report programme --by sector on such a book" 0 hs report programme p1 --by sector
check_rc "check on such a book" 0 hs check
check_rc "report programme of an unknown programme is exit 2" 2 hs report programme nowhere

# ---- budgets and appropriations belong to the programme ----
check_rc "a plain transfer out of a programme budget is refused" 1 hs transfer --id t3 --debit budget/p1/main --credit x/b --amount 1
check_contains "named account_owned_by_module" "account_owned_by_module" "$E2E_TMP/err"
check_rc "a plain transfer into the appropriation is refused" 1 hs transfer --id t4 --debit x/a --credit appropriation/p1 --amount 1
check_rc "programme show --json" 0 hs programme show p1 --json
check_eq "main holds 100.00 CNY" "10000" "$(json '[b["remaining_fen"] for b in d["budgets"] if b["budget"]=="main"][0]')"
check_rc "fund an unknown programme is exit 2" 2 hs programme fund nowhere --budget x --amount 1
check_rc "show an unknown programme is exit 2" 2 hs programme show nowhere
check_rc "close p1" 0 hs programme close p1 --date 2024-02-01
check_rc "fund a closed programme is refused" 1 hs programme fund p1 --budget main --amount 1
check_rc "close again is refused" 1 hs programme close p1
check_rc "fund a closed programme --json" 1 hs programme fund p1 --budget main --amount 1 --json
check_eq "the error object names state_conflict" "state_conflict programme" "$(json 'd["error"]["code"] + " " + d["error"]["field"]')"
check_rc "fund an unknown programme --json" 2 hs programme fund nowhere --budget x --amount 1 --json
check_eq "the error object names not_found" "not_found" "$(json 'd["error"]["code"]')"
check_rc "report an unknown programme --json" 2 hs report programme nowhere --json
check_eq "the error object names no_budgets" "no_budgets" "$(json 'd["error"]["code"]')"
check_rc "a refused fund leaves no budget behind" 0 hs balance budget/p1/ --json
check_eq "budgets of p1: main, side" "budget/p1/main budget/p1/side" "$(json '" ".join(a["account"] for a in d)')"

# ---- funding racing a close: read, decide and write in one transaction ----
R=$E2E_TMP/race.db
hr() { "$HS" --book "$R" "$@"; }
hr init >/dev/null
rounds=6
for p in $(seq 1 $rounds); do hr programme create "r$p" --date 2024-01-01 >/dev/null; done
for p in $(seq 1 $rounds); do
  for w in 1 2 3 4 5; do
    ( for i in 1 2 3; do
        hr programme fund "r$p" --budget "b$w" --amount "$((w * 10 + i))" --id "f-$p-$w-$i" \
          --date 2024-01-05 >/dev/null 2>>"$E2E_TMP/race-err.$p.$w"
        echo "$? f-$p-$w-$i $((w * 10 + i))"
      done > "$E2E_TMP/race-out.$p.$w" ) &
  done
  ( sleep 0.0$((p % 5)); hr programme close "r$p" --date 2024-01-06 >/dev/null 2>&1; echo "$?" > "$E2E_TMP/race-close.$p" ) &
done
wait
bad=0; stray=0
for p in $(seq 1 $rounds); do
  [ "$(cat "$E2E_TMP/race-close.$p")" = 0 ] || bad=$((bad + 1))
  hr programme show "r$p" --json > "$E2E_TMP/out" || bad=$((bad + 1))
  # after the close, every budget is empty: what was funded before it came back, later funding refused
  left=$(json 'sum(b["remaining_fen"] for b in d["budgets"])')
  [ "$left" = 0 ] || { stray=$((stray + 1)); echo "round $p: $left fen left in budgets after the close"; }
  # every acknowledged funding is in the book, every refused one is not
  want=$(cat "$E2E_TMP"/race-out.$p.* | awk '$1 == 0 {s += $3 * 100} END {print s + 0}')
  got=$(json 'd["appropriated_fen"]')
  [ "$want" = "$got" ] || { bad=$((bad + 1)); echo "round $p: acknowledged $want fen, the book holds $got"; }
  grep -h '^[^01] ' "$E2E_TMP"/race-out.$p.* >/dev/null && bad=$((bad + 1))
done
check_eq "no budget keeps money in a closed programme ($rounds racing closes)" "0" "$stray"
check_eq "every close succeeded and every acknowledged funding is in the book" "0" "$bad"
check_rc "check after the race" 0 hr check

# ---- a tampered book: a check violation, never a signal ----
T=$E2E_TMP/tampered.db
sqlite3 "$B" ".backup $T"
sqlite3 "$T" "UPDATE accounts SET credits_posted = credits_posted + 7 WHERE name = 'budget/p1/side'"
"$H" --book "$T" programme show p1 >"$E2E_TMP/out" 2>"$E2E_TMP/err"; rc=$?
check_eq "programme show on a tampered book ends normally (no signal)" "yes" "$([ $rc -lt 128 ] && echo yes || echo "no: exit $rc")"
"$H" --book "$T" report programme p1 >"$E2E_TMP/out" 2>"$E2E_TMP/err"; rc=$?
check_eq "report programme on a tampered book ends normally" "yes" "$([ $rc -lt 128 ] && echo yes || echo "no: exit $rc")"
check_rc "check finds the tampered budget (exit 1)" 1 "$H" --book "$T" check
check_contains "names the budget" "budget/p1/side" "$E2E_TMP/err"
sqlite3 "$B" ".backup $T"
sqlite3 "$T" "UPDATE accounts SET debits_posted = debits_posted + 500 WHERE name = 'budget/p1/main'"
"$H" --book "$T" programme show p1 >"$E2E_TMP/out" 2>"$E2E_TMP/err"; rc=$?
check_eq "a budget overdrawn on disk: show ends normally (no signal)" "yes" "$([ $rc -lt 128 ] && echo yes || echo "no: exit $rc")"
check_rc "check finds the overdrawn budget (exit 1)" 1 "$H" --book "$T" check
