#!/usr/bin/env bash
# server_projections.sh — programme design over real HTTP (curl) against the real binary: the
# targets report (report targets --json's array; CSV and Excel downloads; analysts every
# programme's, officers their own) and the Monte Carlo projection (POST /projections: the bytes of
# project run --json for the same seed, a what-if set changing the result, compare on common random
# numbers, the probabilities stored for the report unless store:false, bad sets named, caps and
# scopes refused, nothing written by a refused request).
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/proj.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-06-30
hs init >/dev/null
hs gen firms --n 200 --seed 7 --out "$E2E_TMP/f.csv" >/dev/null
hs firm import "$E2E_TMP/f.csv" >/dev/null
hs programme create chengdu-2024 --date 2024-01-01 >/dev/null
hs programme create other-2024 --date 2024-01-01 >/dev/null
hs programme fund chengdu-2024 --budget compute-voucher --amount 3270万 >/dev/null
hs target add --programme chengdu-2024 --id firms --indicator firms --value 260 --deadline 2026-12-31 --source test >/dev/null
hs target add --programme other-2024 --id firms2 --indicator firms --value 10 --deadline 2026-12-31 --source test >/dev/null
add_user ann analyst
add_user oscar officer --scope programme:chengdu-2024
add_user olga officer --scope programme:mianyang-2024
add_user ed enterprise --scope firm:91510107MA6CM4R20A
add_user audrey auditor
start_server

# ---- the targets report ----
req GET /api/v1/reports/targets -H "$(as ann)"
check_eq "GET /reports/targets as an analyst: every programme's, as report targets --json" "200 same" \
  "$(status) $(same_json <(hs report targets --json) "$E2E_TMP/body")"
req GET /api/v1/reports/targets -H "$(as oscar)"
check_eq "an officer: its programme's only" "200 firms" "$(status) $(jq_body '",".join(t["id"] for t in d)')"
req GET '/api/v1/reports/targets?programme=chengdu-2024&format=csv' -H "$(as ann)"
check_eq "?format=csv: a CSV download" "200 text/csv; charset=utf-8 yes" \
  "$(status) $(header Content-Type) $(grep -q 'firms' "$E2E_TMP/body" && echo yes || echo no)"
req GET '/api/v1/reports/targets?format=xlsx' -H "$(as ann)"
check_eq "?format=xlsx: an Excel file" "200 PK" "$(status) $(head -c 2 "$E2E_TMP/body")"
req GET '/api/v1/reports/targets?on=someday' -H "$(as ann)"
check_eq "a bad ?on=: 400 naming on" "400 on" "$(status) $(jq_body 'd["error"]["field"]')"
req GET /api/v1/reports/targets -H "$(as ed)"
check_eq "an enterprise may not: 403" 403 "$(status)"

# ---- the projection ----
P='{"programme":"chengdu-2024","years":3,"paths":200,"seed":5,"store":false}'
req POST /api/v1/projections -H "$(as ann)" "${J[@]}" --data-binary "$P"
cp "$E2E_TMP/body" "$E2E_TMP/http_run.json"
hs project run --programme chengdu-2024 --years 3 --paths 200 --seed 5 --no-store --json >"$E2E_TMP/cli_run.json"
check_eq "POST /projections as an analyst: 200, the bytes of project run --json for the same seed" "200 same" \
  "$(status) $(same_json "$E2E_TMP/cli_run.json" "$E2E_TMP/http_run.json")"
check_eq "store:false stored no probability" "None" \
  "$(hs report targets --programme chengdu-2024 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["probability"])')"
req POST /api/v1/projections -H "$(as ann)" "${J[@]}" --data-binary \
  '{"programme":"chengdu-2024","years":3,"paths":200,"seed":5,"store":false,"set":["chengdu.compute_voucher.share=10%"]}'
check_eq "a what-if set changes the result" "200 True" \
  "$(status) $(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); print(b["years_data"][0]["voucher_demand"]["p50"] < a["years_data"][0]["voucher_demand"]["p50"])' "$E2E_TMP/http_run.json" "$E2E_TMP/body")"
req POST /api/v1/projections -H "$(as ann)" "${J[@]}" --data-binary \
  '{"programme":"chengdu-2024","years":3,"paths":200,"seed":5,"compare":true,"set":["model.default_rate=50%"]}'
cp "$E2E_TMP/body" "$E2E_TMP/http_cmp.json"
hs project compare --programme chengdu-2024 --years 3 --paths 200 --seed 5 --set model.default_rate=50% --json >"$E2E_TMP/cli_cmp.json"
check_eq "compare:true: the bytes of project compare --json" "200 same" "$(status) $(same_json "$E2E_TMP/cli_cmp.json" "$E2E_TMP/http_cmp.json")"
req POST /api/v1/projections -H "$(as ann)" "${J[@]}" --data-binary '{"programme":"chengdu-2024","compare":true,"paths":10}'
check_eq "compare without a set: 422 naming set" "422 set" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/projections -H "$(as ann)" "${J[@]}" --data-binary '{"programme":"chengdu-2024","paths":10,"set":["model.nope=1"]}'
check_eq "an unknown model parameter: 422, named" "422 True" "$(status) $(jq_body '"nope" in d["error"]["message"]')"
req POST /api/v1/projections -H "$(as ann)" "${J[@]}" --data-binary '{"programme":"chengdu-2024","paths":10,"set":["model.fund_recycling.nofund=40%"]}'
check_eq "a per-fund set naming no fund of the programme: 422 naming set and the fund" "422 set True" "$(status) $(jq_body 'd["error"]["field"]') $(jq_body '"nofund" in d["error"]["message"]')"
check_eq "the run names each policy's city (the Chengdu voucher: 成都市)" "成都市" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([p["city"] for p in d["policies"] if p["id"] == "chengdu.compute_voucher"][0])' "$E2E_TMP/http_run.json")"
req POST /api/v1/projections -H "$(as ann)" "${J[@]}" --data-binary '{"programme":"chengdu-2024","paths":20001}'
check_eq "more paths than the cap: 422 naming paths" "422 paths" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/projections -H "$(as ann)" "${J[@]}" --data-binary '{"programme":"chengdu-2024","policy":"/etc/passwd"}'
check_eq "a policy file in the body: 400 unknown_field" "400 unknown_field" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/projections -H "$(as ann)" "${J[@]}" --data-binary '{"programme":"no-such-programme","paths":10}'
check_eq "a programme that does not exist: 404" 404 "$(status)"
req POST /api/v1/projections -H "$(as olga)" "${J[@]}" --data-binary '{"programme":"chengdu-2024","paths":10}'
check_eq "an officer of another programme: 403" 403 "$(status)"
req POST /api/v1/projections -H "$(as audrey)" "${J[@]}" --data-binary '{"programme":"chengdu-2024","paths":10}'
check_eq "an auditor writes nothing, so may not project (it stores): 403" 403 "$(status)"
check_eq "nothing refused stored a probability" "None" \
  "$(hs report targets --programme chengdu-2024 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["probability"])')"
req POST /api/v1/projections -H "$(as oscar)" "${J[@]}" --data-binary '{"programme":"chengdu-2024","years":3,"paths":200,"seed":9}'
check_eq "the programme's officer runs it: 200, the target projected" "200 True" "$(status) $(jq_body 'd["targets"][0]["probability"] is not None')"
req GET '/api/v1/reports/targets?programme=chengdu-2024' -H "$(as ann)"
check_eq "... and the report shows the stored probability and its paths" "200 True 200" \
  "$(status) $(jq_body 'd[0]["probability"] is not None') $(jq_body 'd[0]["probability_paths"]')"
stop_server
check_eq "SIGTERM: exit 0" 0 "$?"
check_rc "audit verify" 0 hs audit verify
