#!/usr/bin/env bash
# server_policies.sh — the policy routes of `huoshui serve` over real HTTP (curl) against the real
# binary: GET /policies and /policies/{id} return what `policy history --json` prints (redacted of
# first use for enterprises and analysts), 404 for a policy the book does not hold, 403 for a role
# not allowed; and the report downloads (csv, xlsx) with their headers, analysts refused by=firm.
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/pol.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-09-27
D=${HUOSHUI_DATA:-.}
FV=$D/policies/chengdu-first-version-software.policy
F1=914403001922038216

hs init >/dev/null
hs firm import "$D/tests/data/firms-good.csv" >/dev/null
hs programme create chengdu-2024 >/dev/null
hs subsidy apply --policy "$FV" --firm $F1 --id fv-1 --product soft-A --on 2024-06-01 \
  --input role=maker --input software_price=1000万 >/dev/null || fail "subsidy apply" "setup"
add_user oscar officer --scope programme:chengdu-2024
add_user ed enterprise --scope firm:$F1
add_user ann analyst
add_user bart bank --scope bank:icbc
start_server

hs policy history --json >"$E2E_TMP/cli_all"
hs policy history chengdu.first_version_software --json >"$E2E_TMP/cli_one"
check_eq "the CLI holds one stored version" "1" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$E2E_TMP/cli_all")"

req_as GET /api/v1/policies oscar
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["items"], open(sys.argv[2],"w"))' "$E2E_TMP/body" "$E2E_TMP/http_items"
check_eq "GET /policies as an officer: 200, the last page" "200 None" "$(status) $(jq_body 'd["next_cursor"]')"
check_eq "the items are what policy history --json prints" "same" "$(same_json "$E2E_TMP/cli_all" "$E2E_TMP/http_items")"
check_eq "a read sends an ETag" "yes" "$([ -n "$(header ETag)" ] && echo yes || echo no)"

req_as GET /api/v1/policies/chengdu.first_version_software oscar
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["versions"], open(sys.argv[2],"w"))' "$E2E_TMP/body" "$E2E_TMP/http_one"
check_eq "GET /policies/{id}: 200" "200 chengdu.first_version_software" "$(status) $(jq_body 'd["policy"]')"
check_eq "its versions are what policy history ID --json prints" "same" "$(same_json "$E2E_TMP/cli_one" "$E2E_TMP/http_one")"
check_eq "the officer sees the first subject" "fv-1" "$(jq_body 'd["versions"][0]["first_subject"]')"

req_as GET /api/v1/policies/chengdu.first_version_software ed
check_eq "an enterprise: 200 without first_used_by / first_subject" "200 False False" \
  "$(status) $(jq_body '"first_subject" in d["versions"][0]') $(jq_body '"first_used_by" in d["versions"][0]')"
req_as GET /api/v1/policies ann
check_eq "an analyst lists them without first_subject" "200 1 False" \
  "$(status) $(jq_body 'len(d["items"])') $(jq_body '"first_subject" in d["items"][0]')"
req_as GET /api/v1/policies?limit=0 oscar
check_eq "limit=0 is bad input" "400" "$(status)"
req_as GET /api/v1/policies/no-such-policy oscar
check_eq "an unknown policy: 404 not_found" "404 not_found" "$(status) $(jq_body 'd["error"]["code"]')"
req_as GET /api/v1/policies bart
check_eq "a bank may not read policies: 403" "403" "$(status)"

# ---- report downloads ----
req_as GET "/api/v1/reports/firms/$F1?format=csv" ed
check_eq "firm statement as csv: 200 text/csv" "200 text/csv; charset=utf-8" "$(status) $(header Content-Type)"
check_eq "csv: an attachment with a safe name" 'attachment; filename="firm-statement.csv"' "$(header Content-Disposition)"
check_eq "csv: a header line" "yes" "$([ -s "$E2E_TMP/body" ] && head -1 "$E2E_TMP/body" | grep -q , && echo yes || echo no)"
req_as GET "/api/v1/reports/firms/$F1?format=xlsx" oscar
check_eq "firm statement as xlsx: 200" "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" "$(status) $(header Content-Type)"
check_eq "xlsx: a zip (PK)" "PK" "$(head -c 2 "$E2E_TMP/body")"
check_eq "xlsx: an attachment" 'attachment; filename="firm-statement.xlsx"' "$(header Content-Disposition)"
req_as GET "/api/v1/reports/firms/$F1?format=pdf" oscar
check_eq "an unknown format: 400 field format" "400 format" "$(status) $(jq_body 'd["error"]["field"]')"
req_as GET "/api/v1/reports/programmes/chengdu-2024?by=firm&format=csv" ann
check_eq "an analyst refused firm-level rows" "403" "$(status)"

