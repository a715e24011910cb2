#!/usr/bin/env bash
# server_funds.sh — the fund routes of `huoshui serve` over real HTTP (curl) against the real binary:
# a fund manager creates a mother fund and (by the mother's scope) a sub-fund, posts events one at
# a time and in batches (all or nothing), and every body is compared with what the CLI's --json
# prints for the same request — writes against a mirror book the CLI drives through the same
# steps, reads against the served book itself. Also: scope refusals (403, nothing moved), an
# analyst without LP and deal rows, Idempotency-Key required / replayed / reused, a refused event
# (409 with the CLI's code, nothing stored), cursor pages, ETag and 304.
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/funds.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-06-01
M=$E2E_TMP/mirror.db
cli() { "$HS" --book "$M" "$@"; }
F1=91510107MA6CM4R26W

hs init >/dev/null
cli init >/dev/null
hs fund create other --size 1亿 --gp gp-z --vintage 2024-01-02 >/dev/null
cli fund create other --size 1亿 --gp gp-z --vintage 2024-01-02 >/dev/null
add_user fm fund_manager --scope fund:m1
add_user fs fund_manager --scope fund:s1
add_user fx fund_manager --scope fund:other
add_user audrey auditor
add_user ann analyst
add_user oscar officer --scope programme:p1

FM=(-H "Authorization: Bearer ${TOKEN[fm]}" -H 'Content-Type: application/json')
FX=(-H "Authorization: Bearer ${TOKEN[fx]}" -H 'Content-Type: application/json')
start_server
check_eq "serve listens" "yes" "$(echo "$URL" | grep -qE '^http://127\.0\.0\.1:[0-9]+$' && echo yes || echo "no: '$URL'")"

# ---- create ----
MOTHER='{"id":"m1","size":"10亿","gp":"gp-a","vintage":"2024-01-02","fee":"2%","carry":"20%","reinvest":"1.2x","region":"成都"}'
req POST /api/v1/funds "${FX[@]}" --data-binary "$MOTHER"
check_eq "a manager out of scope may not create m1: 403 forbidden" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
check_eq "nothing stored for the refused create" "not_found" "$(cli_code fund show m1)"
req POST /api/v1/funds "${FM[@]}" --data-binary "$MOTHER"
check_eq "POST /funds by the manager holding fund:m1: 201 created" "201 created" "$(status) $(jq_body 'd["result"]')"
cp "$E2E_TMP/body" "$E2E_TMP/http_create"
cli fund create m1 --size 10亿 --gp gp-a --vintage 2024-01-02 --fee 2% --carry 20% --reinvest 1.2x --region 成都 --json >"$E2E_TMP/cli_create"
check_eq "the create body is what fund create --json prints" "same" "$(same_json "$E2E_TMP/cli_create" "$E2E_TMP/http_create")"
req POST /api/v1/funds "${FM[@]}" --data-binary "$MOTHER"
check_eq "the same terms again: 200 exists" "200 exists" "$(status) $(jq_body 'd["result"]')"
req POST /api/v1/funds "${FM[@]}" --data-binary '{"id":"m1","size":"11亿","gp":"gp-a"}'
check_eq "other terms for m1: 422 state_conflict" "422 state_conflict" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/funds "${FM[@]}" --data-binary '{"id":"m2","size":"1亿","gp":"gp-a","colour":"red"}'
check_eq "an unknown field: 400 unknown_field colour" "400 unknown_field colour" "$(status) $(jq_body 'd["error"]["code"]') $(jq_body 'd["error"]["field"]')"
req POST /api/v1/funds "${FM[@]}" --data-binary '{"id":"m1","size":"10亿","gp":"gp-a","fee":"lots"}'
check_eq "a bad rate: 422 invalid_field fee" "422 invalid_field fee" "$(status) $(jq_body 'd["error"]["code"]') $(jq_body 'd["error"]["field"]')"
SUB='{"id":"s1","size":"2亿","gp":"gp-b","parent":"m1","vintage":"2024-02-01"}'
req POST /api/v1/funds "${FX[@]}" --data-binary "$SUB"
check_eq "a sub-fund of m1 by a manager of another fund: 403" "403" "$(status)"
req POST /api/v1/funds "${FM[@]}" --data-binary "$SUB"
check_eq "the mother's manager creates the sub-fund s1 (scope fund:m1 covers it): 201" "201 s1" "$(status) $(jq_body 'd["fund"]')"
cli fund create s1 --size 2亿 --gp gp-b --parent m1 --vintage 2024-02-01 >/dev/null

# ---- events ----
COMMIT='{"kind":"commit","lp":"acme","type":"corporate","amount":"5亿","date":"2024-01-03"}'
req POST /api/v1/funds/m1/events "${FM[@]}" --data-binary "$COMMIT"
check_eq "an event without Idempotency-Key: 400 idempotency_key_required" "400 idempotency_key_required" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/funds/m1/events "${FX[@]}" -H 'Idempotency-Key: x-1' --data-binary "$COMMIT"
check_eq "another fund's manager posting to m1: 403 forbidden" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/funds/m1/events -H "$(as audrey)" -H 'Content-Type: application/json' -H 'Idempotency-Key: a-1' --data-binary "$COMMIT"
check_eq "an auditor writes nothing: 403" "403" "$(status)"
check_eq "nothing committed by the refused events" "0" "$(hs fund show m1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["committed_fen"])')"
req POST /api/v1/funds/m1/events "${FM[@]}" -H 'Idempotency-Key: c-1' --data-binary "$COMMIT"
check_eq "commit 5亿: 200 applied" "200 applied" "$(status) $(jq_body 'd["result"]')"
cp "$E2E_TMP/body" "$E2E_TMP/c1"
cli fund commit m1 --lp acme --type corporate --amount 5亿 --date 2024-01-03 --json >"$E2E_TMP/cli_c1"
check_eq "the event body is what fund commit --json prints" "same" "$(same_json "$E2E_TMP/cli_c1" "$E2E_TMP/c1")"
req POST /api/v1/funds/m1/events "${FM[@]}" -H 'Idempotency-Key: c-1' --data-binary "$COMMIT"
check_eq "the replay: 200, Idempotency-Hit: true, the same body" "200 true same" "$(status) $(header Idempotency-Hit) $(same_json "$E2E_TMP/c1" "$E2E_TMP/body")"
req POST /api/v1/funds/m1/events "${FM[@]}" -H 'Idempotency-Key: c-1' --data-binary '{"kind":"commit","lp":"acme","type":"corporate","amount":"6亿"}'
check_eq "the same key with another body: 409 idempotency_key_reused" "409 idempotency_key_reused" "$(status) $(jq_body 'd["error"]["code"]')"
check_eq "committed once: 5亿" "50000000000" "$(hs fund show m1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["committed_fen"])')"
req POST /api/v1/funds/m1/events "${FM[@]}" -H 'Idempotency-Key: bad-1' --data-binary '{"kind":"call","fund":"s1","amount":"1亿"}'
check_eq "an event naming another fund than the path's: 422 invalid_field fund" "422 invalid_field fund" "$(status) $(jq_body 'd["error"]["code"]') $(jq_body 'd["error"]["field"]')"
req POST /api/v1/funds/m1/events "${FM[@]}" -H 'Idempotency-Key: bad-2' --data-binary '{"kind":"call","amount":"1亿","colour":"red"}'
check_eq "an event with an unknown field: 400 unknown_field" "400 unknown_field" "$(status) $(jq_body 'd["error"]["code"]')"

CALL='{"kind":"call","amount":"1亿","date":"2024-02-01"}'
INVEST="{\"kind\":\"invest\",\"deal\":\"d1\",\"amount\":\"5000万\",\"firm\":\"$F1\",\"sector\":\"ai\",\"stage\":\"A\",\"city\":\"成都\",\"date\":\"2024-03-01\"}"
req POST /api/v1/funds/m1/events "${FM[@]}" -H 'Idempotency-Key: b-1' --data-binary "{\"events\":[$CALL,$INVEST]}"
check_eq "a batch of two events: 200, 2 applied" "200 2 2 0" "$(status) $(jq_body 'd["events"]') $(jq_body 'd["applied"]') $(jq_body 'd["existed"]')"
cp "$E2E_TMP/body" "$E2E_TMP/b1"
printf '%s\n%s\n' "${CALL%\}},\"fund\":\"m1\"}" "${INVEST%\}},\"fund\":\"m1\"}" >"$E2E_TMP/batch.jsonl"
cli fund events --batch "$E2E_TMP/batch.jsonl" --json >"$E2E_TMP/cli_b1"
check_eq "the batch body is what fund events --batch --json prints" "same" "$(same_json "$E2E_TMP/cli_b1" "$E2E_TMP/b1")"
CASH=$(bal fund/m1/cash)
check_eq "m1's cash: called 1亿 less invested 5000万" "5000000000" "$CASH"
req POST /api/v1/funds/m1/events "${FM[@]}" -H 'Idempotency-Key: d-1' --data-binary '{"kind":"distribute","amount":"9亿"}'
check_eq "distributing more than the cash: 409" "409" "$(status)"
CODE_HTTP=$(jq_body 'd["error"]["code"]')
check_eq "the CLI refuses with the same code" "exceeds_credits $CODE_HTTP" "exceeds_credits $(cli_code fund distribute m1 --amount 9亿)"
check_eq "the refused distribution moved nothing" "$CASH" "$(bal fund/m1/cash)"
req POST /api/v1/funds/m1/events "${FM[@]}" -H 'Idempotency-Key: d-1' --data-binary '{"kind":"mark","deal":"d1","value":"8000万"}'
check_eq "the refused request stored no key: the key is free for another body" "200 applied" "$(status) $(jq_body 'd["result"]')"
cli fund mark m1 --deal d1 --value 8000万 >/dev/null
req POST /api/v1/funds/m1/events "${FM[@]}" -H 'Idempotency-Key: b-2' --data-binary '{"events":[{"kind":"fee","days":30,"date":"2024-04-01"},{"kind":"distribute","amount":"9亿"}]}'
check_eq "a batch whose second event is refused: 409, naming it" "409 True" "$(status) $(jq_body '"events[1]" in d["error"]["message"]')"
check_eq "nothing of the refused batch applied (no fee paid)" "$CASH" "$(bal fund/m1/cash)"

# ---- reads: bodies equal to the CLI's on the served book ----
req GET /api/v1/funds/m1 -H "$(as fm)"
check_eq "GET /funds/m1 as its manager: 200" "200" "$(status)"
hs fund show m1 --json >"$E2E_TMP/cli_show"
check_eq "the fund body is what fund show --json prints" "same" "$(same_json "$E2E_TMP/cli_show" "$E2E_TMP/body")"
ETAG=$(header ETag)
req GET /api/v1/funds/m1 -H "$(as fm)" -H "If-None-Match: $ETAG"
check_eq "If-None-Match with the ETag: 304" "304" "$(status)"
req GET "/api/v1/funds/m1?as_of=2025-12-31" -H "$(as audrey)"
hs fund show m1 --as-of 2025-12-31 --json >"$E2E_TMP/cli_show_asof"
check_eq "as_of: the body of fund show --as-of" "200 same" "$(status) $(same_json "$E2E_TMP/cli_show_asof" "$E2E_TMP/body")"
req GET /api/v1/funds/m1 -H "$(as ann)"
check_eq "an analyst sees the figures without LP and deal rows" "200 False False 50000000000" "$(status) $(jq_body '"lps" in d') $(jq_body '"deals_list" in d') $(jq_body 'd["committed_fen"]')"
req GET /api/v1/funds/m1 -H "$(as fx)"
check_eq "a manager of another fund: 403" "403" "$(status)"
req GET /api/v1/funds/m1 -H "$(as fs)"
check_eq "the sub-fund's manager may not read the mother: 403" "403" "$(status)"
req GET /api/v1/funds/s1 -H "$(as fm)"
check_eq "the mother's manager reads the sub-fund" "200 s1" "$(status) $(jq_body 'd["fund"]')"
req GET /api/v1/funds/m1 -H "$(as oscar)"
check_eq "an officer gets no fund route: 403" "403" "$(status)"
req GET "/api/v1/funds/m1?as_of=2024-01-01" -H "$(as audrey)"
check_eq "as_of before the fund's last event: refused naming as_of, not today's figures under that date" "400 as_of" \
  "$(status) $(jq_body 'd["error"]["field"]')"
check_rc "... and fund show --as-of before it: exit 2" 2 hs fund show m1 --as-of 2024-01-01
req GET "/api/v1/funds/m1?as_of=soon" -H "$(as fm)"
check_eq "a bad as_of: 422 invalid_field as_of" "422 as_of" "$(status) $(jq_body 'd["error"]["field"]')"
req GET /api/v1/funds/nope -H "$(as audrey)"
check_eq "an unknown fund: 404" "404" "$(status)"

req GET /api/v1/funds -H "$(as fm)"
check_eq "GET /funds as m1's manager: m1 and its sub-fund" "200 m1,s1" "$(status) $(jq_body '",".join(f["fund"] for f in d["items"])')"
req GET /api/v1/funds -H "$(as fs)"
check_eq "GET /funds as s1's manager: s1 only" "s1" "$(jq_body '",".join(f["fund"] for f in d["items"])')"
req GET "/api/v1/funds?limit=2" -H "$(as audrey)"
check_eq "the auditor's first page of 2, with a cursor" "m1,other True" "$(jq_body '",".join(f["fund"] for f in d["items"])') $(jq_body 'd["next_cursor"] is not None')"
CUR=$(jq_body 'd["next_cursor"]')
req GET "/api/v1/funds?limit=2&cursor=$CUR" -H "$(as audrey)"
check_eq "the next page: s1, the last" "s1 None" "$(jq_body '",".join(f["fund"] for f in d["items"])') $(jq_body 'd["next_cursor"]')"
req GET /api/v1/funds -H "$(as ann)"
check_eq "an analyst lists every fund's figures, no LP rows" "3 False" "$(jq_body 'len(d["items"])') $(jq_body 'any("lps" in f for f in d["items"])')"

req GET "/api/v1/funds/m1/report?by=sector" -H "$(as fm)"
hs fund report m1 --by sector --json >"$E2E_TMP/cli_report"
check_eq "the report body is what fund report --by sector --json prints" "200 same" "$(status) $(same_json "$E2E_TMP/cli_report" "$E2E_TMP/body")"
check_eq "the report has NAV, IRR, TVPI, DPI, 返投 and leverage" "True" "$(jq_body 'all(k in d for k in ("nav_fen","irr","tvpi","dpi","reinvestment","leverage"))')"
req GET /api/v1/funds/m1/report -H "$(as fs)"
check_eq "the tree of m1 to s1's manager: 403" "403" "$(status)"
req GET "/api/v1/funds/m1/report?by=colour" -H "$(as fm)"
check_eq "a bad by: 422" "422 by" "$(status) $(jq_body 'd["error"]["field"]')"

req GET /api/v1/funds/m1/check -H "$(as audrey)"
hs fund check m1 --json >"$E2E_TMP/cli_check"
check_eq "the check body is what fund check --json prints" "200 same True" "$(status) $(same_json "$E2E_TMP/cli_check" "$E2E_TMP/body") $(jq_body 'd["ok"]')"

req GET /api/v1/funds/m1/projection -H "$(as fm)"
hs fund project m1 --json >"$E2E_TMP/cli_proj"
check_eq "the projection is what fund project m1 --json prints" "200 same" "$(status) $(same_json "$E2E_TMP/cli_proj" "$E2E_TMP/body")"
req GET "/api/v1/funds/m1/projection?rc=0.3,0.4&growth=10%25&bow=2&life=12" -H "$(as ann)"
hs fund project m1 --rc 0.3,0.4 --growth 10% --bow 2 --life 12 --json >"$E2E_TMP/cli_proj2"
check_eq "with the model's parameters: the same as the CLI's flags" "200 same" "$(status) $(same_json "$E2E_TMP/cli_proj2" "$E2E_TMP/body")"
req GET "/api/v1/funds/m1/projection?growth=fast" -H "$(as fm)"
check_eq "a bad growth: 422 invalid_field growth" "422 growth" "$(status) $(jq_body 'd["error"]["field"]')"
req GET /api/v1/funds/s1/projection -H "$(as fm)"
check_eq "a fund without commitments cannot be projected: the CLI's code" "422 $(cli_code fund project s1)" "$(status) $(jq_body 'd["error"]["code"]')"

# ---- a fund's accounts: the mother's manager reads its sub-funds' too ----
hs balance --json | python3 -c 'import json,sys; print("\n".join(a["account"] for a in json.load(sys.stdin) if a["account"].startswith("fund/s1/")))' >"$E2E_TMP/s1_accounts"
S1ACC=$(head -1 "$E2E_TMP/s1_accounts" | python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.stdin.read().strip(), safe=""))')
if [ -n "$S1ACC" ]; then
  req GET "/api/v1/accounts/$S1ACC/history" -H "$(as fm)"
  check_eq "the mother fund's manager reads a sub-fund's account history (scope fund:m1 covers s1)" 200 "$(status)"
  req GET "/api/v1/accounts/$S1ACC" -H "$(as fs)"
  check_eq "the sub-fund's own manager reads it" 200 "$(status)"
  req GET "/api/v1/accounts/$S1ACC" -H "$(as fx)"
  check_eq "another fund's manager may not: 403" 403 "$(status)"
  req GET "/api/v1/accounts?prefix=fund%2Fs1" -H "$(as fm)"
  check_eq "the account list shows the mother's manager the sub-fund's accounts" "200 $(wc -l <"$E2E_TMP/s1_accounts")" \
    "$(status) $(jq_body 'len([i for i in d["items"] if i["account"].startswith("fund/s1/")])')"
else
  fail "sub-fund accounts" "the book holds no fund/s1/ account"
fi

stop_server
check_eq "serve exits 0 on SIGTERM" 0 $?
check_rc "the book is sound after it all" 0 "$HS" --book "$B" check
check_rc "the fund tables agree with the ledger" 0 "$HS" --book "$B" fund check
