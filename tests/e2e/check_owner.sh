#!/usr/bin/env bash
# check_owner.sh — `huoshui check` verifies the accounts' owner column: an owned account names a
# module of the book, a free account has none. The tampering is done with the sqlite3 CLI: editing
# the file behind huoshui's back is the point of these steps.
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/book.db
hs() { "$H" --book "$B" "$@"; }
hs init >/dev/null
hs account create x/free --kind external >/dev/null
hs programme create p1 --date 2024-01-01 >/dev/null
hs programme fund p1 --budget main --amount 100 --date 2024-01-02 >/dev/null
check_rc "check passes on a book with owned and free accounts" 0 hs check
check_contains "every invariant holds" "every invariant holds" "$E2E_TMP/out"
check_rc "the programme's budget exists" 0 hs account show budget/p1/main

# tamper: the budget's owner names no module
T=$E2E_TMP/t1.db
sqlite3 "$B" ".backup $T"
sqlite3 "$T" "UPDATE accounts SET owner = 'wizard' WHERE name = 'budget/p1/main'"
check_rc "an owner naming no module is a check violation (exit 1)" 1 "$H" --book "$T" check
check_contains "names the account and the owner" "account budget/p1/main is owned by 'wizard', which is no module of this book" "$E2E_TMP/err"
check_rc "check --json on that book is exit 1" 1 "$H" --book "$T" check --json
got=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; print(e["code"], e["ok"], "wizard" in e["violation"])' "$E2E_TMP/out" 2>&1)
check_eq "check --json prints the violation as its one error object" "invariant_violated False True" "$got"

# tamper: a free account gets an owner that is no module
T=$E2E_TMP/t2.db
sqlite3 "$B" ".backup $T"
sqlite3 "$T" "UPDATE accounts SET owner = ' ' WHERE name = 'x/free'"
check_rc "a free account with a blank owner is a check violation (exit 1)" 1 "$H" --book "$T" check
check_contains "names the free account" "account x/free is owned by ' '" "$E2E_TMP/err"

# the untampered book still checks
check_rc "the original book still passes check" 0 hs check
