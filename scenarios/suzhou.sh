#!/usr/bin/env bash
# suzhou.sh — Suzhou (SCIG) fund programme, first batch: nine funds, 700亿 (seed 003).
# usage: scenarios/suzhou.sh HUOSHUI_BIN BOOK
# The article gives each fund's size; the split between government guidance money and other
# capital is not given, so it is a named parameter here (GOV_PCT: the guidance share of each fund,
# default 20% — the central-guidance ceiling in 财建〔2011〕668号, used as a documented default).
set -euo pipefail
HS=$1 BOOK=$2
GOV_PCT=${GOV_PCT:-20}
h() { "$HS" --book "$BOOK" --quiet "$@"; }
[ -e "$BOOK" ] || h init
h programme create suzhou-scig --title-zh 苏州创新投资集团基金计划 --title-en "Suzhou SCIG fund programme" --date 2024-06-01
h programme fund suzhou-scig --budget first-batch --amount 140亿 --date 2024-06-01 --id suzhou-fund-1
# id  size(亿)  title
FUNDS="biomedicine:100:生物医药 new-energy:50:新能源 mna:100:并购 ai:100:人工智能
embodied-robotics:100:具身智能机器人 air-ground:50:空天地一体化 talent:100:人才
chain-leader:50:链主 early-stage:50:早期投资基金群"
for f in $FUNDS; do
  id=${f%%:*}; rest=${f#*:}; size=${rest%%:*}; title=${rest#*:}
  extra=()
  # the AI fund carries a 返投 requirement of 1x its government money in Suzhou (a per-fund option)
  [ "$id" = ai ] && extra=(--reinvest 1x --region suzhou)
  h fund create "sz-$id" --name "$title" --group suzhou-2024 --size "${size}亿" --gp "gp-sz-$id" \
    --vintage 2024-06-28 --invest-years 5 --exit-years 5 --fee 1.5% --fee-exit 1% --hurdle 6% \
    --carry 20% "${extra[@]}"
  gov=$(( size * GOV_PCT ))   # in 百万 (0.01亿): size x pct / 100 亿
  social=$(( size * 100 - gov ))
  h fund commit "sz-$id" --lp scig --type gov --from budget/suzhou-scig/first-batch --amount "${gov}00万" --date 2024-06-28
  h fund commit "sz-$id" --lp "social-sz-$id" --type social --amount "${social}00万" --date 2024-06-28
  # first call: 10% of commitments
  h fund call "sz-$id" --amount "$(( size ))000万" --date 2024-07-15 --id "sz-$id-call-1"
done
# a few investments of the AI and robotics funds (sector, stage, city)
h fund invest sz-ai --deal llm-1 --firm sz-llm --sector ai --stage growth --city suzhou --amount 3亿 --share 8% --date 2024-09-01
h fund invest sz-ai --deal chip-1 --firm sz-chip --sector ai-chips --stage early --city suzhou --amount 2亿 --share 10% --date 2024-10-01
h fund invest sz-ai --deal agent-1 --firm sh-agent --sector ai --stage early --city shanghai --amount 1.5亿 --share 6% --date 2024-11-01
h fund invest sz-embodied-robotics --deal arm-1 --firm sz-arm --sector robotics --stage growth --city suzhou --amount 4亿 --share 12% --date 2024-10-15
h fund invest sz-biomedicine --deal bio-1 --firm sz-bio --sector biomedicine --stage late --city suzhou --amount 5亿 --share 5% --date 2024-08-20
h fund mark sz-ai --deal llm-1 --value 4.5亿 --date 2024-12-31
h fund mark sz-embodied-robotics --deal arm-1 --value 3.6亿 --date 2024-12-31
h fund fee sz-ai --days 186 --date 2024-12-31 --id sz-ai-fee-2024
h fund report suzhou-2024 --by sector --cn
