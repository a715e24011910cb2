#!/usr/bin/env bash
# pg.sh — the ledger on a PostgreSQL book (--book postgresql://...): the tour of init, accounts,
# limits, pending and posted transfers, duplicate client ids, `check` and `audit verify`, with
# `balance --json` equal to the same commands' on a SQLite book; then four processes racing on one
# limited budget (never overspent, every accepted payment in the book), one client transfer id
# sent by two processes at once (applied once), and the audit chain one chain afterwards; and the
# README's whole tour (tests/e2e/readme.sh) on a second PostgreSQL book; a server on the book while
# PostgreSQL restarts (503 while it is away, then answers again without a restart of its own).
# Starts the throwaway cluster of scripts/pg.sh (build/pg) if it is not running.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if ! "$ROOT/scripts/pg.sh" start >"$E2E_TMP/pgstart" 2>&1; then
  fail "the PostgreSQL test cluster starts" "$(head -c 300 "$E2E_TMP/pgstart")"
  exit 1
fi
DB=e2e_$$_$RANDOM
"$ROOT/scripts/pg.sh" createdb "$DB"
trap '"$ROOT/scripts/pg.sh" dropdb "$DB" >/dev/null 2>&1; rm -rf "$E2E_TMP"' EXIT
P=$("$ROOT/scripts/pg.sh" url "$DB")
S=$E2E_TMP/same.db

tour() { # $1 = book
  local b=$1
  "$HS" --book "$b" init >/dev/null &&
    "$HS" --book "$b" account create approp --kind appropriation >/dev/null &&
    "$HS" --book "$b" account create budget --kind budget --limit debits-le-credits >/dev/null &&
    "$HS" --book "$b" account create firm/a --kind enterprise >/dev/null &&
    "$HS" --book "$b" account create firm/b --kind enterprise >/dev/null &&
    "$HS" --book "$b" transfer --id fund --debit approp --credit budget --amount 1000 >/dev/null &&
    "$HS" --book "$b" transfer --id pay1 --debit budget --credit firm/a --amount 300 --ref app=A1 >/dev/null &&
    "$HS" --book "$b" transfer --id res1 --debit budget --credit firm/b --amount 200 --pending >/dev/null &&
    "$HS" --book "$b" transfer --id post1 --post res1 --amount 150 >/dev/null &&
    "$HS" --book "$b" transfer --id res2 --debit budget --credit firm/b --amount 50 --pending >/dev/null &&
    "$HS" --book "$b" transfer --id void2 --void res2 >/dev/null
}
check_rc "the tour on a PostgreSQL book" 0 tour "$P"
check_rc "the same tour on a SQLite book" 0 tour "$S"
check_rc "overspending a limited budget on PostgreSQL is refused (exit 1)" 1 \
  "$HS" --book "$P" transfer --id big --debit budget --credit firm/a --amount 600
check_contains "... as exceeds_credits" "exceeds_credits" "$E2E_TMP/err"
check_rc "a repeated client id on PostgreSQL changes nothing (exit 0)" 0 \
  "$HS" --book "$P" transfer --id pay1 --debit budget --credit firm/a --amount 300 --ref app=A1
check_contains "... and says so" "exists (nothing changed)" "$E2E_TMP/out"
"$HS" --book "$P" balance --json >"$E2E_TMP/pg.json" 2>&1
"$HS" --book "$S" balance --json >"$E2E_TMP/sqlite.json" 2>&1
check_eq "balance --json is the same on both backends" "$(cat "$E2E_TMP/sqlite.json")" "$(cat "$E2E_TMP/pg.json")"
check_rc "check passes on the PostgreSQL book" 0 "$HS" --book "$P" check
check_rc "audit verify passes on the PostgreSQL book" 0 "$HS" --book "$P" audit verify
check_rc "history reads a PostgreSQL book" 0 "$HS" --book "$P" history firm/b --json
check_eq "... with the posted part of the reservation" "150.00" \
  "$(python3 -c 'import json,sys; print(",".join(t["amount"] for t in json.load(open(sys.argv[1])) if t["id"] == "post1"))' "$E2E_TMP/out")"
check_rc "a missing PostgreSQL book is no_such_book (exit 2)" 2 \
  "$HS" --book "$("$ROOT/scripts/pg.sh" url "${DB}_missing")" balance
check_rc "HUOSHUI_BOOK selects PostgreSQL too" 0 env HUOSHUI_BOOK="$P" "$HS" balance

# four processes race payments against one limited budget of 5,000.00
"$HS" --book "$P" account create race/budget --kind budget --limit debits-le-credits >/dev/null
"$HS" --book "$P" transfer --id race-fund --debit approp --credit race/budget --amount 5000 >/dev/null
worker() { # $1 = worker; 40 payments of 1..300 CNY
  local w=$1 i amt
  for i in $(seq 1 40); do
    amt=$(((RANDOM % 300) + 1))
    "$HS" --book "$P" transfer --id "r$w-$i" --debit race/budget --credit firm/a --amount "$amt" \
      >/dev/null 2>>"$E2E_TMP/race-err.$w"
    case $? in 0) echo "r$w-$i $amt" ;; 1) ;; *) echo "r$w-$i storage" >>"$E2E_TMP/race-bad.$w" ;; esac
  done
}
for w in 1 2 3 4; do worker $w >"$E2E_TMP/race.$w" & done
wait
accepted=$(cat "$E2E_TMP"/race.? | awk '{s += $2 * 100} END {print s + 0}')
posted=$("$HS" --book "$P" account show race/budget --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["debits_posted_fen"])')
funded=$("$HS" --book "$P" account show race/budget --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["credits_posted_fen"])')
check_eq "racing writers: no storage errors" "" "$(cat "$E2E_TMP"/race-bad.? 2>/dev/null)"
check_eq "racing writers: every accepted payment is in the book" "$accepted" "$posted"
check_eq "racing writers: the budget is never overspent" "yes" "$([ "$posted" -le "$funded" ] && echo yes || echo "no ($posted > $funded)")"
check_eq "racing writers: some were refused (the race was real)" "yes" \
  "$([ "$(cat "$E2E_TMP"/race.? | wc -l)" -lt 160 ] && echo yes || echo no)"

# the README's whole tour (programmes, subsidies, vouchers, credit, funds, guarantees, interest
# subsidies, reports, check) on a PostgreSQL book
TOUR_DB=${DB}_tour
"$ROOT/scripts/pg.sh" createdb "$TOUR_DB"
HUOSHUI_TOUR_BOOK=$("$ROOT/scripts/pg.sh" url "$TOUR_DB") bash "$ROOT/tests/e2e/readme.sh" 2>&1 |
  sed -E 's/^(PASS|FAIL) /\1 postgresql: /'
"$ROOT/scripts/pg.sh" dropdb "$TOUR_DB" >/dev/null 2>&1

# one client transfer id sent by two processes at once: applied once
for k in 1 2; do
  "$HS" --book "$P" transfer --id same-id --debit approp --credit firm/b --amount 7 >"$E2E_TMP/same.$k" 2>&1 &
done
wait
check_eq "one client id from two processes is applied once" "1" \
  "$("$HS" --book "$P" history firm/b --json | python3 -c 'import json,sys; print(sum(1 for t in json.load(sys.stdin) if t["id"] == "same-id"))')"
check_rc "check passes after the races" 0 "$HS" --book "$P" check
check_rc "the audit chain is one chain after the races" 0 "$HS" --book "$P" audit verify

# a server on the PostgreSQL book while the database restarts: 503 (not a hang) while it is away,
# answers again once it is back, on the same server process
echo "correct-horse-battery-staple-9" | "$HS" --book "$P" user add pg-admin --role admin >/dev/null 2>&1
TOKEN=$("$HS" --book "$P" token create pg-admin 2>/dev/null | tail -1)
"$HS" --book "$P" serve --listen 127.0.0.1:0 --threads 2 >"$E2E_TMP/serve.out" 2>"$E2E_TMP/serve.err" &
SERVE_PID=$!
for _ in $(seq 1 100); do grep -q "listening on" "$E2E_TMP/serve.err" && break; sleep 0.1; done
URL=$(grep -o "http://127.0.0.1:[0-9]*" "$E2E_TMP/serve.err" | head -1)
users() { curl -s -o /dev/null -w "%{http_code}" --max-time 30 -H "Authorization: Bearer $TOKEN" "$URL/api/v1/users"; }
check_eq "the server on the PostgreSQL book answers" "200" "$(users)"
"$ROOT/scripts/pg.sh" stop
check_eq "... 503 while the database is away" "503" "$(users)"
"$ROOT/scripts/pg.sh" start >/dev/null
code=$(users)
[ "$code" = 200 ] || { sleep 1; code=$(users); }
check_eq "... and answers again once it is back (the same process reconnected)" "200" "$code"
kill "$SERVE_PID" 2>/dev/null
wait "$SERVE_PID" 2>/dev/null
