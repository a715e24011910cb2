#!/usr/bin/env bash
# interest.sh — interest subsidies (贴息) end to end on the ASan build: a scheme under the shipped
# Wuxi policy paying May 2024 on four loans, every figure worked out by hand below (a repayment
# mid-period, a loan rate under the cap, a loan the policy refuses), a period paid once, a period
# after the policy's end date, a budget that can't pay the whole period (nothing paid), a scheme
# paying the banks, `huoshui check` catching a tampered row, and the refusals' exit codes.
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/interest.db
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export HUOSHUI_DATA=${HUOSHUI_DATA:-$ROOT}
export HUOSHUI_TODAY=2024-01-02
hs() { "$H" --book "$B" "$@"; }
on() { local d=$1; shift; HUOSHUI_TODAY=$d "$H" --book "$B" "$@"; }
pyx() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1 | tail -1; }
bal() { hs balance "$1" --json | python3 -c "import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; print(d['balance_fen'])"; }
ntransfers() { hs check --json | python3 -c "import json,sys; print(json.load(sys.stdin)['transfers'])"; }
ROBOT=913202117000100150
FIRM_B=91320211700010023T
FIRM_C=91320211700010031M
FIRM_D=9132021170001004XD

setup() {
  hs init
  hs programme create jiangsu-2024 --title-zh 江苏 --title-en Jiangsu --date 2024-01-02
  hs programme fund jiangsu-2024 --budget interest-subsidy --amount 10万 --date 2024-01-10
  hs credit product create BOC-WX.锡科贷 --bank BOC-WX --name 锡科贷 --rate 3% --term-months 12 \
    --ceiling 500万 --unsecured --repayment bullet --date 2024-01-02
  hs credit product create JSB-WX.人才贷 --bank JSB-WX --name 人才贷 --rate 1.2% --term-months 12 \
    --ceiling 300万 --unsecured --repayment equal-principal --date 2024-01-02
  hs credit product create SPDB-WX.普惠贷 --bank SPDB-WX --name 普惠贷 --rate 2.95% --term-months 12 \
    --ceiling 1000万 --unsecured --repayment equal-principal --date 2024-01-02
  hs credit loan create --id WX-A --product BOC-WX.锡科贷 --firm $ROBOT --amount 500万 --approved 2024-04-02
  hs credit loan disburse WX-A --date 2024-04-08
  hs credit loan create --id WX-B --product JSB-WX.人才贷 --firm $FIRM_B --amount 100万 --approved 2024-04-10
  hs credit loan disburse WX-B --date 2024-04-15
  hs credit loan create --id WX-C --product SPDB-WX.普惠贷 --firm $FIRM_C --amount 200万 \
    --approved 2024-04-10 --unsecured-share 40%
  hs credit loan disburse WX-C --date 2024-04-12
  hs credit loan create --id WX-D --product BOC-WX.锡科贷 --firm $FIRM_D --amount 100万 --approved 2024-05-06
  hs credit loan disburse WX-D --date 2024-05-10
  hs credit repay WX-A --date 2024-05-08                       # bullet: interest only
  hs credit repay WX-A --amount 2000000 --date 2024-05-20 --id WX-A-pre  # principal 1,995,068.49
  hs credit repay WX-B --date 2024-05-15                       # instalment 1: 83,333.33 principal
  hs credit repay WX-C --date 2024-05-12
}
check_rc "book, programme, three products, four loans, repayments" 0 setup

check_rc "scheme add under the shipped policy id" 0 hs interest scheme add wuxi --policy wuxi.interest_subsidy --date 2024-01-10
check_contains "the scheme pays the firms from the policy's budget" "paying the firm from budget/jiangsu-2024/interest-subsidy" "$E2E_TMP/out"
check_rc "the same scheme again is a no-op" 0 hs interest scheme add wuxi --policy "$ROOT/policies/wuxi-interest-subsidy.policy"
check_contains "said so" "nothing changed" "$E2E_TMP/out"
check_rc "a second scheme on the same policy is refused (exit 1)" 1 hs interest scheme add wuxi-2 --policy wuxi.interest_subsidy --json
check_eq "code policy_in_use" "policy_in_use" "$(pyx "$E2E_TMP/out" 'j["error"]["code"]')"

budget0=$(bal budget/jiangsu-2024/interest-subsidy)
t0=$(ntransfers)
check_rc "May can't be paid before it is over (exit 1)" 1 on 2024-05-31 interest accrue --scheme wuxi --period 2024-05 --json
check_eq "code period_open" "period_open" "$(pyx "$E2E_TMP/out" 'j["error"]["code"]')"
check_eq "nothing moved" "$t0" "$(ntransfers)"

check_rc "accrue May 2024 on 06-01" 0 on 2024-06-01 interest accrue --scheme wuxi --period 2024-05 --json
M=$E2E_TMP/may.json; cp "$E2E_TMP/out" "$M"
row() { pyx "$M" "(lambda r: ($2))([x for x in j['rows'] if x['loan']=='$1'][0])" | tr -d "(),'"; }
# WX-A: 5,000,000.00 for May 1-19 (19 days), 3,004,931.51 after the 05-20 prepayment (12 days):
#   95,000,000.00 + 36,059,178.12 = 131,059,178.12 yuan-days x 1.5% (3% capped) / 365 = 5,385.99
check_eq "WX-A: principal-days across the mid-May repayment" "13105917812" "$(row WX-A "r['principal_days_fen']")"
check_eq "WX-A: 3% capped to 150bp, 31 days" "300 150 31" "$(row WX-A "r['loan_rate_bp'], r['rate_bp'], r['days']" | tr -d '(),' )"
check_eq "WX-A: 5,385.99 paid to the firm" "538599 firm/$ROBOT/cash" "$(row WX-A "r['amount_fen'], r['payee_account']" | tr -d "(),'")"
# WX-B: 1,000,000.00 for May 1-14, 916,666.67 from the 05-15 instalment (17 days):
#   14,000,000.00 + 15,583,333.39 = 29,583,333.39 yuan-days x 1.2% (under the cap) / 365 = 972.60
check_eq "WX-B: rate under the cap is its own (120bp)" "120" "$(row WX-B "r['rate_bp']")"
check_eq "WX-B: 972.60" "2958333339 97260" "$(row WX-B "r['principal_days_fen'], r['amount_fen']" | tr -d '(),')"
# WX-C: 40% unsecured: the policy refuses it, the row says which clause
check_eq "WX-C: not eligible, nothing paid" "False 0" "$(row WX-C "r['eligible'], r['amount_fen']" | tr -d '(),')"
check_contains "WX-C: the unsecured clause named" "信用贷款占比不低于50%" "$M"
# WX-D: disbursed 05-10: 22 days x 1,000,000.00 x 1.5% / 365 = 904.11
check_eq "WX-D: from its disbursement day, 22 days, 904.11" "2024-05-10 22 90411" "$(row WX-D "r['from'], r['days'], r['amount_fen']" | tr -d "(),'")"
check_eq "the period: 4 loans, 3 paid, 7,262.70" "4 3 726270" "$(pyx "$M" 'j["loans"], j["paid"], j["total_fen"]' | tr -d '(),')"
check_eq "the budget paid exactly that" "$((budget0 - 726270))" "$(bal budget/jiangsu-2024/interest-subsidy)"
check_eq "three transfers" "$((t0 + 3))" "$(ntransfers)"

check_rc "May again" 0 on 2024-06-02 interest accrue --scheme wuxi --period 2024-05 --json
check_eq "answers with the record (existed), same total" "True 726270" "$(pyx "$E2E_TMP/out" 'j["existed"], j["total_fen"]' | tr -d '(),')"
check_eq "and pays nothing twice" "$((budget0 - 726270))" "$(bal budget/jiangsu-2024/interest-subsidy)"
check_eq "no new transfer" "$((t0 + 3))" "$(ntransfers)"

check_rc "2024Q2 shares May's days: refused (exit 1)" 1 on 2024-07-01 interest accrue --scheme wuxi --period 2024Q2 --json
check_eq "code period_overlaps" "period_overlaps" "$(pyx "$E2E_TMP/out" 'j["error"]["code"]')"
check_eq "nothing paid for the quarter" "$((t0 + 3))" "$(ntransfers)"

check_rc "explain WX-A --json" 0 hs interest explain --scheme wuxi --period 2024-05 --loan WX-A --json
check_eq "the explanation's subsidy rate is min(loan_rate, cap)" "1.5%" "$(pyx "$E2E_TMP/out" '[i for i in j["explanation"] if i["label"]=="subsidy_rate"][0]["value"]')"
check_rc "explain WX-C (text)" 0 hs interest explain --scheme wuxi --period 2024-05 --loan WX-C
check_contains "names the failed rule" "unsecured: false" "$E2E_TMP/out"
check_rc "show the period" 0 hs interest show --scheme wuxi --period 2024-05
check_contains "the table lists WX-D" "WX-D" "$E2E_TMP/out"
check_rc "list" 0 hs interest list --json
check_eq "one period listed" "1 2024-05" "$(pyx "$E2E_TMP/out" 'len(j), j[0]["period"]' | tr -d "(),'")"
check_rc "huoshui check after May" 0 hs check

# ---- after the policy's end date (valid to 2024-12-31): the loans are there, nothing is paid ----
check_rc "accrue January 2025" 0 on 2025-02-03 interest accrue --scheme wuxi --period 2025-01 --json
J=$E2E_TMP/jan.json; cp "$E2E_TMP/out" "$J"
check_eq "rows recorded, none paid, total 0" "0 0" "$(pyx "$J" 'j["paid"], j["total_fen"]' | tr -d '(),')"
check_eq "rows name the validity" "True" "$(pyx "$J" 'len(j["rows"])>0 and all("not in force" in r["clause"] for r in j["rows"])')"

# ---- a budget that can't pay the whole period: nothing is paid ----
sed -e 's/^policy wuxi.interest_subsidy /policy tight.interest_subsidy /' \
    -e 's#budget/jiangsu-2024/interest-subsidy#budget/tight-2024/interest-subsidy#' \
    "$ROOT/policies/wuxi-interest-subsidy.policy" >"$E2E_TMP/tight.policy"
hs programme create tight-2024 --title-zh 紧 --title-en Tight --date 2024-01-02 >/dev/null
hs programme fund tight-2024 --budget interest-subsidy --amount 4000 --date 2024-01-10 >/dev/null
check_rc "a scheme on a 4,000 CNY budget" 0 hs interest scheme add tight --policy "$E2E_TMP/tight.policy"
t1=$(ntransfers)
# June: WX-A 3,704.71 fits the budget, WX-D 1,232.88 does not: the whole period is refused
check_rc "June is refused (exit 1)" 1 on 2024-07-01 interest accrue --scheme tight --period 2024-06 --json
check_eq "code exceeds_credits" "exceeds_credits" "$(pyx "$E2E_TMP/out" 'j["error"]["code"]')"
check_eq "nothing half-paid: the budget is whole" "400000" "$(bal budget/tight-2024/interest-subsidy)"
check_eq "no transfer" "$t1" "$(ntransfers)"
check_rc "no period recorded" 2 hs interest show --scheme tight --period 2024-06

# ---- a scheme paying the banks ----
sed -e 's/^policy wuxi.interest_subsidy /policy bank.interest_subsidy /' \
    "$ROOT/policies/wuxi-interest-subsidy.policy" >"$E2E_TMP/bank.policy"
check_rc "a scheme paying the lending banks" 0 hs interest scheme add to-banks --policy "$E2E_TMP/bank.policy" --pay-to bank
boc0=$(bal bank/BOC-WX/interest)
check_rc "accrue May under it" 0 on 2024-06-03 interest accrue --scheme to-banks --period 2024-05 --json
check_eq "BOC-WX's interest account got WX-A's and WX-D's subsidy" "$((boc0 + 538599 + 90411))" "$(bal bank/BOC-WX/interest)"
check_rc "huoshui check with three schemes" 0 hs check

# ---- check catches a row that no longer matches its transfer ----
sqlite3 "$B" ".backup '$E2E_TMP/tampered.db'"
sqlite3 "$E2E_TMP/tampered.db" "UPDATE interest_accruals SET amount_fen = amount_fen + 1, computed_fen = computed_fen + 1 WHERE loan = 'WX-B' AND scheme = 'wuxi'; UPDATE interest_runs SET total_fen = total_fen + 1 WHERE scheme = 'wuxi' AND period = '2024-05'"
check_rc "check refuses a tampered accrual (exit 1)" 1 "$H" --book "$E2E_TMP/tampered.db" check
check_contains "naming the interest tables and the loan" "interest tables agree with the ledger: interest scheme wuxi: 2024-05 of loan WX-B" "$E2E_TMP/err"

# ---- bad input: exit 2, nothing stored ----
check_rc "a period that is not one (exit 2)" 2 on 2024-06-01 interest accrue --scheme wuxi --period 2024-13 --json
check_eq "field period" "period" "$(pyx "$E2E_TMP/out" 'j["error"]["field"]')"
check_rc "an unknown scheme (exit 2)" 2 hs interest accrue --scheme nope --period 2024-05
check_rc "a policy of another instrument (exit 2)" 2 hs interest scheme add v --policy "$ROOT/policies/chengdu-compute-voucher.policy"
check_rc "--pay-to neither firm nor bank (exit 2)" 2 hs interest scheme add w2 --policy "$E2E_TMP/bank.policy" --pay-to me
check_rc "an id with a dot (exit 2)" 2 hs interest scheme add a.b --policy "$E2E_TMP/bank.policy"
check_rc "explain a loan without a row (exit 2)" 2 hs interest explain --scheme wuxi --period 2024-05 --loan WX-NONE
check_rc "interest --help" 0 "$HS" interest --help

# ---- the shipped scenario: the Wuxi package of seed 000 under the Wuxi policy ----
W=$E2E_TMP/wuxi.db
check_rc "scenario wuxi-interest runs" 0 bash "$ROOT/scenarios/wuxi-interest.sh" "$HS" "$W"
check_contains "the scenario ends with a clean check" "every invariant holds" "$E2E_TMP/out"
"$HS" --book "$W" interest show --scheme wuxi-2024 --period 2024Q2 --json >"$E2E_TMP/q2.json"
"$HS" --book "$W" interest show --scheme wuxi-2024 --period 2024Q3 --json >"$E2E_TMP/q3.json"
# the article's 500万 锡科贷 at 3%, 84 days of Q2: 500万 x 1.5% x 84 / 365 = 17,260.27
check_eq "Q2: the robotics firm's 锡科贷 gets half its 3% back" "1726027" "$(pyx "$E2E_TMP/q2.json" '[r for r in j["rows"] if r["loan"]=="WX-ROBOT-XKD"][0]["amount_fen"]')"
check_eq "Q2: the loan behind its schedule gets nothing, saying why" "0 repaying" "$(pyx "$E2E_TMP/q2.json" '[(r["amount_fen"], "repaying" if "repaying" in r["clause"] else r["clause"]) for r in j["rows"] if r["loan"]=="WX-C-1"][0]' | tr -d "(),'")"
check_eq "Q3: the loans written off in the quarter get nothing" "0 0" "$(pyx "$E2E_TMP/q3.json" '" ".join(str(r["amount_fen"]) for r in j["rows"] if r["loan"] in ("WX-C-1","WX-B-2"))')"
q2=$(pyx "$E2E_TMP/q2.json" 'j["total_fen"]')
q3=$(pyx "$E2E_TMP/q3.json" 'j["total_fen"]')
"$HS" --book "$W" balance budget/jiangsu-2024/interest-subsidy --json >"$E2E_TMP/wb.json"
check_eq "the budget's debits are the two quarters' totals" "$((q2 + q3))" "$(pyx "$E2E_TMP/wb.json" '(j[0] if isinstance(j,list) else j)["debits_posted_fen"]')"
check_eq "the rows add up to the quarter" "$q2" "$(pyx "$E2E_TMP/q2.json" 'sum(r["amount_fen"] for r in j["rows"])')"
check_rc "the scenario is deterministic" 0 bash "$ROOT/scenarios/wuxi-interest.sh" "$HS" "$E2E_TMP/wuxi2.db"
"$HS" --book "$E2E_TMP/wuxi2.db" interest show --scheme wuxi-2024 --period 2024Q2 --json >"$E2E_TMP/q2b.json"
check_eq "same Q2 total on a second run" "$q2" "$(pyx "$E2E_TMP/q2b.json" 'j["total_fen"]')"

# ---- over HTTP: the same operations, role-scoped ----
B=$E2E_TMP/srv.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-06-01
hs init >/dev/null
hs programme create jiangsu-2024 --date 2024-01-02 >/dev/null
hs programme fund jiangsu-2024 --budget interest-subsidy --amount 10万 --date 2024-01-10 >/dev/null
hs credit product create BOC-WX.锡科贷 --bank BOC-WX --name 锡科贷 --rate 3% --term-months 12 --ceiling 500万 --unsecured --repayment bullet --date 2024-01-02 >/dev/null
hs credit product create JSB-WX.人才贷 --bank JSB-WX --name 人才贷 --rate 1.2% --term-months 12 --ceiling 300万 --unsecured --repayment bullet --date 2024-01-02 >/dev/null
hs credit loan create --id H-A --product BOC-WX.锡科贷 --firm $ROBOT --amount 500万 --approved 2024-04-02 >/dev/null
hs credit loan disburse H-A --date 2024-04-08 >/dev/null
hs credit loan create --id H-B --product JSB-WX.人才贷 --firm $FIRM_B --amount 100万 --approved 2024-04-10 >/dev/null
hs credit loan disburse H-B --date 2024-04-15 >/dev/null
add_user oscar officer --scope programme:jiangsu-2024
add_user olga officer --scope programme:other-2024
add_user boc bank --scope bank:BOC-WX
add_user ed enterprise --scope firm:$FIRM_B
add_user audrey auditor
OFF=(-H "Authorization: Bearer ${TOKEN[oscar]}" -H 'Content-Type: application/json')
start_server
req POST /api/v1/interest-subsidies -H "$(as olga)" "${J[@]}" --data-binary '{"id":"wx","policy":"wuxi.interest_subsidy"}'
check_eq "an officer of another programme may not create the scheme: 403" "403" "$(status)"
req POST /api/v1/interest-subsidies -H "$(as boc)" "${J[@]}" --data-binary '{"id":"wx","policy":"wuxi.interest_subsidy"}'
check_eq "a bank may not: 403" "403" "$(status)"
req POST /api/v1/interest-subsidies "${OFF[@]}" --data-binary '{"id":"wx","policy":"wuxi.interest_subsidy","pay_to":"firm"}'
check_eq "the programme's officer creates it: 201" "201 wx" "$(status) $(jq_body 'd["id"]')"
req POST /api/v1/interest-subsidies/wx/accrue "${OFF[@]}" -H 'Idempotency-Key: may-1' --data-binary '{"period":"2024-06"}'
check_eq "June is not over: 409 period_open" "409 period_open" "$(status) $(jq_body 'd["error"]["code"]')"
t0=$(hs check --json | python3 -c "import json,sys; print(json.load(sys.stdin)['transfers'])")
req POST /api/v1/interest-subsidies/wx/accrue "${OFF[@]}" -H 'Idempotency-Key: may-2' --data-binary '{"period":"2024-05"}'
check_eq "POST accrue May: 200, 2 loans paid" "200 2" "$(status) $(jq_body 'd["paid"]')"
# H-A: 31 days x 500万 x 1.5% (3% capped) / 365 = 6,369.86; H-B: 31 days x 100万 x 1.2% / 365 = 1,019.18
check_eq "the total by hand: 6,369.86 + 1,019.18" "738904" "$(jq_body 'd["total_fen"]')"
cp "$E2E_TMP/body" "$E2E_TMP/http_may"
hs interest show --scheme wx --period 2024-05 --json >"$E2E_TMP/cli_may"
check_eq "the body is what interest show --json prints" "same" "$(same_json "$E2E_TMP/cli_may" "$E2E_TMP/http_may")"
req POST /api/v1/interest-subsidies/wx/accrue "${OFF[@]}" -H 'Idempotency-Key: may-2' --data-binary '{"period":"2024-05"}'
check_eq "the same key replays the answer" "200 true" "$(status) $(header Idempotency-Hit)"
check_eq "two transfers in all" "$((t0 + 2))" "$(hs check --json | python3 -c "import json,sys; print(json.load(sys.stdin)['transfers'])")"
req GET /api/v1/interest-subsidies/wx/periods/2024-05 -H "$(as boc)"
check_eq "a bank sees its own bank's rows only" "200 H-A" "$(status) $(jq_body '" ".join(r["loan"] for r in d["rows"])')"
req GET /api/v1/interest-subsidies/wx/periods/2024-05 -H "$(as ed)"
check_eq "an enterprise its firm's" "200 H-B" "$(status) $(jq_body '" ".join(r["loan"] for r in d["rows"])')"
req GET /api/v1/interest-subsidies/wx/periods/2024-05/loans/H-A -H "$(as audrey)"
check_eq "an auditor reads the explanation" "200 150" "$(status) $(jq_body 'd["rate_bp"]')"
req GET /api/v1/interest-subsidies/wx/periods/2024-05/loans/H-A -H "$(as ed)"
check_eq "an enterprise may not read another firm's row: 404" "404" "$(status)"
req GET /api/v1/interest-subsidies -H "$(as olga)"
check_eq "an officer of another programme lists none" "200 0" "$(status) $(jq_body 'len(d["items"])')"
req GET /api/v1/interest-subsidies/wx -H "$(as audrey)"
check_eq "the scheme with its period" "200 2024-05" "$(status) $(jq_body 'd["periods"][0]["period"]')"
stop_server
