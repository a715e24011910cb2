#!/usr/bin/env bash
# beijing.sh — Beijing's patient capital for AI (seeds 000 and 001): "发挥政府投资基金引导作用，支持长期
# 资本、耐心资本面向人工智能芯片、框架和核心算法开展早期硬科技投资", the city's and the districts' funds
# drawing in social capital; and, beside the public money, Baidu's 10亿 百度文心投资基金 for large-model
# start-ups (a corporate LP, no government money), co-investing in one of the patient fund's firms.
# usage: scenarios/beijing.sh HUOSHUI_BIN BOOK
# Named parameters (the articles give no fund size or shares): PATIENT_YI, the patient fund's size
# in 亿 (default 100); CITY_PCT and DISTRICT_PCT, the government shares (default 20 and 10); the
# fund's life, INVEST_YEARS + EXIT_YEARS (default 7 + 8 = 15: patient, against the usual 5 + 5).
set -euo pipefail
HS=$1 BOOK=$2
export HUOSHUI_TODAY=${HUOSHUI_TODAY:-2024-12-31} # the report's date: the figures are fixed
PATIENT_YI=${PATIENT_YI:-100}
CITY_PCT=${CITY_PCT:-20} DISTRICT_PCT=${DISTRICT_PCT:-10}
INVEST_YEARS=${INVEST_YEARS:-7} EXIT_YEARS=${EXIT_YEARS:-8}
h() { "$HS" --book "$BOOK" --quiet "$@"; }
step() { printf '\n== %s\n' "$*"; }
[ -e "$BOOK" ] || h init

city=$((PATIENT_YI * CITY_PCT)) district=$((PATIENT_YI * DISTRICT_PCT)) # in 百万 (0.01亿)
state=$((PATIENT_YI * 20)) social=$((PATIENT_YI * 100 - city - district - state))

step "programme: the city's and the districts' money for the AI funds"
h programme create beijing-ai --title-zh 北京市人工智能创新策源地政府投资基金 \
  --title-en "Beijing AI government investment funds" --date 2023-06-01
h programme fund beijing-ai --budget city-fund --amount "${city}00万" --date 2023-06-01
h programme fund beijing-ai --budget district-fund --amount "${district}00万" --date 2023-06-01

step "the patient-capital fund: ${PATIENT_YI}亿, ${INVEST_YEARS} + ${EXIT_YEARS} years, early hard tech"
h fund create bj-patient --name 北京人工智能耐心资本基金 --group beijing-ai --size "${PATIENT_YI}亿" \
  --gp bj-patient-gp --vintage 2023-07-01 --invest-years "$INVEST_YEARS" --exit-years "$EXIT_YEARS" \
  --fee 1% --fee-exit 0.5% --region beijing
h fund commit bj-patient --lp bj-city --type gov --from budget/beijing-ai/city-fund --amount "${city}00万" --date 2023-07-01
h fund commit bj-patient --lp bj-districts --type gov --from budget/beijing-ai/district-fund --amount "${district}00万" --date 2023-07-01
h fund commit bj-patient --lp bj-state-platform --type state --amount "${state}00万" --date 2023-07-01
h fund commit bj-patient --lp bj-social --type social --amount "${social}00万" --date 2023-07-01
h fund call bj-patient --amount "$((PATIENT_YI * 10))00万" --date 2023-08-01 --id bj-patient-call-1
# early rounds in the three directions of the measure, all in Beijing
h fund invest bj-patient --deal chip-1 --firm bj-chip-a --sector ai-chips --stage early --city beijing \
  --region beijing --amount 3亿 --share 15% --date 2023-09-01
h fund invest bj-patient --deal chip-2 --firm bj-chip-b --sector ai-chips --stage seed --city beijing \
  --region beijing --amount 1.5亿 --share 12% --date 2023-10-01
h fund invest bj-patient --deal fw-1 --firm bj-framework-a --sector frameworks --stage early --city beijing \
  --region beijing --amount 2亿 --share 10% --date 2023-11-01
h fund invest bj-patient --deal alg-1 --firm bj-llm-a --sector core-algorithms --stage early --city beijing \
  --region beijing --amount 2.5亿 --share 8% --date 2023-12-01

step "百度文心投资基金: 10亿, Baidu the only LP, beside the public money"
h fund create bj-wenxin --name 百度文心投资基金 --group beijing-ai --size 10亿 --gp baidu-ventures \
  --vintage 2023-03-28 --invest-years 5 --exit-years 5 --fee 0% --region beijing
h fund commit bj-wenxin --lp baidu --type corporate --amount 10亿 --date 2023-03-28
h fund call bj-wenxin --amount 3亿 --date 2023-04-15 --id bj-wenxin-call-1
h fund invest bj-wenxin --deal wx-1 --firm bj-llm-a --sector core-algorithms --stage early --city beijing \
  --region beijing --amount 5000万 --share 2% --date 2023-12-15
h fund invest bj-wenxin --deal wx-2 --firm bj-agent-a --sector large-models --stage seed --city beijing \
  --region beijing --amount 3000万 --share 10% --date 2024-02-01

step "a year on: marks, no exits (patient)"
h fund mark bj-patient --deal chip-1 --value 4.5亿 --date 2024-12-31
h fund mark bj-patient --deal alg-1 --value 3亿 --date 2024-12-31
h fund mark bj-wenxin --deal wx-1 --value 6000万 --date 2024-12-31
h fund fee bj-patient --days 365 --date 2024-07-01
"$HS" --book "$BOOK" fund report beijing-ai --by sector --cn
"$HS" --book "$BOOK" check
