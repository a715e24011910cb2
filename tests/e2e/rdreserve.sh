#!/usr/bin/env bash
# rdreserve.sh — enterprise R&D reserves (研发准备金) end to end on the ASan build, under the shipped
# guangdong.rd_reserve policy (10% of the increase in filed R&D expense, at most 100万 per firm and
# year): filed figures from a CSV and the CLI, every payment worked out by hand below, a firm-year
# paid once, a year without a filing refused by the policy's clause, a year not over, a budget
# that can't pay (nothing paid), `huoshui check` catching a tampered row, bad input (exit 2 naming
# the field, nothing stored), and the same operations over HTTP, role-scoped.
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/rd.db
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export HUOSHUI_DATA=${HUOSHUI_DATA:-$ROOT}
export HUOSHUI_TODAY=2025-01-02
hs() { "$H" --book "$B" "$@"; }
on() { local d=$1; shift; HUOSHUI_TODAY=$d "$H" --book "$B" "$@"; }
pyx() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1 | tail -1; }
bal() { hs balance "$1" --json | python3 -c "import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; print(d['balance_fen'])"; }
ntransfers() { hs check --json | python3 -c "import json,sys; print(json.load(sys.stdin)['transfers'])"; }
nfilings() { hs rdreserve filing list --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))"; }
code() { pyx "$E2E_TMP/out" 'j["error"]["code"]'; }
field() { pyx "$E2E_TMP/out" 'j["error"]["field"]'; }

"$H" gen firms --n 5 --seed 7 --out "$E2E_TMP/firms.csv" >/dev/null
F1=$(sed -n 2p "$E2E_TMP/firms.csv" | cut -d, -f1)
F2=$(sed -n 3p "$E2E_TMP/firms.csv" | cut -d, -f1)
F3=$(sed -n 4p "$E2E_TMP/firms.csv" | cut -d, -f1)
F4=$(sed -n 5p "$E2E_TMP/firms.csv" | cut -d, -f1)
OUTSIDER=91440300MA5F00000X   # a credit code the registry does not hold
"$H" gen firms --n 1 --seed 99 --out "$E2E_TMP/other.csv" >/dev/null
OUTSIDER=$(sed -n 2p "$E2E_TMP/other.csv" | cut -d, -f1)

setup() {
  hs init
  hs firm import "$E2E_TMP/firms.csv"
  hs programme create guangdong-2025 --title-zh 广东 --title-en Guangdong --date 2025-01-01
  hs programme fund guangdong-2025 --budget rd-reserve --amount 150万 --date 2025-01-02
}
check_rc "book, four registry firms, a 150万 budget" 0 setup

# ---- the filed R&D history: a CSV and the CLI ----
cat >"$E2E_TMP/filings.csv" <<EOF
uscc,tax_year,rd_expense,filed_date
$F1,2023,1500万,2024-05-31
$F1,2024,1800万,2025-05-30
$F2,2023,20000000.00,2024-05-31
$F2,2024,5000万,2025-05-30
$F3,2023,800万,
EOF
check_rc "filing import: five filings" 0 hs rdreserve filing import "$E2E_TMP/filings.csv"
check_contains "five new" "5 filings, 5 new" "$E2E_TMP/out"
check_rc "the same file again adds nothing" 0 hs rdreserve filing import "$E2E_TMP/filings.csv"
check_contains "none new" "5 filings, 0 new" "$E2E_TMP/out"
check_rc "filing add: F4 2023 from the CLI" 0 hs rdreserve filing add "$F4" --year 2023 --rd 1000万 --filed 2024-05-20
check_rc "filing add: F4 2024" 0 hs rdreserve filing add "$F4" --year 2024 --rd 1400万
check_rc "another figure for a filed year is refused (exit 1)" 1 hs rdreserve filing add "$F4" --year 2024 --rd 1500万 --json
check_eq "code filing_exists" "filing_exists" "$(code)"
check_eq "seven filings kept" "7" "$(nfilings)"
hs rdreserve filing list --firm "$F1" --json >"$E2E_TMP/f1.json"
check_eq "F1's history: two years, the CSV named" "2023 2024 filings.csv:2" "$(pyx "$E2E_TMP/f1.json" '" ".join(str(x["tax_year"]) for x in j) + " " + j[0]["source"].split("/")[-1]')"

# ---- bad input: exit 2 naming the field, nothing stored ----
printf 'uscc,tax_year,rd_expense\n%s,2022,100万\n%s,2022,abc\n' "$F1" "$F2" >"$E2E_TMP/bad.csv"
check_rc "a bad rd_expense cell (exit 2)" 2 hs rdreserve filing import "$E2E_TMP/bad.csv" --json
check_eq "field rd_expense" "rd_expense" "$(field)"
check_contains "the file and line named" "bad.csv:3" "$E2E_TMP/out"
check_eq "nothing stored, not even the good first row" "7" "$(nfilings)"
printf 'uscc,tax_year,rd_expense\n%s,20x2,100万\n' "$F1" >"$E2E_TMP/bad2.csv"
check_rc "a bad tax_year (exit 2)" 2 hs rdreserve filing import "$E2E_TMP/bad2.csv" --json
check_eq "field tax_year" "tax_year" "$(field)"
printf 'uscc,tax_year,rd_expense\n91440300MA5F0000,2022,100万\n' >"$E2E_TMP/bad3.csv"
check_rc "a short credit code (exit 2)" 2 hs rdreserve filing import "$E2E_TMP/bad3.csv" --json
check_eq "field uscc" "uscc" "$(field)"
printf 'uscc,tax_year,rd_expense\n%s,2022,100万\n' "${F1%?}X" >"$E2E_TMP/bad4.csv"
check_rc "a credit code with a wrong check character (exit 2)" 2 hs rdreserve filing import "$E2E_TMP/bad4.csv" --json
check_eq "field uscc, the line named" "uscc True" "$(field) $(pyx "$E2E_TMP/out" '"bad4.csv:2" in j["error"]["message"]')"
check_rc "a negative figure (exit 2)" 2 hs rdreserve filing add "$F1" --year 2022 --rd -5 --json
check_rc "--year not a year (exit 2)" 2 hs rdreserve filing add "$F1" --year 20x2 --rd 5 --json
check_eq "field year" "year" "$(field)"
check_eq "still seven filings" "7" "$(nfilings)"

# ---- reserves ----
check_rc "F1 registers a 200万 reserve for 2024" 0 hs rdreserve register "$F1" --year 2024 --policy guangdong.rd_reserve --reserve 200万
check_contains "under the shipped policy" "guangdong.rd_reserve@2025.1, registered" "$E2E_TMP/out"
check_rc "the same again is a no-op" 0 hs rdreserve register "$F1" --year 2024 --policy "$ROOT/policies/guangdong-rd-reserve.policy" --reserve 200万
check_contains "said so" "nothing changed" "$E2E_TMP/out"
check_rc "another reserve for that firm-year (exit 2)" 2 hs rdreserve register "$F1" --year 2024 --policy guangdong.rd_reserve --reserve 300万 --json
check_eq "code id_reused" "id_reused" "$(code)"
check_rc "a firm not in the registry (exit 2)" 2 hs rdreserve register "$OUTSIDER" --year 2024 --policy guangdong.rd_reserve --reserve 1万 --json
check_eq "field firm" "firm" "$(field)"
check_rc "a zero reserve (exit 2)" 2 hs rdreserve register "$F2" --year 2024 --policy guangdong.rd_reserve --reserve 0 --json
check_rc "a policy of another instrument (exit 2)" 2 hs rdreserve register "$F2" --year 2024 --policy "$ROOT/policies/chengdu-compute-voucher.policy" --reserve 1万
check_rc "a subsidy policy of no R&D filings (exit 2)" 2 hs rdreserve register "$F2" --year 2024 --policy "$ROOT/policies/chengdu-first-version-software.policy" --reserve 1万 --json
check_eq "field policy" "policy" "$(field)"
check_rc "subsidy apply may not bypass the filings (exit 2)" 2 hs subsidy apply --policy "$ROOT/policies/guangdong-rd-reserve.policy" --id rd-x --firm "$F2" --input rd_filed=true --input prior_filed=true --input rd_expense=1亿 --input prior_rd_expense=0 --input reserve=1 --json
check_eq "field policy, the module named" "policy True" "$(field) $(pyx "$E2E_TMP/out" '"rdreserve module alone" in j["error"]["message"]')"
check_eq "nothing registered by the refusals" "1" "$(hs rdreserve list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
for f in "$F2" "$F3" "$F4"; do hs rdreserve register "$f" --year 2024 --policy guangdong.rd_reserve --reserve 100万 >/dev/null; done
hs rdreserve register "$F1" --year 2025 --policy guangdong.rd_reserve --reserve 100万 >/dev/null

check_rc "show --explain before paying: what pay would decide" 0 hs rdreserve show "$F1" --year 2024 --explain
check_contains "the increase computed from the filings" "increase: 3,000,000.00 CNY" "$E2E_TMP/out"
check_contains "the filing clause" "以税务部门确认的研发费用加计扣除申报数为准" "$E2E_TMP/out"

budget0=$(bal budget/guangdong-2025/rd-reserve)
t0=$(ntransfers)
# F1: (1,800万 - 1,500万) x 10% = 30万
check_rc "pay F1 2024" 0 hs rdreserve pay "$F1" --year 2024 --json
check_eq "F1: 30万 paid, the figures filed" "30000000 1800000000 1500000000 300000000" "$(pyx "$E2E_TMP/out" 'j["amount_fen"], j["rd_fen"], j["prior_rd_fen"], j["increase_fen"]' | tr -d '(),')"
check_eq "to the firm's cash, one transfer id per firm-year" "firm/$F1/cash rdr.$F1.y2024" "$(pyx "$E2E_TMP/out" 'j["payee_account"], j["transfer_id"]' | tr -d "(),'")"
check_rc "pay F1 2024 again: the record, nothing paid" 0 hs rdreserve pay "$F1" --year 2024 --json
check_eq "existed" "True" "$(pyx "$E2E_TMP/out" 'j["existed"]')"
check_eq "one transfer" "$((t0 + 1))" "$(ntransfers)"
# F2: (5,000万 - 2,000万) x 10% = 300万, capped at 100万
check_rc "pay F2 2024" 0 hs rdreserve pay "$F2" --year 2024 --json
check_eq "F2: a 3,000万 increase, 100万 paid (the cap)" "3000000000 100000000" "$(pyx "$E2E_TMP/out" 'j["increase_fen"], j["amount_fen"]' | tr -d '(),')"
check_eq "the budget paid exactly 130万" "$((budget0 - 130000000))" "$(bal budget/guangdong-2025/rd-reserve)"
# F3 filed 2023 only: the policy's clause refuses 2024
check_rc "F3 without a 2024 filing is refused (exit 1)" 1 hs rdreserve pay "$F3" --year 2024 --json
check_eq "code not_eligible" "not_eligible" "$(code)"
check_eq "the clause named" "True" "$(pyx "$E2E_TMP/out" '"本年度须有申报" in j["error"]["message"]')"
# F4: (1,400万 - 1,000万) x 10% = 40万 > the 20万 left: the ledger refuses, nothing paid
check_rc "F4's 40万 exceeds the 20万 left (exit 1)" 1 hs rdreserve pay "$F4" --year 2024 --json
check_eq "code exceeds_credits" "exceeds_credits" "$(code)"
check_eq "F4 still registered" "registered" "$(hs rdreserve show "$F4" --year 2024 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
check_eq "nothing moved" "$((t0 + 2))" "$(ntransfers)"
check_rc "2025 is not over (exit 1)" 1 hs rdreserve pay "$F1" --year 2025 --json
check_eq "code year_open" "year_open" "$(code)"
check_rc "an unregistered year (exit 2)" 2 hs rdreserve pay "$F1" --year 2023 --json
check_eq "field year" "year" "$(field)"
hs programme fund guangdong-2025 --budget rd-reserve --amount 20万 --id top-up >/dev/null
check_rc "with 40万 left, F4 is paid" 0 hs rdreserve pay "$F4" --year 2024 --json
check_eq "F4: 40万" "40000000" "$(pyx "$E2E_TMP/out" 'j["amount_fen"]')"
check_rc "show --explain after paying: as decided" 0 hs rdreserve show "$F2" --year 2024 --explain --json
check_eq "the explanation's share_amount and decision" "300万 True 100000000" "$(pyx "$E2E_TMP/out" '[i["value"] for i in j["explanation"] if i["label"]=="share_amount"][0].replace("3,000,000.00 CNY","300万"), j["decision"]["eligible"], j["decision"]["amount_fen"]' | tr -d "(),'")"
check_rc "list" 0 hs rdreserve list --year 2024 --json
check_eq "three paid, one registered" "paid paid registered paid" "$(pyx "$E2E_TMP/out" '" ".join(r["status"] for r in j)')"

# ---- check ----
check_rc "huoshui check" 0 hs check
sqlite3 "$B" ".backup '$E2E_TMP/tampered.db'"
sqlite3 "$E2E_TMP/tampered.db" "UPDATE rdreserves SET amount_fen = amount_fen + 1, computed_fen = computed_fen + 1 WHERE firm = '$F1' AND year = 2024"
check_rc "check refuses a tampered reserve (exit 1)" 1 "$H" --book "$E2E_TMP/tampered.db" check
check_contains "naming the table and the reserve" "R&D-reserve tables agree with the ledger: reserve $F1/2024" "$E2E_TMP/err"
check_rc "rdreserve --help" 0 "$HS" rdreserve --help

# ---- over HTTP: the same operations, role-scoped ----
B=$E2E_TMP/srv.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2025-06-30
hs init >/dev/null
hs firm import "$E2E_TMP/firms.csv" >/dev/null
hs programme create guangdong-2025 --date 2025-01-01 >/dev/null
hs programme fund guangdong-2025 --budget rd-reserve --amount 100万 >/dev/null
add_user oscar officer --scope programme:guangdong-2025
add_user olga officer --scope programme:other-2025
add_user ed enterprise --scope firm:$F1
add_user eve enterprise --scope firm:$F2
add_user audrey auditor
OFF=(-H "Authorization: Bearer ${TOKEN[oscar]}" -H 'Content-Type: application/json')
start_server
req POST /api/v1/rd-filings "${OFF[@]}" --data-binary "{\"filings\":[{\"firm\":\"$F1\",\"tax_year\":2023,\"rd_expense\":\"1500万\"},{\"firm\":\"$F1\",\"tax_year\":2024,\"rd_expense\":\"bad\"}]}"
check_eq "a bad item: 422 naming it, nothing stored" "422 filings[1].rd_expense 0" "$(status) $(jq_body 'd["error"]["field"]') $(nfilings)"
req POST /api/v1/rd-filings "${OFF[@]}" --data-binary "{\"filings\":[{\"firm\":\"$F1\",\"tax_year\":2023,\"rd_expense\":\"1500万\"},{\"firm\":\"$F1\",\"tax_year\":2024,\"rd_expense\":\"1800万\",\"filed_date\":\"2025-05-30\"}]}"
check_eq "the officer records two filings: 201" "201 2" "$(status) $(jq_body 'd["added"]')"
req POST /api/v1/rd-filings -H "$(as ed)" "${J[@]}" --data-binary "{\"filings\":[{\"firm\":\"$F1\",\"tax_year\":2022,\"rd_expense\":\"1万\"}]}"
check_eq "an enterprise may not file its own figures: 403" "403" "$(status)"
req POST /api/v1/rd-reserves -H "$(as olga)" "${J[@]}" --data-binary "{\"firm\":\"$F1\",\"year\":2024,\"policy\":\"guangdong.rd_reserve\",\"reserve\":\"200万\"}"
check_eq "an officer of another programme may not register: 403" "403" "$(status)"
req POST /api/v1/rd-reserves "${OFF[@]}" --data-binary "{\"firm\":\"$F1\",\"year\":2024,\"policy\":\"guangdong.rd_reserve\",\"reserve\":\"200万\"}"
check_eq "the programme's officer registers: 201" "201 registered" "$(status) $(jq_body 'd["status"]')"
req POST /api/v1/rd-reserves "${OFF[@]}" --data-binary "{\"firm\":\"$F1\",\"year\":\"2024\",\"policy\":\"guangdong.rd_reserve\",\"reserve\":\"200万\"}"
check_eq "a year as a string: 422 year" "422 year" "$(status) $(jq_body 'd["error"]["field"]')"
req GET "/api/v1/rd-reserves/$F1/2024" -H "$(as ed)"
check_eq "the firm reads its own reserve, explained" "200 True" "$(status) $(jq_body 'd["decision"]["eligible"]')"
req GET "/api/v1/rd-reserves/$F1/2024" -H "$(as eve)"
check_eq "another firm may not: 403" "403" "$(status)"
req POST "/api/v1/rd-reserves/$F1/2024/pay" -H "$(as olga)" "${J[@]}" -H 'Idempotency-Key: rd-0' --data-binary '{}'
check_eq "an officer of another programme may not pay: 403" "403" "$(status)"
req POST "/api/v1/rd-reserves/$F1/2024/pay" "${OFF[@]}" -H 'Idempotency-Key: rd-1' --data-binary '{}'
check_eq "the officer pays: 200, 30万" "200 30000000" "$(status) $(jq_body 'd["amount_fen"]')"
cp "$E2E_TMP/body" "$E2E_TMP/http_pay"
req POST "/api/v1/rd-reserves/$F1/2024/pay" "${OFF[@]}" -H 'Idempotency-Key: rd-1' --data-binary '{}'
check_eq "the same key replays the answer" "200 true" "$(status) $(header Idempotency-Hit)"
hs rdreserve show "$F1" --year 2024 --json >"$E2E_TMP/cli_show"
check_eq "the paid body is the CLI's view" "same" "$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); a.pop("existed"); print("same" if a==b else f"{a} != {b}")' "$E2E_TMP/http_pay" "$E2E_TMP/cli_show")"
req GET /api/v1/rd-reserves -H "$(as eve)"
check_eq "an enterprise lists only its own (none)" "200 0" "$(status) $(jq_body 'len(d["items"])')"
req GET /api/v1/rd-reserves -H "$(as audrey)"
check_eq "an auditor lists every reserve" "200 $F1/2024" "$(status) $(jq_body 'd["items"][0]["key"]')"
req GET /api/v1/rd-filings -H "$(as eve)"
check_eq "an enterprise sees none of another firm's filings" "200 0" "$(status) $(jq_body 'len(d["items"])')"
req GET "/api/v1/rd-filings?firm=$F1" -H "$(as ed)"
check_eq "its own two" "200 2" "$(status) $(jq_body 'len(d["items"])')"
stop_server
check_rc "huoshui check on the server's book" 0 hs check
