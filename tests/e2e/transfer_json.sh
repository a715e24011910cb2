#!/usr/bin/env bash
# transfer_json.sh — a failing `huoshui transfer ... --json` (one transfer, a batch file, a batch on
# stdin, a usage error) prints exactly one JSON document on stdout: {"error":{"code","message",
# "field",...}}, with the exit code of the contract (1 refused, 2 bad input).
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/book.db
hs() { "$H" --book "$B" "$@"; }
hs init >/dev/null
hs account create src --kind external >/dev/null
hs account create budget/b --kind budget --limit debits-le-credits >/dev/null
hs account create firm/f --kind enterprise >/dev/null
hs transfer --id fund --debit src --credit budget/b --amount 100 >/dev/null

# one_error WHAT CODE FIELD: stdout ($E2E_TMP/out) is one JSON document, an error object with this
# code and field ("null" for none); prints the verdict line.
one_error() {
  local got
  got=$(python3 - "$E2E_TMP/out" <<'EOF' 2>&1
import json, sys
text = open(sys.argv[1]).read()
try:
    doc = json.loads(text)  # raises on two documents ("Extra data") or none
except ValueError as e:
    print("not one JSON document (%s): %r" % (e, text[:200])); sys.exit()
if not isinstance(doc, dict) or list(doc) != ["error"]:
    print("not an error object: %r" % text[:200]); sys.exit()
e = doc["error"]
missing = [k for k in ("code", "message", "field") if k not in e]
print("missing %s" % missing if missing else "%s %s" % (e["code"], e["field"] if e["field"] is not None else "null"))
EOF
)
  check_eq "$1: one error document" "$2 $3" "$got"
}

check_rc "refused transfer --json is exit 1" 1 hs transfer --id big --debit budget/b --credit firm/f --amount 1000 --json
one_error "refused transfer" exceeds_credits debit
check_rc "transfer to an unknown account --json is exit 2" 2 hs transfer --id u --debit budget/b --credit nope --amount 1 --json
one_error "unknown account" credit_account_not_found credit
check_rc "a bad amount --json is exit 2" 2 hs transfer --id n --debit budget/b --credit firm/f --amount 12abc --json
one_error "bad amount" invalid_field amount
check_rc "a missing option value --json is exit 2" 2 hs transfer --json --batch
one_error "missing option value" invalid_input null
check_rc "an unknown option --json is exit 2" 2 hs transfer --json --frobnicate
one_error "unknown option" invalid_input null

printf 'id,debit,credit,amount\nok-1,src,budget/b,1\nbig-2,budget/b,firm/f,1000\nbig-3,budget/b,firm/f,2000\n' > "$E2E_TMP/refused.csv"
check_rc "refused batch --json is exit 1" 1 hs transfer --batch "$E2E_TMP/refused.csv" --json
one_error "refused batch" exceeds_credits null
got=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; print(e["applied"], e["refused"], [p["id"] for p in e["problems"]])' "$E2E_TMP/out")
check_eq "refused batch: the problems are inside the one document" "0 2 ['big-2', 'big-3']" "$got"
printf 'id,debit,credit,amount\nb-1,src,budget/b,1\nb-2,src,budget/b,zz\nb-3,src,nope,1\n' > "$E2E_TMP/bad.csv"
check_rc "batch with bad lines --json is exit 2" 2 hs transfer --batch "$E2E_TMP/bad.csv" --json
one_error "batch with bad lines" invalid_input amount
printf '%s\n' '{"id":"k-1","debit":"src","credit":"budget/b","amount":"1","linked":true}' \
  '{"id":"k-2","debit":"budget/b","credit":"firm/f","amount":"100亿"}' > "$E2E_TMP/chain.jsonl"
check_rc "refused linked chain on stdin --json is exit 1" 1 bash -c "'$H' --book '$B' transfer --batch - --json < '$E2E_TMP/chain.jsonl'"
one_error "refused linked chain on stdin" linked_event_failed null
check_rc "a missing batch file --json is exit 2" 2 hs transfer --batch "$E2E_TMP/none.csv" --json
one_error "missing batch file" invalid_input null

hs balance budget/b --json > "$E2E_TMP/out"
got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["balance_fen"])' "$E2E_TMP/out")
check_eq "nothing refused was applied" "10000" "$got"
