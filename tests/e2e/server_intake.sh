#!/usr/bin/env bash
# server_intake.sh — how applications and vouchers come into being over real HTTP (curl) against
# the real binary, under the shipped policies named by id: an enterprise applies for its own firm
# (201 with `subsidy show --json`, the id derived so that a retry is refused, not doubled), never
# for another's; an officer applies for its programmes' firms; bad bodies refused naming the field
# with nothing stored; 免申即享 over the registry with awards reserving the budget; awards and
# vouchers past their dates expired per programme, by the server's clock and never by a date in
# the body; a voucher issued under an Idempotency-Key (replayed with Idempotency-Hit, another body
# refused), its face reserved, and released again at expiry.
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/intake.db
source "$(dirname "$0")/server_lib.sh"
D=$(cd "$(dirname "$0")/../data" && pwd)
export HUOSHUI_TODAY=2024-06-01
F1=91510107MA6CM4R20A # 成都星河智能 (in the registry)
F2=914403001922038216 # 华为 (in the registry)
FVS=budget/chengdu-2024/first-version-software
CVB=budget/chengdu-2024/compute-voucher

hs init >/dev/null
hs programme create chengdu-2024 >/dev/null
hs programme create other-2024 >/dev/null
hs programme fund chengdu-2024 --budget first-version-software --amount 1000万 >/dev/null
hs programme fund chengdu-2024 --budget compute-voucher --amount 500万 >/dev/null
hs firm import "$D/firms-good.csv" >/dev/null
NFIRMS=$(hs firm list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
add_user oscar officer --scope programme:chengdu-2024
add_user olga officer --scope programme:other-2024
add_user ed enterprise --scope firm:$F1
add_user eve enterprise --scope firm:$F2
add_user ann analyst
add_user audrey auditor
start_server

apps() { hs subsidy list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# ---- apply: an enterprise for its own firm ----
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary \
  "{\"policy\":\"chengdu.first_version_software\",\"firm\":\"$F1\",\"product\":\"p1\",\"inputs\":{\"role\":\"maker\",\"software_price\":\"100万\"}}"
check_eq "POST /subsidies as the firm's enterprise: 201, eligible, 30% of 100万" "201 True 30000000 applied" \
  "$(status) $(jq_body 'd["eligible"]') $(jq_body 'd["decided_fen"]') $(jq_body 'd["status"]')"
APP=$(jq_body 'd["id"]')
check_eq "the id is derived: <uscc>.<8 hex>.<YYYYMMDD>" yes \
  "$(echo "$APP" | grep -qE "^$F1\.[0-9a-f]{8}\.20240601$" && echo yes || echo "no: $APP")"
check_eq "the body carries the explanation down to the clause" True \
  "$(jq_body 'any("一次性补贴" in (e.get("label","")+e.get("note","")+e.get("value","")) for e in d["explanation"])')"
cp "$E2E_TMP/body" "$E2E_TMP/applied.json"
hs subsidy show "$APP" --json >"$E2E_TMP/cli_show.json"
check_eq "the body is what subsidy show --json prints" same "$(same_json "$E2E_TMP/cli_show.json" "$E2E_TMP/applied.json")"
check_eq "the policy was found by id, not by a path the request named" "chengdu.first_version_software@2024.1" \
  "$(jq_body 'd["policy"]')"
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary \
  "{\"policy\":\"chengdu.first_version_software\",\"firm\":\"$F1\",\"product\":\"p1\",\"inputs\":{\"role\":\"maker\",\"software_price\":\"100万\"}}"
check_eq "the same request again (a retry): the same application, the same body" "201 same" \
  "$(status) $(same_json "$E2E_TMP/applied.json" "$E2E_TMP/body")"
check_eq "... and one application is stored, not two" 1 "$(apps)"
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary \
  "{\"policy\":\"chengdu.first_version_software\",\"firm\":\"$F1\",\"id\":\"$APP\",\"product\":\"p1\",\"inputs\":{\"role\":\"maker\",\"software_price\":\"900万\"}}"
check_eq "its id with other inputs: 422 state_conflict, refused" "422 state_conflict" "$(status) $(jq_body 'd["error"]["code"]')"
check_eq "... and the stored decision is unchanged" 30000000 "$(hs subsidy show "$APP" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["decided_fen"])')"

# ---- apply: refused ----
n=$(apps)
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary \
  "{\"policy\":\"chengdu.first_version_software\",\"firm\":\"$F2\",\"inputs\":{\"role\":\"maker\",\"software_price\":\"100万\"}}"
check_eq "an enterprise applying for another firm: 403 forbidden" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/subsidies -H "$(as olga)" "${J[@]}" --data-binary \
  "{\"policy\":\"chengdu.first_version_software\",\"firm\":\"$F2\",\"inputs\":{\"role\":\"maker\",\"software_price\":\"100万\"}}"
check_eq "an officer of another programme: 403 naming the policy" "403 policy" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/subsidies -H "$(as ann)" "${J[@]}" --data-binary \
  "{\"policy\":\"chengdu.first_version_software\",\"firm\":\"$F1\"}"
check_eq "an analyst may not apply: 403" 403 "$(status)"
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary \
  "{\"policy\":\"chengdu.first_version_software\",\"firm\":\"$F1\",\"on\":\"2023-01-01\"}"
check_eq "a date in the body (an unknown field): 400 unknown_field on" "400 unknown_field on" \
  "$(status) $(jq_body 'd["error"]["code"]') $(jq_body 'd["error"]["field"]')"
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary \
  "{\"policy\":\"chengdu.first_version_software\",\"firm\":\"$F1\",\"inputs\":{\"software_price\":1000000}}"
check_eq "a typed fact that is not text: 422 naming inputs" "422 inputs" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary \
  "{\"policy\":\"chengdu.first_version_software\",\"firm\":\"$F1\",\"inputs\":{\"colour\":\"red\"}}"
check_eq "a fact the policy does not know: refused" "yes" "$([ "$(status)" -ge 400 ] && [ "$(status)" -lt 500 ] && echo yes || echo "no: $(status)")"
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary '{"policy":"../../etc/passwd","firm":"'$F1'"}'
check_eq "a path as the policy: 422 naming policy" "422 policy" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary '{"policy":"no.such_policy","firm":"'$F1'"}'
check_eq "a policy nobody ships or stored: 404" 404 "$(status)"
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary '{"policy":"chengdu.compute_voucher","firm":"'$F1'"}'
check_eq "a voucher policy for a subsidy: 422" 422 "$(status)"
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary '{"policy":"chengdu.first_version_software","firm":"123"}'
check_eq "a malformed USCC: 422 naming firm" "422 firm" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary '{"policy":"chengdu.first_version_software","firm":"'$F1'"'
check_eq "malformed JSON: 400" 400 "$(status)"
check_eq "nothing of the refused requests was stored" "$n" "$(apps)"

# ---- a version only the book stores (an earlier decision's, since amended) is not taken ----
sed -e 's/^policy chengdu.first_version_software version 2024.1/policy chengdu.first_version_software version 2023.9/' \
    -e 's/^param share: rate = 30%/param share: rate = 90%/' \
    "${HUOSHUI_DATA:-.}/policies/chengdu-first-version-software.policy" >"$E2E_TMP/generous.policy"
hs subsidy apply --policy "$E2E_TMP/generous.policy" --firm $F2 --id OLD-1 --input role=maker --input software_price=1万 >/dev/null 2>&1
check_eq "(the book stores version 2023.9 from a CLI decision)" yes \
  "$(hs policy history chengdu.first_version_software --json | grep -q '"2023.9"' && echo yes || echo no)"
n=$(apps)
req POST /api/v1/subsidies -H "$(as ed)" "${J[@]}" --data-binary \
  "{\"policy\":\"chengdu.first_version_software@2023.9\",\"firm\":\"$F1\",\"product\":\"p9\",\"inputs\":{\"role\":\"maker\",\"software_price\":\"100万\"}}"
check_eq "an enterprise naming that stored version: 422 naming policy, nothing applied" "422 policy $n" \
  "$(status) $(jq_body 'd["error"]["field"]') $(apps)"

# ---- apply: an officer, and an ineligible decision ----
req POST /api/v1/subsidies -H "$(as oscar)" "${J[@]}" --data-binary \
  "{\"policy\":\"chengdu.first_version_software@2024.1\",\"firm\":\"$F2\",\"id\":\"A-hw\",\"inputs\":{\"role\":\"user\",\"software_price\":\"0元\"}}"
check_eq "an officer of the programme applies for a firm: 201, not eligible, status ineligible" "201 False ineligible A-hw" \
  "$(status) $(jq_body 'd["eligible"]') $(jq_body 'd["status"]') $(jq_body 'd["id"]')"
check_eq "... the reason names the failing rule" True "$(jq_body '"has_price" in d["reason"] or "合同金额" in d["reason"]')"

# ---- 免申即享: match over the registry ----
req POST /api/v1/subsidies/match -H "$(as olga)" "${J[@]}" --data-binary '{"policy":"chengdu.first_version_software"}'
check_eq "match by an officer of another programme: 403" 403 "$(status)"
req POST /api/v1/subsidies/match -H "$(as ed)" "${J[@]}" --data-binary '{"policy":"chengdu.first_version_software"}'
check_eq "match by an enterprise: 403" 403 "$(status)"
before=$(bal $FVS)
req POST /api/v1/subsidies/match -H "$(as oscar)" "${J[@]}" --data-binary \
  '{"policy":"chengdu.first_version_software","facts":{"role":"user","software_price":"10万"},"award":true,"pay_by":"2024-06-10"}'
check_eq "match with award: 200 over every registry firm" "200 $NFIRMS chengdu-2024" \
  "$(status) $(jq_body 'd["firms"]') $(jq_body 'd["programme"]')"
AWARDED=$(jq_body 'd["awarded"]'); AWARDED_FEN=$(jq_body 'd["awarded_fen"]')
check_eq "... everyone eligible is awarded 3万 (30% of 10万)" "yes" \
  "$([ "$AWARDED" -ge 1 ] && [ "$AWARDED_FEN" = "$((AWARDED * 3000000))" ] && echo yes || echo "no: $AWARDED $AWARDED_FEN")"
check_eq "... the awards are reserved on the budget (pending), not paid" "$AWARDED_FEN $before" \
  "$(hs balance $FVS --json | python3 -c 'import json,sys; a=json.load(sys.stdin)[0]; print(a["debits_pending_fen"])') $(bal $FVS)"

# ---- the list pages through the store: an enterprise's pages skip every other firm's rows ----
FVSP=${HUOSHUI_DATA:-.}/policies/chengdu-first-version-software.policy
for i in $(seq -w 1 130); do
  hs subsidy apply --policy "$FVSP" --firm $F2 --id "B-$i" --product "p$i" --input role=user --input software_price=1万 >/dev/null 2>&1
done
walk() { # walk WHO LIMIT: every id over the pages, space-separated
  local who=$1 limit=$2 cursor="" ids=""
  for _ in $(seq 1 400); do
    req GET "/api/v1/subsidies?limit=$limit${cursor:+&cursor=$cursor}" -H "$(as "$who")"
    [ "$(status)" = 200 ] || { echo "status $(status)"; return; }
    ids="$ids $(jq_body '" ".join(i["id"] for i in d["items"])')"
    cursor=$(jq_body 'd["next_cursor"] or ""')
    [ -z "$cursor" ] && break
  done
  echo $ids
}
check_eq "GET /subsidies as the firm's enterprise, a row a page: its own applications only, each once" \
  "$(hs subsidy list --firm $F1 --json | python3 -c 'import json,sys; print(" ".join(a["id"] for a in json.load(sys.stdin)))')" "$(walk ed 1)"
check_eq "as the programme's officer, 50 a page: every application once, in id order" \
  "$(hs subsidy list --json | python3 -c 'import json,sys; print(" ".join(a["id"] for a in json.load(sys.stdin)))')" "$(walk oscar 50)"
check_eq "as an officer of another programme: none" "" "$(walk olga 10)"

# ---- vouchers: issue ----
VB='{"id":"V-1","policy":"chengdu.compute_voucher","firm":"'$F1'","expires":"2024-06-20","inputs":{"sector":"nlp"}}'
req POST /api/v1/vouchers -H "$(as oscar)" "${J[@]}" --data-binary "$VB"
check_eq "issue without Idempotency-Key: 400 idempotency_key_required" "400 idempotency_key_required" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/vouchers -H "$(as olga)" -H 'Idempotency-Key: v1-olga' "${J[@]}" --data-binary "$VB"
check_eq "issue by an officer of another programme: 403" 403 "$(status)"
req POST /api/v1/vouchers -H "$(as ed)" -H 'Idempotency-Key: v1-ed' "${J[@]}" --data-binary "$VB"
check_eq "an enterprise may not issue vouchers: 403" 403 "$(status)"
req POST /api/v1/vouchers -H "$(as oscar)" -H 'Idempotency-Key: v1-bad' "${J[@]}" --data-binary \
  '{"id":"V-1","policy":"chengdu.compute_voucher","firm":"'$F1'","expires":"someday"}'
check_eq "a malformed expiry date: 422 naming expires" "422 expires" "$(status) $(jq_body 'd["error"]["field"]')"
check_rc "... and no voucher was stored" 2 hs voucher show V-1
req POST /api/v1/vouchers -H "$(as oscar)" -H 'Idempotency-Key: v1' "${J[@]}" --data-binary "$VB"
check_eq "issue by the programme's officer: 201, face the policy's firm_cap 300万" "201 300000000 issued" \
  "$(status) $(jq_body 'd["face_fen"]') $(jq_body 'd["status"]')"
cp "$E2E_TMP/body" "$E2E_TMP/issued.json"
hs voucher show V-1 --json >"$E2E_TMP/cli_voucher.json"
check_eq "the body is what voucher show --json prints" same "$(same_json "$E2E_TMP/cli_voucher.json" "$E2E_TMP/issued.json")"
check_eq "the face is reserved on the budget" 300000000 \
  "$(hs balance $CVB --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["debits_pending_fen"])')"
req POST /api/v1/vouchers -H "$(as oscar)" -H 'Idempotency-Key: v1' "${J[@]}" --data-binary "$VB"
check_eq "the replay: 201 with Idempotency-Hit: true, the same body" "201 true same" \
  "$(status) $(header Idempotency-Hit) $(same_json "$E2E_TMP/issued.json" "$E2E_TMP/body")"
req POST /api/v1/vouchers -H "$(as oscar)" -H 'Idempotency-Key: v1' "${J[@]}" --data-binary \
  '{"id":"V-2","policy":"chengdu.compute_voucher","firm":"'$F1'","expires":"2024-06-20"}'
check_eq "the same key with another body: 409 idempotency_key_reused" "409 idempotency_key_reused" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/vouchers -H "$(as oscar)" -H 'Idempotency-Key: v1-again' "${J[@]}" --data-binary "$VB"
check_eq "the same voucher under a new key: the same voucher" "201 same" "$(status) $(same_json "$E2E_TMP/issued.json" "$E2E_TMP/body")"
req POST /api/v1/vouchers -H "$(as oscar)" -H 'Idempotency-Key: v1-face' "${J[@]}" --data-binary \
  '{"id":"V-1","policy":"chengdu.compute_voucher","firm":"'$F1'","expires":"2024-06-20","face":"1万","inputs":{"sector":"nlp"}}'
check_eq "its id with another face: refused, state_conflict" "state_conflict" "$(jq_body 'd["error"]["code"]')"
check_eq "... and the budget holds one reservation, not two" 300000000 \
  "$(hs balance $CVB --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["debits_pending_fen"])')"

# ---- the voucher list pages through the store, past other firms' vouchers ----
CVP=${HUOSHUI_DATA:-.}/policies/chengdu-compute-voucher.policy
for i in $(seq -w 1 70); do
  hs voucher issue --id "U-$i" --policy "$CVP" --firm $F2 --face 1元 --expires 2024-06-20 --input sector=nlp >/dev/null 2>&1
done
vwalk() { # vwalk WHO LIMIT: every voucher id over the pages
  local who=$1 limit=$2 cursor="" ids=""
  for _ in $(seq 1 200); do
    req GET "/api/v1/vouchers?limit=$limit${cursor:+&cursor=$cursor}" -H "$(as "$who")"
    [ "$(status)" = 200 ] || { echo "status $(status)"; return; }
    ids="$ids $(jq_body '" ".join(i["id"] for i in d["items"])')"
    cursor=$(jq_body 'd["next_cursor"] or ""')
    [ -z "$cursor" ] && break
  done
  echo $ids
}
check_eq "GET /vouchers as the firm's enterprise, a row a page: its own voucher only (past 70 others)" "V-1" "$(vwalk ed 1)"
check_eq "as eve's enterprise, 25 a page: its 70, each once, in id order" "$(seq -w 1 70 | sed 's/^/U-/' | tr '\n' ' ' | sed 's/ $//')" "$(vwalk eve 25)"

# ---- expire, a month later by the server's clock ----
stop_server
export HUOSHUI_TODAY=2024-07-01
start_server
req POST /api/v1/subsidies/expire -H "$(as olga)" "${J[@]}" --data-binary '{"programme":"chengdu-2024"}'
check_eq "expire a programme out of scope: 403" 403 "$(status)"
req POST /api/v1/subsidies/expire -H "$(as olga)" "${J[@]}" --data-binary '{"programme":"other-2024"}'
check_eq "expire its own programme: 200, nothing due there" "200 0" "$(status) $(jq_body 'd["expired"]')"
check_eq "... and the other programme's awards are untouched" "$AWARDED" \
  "$(hs subsidy list --status awarded --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
req POST /api/v1/subsidies/expire -H "$(as oscar)" "${J[@]}" --data-binary '{"programme":"chengdu-2024","on":"2030-01-01"}'
check_eq "a date in the body: 400 unknown_field" "400 unknown_field" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/subsidies/expire -H "$(as oscar)" "${J[@]}" --data-binary '{"programme":"chengdu-2024"}'
check_eq "expire in scope: every award past its pay-by date" "200 $AWARDED" "$(status) $(jq_body 'd["expired"]')"
check_eq "... the reservations are released" 0 \
  "$(hs balance $FVS --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["debits_pending_fen"])')"
req POST /api/v1/vouchers/expire -H "$(as olga)" "${J[@]}" --data-binary '{"programme":"chengdu-2024"}'
check_eq "voucher expire out of scope: 403" 403 "$(status)"
req POST /api/v1/vouchers/expire -H "$(as oscar)" "${J[@]}" --data-binary '{"programme":"chengdu-2024"}'
check_eq "voucher expire in scope: 71 vouchers, their 300万 and 70元 released" "200 71 300007000" \
  "$(status) $(jq_body 'd["expired"]') $(jq_body 'd["released_fen"]')"
check_eq "... the voucher is expired and the budget holds no reservation" "expired 0" \
  "$(hs voucher show V-1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])') $(hs balance $CVB --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["debits_pending_fen"])')"
check_rc "the book checks out" 0 hs check
check_rc "the audit chain is intact" 0 hs audit verify
stop_server
check_eq "SIGTERM: the server exits 0" 0 "$?"
