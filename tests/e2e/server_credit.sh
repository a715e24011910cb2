#!/usr/bin/env bash
# server_credit.sh — the credit routes of `huoshui serve` over real HTTP (curl) against the real
# binary on a fresh book: an officer creates a product, a bank approves a loan under it, disburses
# it and takes a repayment; a default and the bank's claim paid from the risk-compensation pool
# (the pool account moving by exactly the claim); another bank's 403 (nothing moved); an
# enterprise seeing only its firm's loans; Idempotency-Key replay (Idempotency-Hit: true) and
# conflict (409 idempotency_key_reused); a claim the pool refuses (409 with the CLI's code,
# nothing moved). Bodies are compared with what `huoshui credit ... --json` prints.
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/credit.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-10-08
F1=91320211700010023T
F2=91320211700010031M

hs init >/dev/null
hs programme create js-2024 --date 2024-01-02 >/dev/null
hs programme fund js-2024 --budget risk-pool --amount 1000万 --date 2024-01-10 >/dev/null
hs credit pool create wx --programme js-2024 --budget risk-pool --multiple 10 --date 2024-01-10 >/dev/null
hs credit pool fund wx --amount 50万 --date 2024-01-15 >/dev/null
hs programme create mc-2024 --approval-threshold 100万 --date 2024-01-02 >/dev/null
hs programme fund mc-2024 --budget risk-pool --amount 90万 --date 2024-01-10 >/dev/null
add_user oscar officer --scope programme:js-2024 --scope programme:mc-2024
add_user olga officer --scope programme:other-2024
add_user boc bank --scope bank:BOC-WX
add_user jsb bank --scope bank:JSB-WX
add_user ed enterprise --scope firm:$F1
add_user eve enterprise --scope firm:$F2
add_user audrey auditor

BOC=(-H "Authorization: Bearer ${TOKEN[boc]}" -H 'Content-Type: application/json')
JSB=(-H "Authorization: Bearer ${TOKEN[jsb]}" -H 'Content-Type: application/json')
OFF=(-H "Authorization: Bearer ${TOKEN[oscar]}" -H 'Content-Type: application/json')

start_server
check_eq "serve listens" "yes" "$(echo "$URL" | grep -qE '^http://127\.0\.0\.1:[0-9]+$' && echo yes || echo "no: '$URL'")"

# ---- products ----
req POST /api/v1/credit/products "${OFF[@]}" --data-binary '{"bank":"BOC-WX","name":"科创贷","rate":"3%","term_months":12,"ceiling":"500万","unsecured":true,"pool":"wx"}'
check_eq "POST /credit/products as officer: 201 BOC-WX.科创贷" "201 BOC-WX.科创贷" "$(status) $(jq_body 'd["id"]')"
cp "$E2E_TMP/body" "$E2E_TMP/http_product"
hs credit product show BOC-WX.科创贷 --json >"$E2E_TMP/cli_product"
check_eq "the product body is what credit product show --json prints" "same" "$(same_json "$E2E_TMP/cli_product" "$E2E_TMP/http_product")"
req POST /api/v1/credit/products "${BOC[@]}" --data-binary '{"bank":"BOC-WX","name":"x","rate":"3%","term_months":12,"ceiling":"1万"}'
check_eq "a bank may not create products: 403" "403" "$(status)"
req POST /api/v1/credit/products "${OFF[@]}" --data-binary '{"bank":"BOC-WX","name":"y","rate":"lots","term_months":12,"ceiling":"1万"}'
check_eq "a bad rate: 422 invalid_field rate" "422 invalid_field rate" "$(status) $(jq_body 'd["error"]["code"]') $(jq_body 'd["error"]["field"]')"
req POST /api/v1/credit/products "${OFF[@]}" --data-binary '{"bank":"JSB-WX","name":"人才贷","rate":"3.1%","term_months":12,"ceiling":"500万","pool":"wx"}'
check_eq "a second bank's product" "201" "$(status)"

# ---- loans: approval ----
req POST /api/v1/loans "${BOC[@]}" --data-binary "{\"id\":\"L-1\",\"product\":\"BOC-WX.科创贷\",\"firm\":\"$F1\",\"amount\":\"100万\",\"approved\":\"2024-10-08\"}"
check_eq "POST /loans by the product's bank: 201 approved" "201 L-1 approved" "$(status) $(jq_body 'd["id"]') $(jq_body 'd["status"]')"
req POST /api/v1/loans "${JSB[@]}" --data-binary "{\"id\":\"L-X\",\"product\":\"BOC-WX.科创贷\",\"firm\":\"$F1\",\"amount\":\"1万\"}"
check_eq "another bank approving under BOC's product: 403" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
check_eq "nothing stored for the refused loan" "not_found" "$(cli_code credit loan show L-X)"
req POST /api/v1/loans "${JSB[@]}" --data-binary "{\"id\":\"L-2\",\"product\":\"JSB-WX.人才贷\",\"firm\":\"$F2\",\"amount\":\"20万\"}"
check_eq "JSB approves its own loan (today)" "201 2024-10-08" "$(status) $(jq_body 'd["approved"]')"

# ---- disburse and repay ----
req POST /api/v1/loans/L-1/disburse "${BOC[@]}" --data-binary '{}'
check_eq "disburse without Idempotency-Key: 400 idempotency_key_required" "400 idempotency_key_required" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/loans/L-1/disburse "${JSB[@]}" -H 'Idempotency-Key: j-d1' --data-binary '{}'
check_eq "another bank disbursing BOC's loan: 403" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
check_eq "nothing moved: the firm has no cash" "0" "$(bal "firm/$F1/cash" | sed s/none/0/)"
req POST /api/v1/loans/L-1/disburse "${BOC[@]}" -H 'Idempotency-Key: d1' --data-binary '{}'
check_eq "disburse: 200 disbursed" "200 disbursed" "$(status) $(jq_body 'd["status"]')"
cp "$E2E_TMP/body" "$E2E_TMP/d1"
check_eq "the firm's cash got the loan" "100000000" "$(bal "firm/$F1/cash")"
check_eq "loan/L-1 outstanding 100万" "100000000" "$(owed loan/L-1)"
req POST /api/v1/loans/L-1/disburse "${BOC[@]}" -H 'Idempotency-Key: d1' --data-binary '{}'
check_eq "the replay: 200, Idempotency-Hit: true, the same body" "200 true same" "$(status) $(header Idempotency-Hit) $(same_json "$E2E_TMP/d1" "$E2E_TMP/body")"
check_eq "the replay moved nothing" "100000000" "$(bal "firm/$F1/cash")"
req POST /api/v1/loans/L-1/disburse "${BOC[@]}" -H 'Idempotency-Key: d2' --data-binary '{}'
check_eq "disbursing twice: 409 with the instrument's code" "409" "$(status)"
CODE_HTTP=$(jq_body 'd["error"]["code"]')
check_eq "the CLI refuses with the same code" "state_conflict $CODE_HTTP" "state_conflict $(cli_code credit loan disburse L-1)"
req POST /api/v1/loans/L-1/repay "${BOC[@]}" -H 'Idempotency-Key: r1' --data-binary '{"amount":"10万"}'
check_eq "repay 10万: 200, principal + interest = 10万" "200 10000000 True" "$(status) $(jq_body 'd["amount_fen"]') $(jq_body 'd["principal_fen"]+d["interest_fen"]==d["amount_fen"]')"
PRINC=$(jq_body 'd["principal_fen"]')
check_eq "loan/L-1 down by the principal repaid" "$((100000000 - PRINC))" "$(owed loan/L-1)"
req POST /api/v1/loans/L-1/repay "${BOC[@]}" -H 'Idempotency-Key: r1' --data-binary '{"amount":"20万"}'
check_eq "the same key with another body: 409 idempotency_key_reused" "409 idempotency_key_reused" "$(status) $(jq_body 'd["error"]["code"]')"
check_eq "and nothing moved" "$((100000000 - PRINC))" "$(owed loan/L-1)"
req POST /api/v1/loans/L-1/repay "${BOC[@]}" -H 'Idempotency-Key: r3' --data-binary '{"amount":"10万","colour":"red"}'
check_eq "an unknown field: 400 unknown_field" "400 unknown_field" "$(status) $(jq_body 'd["error"]["code"]')"

# ---- the lists ----
req GET /api/v1/loans -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "an auditor sees every loan" "200 L-1,L-2" "$(status) $(jq_body '",".join(l["id"] for l in d["items"])')"
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["items"], open(sys.argv[2],"w"))' "$E2E_TMP/body" "$E2E_TMP/http_items"
hs credit loan list --json >"$E2E_TMP/cli_items"
check_eq "the items are what credit loan list --json prints" "same" "$(same_json "$E2E_TMP/cli_items" "$E2E_TMP/http_items")"
req GET /api/v1/loans -H "Authorization: Bearer ${TOKEN[ed]}"
check_eq "an enterprise sees only its firm's loans" "200 L-1" "$(status) $(jq_body '",".join(l["id"] for l in d["items"])')"
req GET /api/v1/loans -H "Authorization: Bearer ${TOKEN[jsb]}"
check_eq "a bank sees only its bank's loans" "200 L-2" "$(status) $(jq_body '",".join(l["id"] for l in d["items"])')"
req GET '/api/v1/loans?limit=1' -H "Authorization: Bearer ${TOKEN[audrey]}"
NEXT=$(jq_body 'd["next_cursor"]')
check_eq "page 1 of 1 item, a cursor" "L-1 yes" "$(jq_body '",".join(l["id"] for l in d["items"])') $([ "$NEXT" != None ] && echo yes)"
req GET "/api/v1/loans?limit=1&cursor=$NEXT" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "page 2: L-2, the last" "L-2 None" "$(jq_body '",".join(l["id"] for l in d["items"])') $(jq_body 'd["next_cursor"]')"
req GET '/api/v1/loans?state=disbursed' -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "state=disbursed" "200 L-1" "$(status) $(jq_body '",".join(l["id"] for l in d["items"])')"
req GET '/api/v1/loans?state=lost' -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "an unknown state: 422" "422 state" "$(status) $(jq_body 'd["error"]["field"]')"
req GET /api/v1/loans -H "Authorization: Bearer ${TOKEN[oscar]}"
check_eq "officers do not list loans: 403" "403" "$(status)"

# ---- default and the claim on the pool ----
req POST /api/v1/loans/L-1/claims "${BOC[@]}" -H 'Idempotency-Key: c0' --data-binary '{}'
check_eq "a claim before default: 409" "409" "$(status)"
check_eq "the pool did not move" "50000000" "$(bal pool/wx)"
req POST /api/v1/loans/L-1/default "${BOC[@]}" -H 'Idempotency-Key: df1' --data-binary '{}'
check_eq "default: 200, the principal outstanding written off" "200 $((100000000 - PRINC))" "$(status) $(jq_body 'd["written_off_fen"]')"
req POST /api/v1/loans/L-1/claims "${JSB[@]}" -H 'Idempotency-Key: jc1' --data-binary '{}'
check_eq "another bank claiming BOC's loan: 403" "403" "$(status)"
req POST /api/v1/loans/L-1/claims "${BOC[@]}" -H 'Idempotency-Key: c1' --data-binary '{"partial":false}'
check_eq "a claim above the pool without partial: 409 with the pool's code" "409" "$(status)"
CLAIM_CODE=$(jq_body 'd["error"]["code"]')
check_eq "nothing moved" "50000000" "$(bal pool/wx)"
check_eq "the CLI's refusal has the same code" "exceeds_pool $CLAIM_CODE" "exceeds_pool $(cli_code credit claim L-1 --no-partial)"
req POST /api/v1/loans/L-1/claims "${BOC[@]}" -H 'Idempotency-Key: c2' --data-binary '{}'
check_eq "a claim paid from the pool (in part): 201" "201 L-1 wx" "$(status) $(jq_body 'd["loan"]') $(jq_body 'd["pool"]')"
PAID=$(jq_body 'd["paid_fen"]')
cp "$E2E_TMP/body" "$E2E_TMP/c2"
check_eq "the pool moved by exactly the claim paid" "$((50000000 - PAID))" "$(bal pool/wx)"
check_eq "the claim paid is the pool's 50万" "50000000" "$PAID"
req POST /api/v1/loans/L-1/claims "${BOC[@]}" -H 'Idempotency-Key: c2' --data-binary '{}'
check_eq "the claim's replay: 201, hit, same body, nothing moved" "201 true same 0" "$(status) $(header Idempotency-Hit) $(same_json "$E2E_TMP/c2" "$E2E_TMP/body") $(bal pool/wx)"
req POST /api/v1/loans/L-2/disburse "${JSB[@]}" -H 'Idempotency-Key: jd2' --data-binary '{}'
req POST /api/v1/loans/L-2/default "${JSB[@]}" -H 'Idempotency-Key: jdf2' --data-binary '{}'
check_eq "JSB's loan defaulted" "200" "$(status)"
req POST /api/v1/loans/L-2/claims "${JSB[@]}" -H 'Idempotency-Key: jc2' --data-binary '{}'
check_eq "a claim on the empty pool: 409" "409" "$(status)"
CLAIM_CODE=$(jq_body 'd["error"]["code"]')
check_eq "the pool stays at 0" "0" "$(bal pool/wx)"
check_eq "the CLI refuses with the same code" "pool_empty $CLAIM_CODE" "pool_empty $(cli_code credit claim L-2)"
req POST /api/v1/loans/L-1/recover "${BOC[@]}" -H 'Idempotency-Key: rc1' --data-binary '{"amount":"10万"}'
check_eq "a recovery: 200, part of it returned to the pool" "200 yes" "$(status) $([ "$(jq_body 'd["pool_share_fen"]')" -gt 0 ] && echo yes)"
check_eq "the pool got the share back" "$(jq_body 'd["pool_share_fen"]')" "$(bal pool/wx)"

# ---- the 5-working-day list ----
req POST /api/v1/loans "${JSB[@]}" --data-binary "{\"id\":\"L-3\",\"product\":\"JSB-WX.人才贷\",\"firm\":\"$F2\",\"amount\":\"5万\",\"approved\":\"2024-09-02\"}"
check_eq "a loan approved five weeks ago, never disbursed" "201" "$(status)"
req GET '/api/v1/credit/overdue?workdays=5' -H "Authorization: Bearer ${TOKEN[jsb]}"
check_eq "GET /credit/overdue as JSB: L-3 not disbursed, as of today, 5 days" "200 L-3 not-disbursed 2024-10-08 5" "$(status) $(jq_body '",".join(o["loan"] for o in d["items"])') $(jq_body 'd["items"][0]["state"]') $(jq_body 'd["on"]') $(jq_body 'd["workdays"]')"
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["items"], open(sys.argv[2],"w"))' "$E2E_TMP/body" "$E2E_TMP/http_items"
hs credit loan overdue-approvals --workdays 5 --json >"$E2E_TMP/cli_items"
check_eq "the items are what credit loan overdue-approvals --json prints" "same" "$(same_json "$E2E_TMP/cli_items" "$E2E_TMP/http_items")"
req GET '/api/v1/credit/overdue' -H "Authorization: Bearer ${TOKEN[boc]}"
check_eq "BOC sees none of JSB's" "200 0" "$(status) $(jq_body 'len(d["items"])')"
req GET '/api/v1/credit/overdue?workdays=lots' -H "Authorization: Bearer ${TOKEN[jsb]}"
check_eq "a bad workdays: 422" "422 workdays" "$(status) $(jq_body 'd["error"]["field"]')"

# ---- pools: create and fund (maker-checker) ----
req POST /api/v1/pools "${OFF[@]}" --data-binary '{"id":"mc","programme":"mc-2024","budget":"risk-pool","multiple":"12.5x","share":"60%"}'
check_eq "POST /pools by an officer in scope: 201" "201 mc 1250 600000" "$(status) $(jq_body 'd["pool"]') $(jq_body 'd["params"]["required_multiple_x100"]') $(jq_body 'd["params"]["base_share_bp"]*100')"
req POST /api/v1/pools -H "Authorization: Bearer ${TOKEN[olga]}" -H 'Content-Type: application/json' --data-binary '{"id":"mc2","programme":"mc-2024","budget":"risk-pool"}'
check_eq "an officer out of scope: 403" "403" "$(status)"
check_eq "and no pool stored" "not_found" "$(cli_code credit pool show mc2)"
req POST /api/v1/pools/mc/fund "${OFF[@]}" -H 'Idempotency-Key: pf1' --data-binary '{"amount":"10万"}'
check_eq "fund below the threshold: 200 the pool report, balance 10万" "200 10000000 True" "$(status) $(jq_body 'd["balance_fen"]') $(jq_body 'd["reconciled"]')"
check_eq "pool/mc holds 10万 in the ledger" "10000000" "$(bal pool/mc)"
req POST /api/v1/pools/mc/fund "${OFF[@]}" -H 'Idempotency-Key: pf1' --data-binary '{"amount":"10万"}'
check_eq "the replay: hit, nothing moved" "200 true 10000000" "$(status) $(header Idempotency-Hit) $(bal pool/mc)"
req POST /api/v1/pools/mc/fund "${OFF[@]}" -H 'Idempotency-Key: pf2' --data-binary '{"amount":"100万"}'
check_eq "fund at the threshold: 202 pending approval" "202 pending" "$(status) $(jq_body 'd["pending_approval"]["state"]')"
check_eq "nothing moved until approved" "10000000" "$(bal pool/mc)"
req POST /api/v1/pools/mc/fund -H "Authorization: Bearer ${TOKEN[olga]}" -H 'Content-Type: application/json' -H 'Idempotency-Key: pf3' --data-binary '{"amount":"1万"}'
check_eq "an officer out of scope may not fund: 403" "403 10000000" "$(status) $(bal pool/mc)"
req POST /api/v1/pools/mc/fund "${OFF[@]}" -H 'Idempotency-Key: pf4' --data-binary '{"amount":"85万"}'
check_eq "beyond the budget: 409 exceeds_credits, nothing moved" "409 exceeds_credits 10000000" "$(status) $(jq_body 'd["error"]["code"]') $(bal pool/mc)"

# ---- pools: list and show, per role ----
add_user ann analyst
hs credit pool list --json >"$E2E_TMP/cli_pools"
req_as GET /api/v1/pools audrey
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["items"], open(sys.argv[2],"w"))' "$E2E_TMP/body" "$E2E_TMP/http_pools"
check_eq "GET /pools as an auditor: every pool, the last page" "200 mc,wx None" "$(status) $(jq_body '",".join(p["pool"] for p in d["items"])') $(jq_body 'd["next_cursor"]')"
check_eq "... the same objects as credit pool list --json" same "$(same_json "$E2E_TMP/cli_pools" "$E2E_TMP/http_pools")"
req_as GET '/api/v1/pools?limit=1' audrey
cur=$(jq_body 'd["next_cursor"]')
check_eq "a page of one: mc, with a cursor" "200 mc yes" "$(status) $(jq_body '",".join(p["pool"] for p in d["items"])') $([ "$cur" != None ] && echo yes || echo no)"
req_as GET "/api/v1/pools?limit=1&cursor=$cur" audrey
check_eq "the next page: wx, the last" "200 wx None" "$(status) $(jq_body '",".join(p["pool"] for p in d["items"])') $(jq_body 'd["next_cursor"]')"
req_as GET /api/v1/pools oscar
check_eq "an officer sees its programmes' pools" "200 mc,wx" "$(status) $(jq_body '",".join(p["pool"] for p in d["items"])')"
req_as GET /api/v1/pools olga
check_eq "an officer of another programme sees none" "200 0" "$(status) $(jq_body 'len(d["items"])')"
req_as GET /api/v1/pools/wx olga
check_eq "... and GET /pools/wx is 403 for it" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
req_as GET /api/v1/pools boc
check_eq "a bank sees the pool it lends under, with only its own bank's row" "200 wx BOC-WX" "$(status) $(jq_body '",".join(p["pool"] for p in d["items"])') $(jq_body '",".join(b["bank"] for b in d["items"][0]["banks"])')"
req_as GET /api/v1/pools/wx jsb
check_eq "GET /pools/wx as the other bank: its own row only, the pool's balance and leverage" "200 JSB-WX yes" "$(status) $(jq_body '",".join(b["bank"] for b in d["banks"])') $(jq_body '"yes" if "balance_fen" in d and "leverage" in d else "no"')"
req_as GET /api/v1/pools/mc boc
check_eq "a pool a bank does not lend under: 403" 403 "$(status)"
req_as GET /api/v1/pools ann
check_eq "an analyst sees every pool (aggregates, no firm in them)" "200 2" "$(status) $(jq_body 'len(d["items"])')"
req_as GET /api/v1/pools ed
check_eq "an enterprise may not list pools: 403" 403 "$(status)"
req_as GET /api/v1/pools/no-such audrey
check_eq "no such pool: 404 not_found" "404 not_found" "$(status) $(jq_body 'd["error"]["code"]')"

# ---- the list pages through the store, past other banks' loans ----
for i in $(seq -w 1 70); do
  hs credit loan create --id "M-$i" --product JSB-WX.人才贷 --firm $F2 --amount 1万 --approved 2024-03-01 >/dev/null 2>&1
done
lwalk() { # lwalk WHO LIMIT: every loan id over the pages
  local who=$1 limit=$2 cursor="" ids=""
  for _ in $(seq 1 200); do
    req GET "/api/v1/loans?limit=$limit${cursor:+&cursor=$cursor}" -H "Authorization: Bearer ${TOKEN[$who]}"
    [ "$(status)" = 200 ] || { echo "status $(status)"; return; }
    ids="$ids $(jq_body '" ".join(i["id"] for i in d["items"])')"
    cursor=$(jq_body 'd["next_cursor"] or ""')
    [ -z "$cursor" ] && break
  done
  echo $ids
}
check_eq "GET /loans as BOC, a row a page: its loans only, past 70 of JSB's" \
  "$(hs credit loan list --json | python3 -c 'import json,sys; print(" ".join(l["id"] for l in json.load(sys.stdin) if l["bank"]=="BOC-WX"))')" "$(lwalk boc 1)"
check_eq "as an auditor, 30 a page: every loan once, in creation order" \
  "$(hs credit loan list --json | python3 -c 'import json,sys; print(" ".join(l["id"] for l in json.load(sys.stdin)))')" "$(lwalk audrey 30)"

stop_server
check_eq "serve exits 0 on SIGTERM" "0" "$?"
check_rc "the book is sound" 0 hs check
