#!/usr/bin/env bash
# guangdong.sh — Guangdong AI & robotics fund (seed 003): 100亿 in total, first phase (首期) 20亿;
# partners Hengjian Holding (恒健控股, provincial state capital), ICBC Guangdong and ICBC
# Investment; 10+ reserved projects.
# usage: scenarios/guangdong.sh HUOSHUI_BIN BOOK
# Named parameters (the article gives no split): the first-phase shares GOV/HENGJIAN/ICBC_GD/
# ICBC_INV in 亿 (default 6/6/4/4 = 20亿); 让利 50% of the government's excess return, half of it
# to the GP (Hengqin-style concession, seed-programmes.md).
set -euo pipefail
HS=$1 BOOK=$2
GOV=${GOV:-6} HENGJIAN=${HENGJIAN:-6} ICBC_GD=${ICBC_GD:-4} ICBC_INV=${ICBC_INV:-4}
h() { "$HS" --book "$BOOK" --quiet "$@"; }
[ -e "$BOOK" ] || h init
h programme create guangdong-ai --title-zh 广东省人工智能与机器人产业基金 --title-en "Guangdong AI & robotics fund" --date 2024-05-01
h programme fund guangdong-ai --budget ai-robotics-fund --amount "${GOV}亿" --date 2024-05-01 --id gd-fund-1
h fund create gd-ai-robotics --name 广东省人工智能与机器人产业基金 --group guangdong-ai --size 100亿 \
  --first-phase 20亿 --gp gd-gp --vintage 2024-05-20 --invest-years 5 --exit-years 5 \
  --extension-years 2 --fee-basis paid-in --fee 1.5% --fee-exit 1% --hurdle 8% --carry 20% \
  --catch-up 100% --concession 50% --concession-to-gp 50%
h fund commit gd-ai-robotics --lp guangdong-gov --type gov --from budget/guangdong-ai/ai-robotics-fund --amount "${GOV}亿" --date 2024-05-20
h fund commit gd-ai-robotics --lp hengjian-holding --type state --amount "${HENGJIAN}亿" --date 2024-05-20
h fund commit gd-ai-robotics --lp icbc-guangdong --type bank --amount "${ICBC_GD}亿" --date 2024-05-20
h fund commit gd-ai-robotics --lp icbc-investment --type bank --amount "${ICBC_INV}亿" --date 2024-05-20
h fund call gd-ai-robotics --amount 10亿 --date 2024-06-01 --id gd-call-1
# ten reserved projects invested (the first phase)
i=0
for spec in gz-robot:robotics:guangzhou sz-chip:ai-chips:shenzhen sz-llm:ai:shenzhen \
            fs-arm:robotics:foshan dg-sensor:robotics:dongguan gz-vision:ai:guangzhou \
            zh-drone:robotics:zhuhai sz-agent:ai:shenzhen gz-data:ai:guangzhou sz-edge:ai-chips:shenzhen; do
  i=$((i+1)); firm=${spec%%:*}; rest=${spec#*:}; sector=${rest%%:*}; city=${rest#*:}
  stage=early; [ $((i % 3)) -eq 0 ] && stage=growth
  h fund invest gd-ai-robotics --deal "gd-d$i" --firm "$firm" --sector "$sector" --stage "$stage" \
    --city "$city" --region guangdong --amount 8000万 --share 8% --date 2024-0$(( 6 + i % 3 ))-15
done
h fund fee gd-ai-robotics --days 214 --date 2024-12-31 --id gd-fee-2024
h fund mark gd-ai-robotics --deal gd-d3 --value 2.4亿 --date 2025-06-30
h fund writeoff gd-ai-robotics --deal gd-d7 --date 2025-06-30
h fund exit gd-ai-robotics --deal gd-d2 --proceeds 3.2亿 --date 2026-06-30
h fund distribute gd-ai-robotics --amount 3亿 --date 2026-07-01 --id gd-dist-1
# the second phase: Hengjian and the banks commit more; later exits pass the hurdle, so the
# government's excess return is conceded (让利) through the waterfall
h fund commit gd-ai-robotics --lp hengjian-holding --type state --amount 10亿 --phase 2 --date 2026-09-01 --id gd-p2-hengjian
h fund exit gd-ai-robotics --deal gd-d3 --proceeds 12亿 --date 2027-06-30
h fund distribute gd-ai-robotics --amount 12亿 --date 2027-07-01 --id gd-dist-2
h fund show gd-ai-robotics --cn
