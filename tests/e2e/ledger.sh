#!/usr/bin/env bash
# ledger.sh — the ledger CLI contract end to end, on the ASan build.
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/book.db
hs() { "$H" --book "$B" "$@"; }

check_rc "init creates a book" 0 hs init
check_contains "init says created" "created book" "$E2E_TMP/out"
check_rc "init again is harmless" 0 hs init
check_rc "account create appropriation" 0 hs account create appropriation/chengdu-2024 --kind appropriation
check_rc "account create budget with limit" 0 hs account create budget/chengdu-2024/vouchers --kind budget --limit debits-le-credits
check_rc "account create firm" 0 hs account create firm/91510100MA6C000001/cash --kind enterprise
check_rc "account create same again is idempotent" 0 hs account create firm/91510100MA6C000001/cash --kind enterprise
check_rc "account create with other kind is refused" 2 hs account create firm/91510100MA6C000001/cash --kind bank
check_rc "unknown kind is bad input" 2 hs account create x --kind wizard
check_contains "unknown kind message lists kinds" "appropriation, budget" "$E2E_TMP/err"
check_rc "bad limit is bad input" 2 hs account create y --kind budget --limit sometimes

check_rc "fund the budget with 3270万" 0 hs transfer --id fund-1 --debit appropriation/chengdu-2024 --credit budget/chengdu-2024/vouchers --amount 3270万元 --code budget.fund --ref programme=chengdu-2024 --date 2024-01-15
check_rc "retry with the same body is exit 0" 0 hs transfer --id fund-1 --debit appropriation/chengdu-2024 --credit budget/chengdu-2024/vouchers --amount 32,700,000.00 --code budget.fund --ref programme=chengdu-2024 --date 2024-01-15
check_contains "retry says exists" "exists" "$E2E_TMP/out"
check_rc "same id with another amount is exit 2" 2 hs transfer --id fund-1 --debit appropriation/chengdu-2024 --credit budget/chengdu-2024/vouchers --amount 1 --code budget.fund --ref programme=chengdu-2024
check_contains "names the differing field" "exists_with_different_amount" "$E2E_TMP/err"
check_rc "negative amount is bad input" 2 hs transfer --id n1 --debit budget/chengdu-2024/vouchers --credit firm/91510100MA6C000001/cash --amount -5
check_rc "malformed amount is bad input" 2 hs transfer --id n2 --debit budget/chengdu-2024/vouchers --credit firm/91510100MA6C000001/cash --amount 12abc
check_contains "malformed amount names the option" "--amount" "$E2E_TMP/err"
check_rc "unknown account is bad input" 2 hs transfer --id n3 --debit budget/nope --credit firm/91510100MA6C000001/cash --amount 1
check_contains "unknown account named" "budget/nope" "$E2E_TMP/err"

check_rc "reserve a voucher (pending)" 0 hs transfer --id v-1 --debit budget/chengdu-2024/vouchers --credit firm/91510100MA6C000001/cash --amount 3000万 --pending --date 2024-02-01
check_rc "overspend counting the reservation is refused (exit 1)" 1 hs transfer --id pay-x --debit budget/chengdu-2024/vouchers --credit firm/91510100MA6C000001/cash --amount 300万
check_contains "refusal explains the overspend" "would overspend" "$E2E_TMP/err"
check_rc "post part of the voucher" 0 hs transfer --id v-1-post --post v-1 --amount 1000万 --date 2024-03-01
check_rc "posting again is refused" 1 hs transfer --id v-1-post2 --post v-1
check_contains "already posted" "pending_transfer_already_posted" "$E2E_TMP/err"
check_rc "now the payment fits" 0 hs transfer --id pay-x --debit budget/chengdu-2024/vouchers --credit firm/91510100MA6C000001/cash --amount 300万 --date 2024-04-01
check_rc "reserve another" 0 hs transfer --id v-2 --debit budget/chengdu-2024/vouchers --credit firm/91510100MA6C000001/cash --amount 100万 --pending --date 2024-05-01
check_rc "void it" 0 hs transfer --id v-2-void --void v-2 --date 2024-06-01

check_rc "balance --json" 0 hs balance budget/chengdu-2024/vouchers --json
got=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))[0]; print(a["account"], a["debits_posted_fen"], a["credits_posted_fen"], a["debits_pending_fen"], a["credits_pending_fen"])' "$E2E_TMP/out")
check_eq "budget balances in fen" "budget/chengdu-2024/vouchers 1300000000 3270000000 0 0" "$got"
check_rc "balance --at mid-way" 0 hs balance budget --at 2024-05-15 --json
got=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))[0]; print(a["debits_posted_fen"], a["debits_pending_fen"])' "$E2E_TMP/out")
check_eq "budget as of 2024-05-15: 1300万 paid, 100万 reserved" "1300000000 100000000" "$got"
check_rc "balance --at before the reservation's post" 0 hs balance budget --at 2024-02-15 --json
got=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))[0]; print(a["debits_posted_fen"], a["debits_pending_fen"])' "$E2E_TMP/out")
check_eq "budget as of 2024-02-15: 3000万 reserved" "0 3000000000" "$got"
check_rc "balance table" 0 hs balance
check_contains "amount format" "32,700,000.00 CNY" "$E2E_TMP/out"
check_rc "balance --cn" 0 hs balance --cn budget
check_contains "Chinese units" "3,270.00万" "$E2E_TMP/out"
check_rc "balance of an unknown account" 2 hs balance nowhere
check_rc "bad --at date" 2 hs balance --at 2024-02-30

check_rc "history" 0 hs history budget/chengdu-2024/vouchers
check_contains "history lists the post" "v-1-post" "$E2E_TMP/out"
check_rc "history --json" 0 hs history firm/91510100MA6C000001/cash --json
got=$(python3 -c 'import json,sys; h=json.load(open(sys.argv[1])); print(len(h), h[-1]["balance_fen"])' "$E2E_TMP/out")
check_eq "firm history has 5 rows and ends at 1300万" "5 1300000000" "$got"

# batch files: JSON Lines and CSV, all or nothing, every bad line named
cat > "$E2E_TMP/good.jsonl" <<'J'
{"id": "b-1", "debit": "budget/chengdu-2024/vouchers", "credit": "firm/91510100MA6C000001/cash", "amount": "10万", "code": "voucher.redeem", "ref": {"bill": "B-001"}}
# a comment
{"id": "b-2", "debit": "budget/chengdu-2024/vouchers", "credit": "firm/91510100MA6C000001/cash", "amount_fen": 500, "date": "2024-07-01"}
J
check_rc "JSON Lines batch applies" 0 hs transfer --batch "$E2E_TMP/good.jsonl"
check_contains "batch summary" "applied 2 transfers" "$E2E_TMP/out"
check_rc "the same batch again is idempotent" 0 hs transfer --batch "$E2E_TMP/good.jsonl"
check_contains "batch retry summary" "(2 already applied)" "$E2E_TMP/out"
cat > "$E2E_TMP/bad.jsonl" <<'J'
{"id": "c-1", "debit": "budget/chengdu-2024/vouchers", "credit": "firm/91510100MA6C000001/cash", "amount": "1"}
{"id": "c-2", "debit": "budget/chengdu-2024/vouchers", "credit": "firm/91510100MA6C000001/cash", "amount": "1.234"}
{"id": "c-3", "debit": "budget/chengdu-2024/vouchers", "credit": "firm/91510100MA6C000001/cash", "amount": "1", "colour": "red"}
{"id": "c-4", "debit": "budget/chengdu-2024/vouchers", "credit": "firm/91510100MA6C000001/cash", "amount": "1", "date": "2024-13-01"}
not json at all
J
check_rc "a batch with bad lines is exit 2" 2 hs transfer --batch "$E2E_TMP/bad.jsonl"
check_contains "line 2 amount named" "bad.jsonl:2: field 'amount'" "$E2E_TMP/err"
check_contains "line 3 unknown field named" "bad.jsonl:3: field 'colour'" "$E2E_TMP/err"
check_contains "line 4 date named" "bad.jsonl:4: field 'date'" "$E2E_TMP/err"
check_contains "line 5 not JSON" "bad.jsonl:5:" "$E2E_TMP/err"
check_contains "says nothing applied" "nothing was applied" "$E2E_TMP/err"
check_rc "the good line of the bad batch was not applied" 2 hs transfer --id probe --post c-1
check_contains "c-1 absent" "pending_transfer_not_found" "$E2E_TMP/err"
cat > "$E2E_TMP/over.csv" <<'C'
id,debit,credit,amount,code,ref.bill
d-1,budget/chengdu-2024/vouchers,firm/91510100MA6C000001/cash,"1,000.00",voucher.redeem,B-9
d-2,budget/chengdu-2024/vouchers,firm/91510100MA6C000001/cash,9亿,voucher.redeem,B-10
C
check_rc "a CSV batch with an overspend is refused whole (exit 1)" 1 hs transfer --batch "$E2E_TMP/over.csv"
check_contains "names line 3 and the reason" "over.csv:3: transfer d-2 refused: exceeds_credits" "$E2E_TMP/err"
check_rc "balance unchanged after refused batch" 0 hs balance budget --json
got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["debits_posted_fen"])' "$E2E_TMP/out")
check_eq "budget debits unchanged" "1310000500" "$got"
printf 'id,debit,credit,amount\ne-1,appropriation/chengdu-2024,budget/chengdu-2024/vouchers,5\n' | "$H" --book "$B" transfer --batch - >"$E2E_TMP/out" 2>"$E2E_TMP/err"
check_eq "CSV from stdin applies" "0" "$?"
printf 'id,debit,credit,amount,flavour\n' > "$E2E_TMP/hdr.csv"
check_rc "unknown CSV column is bad input" 2 hs transfer --batch "$E2E_TMP/hdr.csv"
check_contains "header error names the column" "hdr.csv:1: column 5: unknown field 'flavour'" "$E2E_TMP/err"
check_rc "linked chain with a failing member applies nothing" 1 bash -c "printf '%s\n' '{\"id\":\"k-1\",\"debit\":\"appropriation/chengdu-2024\",\"credit\":\"firm/91510100MA6C000001/cash\",\"amount\":\"1\",\"linked\":true}' '{\"id\":\"k-2\",\"debit\":\"budget/chengdu-2024/vouchers\",\"credit\":\"firm/91510100MA6C000001/cash\",\"amount\":\"100亿\"}' | '$H' --book '$B' transfer --batch -"
check_contains "chain member marked" "linked_event_failed" "$E2E_TMP/err"

check_rc "check passes" 0 hs check
check_contains "check summary" "every invariant holds" "$E2E_TMP/out"
check_rc "check --json" 0 hs check --json
check_contains "check json ok" '"ok": true' "$E2E_TMP/out"
# the sqlite3 CLI edits the file behind huoshui's back: tampering is the point of these steps
sqlite3 "$B" ".backup $E2E_TMP/tampered.db"
sqlite3 "$E2E_TMP/tampered.db" "UPDATE accounts SET credits_posted = credits_posted + 1 WHERE name = 'firm/91510100MA6C000001/cash'"
check_rc "check finds a tampered balance (exit 1)" 1 "$H" --book "$E2E_TMP/tampered.db" check
check_contains "names the account" "firm/91510100MA6C000001/cash" "$E2E_TMP/err"
sqlite3 "$B" ".backup $E2E_TMP/tampered2.db"
sqlite3 "$E2E_TMP/tampered2.db" "INSERT INTO transfers(id, debit_id, credit_id, amount, pending_id, flags, date, ts, state) SELECT 'dup-post', debit_id, credit_id, 1, 'v-1', 2, date, ts + 1000000000000, 0 FROM transfers WHERE id = 'v-1'; UPDATE accounts SET debits_posted = debits_posted + 1 WHERE id = (SELECT debit_id FROM transfers WHERE id='v-1'); UPDATE accounts SET credits_posted = credits_posted + 1 WHERE id = (SELECT credit_id FROM transfers WHERE id='v-1');"
check_rc "check finds a pending resolved twice" 1 "$H" --book "$E2E_TMP/tampered2.db" check
check_contains "names the pending" "resolved 2 times" "$E2E_TMP/err"
sqlite3 "$B" ".backup $E2E_TMP/newer.db"
sqlite3 "$E2E_TMP/newer.db" "PRAGMA user_version = 99"
check_rc "a book from a newer huoshui is a clear error" 2 "$H" --book "$E2E_TMP/newer.db" balance
check_contains "says newer" "newer huoshui" "$E2E_TMP/err"
check_rc "a missing book is bad input" 2 "$H" --book "$E2E_TMP/none.db" balance
check_contains "suggests init" "init" "$E2E_TMP/err"
echo garbage > "$E2E_TMP/garbage.db"
check_rc "a garbage file is a storage failure (exit 3)" 3 "$H" --book "$E2E_TMP/garbage.db" balance
for c in init account transfer balance history check; do
  check_rc "$c --help" 0 "$H" $c --help
done
check_rc "unknown command" 2 "$H" frobnicate
HUOSHUI_BOOK=$B "$H" balance >/dev/null 2>&1
check_eq "HUOSHUI_BOOK selects the book" "0" "$?"
printf 'name,kind,limit\nimp/1,enterprise,\nimp/2,budget,debits-le-credits\n' > "$E2E_TMP/acc.csv"
check_rc "account import creates accounts in one go" 0 hs account import "$E2E_TMP/acc.csv"
check_contains "import summary" "created 2 accounts" "$E2E_TMP/out"
check_rc "account import again is idempotent" 0 hs account import "$E2E_TMP/acc.csv"
printf 'name,kind\nimp/3,enterprise\nimp/4,wizard\n' > "$E2E_TMP/acc-bad.csv"
check_rc "account import with a bad row creates nothing (exit 2)" 2 hs account import "$E2E_TMP/acc-bad.csv"
check_contains "bad row named by line" "acc-bad.csv:3" "$E2E_TMP/err"
check_rc "imp/3 was not created" 2 hs account show imp/3

# defect 3: a damaged book (two accounts with one name, as a damaged index can give) is exit 3
# naming the damage, never a signal (it aborted in strmap_put before)
D=$E2E_TMP/damaged.db # damaged with the sqlite3 CLI below: no huoshui command can do it
"$H" --book "$D" init >/dev/null
for a in a c; do "$H" --book "$D" account create $a --kind external >/dev/null; done
"$H" --book "$D" account create b --kind budget >/dev/null
"$H" --book "$D" transfer --id f1 --debit a --credit b --amount 100 >/dev/null
sqlite3 "$D" "PRAGMA foreign_keys=OFF; BEGIN; CREATE TABLE acc2 AS SELECT * FROM accounts; DROP TABLE accounts;
  ALTER TABLE acc2 RENAME TO accounts; CREATE INDEX accounts_name ON accounts(name);
  INSERT INTO accounts(id, name, kind, flags, debits_pending, debits_posted, credits_pending, credits_posted, created_ts, owner)
    VALUES (9, 'b', 'budget', 0, 5, 0, 0, 0, 0, '');
  INSERT INTO transfers(id, debit_id, credit_id, amount, flags, date, ts, state)
    VALUES ('p9', 9, 3, 5, 1, 19000, (SELECT max(ts) + 1 FROM transfers), 1);
  UPDATE accounts SET credits_pending = 5 WHERE id = 3; COMMIT;"
printf '%s\n' '{"id":"z","debit":"b","credit":"c","amount":"1"}' '{"id":"zp","post":"p9"}' > "$E2E_TMP/dmg.jsonl"
check_rc "a book with two accounts of one name: transfer is exit 3, no signal" 3 "$H" --book "$D" transfer --batch "$E2E_TMP/dmg.jsonl"
check_contains "says the book is damaged and names the account" "the book is damaged: two accounts are named 'b'" "$E2E_TMP/err"
"$H" --book "$D" balance c --json > "$E2E_TMP/out" 2>&1
got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["credits_posted_fen"])' "$E2E_TMP/out" 2>&1)
check_eq "nothing of the refused batch was applied" "0" "$got"

# defect 18: history lists rows in value-date order (date, then apply order), the running balance
# computed in that order
O=$E2E_TMP/order.db
"$H" --book "$O" init >/dev/null
"$H" --book "$O" account create src --kind external >/dev/null
"$H" --book "$O" account create dst --kind external >/dev/null
"$H" --book "$O" transfer --id late --debit src --credit dst --amount 30 --date 2024-03-01 >/dev/null
"$H" --book "$O" transfer --id early --debit src --credit dst --amount 10 --date 2024-01-01 >/dev/null
"$H" --book "$O" transfer --id mid-a --debit dst --credit src --amount 5 --date 2024-02-01 >/dev/null
"$H" --book "$O" transfer --id mid-b --debit src --credit dst --amount 1 --date 2024-02-01 >/dev/null
check_rc "history --json of an out-of-order account" 0 "$H" --book "$O" history dst --json
got=$(python3 -c 'import json,sys; print(" ".join("%s:%s" % (r["id"], r["balance_fen"]) for r in json.load(open(sys.argv[1]))))' "$E2E_TMP/out")
check_eq "history in value-date order with the running balance" "early:1000 mid-a:500 mid-b:600 late:3600" "$got"
check_rc "history table of the same account" 0 "$H" --book "$O" history dst
got=$(awk 'NR > 1 { print $1 }' "$E2E_TMP/out" | tr '\n' ' ')
check_eq "history table dates ascend" "2024-01-01 2024-02-01 2024-02-01 2024-03-01 " "$got"

# defect 8: a book in a read-only directory (or a read-only book file) can be read, as an auditor
# would: balance, check, history; writes fail with a clear exit 3. Run as a user who cannot write
# (nobody, when the tests run as root).
as_reader() {
  if [ "$(id -u)" != 0 ]; then "$@"; return; fi
  setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null; then
  echo "NOTE read-only book checks skipped: running as root without setpriv"
else
  chmod 755 "$E2E_TMP"
  RO=$E2E_TMP/ro
  mkdir "$RO"
  "$H" --book "$RO/b.db" init >/dev/null
  "$H" --book "$RO/b.db" account create x/a --kind external >/dev/null
  "$H" --book "$RO/b.db" account create x/b --kind external >/dev/null
  "$H" --book "$RO/b.db" transfer --id r1 --debit x/a --credit x/b --amount 7 --date 2024-01-02 >/dev/null
  mkdir "$E2E_TMP/ro-bare" "$E2E_TMP/ro-nowalidx"
  cp "$RO/b.db" "$RO/b.db-wal" "$E2E_TMP/ro-nowalidx/"          # a -wal without its -shm
  "$H" --book "$RO/b.db" balance > "$E2E_TMP/before-ro"
  chmod 444 "$RO"/b.db*; chmod 555 "$RO"
  rb() { as_reader "$H" --book "$RO/b.db" "$@"; }
  check_rc "read-only book: balance --json" 0 rb balance x/b --json
  got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["credits_posted_fen"])' "$E2E_TMP/out" 2>&1)
  check_eq "read-only book: the balance is the book's" "700" "$got"
  check_rc "read-only book: check" 0 rb check
  check_contains "read-only book: check holds" "every invariant holds" "$E2E_TMP/out"
  check_rc "read-only book: history --json" 0 rb history x/a --json
  check_contains "read-only book: history lists r1" '"r1"' "$E2E_TMP/out"
  check_rc "read-only book: a transfer is exit 3" 3 rb transfer --id r2 --debit x/a --credit x/b --amount 1
  check_contains "read-only book: the message says read-only" "read-only" "$E2E_TMP/err"
  check_rc "read-only book: account create is exit 3" 3 rb account create x/c --kind external
  "$H" --book "$RO/b.db" balance > "$E2E_TMP/after-ro" 2>&1
  check_eq "read-only book: nothing was written" "$(cat "$E2E_TMP/before-ro")" "$(cat "$E2E_TMP/after-ro")"
  # a book file alone (checkpointed: no -wal, no -shm) in a read-only directory
  chmod 755 "$RO"; chmod 644 "$RO"/b.db*
  # sqlite3 shapes the files here (checkpointed: no -wal left), it reads nothing from the book
  sqlite3 "$RO/b.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  cp "$RO/b.db" "$E2E_TMP/ro-bare/"
  chmod 444 "$E2E_TMP/ro-bare/b.db"; chmod 555 "$E2E_TMP/ro-bare"
  check_rc "read-only directory, book file alone: balance" 0 as_reader "$H" --book "$E2E_TMP/ro-bare/b.db" balance x/b --json
  check_contains "read-only directory, book file alone: the balance" '"credits_posted_fen": 700' "$E2E_TMP/out"
  check_rc "read-only directory, book file alone: check" 0 as_reader "$H" --book "$E2E_TMP/ro-bare/b.db" check
  # a -wal whose -shm is missing can't be read safely: a clear exit 3, not 'unable to open'
  chmod 444 "$E2E_TMP/ro-nowalidx"/*; chmod 555 "$E2E_TMP/ro-nowalidx"
  check_rc "read-only directory, -wal without -shm: exit 3" 3 as_reader "$H" --book "$E2E_TMP/ro-nowalidx/b.db" balance
  check_contains "read-only directory, -wal without -shm: says what to do" "-shm index is missing" "$E2E_TMP/err"
  # a read-only book file in a writable directory: reads work, writes say read-only
  chmod 777 "$E2E_TMP/ro-bare"; chmod 444 "$E2E_TMP/ro-bare/b.db"
  check_rc "read-only file: balance" 0 as_reader "$H" --book "$E2E_TMP/ro-bare/b.db" balance
  check_rc "read-only file: a transfer is exit 3" 3 as_reader "$H" --book "$E2E_TMP/ro-bare/b.db" transfer --id r3 --debit x/a --credit x/b --amount 1
  check_contains "read-only file: the message says read-only" "read-only" "$E2E_TMP/err"
  chmod -R u+w "$E2E_TMP"
fi
