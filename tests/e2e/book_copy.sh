#!/usr/bin/env bash
# book_copy.sh — `huoshui book copy SRC DST` between backends: the README tour's book (every
# module) copied from SQLite into PostgreSQL and back; on each copy `check` passes, and
# `balance --json` and `audit verify` (its head hash) agree with the original; the copy goes on
# taking accounts and transfers (its keys follow the copied ones); a non-empty destination is
# refused. Uses the scripts/pg.sh test cluster (started if not running).
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if ! "$ROOT/scripts/pg.sh" start >"$E2E_TMP/pgstart" 2>&1; then
  fail "the PostgreSQL test cluster starts" "$(head -c 300 "$E2E_TMP/pgstart")"
  exit 1
fi
DB=copy_$$_$RANDOM
"$ROOT/scripts/pg.sh" createdb "$DB"
trap '"$ROOT/scripts/pg.sh" dropdb "$DB" >/dev/null 2>&1; rm -rf "$E2E_TMP"' EXIT
P=$("$ROOT/scripts/pg.sh" url "$DB")
S=$E2E_TMP/tour.db
BACK=$E2E_TMP/back.db

# the README tour, as tests/e2e/readme.sh runs it, on a SQLite book
mkdir -p "$E2E_TMP/tour/bin"
ln -s "$(cd "$(dirname "$HS")" && pwd)/$(basename "$HS")" "$E2E_TMP/tour/bin/huoshui"
ln -s "$ROOT/policies" "$E2E_TMP/tour/policies"
ln -s "$ROOT/data" "$E2E_TMP/tour/data"
awk '/^## A 5-minute tour/ { on = 1; next } on && /^## / { on = 0 } on && /^```sh/ { code = 1; next }
  on && /^```/ { code = 0; next } on && code' "$ROOT/README.md" |
  sed "s|^export HUOSHUI_BOOK=[^ ]*|export HUOSHUI_BOOK=$S|" >"$E2E_TMP/tour.sh"
(cd "$E2E_TMP/tour" && PATH="$E2E_TMP/tour/bin:$PATH" bash "$E2E_TMP/tour.sh" >"$E2E_TMP/tour.log" 2>&1)
check_rc "the tour's book passes check" 0 "$HS" --book "$S" check
transfers=$("$HS" --book "$S" check --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["transfers"])')
check_eq "the tour's book holds transfers" "yes" "$([ "${transfers:-0}" -gt 10 ] && echo yes || echo "no ($transfers)")"

head_of() { "$HS" --book "$1" audit verify | grep -o 'head [0-9a-f]*'; }
same_as_original() { # $1 = label, $2 = the copy
  check_rc "$1: check passes" 0 "$HS" --book "$2" check
  check_eq "$1: balance --json agrees" "$("$HS" --book "$S" balance --json)" "$("$HS" --book "$2" balance --json)"
  check_eq "$1: audit verify agrees (the same head)" "$(head_of "$S")" "$(head_of "$2")"
  check_eq "$1: the same subsidy applications" "$("$HS" --book "$S" subsidy list --json 2>&1)" "$("$HS" --book "$2" subsidy list --json 2>&1)"
  check_eq "$1: the same audit entries" "$("$HS" --book "$S" audit log --json 2>&1)" "$("$HS" --book "$2" audit log --json 2>&1)"
}

check_rc "book copy SQLite -> PostgreSQL" 0 "$HS" book copy "$S" "$P"
check_contains "... says what it copied" "tables" "$E2E_TMP/out"
same_as_original "the PostgreSQL copy" "$P"
check_rc "book copy PostgreSQL -> SQLite" 0 "$HS" --json book copy "$P" "$BACK"
check_eq "... --json names the rows" "yes" "$(python3 -c 'import json,sys; print("yes" if json.load(open(sys.argv[1]))["rows"] > 0 else "no")' "$E2E_TMP/out")"
same_as_original "the copy of the copy" "$BACK"

# the copies go on: new accounts and transfers take keys after the copied ones
for b in "$P" "$BACK"; do
  check_rc "a new account on the copy ($b)" 0 "$HS" --book "$b" account create after/copy --kind enterprise
  "$HS" --book "$b" account create firm/after --kind enterprise >/dev/null 2>&1
  check_rc "a new transfer on the copy ($b)" 0 "$HS" --book "$b" transfer --id after-copy2 --debit after/copy --credit firm/after --amount 1
  check_rc "check passes on the copy after it ($b)" 0 "$HS" --book "$b" check
  check_rc "audit verify passes on the copy after it ($b)" 0 "$HS" --book "$b" audit verify
done
check_rc "a destination that holds a book is refused (exit 2)" 2 "$HS" book copy "$S" "$BACK"
check_contains "... as book_not_empty" "already holds" "$E2E_TMP/err"
check_rc "a missing source is refused (exit 2)" 2 "$HS" book copy "$E2E_TMP/none.db" "$E2E_TMP/x.db"
