#!/usr/bin/env bash
# hostile.sh — hostile and careless input to plain transfers, accounts and batch files
# (reliability-2026-12.md defects 4, 5, 6, 7, 9, 12, 13, 15, 17, 19): each is refused with exit 2
# naming the file, line and field, and nothing is stored. Reads go through --json, not the tables.
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/book.db
T=$E2E_TMP
hs() { "$H" --book "$B" "$@"; }
# The ids of every transfer touching sink/s, one a line (history --json).
sink_ids() { hs history sink/s --json 2>/dev/null | jq -r '.[] | (.id // "null")' | sort | tr '\n' ' '; }

hs init >/dev/null
hs account create src/a --kind appropriation >/dev/null
hs account create budget/b --kind budget --limit debits-le-credits >/dev/null
hs account create sink/s --kind external >/dev/null
hs transfer --id seed --debit src/a --credit budget/b --amount 1000 >/dev/null
check_eq "setup: sink has only the seed-free history" "" "$(sink_ids)"

# ---- defect 4: an embedded NUL in a CSV line ----
printf 'id,debit,credit,amount,code\nnu\0l1,budget/b,sink/s,10.00,pay\n' >"$T/nul.csv"
check_rc "NUL in a CSV id: exit 2" 2 hs transfer --batch "$T/nul.csv"
check_contains "NUL: names FILE:LINE and the field" "nul.csv:2: field 'id'" "$T/err"
check_contains "NUL: says NUL" "NUL" "$T/err"
check_eq "NUL: nothing stored" "" "$(sink_ids)"
printf '{"id":"nu\\u0000l","debit":"budget/b","credit":"sink/s","amount":"1"}\n' >"$T/nul.jsonl"
check_rc "NUL (\\u0000) in a JSONL id: exit 2" 2 hs transfer --batch "$T/nul.jsonl"
check_contains "JSONL NUL: names line and field" "nul.jsonl:1: field 'id'" "$T/err"

# ---- defects 5, 6, 12: control characters and non-UTF-8 in ids, names, codes and refs ----
check_rc "--ref with a non-UTF-8 value: exit 2" 2 hs transfer --id r1 --debit budget/b --credit sink/s --amount 1 --ref $'k=\xff'
check_contains "--ref non-UTF-8: names the option" "--ref" "$T/err"
check_contains "--ref non-UTF-8: says UTF-8" "UTF-8" "$T/err"
check_rc "--ref with a newline: exit 2" 2 hs transfer --id r2 --debit budget/b --credit sink/s --amount 1 --ref $'k=a\nb'
check_rc "account create with a non-UTF-8 name: exit 2" 2 hs account create $'z/\xff' --kind external
check_contains "non-UTF-8 account: says UTF-8" "UTF-8" "$T/err"
check_eq "non-UTF-8 account: not created" "0" "$(hs balance --json | jq '[.[] | select(.account == null)] | length')"
check_rc "--id with non-UTF-8 bytes: exit 2" 2 hs transfer --id $'\xff\xfe' --debit budget/b --credit sink/s --amount 1
check_contains "non-UTF-8 id: names --id" "--id" "$T/err"
check_rc "--id with a newline: exit 2" 2 hs transfer --id $'line1\nline2' --debit budget/b --credit sink/s --amount 1
check_contains "newline id: names --id" "--id" "$T/err"
check_contains "newline id: says control character" "control character" "$T/err"
check_rc "--code with a tab: exit 2" 2 hs transfer --id c1 --debit budget/b --credit sink/s --amount 1 --code $'a\tb'
check_contains "tab code: names --code" "--code" "$T/err"
check_rc "--debit with non-UTF-8: exit 2" 2 hs transfer --id c2 --debit $'budget/\xff' --credit sink/s --amount 1
check_contains "non-UTF-8 debit: names --debit" "--debit" "$T/err"
printf 'id,debit,credit,amount\n"q\nq",budget/b,sink/s,1\n' >"$T/nlid.csv"
check_rc "CSV id with a quoted newline: exit 2" 2 hs transfer --batch "$T/nlid.csv"
check_contains "CSV newline id: names the field" "field 'id'" "$T/err"
printf 'id,debit,credit,amount,ref.k\nx1,budget/b,sink/s,1,\xff\n' >"$T/badref.csv"
check_rc "CSV ref with non-UTF-8: exit 2" 2 hs transfer --batch "$T/badref.csv"
check_contains "CSV bad ref: names the field" "badref.csv:2: field 'ref.k'" "$T/err"
printf 'name,kind\nok/1,external\nbad/\xff,external\n' >"$T/accts.csv"
check_rc "account import with a non-UTF-8 name: exit 2" 2 hs account import "$T/accts.csv"
check_contains "account import: names FILE:LINE" "accts.csv:3" "$T/err"
check_eq "account import: nothing created" "0" "$(hs balance --json | jq '[.[] | select(.account == "ok/1")] | length')"
check_eq "hostile ids: nothing stored" "" "$(sink_ids)"

# ---- defect 7: conflicting fields ----
printf 'id,debit,credit,amount,amount\nd1,budget/b,sink/s,1,2\n' >"$T/dup.csv"
check_rc "CSV header with a duplicate column: exit 2" 2 hs transfer --batch "$T/dup.csv"
check_contains "duplicate column: named" "duplicate column 'amount'" "$T/err"
printf '{"id":"d2","debit":"budget/b","credit":"sink/s","amount_fen":100,"amount":"2"}\n' >"$T/both.jsonl"
check_rc "JSONL with amount and amount_fen: exit 2" 2 hs transfer --batch "$T/both.jsonl"
check_contains "amount and amount_fen: named" "both amount and amount_fen" "$T/err"
printf 'id,debit,credit,amount,amount_fen\nd3,budget/b,sink/s,1,200\n' >"$T/both.csv"
check_rc "CSV row with amount and amount_fen: exit 2" 2 hs transfer --batch "$T/both.csv"
check_eq "conflicts: nothing stored" "" "$(sink_ids)"

# ---- defect 9: a directory or empty stdin as the batch ----
mkdir -p "$T/adir"
check_rc "--batch DIRECTORY: exit 2" 2 hs transfer --batch "$T/adir"
check_contains "--batch DIRECTORY: says directory" "directory" "$T/err"
check_rc "--batch - with empty stdin: exit 2" 2 hs transfer --batch - </dev/null
check_contains "empty stdin: says empty" "empty" "$T/err"
: >"$T/empty.jsonl"
check_rc "empty .jsonl file: exit 2" 2 hs transfer --batch "$T/empty.jsonl"

# ---- defect 13: messages that say what is wrong ----
check_rc "--amount 0: exit 2" 2 hs transfer --id z0 --debit budget/b --credit sink/s --amount 0
check_contains "--amount 0: says positive" "--amount: the amount must be positive" "$T/err"
printf 'id,debit,credit,amount\nf1,budget/b\n' >"$T/short.csv"
check_rc "CSV row with too few cells: exit 2" 2 hs transfer --batch "$T/short.csv"
check_contains "too few cells: names the missing cells" "short.csv:2: the row has 2 cells" "$T/err"
check_contains "too few cells: names credit" "credit" "$T/err"
if grep -q amount_must_be_positive "$T/err"; then fail "too few cells: not amount_must_be_positive" "$(cat "$T/err")"; else pass "too few cells: not amount_must_be_positive"; fi
check_rc "--date 9999-12-31: exit 2" 2 hs transfer --id z1 --debit budget/b --credit sink/s --amount 1 --date 9999-12-31
check_contains "--date out of range: says the year range" "1900" "$T/err"

# ---- defect 17: lenient parsing ----
printf 'id,debit,credit,amount,code\n"pa"y",budget/b,sink/s,1,x\n' >"$T/quote.csv"
check_rc "CSV stray quote in a quoted field: exit 2" 2 hs transfer --batch "$T/quote.csv"
check_contains "stray quote: names the line" "quote.csv:2" "$T/err"
printf '\xef\xbb\xbf{"id":"bom1","debit":"budget/b","credit":"sink/s","amount":"1"}\n' >"$T/bom.jsonl"
check_rc "JSONL with a UTF-8 BOM: accepted like CSV" 0 hs transfer --batch "$T/bom.jsonl"
printf '\xef\xbb\xbfid,debit,credit,amount\nbom2,budget/b,sink/s,1\n' >"$T/bom.csv"
check_rc "CSV with a UTF-8 BOM: accepted" 0 hs transfer --batch "$T/bom.csv"
check_rc "--date '': exit 2" 2 hs transfer --id z2 --debit budget/b --credit sink/s --amount 1 --date ""
check_contains "--date '': names --date" "--date" "$T/err"
check_rc "amount ' 10 ' (surrounding spaces are ignored, as in CSV)" 0 hs transfer --id sp1 --debit budget/b --credit sink/s --amount " 10 "
check_eq "amount ' 10 ' is 10.00" "1000" "$(hs history sink/s --json | jq '[.[] | select(.id == "sp1")][0].amount_fen')"

# ---- defect 19: the same id twice in one file ----
printf 'id,debit,credit,amount\ndd,budget/b,sink/s,1\nok2,budget/b,sink/s,1\ndd,budget/b,sink/s,1\n' >"$T/dupid.csv"
check_rc "duplicate id inside one batch: exit 2" 2 hs transfer --batch "$T/dupid.csv"
check_contains "duplicate id: names both lines" "dupid.csv:4: field 'id': id 'dd' is also on line 2" "$T/err"
check_eq "duplicate id: nothing applied" "bom1 bom2 sp1 " "$(sink_ids)"

# ---- --json: a failing transfer prints one error object ----
hs transfer --json --id big --debit budget/b --credit sink/s --amount 1亿 >"$T/j.out" 2>"$T/j.err"
check_eq "--json refusal: exit 1" "1" "$?"
check_eq "--json refusal: one JSON value on stdout" "1" "$(jq -s 'length' "$T/j.out")"
check_eq "--json refusal: code is the result name" "exceeds_credits" "$(jq -r '.error.code' "$T/j.out")"
check_contains "--json refusal: message names the balances" "would overspend" "$T/j.out"
check_contains "--json refusal: stderr keeps the message" "exceeds_credits" "$T/j.err"
hs transfer --json --id nf --debit budget/nope --credit sink/s --amount 1 >"$T/j.out" 2>/dev/null
check_eq "--json unknown account: code" "debit_account_not_found" "$(jq -r '.error.code' "$T/j.out")"
check_eq "--json unknown account: field" "debit" "$(jq -r '.error.field' "$T/j.out")"
hs transfer --json --id okj --debit budget/b --credit sink/s --amount 1 >"$T/j.out"
check_eq "--json success: the transfer object" "ok" "$(jq -r '.result' "$T/j.out")"
printf 'id,debit,credit,amount\nbj,budget/b,sink/s,1亿\n' >"$T/bigb.csv"
hs transfer --json --batch "$T/bigb.csv" >"$T/j.out" 2>/dev/null
check_eq "--json batch refusal: one JSON value" "1" "$(jq -s 'length' "$T/j.out")"
check_eq "--json batch refusal: code" "exceeds_credits" "$(jq -r '.error.code' "$T/j.out")"
check_eq "--json batch refusal: problems listed" "exceeds_credits" "$(jq -r '.error.problems[0].error' "$T/j.out")"

# ---- defect 15: a big CSV field is read in linear time (ASan build) ----
{
  printf 'id,debit,credit,amount,code\nbig1,budget/b,sink/s,1,'
  head -c 1048576 /dev/zero | tr '\0' 'x'
  printf '\n'
} >"$T/bigfield.csv"
start=$(date +%s%N)
check_rc "1 MB CSV field: exit 2" 2 timeout 60 "$H" --book "$B" transfer --batch "$T/bigfield.csv"
ms=$((($(date +%s%N) - start) / 1000000))
check_contains "1 MB field: names the field" "field 'code'" "$T/err"
if [ "$ms" -lt 4000 ]; then pass "1 MB CSV field under ASan in ${ms} ms (< 4 s)"; else fail "1 MB CSV field" "${ms} ms"; fi

# ---- empty and unknown names, with structured errors ----
check_rc "--today '': exit 2" 2 hs --today "" balance
check_contains "--today '': names the flag" "--today" "$T/err"
hs account create --json 'a b' --kind external >"$T/j.out" 2>/dev/null
check_eq "account create bad name: --json field" "name" "$(jq -r '.error.field' "$T/j.out")"
hs account create --json 'ok/k' --kind wizard >"$T/j.out" 2>/dev/null
check_eq "account create bad kind: --json field" "kind" "$(jq -r '.error.field' "$T/j.out")"
check_rc "account show of no account: exit 2" 2 hs account show nope/x
hs account show nope/x --json >"$T/j.out" 2>/dev/null
check_eq "account show of no account: code not_found" "not_found" "$(jq -r '.error.code' "$T/j.out")"
hs balance nope --json >"$T/j.out" 2>/dev/null
check_eq "balance of no account: code not_found" "not_found" "$(jq -r '.error.code' "$T/j.out")"

# ---- the same CSV reader under policy populations and subsidy firm lists ----
printf 'uscc,role,software_price,role\n91510107MA6CM4R26W,maker,1000万,user\n' >"$T/popdup.csv"
check_rc "policy eval: a duplicate population column is refused" 2 "$H" policy eval "$HUOSHUI_DATA/policies/chengdu-first-version-software.policy" --on 2024-06-01 --firms "$T/popdup.csv"
check_contains "policy eval: duplicate column named" "popdup.csv:1: duplicate column 'role'" "$T/err"
printf 'uscc,role,software_price\n91510107MA6CM4R26W,"maker"x,1000万\n' >"$T/popq.csv"
check_rc "policy eval: a stray quote in a population is refused" 2 "$H" policy eval "$HUOSHUI_DATA/policies/chengdu-first-version-software.policy" --on 2024-06-01 --firms "$T/popq.csv"
check_contains "policy eval: stray quote names the line" "popq.csv:2: malformed CSV" "$T/err"

# ---- racing batches on one book: the same file four times, and four that cannot all fit ----
RB=$T/race.db
hr() { "$H" --book "$RB" "$@"; }
hr init >/dev/null
hr account create src/a --kind appropriation >/dev/null
hr account create budget/r --kind budget --limit debits-le-credits >/dev/null
hr account create sink/r --kind external >/dev/null
hr transfer --id fund --debit src/a --credit budget/r --amount 100 >/dev/null
{ echo 'id,debit,credit,amount'; for i in $(seq 1 50); do echo "s$i,budget/r,sink/r,1"; done; } >"$T/same.csv"
for k in 1 2 3 4; do
  { echo 'id,debit,credit,amount'; for i in $(seq 1 30); do echo "o$k-$i,budget/r,sink/r,1"; done; } >"$T/over$k.csv"
done
pids=()
for k in 1 2 3 4; do
  hr transfer --batch "$T/same.csv" >/dev/null 2>&1 & pids+=($!)
  hr transfer --batch "$T/over$k.csv" >/dev/null 2>"$T/over$k.err" & pids+=($!)
done
codes=""
for p in "${pids[@]}"; do wait "$p"; codes="$codes$?"; done
same_ok=0; over_ok=0; other=0
for i in 0 2 4 6; do
  case "${codes:$i:1}" in 0) same_ok=$((same_ok + 1)) ;; 1) ;; *) other=$((other + 1)) ;; esac
done
for i in 1 3 5 7; do
  case "${codes:$i:1}" in 0) over_ok=$((over_ok + 1)) ;; 1) ;; *) other=$((other + 1)) ;; esac
done
sink=$(hr balance sink/r --json | jq '.[0].balance_fen')
budget=$(hr balance budget/r --json | jq '.[0].balance_fen')
once=$((same_ok > 0 ? 1 : 0))
check_eq "race: every run applied (0) or was refused whole (1), never 2 or 3" "0" "$other"
check_eq "race: the sink holds exactly what the exit-0 runs applied (the same file once)" "$((5000 * once + 3000 * over_ok))" "$sink"
check_eq "race: debits = credits (budget gave what the sink got)" "$((10000 - sink))" "$budget"
if [ "$budget" -ge 0 ] && [ "$over_ok" -ge 1 ]; then pass "race: the budget never overspent, something fit ($codes)"; else fail "race: budget" "$budget, codes $codes"; fi
check_rc "race: check passes" 0 hr check

check_rc "check after all of it" 0 hs check
