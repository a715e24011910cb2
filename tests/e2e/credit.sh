#!/usr/bin/env bash
# credit.sh — bank credit and the risk-compensation pool end to end: runs the shipped scenario
# scenarios/jiangsu-wuxi.sh on the ASan build, checks every figure against the ledger's own
# balances (to the fen), the leverage and the 5-working-day list, then every refusal and exit code.
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/wuxi.db
hs() { "$H" --book "$B" "$@"; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export HUOSHUI_DATA=${HUOSHUI_DATA:-$ROOT}
# py EXPR FILE: evaluates EXPR with j = the JSON in FILE
py() { python3 -c "import json,sys; j=json.load(open(sys.argv[2])); print($1)" "$1" "$2" 2>&1 | tail -1; }
pyx() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1 | tail -1; }

check_rc "the scenario runs to the end" 0 "$ROOT/scenarios/jiangsu-wuxi.sh" "$H" "$B"
cp "$E2E_TMP/out" "$E2E_TMP/scenario.txt"
check_contains "scenario ends with a clean check" "every invariant holds" "$E2E_TMP/scenario.txt"
check_contains "scenario prints the pool report" "reconciled" "$E2E_TMP/scenario.txt"
check_rc "the scenario refuses an existing book" 2 "$ROOT/scenarios/jiangsu-wuxi.sh" "$H" "$B"

# ---- the pool report against the ledger ----
check_rc "pool show --json" 0 hs credit pool show jiangsu-wuxi --json
cp "$E2E_TMP/out" "$E2E_TMP/pool.json"
P=$E2E_TMP/pool.json
check_eq "funded: two fundings of 500万" "1000000000 2" "$(pyx "$P" 'j["funded_fen"], j["fundings"]')"
check_eq "claims paid: 300万 (90% capped) + 958,333.34 (50%)" "395833334 2" "$(pyx "$P" 'j["claims_paid_fen"], j["claims"]')"
check_eq "claims entitled before caps" "695833335" "$(pyx "$P" 'j["claims_entitled_fen"]')"
check_eq "recovery returned to the pool: 100万 x 300万 / 6,666,666.68" "45000000" "$(pyx "$P" 'j["returned_fen"]')"
check_eq "balance = funded - paid + returned" "649166666" "$(pyx "$P" 'j["balance_fen"]')"
check_eq "report reconciled with the ledger" "True" "$(pyx "$P" 'j["reconciled"]')"
check_rc "pool list --json" 0 hs credit pool list --json
check_eq "pool list --json holds the pool show object" "same" "$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); print("same" if a==[b] else "differ")' "$E2E_TMP/out" "$P")"
check_rc "pool list (text)" 0 hs credit pool list
check_contains "pool list names the pool and its balance" "6,491,666.66 CNY" "$E2E_TMP/out"
check_rc "balance of the pool account --json" 0 hs balance pool/jiangsu-wuxi --json
A=$E2E_TMP/out
check_eq "pool/jiangsu-wuxi held in the ledger" "649166666" "$(pyx "$A" 'j[0]["balance_fen"]')"
check_eq "pool debits = claims paid, credits = fundings + returns" "395833334 1045000000" "$(pyx "$A" 'j[0]["debits_posted_fen"], j[0]["credits_posted_fen"]')"
check_eq "report's ledger balance is the account's" "$(pyx "$A" 'j[0]["balance_fen"]')" "$(pyx "$P" 'j["ledger_balance_fen"]')"
check_rc "balance of every loan account --json" 0 hs balance loan --json
cp "$E2E_TMP/out" "$E2E_TMP/loans.json"
check_eq "outstanding = sum over loan/* of debits - credits" "$(pyx "$E2E_TMP/loans.json" 'sum(a["debits_posted_fen"]-a["credits_posted_fen"] for a in j)')" "$(pyx "$P" 'j["outstanding_fen"]')"
check_eq "outstanding to the fen" "3789355755" "$(pyx "$P" 'j["outstanding_fen"]')"
check_eq "11 loans, 10 disbursed, 2 defaults" "11 10 2" "$(pyx "$P" 'j["loans"], j["disbursed_loans"], j["defaults"]')"
check_eq "written off: 6,666,666.68 + 1,916,666.67" "858333335" "$(pyx "$P" 'j["written_off_fen"]')"
check_eq "leverage 37,893,557.55 / 6,491,666.66 = 5.84x, below the 10x required" "584 5.84x False" "$(pyx "$P" 'j["leverage_x100"], j["leverage"], j["meets_required"]')"
check_eq "lending backed at 10x" "6491666660" "$(pyx "$P" 'j["capacity_fen"]')"
check_eq "per-bank claims add up" "395833334" "$(pyx "$P" 'sum(b["claims_paid_fen"] for b in j["banks"])')"
check_rc "balance of bank accounts --json" 0 hs balance bank --json
BK=$E2E_TMP/out
check_eq "SPDB losses: -6,666,666.68 + 300万 claim + 100万 recovered - 45万 returned" "-311666668" "$(pyx "$BK" '[a["balance_fen"] for a in j if a["account"]=="bank/SPDB-WX/losses"][0]')"
check_eq "JSB losses: -1,916,666.67 + 958,333.34" "-95833333" "$(pyx "$BK" '[a["balance_fen"] for a in j if a["account"]=="bank/JSB-WX/losses"][0]')"
check_eq "lending accounts are clearing accounts (net zero)" "0" "$(pyx "$BK" 'sum(a["balance_fen"] for a in j if a["account"].endswith("/lending"))')"
check_eq "interest income = interest in the pool report" "$(pyx "$BK" 'sum(a["balance_fen"] for a in j if a["account"].endswith("/interest"))')" "$(pyx "$P" 'j["interest_paid_fen"]')"
check_rc "budget after funding the pool" 0 hs balance budget/jiangsu-2024/risk-pool --json
check_eq "budget keeps 3000万" "3000000000" "$(pyx "$E2E_TMP/out" 'j[0]["balance_fen"]')"

# ---- loans ----
check_rc "loan show --json" 0 hs credit loan show WX-ROBOT-PHD --json
L=$E2E_TMP/out
check_eq "schedule principal adds up to the loan" "500000000 500000000" "$(pyx "$L" 'sum(i["principal_fen"] for i in j["schedule"]), j["amount_fen"]')"
check_eq "equal principal: 416,666.66 x 11 + 416,666.74" "41666666 41666674 12" "$(pyx "$L" 'j["schedule"][0]["principal_fen"], j["schedule"][-1]["principal_fen"], len(j["schedule"])')"
check_eq "first instalment interest 500万 x 2.95% x 30/365" "1212329" "$(pyx "$L" 'j["schedule"][0]["interest_fen"]')"
check_eq "outstanding after two instalments" "416666668" "$(pyx "$L" 'j["outstanding_fen"]')"
check_rc "ledger agrees on loan/WX-ROBOT-PHD" 0 hs balance loan/WX-ROBOT-PHD --json
check_eq "loan account debits - credits" "416666668" "$(pyx "$E2E_TMP/out" 'j[0]["debits_posted_fen"]-j[0]["credits_posted_fen"]')"
check_rc "claimed loan shows its claim" 0 hs credit loan show WX-C-1 --json
check_eq "claim rule and figures" "first-loan 90%, cap per loan 666666668 300000000" "$(pyx "$E2E_TMP/out" 'j["claim"]["rule"], j["claim"]["base_fen"], j["claim"]["paid_fen"]')"
check_eq "its repayments and recovery are listed" "repay:2004384 repay:1778082 recover:45000000" "$(pyx "$E2E_TMP/out" '" ".join(e["kind"]+":"+str(e["interest_fen"] or e["pool_fen"]) for e in j["events"])')"
check_rc "loan show as a table" 0 hs credit loan show WX-ROBOT-XKD
check_contains "table shows the bullet schedule" "bullet" "$E2E_TMP/out"
check_rc "loan list --pool --json" 0 hs credit loan list --pool jiangsu-wuxi --json
check_eq "loan list has 11 loans" "11" "$(pyx "$E2E_TMP/out" 'len(j)')"
check_rc "product list --json" 0 hs credit product list --json
check_eq "three products" "BOC-WX.锡科贷 JSB-WX.人才贷 SPDB-WX.普惠贷" "$(pyx "$E2E_TMP/out" '" ".join(p["id"] for p in j)')"

# ---- the 5-working-day service check ----
check_rc "overdue-approvals --json" 0 hs credit loan overdue-approvals --on 2024-10-15 --json
O=$E2E_TMP/out
check_eq "late and never disbursed are listed" "WX-H-1:disbursed-late:2024-06-11 WX-G-1:not-disbursed:2024-10-10" "$(pyx "$O" '" ".join(o["loan"]+":"+o["state"]+":"+o["deadline"] for o in j)')"
check_eq "the robotics package is not listed" "0" "$(pyx "$O" 'sum(1 for o in j if "ROBOT" in o["loan"])')"
check_rc "overdue-approvals on 2024-04-10 (the package's 5th working day)" 0 hs credit loan overdue-approvals --on 2024-04-10 --json
check_eq "nothing overdue on 04-10" "0" "$(pyx "$E2E_TMP/out" 'len(j)')"
check_rc "overdue-approvals with 2 working days" 0 hs credit loan overdue-approvals --on 2024-10-15 --workdays 2 --json
check_eq "robotics 普惠贷 (04-10) is late at 2 working days" "True" "$(pyx "$E2E_TMP/out" 'any(o["loan"]=="WX-ROBOT-PHD" for o in j)')"
check_rc "overdue-approvals as a table" 0 hs credit loan overdue-approvals --on 2024-10-15
check_contains "table names the never-disbursed loan" "WX-G-1" "$E2E_TMP/out"

# ---- refusals (exit 1) ----
check_rc "disburse twice" 1 hs credit loan disburse WX-E-1 --date 2024-05-10
check_contains "disburse twice says when" "disbursed on 2024-05-09" "$E2E_TMP/err"
check_rc "repay after default" 1 hs credit repay WX-C-1 --amount 1万 --date 2024-12-01
check_contains "repay after default names it" "defaulted" "$E2E_TMP/err"
check_rc "claim before default" 1 hs credit claim WX-E-1 --pool jiangsu-wuxi --date 2024-12-01
check_contains "claim before default names it" "not defaulted" "$E2E_TMP/err"
check_rc "claim twice" 1 hs credit claim WX-C-1 --date 2024-12-01
check_contains "claim twice names it" "already claimed" "$E2E_TMP/err"
check_rc "default twice" 1 hs credit default WX-C-1 --date 2024-12-01
check_rc "repay a loan not disbursed" 1 hs credit repay WX-G-1 --amount 1万 --date 2024-12-01
check_rc "loan above the product ceiling" 1 hs credit loan create --id WX-X-1 --product JSB-WX.人才贷 --firm 913202117000100743 --amount 301万 --approved 2024-10-01
check_contains "ceiling named" "ceiling" "$E2E_TMP/err"
check_rc "repay more than is owed" 1 hs credit repay WX-D-1 --amount 1亿 --date 2024-12-01
check_rc "recover on a loan that has not defaulted" 1 hs credit recover WX-E-1 --amount 1万 --date 2024-12-01
check_rc "recover more than was lost" 1 hs credit recover WX-B-2 --amount 200万 --date 2024-12-01
hs balance --json >"$E2E_TMP/before.json"
check_rc "a recovery paid out of a module's account (the pool) is refused" 1 hs credit recover WX-B-2 --amount 1万 --date 2024-12-01 --from pool/jiangsu-wuxi
check_contains "refused as account_owned_by_module naming from" "field 'from': pool/jiangsu-wuxi belongs to module" "$E2E_TMP/err"
check_rc "out of a programme budget, too" 1 hs credit recover WX-B-2 --amount 1万 --date 2024-12-01 --from budget/jiangsu-2024/risk-pool
hs balance --json >"$E2E_TMP/after.json"
check_eq "the refused recoveries moved nothing" "$(md5sum <"$E2E_TMP/before.json")" "$(md5sum <"$E2E_TMP/after.json")"
check_rc "fund the pool beyond its budget" 1 hs credit pool fund jiangsu-wuxi --amount 3001万 --date 2024-12-01
check_contains "the budget refuses the overspend" "exceeds_credits" "$E2E_TMP/err"

# a small second pool: partial claims, --no-partial, an empty pool
check_rc "second pool" 0 hs credit pool create tiny --programme jiangsu-2024 --budget risk-pool --multiple 12.5x --share-first-loan 80% --date 2024-10-01
check_rc "fund it with 10万" 0 hs credit pool fund tiny --amount 10万 --date 2024-10-01
check_rc "a product covered by it" 0 hs credit product create --bank BOC-WX --name 科创贷 --rate 300bp --term-months 6 --ceiling 100万 --unsecured --pool tiny --date 2024-10-01
check_rc "a loan under it" 0 hs credit loan create --id T-1 --product BOC-WX.科创贷 --firm 91320211700010090Q --amount 100万 --approved 2024-10-08
check_rc "disburse" 0 hs credit loan disburse T-1 --date 2024-10-09
check_rc "default" 0 hs credit default T-1 --date 2024-11-01
check_rc "claim above the pool with --no-partial is refused" 1 hs credit claim T-1 --date 2024-11-05 --no-partial
check_contains "refusal names the pool balance" "100,000.00 CNY" "$E2E_TMP/err"
check_rc "claim paid in part" 0 hs credit claim T-1 --date 2024-11-05 --json
check_eq "80% of 100万 = 80万, paid 10万, shortfall 70万" "800000 80000000 10000000 70000000" "$(pyx "$E2E_TMP/out" 'j["share_bp"]*100, j["capped_fen"], j["paid_fen"], j["shortfall_fen"]')"
check_rc "tiny pool balance" 0 hs balance pool/tiny --json
check_eq "the pool is empty, not negative" "0" "$(pyx "$E2E_TMP/out" 'j[0]["balance_fen"]')"
check_rc "another loan" 0 hs credit loan create --id T-2 --product BOC-WX.科创贷 --firm 91320211700010090Q --amount 10万 --approved 2024-10-08
check_rc "disburse it" 0 hs credit loan disburse T-2 --date 2024-10-09
check_rc "default it" 0 hs credit default T-2 --date 2024-11-01
check_rc "a claim on an empty pool is refused" 1 hs credit claim T-2 --date 2024-11-05
check_contains "empty named" "empty" "$E2E_TMP/err"
check_rc "recovery on the partly paid claim" 0 hs credit recover T-1 --amount 50万 --date 2024-12-01 --json
check_eq "pool gets 10万 x 50万 / 100万" "5000000" "$(pyx "$E2E_TMP/out" 'j["pool_share_fen"]')"
check_rc "tiny report" 0 hs credit pool show tiny --json
check_eq "tiny: reconciled, balance 5万, 12.5x required" "True 5000000 1250" "$(pyx "$E2E_TMP/out" 'j["reconciled"], j["balance_fen"], j["params"]["required_multiple_x100"]')"

# a plain transfer can't touch the pool at all: its accounts belong to the credit module
check_rc "a raw transfer out of a pool is refused by the engine" 1 hs transfer --id raw-1 --debit pool/tiny --credit bank/BOC-WX/losses --amount 50,000.01
check_contains "the engine names the owner rule" "account_owned_by_module" "$E2E_TMP/err"

# four banks' claims racing for a pool that can pay only some of them: one process at a time
check_rc "race pool" 0 hs credit pool create race --programme jiangsu-2024 --budget risk-pool --share 50% --share-unsecured 50% --share-first-loan 50% --date 2024-10-01
check_rc "fund it with 50万" 0 hs credit pool fund race --amount 50万 --date 2024-10-01
check_rc "race product" 0 hs credit product create --bank JSB-WX --name 竞速贷 --rate 3% --term-months 12 --ceiling 100万 --pool race --date 2024-10-01
for i in 1 2 3 4; do
  hs credit loan create --id R-$i --product JSB-WX.竞速贷 --firm 91320211700010090Q --amount 40万 --approved 2024-10-08 >/dev/null 2>&1
  hs credit loan disburse R-$i --date 2024-10-09 >/dev/null 2>&1
  hs credit default R-$i --date 2024-11-01 >/dev/null 2>&1
done
pids=()
for i in 1 2 3 4; do
  hs credit claim R-$i --date 2024-11-05 --json >"$E2E_TMP/race-$i.out" 2>"$E2E_TMP/race-$i.err" &
  pids+=($!)
done
codes=""
for p in "${pids[@]}"; do wait "$p"; codes="$codes $?"; done
check_eq "racing claims: two paid in full, one in part, one refused on the empty pool" " 0 0 0 1" "$(echo $codes | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/^/ /; s/ $//')"
check_rc "race pool report" 0 hs credit pool show race --json
check_eq "race: paid exactly the pool, balance 0, reconciled" "50000000 0 True" "$(pyx "$E2E_TMP/out" 'j["claims_paid_fen"], j["ledger_balance_fen"], j["reconciled"]')"

# racing writers without client ids: each gets its own sequence number inside its transaction
check_rc "race2 pool" 0 hs credit pool create race2 --programme jiangsu-2024 --budget risk-pool --date 2024-10-01
check_rc "a loan to repay from four processes" 0 hs credit loan create --id RR-1 --product JSB-WX.竞速贷 --firm 91320211700010090Q --amount 100万 --approved 2024-10-08 --pool none
check_rc "disburse RR-1" 0 hs credit loan disburse RR-1 --date 2024-10-09
pids=()
for i in 1 2 3 4; do
  hs credit pool fund race2 --amount 1万 --date 2024-10-02 >"$E2E_TMP/f-$i.out" 2>&1 &
  pids+=($!)
  hs credit repay RR-1 --amount 10万 --date 2024-11-09 >"$E2E_TMP/p-$i.out" 2>&1 &
  pids+=($!)
done
codes=""
for p in "${pids[@]}"; do wait "$p"; codes="$codes$?"; done
check_eq "eight racing writers all succeed" "00000000" "$codes"
check_rc "race2 report" 0 hs credit pool show race2 --json
check_eq "four fundings of 1万, reconciled" "4 4000000 True" "$(pyx "$E2E_TMP/out" 'j["fundings"], j["funded_fen"], j["reconciled"]')"
check_rc "RR-1 after four racing repayments" 0 hs credit loan show RR-1 --json
cp "$E2E_TMP/out" "$E2E_TMP/rr.json"
check_eq "four repayments recorded" "4 4" "$(pyx "$E2E_TMP/rr.json" 'j["repayments"], len(j["events"])')"
check_rc "loan/RR-1 in the ledger" 0 hs balance loan/RR-1 --json
check_eq "ledger = outstanding" "$(pyx "$E2E_TMP/rr.json" 'j["outstanding_fen"]')" "$(pyx "$E2E_TMP/out" 'j[0]["debits_posted_fen"]-j[0]["credits_posted_fen"]')"

# ---- idempotence ----
check_rc "repay with a client id" 0 hs credit repay WX-E-1 --amount 50万 --date 2024-06-09 --id E-pay-1
check_rc "the same again is exit 0" 0 hs credit repay WX-E-1 --amount 50万 --date 2024-06-09 --id E-pay-1
check_contains "says exists" "exists" "$E2E_TMP/out"
check_rc "the same id with another amount is exit 2" 2 hs credit repay WX-E-1 --amount 60万 --date 2024-06-09 --id E-pay-1
check_rc "pool fund retry with the same id" 0 hs credit pool fund jiangsu-wuxi --amount 500万 --date 2024-09-02 --id pool-fund-2024-09
check_rc "product create again with the same terms" 0 hs credit product create BOC-WX.锡科贷 --bank BOC-WX --name 锡科贷 --rate 3% --term-months 12 --ceiling 500万 --unsecured --repayment bullet --pool jiangsu-wuxi --date 2024-01-02
check_rc "product create again with another rate" 2 hs credit product create BOC-WX.锡科贷 --bank BOC-WX --name 锡科贷 --rate 4% --term-months 12 --ceiling 500万 --unsecured --repayment bullet --pool jiangsu-wuxi
check_rc "pool figures unchanged by retries" 0 hs credit pool show jiangsu-wuxi --json
check_eq "funded still 1000万" "1000000000" "$(pyx "$E2E_TMP/out" 'j["funded_fen"]')"

# ---- bad input (exit 2) ----
check_rc "unknown loan" 2 hs credit loan disburse NOPE --date 2024-05-01
check_rc "malformed firm code" 2 hs credit loan create --id X --product BOC-WX.锡科贷 --firm 123 --amount 1万 --approved 2024-05-01
check_rc "unknown product" 2 hs credit loan create --id X --product NOPE --firm 91320211700010090Q --amount 1万 --approved 2024-05-01
check_rc "malformed amount" 2 hs credit repay WX-E-1 --amount 12abc --date 2024-06-09
check_contains "names the option" "--amount" "$E2E_TMP/err"
check_rc "malformed date" 2 hs credit default WX-E-1 --date 2024-13-01
check_rc "claim against another pool" 2 hs credit claim WX-B-2 --pool tiny --date 2024-12-01
check_rc "unknown option" 2 hs credit loan create --id X --colour red
check_rc "option of another command" 2 hs credit default WX-E-1 --amount 5
check_rc "missing required option" 2 hs credit pool fund jiangsu-wuxi --date 2024-12-01
check_rc "unknown subcommand" 2 hs credit lend
check_rc "unknown loan subcommand" 2 hs credit loan approve X
check_rc "bad multiple" 2 hs credit pool create p2 --programme jiangsu-2024 --budget risk-pool --multiple ten
check_rc "share above 100%" 2 hs credit pool create p2 --programme jiangsu-2024 --budget risk-pool --share 120%
check_rc "unknown programme" 2 hs credit pool create p3 --programme nope --budget risk-pool
check_rc "bad repayment method" 2 hs credit product create --bank B --name N --rate 3% --term-months 12 --ceiling 1万 --repayment annuity
check_rc "no book" 2 "$H" --book "$E2E_TMP/none.db" credit pool show jiangsu-wuxi

# ---- money stays where the module put it (the reviewer's demonstration, on a fresh book) ----
J=$E2E_TMP/js.db
js() { "$H" --book "$J" "$@"; }
check_rc "fresh book" 0 js init
check_rc "programme" 0 js programme create js-2024 --date 2024-01-02
check_rc "its budget" 0 js programme fund js-2024 --budget risk-pool --amount 4000万 --date 2024-01-10
check_rc "pool JS" 0 js credit pool create JS --programme js-2024 --budget risk-pool --date 2024-01-10
check_rc "credit pool fund JS --amount 500万" 0 js credit pool fund JS --amount 500万 --date 2024-01-15
check_rc "a free account" 0 js account create firm/91320211700010090Q/cash --kind enterprise
check_rc "a plain transfer out of pool/JS is refused (exit 1)" 1 js transfer --id sneaky --debit pool/JS --credit firm/91320211700010090Q/cash --amount 100万
check_contains "refusal names account_owned_by_module" "account_owned_by_module" "$E2E_TMP/err"
check_rc "the same with --json" 1 js transfer --id sneaky --debit pool/JS --credit firm/91320211700010090Q/cash --amount 100万 --json
check_eq "--json prints the error object" "account_owned_by_module" "$(tail -1 "$E2E_TMP/out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["error"]["code"])')"
check_rc "a plain transfer into pool/JS is refused too" 1 js transfer --id sneaky-in --debit firm/91320211700010090Q/cash --credit pool/JS --amount 1
check_rc "pool/JS still holds 500万" 0 js balance pool/JS --json
check_eq "pool balance untouched" "500000000" "$(pyx "$E2E_TMP/out" 'j[0]["balance_fen"]')"
check_rc "pool show reconciles" 0 js credit pool show JS --json
check_eq "reconciled" "True" "$(pyx "$E2E_TMP/out" 'j["reconciled"]')"
check_rc "huoshui check still passes" 0 js check
check_contains "check ok after the refused transfer" "every invariant holds" "$E2E_TMP/out"

# ---- long ids are never truncated into colliding transfer ids ----
LONG=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  # 40 bytes
check_rc "a pool id too long to derive funding ids is refused (exit 2)" 2 js credit pool create ${LONG}-one --programme js-2024 --budget risk-pool --json
check_eq "the refusal names the field" "id invalid_field" "$(pyx "$E2E_TMP/out" 'j["error"]["field"], j["error"]["code"]')"
check_rc "so is its twin sharing the prefix" 2 js credit pool create ${LONG}-two --programme js-2024 --budget risk-pool
SH=qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq  # 31 bytes: the longest pool ids are 32
check_rc "a 32-byte pool id" 0 js credit pool create ${SH}1 --programme js-2024 --budget risk-pool --date 2024-01-10
check_rc "its twin sharing 31 bytes" 0 js credit pool create ${SH}2 --programme js-2024 --budget risk-pool --date 2024-01-10
check_rc "fund the first" 0 js credit pool fund ${SH}1 --amount 1万 --date 2024-01-15
check_rc "fund the second (no collision)" 0 js credit pool fund ${SH}2 --amount 2万 --date 2024-01-15
check_rc "fund the first again" 0 js credit pool fund ${SH}1 --amount 1万 --date 2024-01-16
check_rc "first pool report" 0 js credit pool show ${SH}1 --json
check_eq "first: two fundings of 1万" "2 2000000 True" "$(pyx "$E2E_TMP/out" 'j["fundings"], j["funded_fen"], j["reconciled"]')"
check_rc "second pool report" 0 js credit pool show ${SH}2 --json
check_eq "second: one funding of 2万" "1 2000000 True" "$(pyx "$E2E_TMP/out" 'j["fundings"], j["funded_fen"], j["reconciled"]')"
check_rc "a product id too long for its buffer is refused, not truncated" 2 js credit product create --bank BOC-WX --name "${LONG}${LONG}" --rate 3% --term-months 12 --ceiling 1万

# ---- ids and names are text ----
check_rc "a pool id that is not UTF-8 is refused (exit 2)" 2 js credit pool create $'p\xff' --programme js-2024 --budget risk-pool --json
check_eq "naming the field" "id invalid_field" "$(pyx "$E2E_TMP/out" 'j["error"]["field"], j["error"]["code"]')"
check_rc "a product name that is not UTF-8 is refused" 2 js credit product create P1 --bank B --name $'n\xfe' --rate 3% --term-months 12 --ceiling 1万 --json
check_eq "naming the name" "name" "$(pyx "$E2E_TMP/out" 'j["error"]["field"]')"
check_rc "a firm that is not UTF-8 is refused" 2 hs credit loan create --id X --product BOC-WX.锡科贷 --firm $'\xff' --amount 1万 --approved 2024-05-01 --json
check_eq "naming the firm" "firm" "$(pyx "$E2E_TMP/out" 'j["error"]["field"]')"

# ---- structured errors ----
check_rc "unknown loan --json" 2 hs credit loan show NOPE --json
check_eq "not_found naming the loan" "not_found loan" "$(pyx "$E2E_TMP/out" 'j["error"]["code"], j["error"]["field"]')"
check_rc "disburse twice --json" 1 hs credit loan disburse WX-E-1 --date 2024-05-10 --json
check_eq "state_conflict" "state_conflict" "$(pyx "$E2E_TMP/out" 'j["error"]["code"]')"
check_rc "fund beyond the budget --json" 1 hs credit pool fund jiangsu-wuxi --amount 3001万 --date 2024-12-01 --json
check_eq "exceeds_credits" "exceeds_credits" "$(pyx "$E2E_TMP/out" 'j["error"]["code"]')"

# ---- help on every command ----
for c in "" "product" "product create" "loan" "loan create" "loan disburse" "loan show" "loan overdue-approvals" "repay" "default" "claim" "recover" "pool" "pool create" "pool fund" "pool show"; do
  # shellcheck disable=SC2086
  check_rc "credit $c --help" 0 hs credit $c --help
done
check_contains "help names the pool rule" "300万" "$E2E_TMP/out"

# ---- --cn and the book ----
check_rc "pool show --cn" 0 hs credit pool show jiangsu-wuxi --cn
check_contains "--cn prints 万" "649.17万" "$E2E_TMP/out"
check_rc "huoshui check passes after everything" 0 hs check
check_contains "check ok" "every invariant holds" "$E2E_TMP/out"
