#!/usr/bin/env bash
# server_vouchers.sh — programmes, compute vouchers (算力券) and providers over real HTTP (curl)
# against the real binary on a fresh book: programme create/list/close with scopes (an officer
# creates only a programme it holds the scope of; lists show only the programmes in scope; close
# returns the remainder to the appropriation, replayed with Idempotency-Hit); providers (register,
# list); a voucher (issued with the CLI) quoted and redeemed by its provider over HTTP, replayed and
# conflicting under one Idempotency-Key, refused over its face value and for another provider, and
# settled by the officer, the budget moving by exactly what was paid; the bodies are the
# JSON the CLI's --json prints. The role × route matrix over these routes is in server.sh.
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/vouchers.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-03-01

hs init >/dev/null
add_user oscar officer --scope programme:chengdu-2024 --scope programme:mianyang-2024
add_user olga officer --scope programme:other-2024
add_user rita reviewer --scope programme:mianyang-2024
add_user audrey auditor
add_user ann analyst
add_user adam admin
F1=91510100MA6CA00016; F2=91510100MA6CA00029
add_user pat provider --scope provider:cd-super
add_user pete provider --scope provider:other-p
add_user ed enterprise --scope firm:$F1
add_user eve enterprise --scope firm:$F2


start_server
check_eq "serve listens" "yes" "$(echo "$URL" | grep -qE '^http://127\.0\.0\.1:[0-9]+$' && echo yes || echo "no: '$URL'")"

# ---- programmes: create ----
req POST /api/v1/programmes -H "$(as oscar)" "${J[@]}" --data-binary '{"id":"chengdu-2024","title_zh":"成都算力券","title_en":"Chengdu compute vouchers","approval_threshold":"1000万"}'
check_eq "POST /programmes as an officer holding its scope: 201" 201 "$(status)"
check_eq "the body is the programme's status (id, titles, open, no budgets)" "chengdu-2024 成都算力券 False 0" \
  "$(jq_body 'd["programme"]+" "+d["title_zh"]+" "+str(d["closed"])+" "+str(len(d["budgets"]))')"
cp "$E2E_TMP/body" "$E2E_TMP/created.json"
hs programme show chengdu-2024 --json >"$E2E_TMP/cli_show.json"
check_eq "the body is what programme show --json prints" same "$(same_json "$E2E_TMP/cli_show.json" "$E2E_TMP/created.json")"
req POST /api/v1/programmes -H "$(as oscar)" "${J[@]}" --data-binary '{"id":"chengdu-2024"}'
check_eq "creating it again with other titles: 400, refused" "400" "$(status)"
check_eq "... and the stored titles are unchanged" "成都算力券" "$(hs programme show chengdu-2024 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["title_zh"])')"
req POST /api/v1/programmes -H "$(as olga)" "${J[@]}" --data-binary '{"id":"chengdu-2025"}'
check_eq "an officer without scope programme:ID: 403 forbidden" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
check_rc "... and nothing was stored" 2 hs programme show chengdu-2025
req POST /api/v1/programmes -H "$(as adam)" "${J[@]}" --data-binary '{"id":"chengdu-2025"}'
check_eq "an admin may not create programmes: 403" 403 "$(status)"
req POST /api/v1/programmes -H "$(as oscar)" "${J[@]}" --data-binary '{"id":"mianyang-2024","approval_threshold":"lots"}'
check_eq "a malformed approval_threshold: 422 naming the field" "422 approval_threshold" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/programmes -H "$(as oscar)" "${J[@]}" --data-binary '{"id":"mianyang-2024","colour":"red"}'
check_eq "an unknown field: 400 unknown_field" "400 unknown_field" "$(status) $(jq_body 'd["error"]["code"]')"
check_rc "... and nothing was stored" 2 hs programme show mianyang-2024
req POST /api/v1/programmes -H "$(as oscar)" "${J[@]}" --data-binary '{"id":"mianyang-2024"}'
check_eq "a second programme without a threshold: 201" 201 "$(status)"
hs programme create other-2024 >/dev/null

# ---- programmes: list ----
req GET /api/v1/programmes -H "$(as oscar)"
check_eq "GET /programmes as an officer: only those in its scope" "200 chengdu-2024,mianyang-2024" \
  "$(status) $(jq_body '",".join(p["programme"] for p in d["items"])')"
check_eq "the list sends an ETag" yes "$([ -n "$(header ETag)" ] && echo yes || echo no)"
req GET /api/v1/programmes -H "$(as rita)"
check_eq "a reviewer: its scope only" "200 mianyang-2024" "$(status) $(jq_body '",".join(p["programme"] for p in d["items"])')"
req GET /api/v1/programmes -H "$(as audrey)"
check_eq "an auditor: all" "200 chengdu-2024,mianyang-2024,other-2024" "$(status) $(jq_body '",".join(p["programme"] for p in d["items"])')"
req GET '/api/v1/programmes?limit=2' -H "$(as ann)"
check_eq "an analyst, limit 2: two and a cursor" "200 chengdu-2024,mianyang-2024 yes" \
  "$(status) $(jq_body '",".join(p["programme"] for p in d["items"])+" "+("yes" if d["next_cursor"] else "no")')"
CUR=$(jq_body 'd["next_cursor"]')
req GET "/api/v1/programmes?limit=2&cursor=$CUR" -H "$(as ann)"
check_eq "the next page: the last one, no cursor" "200 other-2024 None" "$(status) $(jq_body '",".join(p["programme"] for p in d["items"])+" "+str(d["next_cursor"])')"
req GET /api/v1/programmes -H "$(as adam)"
check_eq "an admin may not list programmes: 403" 403 "$(status)"

# ---- programmes: close ----
hs programme fund mianyang-2024 --budget gpu --amount 50万 >/dev/null
before=$(bal appropriation/mianyang-2024)
req POST /api/v1/programmes/mianyang-2024/close -H "$(as oscar)"
check_eq "close without Idempotency-Key: 400 idempotency_key_required" "400 idempotency_key_required" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/programmes/mianyang-2024/close -H "$(as olga)" -H 'Idempotency-Key: close-olga'
check_eq "close by an officer out of scope: 403" 403 "$(status)"
check_eq "... and the budget kept its money" 50000000 "$(bal budget/mianyang-2024/gpu)"
req POST /api/v1/programmes/mianyang-2024/close -H "$(as oscar)" -H 'Idempotency-Key: close-1'
check_eq "close in scope: 200, closed" "200 True" "$(status) $(jq_body 'str(d["closed"])')"
cp "$E2E_TMP/body" "$E2E_TMP/closed.json"
check_eq "the remainder (50万) went back to the appropriation" "$((before + 50000000))" "$(bal appropriation/mianyang-2024)"
check_eq "... and left the budget" 0 "$(bal budget/mianyang-2024/gpu)"
req POST /api/v1/programmes/mianyang-2024/close -H "$(as oscar)" -H 'Idempotency-Key: close-1'
check_eq "the replay: 200 with Idempotency-Hit: true" "200 true" "$(status) $(header Idempotency-Hit)"
check_eq "... the same body" same "$(same_json "$E2E_TMP/closed.json" "$E2E_TMP/body")"
req POST /api/v1/programmes/mianyang-2024/close -H "$(as oscar)" -H 'Idempotency-Key: close-2'
check_eq "closing again under another key: 409, refused by the rule" 409 "$(status)"
req POST /api/v1/programmes/mianyang-2024/fund -H "$(as oscar)" -H 'Idempotency-Key: fund-closed' "${J[@]}" --data-binary '{"budget":"gpu","amount":"1万"}'
check_eq "funding a closed programme: 409" 409 "$(status)"

# ---- providers ----
req POST /api/v1/providers -H "$(as oscar)" "${J[@]}" --data-binary '{"id":"cd-super","name":"成都超算中心","city":"成都"}'
check_eq "POST /providers as an officer: 201 with the provider" "201 cd-super 成都超算中心" "$(status) $(jq_body 'd["id"]+" "+d["name"]')"
req POST /api/v1/providers -H "$(as pat)" "${J[@]}" --data-binary '{"id":"other-p","name":"x"}'
check_eq "a provider may not register providers: 403" 403 "$(status)"
req POST /api/v1/providers -H "$(as oscar)" "${J[@]}" --data-binary '{"id":"other-p","name":"Other compute"}'
check_eq "a second provider: 201" 201 "$(status)"
req GET '/api/v1/providers?limit=1' -H "$(as pat)"
check_eq "GET /providers, limit 1: the first and a cursor" "200 cd-super yes" "$(status) $(jq_body '",".join(p["id"] for p in d["items"])+" "+("yes" if d["next_cursor"] else "no")')"
req GET "/api/v1/providers?limit=1&cursor=$(jq_body 'd["next_cursor"]')" -H "$(as pat)"
check_eq "... the next page" "200 other-p" "$(status) $(jq_body '",".join(p["id"] for p in d["items"])')"
req GET '/api/v1/providers' -H "$(as audrey)"
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["items"], open(sys.argv[2],"w"))' "$E2E_TMP/body" "$E2E_TMP/http_providers"
hs voucher provider list --json >"$E2E_TMP/cli_providers"
check_eq "the items are what voucher provider list --json prints" same "$(same_json "$E2E_TMP/cli_providers" "$E2E_TMP/http_providers")"

# ---- vouchers: issue (CLI), quote, redeem, settle ----
CV=${HUOSHUI_DATA:-.}/policies/chengdu-compute-voucher.policy
BUDGET=budget/chengdu-2024/compute-voucher
hs programme fund chengdu-2024 --budget compute-voucher --amount 500万 >/dev/null
hs voucher issue --id V1 --policy "$CV" --firm $F1 --expires 2024-12-31 --input sector=nlp >/dev/null ||
  fail "voucher issue V1" "the CLI refused"
req GET /api/v1/vouchers/V1 -H "$(as ed)"
check_eq "GET /vouchers/V1 as its firm: 200, face 300万" "200 300000000" "$(status) $(jq_body 'd["face_fen"]')"
req GET /api/v1/vouchers/V1 -H "$(as eve)"
check_eq "another firm's voucher: 403" 403 "$(status)"
b0=$(bal $BUDGET)
req POST /api/v1/vouchers/V1/redeem -H "$(as pat)" -H 'Idempotency-Key: q-1' "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"B1","bill":"200万","dry_run":true}'
check_eq "a quote: 200, pays 30% of a 200万 bill (60万), dry_run" "200 60000000 True" "$(status) $(jq_body 'str(d["paid_fen"])+" "+str(d["dry_run"])')"
req GET /api/v1/vouchers/V1 -H "$(as ed)"
check_eq "... and nothing was written (no redemption)" "0 0" "$(jq_body 'str(d["redeemed_fen"])+" "+str(len(d["redemptions"]))')"
req POST /api/v1/vouchers/V1/redeem -H "$(as pat)" "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"B1","bill":"200万"}'
check_eq "redeem without Idempotency-Key: 400" "400 idempotency_key_required" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/vouchers/V1/redeem -H "$(as pete)" -H 'Idempotency-Key: r-pete' "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"B1","bill":"200万"}'
check_eq "redeem for a provider not in the caller's scope: 403" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/vouchers/V1/redeem -H "$(as ed)" -H 'Idempotency-Key: r-ed' "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"B1","bill":"200万"}'
check_eq "an enterprise may not redeem: 403" 403 "$(status)"
req POST /api/v1/vouchers/V1/redeem -H "$(as pat)" -H 'Idempotency-Key: r-1' "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"B1","bill":"200万"}'
check_eq "redeem by its provider: 200, paid 60万" "200 60000000 False" "$(status) $(jq_body 'str(d["paid_fen"])+" "+str(d["existed"])')"
check_eq "the budget moved by exactly the 60万 paid" "$((b0 - 60000000))" "$(bal $BUDGET)"
cp "$E2E_TMP/body" "$E2E_TMP/redeemed.json"
hs voucher show V1 --json >"$E2E_TMP/v1.json"
check_eq "the voucher now holds the redemption" "60000000 B1" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["redeemed_fen"], d["redemptions"][0]["bill_id"])' "$E2E_TMP/v1.json")"
req POST /api/v1/vouchers/V1/redeem -H "$(as pat)" -H 'Idempotency-Key: r-1' "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"B1","bill":"200万"}'
check_eq "the replay: 200 with Idempotency-Hit: true and the same body" "200 true same" "$(status) $(header Idempotency-Hit) $(same_json "$E2E_TMP/redeemed.json" "$E2E_TMP/body")"
check_eq "... and the budget did not move again" "$((b0 - 60000000))" "$(bal $BUDGET)"
req POST /api/v1/vouchers/V1/redeem -H "$(as pat)" -H 'Idempotency-Key: r-1' "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"B2","bill":"1万"}'
check_eq "the same key with another body: 409 idempotency_key_reused" "409 idempotency_key_reused" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/vouchers/V1/redeem -H "$(as pat)" -H 'Idempotency-Key: r-2' "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"B1","bill":"300万"}'
check_eq "the same bill with another amount: 409" 409 "$(status)"
req POST /api/v1/vouchers/V1/redeem -H "$(as pat)" -H 'Idempotency-Key: r-3' "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"B3","bill":"1000万"}'
check_eq "a bill over what is left on the voucher pays only the rest (240万)" "200 240000000 0" "$(status) $(jq_body 'str(d["paid_fen"])+" "+str(d["remaining_fen"])')"
req POST /api/v1/vouchers/V1/redeem -H "$(as pat)" -H 'Idempotency-Key: r-4' "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"B4","bill":"1万"}'
check_eq "over the voucher's face value (nothing left): 409" 409 "$(status)"
check_eq "the budget moved by exactly the 300万 paid on the voucher, no more" "$((b0 - 300000000))" "$(bal $BUDGET)"
req POST /api/v1/vouchers/V1/redeem -H "$(as pat)" -H 'Idempotency-Key: r-5' "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"B5","bill":"-1"}'
check_eq "a negative bill: 422 naming bill" "422 bill" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/vouchers/settle -H "$(as olga)" -H 'Idempotency-Key: s-olga' "${J[@]}" --data-binary '{"programme":"chengdu-2024"}'
check_eq "settle by an officer out of scope: 403" 403 "$(status)"
check_eq "... and the provider was paid nothing" none-or-0 "$(c=$(bal provider/cd-super/cash); [ "$c" = none ] || [ "$c" = 0 ] && echo none-or-0 || echo "$c")"
req POST /api/v1/vouchers/settle -H "$(as oscar)" -H 'Idempotency-Key: s-1' "${J[@]}" --data-binary '{"programme":"chengdu-2024","provider":"cd-super"}'
check_eq "settle in scope: 200, 300万 to one provider, nothing pending" "200 300000000 1 0" "$(status) $(jq_body 'str(d["settled_fen"])+" "+str(d["providers"])+" "+str(len(d["pending"]))')"
check_eq "the provider's cash got exactly the 300万 the budget paid" "300000000 0" "$(bal provider/cd-super/cash) $(bal payable/chengdu-2024/provider/cd-super)"
req POST /api/v1/vouchers/settle -H "$(as oscar)" -H 'Idempotency-Key: s-1' "${J[@]}" --data-binary '{"programme":"chengdu-2024","provider":"cd-super"}'
check_eq "the settle replay: Idempotency-Hit, nothing moves again" "200 true 300000000" "$(status) $(header Idempotency-Hit) $(bal provider/cd-super/cash)"
req POST /api/v1/vouchers/settle -H "$(as oscar)" -H 'Idempotency-Key: s-2' "${J[@]}" --data-binary '{"programme":"chengdu-2024"}'
check_eq "settling again: nothing owed, 0" "200 0" "$(status) $(jq_body 'str(d["settled_fen"])')"

# ---- vouchers: the list, per role ----
hs voucher issue --id V2 --policy "$CV" --firm $F2 --face 10万 --expires 2024-12-31 --input sector=vision >/dev/null ||
  fail "voucher issue V2" "the CLI refused"
ids() { jq_body '",".join(v["id"] for v in d["items"])'; }
req GET /api/v1/vouchers -H "$(as oscar)"
check_eq "GET /vouchers as the officer in scope: both" "200 V1,V2" "$(status) $(ids)"
req GET /api/v1/vouchers -H "$(as olga)"
check_eq "an officer of another programme: none" "200 " "$(status) $(ids)"
req GET /api/v1/vouchers -H "$(as ed)"
check_eq "an enterprise: its own firm's only" "200 V1" "$(status) $(ids)"
req GET /api/v1/vouchers -H "$(as pat)"
check_eq "a provider: those presented to it" "200 V1" "$(status) $(ids)"
req GET /api/v1/vouchers -H "$(as pete)"
check_eq "another provider: none" "200 " "$(status) $(ids)"
req GET '/api/v1/vouchers?limit=1&status=issued' -H "$(as audrey)"
check_eq "an auditor, ?status=issued&limit=1: V2 (V1 is exhausted), no more" "200 V2 None" "$(status) $(ids) $(jq_body 'str(d["next_cursor"])')"
req GET '/api/v1/vouchers?status=bogus' -H "$(as audrey)"
check_eq "an unknown status: 400 naming it" "400 status" "$(status) $(jq_body 'd["error"]["field"]')"
req GET /api/v1/vouchers -H "$(as ann)"
check_eq "an analyst sees no firm-level vouchers: 403" 403 "$(status)"

# ---- settle under maker-checker: 202 with the pending approval, nothing paid ----
hs programme create chengdu-2024 --title-zh 成都算力券 --title-en "Chengdu compute vouchers" --approval-threshold 0 >/dev/null
req POST /api/v1/vouchers/V2/redeem -H "$(as pat)" -H 'Idempotency-Key: r-v2' "${J[@]}" --data-binary '{"provider":"cd-super","bill_id":"C1","bill_fen":1000000}'
check_eq "redeem V2: 30% of 1万" "200 300000" "$(status) $(jq_body 'str(d["paid_fen"])')"
req POST /api/v1/vouchers/settle -H "$(as oscar)" -H 'Idempotency-Key: s-3' "${J[@]}" --data-binary '{"programme":"chengdu-2024"}'
check_eq "settle at a threshold of 0: 202, nothing settled, one pending voucher.settle" "202 0 voucher.settle" \
  "$(status) $(jq_body 'str(d["settled_fen"])') $(jq_body 'd["pending"][0]["action"]')"
check_eq "... and the provider's cash did not move" 300000000 "$(bal provider/cd-super/cash)"

# ---- a provider's redemptions and settlements ----
req GET /api/v1/providers/cd-super/redemptions -H "$(as pat)"
check_eq "GET /providers/cd-super/redemptions as the provider: its bills, settled or not" "200 B1:True,B3:True,C1:False" \
  "$(status) $(jq_body '",".join(r["bill_id"]+":"+str(r["settled"]) for r in d["items"])')"
req GET /api/v1/providers/cd-super/redemptions -H "$(as pete)"
check_eq "another provider: 403" 403 "$(status)"
req GET /api/v1/providers/cd-super/redemptions -H "$(as olga)"
check_eq "an officer of another programme: none" "200 0" "$(status) $(jq_body 'len(d["items"])')"
req GET '/api/v1/providers/cd-super/redemptions?limit=2' -H "$(as audrey)"
CUR=$(jq_body 'd["next_cursor"]')
req GET "/api/v1/providers/cd-super/redemptions?limit=2&cursor=$CUR" -H "$(as audrey)"
check_eq "an auditor, paged by 2: the second page holds the last bill" "200 C1 None" \
  "$(status) $(jq_body '",".join(r["bill_id"] for r in d["items"])+" "+str(d["next_cursor"])')"
check_rc "the book checks out" 0 hs check
