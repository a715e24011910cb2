#!/usr/bin/env bash
# first_unit.sh — first units of major equipment (首台套) end to end on the ASan build, under the
# shipped national.first_unit_insurance policy (80% of the premium at a rate of at most 3% a year,
# at most 3 years: 财建〔2015〕19号): every premium subsidy worked out by hand below, a unit
# subsidised once, the policy's refusals naming their clauses (not on the catalogue, the fourth
# unit, the buyer insured), a budget that can't pay (nothing paid), claims (the insurer's payment
# recorded, a failure that does not qualify refused, a local variant's top-up paid to the buyer),
# `huoshui check` catching a tampered claim, bad input (exit 2 naming the field, nothing stored),
# and the same operations over HTTP, role-scoped.
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/fu.db
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export HUOSHUI_DATA=${HUOSHUI_DATA:-$ROOT}
export HUOSHUI_TODAY=2025-06-01
hs() { "$H" --book "$B" "$@"; }
on() { local d=$1; shift; HUOSHUI_TODAY=$d "$H" --book "$B" "$@"; }
pyx() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1 | tail -1; }
bal() { hs balance "$1" --json | python3 -c "import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; print(d['balance_fen'])"; }
ntransfers() { hs check --json | python3 -c "import json,sys; print(json.load(sys.stdin)['transfers'])"; }
nunits() { hs first-unit list --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))"; }
code() { pyx "$E2E_TMP/out" 'j["error"]["code"]'; }
field() { pyx "$E2E_TMP/out" 'j["error"]["field"]'; }
in_msg() { pyx "$E2E_TMP/out" "'$1' in j['error']['message']"; }

"$H" gen firms --n 3 --seed 7 --out "$E2E_TMP/firms.csv" >/dev/null
MAKER=$(sed -n 2p "$E2E_TMP/firms.csv" | cut -d, -f1)
BUYER=$(sed -n 3p "$E2E_TMP/firms.csv" | cut -d, -f1)
OTHER=$(sed -n 4p "$E2E_TMP/firms.csv" | cut -d, -f1)
POL=national.first_unit_insurance
reg() { # reg ID ITEM UNIT_NO INSURED PRICE PREMIUM YEARS [POLICY]
  hs first-unit register "$1" --item "$2" --maker "$MAKER" --buyer "$BUYER" --unit-no "$3" \
    --insured "$4" --insurer PICC --price "$5" --premium "$6" --from 2025-03-01 --years "$7" \
    --policy "${8:-$POL}" --json
}

setup() {
  hs init
  hs firm import "$E2E_TMP/firms.csv"
  hs programme create first-unit-2025 --title-zh 首台套保险补偿 --title-en "First units" --date 2025-01-01
  hs programme fund first-unit-2025 --budget insurance --amount 200万
  hs first-unit catalogue add CNC-5AX --name 高速五轴联动数控机床 --category 高档数控机床 --edition 2024版
  hs first-unit catalogue add TBM-15 --name 15米级盾构机 --category 大型施工机械 --edition 2024版
}
check_rc "book, programme with 200万, a catalogue of two" 0 setup
check_rc "the same item again is a no-op" 0 hs first-unit catalogue add CNC-5AX --name 高速五轴联动数控机床 --category 高档数控机床 --edition 2024版
check_rc "another name for the item (exit 2)" 2 hs first-unit catalogue add CNC-5AX --name 别的 --json
check_eq "code id_reused" "id_reused" "$(code)"

# ---- registering: the unit's terms; bad input exit 2 naming the field, nothing stored ----
check_rc "U1: a 5,000万 machine, 150万 for one year" 0 reg U1 CNC-5AX 1 maker 5000万 150万 1
check_eq "cover 2025-03-01..2026-02-28" "2025-03-01 2026-02-28" "$(pyx "$E2E_TMP/out" 'j["cover"]["from"], j["cover"]["to"]' | tr -d "(),'")"
check_rc "U1 again: a no-op" 0 reg U1 CNC-5AX 1 maker 5000万 150万 1
check_eq "existed" "True" "$(pyx "$E2E_TMP/out" 'j["existed"]')"
check_rc "U1 with another price (exit 2)" 2 reg U1 CNC-5AX 1 maker 4000万 150万 1
check_eq "code id_reused" "id_reused" "$(code)"
check_rc "a zero premium (exit 2)" 2 reg BAD CNC-5AX 1 maker 5000万 0 1
check_eq "field premium" "premium" "$(field)"
check_rc "eleven years of cover (exit 2)" 2 reg BAD CNC-5AX 1 maker 5000万 1万 11
check_eq "field years" "years" "$(field)"
check_rc "--insured neither (exit 2)" 2 reg BAD CNC-5AX 1 insurer 5000万 1万 1
check_eq "field insured" "insured" "$(field)"
check_rc "a maker buying its own unit (exit 2)" 2 hs first-unit register BAD --item CNC-5AX --maker "$MAKER" --buyer "$MAKER" --unit-no 1 --insured maker --insurer PICC --price 1万 --premium 1元 --from 2025-03-01 --years 1 --policy $POL --json
check_eq "field buyer" "buyer" "$(field)"
check_rc "a bad maker code (exit 2)" 2 hs first-unit register BAD --item CNC-5AX --maker 91440300MA5F00000Z --buyer "$BUYER" --unit-no 1 --insured maker --insurer PICC --price 1万 --premium 1元 --from 2025-03-01 --years 1 --policy $POL --json
check_eq "field maker" "maker" "$(field)"
check_rc "a policy of another instrument (exit 2)" 2 hs first-unit register BAD --item CNC-5AX --maker "$MAKER" --buyer "$BUYER" --unit-no 1 --insured maker --insurer PICC --price 1万 --premium 1元 --from 2025-03-01 --years 1 --policy "$ROOT/policies/chengdu-compute-voucher.policy"
check_rc "a subsidy policy without the catalogue (exit 2)" 2 hs first-unit register BAD --item CNC-5AX --maker "$MAKER" --buyer "$BUYER" --unit-no 1 --insured maker --insurer PICC --price 1万 --premium 1元 --from 2025-03-01 --years 1 --policy "$ROOT/policies/chengdu-first-version-software.policy" --json
check_eq "field policy" "policy" "$(field)"
check_rc "subsidy apply may not bypass the module (exit 2)" 2 hs subsidy apply --policy "$ROOT/policies/national-first-unit-insurance.policy" --id fu-x --firm "$MAKER" --input event=premium --input on_catalogue=true --input unit_no=1 --input price=1亿 --input premium_total=1亿 --input cover_years=1 --input insured=maker --json
check_eq "field policy" "policy" "$(field)"
check_eq "only U1 stored" "1" "$(nunits)"
reg U2 TBM-15 1 maker 1000万 200万 5 >/dev/null
reg U3 CNC-5AX 2 maker 1000万 50万 1 >/dev/null
reg U4 CNC-5AX 4 maker 1000万 30万 1 >/dev/null
reg U5 NOT-LISTED 1 maker 1000万 30万 1 >/dev/null
reg U6 TBM-15 2 buyer 1000万 30万 1 >/dev/null
check_eq "six units" "6" "$(nunits)"

# ---- the premium subsidy ----
budget0=$(bal budget/first-unit-2025/insurance)
t0=$(ntransfers)
check_rc "show --explain before: what subsidise would decide" 0 hs first-unit show U1 --explain
check_contains "the decision" "decision: eligible, amount 1,200,000.00 CNY" "$E2E_TMP/out"
# U1: min(150万, 5,000万 x 3% x 1) = 150万 x 80% = 120万, to the maker
check_rc "subsidise U1" 0 hs first-unit subsidise U1 --json
check_eq "U1: 120万 to the maker" "120000000 firm/$MAKER/cash fu.U1.p1" "$(pyx "$E2E_TMP/out" 'j["subsidy_fen"], j["payee_account"], j["transfer_id"]' | tr -d "(),'")"
check_rc "subsidise U1 again: the record, nothing paid" 0 hs first-unit subsidise U1 --json
check_eq "existed, one transfer" "True $((t0 + 1))" "$(pyx "$E2E_TMP/out" 'j["existed"]') $(ntransfers)"
# U2: 5 years, 3 counted: 200万 x 3/5 = 120万; ceiling 1,000万 x 3% x 3 = 90万; 90万 x 80% = 72万
check_rc "subsidise U2" 0 hs first-unit subsidise U2 --json
check_eq "U2: 72万" "72000000" "$(pyx "$E2E_TMP/out" 'j["subsidy_fen"]')"
check_eq "the budget paid exactly 192万" "$((budget0 - 192000000))" "$(bal budget/first-unit-2025/insurance)"
# U3: 50万 is 5% a year; counted at 3%: 30万 x 80% = 24万 > the 8万 left: refused, nothing paid
check_rc "U3's 24万 exceeds the 8万 left (exit 1)" 1 hs first-unit subsidise U3 --json
check_eq "code exceeds_credits" "exceeds_credits" "$(code)"
check_eq "U3 still registered, nothing moved" "registered $((t0 + 2))" "$(hs first-unit show U3 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])') $(ntransfers)"
hs programme fund first-unit-2025 --budget insurance --amount 66万 --id top-up-1 >/dev/null
check_rc "with 74万 left, U3 is paid" 0 hs first-unit subsidise U3 --json
check_eq "U3: 24万 (the 3% ceiling)" "24000000" "$(pyx "$E2E_TMP/out" 'j["subsidy_fen"]')"
check_rc "U4, the buyer's fourth unit (exit 1)" 1 hs first-unit subsidise U4 --json
check_eq "not_eligible, naming the clause" "not_eligible True" "$(code) $(in_msg 前三台)"
check_rc "U5, not on the catalogue (exit 1)" 1 hs first-unit subsidise U5 --json
check_eq "not_eligible, naming the catalogue" "not_eligible True" "$(code) $(in_msg 指导目录)"
check_rc "U6, insured by the buyer (exit 1)" 1 hs first-unit subsidise U6 --json
check_eq "not_eligible, the maker insures" "not_eligible True" "$(code) $(in_msg 装备制造企业投保)"
check_rc "an unknown unit (exit 2)" 2 hs first-unit subsidise NOPE --json
check_eq "field unit" "unit" "$(field)"

# ---- claims ----
export HUOSHUI_TODAY=2025-10-01
t1=$(ntransfers)
check_rc "a quality failure in cover: recorded" 0 hs first-unit claim U1 --id C1 --date 2025-09-01 --failure quality --loss 800万 --insurer-paid 600万 --json
check_eq "the insurer's 600万 recorded, no national top-up" "600000000 0 None" "$(pyx "$E2E_TMP/out" 'j["insurer_paid_fen"], j["topup_fen"], j["transfer_id"]' | tr -d "(),'")"
check_eq "no money moved" "$t1" "$(ntransfers)"
check_rc "the same claim again: the record" 0 hs first-unit claim U1 --id C1 --date 2025-09-01 --failure quality --loss 800万 --insurer-paid 600万 --json
check_eq "existed" "True" "$(pyx "$E2E_TMP/out" 'j["existed"]')"
check_rc "an other failure does not qualify (exit 1)" 1 hs first-unit claim U1 --id C2 --date 2025-09-02 --failure other --loss 100万 --insurer-paid 0 --json
check_eq "not_eligible, naming the cover" "not_eligible True" "$(code) $(in_msg 质量风险和责任风险)"
check_rc "a failure before the cover (exit 1)" 1 hs first-unit claim U1 --id C3 --date 2025-02-15 --failure liability --loss 100万 --insurer-paid 0 --json
check_eq "not_eligible" "not_eligible" "$(code)"
check_rc "a failure after today (exit 2)" 2 hs first-unit claim U1 --id C4 --date 2025-10-02 --failure quality --loss 100万 --insurer-paid 0 --json
check_eq "field date" "date" "$(field)"
check_rc "the insurer paying more than the loss (exit 2)" 2 hs first-unit claim U1 --id C4 --date 2025-09-03 --failure quality --loss 100万 --insurer-paid 101万 --json
check_eq "field insurer_paid" "insurer_paid" "$(field)"
check_rc "--failure neither (exit 2)" 2 hs first-unit claim U1 --id C4 --date 2025-09-03 --failure fire --loss 100万 --insurer-paid 0 --json
check_eq "field failure" "failure" "$(field)"
check_eq "U1 holds one claim" "1 600000000" "$(hs first-unit show U1 --json | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["claims"], j["insurer_paid_fen"])')"
# a local variant tops up 20% of what the insurer left uncovered, capped at 100万, to the buyer
sed -e 's/^policy national.first_unit_insurance/policy local.first_unit_insurance/' \
    -e 's/^param topup_share: rate = 0%/param topup_share: rate = 20%/' \
    "$ROOT/policies/national-first-unit-insurance.policy" >"$E2E_TMP/local.policy"
check_rc "U7 under the local variant" 0 reg U7 TBM-15 1 maker 2000万 60万 1 "$E2E_TMP/local.policy"
buyer0=$(bal "firm/$BUYER/cash" 2>/dev/null || echo 0)
# (500万 - 300万) x 20% = 40万 (under the 100万 cap)
check_rc "a liability failure on U7: top-up paid" 0 hs first-unit claim U7 --id C5 --date 2025-08-20 --failure liability --loss 500万 --insurer-paid 300万 --json
check_eq "U7's claim: 40万 to the buyer" "40000000 firm/$BUYER/cash fu.U7.c1" "$(pyx "$E2E_TMP/out" 'j["topup_fen"], j["payee_account"], j["transfer_id"]' | tr -d "(),'")"
check_eq "the buyer's cash grew by 40万" "40000000" "$(( $(bal "firm/$BUYER/cash") - buyer0 ))"
check_rc "list --firm the buyer" 0 hs first-unit list --firm "$BUYER" --json
check_eq "every unit names it" "7" "$(pyx "$E2E_TMP/out" 'len(j)')"

# ---- check ----
check_rc "huoshui check" 0 hs check
sqlite3 "$B" ".backup '$E2E_TMP/tampered.db'"
sqlite3 "$E2E_TMP/tampered.db" "UPDATE first_unit_claims SET topup_fen = topup_fen + 1 WHERE id = 'C5'; UPDATE first_units SET topup_fen = topup_fen + 1 WHERE id = 'U7'"
check_rc "check refuses a tampered claim (exit 1)" 1 "$H" --book "$E2E_TMP/tampered.db" check
check_contains "naming the table and the claim" "first-unit tables agree with the ledger: claim C5 of unit U7" "$E2E_TMP/err"
check_rc "first-unit --help" 0 "$HS" first-unit --help

# ---- over HTTP: the same operations, role-scoped ----
B=$E2E_TMP/srv.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2025-06-01
hs init >/dev/null
hs programme create first-unit-2025 --date 2025-01-01 >/dev/null
hs programme fund first-unit-2025 --budget insurance --amount 200万 >/dev/null
add_user oscar officer --scope programme:first-unit-2025
add_user olga officer --scope programme:other-2025
add_user mia enterprise --scope firm:$MAKER
add_user otto enterprise --scope firm:$OTHER
add_user audrey auditor
OFF=(-H "Authorization: Bearer ${TOKEN[oscar]}" -H 'Content-Type: application/json')
start_server
req POST /api/v1/first-unit-catalogue "${OFF[@]}" --data-binary '{"item":"CNC-5AX","name":"高速五轴联动数控机床","edition":"2024版"}'
check_eq "the officer adds a catalogue item: 201" "201" "$(status)"
BODY="{\"id\":\"H1\",\"item\":\"CNC-5AX\",\"maker\":\"$MAKER\",\"buyer\":\"$BUYER\",\"price\":\"5000万\",\"unit_no\":1,\"insured\":\"maker\",\"insurer\":\"PICC\",\"premium\":\"150万\",\"from\":\"2025-03-01\",\"years\":1,\"policy\":\"$POL\"}"
req POST /api/v1/first-units -H "$(as olga)" "${J[@]}" --data-binary "$BODY"
check_eq "an officer of another programme may not register: 403" "403" "$(status)"
req POST /api/v1/first-units "${OFF[@]}" --data-binary "${BODY/\"years\":1/\"years\":0}"
check_eq "zero years: 422 years" "422 years" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/first-units "${OFF[@]}" --data-binary "$BODY"
check_eq "the programme's officer registers: 201" "201 registered" "$(status) $(jq_body 'd["status"]')"
req POST /api/v1/first-units/H1/subsidise -H "$(as olga)" "${J[@]}" -H 'Idempotency-Key: fu-0' --data-binary '{}'
check_eq "an officer of another programme may not pay: 403" "403" "$(status)"
req POST /api/v1/first-units/H1/subsidise "${OFF[@]}" -H 'Idempotency-Key: fu-1' --data-binary '{}'
check_eq "the officer subsidises: 200, 120万" "200 120000000" "$(status) $(jq_body 'd["subsidy_fen"]')"
req POST /api/v1/first-units/H1/subsidise "${OFF[@]}" -H 'Idempotency-Key: fu-1' --data-binary '{}'
check_eq "the same key replays the answer" "200 true" "$(status) $(header Idempotency-Hit)"
req POST /api/v1/first-units/H1/claims "${OFF[@]}" -H 'Idempotency-Key: fu-2' --data-binary '{"id":"HC1","date":"2025-05-20","failure":"other","loss":"100万","insurer_paid":"0"}'
check_eq "a failure that does not qualify: 409 not_eligible" "409 not_eligible" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/first-units/H1/claims "${OFF[@]}" -H 'Idempotency-Key: fu-3' --data-binary '{"id":"HC1","date":"2025-05-20","failure":"quality","loss":"100万","insurer_paid":"80万"}'
check_eq "a qualifying claim: 201, the insurer's 80万 recorded" "201 80000000" "$(status) $(jq_body 'd["insurer_paid_fen"]')"
req GET /api/v1/first-units/H1 -H "$(as mia)"
check_eq "the maker reads its unit, explained, with its claim" "200 True 1" "$(status) $(jq_body 'd["decision"]["eligible"]') $(jq_body 'len(d["claim_rows"])')"
hs first-unit show H1 --explain --json >"$E2E_TMP/cli_show"
cp "$E2E_TMP/body" "$E2E_TMP/http_show"
check_eq "the body is what first-unit show --explain --json prints" "same" "$(same_json "$E2E_TMP/cli_show" "$E2E_TMP/http_show")"
req GET /api/v1/first-units/H1 -H "$(as otto)"
check_eq "another firm may not: 403" "403" "$(status)"
req GET /api/v1/first-units -H "$(as otto)"
check_eq "and lists none" "200 0" "$(status) $(jq_body 'len(d["items"])')"
req GET /api/v1/first-units -H "$(as audrey)"
check_eq "an auditor lists it" "200 H1" "$(status) $(jq_body 'd["items"][0]["id"]')"
req GET /api/v1/first-unit-catalogue -H "$(as otto)"
check_eq "the catalogue is public to enterprises" "200 CNC-5AX" "$(status) $(jq_body 'd["items"][0]["item"]')"
stop_server
check_rc "huoshui check on the server's book" 0 hs check
