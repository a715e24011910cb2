#!/usr/bin/env bash
# approval.sh — maker-checker (四眼原则) end to end on the shipped first-version software policy:
# a programme created with --approval-threshold 100万 turns funding and subsidy payments at or
# above it into pending approvals (exit 0, "pending approval A-N (needs a reviewer)"); the maker
# (cli:root, or user alice) cannot approve their own, a reviewer out of scope or another role
# cannot either, a reviewer in scope can, and only then the ledger moves (balances read with
# --json); a decided approval cannot be decided again; a request the rules now refuse stays
# pending; a programme without the flag keeps paying at once. Reviewers act with --as USER.
source "$(dirname "$0")/lib.sh"
H=${HS_DBG:-$HS}
B=$E2E_TMP/a.db
hs() { "$H" --book "$B" "$@"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$E2E_TMP/out"; }
export HUOSHUI_TODAY=2024-06-01
FV=${HUOSHUI_DATA:-.}/policies/chengdu-first-version-software.policy
F1=91510100MA6CA00016
P_CAROL='carol-reviews-2024'
P_ALICE='alice-reviews-2024'
P_BOB='bob-reviews-other'
P_ED='ed-is-a-firm-user'

hs init >/dev/null
check_rc "programme create --approval-threshold 100万" 0 hs programme create chengdu-2024 --approval-threshold 100万
check_rc "a negative threshold is bad input" 2 hs programme create p-neg --approval-threshold -1
hs user add carol --role reviewer --scope programme:chengdu-2024 <<<"$P_CAROL" >/dev/null
hs user add alice --role reviewer --scope programme:chengdu-2024 <<<"$P_ALICE" >/dev/null
hs user add bob --role reviewer --scope programme:other-2024 <<<"$P_BOB" >/dev/null
hs user add ed --role enterprise --scope firm:$F1 <<<"$P_ED" >/dev/null

# ---- funding at or above the threshold waits; below it moves ----
check_rc "fund 1000万 (>= 100万) by cli:root" 0 hs programme fund chengdu-2024 --budget first-version-software --amount 1000万
check_contains "it says it is pending" "pending approval A-1 (needs a reviewer)" "$E2E_TMP/out"
check_rc "balance of the budget not yet made" 2 hs balance budget/chengdu-2024/first-version-software --json
check_rc "fund 99.99万 (below) moves at once" 0 hs programme fund chengdu-2024 --budget first-version-software --amount 999999.99
check_rc "balance --json" 0 hs balance budget/chengdu-2024/first-version-software --json
check_eq "only the small funding landed" "99999999" "$(json 'd[0]["credits_posted_fen"]')"
check_rc "fund exactly 100万 by alice (--as) waits" 0 hs --as alice programme fund chengdu-2024 --budget first-version-software --amount 100万 --json <<<"$P_ALICE"
check_eq "the --json answer is the pending approval" "A-2 pending alice 100000000" \
  "$(json '" ".join(str(d["pending_approval"][k]) for k in ("id","state","maker","amount_fen"))')"
check_rc "approval list --json" 0 hs approval list --json
check_eq "two pending" "2" "$(json 'len([a for a in d if a["state"]=="pending"])')"

# ---- who may approve ----
check_rc "the maker cli:root cannot approve A-1" 1 hs approval approve A-1 --json
check_eq "refused maker_cannot_approve" "maker_cannot_approve" "$(json 'd["error"]["code"]')"
check_rc "the maker alice cannot approve A-2" 1 hs --as alice approval approve A-2 <<<"$P_ALICE"
check_contains "named" "cannot approve" "$E2E_TMP/err"
check_rc "a reviewer out of scope cannot approve" 1 hs --as bob approval approve A-1 --json <<<"$P_BOB"
check_eq "refused forbidden" "forbidden" "$(json 'd["error"]["code"]')"
check_rc "an enterprise user cannot approve" 1 hs --as ed approval approve A-1 <<<"$P_ED"
check_rc "a wrong password is unauthenticated" 1 hs --as carol approval approve A-1 --json <<<"not-carols"
check_eq "refused unauthenticated" "unauthenticated" "$(json 'd["error"]["code"]')"
check_rc "bob sees no approval outside his scope" 0 hs --as bob approval list --json <<<"$P_BOB"
check_eq "an empty list" "0" "$(json 'len(d)')"
check_rc "balance still without A-1" 0 hs balance budget/chengdu-2024/first-version-software --json
check_eq "nothing moved for A-1" "99999999" "$(json 'd[0]["credits_posted_fen"]')"
check_rc "carol (reviewer in scope) approves A-1" 0 hs --as carol approval approve A-1 --reason "plan checked" --json <<<"$P_CAROL"
check_eq "executed by carol" "executed carol" "$(json 'd["state"]+" "+d["checker"]')"
check_rc "balance after approval" 0 hs balance budget/chengdu-2024/first-version-software --json
check_eq "A-1 moved 1000万 once" "$((99999999 + 1000000000))" "$(json 'd[0]["credits_posted_fen"]')"
check_rc "approving A-1 again is refused" 1 hs --as carol approval approve A-1 --json <<<"$P_CAROL"
check_eq "state_conflict" "state_conflict" "$(json 'd["error"]["code"]')"
check_rc "rejecting without a reason is bad input" 2 hs --as carol approval reject A-2 <<<"$P_CAROL"
check_rc "carol rejects A-2 with a reason" 0 hs --as carol approval reject A-2 --reason "duplicate of A-1" <<<"$P_CAROL"
check_rc "balance after the rejection" 0 hs balance budget/chengdu-2024/first-version-software --json
check_eq "the rejected funding never moved" "$((99999999 + 1000000000))" "$(json 'd[0]["credits_posted_fen"]')"
check_rc "an unknown approval is not found" 2 hs approval approve A-99
check_rc "a malformed id is bad input" 2 hs approval approve B-1

# ---- a subsidy payment waits for a reviewer too ----
hs subsidy apply --policy "$FV" --firm $F1 --id fv-1 --product soft-A --on 2024-06-01 --input role=maker --input software_price=1000万 >/dev/null
hs subsidy award fv-1 --on 2024-06-02 >/dev/null
check_rc "subsidy pay 250万 becomes pending" 0 hs subsidy pay fv-1 --on 2024-06-03
check_contains "pending A-3" "pending approval A-3" "$E2E_TMP/out"
check_rc "subsidy show --json" 0 hs subsidy show fv-1 --json
check_eq "still awarded, nothing paid" "awarded 0" "$(json 'd["status"]+" "+str(d["paid_fen"])')"
check_rc "carol approves the payment" 0 hs --as carol approval approve A-3 --on 2024-06-04 <<<"$P_CAROL"
check_rc "firm cash --json" 0 hs balance firm/$F1/cash --json
check_eq "the firm was paid 250万 on approval" "250000000" "$(json 'd[0]["credits_posted_fen"]')"
check_rc "approval list --state executed --programme chengdu-2024" 0 hs approval list --state executed --programme chengdu-2024 --json
check_eq "A-1 and A-3 executed" "A-1 A-3" "$(json '" ".join(a["id"] for a in d)')"
check_rc "an unknown --state is bad input" 2 hs approval list --state done

# ---- funding a risk-compensation pool from a programme budget waits too ----
check_rc "a pool on the first-version budget" 0 hs credit pool create fvs-pool --programme chengdu-2024 --budget first-version-software --share 50% --date 2024-06-01
check_rc "pool fund 200万 becomes pending" 0 hs credit pool fund fvs-pool --amount 200万 --date 2024-06-05
check_contains "pending A-4 credit.pool.fund" "pending approval A-4 (needs a reviewer): credit.pool.fund" "$E2E_TMP/out"
check_rc "balance of the pool before approval" 0 hs balance pool/fvs-pool --json
check_eq "the pool is empty" "0" "$(json 'd[0]["credits_posted_fen"]')"
check_rc "carol approves the pool funding" 0 hs --as carol approval approve A-4 --on 2024-06-05 <<<"$P_CAROL"
check_rc "balance of the pool after approval" 0 hs balance pool/fvs-pool --json
check_eq "the pool holds 200万" "200000000" "$(json 'd[0]["credits_posted_fen"]')"
check_rc "pool fund 99万 (below) moves at once" 0 hs credit pool fund fvs-pool --amount 99万 --date 2024-06-05
check_contains "funded" "funded pool/fvs-pool" "$E2E_TMP/out"

# ---- refused at execution: stays pending ----
check_rc "programme p0 with threshold 0 (every payment)" 0 hs programme create p0 --approval-threshold 0
check_rc "fund 0.01 of p0 waits" 0 hs programme fund p0 --budget b --amount 0.01
check_contains "pending A-5" "pending approval A-5" "$E2E_TMP/out"
hs programme close p0 >/dev/null
hs user add pat --role reviewer --scope programme:p0 <<<"$P_CAROL" >/dev/null
check_rc "approving funding of a closed programme is refused" 1 hs --as pat approval approve A-5 <<<"$P_CAROL"
check_contains "it stays pending" "stays pending" "$E2E_TMP/err"
check_rc "approval list --state pending" 0 hs approval list --state pending --json
check_eq "A-5 still pending" "A-5" "$(json '" ".join(a["id"] for a in d)')"

# ---- settling vouchers to a provider waits too ----
CV=${HUOSHUI_DATA:-.}/policies/chengdu-compute-voucher.policy
hs programme fund chengdu-2024 --budget compute-voucher --amount 1000万 >/dev/null
hs --as carol approval approve A-6 >/dev/null <<<"$P_CAROL"
hs voucher provider add cd-super --name 成都超算中心 --city 成都 >/dev/null
check_rc "issue V1" 0 hs voucher issue --id V1 --policy "$CV" --firm $F1 --expires 2024-12-31 --on 2024-06-01 --input sector=nlp
check_rc "redeem a 400万 bill (the voucher pays 120万)" 0 hs voucher redeem V1 --provider cd-super --bill-id B1 --bill 400万 --on 2024-06-02
check_rc "settle: 120万 owed >= 100万 becomes pending" 0 hs voucher settle --on 2024-06-03
check_contains "settled nothing" "settled 0.00 CNY to 0 provider accounts" "$E2E_TMP/out"
check_contains "pending A-7 voucher.settle" "pending approval A-7 (needs a reviewer): voucher.settle 1,200,000.00 CNY of programme chengdu-2024 to cd-super" "$E2E_TMP/out"
check_rc "settle again while pending" 0 hs voucher settle --on 2024-06-03
check_contains "the same approval, not a new one" "pending approval A-7 (needs a reviewer)" "$E2E_TMP/out"
check_rc "provider cash before approval" 0 hs balance provider/cd-super/cash --json
check_eq "nothing paid to the provider" "0" "$(json 'd[0]["credits_posted_fen"]')"
check_rc "the maker cannot approve the settlement" 1 hs approval approve A-7
check_rc "carol approves the settlement" 0 hs --as carol approval approve A-7 --on 2024-06-04 <<<"$P_CAROL"
check_rc "provider cash after approval" 0 hs balance provider/cd-super/cash --json
check_eq "the provider was paid 120万" "120000000" "$(json 'd[0]["credits_posted_fen"]')"
check_rc "settle again: nothing owed" 0 hs voucher settle --on 2024-06-05
check_contains "nothing" "settled 0.00 CNY to 0 provider accounts" "$E2E_TMP/out"

# ---- without --approval-threshold nothing changes ----
check_rc "programme without the flag" 0 hs programme create free-2024
check_rc "its funding moves at once" 0 hs programme fund free-2024 --budget b --amount 1亿
check_contains "funded" "funded budget/free-2024/b" "$E2E_TMP/out"
check_rc "check" 0 hs check
