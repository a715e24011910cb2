#!/usr/bin/env bash
# server_routes.sh — the write routes of `huoshui serve` over real HTTP (curl) against the real
# binary: maker-checker (GET /approvals per scope with cursor pages, approve moving the ledger only
# then, the maker refused 409 maker_cannot_approve, a reviewer out of scope 403, reject with a
# reason), public notice (the list without login holding public fields only, an anonymous
# objection recorded as public:<address>, an officer's dismiss in scope only, a capped reason) and
# the audit log for auditors (cursor next_after); each body is the same JSON the CLI's --json
# prints. The role × route matrix over these routes is in server.sh (generated from the table).
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/routes.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-09-27
D=${HUOSHUI_DATA:-.}
NP=$D/tests/data/chengdu-fvs-notice.policy
F1=914403001922038216 # 华为技术有限公司 in tests/data/firms-good.csv

hs init >/dev/null
hs firm import "$D/tests/data/firms-good.csv" >/dev/null
hs programme create chengdu-2024 --approval-threshold 100万 >/dev/null
add_user oscar officer --scope programme:chengdu-2024
add_user olga officer --scope programme:other-2024
add_user carol reviewer --scope programme:chengdu-2024
add_user alice reviewer --scope programme:chengdu-2024
add_user bob reviewer --scope programme:other-2024
add_user ed enterprise --scope firm:$F1
add_user audrey auditor

# two pending approvals: A-1 made by oscar, A-2 by alice (a reviewer as maker)
hs --as oscar programme fund chengdu-2024 --budget first-version-software --amount 1000万 <<<"$PW" >/dev/null
hs --as alice programme fund chengdu-2024 --budget first-version-software --amount 200万 <<<"$PW" >/dev/null

budget_credits() { hs balance budget/chengdu-2024/first-version-software --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["credits_posted_fen"])' 2>/dev/null || echo 0; }

start_server
check_eq "serve listens" "yes" "$(echo "$URL" | grep -qE '^http://127\.0\.0\.1:[0-9]+$' && echo yes || echo "no: '$URL'")"

# ---- maker-checker: the list ----
req GET /api/v1/approvals -H "Authorization: Bearer ${TOKEN[carol]}"
check_eq "GET /approvals as a reviewer in scope: 200, both pending" "200 A-1,A-2 pending,pending" \
  "$(status) $(jq_body '",".join(a["id"] for a in d["items"])+" "+",".join(a["state"] for a in d["items"])')"
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["items"], open(sys.argv[2],"w"))' "$E2E_TMP/body" "$E2E_TMP/http_items"
hs approval list --json >"$E2E_TMP/cli_items"
check_eq "the items are what approval list --json prints" "same" "$(same_json "$E2E_TMP/cli_items" "$E2E_TMP/http_items")"
req GET /api/v1/approvals -H "Authorization: Bearer ${TOKEN[bob]}"
check_eq "a reviewer out of scope sees none" "200 0" "$(status) $(jq_body 'len(d["items"])')"
req GET "/api/v1/approvals?limit=1" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "an auditor pages by one: A-1 and a cursor" "200 A-1 yes" "$(status) $(jq_body 'd["items"][0]["id"]') $(jq_body '"yes" if d["next_cursor"] else "no"')"
CUR=$(jq_body 'd["next_cursor"]')
req GET "/api/v1/approvals?limit=1&cursor=$CUR" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "the next page: A-2, no further cursor" "200 A-2 None" "$(status) $(jq_body 'd["items"][0]["id"]') $(jq_body 'd["next_cursor"]')"
req GET "/api/v1/approvals?state=executed" -H "Authorization: Bearer ${TOKEN[oscar]}"
check_eq "filtered by state (an officer in scope)" "200 0" "$(status) $(jq_body 'len(d["items"])')"
req GET "/api/v1/approvals?state=bogus" -H "Authorization: Bearer ${TOKEN[oscar]}"
check_eq "a bad state is 400 naming the field" "400 --state" "$(status) $(jq_body 'd["error"]["field"]')"
req GET /api/v1/approvals -H "Authorization: Bearer ${TOKEN[ed]}"
check_eq "an enterprise may not list approvals" 403 "$(status)"
req GET /api/v1/approvals
check_eq "without login: 401" 401 "$(status)"

# ---- maker-checker: deciding ----
before=$(budget_credits)
req POST /api/v1/approvals/A-2/approve -H "Idempotency-Key: ap-$LINENO" -H "Authorization: Bearer ${TOKEN[alice]}" "${J[@]}" --data-binary '{"reason":"mine"}'
check_eq "the maker cannot approve their own: 409 maker_cannot_approve" "409 maker_cannot_approve" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/approvals/A-1/approve -H "Idempotency-Key: ap-$LINENO" -H "Authorization: Bearer ${TOKEN[bob]}" "${J[@]}" --data-binary '{}'
check_eq "a reviewer out of scope: 403 forbidden" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/approvals/A-1/approve -H "Idempotency-Key: ap-$LINENO" -H "Authorization: Bearer ${TOKEN[oscar]}" "${J[@]}" --data-binary '{}'
check_eq "an officer may not approve (role)" 403 "$(status)"
req POST /api/v1/approvals/A-1/approve -H "Idempotency-Key: ap-$LINENO" -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{"reason":"ok","amount":"1"}'
check_eq "an unknown field: 400 unknown_field naming it" "400 unknown_field amount" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
req POST /api/v1/approvals/A-1/approve -H "Idempotency-Key: ap-$LINENO" -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{"reason":"ok"'
check_eq "malformed JSON: 400 invalid_json" "400 invalid_json" "$(status) $(jq_body 'd["error"]["code"]')"
check_eq "nothing moved before the approval" "$before" "$(budget_credits)"
req POST /api/v1/approvals/A-1/approve -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{"reason":"plan checked"}'
check_eq "approve without Idempotency-Key: 400 idempotency_key_required" "400 idempotency_key_required" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/approvals/A-1/approve -H "Idempotency-Key: carol-approves-A-1" -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{"reason":"plan checked"}'
check_eq "carol (reviewer in scope) approves A-1: 200 executed by carol" "200 executed carol plan checked" \
  "$(status) $(jq_body 'd["state"]+" "+d["checker"]+" "+d["reason"]')"
cp "$E2E_TMP/body" "$E2E_TMP/approved"
check_eq "the ledger moved 1000万 on approval" "$((before + 1000000000))" "$(budget_credits)"
req POST /api/v1/approvals/A-1/approve -H "Idempotency-Key: carol-approves-A-1" -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{"reason":"plan checked"}'
check_eq "a retry with the same key: the original 200 with Idempotency-Hit: true" "200 true executed" "$(status) $(header Idempotency-Hit) $(jq_body 'd["state"]')"
check_eq "and the retry did not pay again" "$((before + 1000000000))" "$(budget_credits)"
req POST /api/v1/approvals/A-1/approve -H "Idempotency-Key: carol-approves-A-1" -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{"reason":"another"}'
check_eq "the same key with another body: 409 idempotency_key_reused" "409 idempotency_key_reused" "$(status) $(jq_body 'd["error"]["code"]')"
hs approval list --state executed --json >"$E2E_TMP/cli_exec"
check_eq "the body is the CLI's view of the approval" "same" "$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))[0]; b=json.load(open(sys.argv[2])); print("same" if a==b else f"{a} != {b}")' "$E2E_TMP/cli_exec" "$E2E_TMP/approved")"
req POST /api/v1/approvals/A-1/approve -H "Idempotency-Key: ap-$LINENO" -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{}'
check_eq "approving again: 409 state_conflict" "409 state_conflict" "$(status) $(jq_body 'd["error"]["code"]')"
check_eq "and it did not pay twice" "$((before + 1000000000))" "$(budget_credits)"
req POST /api/v1/approvals/A-2/reject -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{}'
check_eq "reject without a reason: 422 naming reason" "422 reason" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/approvals/A-9/reject -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{"reason":"x"}'
check_eq "an unknown approval: 404" 404 "$(status)"
req POST /api/v1/approvals/B-1/reject -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{"reason":"x"}'
check_eq "a malformed approval id: 400" 400 "$(status)"
req POST /api/v1/approvals/A-2/reject -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{"reason":"duplicate of A-1"}'
check_eq "carol rejects A-2" "200 rejected" "$(status) $(jq_body 'd["state"]')"
check_eq "the rejected funding never moved" "$((before + 1000000000))" "$(budget_credits)"

# ---- a session cookie needs the CSRF token on these routes too ----
req POST /api/v1/session "${J[@]}" --data-binary "{\"user\":\"carol\",\"password\":\"$PW\"}"
SESSION=$(tr -d '\r' <"$E2E_TMP/headers" | sed -n 's/^Set-Cookie: huoshui_session=\([^;]*\);.*/\1/Ip' | head -1)
req POST /api/v1/approvals/A-2/approve -H "Idempotency-Key: ap-$LINENO" -H "Cookie: huoshui_session=$SESSION" "${J[@]}" --data-binary '{}'
check_eq "approve by cookie without X-CSRF-Token: 403 csrf" "403 csrf" "$(status) $(jq_body 'd["error"]["code"]')"

# ---- public notice ----
hs subsidy apply --policy "$NP" --firm "$F1" --id n1 --product soft-A --on 2024-09-27 --input role=maker --input software_price=1000万 >/dev/null
hs subsidy award n1 >/dev/null
req GET /api/v1/public/notices
check_eq "GET /public/notices without login: 200, one notice" "200 1" "$(status) $(jq_body 'len(d["items"])')"
check_eq "its public fields" "华为技术有限公司 250000000 chengdu.first_version_software_notice 2024-10-10 True" \
  "$(jq_body '" ".join(str(d["items"][0][k]) for k in ("firm_name","amount_fen","policy","objection_deadline","under_notice"))')"
check_eq "no firm code, no inputs" "False False" "$(jq_body 'str("firm" in d["items"][0])+" "+str("inputs" in d["items"][0])')"
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["items"], open(sys.argv[2],"w"))' "$E2E_TMP/body" "$E2E_TMP/http_items"
hs notice list --json >"$E2E_TMP/cli_items"
check_eq "the items are what notice list --json prints" "same" "$(same_json "$E2E_TMP/cli_items" "$E2E_TMP/http_items")"
req POST /api/v1/public/notices/N-1/objections "${J[@]}" --data-binary '{}'
check_eq "an objection without a reason: 422" "422 reason" "$(status) $(jq_body 'd["error"]["field"]')"
python3 -c 'import sys; sys.stdout.write("{\"reason\":\"" + "x"*600 + "\"}")' >"$E2E_TMP/long.json"
req POST /api/v1/public/notices/N-1/objections "${J[@]}" --data-binary "@$E2E_TMP/long.json"
check_eq "a reason over 511 bytes: 422" "422 reason" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/public/notices/N-1/objections "${J[@]}" --data-binary '{"reason":"not a first version","name":"x"}'
check_eq "an unknown field: 400" "400 unknown_field" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/public/notices/N-9/objections "${J[@]}" --data-binary '{"reason":"x"}'
check_eq "an unknown notice: 404" 404 "$(status)"
req POST /api/v1/public/notices/N-1/objections "${J[@]}" --data-binary '{"reason":"not a first version"}'
check_eq "an anonymous objection: 201 O-1 open on N-1" "201 O-1 open N-1" "$(status) $(jq_body 'd["id"]+" "+d["state"]+" "+d["notice"]')"
check_rc "pay n1 while the objection is open is refused" 1 hs subsidy pay n1 --on 2024-10-11
req POST /api/v1/objections/O-1/dismiss -H "Authorization: Bearer ${TOKEN[olga]}" "${J[@]}" --data-binary '{"reason":"fine"}'
check_eq "an officer out of scope cannot decide: 403" 403 "$(status)"
req POST /api/v1/objections/O-1/uphold -H "Authorization: Bearer ${TOKEN[audrey]}" "${J[@]}" --data-binary '{"reason":"fine"}'
check_eq "an auditor writes nothing: 403" 403 "$(status)"
req POST /api/v1/objections/O-1/dismiss -H "Authorization: Bearer ${TOKEN[oscar]}" "${J[@]}" --data-binary '{}'
check_eq "dismiss without a reason: 422" 422 "$(status)"
req POST /api/v1/objections/O-1/dismiss -H "Authorization: Bearer ${TOKEN[oscar]}" "${J[@]}" --data-binary '{"reason":"it is a first version"}'
check_eq "oscar (officer in scope) dismisses O-1" "200 dismissed oscar" "$(status) $(jq_body 'd["state"]+" "+d["officer"]')"
req POST /api/v1/objections/O-1/uphold -H "Authorization: Bearer ${TOKEN[oscar]}" "${J[@]}" --data-binary '{"reason":"again"}'
check_eq "deciding again: 409" 409 "$(status)"
req POST /api/v1/public/notices/N-1/objections -H "Authorization: Bearer ${TOKEN[ed]}" "${J[@]}" --data-binary '{"reason":"by token"}'
check_eq "a bearer-token caller may object too" "201 O-2" "$(status) $(jq_body 'd["id"]')"

# ---- subsidies: award, pay (idempotent; maker-checker answers 202), reject ----
FV=$D/policies/chengdu-first-version-software.policy
F2=91510100MA6CA00016
hs subsidy apply --policy "$FV" --firm $F2 --id fv-1 --product soft-A --on 2024-09-27 --input role=maker --input software_price=1000万 >/dev/null
hs subsidy apply --policy "$FV" --firm $F2 --id fv-2 --product soft-B --on 2024-09-27 --input role=maker --input software_price=1000万 >/dev/null
req POST /api/v1/subsidies/fv-1/award -H "Authorization: Bearer ${TOKEN[olga]}" "${J[@]}" --data-binary '{}'
check_eq "an officer out of the programme's scope may not award: 403" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/subsidies/fv-1/award -H "Authorization: Bearer ${TOKEN[oscar]}" "${J[@]}" --data-binary '{"pay_by":"someday"}'
check_eq "a bad pay_by: 422 naming it" "422 pay_by" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/subsidies/fv-1/award -H "Authorization: Bearer ${TOKEN[oscar]}" "${J[@]}" --data-binary '{"pay_by":"2024-12-31"}'
check_eq "oscar awards fv-1: 200 awarded 250万" "200 awarded 250000000" "$(status) $(jq_body 'd["status"]+" "+str(d["award_fen"])')"
cp "$E2E_TMP/body" "$E2E_TMP/awarded"
hs subsidy show fv-1 --json >"$E2E_TMP/cli_show"
check_eq "the award's status as subsidy show --json tells it" "awarded 250000000" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["status"], d["award_fen"])' "$E2E_TMP/cli_show")"
PAYH=(-H "Authorization: Bearer ${TOKEN[oscar]}" "${J[@]}")
req POST /api/v1/subsidies/fv-1/pay "${PAYH[@]}" --data-binary '{}'
check_eq "pay without Idempotency-Key: 400 idempotency_key_required" "400 idempotency_key_required" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/subsidies/fv-1/pay -H "Authorization: Bearer ${TOKEN[ed]}" "${J[@]}" -H 'Idempotency-Key: ed-1' --data-binary '{}'
check_eq "an enterprise may not pay: 403" 403 "$(status)"
req POST /api/v1/subsidies/fv-1/pay "${PAYH[@]}" -H 'Idempotency-Key: pay-bad' --data-binary '{"amount":"lots"}'
check_eq "a bad amount: 422 naming it" "422 amount" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/subsidies/fv-1/pay "${PAYH[@]}" -H 'Idempotency-Key: pay-bad' --data-binary '{"amount_fen":1,"colour":"red"}'
check_eq "an unknown field: 400" "400 unknown_field colour" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
firm_cash() { hs balance "firm/$F2/cash" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["credits_posted_fen"])' 2>/dev/null || echo 0; }
req POST /api/v1/subsidies/fv-1/pay "${PAYH[@]}" -H 'Idempotency-Key: pay-1' --data-binary '{}'
check_eq "250万 >= the threshold: 202 with the pending approval A-3 by oscar" "202 A-3 pending oscar 250000000" \
  "$(status) $(jq_body '" ".join(str(d["pending_approval"][k]) for k in ("id","state","maker","amount_fen"))')"
cp "$E2E_TMP/body" "$E2E_TMP/pay1"
check_eq "nothing paid yet" "0" "$(firm_cash)"
req POST /api/v1/subsidies/fv-1/pay "${PAYH[@]}" -H 'Idempotency-Key: pay-1' --data-binary '{}'
check_eq "a replay: the original 202, Idempotency-Hit: true" "202 true" "$(status) $(tr -d '\r' <"$E2E_TMP/headers" | sed -n 's/^Idempotency-Hit: //Ip')"
check_eq "the replay's body byte for byte" "$(cat "$E2E_TMP/pay1")" "$(cat "$E2E_TMP/body")"
hs approval list --state pending --json >"$E2E_TMP/cli_pending"
check_eq "the replay made no second approval" "1" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$E2E_TMP/cli_pending")"
req POST /api/v1/subsidies/fv-1/pay "${PAYH[@]}" -H 'Idempotency-Key: pay-1' --data-binary '{"amount":"1"}'
check_eq "the same key with another body: 409 idempotency_key_reused" "409 idempotency_key_reused" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/approvals/A-3/approve -H "Idempotency-Key: ap-$LINENO" -H "Authorization: Bearer ${TOKEN[carol]}" "${J[@]}" --data-binary '{}'
check_eq "carol approves the payment" "200 executed" "$(status) $(jq_body 'd["state"]')"
check_eq "the firm was paid 250万 on approval, once" "250000000" "$(firm_cash)"
req POST /api/v1/subsidies/fv-2/reject "${PAYH[@]}" --data-binary '{}'
check_eq "reject without a reason: 422" "422 reason" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/subsidies/fv-2/reject "${PAYH[@]}" --data-binary '{"reason":"duplicate product"}'
check_eq "oscar rejects fv-2" "200 rejected" "$(status) $(jq_body 'd["status"]')"
req POST /api/v1/subsidies/fv-2/pay "${PAYH[@]}" -H 'Idempotency-Key: pay-2' --data-binary '{}'
check_eq "paying a rejected application: 409, the CLI's code" "409 $(hs subsidy pay fv-2 --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["error"]["code"])')" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/subsidies/fv-2/pay "${PAYH[@]}" -H 'Idempotency-Key: pay-2' --data-binary '{"amount":"1"}'
check_eq "a refused payment stored no key (another body is refused by the rule, not reused)" "409 state_conflict" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/subsidies/nope/pay "${PAYH[@]}" -H 'Idempotency-Key: pay-3' --data-binary '{}'
check_eq "an unknown application: 404" 404 "$(status)"

# ---- clawback: idempotent ----
req POST /api/v1/subsidies/fv-1/clawback "${PAYH[@]}" --data-binary '{"reason":"false statement"}'
check_eq "clawback without Idempotency-Key: 400" 400 "$(status)"
req POST /api/v1/subsidies/fv-1/clawback "${PAYH[@]}" -H 'Idempotency-Key: cb-1' --data-binary '{}'
check_eq "clawback without a reason: 422" "422 reason" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/subsidies/fv-1/clawback -H "Authorization: Bearer ${TOKEN[olga]}" "${J[@]}" -H 'Idempotency-Key: cb-o' --data-binary '{"reason":"x"}'
check_eq "an officer out of scope may not claw back: 403" 403 "$(status)"
req POST /api/v1/subsidies/fv-1/clawback "${PAYH[@]}" -H 'Idempotency-Key: cb-1' --data-binary '{"reason":"false statement","amount":"50万"}'
check_eq "oscar claws back 50万: 200" "200" "$(status)"
cp "$E2E_TMP/body" "$E2E_TMP/cb1"
hs subsidy show fv-1 --json >"$E2E_TMP/cli_show"
check_eq "the body's status and paid figure as subsidy show --json tells them" "same" "$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); ks=("status","paid_fen","award_fen"); print("same" if all(a.get(k)==b.get(k) for k in ks) else f"{[a.get(k) for k in ks]} != {[b.get(k) for k in ks]}")' "$E2E_TMP/cli_show" "$E2E_TMP/cb1")"
firm_debits() { hs balance "firm/$F2/cash" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["debits_posted_fen"])' 2>/dev/null || echo 0; }
check_eq "50万 left the firm's cash" "50000000" "$(firm_debits)"
req POST /api/v1/subsidies/fv-1/clawback "${PAYH[@]}" -H 'Idempotency-Key: cb-1' --data-binary '{"reason":"false statement","amount":"50万"}'
check_eq "a replayed clawback: the same answer, Idempotency-Hit, nothing more moved" "200 true same 50000000" \
  "$(status) $(tr -d '\r' <"$E2E_TMP/headers" | sed -n 's/^Idempotency-Hit: //Ip') $(cmp -s "$E2E_TMP/cb1" "$E2E_TMP/body" && echo same || echo differ) $(firm_debits)"

# ---- programme funding: idempotent, 202 under maker-checker ----
bud=$(budget_credits)
req POST /api/v1/programmes/chengdu-2024/fund "${PAYH[@]}" --data-binary '{"budget":"first-version-software","amount":"50万"}'
check_eq "funding without Idempotency-Key: 400" 400 "$(status)"
req POST /api/v1/programmes/chengdu-2024/fund -H "Authorization: Bearer ${TOKEN[olga]}" "${J[@]}" -H 'Idempotency-Key: f-olga' --data-binary '{"budget":"first-version-software","amount":"50万"}'
check_eq "an officer out of scope may not fund: 403" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/programmes/chengdu-2024/fund "${PAYH[@]}" -H 'Idempotency-Key: f-0' --data-binary '{"budget":"first-version-software"}'
check_eq "funding without an amount: 422" "422 amount" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/programmes/chengdu-2024/fund "${PAYH[@]}" -H 'Idempotency-Key: f-1' --data-binary '{"budget":"first-version-software","amount":"50万"}'
check_eq "50万 (below the threshold) funds at once: 200 with the programme's status" "200 chengdu-2024" "$(status) $(jq_body 'd["programme"]["id"] if isinstance(d.get("programme"),dict) else d.get("id", d.get("programme"))')"
cp "$E2E_TMP/body" "$E2E_TMP/fund1"
check_eq "the budget got 50万" "$((bud + 50000000))" "$(budget_credits)"
hs programme show chengdu-2024 --json >"$E2E_TMP/cli_prog"
check_eq "the body is what programme show --json prints" "same" "$(same_json "$E2E_TMP/cli_prog" "$E2E_TMP/fund1")"
req POST /api/v1/programmes/chengdu-2024/fund "${PAYH[@]}" -H 'Idempotency-Key: f-1' --data-binary '{"budget":"first-version-software","amount":"50万"}'
check_eq "a replay: 200, Idempotency-Hit, the same bytes, funded once" "200 true same $((bud + 50000000))" \
  "$(status) $(tr -d '\r' <"$E2E_TMP/headers" | sed -n 's/^Idempotency-Hit: //Ip') $(cmp -s "$E2E_TMP/fund1" "$E2E_TMP/body" && echo same || echo differ) $(budget_credits)"
req POST /api/v1/programmes/chengdu-2024/fund "${PAYH[@]}" -H 'Idempotency-Key: f-2' --data-binary '{"budget":"first-version-software","amount":"200万"}'
check_eq "200万 (>= the threshold): 202 with the pending approval" "202 pending programme.fund" "$(status) $(jq_body 'd["pending_approval"]["state"]+" "+d["pending_approval"]["action"]')"
check_eq "nothing moved" "$((bud + 50000000))" "$(budget_credits)"
req POST /api/v1/programmes/no-such/fund "${PAYH[@]}" -H 'Idempotency-Key: f-3' --data-binary '{"budget":"b","amount":"1"}'
check_eq "an unknown programme the officer does not hold: 403" 403 "$(status)"

# ---- the audit log ----
req GET "/api/v1/audit?actor=public:127.0.0.1" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "the anonymous objection is audited as public:127.0.0.1" "200 1 POST /api/v1/public/notices/{id}/objections N-1" \
  "$(status) $(jq_body 'len(d["entries"])') $(jq_body 'd["entries"][0]["action"]+" "+d["entries"][0]["object"]')"
req GET "/api/v1/audit?actor=ed" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "the token caller's objection is audited as ed" "200 1" "$(status) $(jq_body 'len(d["entries"])')"
req GET "/api/v1/audit?object=A-1" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "the approval of A-1 is audited as carol" "200 carol" "$(status) $(jq_body '",".join(e["actor"] for e in d["entries"])')"
req GET "/api/v1/audit?limit=2" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "a page of two with a cursor" "200 2 2" "$(status) $(jq_body 'len(d["entries"])') $(jq_body 'd["next_after"]')"
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["entries"], open(sys.argv[2],"w"))' "$E2E_TMP/body" "$E2E_TMP/http_items"
hs audit log --limit 2 --json >"$E2E_TMP/cli_items"
check_eq "the entries are what audit log --json prints" "same" "$(same_json "$E2E_TMP/cli_items" "$E2E_TMP/http_items")"
req GET "/api/v1/audit?limit=2&after=2" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "after=next_after: the next page starts at seq 3" "200 3" "$(status) $(jq_body 'd["entries"][0]["seq"]')"
total=$(hs audit log --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
req GET "/api/v1/audit?after=$((total - 1))" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "the last page says next_after 0" "200 1 0" "$(status) $(jq_body 'len(d["entries"])') $(jq_body 'd["next_after"]')"
req GET "/api/v1/audit?limit=0" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "limit=0: 400" "400 limit" "$(status) $(jq_body 'd["error"]["field"]')"
req GET "/api/v1/audit?after=-1" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "a negative cursor: 400" "400 after" "$(status) $(jq_body 'd["error"]["field"]')"
req GET /api/v1/audit -H "Authorization: Bearer ${TOKEN[oscar]}"
check_eq "an officer may not read the audit log: 403" 403 "$(status)"

# ---- objections are capped per filer per day (the public route takes no login) ----
filed=1 # ed filed O-2 above
for i in $(seq 2 10); do
  req POST /api/v1/public/notices/N-1/objections -H "Authorization: Bearer ${TOKEN[ed]}" "${J[@]}" --data-binary "{\"reason\":\"objection $i\"}"
  [ "$(status)" = 201 ] && filed=$((filed + 1))
done
check_eq "ten objections a day from one filer are taken" 10 "$filed"
req POST /api/v1/public/notices/N-1/objections -H "Authorization: Bearer ${TOKEN[ed]}" "${J[@]}" --data-binary '{"reason":"one too many"}'
check_eq "the eleventh the same day: 429 rate_limited" "429 rate_limited" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/public/notices/N-1/objections "${J[@]}" --data-binary '{"reason":"another filer"}'
check_eq "another filer (an anonymous address) is not held back, and the refused one was not stored (O-2..O-11 are ed's)" \
  "201 O-12" "$(status) $(jq_body 'd["id"]')"

# ---- from an audit entry to the money it moved ----
PAIR=$(hs history budget/chengdu-2024/first-version-software --json | python3 -c 'import json,sys; t=[x for x in json.load(sys.stdin) if x["audit_seq"] and x["side"]=="debit"][-1]; print(t["audit_seq"], t["id"])')
ASEQ=${PAIR% *}; ATID=${PAIR#* }
req GET "/api/v1/audit/entries/$ASEQ" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "GET /audit/entries/SEQ of a payment: the entry and its transfers, as audit show --json" "200 True same" \
  "$(status) $(jq_body '"'"$ATID"'" in [t["id"] for t in d["transfers"]]') $(same_json <(hs audit show "$ASEQ" --json) "$E2E_TMP/body")"
req GET "/api/v1/audit/entries/$ASEQ" -H "Authorization: Bearer ${TOKEN[oscar]}"
check_eq "an officer may not read audit entries: 403" 403 "$(status)"
req GET "/api/v1/audit/entries/0" -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "seq 0: 400 naming seq" "400 seq" "$(status) $(jq_body 'd["error"]["field"]')"
check_rc "audit show of no entry: exit 2" 2 hs audit show 999999

# ---- the chain verified over HTTP, then tampered with under the running server ----
req GET /api/v1/audit/verify -H "Authorization: Bearer ${TOKEN[audrey]}"
check_eq "GET /audit/verify as an auditor: intact, the entries and head audit verify --json gives" "200 same" \
  "$(status) $(same_json <(hs audit verify --json) "$E2E_TMP/body")"
req GET /api/v1/audit/verify -H "Authorization: Bearer ${TOKEN[oscar]}"
check_eq "an officer may not verify the chain: 403" 403 "$(status)"
stop_server; rc=$?
check_eq "SIGTERM: exit 0" 0 "$rc"
check_rc "audit verify: the chain is intact" 0 hs audit verify
check_rc "check" 0 hs check
if command -v sqlite3 >/dev/null; then
  sqlite3 "$B" "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 4"
  start_server
  req GET /api/v1/audit/verify -H "Authorization: Bearer ${TOKEN[audrey]}"
  check_eq "an entry edited behind the server's back: ok false, broken at 4" "200 False 4" \
    "$(status) $(jq_body 'd["ok"]') $(jq_body 'd["broken_seq"]')"
  stop_server
fi
