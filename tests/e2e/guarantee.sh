#!/usr/bin/env bash
# guarantee.sh — financing guarantees (融资担保) end to end on the ASan build: the shipped scenario
# scenarios/jiangsu-guarantee.sh with every figure checked by hand against the ledger (fees and the
# 降费 subsidy, the 4:3:2:1 compensation, recoveries pro rata, capital and leverage), then the
# refusals: leverage above the policy's limit, a loan the policy refuses, compensating before the
# default, twice, or a loan the risk pool already paid, recoveries past the loss, a guarantor whose
# capital can't pay (nothing moves), and `huoshui check` catching a tampered row.
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/g.db
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export HUOSHUI_DATA=${HUOSHUI_DATA:-$ROOT}
export HUOSHUI_TODAY=2024-01-02
hs() { "$H" --book "$B" "$@"; }
pyx() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1 | tail -1; }
bal() { hs balance "$1" --json | python3 -c "import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; print(d['balance_fen'])"; }
ntransfers() { hs check --json | python3 -c "import json,sys; print(json.load(sys.stdin)['transfers'])"; }
POLICY=$ROOT/policies/jiangsu-financing-guarantee.policy

check_rc "scenario jiangsu-guarantee runs" 0 bash "$ROOT/scenarios/jiangsu-guarantee.sh" "$H" "$B"
check_contains "it ends with a clean check" "every invariant holds" "$E2E_TMP/out"

check_rc "show WX-GR-1 --json" 0 hs guarantee show WX-GR-1 --json
G=$E2E_TMP/gr.json; cp "$E2E_TMP/out" "$G"
# 500万 x 2% x 365/365 = 100,000.00; the policy subsidises 2% - 1% = 1 point: 50,000.00
check_eq "fee 100,000.00, subsidy 50,000.00, the firm 50,000.00" "10000000 5000000 5000000" "$(pyx "$G" 'j["fee_fen"], j["subsidy_fen"], j["firm_fee_fen"]' | tr -d '(),')"
check_eq "the shares stored: 4:3:2:1" "4000 3000 2000 1000" "$(pyx "$G" '" ".join(str(j["shares_bp"][k]) for k in ("national","provincial","bank","guarantor"))')"
check_rc "show WX-GC-1 --json" 0 hs guarantee show WX-GC-1 --json
# 800万 x 1.8% = 144,000.00; subsidy 0.8 point = 64,000.00
check_eq "a 1.8% fee: 144,000.00 of which 64,000.00 subsidised" "14400000 6400000" "$(pyx "$E2E_TMP/out" 'j["fee_fen"], j["subsidy_fen"]' | tr -d '(),')"
check_eq "the guarantor's fee account holds every fee" "$((10000000 + 10000000 + 14400000))" "$(bal guarantor/WXRD/fees)"
check_eq "the fee budget paid the subsidies" "$((500000000 - 5000000 - 5000000 - 6400000))" "$(bal budget/jiangsu-2024/guarantee-fee)"

check_rc "show WX-GD-1 --json" 0 hs guarantee show WX-GD-1 --json
D=$E2E_TMP/gd.json; cp "$E2E_TMP/out" "$D"
check_eq "the loss of 500万 split 4:3:2:1" "200000000 150000000 100000000 50000000" "$(pyx "$D" '" ".join(str(j["borne_fen"][k]) for k in ("national","provincial","bank","guarantor"))')"
check_eq "the 100万 recovery returned pro rata" "40000000 30000000 20000000 10000000" "$(pyx "$D" '" ".join(str(j["recovered_to_fen"][k]) for k in ("national","provincial","bank","guarantor"))')"
# the bank: -500万 written off, +400万 compensation, +20万 recovered
check_eq "the bank's net loss is its 20% less its recovery share" "-80000000" "$(bal bank/SPDB-WX/losses)"
check_eq "the national fund: 3000万 - 200万 + 40万" "$((3000000000 - 200000000 + 40000000))" "$(bal reguarantee/national)"
check_eq "the re-guarantor: 3000万 - 150万 + 30万" "$((3000000000 - 150000000 + 30000000))" "$(bal reguarantee/JSZDB)"
check_eq "the guarantor's capital: 1亿 - 50万 + 10万" "$((10000000000 - 50000000 + 10000000))" "$(bal guarantor/WXRD/capital)"
check_rc "institution show --json" 0 hs guarantee institution show WXRD --json
R=$E2E_TMP/r.json; cp "$E2E_TMP/out" "$R"
# in force: WX-GR-1 500万 (disbursed) + WX-GC-1 800万 (approved) = 1300万 on 9,960万 of capital
check_eq "in force 1300万, leverage 0.13x" "1300000000 13" "$(pyx "$R" 'j["in_force_fen"], j["leverage_x100"]' | tr -d '(),')"
check_eq "compensated 400万, re-guaranteed 350万" "400000000 350000000" "$(pyx "$R" 'j["compensated_fen"], j["reguaranteed_fen"]' | tr -d '(),')"

# ---- refusals ----
t0=$(ntransfers)
check_rc "compensating twice is refused (exit 1)" 1 hs guarantee compensate WX-GD-1 --json
check_eq "state_conflict" "state_conflict" "$(pyx "$E2E_TMP/out" 'j["error"]["code"]')"
check_rc "compensating a loan not in default (exit 1)" 1 hs guarantee compensate WX-GR-1 --date 2024-10-01
check_rc "a recovery past the loss (exit 1)" 1 hs guarantee recover WX-GD-1 --amount 500万 --json
check_eq "exceeds_loss" "exceeds_loss" "$(pyx "$E2E_TMP/out" 'j["error"]["code"]')"
check_rc "the same recovery id again is a no-op" 0 hs guarantee recover WX-GD-1 --amount 100万 --date 2024-12-02 --id WX-GD-1-rec-1
check_rc "the id with another amount is refused (exit 2)" 2 hs guarantee recover WX-GD-1 --amount 50万 --date 2024-12-02 --id WX-GD-1-rec-1
check_eq "nothing moved" "$t0" "$(ntransfers)"
check_rc "a second guarantee on one loan (exit 1)" 1 hs guarantee sign WX-GR-1 --guarantor WXRD --policy "$POLICY" --fee-rate 2%

hs credit loan create --id WX-BIG --product SPDB-WX.普惠贷 --firm 9132021170001004XD --amount 1000万 --approved 2024-06-03 >/dev/null
check_rc "a 3.5% fee is refused by the policy (exit 1)" 1 hs guarantee sign WX-BIG --guarantor WXRD --policy "$POLICY" --fee-rate 3.5% --json
check_eq "not_eligible, naming the rule" "not_eligible True" "$(pyx "$E2E_TMP/out" 'j["error"]["code"], "fee_ok" in j["error"]["message"]' | tr -d "(),'")"

# a small guarantor: 100万 of capital, at most 10x = 1000万 in force
hs programme fund jiangsu-2024 --budget small-capital --amount 100万 --date 2024-01-10 >/dev/null
check_rc "a guarantor with 100万 of capital" 0 hs guarantee institution add SMALL --name 小担保 --reguarantor JSZDB --programme jiangsu-2024 --budget small-capital --capital 100万
hs credit loan create --id WX-S-1 --product BOC-WX.锡科贷 --firm 9132021170001004XD --amount 500万 --approved 2024-06-03 >/dev/null
hs credit loan create --id WX-S-2 --product SPDB-WX.普惠贷 --firm 91320211700010058D --amount 600万 --approved 2024-06-03 >/dev/null
check_rc "500万 in force on 100万 (5x) is signed" 0 hs guarantee sign WX-S-1 --guarantor SMALL --policy "$POLICY" --fee-rate 1% --date 2024-06-03
check_rc "another 600万 (11x) is refused (exit 1)" 1 hs guarantee sign WX-S-2 --guarantor SMALL --policy "$POLICY" --fee-rate 1% --date 2024-06-03 --json
check_eq "leverage_exceeded" "leverage_exceeded" "$(pyx "$E2E_TMP/out" 'j["error"]["code"]')"
check_rc "a 1% fee: nothing subsidised" 0 hs guarantee show WX-S-1 --json
check_eq "subsidy 0, the firm pays the whole 50,000.00" "0 5000000" "$(pyx "$E2E_TMP/out" 'j["subsidy_fen"], j["firm_fee_fen"]' | tr -d '(),')"
# a policy without re-guarantee: the guarantor bears 80% itself, more than its capital holds
sed -e 's/^policy jiangsu.financing_guarantee /policy lone.financing_guarantee /' \
    -e 's/national_share: rate = 40%/national_share: rate = 0%/' \
    -e 's/provincial_share: rate = 30%/provincial_share: rate = 0%/' \
    -e 's/guarantor_share: rate = 10%/guarantor_share: rate = 80%/' "$POLICY" >"$E2E_TMP/lone.policy"
hs credit loan create --id WX-S-3 --product BOC-WX.锡科贷 --firm 91320211700010082X --amount 300万 --approved 2024-06-03 >/dev/null
check_rc "a guarantee without re-guarantee (the guarantor bears 80%)" 0 hs guarantee sign WX-S-3 --guarantor SMALL --policy "$E2E_TMP/lone.policy" --fee-rate 1% --date 2024-06-03
hs credit loan disburse WX-S-3 --date 2024-06-05 >/dev/null
hs credit default WX-S-3 --date 2024-09-20 >/dev/null
cap1=$(bal guarantor/SMALL/capital)
t1=$(ntransfers)
check_rc "compensating 240万 from 100万 of capital is refused (exit 1)" 1 hs guarantee compensate WX-S-3 --date 2024-09-25 --json
check_eq "exceeds_credits" "exceeds_credits" "$(pyx "$E2E_TMP/out" 'j["error"]["code"]')"
check_eq "the capital is untouched" "$cap1" "$(bal guarantor/SMALL/capital)"
check_eq "no transfer" "$t1" "$(ntransfers)"
check_rc "the guarantee is still active" 0 hs guarantee show WX-S-3 --json
check_eq "status active" "active" "$(pyx "$E2E_TMP/out" 'j["status"]')"

# a loan the risk pool compensated is not compensated again
hs programme fund jiangsu-2024 --budget risk-pool --amount 500万 --date 2024-01-10 >/dev/null
hs credit pool create P --programme jiangsu-2024 --budget risk-pool --date 2024-01-10 >/dev/null
hs credit pool fund P --amount 500万 --date 2024-01-15 >/dev/null
hs credit loan create --id WX-P-1 --product BOC-WX.锡科贷 --firm 91320211700010082X --amount 200万 --approved 2024-06-03 --pool P >/dev/null
check_rc "guarantee a pool-covered loan" 0 hs guarantee sign WX-P-1 --guarantor WXRD --policy "$POLICY" --fee-rate 2% --date 2024-06-03
hs credit loan disburse WX-P-1 --date 2024-06-05 >/dev/null
hs credit default WX-P-1 --date 2024-09-20 >/dev/null
hs credit claim WX-P-1 --pool P --date 2024-09-25 >/dev/null
check_rc "compensating after the pool's claim is refused (exit 1)" 1 hs guarantee compensate WX-P-1 --date 2024-10-01
check_contains "saying the pool paid" "was compensated by pool P already" "$E2E_TMP/err"
check_rc "huoshui check after the refusals" 0 hs check

# ---- bad input ----
check_rc "an unknown guarantor (exit 2)" 2 hs guarantee sign WX-S-2 --guarantor NOPE --policy "$POLICY" --fee-rate 1%
check_rc "an unknown loan (exit 2)" 2 hs guarantee show NOPE
check_rc "re-guarantor 'national' is the fund (exit 2)" 2 hs guarantee institution add X --name X --reguarantor national --programme jiangsu-2024 --budget small-capital --capital 1
check_rc "a policy of another instrument (exit 2)" 2 hs guarantee sign WX-S-2 --guarantor WXRD --policy "$ROOT/policies/chengdu-compute-voucher.policy" --fee-rate 1%
check_rc "a missing budget (exit 2)" 2 hs guarantee party fund national --programme jiangsu-2024 --budget nope --amount 1

# ---- check catches a tampered guarantee ----
sqlite3 "$B" ".backup '$E2E_TMP/t.db'"
sqlite3 "$E2E_TMP/t.db" "UPDATE guarantee_loans SET fee_fen = fee_fen + 100, firm_fee_fen = firm_fee_fen + 100 WHERE loan = 'WX-GR-1'"
check_rc "check refuses tampered fees (exit 1)" 1 "$H" --book "$E2E_TMP/t.db" check
check_contains "naming the guarantor" "guarantee tables agree with the ledger: guarantor WXRD" "$E2E_TMP/err"
check_rc "guarantee --help" 0 "$HS" guarantee --help

# ---- over HTTP: show, sign, compensate, role-scoped ----
B=$E2E_TMP/srv.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-09-30
hs init >/dev/null
hs programme create jiangsu-2024 --date 2024-01-02 >/dev/null
for b in guarantee-capital:1亿 guarantee-fee:100万 national-fund:1000万 reguarantee:1000万; do
  hs programme fund jiangsu-2024 --budget "${b%%:*}" --amount "${b##*:}" --date 2024-01-10 >/dev/null
done
hs guarantee institution add WXRD --name 无锡市融资担保 --reguarantor JSZDB --programme jiangsu-2024 --budget guarantee-capital --capital 1亿 --date 2024-01-15 >/dev/null
hs guarantee party fund national --programme jiangsu-2024 --budget national-fund --amount 1000万 --date 2024-01-15 >/dev/null
hs guarantee party fund JSZDB --programme jiangsu-2024 --budget reguarantee --amount 1000万 --date 2024-01-15 >/dev/null
hs credit product create BOC-WX.锡科贷 --bank BOC-WX --name 锡科贷 --rate 3% --term-months 12 --ceiling 500万 --unsecured --repayment bullet --date 2024-01-02 >/dev/null
hs credit loan create --id H-1 --product BOC-WX.锡科贷 --firm 91320211700010023T --amount 500万 --approved 2024-04-02 >/dev/null
hs credit loan disburse H-1 --date 2024-04-08 >/dev/null
add_user oscar officer --scope programme:jiangsu-2024
add_user olga officer --scope programme:other-2024
add_user boc bank --scope bank:BOC-WX
add_user jsb bank --scope bank:JSB-WX
add_user audrey auditor
OFF=(-H "Authorization: Bearer ${TOKEN[oscar]}" -H 'Content-Type: application/json')
start_server
req POST /api/v1/guarantees -H "$(as olga)" "${J[@]}" --data-binary '{"loan":"H-1","guarantor":"WXRD","policy":"jiangsu.financing_guarantee","fee_rate":"2%"}'
check_eq "an officer of another programme may not sign: 403" "403" "$(status)"
req POST /api/v1/guarantees "${OFF[@]}" --data-binary '{"loan":"H-1","guarantor":"WXRD","policy":"jiangsu.financing_guarantee","fee_rate":"lots"}'
check_eq "a bad fee rate: 422 fee_rate" "422 fee_rate" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/guarantees "${OFF[@]}" --data-binary '{"loan":"H-1","guarantor":"WXRD","policy":"jiangsu.financing_guarantee","fee_rate":"2%"}'
check_eq "the programme's officer signs: 201, fee 100,000.00" "201 10000000" "$(status) $(jq_body 'd["fee_fen"]')"
req GET /api/v1/guarantees/H-1 -H "$(as boc)"
cp "$E2E_TMP/body" "$E2E_TMP/http_g"
hs guarantee show H-1 --json >"$E2E_TMP/cli_g"
check_eq "the loan's bank reads it, the CLI's bytes" "200 same" "$(status) $(same_json "$E2E_TMP/cli_g" "$E2E_TMP/http_g")"
req GET /api/v1/guarantees/H-1 -H "$(as jsb)"
check_eq "another bank may not: 403" "403" "$(status)"
hs credit default H-1 --date 2024-09-02 >/dev/null
req POST /api/v1/guarantees/H-1/compensate "${OFF[@]}" --data-binary '{}'
check_eq "compensate without Idempotency-Key: 400" "400" "$(status)"
req POST /api/v1/guarantees/H-1/compensate "${OFF[@]}" -H 'Idempotency-Key: c-1' --data-binary '{}'
check_eq "compensate: 200, the national fund's 40% = 200万" "200 200000000" "$(status) $(jq_body 'd["borne_fen"]["national"]')"
req POST /api/v1/guarantees/H-1/compensate "${OFF[@]}" -H 'Idempotency-Key: c-1' --data-binary '{}'
check_eq "the same key replays it" "200 true" "$(status) $(header Idempotency-Hit)"
req POST /api/v1/guarantees/H-1/compensate "${OFF[@]}" -H 'Idempotency-Key: c-2' --data-binary '{}'
check_eq "a new key: 409 state_conflict (compensated already)" "409 state_conflict" "$(status) $(jq_body 'd["error"]["code"]')"
check_eq "the bank was paid 400万 once" "-100000000" "$(bal bank/BOC-WX/losses)"
req GET /api/v1/guarantors/WXRD -H "$(as audrey)"
check_eq "an auditor reads the report" "200 400000000" "$(status) $(jq_body 'd["compensated_fen"]')"
req GET /api/v1/guarantors -H "$(as olga)"
check_eq "an officer of another programme lists none" "200 0" "$(status) $(jq_body 'len(d["items"])')"
stop_server
start_server
req POST /api/v1/guarantees/H-1/recover "${OFF[@]}" -H 'Idempotency-Key: r-1' --data-binary '{"amount":"100万","from":"reguarantee/national"}'
check_eq "a recovery may not be paid out of a module's account: 409" "409 account_owned_by_module" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/guarantees/H-1/recover "${OFF[@]}" -H 'Idempotency-Key: r-2' --data-binary '{"amount":"100万","id":"H-1-r1"}'
check_eq "a recovery over HTTP: 40万 back to the national fund" "200 40000000" "$(status) $(jq_body 'd["recovered_to_fen"]["national"]')"
req POST /api/v1/guarantors "${OFF[@]}" --data-binary '{"id":"WXRD","name":"无锡市融资担保","reguarantor":"JSZDB","programme":"jiangsu-2024","budget":"guarantee-capital","capital":"1000万","transfer_id":"wxrd-top-up"}'
check_eq "the budget is spent: 409 exceeds_credits" "409 exceeds_credits" "$(status) $(jq_body 'd["error"]["code"]')"
hs programme fund jiangsu-2024 --budget guarantee-capital --amount 1000万 --date 2024-09-01 >/dev/null
req POST /api/v1/guarantors "${OFF[@]}" --data-binary '{"id":"WXRD","name":"无锡市融资担保","reguarantor":"JSZDB","programme":"jiangsu-2024","budget":"guarantee-capital","capital":"1000万","transfer_id":"wxrd-top-up"}'
check_eq "capital added over HTTP: 201, 1.1亿 paid in" "201 11000000000" "$(status) $(jq_body 'd["contributed_fen"]')"
req POST /api/v1/guarantors -H "$(as olga)" "${J[@]}" --data-binary '{"id":"X","name":"X","reguarantor":"JSZDB","programme":"jiangsu-2024","budget":"guarantee-capital","capital":"1"}'
check_eq "an officer of another programme may not: 403" "403" "$(status)"
stop_server
check_rc "huoshui check after the HTTP steps" 0 hs check
