#!/usr/bin/env bash
# anhui.sh — Anhui AI mother fund (seed 001): mother fund 60亿; sub-fund group >= 200亿 (first
# batch, chosen by 遴选); 300亿 in five years. Anhui's rules (seed-programmes.md, "Guidance
# funds"): the mother fund <= 20% of each sub-fund's paid-in capital (--parent-cap 20%), all state
# money <= 50% (--gov-cap 50%), sub-fund life <= 7 years (4 + 3).
# usage: scenarios/anhui.sh HUOSHUI_BIN BOOK
# Named parameters (not in the article): SUB_SIZE (each sub-fund, 亿), STATE_PCT (local state
# platforms' share next to the mother's 20%), the vintages of the later batches.
set -euo pipefail
HS=$1 BOOK=$2
SUB_SIZE=${SUB_SIZE:-20}
STATE_PCT=${STATE_PCT:-20}
h() { "$HS" --book "$BOOK" --quiet "$@"; }
[ -e "$BOOK" ] || h init
h programme create anhui-ai --title-zh 安徽省人工智能母基金 --title-en "Anhui AI mother fund" --date 2024-01-02
h programme fund anhui-ai --budget mother-fund --amount 60亿 --date 2024-01-02 --id anhui-fund-1
h fund create ah-mother --name 安徽省人工智能母基金 --group anhui-ai --size 60亿 --gp ah-mother-gp \
  --vintage 2024-01-10 --invest-years 5 --exit-years 5 --fee 0.5% --fee-exit 0.3% --region anhui
h fund commit ah-mother --lp anhui-gov --type gov --from budget/anhui-ai/mother-fund --amount 60亿 --date 2024-01-10
h fund call ah-mother --amount 20亿 --date 2024-02-01 --id ah-mother-call-1
# 15 sub-funds of SUB_SIZE亿: ten in the first batch (2024: 200亿), one or two a year after (300亿)
vintage() { # index -> vintage
  if [ "$1" -le 10 ]; then echo 2024-03-01
  elif [ "$1" -le 12 ]; then echo 2025-03-01
  elif [ "$1" -le 13 ]; then echo 2026-03-01
  elif [ "$1" -le 14 ]; then echo 2027-03-01
  else echo 2028-03-01; fi
}
cities=(hefei hefei wuhu bengbu hefei maanshan hefei wuhu hefei chuzhou hefei anqing hefei wuhu hefei)
sectors=(ai ai-chips robotics ai ai-chips ai robotics ai new-energy ai ai robotics ai-chips ai ai)
for i in $(seq 1 15); do
  id=ah-sub-$(printf %02d "$i"); v=$(vintage "$i")
  h fund create "$id" --group anhui-ai --parent ah-mother --size "${SUB_SIZE}亿" --gp "gp-$id" \
    --vintage "$v" --invest-years 4 --exit-years 3 --parent-cap 20% --gov-cap 50% \
    --reinvest 1x --region anhui
  mother=$(( SUB_SIZE * 20 ))        # in 百万: 20% of the sub-fund
  state=$(( SUB_SIZE * STATE_PCT ))
  social=$(( SUB_SIZE * 100 - mother - state ))
  h fund commit "$id" --lp ah-mother --type fund --amount "${mother}00万" --date "$v"
  h fund commit "$id" --lp "state-$id" --type state --amount "${state}00万" --date "$v"
  h fund commit "$id" --lp "social-$id" --type social --amount "${social}00万" --date "$v"
  if [ "$i" -le 10 ]; then
    # first batch: 25% called, one local and one out-of-province investment
    h fund call "$id" --amount "$(( SUB_SIZE * 25 ))00万" --date 2024-04-01 --id "$id-call-1"
    h fund invest "$id" --deal "$id-d1" --firm "firm-$id-1" --sector "${sectors[$((i-1))]}" \
      --stage early --city "${cities[$((i-1))]}" --region anhui --amount 2亿 --share 10% --date 2024-06-01
    h fund invest "$id" --deal "$id-d2" --firm "firm-$id-2" --sector ai --stage growth \
      --city shanghai --region shanghai --amount 1.5亿 --share 5% --date 2024-07-01
  fi
done
# the mother's direct investment
h fund invest ah-mother --deal ah-direct-1 --firm hf-llm --sector ai --stage growth --city hefei --region anhui --amount 3亿 --share 6% --date 2024-08-01
h fund mark ah-sub-01 --deal ah-sub-01-d1 --value 3亿 --date 2024-12-31
h fund mark ah-sub-02 --deal ah-sub-02-d1 --value 1.2亿 --date 2024-12-31
h fund report anhui-ai --by city --cn
