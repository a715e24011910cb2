#!/usr/bin/env bash
# instruments.sh — programmes, subsidies and compute vouchers end to end on the real (ASan) binary,
# with the shipped Chengdu policies: every figure, every refusal and exit code, and `check` after.
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/inst.db
FV=policies/chengdu-first-version-software.policy
CV=policies/chengdu-compute-voucher.policy
hs() { "$H" --book "$B" "$@"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$E2E_TMP/out"; }
# valid 统一社会信用代码 (GB 32100 check character); subsidies and vouchers refuse invalid ones
F1=91510100MA6CA00016; F2=91510100MA6CA00029; F3=91510100MA6CA0003C

hs init >/dev/null
check_rc "programme create" 0 hs programme create chengdu-2024 --title-zh 成都人工智能2024 --title-en "Chengdu AI 2024" --date 2024-01-01
check_rc "programme create again (same) is harmless" 0 hs programme create chengdu-2024 --title-zh 成都人工智能2024 --title-en "Chengdu AI 2024" --date 2024-01-01
check_rc "programme create with a bad id" 2 hs programme create "Chengdu 2024"
check_rc "fund the first-version budget 400万" 0 hs programme fund chengdu-2024 --budget first-version-software --amount 400万 --date 2024-01-10
check_rc "fund the voucher budget 3270万" 0 hs programme fund chengdu-2024 --budget compute-voucher --amount 3270万 --date 2024-01-10
check_rc "fund an unknown programme" 2 hs programme fund nowhere --budget x --amount 1

# ---- subsidies ----
check_rc "apply: maker with a 1000万 contract" 0 hs subsidy apply --policy $FV --firm $F1 --id fv-1 --product soft-A --on 2024-06-01 --input role=maker --input software_price=1000万
check_contains "decided 250万 (capped)" "decided 2,500,000.00 CNY" "$E2E_TMP/out"
check_rc "apply is idempotent" 0 hs subsidy apply --policy $FV --firm $F1 --id fv-1 --product soft-A --on 2024-06-01 --input role=maker --input software_price=1000万
check_rc "same id with other inputs is bad input" 2 hs subsidy apply --policy $FV --firm $F1 --id fv-1 --product soft-A --on 2024-06-01 --input role=maker --input software_price=999万
check_rc "apply: no price is ineligible (exit 1)" 1 hs subsidy apply --policy $FV --firm $F3 --id fv-0 --product soft-C --on 2024-06-01 --input role=maker --input software_price=0
check_contains "names the failed rule and clause" "rule 'has_price' (clause: 按合同金额)" "$E2E_TMP/out"
check_rc "apply: unknown input is bad input" 2 hs subsidy apply --policy $FV --firm $F3 --id fv-x --on 2024-06-01 --input colour=red
check_rc "apply: a voucher policy is not a subsidy" 2 hs subsidy apply --policy $CV --firm $F3 --id fv-y --on 2024-06-01
hs subsidy apply --policy $FV --firm $F2 --id fv-2 --product soft-A --on 2024-06-01 --input role=user --input software_price=1000万 >/dev/null
hs subsidy apply --policy $FV --firm $F1 --id fv-3 --product soft-A --on 2024-06-02 --input role=maker --input software_price=100万 >/dev/null
hs subsidy apply --policy $FV --firm $F2 --id fv-4 --product soft-B --on 2024-06-02 --input role=user --input software_price=200万 >/dev/null
check_rc "award fv-1 reserves 250万" 0 hs subsidy award fv-1 --on 2024-06-10 --pay-by 2024-12-31
check_rc "award fv-2 would overspend the 400万 budget (exit 1)" 1 hs subsidy award fv-2 --on 2024-06-10
check_contains "budget refusal named" "exceeds_credits" "$E2E_TMP/err"
check_rc "award fv-3: once per firm per product (exit 1)" 1 hs subsidy award fv-3 --on 2024-06-10
check_contains "limit refusal names fv-1" "already used by application fv-1" "$E2E_TMP/err"
check_rc "award fv-4 (60万) fits" 0 hs subsidy award fv-4 --on 2024-06-10
check_rc "programme show --json" 0 hs programme show chengdu-2024 --json
got=$(json '[ (b["reserved_fen"], b["remaining_fen"]) for b in d["budgets"] if b["budget"]=="first-version-software"][0]')
check_eq "first-version budget: 310万 reserved, 90万 left" "(310000000, 90000000)" "$got"
check_rc "pay an instalment of 100万" 0 hs subsidy pay fv-1 --amount 100万 --on 2024-07-01
check_rc "pay more than is left (exit 1)" 1 hs subsidy pay fv-1 --amount 200万 --on 2024-07-02
check_rc "pay the rest" 0 hs subsidy pay fv-1 --on 2024-08-01
check_contains "fv-1 paid" "fv-1  paid" "$E2E_TMP/out"
check_rc "pay a paid application (exit 1)" 1 hs subsidy pay fv-1 --on 2024-08-02
check_rc "reject fv-4 voids its reservation" 0 hs subsidy reject fv-4 --reason "材料不全" --on 2024-08-05
check_rc "balance of firm 1" 0 hs balance firm/$F1/cash --json
check_eq "firm 1 received 250万" "250000000" "$(json 'd[0]["credits_posted_fen"]')"
check_rc "clawback needs a reason" 2 hs subsidy clawback fv-1 --amount 1
check_rc "clawback 50万" 0 hs subsidy clawback fv-1 --amount 50万 --reason "项目未通过验收" --on 2024-09-01
check_rc "clawback more than held (exit 1)" 1 hs subsidy clawback fv-1 --amount 300万 --reason x --on 2024-09-02
check_rc "programme show after payments" 0 hs programme show chengdu-2024 --json
got=$(json '[ (b["appropriated_fen"], b["returned_fen"], b["reserved_fen"], b["paid_fen"], b["remaining_fen"]) for b in d["budgets"] if b["budget"]=="first-version-software"][0]')
check_eq "first-version: 400万 in, 50万 clawed back, 250万 paid, 200万 left" "(400000000, 50000000, 0, 250000000, 200000000)" "$got"
hs subsidy apply --policy $FV --firm $F3 --id fv-5 --product soft-D --on 2024-06-03 --input role=user --input software_price=100万 >/dev/null
hs subsidy award fv-5 --on 2024-06-10 --pay-by 2024-09-30 >/dev/null
check_rc "expire unpaid awards" 0 hs subsidy expire --on 2024-10-01
check_contains "one expired" "expired 1 awards" "$E2E_TMP/out"
check_rc "subsidy list --json" 0 hs subsidy list --json
check_eq "statuses" "fv-0:ineligible fv-1:paid fv-2:applied fv-3:applied fv-4:rejected fv-5:expired" "$(json '" ".join(a["id"]+":"+a["status"] for a in d)')"
check_rc "subsidy show --json has the explanation" 0 hs subsidy show fv-1 --json
check_eq "explanation names the amount clause" "clause: 一次性补贴，最高250万元" "$(json '[i.get("note") for i in d["explanation"] if i["kind"]=="amount"][0]')"
check_eq "policy hash recorded and unchanged" "True 64" "$(json 'str(d["policy_unchanged"])+" "+str(len(d["policy_sha256"]))')"
check_rc "transfer refs carry policy and app" 0 hs history firm/$F1/cash --json
check_eq "ref.policy on the payment" "chengdu.first_version_software@2024.1 fv-1" "$(json 'd[0]["ref"]["policy"]+" "+d[0]["ref"]["app"]')"

# ---- compute vouchers ----
check_rc "provider add" 0 hs voucher provider add cd-super --name 成都超算中心 --city 成都
check_rc "issue V1 (face = firm_cap 300万)" 0 hs voucher issue --id V1 --policy $CV --firm $F1 --expires 2024-12-31 --on 2024-03-01 --input sector=nlp
check_contains "face 300万" "3,000,000.00 CNY" "$E2E_TMP/out"
check_rc "a second voucher over the per-firm cap (exit 1)" 1 hs voucher issue --id V2 --policy $CV --firm $F1 --face 1万 --expires 2024-12-31 --on 2024-03-02 --input sector=nlp
check_rc "redeem 30% of a 200万 bill" 0 hs voucher redeem V1 --provider cd-super --bill-id B1 --bill 200万 --on 2024-04-01 --json
check_eq "paid 60万" "60000000 240000000" "$(json 'str(d["paid_fen"])+" "+str(d["remaining_fen"])')"
check_rc "the same bill again pays nothing more" 0 hs voucher redeem V1 --provider cd-super --bill-id B1 --bill 200万 --on 2024-04-01 --json
check_eq "existed" "True 60000000" "$(json 'str(d["existed"])+" "+str(d["paid_fen"])')"
check_rc "the same bill id with another amount (exit 1)" 1 hs voucher redeem V1 --provider cd-super --bill-id B1 --bill 300万 --on 2024-04-01
check_rc "an unregistered provider (exit 1)" 1 hs voucher redeem V1 --provider nobody --bill-id Z --bill 1万 --on 2024-04-01
check_rc "a non-local bill (exit 1)" 1 hs voucher redeem V1 --provider cd-super --bill-id B9 --bill 1万 --on 2024-04-01 --input provider_local=false
check_rc "a big bill pays only what is left" 0 hs voucher redeem V1 --provider cd-super --bill-id B2 --bill 1000万 --on 2024-05-01 --json
check_eq "paid the last 240万" "240000000 0" "$(json 'str(d["paid_fen"])+" "+str(d["remaining_fen"])')"
check_rc "an exhausted voucher (exit 1)" 1 hs voucher redeem V1 --provider cd-super --bill-id B3 --bill 1万 --on 2024-05-02
check_rc "issue V3 expiring 2024-06-30" 0 hs voucher issue --id V3 --policy $CV --firm $F2 --face 100万 --expires 2024-06-30 --on 2024-03-01 --input sector=vision
check_rc "redeem on V3" 0 hs voucher redeem V3 --provider cd-super --bill-id C1 --bill 100万 --on 2024-04-01
check_rc "redeem after expiry (exit 1)" 1 hs voucher redeem V3 --provider cd-super --bill-id C2 --bill 100万 --on 2024-07-02
check_rc "settle" 0 hs voucher settle --on 2024-06-30
check_contains "settled 330万" "settled 3,300,000.00 CNY to 1 provider account" "$E2E_TMP/out"
check_rc "settle again pays nothing" 0 hs voucher settle --on 2024-06-30
check_contains "nothing" "settled 0.00 CNY" "$E2E_TMP/out"
check_rc "expire releases V3's rest" 0 hs voucher expire --on 2024-07-01
check_contains "70万 released" "releasing 700,000.00 CNY" "$E2E_TMP/out"
check_rc "provider cash" 0 hs balance provider/cd-super/cash --json
check_eq "provider received 330万" "330000000" "$(json 'd[0]["credits_posted_fen"]')"
check_rc "voucher budget" 0 hs balance budget/chengdu-2024/compute-voucher --json
check_eq "voucher budget: 330万 paid, nothing reserved" "33000000 0" "$(json 'str(d[0]["debits_posted_fen"]//10)+" "+str(d[0]["debits_pending_fen"])')"

# racing redemptions: four processes redeem different bills on one 100万 voucher at once
hs voucher issue --id RACE --policy $CV --firm $F3 --face 100万 --expires 2024-12-31 --on 2024-03-01 --input sector=data >/dev/null
for w in 1 2 3 4; do
  ( for i in 1 2 3 4 5; do
      "$H" --book "$B" voucher redeem RACE --provider cd-super --bill-id "R$w-$i" --bill 20万 --on 2024-04-01 --json 2>/dev/null \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["paid_fen"])' 2>/dev/null
    done ) > "$E2E_TMP/race.$w" &
done
wait
paid_sum=$(cat "$E2E_TMP"/race.* | awk '{s+=$1} END {print s+0}')
check_eq "racing redemptions never pay more than the face value" "100000000" "$paid_sum"
check_rc "voucher show RACE" 0 hs voucher show RACE --json
check_eq "RACE exhausted at exactly 100万" "exhausted 100000000" "$(json 'd["status"]+" "+str(d["redeemed_fen"])')"

check_rc "programme close" 0 hs programme close chengdu-2024 --date 2024-12-31
check_rc "funding a closed programme (exit 1)" 1 hs programme fund chengdu-2024 --budget compute-voucher --amount 1 --date 2025-01-02
check_rc "check passes after everything" 0 hs check
for c in programme subsidy voucher; do check_rc "$c --help" 0 "$H" $c --help; done

# ---- reports: totals equal ledger balances to the fen ----
check_rc "report programme --json" 0 hs report programme chengdu-2024 --json
rep=$(json '[r for r in d["rows"] if r["group"]=="total"][0]')
paid_total=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print([r for r in d['rows'] if r['group']=='total'][0]['paid_fen'])" "$E2E_TMP/out")
hs balance budget/chengdu-2024 --json > "$E2E_TMP/bal.json"
# paid = posted debits of the budgets other than the close-out, from each budget's history (--json)
for acct in $(python3 -c "import json,sys; print(' '.join(a['account'] for a in json.load(open(sys.argv[1]))))" "$E2E_TMP/bal.json"); do
  hs history "$acct" --json > "$E2E_TMP/hist.$(echo "$acct" | tr / _).json"
done
ledger_paid=$(python3 - "$E2E_TMP"/hist.*.json <<'P2'
import json, sys
print(sum(t["amount_fen"] for f in sys.argv[1:] for t in json.load(open(f))
          if t["side"] == "debit" and t["kind"] in ("posted", "post_pending") and t["code"] != "programme.close"))
P2
)
check_eq "report total paid equals the ledger" "$ledger_paid" "$paid_total"
check_rc "report programme --by firm" 0 hs report programme chengdu-2024 --by firm --json
check_eq "three firms served" "3" "$(json '[r for r in d["rows"] if r["group"]=="total"][0]["firms"]')"
check_rc "report firm statement" 0 hs report firm $F1 --json
check_eq "firm 1 statement: 5 subsidy legs then 6 voucher legs, in apply order" "11 subsidy.award subsidy.clawback voucher.redeem" "$(json '" ".join([str(len(d["rows"])), d["rows"][0]["code"], d["rows"][4]["code"], d["rows"][-1]["code"]])')"
check_rc "report --csv" 0 hs report programme chengdu-2024 --csv
check_contains "csv header" "group,firms,paid,reserved,returned" "$E2E_TMP/out"
check_rc "report --xlsx with Chinese headers" 0 hs report programme chengdu-2024 --by budget --xlsx "$E2E_TMP/r.xlsx" --zh
got=$(python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); s=z.read('xl/sharedStrings.xml').decode(); print('已拨付' in s and 'compute-voucher' in s)" "$E2E_TMP/r.xlsx")
check_eq "xlsx holds Chinese headers and the budgets" "True" "$got"
check_rc "report with a bad --by" 2 hs report programme chengdu-2024 --by colour

# ---- refusals that must name what is wrong and leave nothing behind ----
D=$E2E_TMP/d.db
hd() { "$H" --book "$D" "$@"; }
hd init >/dev/null
check_rc "voucher issue without the programme's budget is refused" 2 hd voucher issue --id VB --policy $CV --firm $F1 --expires 2024-12-31 --on 2024-06-01 --input sector=nlp
check_contains "the refusal names the missing budget" "budget/chengdu-2024/compute-voucher" "$E2E_TMP/err"
check_rc "balance --json after the refused issue" 0 hd balance --json
check_eq "a refused voucher issue leaves no account behind" "[]" "$(json 'json.dumps(d)')"
hd programme create chengdu-2024 --date 2024-01-01 >/dev/null
hd programme fund chengdu-2024 --budget first-version-software --amount 400万 --date 2024-01-10 >/dev/null
hd programme fund chengdu-2024 --budget compute-voucher --amount 3270万 --date 2024-01-10 >/dev/null
for bad in 91510100MA6CA0001X USCC; do
  check_rc "subsidy apply refuses the firm code $bad (exit 2)" 2 hd subsidy apply --policy $FV --firm $bad --id u-$bad --product p --on 2024-06-01 --input role=maker --input software_price=1000万
  check_contains "subsidy names --firm for $bad" "--firm" "$E2E_TMP/err"
  check_rc "voucher issue refuses the firm code $bad (exit 2)" 2 hd voucher issue --id U-$bad --policy $CV --firm $bad --expires 2024-12-31 --on 2024-06-01 --input sector=nlp
  check_contains "voucher names --firm for $bad" "--firm" "$E2E_TMP/err"
done
check_rc "subsidy list after the refusals" 0 hd subsidy list --json
check_eq "no application recorded for an invalid firm code" "[]" "$(json 'json.dumps(d)')"
check_rc "apply with an unknown input (exit 2)" 2 hd subsidy apply --policy $FV --firm $F3 --id fv-x --on 2024-06-01 --input nosuch=1
check_contains "the unknown input is named" "nosuch" "$E2E_TMP/err"
long=$(printf 'x%.0s' $(seq 1 2100))
check_rc "subsidy apply with over-long inputs (exit 2)" 2 hd subsidy apply --policy $FV --firm $F3 --id fv-long --on 2024-06-01 --input role=maker --input software_price=1万 --input role=$long
check_contains "subsidy names --input" "--input" "$E2E_TMP/err"
check_rc "voucher issue with over-long inputs is refused, not truncated (exit 2)" 2 hd voucher issue --id VL --policy $CV --firm $F1 --expires 2024-12-31 --on 2024-06-01 --input sector=$long
check_contains "voucher names --input" "--input" "$E2E_TMP/err"
check_rc "no voucher VL" 2 hd voucher show VL
check_rc "voucher issue on a date outside the policy (exit 1)" 1 hd --today 2027-01-05 voucher issue --id VT --policy $CV --firm $F1 --expires 2027-12-31 --input sector=nlp
check_contains "names the date it used" "2027-01-05" "$E2E_TMP/err"
check_contains "names the version in force that day (the 2025 amendment) and its validity" "chengdu.compute_voucher@2025.1 is not in force on 2027-01-05 (valid 2025-01-01 .. 2025-12-31)" "$E2E_TMP/err"
check_contains "and says the amended file was swapped for it" "policies/chengdu-compute-voucher.policy is amended: using chengdu.compute_voucher version 2025.1" "$E2E_TMP/err"
# a voucher issued in 2025 under the 2024 file: the 2025 amendment decides, from 2025's programme
h25() { "$H" --book "$E2E_TMP/v2025.db" "$@"; }
h25 init >/dev/null
h25 programme create chengdu-2025 --date 2025-01-01 >/dev/null
h25 programme fund chengdu-2025 --budget compute-voucher --amount 1亿 --date 2025-01-02 >/dev/null
check_rc "voucher issue in 2025 names the 2024 file" 0 h25 --today 2025-03-01 voucher issue --id V25 --policy $CV --firm $F1 --expires 2025-12-31 --input sector=nlp --json
check_eq "the 2025 version decided, on 2025's budget, at its 500万 cap" "chengdu.compute_voucher@2025.1 budget/chengdu-2025/compute-voucher 500000000" \
  "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["policy"], d["budget"], d["face_fen"])' "$E2E_TMP/out")"

# voucher limits share the subsidy's code: `once` and the per-product scope hold for vouchers too
sed -e 's/^limit per firm per year <= firm_cap/limit once per firm per product/' -e '/^limit per programme per year/d' $CV > "$E2E_TMP/once.policy"
check_rc "voucher once per firm per product: first" 0 hd voucher issue --id VO1 --policy "$E2E_TMP/once.policy" --firm $F2 --face 10万 --expires 2024-12-31 --on 2024-06-01 --input sector=nlp --input product=p1
check_rc "voucher once per firm per product: same product again (exit 1)" 1 hd voucher issue --id VO2 --policy "$E2E_TMP/once.policy" --firm $F2 --face 10万 --expires 2024-12-31 --on 2024-06-01 --input sector=nlp --input product=p1
check_contains "the once limit names the earlier voucher" "VO1" "$E2E_TMP/err"
check_rc "voucher once per firm per product: another product" 0 hd voucher issue --id VO3 --policy "$E2E_TMP/once.policy" --firm $F2 --face 10万 --expires 2024-12-31 --on 2024-06-01 --input sector=nlp --input product=p2

# policies live in the book: award and show work from any directory, the text is kept by hash
check_rc "apply fv-9 from the repo root" 0 hd subsidy apply --policy $FV --firm $F1 --id fv-9 --product soft-Z --on 2024-06-01 --input role=maker --input software_price=100万
DB_ABS=$(cd "$(dirname "$D")" && pwd)/$(basename "$D")
mkdir -p "$E2E_TMP/elsewhere"
check_rc "subsidy award from another directory" 0 bash -c "cd '$E2E_TMP/elsewhere' && '$(cd "$(dirname "$H")" && pwd)/$(basename "$H")' --book '$DB_ABS' subsidy award fv-9 --on 2024-06-10"
check_rc "subsidy show from another directory" 0 bash -c "cd '$E2E_TMP/elsewhere' && '$(cd "$(dirname "$H")" && pwd)/$(basename "$H")' --book '$DB_ABS' subsidy show fv-9 --json"
check_eq "show explains from the stored text, unchanged" "True amount" "$(json 'str(d["policy_unchanged"])+" "+[i["kind"] for i in d["explanation"] if i["kind"]=="amount"][0]')"
cp $FV "$E2E_TMP/fv-copy.policy"
check_rc "apply fv-e under a copy of the policy" 0 hd subsidy apply --policy "$E2E_TMP/fv-copy.policy" --firm $F2 --id fv-e --product soft-E --on 2024-06-01 --input role=maker --input software_price=1000万
sed -i 's/^param cap: money = 250万/param cap: money = 1万/' "$E2E_TMP/fv-copy.policy"
check_rc "award fv-e after the file was edited" 0 hd subsidy award fv-e --on 2024-06-10 --json
check_eq "the award follows the text the decision was made under (kept in the book), not the edited file" "250000000" "$(json 'd["award_fen"]')"
rm "$E2E_TMP/fv-copy.policy"
check_rc "show fv-e with the file gone" 0 hd subsidy show fv-e --json
check_eq "the explanation still comes from the book" "True" "$(json 'str(d["policy_unchanged"] and len(d["explanation"]) > 0)')"
check_rc "policy history --json" 0 hd policy history --json
check_eq "policy history lists each stored version with its first use" "chengdu.compute_voucher:voucher.issue chengdu.first_version_software:subsidy.apply" "$(json '" ".join(sorted(v["policy"]+":"+v["first_used_by"] for v in d))')"
check_rc "policy history ID" 0 hd policy history chengdu.first_version_software
check_contains "history text names version and first use" "2024.1" "$E2E_TMP/out"
check_rc "policy history of an unknown policy (exit 2)" 2 hd policy history nosuch.policy

# settle reads, decides and writes in one transaction: racing redemptions are never marked settled
# unpaid. Six redeemers and a settler run at once (release binary, to make the race tight);
# afterwards what is marked settled equals what the provider was paid.
hd voucher provider add race-prov --name 竞速 --city 成都 >/dev/null
for k in 1 2 3 4 5 6; do
  check_rc "issue SR$k for the settle race" 0 hd voucher issue --id SR$k --policy $CV --firm $F3 --face 40万 --expires 2024-12-31 --on 2024-06-01 --input sector=nlp
done
for k in 1 2 3 4 5 6; do
  ( for i in $(seq 1 30); do "$HS" --book "$D" voucher redeem SR$k --provider race-prov --bill-id "S$k-$i" --bill 1万 --on 2024-07-01 >/dev/null 2>&1; done ) &
done
( for i in $(seq 1 60); do "$HS" --book "$D" voucher settle --provider race-prov --on 2024-07-02 >/dev/null 2>&1; done ) &
wait
settled_vs_paid() {
  local settled=0 all=0
  for k in 1 2 3 4 5 6; do
    hd voucher show SR$k --json > "$E2E_TMP/out"
    settled=$((settled + $(json 'sum(r["paid_fen"] for r in d["redemptions"] if r["settled"])')))
    all=$((all + $(json 'sum(r["paid_fen"] for r in d["redemptions"])')))
  done
  hd balance provider/race-prov/cash --json > "$E2E_TMP/out"
  echo "$settled $(json 'd[0]["credits_posted_fen"]') $all"
}
read -r settled cash all <<< "$(settled_vs_paid)"
check_eq "every redemption marked settled was paid to the provider" "$cash" "$settled"
check_rc "a last settle" 0 hd voucher settle --provider race-prov --on 2024-07-03
read -r settled cash all <<< "$(settled_vs_paid)"
check_eq "after the last settle everything redeemed is settled and paid" "$all $all" "$settled $cash"
check_rc "check passes after the settle race" 0 hd check
check_rc "a plain transfer cannot move a voucher payable (exit 1)" 1 hd transfer --id steal --debit payable/chengdu-2024/vouchers --credit firm/$F1/cash --amount 1 --date 2024-07-04
check_contains "owned by the voucher module" "account_owned_by_module" "$E2E_TMP/err"

# ---- 免申即享 over the firm registry ----
R=$E2E_TMP/reg.db
"$H" --book "$R" init >/dev/null
"$H" --book "$R" programme create chengdu-2024 --date 2024-01-01 >/dev/null
"$H" --book "$R" programme fund chengdu-2024 --budget national-platform --amount 500万 --date 2024-01-10 >/dev/null
cat > "$E2E_TMP/reg.csv" <<'C'
uscc,name,city,sector,national_lab,national_engineering_center
91510100MA6CA00016,甲智能,成都,nlp,true,false
91510100MA6CA00029,乙视觉,成都,vision,false,true
91510100MA6CA0003C,丙制造,成都,smart_manufacturing,false,false
C
"$H" --book "$R" firm import "$E2E_TMP/reg.csv" >/dev/null 2>"$E2E_TMP/err" || echo "import: $(cat "$E2E_TMP/err")"
check_rc "match over the registry (no --firms)" 0 "$H" --book "$R" subsidy match --policy policies/chengdu-national-platform.policy --on 2024-03-01 --award --input newly_approved=true --input construction_spend=800万 --json
check_eq "two eligible; the first gets its 300万, the second would overspend the 500万 budget" "3 2 1 300000000 1" "$(json '" ".join(str(x) for x in [d["firms"], d["eligible"], d["awarded"], d["awarded_fen"], d["refused"]])')"
check_rc "apply fills inputs from the registry" 0 "$H" --book "$R" subsidy apply --policy policies/chengdu-national-platform.policy --id np-late --firm 91510100MA6CA00029 --input newly_approved=true --input construction_spend=100万 --on 2024-04-01 --json
check_eq "sector taken from the registry" "vision" "$(json 'd["inputs"].get("sector")')"
