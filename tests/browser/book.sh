#!/usr/bin/env bash
# book.sh — the fresh book the browser tests (and bench/web) run against: one user per role,
# Chengdu's 2024 programme (approval threshold 100万) with funded budgets, a small synthetic firm
# registry, first-version software applications (one applied, one awarded, one paid), compute
# vouchers with a provider, a bank's loans under a risk-compensation pool, a fund group (mother
# anhui-ai with two sub-funds, LPs, calls, deals, a mark and a distribution) and programme targets.
# usage: tests/browser/book.sh HUOSHUI_BINARY BOOK PASSWORD
# Prints "firm USCC" and "other USCC" (the enterprise's firm and another firm) on stdout.
set -euo pipefail
H=$1; B=$2; PW=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
P=$root/policies
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export HUOSHUI_TODAY=2024-06-30
hs() { "$H" --book "$B" "$@"; }
rm -f "$B" "$B-wal" "$B-shm"
hs init >/dev/null
hs gen firms --n 40 --seed 7 --out "$W/firms.csv" >/dev/null
hs firm import "$W/firms.csv" >/dev/null
F1=$(sed -n 2p "$W/firms.csv" | cut -d, -f1)
F2=$(sed -n 3p "$W/firms.csv" | cut -d, -f1)
F3=$(sed -n 4p "$W/firms.csv" | cut -d, -f1)
user() { hs user add "$@" <<<"$PW" >/dev/null; }
user olivia --role officer --scope programme:chengdu-2024 --scope programme:jiangsu-2024 --scope programme:sichuan-ai
user rita --role reviewer --scope programme:chengdu-2024 --scope programme:jiangsu-2024
user frank --role fund_manager --scope fund:anhui-ai
user bella --role bank --scope bank:BOC-WX
user pat --role provider --scope provider:cd-super
user ed --role enterprise --scope firm:"$F1"
user audrey --role auditor
user ann --role analyst
approve_all() { # the reviewer approves every pending approval (programme fund above the threshold)
  for a in $(hs approval list --state pending --json | python3 -c 'import json,sys; print(" ".join(a["id"] for a in json.load(sys.stdin)))'); do
    hs --as rita approval approve "$a" <<<"$PW" >/dev/null
  done
}
hs programme create chengdu-2024 --title-zh "成都市人工智能产业2024年度资金" \
  --title-en "Chengdu AI industry programme 2024" --date 2024-01-01 --approval-threshold 100万 >/dev/null
hs programme fund chengdu-2024 --budget compute-voucher --amount 3270万 --date 2024-01-10 >/dev/null
hs programme fund chengdu-2024 --budget first-version-software --amount 1500万 --date 2024-01-10 >/dev/null
approve_all
fv=$P/chengdu-first-version-software.policy
hs subsidy apply --policy "$fv" --id fv-1 --firm "$F1" --product sw-1 --input role=maker \
  --input software_price=1000万 --on 2024-04-01 >/dev/null
hs subsidy apply --policy "$fv" --id fv-2 --firm "$F2" --product sw-2 --input role=user \
  --input software_price=600万 --on 2024-04-01 >/dev/null
hs subsidy apply --policy "$fv" --id fv-3 --firm "$F3" --product sw-3 --input role=maker \
  --input software_price=400万 --on 2024-04-01 >/dev/null
hs subsidy award fv-2 --on 2024-04-15 --pay-by 2024-12-31 >/dev/null
hs subsidy award fv-3 --on 2024-04-15 --pay-by 2024-12-31 >/dev/null
hs subsidy pay fv-3 --amount 50万 --on 2024-05-01 >/dev/null
hs voucher provider add cd-super --name "成都超算中心" --city 成都 --on 2024-01-15 >/dev/null
hs voucher issue --id cv-1 --policy "$P/chengdu-compute-voucher.policy" --firm "$F1" \
  --expires 2024-12-31 --on 2024-02-01 --input sector=nlp >/dev/null
hs voucher issue --id cv-2 --policy "$P/chengdu-compute-voucher.policy" --firm "$F2" \
  --expires 2024-12-31 --on 2024-02-01 --input sector=vision >/dev/null
hs voucher redeem cv-2 --provider cd-super --bill-id B-100 --bill 100万 --on 2024-03-15 >/dev/null
# a multi-year appropriation (Sichuan: 12亿 over three years), its 2024 tranche released and budgeted
hs programme create sichuan-ai --title-zh "四川省促进人工智能产业链发展若干政策" --title-en "Sichuan AI industry chain" \
  --appropriation 12亿 --date 2024-01-01 >/dev/null
hs programme release sichuan-ai --amount 4亿 --date 2024-01-15 >/dev/null
hs programme fund sichuan-ai --budget compute-data --amount 6000万 --date 2024-02-01 >/dev/null
hs programme create jiangsu-2024 --title-zh "江苏省风险补偿2024" --title-en "Jiangsu risk pool 2024" \
  --date 2024-01-01 >/dev/null
hs programme fund jiangsu-2024 --budget risk-pool --amount 4000万 --date 2024-01-10 >/dev/null
hs credit pool create JS --programme jiangsu-2024 --budget risk-pool --multiple 10 >/dev/null
hs credit pool fund JS --amount 4000万 >/dev/null
hs credit product create --bank BOC-WX --name 锡科贷 --rate 3% --term-months 12 --ceiling 500万 \
  --unsecured --pool JS >/dev/null
hs credit loan create --id L1 --product BOC-WX.锡科贷 --firm "$F1" --amount 500万 --approved 2024-04-02 >/dev/null
hs credit loan disburse L1 --date 2024-04-08 >/dev/null
hs credit loan create --id L2 --product BOC-WX.锡科贷 --firm "$F2" --amount 300万 --approved 2024-05-06 >/dev/null
hs credit loan create --id L3 --product BOC-WX.锡科贷 --firm "$F3" --amount 200万 --approved 2024-04-10 >/dev/null
hs credit loan disburse L3 --date 2024-04-12 >/dev/null
hs credit default L3 --date 2024-06-20 >/dev/null
hs fund create anhui-ai --name 安徽省人工智能母基金 --group anhui-ai --size 10亿 --gp ah-gp \
  --vintage 2022-01-10 --invest-years 5 --exit-years 5 --fee 1% --region anhui >/dev/null
hs fund commit anhui-ai --lp anhui-gov --type gov --amount 10亿 --date 2022-01-10 >/dev/null
hs fund call anhui-ai --amount 3亿 --date 2022-02-01 --id ah-call-1 >/dev/null
for i in 1 2; do
  id=ah-sub-$i
  hs fund create "$id" --group anhui-ai --parent anhui-ai --size 5亿 --gp "gp-$id" --vintage 2022-03-01 \
    --invest-years 4 --exit-years 3 --parent-cap 20% --gov-cap 50% --reinvest 1x --region anhui >/dev/null
  hs fund commit "$id" --lp anhui-ai --type fund --amount 1亿 --date 2022-03-01 >/dev/null
  hs fund commit "$id" --lp "state-$id" --type state --amount 1亿 --date 2022-03-01 >/dev/null
  hs fund commit "$id" --lp "social-$id" --type social --amount 3亿 --date 2022-03-01 >/dev/null
  hs fund call "$id" --amount 2亿 --date 2022-04-01 --id "$id-call-1" >/dev/null
  hs fund invest "$id" --deal "$id-d1" --firm "$F1" --sector ai --stage early --city hefei --region anhui \
    --amount 8000万 --share 10% --date 2022-06-01 >/dev/null
  hs fund invest "$id" --deal "$id-d2" --firm "$F2" --sector ai --stage growth --city shanghai \
    --region shanghai --amount 6000万 --share 5% --date 2023-01-10 >/dev/null
done
hs fund mark ah-sub-1 --deal ah-sub-1-d1 --value 1.6亿 --date 2023-12-31 >/dev/null
hs fund distribute ah-sub-1 --amount 3000万 --date 2024-03-01 >/dev/null
hs fund invest anhui-ai --deal ah-direct-1 --firm "$F3" --sector ai --stage growth --city hefei \
  --region anhui --amount 5000万 --share 6% --date 2023-05-01 >/dev/null
# a venture day (创投日) with its AI session: two roadshows, the Anhui mother fund's team and an
# angel; the mother's direct deal came of it
hs ventureday event create sz-2024-07 --date 2024-07-08 --city 深圳 --title "深圳创投日·人工智能专场" >/dev/null
hs ventureday roadshow sz-2024-07 --firm "$F3" --sector ai --stage growth --seeking 5000万 --session ai >/dev/null
hs ventureday roadshow sz-2024-07 --firm "$F1" --sector ai --stage early --seeking 3000万 --session ai >/dev/null
hs ventureday interest sz-2024-07 --investor ah-team --sectors ai --ticket-min 1000万 --ticket-max 1亿 --fund anhui-ai >/dev/null
hs ventureday interest sz-2024-07 --investor angel-x --sectors ai --stages seed,early --ticket-min 500万 --ticket-max 3000万 >/dev/null
hs ventureday followup sz-2024-07 --firm "$F3" --investor ah-team --status met --date 2024-07-08 >/dev/null
hs ventureday followup sz-2024-07 --firm "$F3" --investor ah-team --status invested --fund anhui-ai \
  --deal ah-direct-1 --date 2024-07-20 >/dev/null
hs target add --programme chengdu-2024 --id firms --indicator firms --value 260 --deadline 2026-12-31 \
  --source book.sh >/dev/null
# interest subsidies (贴息) on the Jiangsu loans: the officer pays May from the dashboard (L1 and L3
# are behind their equal-principal schedules and get nothing; L4, a bullet loan, gets 1.5 points)
hs credit product create --bank JSB-WX --name 人才贷 --rate 3.1% --term-months 12 --ceiling 300万 \
  --unsecured --repayment bullet >/dev/null
hs credit loan create --id L4 --product JSB-WX.人才贷 --firm "$F2" --amount 300万 --approved 2024-04-10 >/dev/null
hs credit loan disburse L4 --date 2024-04-15 >/dev/null
hs programme fund jiangsu-2024 --budget interest-subsidy --amount 100万 --date 2024-01-10 >/dev/null
hs interest scheme add wuxi-2024 --policy "$P/wuxi-interest-subsidy.policy" --date 2024-01-10 >/dev/null
# a financing guarantor capitalised from the programme (融资担保), guaranteeing L4
hs programme fund jiangsu-2024 --budget guarantee-capital --amount 1000万 --date 2024-01-10 >/dev/null
hs programme fund jiangsu-2024 --budget guarantee-fee --amount 100万 --date 2024-01-10 >/dev/null
hs guarantee institution add WXRD --name 无锡市融资担保 --reguarantor JSZDB --programme jiangsu-2024 \
  --budget guarantee-capital --capital 1000万 --date 2024-01-15 >/dev/null
hs guarantee sign L4 --guarantor WXRD --policy "$P/jiangsu-financing-guarantee.policy" --fee-rate 2% \
  --date 2024-04-15 >/dev/null
# R&D reserves (研发准备金) and first units (首台套): their policies run from 2025, so they are paid
# from the CLI on 2025 dates; the dashboard shows them (the auditor's flow reads the figures)
hs programme create guangdong-2025 --date 2024-06-30 >/dev/null
hs programme fund guangdong-2025 --budget rd-reserve --amount 500万 >/dev/null
hs rdreserve filing add "$F1" --year 2023 --rd 1500万 --filed 2024-05-31 >/dev/null
hs rdreserve filing add "$F1" --year 2024 --rd 1800万 --filed 2025-05-30 >/dev/null
hs rdreserve register "$F1" --year 2024 --policy "$P/guangdong-rd-reserve.policy" --reserve 200万 >/dev/null
hs --today 2025-06-30 rdreserve pay "$F1" --year 2024 >/dev/null
hs programme create first-unit-2025 --date 2024-06-30 >/dev/null
hs programme fund first-unit-2025 --budget insurance --amount 500万 >/dev/null
hs first-unit catalogue add CNC-5AX --name 高速五轴联动数控机床 --edition 2024版 >/dev/null
hs first-unit register U1 --item CNC-5AX --maker "$F1" --buyer "$F2" --price 5000万 --unit-no 1 \
  --insured maker --insurer PICC --premium 150万 --from 2025-03-01 --years 1 \
  --policy "$P/national-first-unit-insurance.policy" >/dev/null
hs --today 2025-06-01 first-unit subsidise U1 >/dev/null
hs --today 2025-10-01 first-unit claim U1 --id C1 --date 2025-09-01 --failure quality --loss 800万 \
  --insurer-paid 600万 >/dev/null
hs check >/dev/null
echo "firm $F1"
echo "other $F2"
