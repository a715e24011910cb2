#!/usr/bin/env bash
# server_policy_eval.sh — policy test, eval, explain and the matcher of `huoshui serve` over real
# HTTP (curl) against the real binary, on the shipped policies named by id: a policy's own test
# cases pass; eval over given firms and over the registry (imported from a CSV) is what `policy
# eval --json` prints, what-if params change the total; explain names the failing clause and
# reads the firm's registry record under typed inputs; the matcher for an enterprise's own firm
# is what `firm match --json` prints (403 for another firm); analysts get the registry's firms
# only as totals and explain only from inputs; bad dates, unknown fields and oversized bodies are
# refused naming the field; nothing is stored.
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/eval.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-06-01
D=${HUOSHUI_DATA:-.}
NP=$D/policies/chengdu-national-platform.policy
F1=914403001922038216 # 华为: national_engineering_center yes, sector chips (tests/data/firms-good.csv)
F2=91510107MA6CM4R22G # Sichuan Vision Robotics: national_lab yes, sector vision
NOFIRM=91510100MA6CA00016 # a valid code the registry lacks

hs init >/dev/null
hs firm import "$D/tests/data/firms-good.csv" >/dev/null
add_user oscar officer --scope programme:chengdu-2024
add_user rita reviewer --scope programme:chengdu-2024
add_user audrey auditor
add_user ann analyst
add_user ed enterprise --scope firm:$F1
add_user bart bank --scope bank:icbc
start_server
check_eq "serve listens" "yes" "$(echo "$URL" | grep -qE '^http://127\.0\.0\.1:[0-9]+$' && echo yes || echo "no: '$URL'")"
audit_before=$(hs audit log --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')

# ---- test ----
req_as POST /api/v1/policies/chengdu.national_platform/test oscar "${J[@]}" --data-binary '{}'
check_eq "POST /policies/{id}/test: 200, every case passes" "200 chengdu.national_platform 2024.1 5 0" \
  "$(status) $(jq_body 'd["policy"]+" "+d["version"]+" "+str(d["passed"])+" "+str(d["failed"])')"
cp "$E2E_TMP/body" "$E2E_TMP/test_http"
hs policy test "$NP" --json >"$E2E_TMP/test_cli"
check_eq "its cases are what policy test --json lists (without the file)" "same" \
  "$(python3 -c 'import json,sys; a=[{k:v for k,v in r.items() if k!="file"} for r in json.load(open(sys.argv[1]))["results"]]; b=json.load(open(sys.argv[2]))["results"]; print("same" if a==b else f"{a} != {b}")' "$E2E_TMP/test_cli" "$E2E_TMP/test_http")"
req_as POST /api/v1/policies/chengdu.national_platform@2024.1/test ann "${J[@]}" --data-binary '{}'
check_eq "an analyst tests a version by ID@VERSION" "200 5" "$(status) $(jq_body 'd["passed"]')"
req_as POST /api/v1/policies/no.such_policy/test oscar "${J[@]}" --data-binary '{}'
check_eq "an unknown policy: 404 naming id" "404 not_found id" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
req_as POST "/api/v1/policies/..%2Fetc/test" oscar "${J[@]}" --data-binary '{}'
check_eq "an id that is no policy id: 400" "400" "$(status)"
req_as POST /api/v1/policies/chengdu.national_platform/test oscar "${J[@]}" --data-binary '{"file":"x"}'
check_eq "test: an unknown field 400" "400 unknown_field file" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/test bart "${J[@]}" --data-binary '{}'
check_eq "a bank may not test policies: 403" "403" "$(status)"

# ---- eval over given firms ----
FIRMS='[{"uscc":"A1","national_lab":true,"newly_approved":"true","sector":"nlp","construction_spend":"400万"},{"uscc":"A2","national_lab":"true","newly_approved":true,"sector":"other","construction_spend":"1000万"},{"uscc":"A3","national_engineering_center":"true","newly_approved":"true","sector":"vision","construction_spend":"2000万"}]'
printf 'uscc,national_lab,national_engineering_center,newly_approved,sector,construction_spend\nA1,true,,true,nlp,400万\nA2,true,,true,other,1000万\nA3,,true,true,vision,2000万\n' >"$E2E_TMP/firms.csv"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firms\":$FIRMS}"
check_eq "eval over given firms: 200, 2 of 3 eligible, 500万" "200 2 5000000.00" "$(status) $(jq_body 'd["eligible"]') $(jq_body 'd["total"]')"
cp "$E2E_TMP/body" "$E2E_TMP/eval_http"
hs policy eval "$NP" --on 2024-06-01 --firms "$E2E_TMP/firms.csv" --json >"$E2E_TMP/eval_cli"
check_eq "the body is what policy eval --json prints for the same firms" "same" "$(same_json "$E2E_TMP/eval_cli" "$E2E_TMP/eval_http")"
check_eq "the refused firm says which clause" "rule 'in_ai' (clause: 人工智能领域) not met" "$(jq_body 'd["firms"][1]["reason"]')"
req_as POST /api/v1/policies/chengdu.national_platform/eval rita "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firms\":$FIRMS,\"params\":{\"cap\":\"100万\",\"share\":\"25%\"}}"
check_eq "what-if params change the total: 100万 + 100万" "200 2000000.00" "$(status) $(jq_body 'd["total"]')"
hs policy eval "$NP" --on 2024-06-01 --firms "$E2E_TMP/firms.csv" --param cap=100万 --param share=25% --json >"$E2E_TMP/eval_cli"
cp "$E2E_TMP/body" "$E2E_TMP/eval_http"
check_eq "and equal the CLI's --param what-if" "same" "$(same_json "$E2E_TMP/eval_cli" "$E2E_TMP/eval_http")"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firms\":$FIRMS,\"params\":{\"cap\":\"lots\"}}"
check_eq "a bad what-if value: 422 naming params" "422 params" "$(status) $(jq_body 'd["error"]["field"]')"
check_contains "the message names the parameter" "parameter 'cap'" "$E2E_TMP/body"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firms\":$FIRMS,\"params\":{\"nope\":\"1\"}}"
check_eq "an unknown parameter: 422" "422 params" "$(status) $(jq_body 'd["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary '{"on":"2024-06-01","firms":[{"uscc":"A1","colour":"red"}]}'
check_eq "a firm with an input the policy lacks: 422 naming firms" "422 firms" "$(status) $(jq_body 'd["error"]["field"]')"
check_contains "the message names the row" "firms[0]" "$E2E_TMP/body"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary '{"on":"2024-06-01","firms":[{"sector":"nlp"}]}'
check_eq "a firm without uscc: 422" "422 firms" "$(status) $(jq_body 'd["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary '{"on":"2024-06-01","firms":{"uscc":"A1"}}'
check_eq "firms must be an array: 422" "422 firms" "$(status) $(jq_body 'd["error"]["field"]')"
python3 -c 'import sys; sys.stdout.write("{\"on\":\"2024-06-01\",\"firms\":[" + ",".join("{\"uscc\":\"A%d\",\"sector\":\"nlp\"}" % i for i in range(10001)) + "]}")' >"$E2E_TMP/big.json"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary "@$E2E_TMP/big.json"
check_eq "10,001 firms: 422 (at most 10,000)" "422 firms" "$(status) $(jq_body 'd["error"]["field"]')"
python3 -c 'import sys; sys.stdout.write("{\"on\":\"2024-06-01\",\"firms\":[{\"uscc\":\"A1\",\"sector\":\"" + "x"*300 + "\"}]}")' >"$E2E_TMP/long.json"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary "@$E2E_TMP/long.json"
check_eq "a 300-byte value: 422" "422 firms" "$(status) $(jq_body 'd["error"]["field"]')"

# ---- eval over the registry ----
req_as POST /api/v1/policies/chengdu.national_platform/eval audrey "${J[@]}" --data-binary '{"on":"2024-06-01"}'
check_eq "eval over the registry: 200, every registry firm" "200 6" "$(status) $(jq_body 'len(d["firms"])')"
cp "$E2E_TMP/body" "$E2E_TMP/eval_http"
hs firm export - | hs policy eval "$NP" --on 2024-06-01 --json >"$E2E_TMP/eval_cli"
check_eq "the body is what firm export | policy eval --json prints" "same" "$(same_json "$E2E_TMP/eval_cli" "$E2E_TMP/eval_http")"
req_as POST /api/v1/policies/chengdu.national_platform/eval audrey "${J[@]}" --data-binary '{"on":"2024-06-01","stats":true,"params":{"share":"10%"}}'
check_eq "stats over the registry: the totals without timings" "200 6 0 0 0.00 False" \
  "$(status) $(jq_body 'd["firms"]') $(jq_body 'd["eligible"]') $(jq_body 'd["errors"]') $(jq_body 'd["total"]') $(jq_body '"load_seconds" in d')"
req_as POST /api/v1/policies/chengdu.first_version_software/eval oscar "${J[@]}" --data-binary '{"on":"2024-06-01"}'
check_eq "a policy the registry holds no input for: 422 naming the firm" "422" "$(status)"
check_contains "and the input" "input 'role'" "$E2E_TMP/body"

# ---- analysts: aggregates only over the registry ----
req_as POST /api/v1/policies/chengdu.national_platform/eval ann "${J[@]}" --data-binary '{"on":"2024-06-01"}'
check_eq "an analyst without stats over the registry: 403 forbidden stats" "403 forbidden stats" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/eval ann "${J[@]}" --data-binary '{"on":"2024-06-01","stats":false}'
check_eq "stats false is refused the same way" "403" "$(status)"
req_as POST /api/v1/policies/chengdu.national_platform/eval ann "${J[@]}" --data-binary '{"on":"2024-06-01","stats":true}'
check_eq "an analyst with stats: the totals, no firm rows" "200 6 False" "$(status) $(jq_body 'd["firms"]') $(jq_body '"policy" in d')"
req_as POST /api/v1/policies/chengdu.national_platform/eval ann "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firms\":$FIRMS}"
check_eq "an analyst's own firms: row by row" "200 3" "$(status) $(jq_body 'len(d["firms"])')"
req_as POST /api/v1/policies/chengdu.national_platform/eval ed "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firms\":$FIRMS}"
check_eq "an enterprise may not eval: 403" "403" "$(status)"

# ---- bad input ----
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary '{"on":"2024-13-01"}'
check_eq "a bad date: 422 naming on" "422 invalid_field on" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary '{}'
check_eq "no date: 422 naming on" "422 on" "$(status) $(jq_body 'd["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary '{"on":"2024-06-01","threads":4}'
check_eq "an unknown field: 400 unknown_field" "400 unknown_field threads" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary '{"on":"2024-06-01","stats":"yes"}'
check_eq "stats must be a boolean: 422" "422 stats" "$(status) $(jq_body 'd["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/eval oscar "${J[@]}" --data-binary '{"on":"2024-06-01"'
check_eq "malformed JSON: 400 invalid_json" "400 invalid_json" "$(status) $(jq_body 'd["error"]["code"]')"

# ---- explain ----
req_as POST /api/v1/policies/chengdu.national_platform/explain oscar "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firm\":\"$F1\"}"
check_eq "explain the registry record: 200, not eligible" "200 $F1 False" "$(status) $(jq_body 'd["uscc"]') $(jq_body 'd["eligible"]')"
check_eq "it names the failing clause" "rule 'new_platform' (clause: 新获批) not met" "$(jq_body 'd["reason"]')"
check_eq "and marks that rule failed at its line" "new_platform False 25" \
  "$(jq_body '" ".join(str(x) for i in d["items"] if i["kind"]=="rule" and not i["passed"] for x in (i["label"], i["passed"], i["line"]))')"
req_as POST /api/v1/policies/chengdu.national_platform/explain oscar "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firm\":\"$F1\",\"inputs\":{\"newly_approved\":\"true\",\"construction_spend\":\"400万\"}}"
check_eq "inputs typed over the record: eligible, 200万" "200 True 200000000" "$(status) $(jq_body 'd["eligible"]') $(jq_body 'd["amount_fen"]')"
cp "$E2E_TMP/body" "$E2E_TMP/explain_http"
hs policy explain "$NP" --firm $F1 --on 2024-06-01 --set national_engineering_center=true --set sector=chips \
  --set newly_approved=true --set construction_spend=400万 --json >"$E2E_TMP/explain_cli"
check_eq "the decision is what policy explain --json says with the record's values typed" "same" \
  "$(python3 -c 'import json,sys; ks=("uscc","on","eligible","amount","amount_fen","reason"); a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); print("same" if all(a[k]==b[k] for k in ks) else f"{a} != {b}")' "$E2E_TMP/explain_cli" "$E2E_TMP/explain_http")"
req_as POST /api/v1/policies/chengdu.national_platform/explain oscar "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firm\":\"$F1\",\"inputs\":{\"newly_approved\":\"true\",\"construction_spend\":\"400万\"},\"params\":{\"cap\":\"50万\"}}"
check_eq "explain with what-if params" "200 50000000" "$(status) $(jq_body 'd["amount_fen"]')"
req_as POST /api/v1/policies/chengdu.national_platform/explain oscar "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firm\":\"$NOFIRM\"}"
check_eq "a firm the registry lacks, no inputs: 404 naming firm" "404 firm" "$(status) $(jq_body 'd["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/explain oscar "${J[@]}" --data-binary '{"on":"2024-06-01","firm":"BAD"}'
check_eq "a malformed credit code: 422 naming firm" "422 firm" "$(status) $(jq_body 'd["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/explain oscar "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firm\":\"$F1\",\"inputs\":{\"colour\":\"red\"}}"
check_eq "an input the policy lacks: 422 naming inputs" "422 inputs" "$(status) $(jq_body 'd["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/explain ed "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firm\":\"$F1\"}"
check_eq "an enterprise explains its own firm" "200 $F1" "$(status) $(jq_body 'd["uscc"]')"
req_as POST /api/v1/policies/chengdu.national_platform/explain ed "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firm\":\"$F2\"}"
check_eq "an enterprise may not explain another firm: 403 naming firm" "403 forbidden firm" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/explain ann "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firm\":\"$F1\"}"
check_eq "an analyst without inputs: 403 naming inputs" "403 forbidden inputs" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/explain ann "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firm\":\"$F1\",\"inputs\":{\"newly_approved\":\"true\",\"sector\":\"chips\"}}"
check_eq "an analyst's inputs alone (the registry's national centre is not read): not eligible" "200 False rule 'national_platform' (clause: 国家重点实验室或国家工程研究中心) not met" \
  "$(status) $(jq_body 'd["eligible"]') $(jq_body 'd["reason"]')"
req_as POST /api/v1/policies/chengdu.national_platform/explain bart "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firm\":\"$F1\"}"
check_eq "a bank may not explain: 403" "403" "$(status)"
req_as POST /api/v1/policies/chengdu.national_platform/explain oscar "${J[@]}" --data-binary "{\"on\":\"June\",\"firm\":\"$F1\"}"
check_eq "explain: a bad date 422" "422 on" "$(status) $(jq_body 'd["error"]["field"]')"
req_as POST /api/v1/policies/chengdu.national_platform/explain oscar "${J[@]}" --data-binary "{\"on\":\"2024-06-01\",\"firm\":\"$F1\",\"set\":{}}"
check_eq "explain: an unknown field 400" "400 unknown_field set" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"

# ---- the matcher ----
req_as GET "/api/v1/firms/$F1/matches?on=2024-06-01" ed
check_eq "the matcher for an enterprise's own firm: 200" "200 $F1 华为技术有限公司 2024-06-01" "$(status) $(jq_body 'd["firm"]+" "+d["name"]+" "+d["on"]')"
cp "$E2E_TMP/body" "$E2E_TMP/match_http"
etag=$(header ETag)
hs firm match $F1 --on 2024-06-01 --json >"$E2E_TMP/match_cli"
check_eq "the body is what firm match --json prints" "same" "$(same_json "$E2E_TMP/match_cli" "$E2E_TMP/match_http")"
check_eq "the national platform policy says why not: the failing rule, clause and line" "new_platform|clause: 新获批|25" \
  "$(jq_body '"|".join(str(f[k]) for m in d["matches"] if m["policy"]=="chengdu.national_platform" for f in m["failed"] for k in ("rule","clause","line"))')"
check_eq "only policies in force on the date (the Suzhou chip policy starts 2024-07-01)" "False" \
  "$(jq_body 'any(m["policy"]=="suzhou.ai_chip" for m in d["matches"])')"
check_eq "sorted: eligible first, then amount, then label" "True" \
  "$(jq_body '[(not m["eligible"], -m["amount_fen"], m["label"]) for m in d["matches"]] == sorted((not m["eligible"], -m["amount_fen"], m["label"]) for m in d["matches"])')"
req_as GET "/api/v1/firms/$F1/matches?on=2024-06-01" ed -H "If-None-Match: $etag"
check_eq "If-None-Match with its ETag: 304" "304" "$(status)"
req_as GET "/api/v1/firms/$F1/matches?on=2024-08-01" oscar
check_eq "an officer, a later date: the Suzhou chip policy is in force" "200 True" "$(status) $(jq_body 'any(m["policy"]=="suzhou.ai_chip" for m in d["matches"])')"
req_as GET "/api/v1/firms/$F1/matches" audrey
check_eq "without ?on: today (HUOSHUI_TODAY)" "200 2024-06-01" "$(status) $(jq_body 'd["on"]')"
req_as GET "/api/v1/firms/$F2/matches" ed
check_eq "an enterprise may not match another firm: 403" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
req_as GET "/api/v1/firms/$NOFIRM/matches" rita
check_eq "a firm the registry lacks: 404 naming uscc" "404 not_found uscc" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
req_as GET "/api/v1/firms/BAD/matches" oscar
check_eq "a malformed credit code: 400 naming uscc" "400 invalid_field uscc" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
req_as GET "/api/v1/firms/$F1/matches?on=2024-02-30" oscar
check_eq "a bad date: 422 naming on" "422 on" "$(status) $(jq_body 'd["error"]["field"]')"
for who in ann bart; do
  req_as GET "/api/v1/firms/$F1/matches" $who
  check_eq "the matcher refuses $who: 403" "403" "$(status)"
done

# ---- reads only ----
check_eq "nothing was audited (no state changed)" "$audit_before" "$(hs audit log --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
check_eq "no policy text was stored (kept only at a decision's first use)" "0" "$(hs policy history --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"

stop_server; rc=$?
check_eq "SIGTERM: exit 0" 0 "$rc"
check_rc "check" 0 hs check
