#!/usr/bin/env bash
# server_policy_reform.sh — POST /api/v1/policies/{id}/reform over real HTTP (curl) against the
# real binary: an analyst's reform over an inline firms_csv and over the registry answers the bytes
# `policy reform --json` prints (with the programme budget the policy draws on); admins may too,
# officers and enterprises 403, anonymous 401; bad members are 422 naming the field (unknown
# parameter, unknown rule, both or neither population, a bad date, a bad CSV row without the
# server's temporary path, an oversized CSV), unknown members 400; nothing is stored.
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/reform.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-06-01
D=${HUOSHUI_DATA:-.}

"$HS" gen firms --n 40 --seed 5 --out "$E2E_TMP/gen0.csv" >/dev/null 2>&1
# every 5th firm a national lab (the generator makes none)
awk -F, -v OFS=, 'NR > 1 && NR % 5 == 0 { $16 = "true" } { print }' "$E2E_TMP/gen0.csv" >"$E2E_TMP/gen.csv"
awk -F, -v OFS=, 'NR == 1 { print $0, "taxable_income"; next }
  { if ($9 == "") $9 = "0.00"; if ($10 == "") $10 = "0.00"; print $0, sprintf("%.2f", $9 / 8) }' \
  "$E2E_TMP/gen.csv" >"$E2E_TMP/f.csv"
hs init >/dev/null
hs firm import "$E2E_TMP/gen.csv" >/dev/null
hs programme create tax-expenditure >/dev/null
hs programme fund tax-expenditure --budget rd-super-deduction --amount 1亿 >/dev/null
add_user ann analyst
add_user root admin
add_user oscar officer --scope programme:tax-expenditure
add_user ed enterprise --scope firm:$(sed -n 2p "$E2E_TMP/gen.csv" | cut -d, -f1)
start_server
check_eq "serve listens" "yes" "$(echo "$URL" | grep -qE '^http://127\.0\.0\.1:[0-9]+$' && echo yes || echo "no: '$URL'")"
audit_before=$(hs audit log --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')

body() { # ON SET_JSON RULE_OFF_JSON [registry|CSV_FILE] [FROM]
  python3 - "$@" <<'PY'
import json, sys
on, st, off, src = sys.argv[1:5]
b = {"on": on, "set": json.loads(st), "rule_off": json.loads(off)}
if src == "registry": b["registry"] = True
else: b["firms_csv"] = open(src).read()
if len(sys.argv) > 5: b["from"] = sys.argv[5]
print(json.dumps(b, ensure_ascii=False))
PY
}
RD=/api/v1/policies/tax.rd_super_deduction/reform
body 2024-06-01 '{"super_deduction":"120%"}' '["not_excluded"]' "$E2E_TMP/f.csv" >"$E2E_TMP/b1.json"
req_as POST "$RD" ann "${J[@]}" --data-binary @"$E2E_TMP/b1.json"
check_eq "an analyst's reform over firms_csv: 200" 200 "$(status)"
cp "$E2E_TMP/body" "$E2E_TMP/http1.json"
hs --json policy reform tax.rd_super_deduction --set super_deduction=120% --rule-off not_excluded \
  --firms "$E2E_TMP/f.csv" --on 2024-06-01 >"$E2E_TMP/cli1.json"
check_eq "it answers what policy reform --json prints" same "$(same_json "$E2E_TMP/cli1.json" "$E2E_TMP/http1.json")"
check_eq "the delta is positive, the budget is the programme's" "True tax-expenditure 10000000000" \
  "$(jq_body 'str(d["delta_fen"] > 0) + " " + d["budget"]["programme"] + " " + str(d["budget"]["remaining_fen"])')"
check_eq "remaining after = remaining - delta" "$(jq_body '10000000000 - d["delta_fen"]')" \
  "$(jq_body 'd["budget"]["remaining_after_fen"]')"

body 2024-06-01 '{"super_deduction":"120%"}' '[]' "$E2E_TMP/f.csv" 2025-01-01 >"$E2E_TMP/b2.json"
req_as POST "$RD" root "${J[@]}" --data-binary @"$E2E_TMP/b2.json"
check_eq "an admin may; from after on: 200, delta 0, not applied" "200 0 False" \
  "$(status) $(jq_body 'str(d["delta_fen"]) + " " + str(d["applies"])')"

NP=/api/v1/policies/chengdu.national_platform/reform
body 2024-06-01 '{"share":"80%"}' '["new_platform"]' registry >"$E2E_TMP/b3.json"
req_as POST "$NP" ann "${J[@]}" --data-binary @"$E2E_TMP/b3.json"
check_eq "over the registry: 200" 200 "$(status)"
cp "$E2E_TMP/body" "$E2E_TMP/http3.json"
hs --json policy reform chengdu.national_platform --set share=80% --rule-off new_platform --registry \
  --on 2024-06-01 >"$E2E_TMP/cli3.json"
check_eq "over the registry: what policy reform --registry --json prints" same \
  "$(same_json "$E2E_TMP/cli3.json" "$E2E_TMP/http3.json")"
check_eq "over the registry: every firm counted" 40 "$(jq_body 'd["firms"]')"
check_eq "over the registry: switching new_platform off makes the platforms eligible" \
  "0 $(awk -F, 'NR > 1 && NR % 5 == 0 && ($16 == "true" || $17 == "true") && $5 != "other"' "$E2E_TMP/gen.csv" | wc -l)" \
  "$(jq_body 'str(d["baseline"]["eligible"]) + " " + str(d["reform"]["eligible"])')"

for who in oscar ed; do
  req_as POST "$RD" $who "${J[@]}" --data-binary @"$E2E_TMP/b1.json"
  check_eq "$who (not an analyst) is refused 403" 403 "$(status)"
done
req POST "$RD" "${J[@]}" --data-binary @"$E2E_TMP/b1.json"
check_eq "anonymous is refused 401" 401 "$(status)"

# ---- bad members ----
bad() { # WHAT STATUS FIELD BODY
  req_as POST "$RD" ann "${J[@]}" --data-binary "$4"
  check_eq "$1: $2 naming $3" "$2 $3" "$(status) $(jq_body 'd["error"]["field"]')"
}
CSV1=$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$E2E_TMP/f.csv")
bad "unknown parameter" 422 set "{\"on\":\"2024-06-01\",\"set\":{\"nosuch\":\"1\"},\"firms_csv\":$CSV1}"
bad "a value that does not parse" 422 set "{\"on\":\"2024-06-01\",\"set\":{\"super_deduction\":\"lots\"},\"firms_csv\":$CSV1}"
bad "unknown rule" 422 rule_off "{\"on\":\"2024-06-01\",\"rule_off\":[\"nosuch\"],\"firms_csv\":$CSV1}"
check_eq "unknown rule: code unknown_rule" unknown_rule "$(jq_body 'd["error"]["code"]')"
bad "both populations" 422 firms_csv "{\"on\":\"2024-06-01\",\"registry\":true,\"firms_csv\":$CSV1}"
bad "no population" 422 registry '{"on":"2024-06-01"}'
bad "a bad date" 422 on "{\"on\":\"2024-02-30\",\"firms_csv\":$CSV1}"
bad "a bad from" 422 from "{\"on\":\"2024-06-01\",\"from\":\"soon\",\"firms_csv\":$CSV1}"
bad "rule_off not an array" 422 rule_off "{\"on\":\"2024-06-01\",\"rule_off\":\"has_rd\",\"firms_csv\":$CSV1}"
bad "a bad credit code in the CSV" 422 firms_csv \
  '{"on":"2024-06-01","firms_csv":"uscc,name,city,rd_spend,taxable_income\n91510107BADCODE000,x,成都,1万,1万\n"}'
check_eq "the message names firms_csv, not the server's temporary file" "firms_csv: no tmp" \
  "$(jq_body '("firms_csv" if d["error"]["message"].startswith("firms_csv") else d["error"]["message"]) + ": " + ("tmp" if "huoshui-reform-" in d["error"]["message"] else "no tmp")')"
python3 -c 'print("{\"on\":\"2024-06-01\",\"firms_csv\":\"" + "x" * 600000 + "\"}")' >"$E2E_TMP/big.json"
bad "a firms_csv over 512 KiB" 422 firms_csv @"$E2E_TMP/big.json"
req_as POST "$RD" ann "${J[@]}" --data-binary '{"on":"2024-06-01","registry":true,"extra":1}'
check_eq "an unknown member: 400 unknown_field" "400 unknown_field" "$(status) $(jq_body 'd["error"]["code"]')"
req_as POST /api/v1/policies/no.such/reform ann "${J[@]}" --data-binary @"$E2E_TMP/b1.json"
check_eq "an unknown policy: 404" 404 "$(status)"
check_eq "no temporary CSV is left behind" 0 "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'huoshui-reform-*' -newer "$E2E_TMP/b1.json" 2>/dev/null | wc -l)"
check_eq "nothing is stored (the audit log is unchanged)" "$audit_before" \
  "$(hs audit log --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
