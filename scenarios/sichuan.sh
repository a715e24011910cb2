#!/usr/bin/env bash
# sichuan.sh — Sichuan's 促进人工智能产业链发展若干政策 (seed 003): 12亿 over three years in five parts
# (加大技术攻关支持力度; 大力支持人工智能产业发展; 加快推动人工智能终端应用和场景培育; 强化算力和数据供给能力;
# 着力构建要素保障体系). A multi-year appropriation released year by year: the whole 12亿 is pledged
# when the programme is created, each year's release is an officer's act, and no budget can be
# funded with money not yet released.
# usage: scenarios/sichuan.sh HUOSHUI_BIN BOOK
# Named parameters (not in the article, which gives only the total and the five parts): the yearly
# release RELEASE_YI in 亿 (default 4, an even split over 2024-2026) and each part's share of a year's
# release in SHARES (default 30 25 20 15 10 percent, in the article's order).
set -euo pipefail
HS=$1 BOOK=$2
RELEASE_YI=${RELEASE_YI:-4}
read -r -a SHARES <<<"${SHARES:-30 25 20 15 10}"
PARTS=(tech-research industry scenarios compute-data factors)
h() { "$HS" --book "$BOOK" --quiet "$@"; }
step() { printf '\n== %s\n' "$*"; }
[ -e "$BOOK" ] || h init
[ "${#SHARES[@]}" = 5 ] || { echo "sichuan.sh: SHARES needs five percentages" >&2; exit 2; }

step "programme: 12亿 appropriated for 2024-2026, released year by year"
h programme create sichuan-ai --title-zh 四川省促进人工智能产业链发展若干政策 \
  --title-en "Sichuan AI industry chain measures" --appropriation 12亿 --date 2024-01-01

release_fen=$(python3 -c 'import sys; from decimal import Decimal; print(int(Decimal(sys.argv[1]) * 10**10))' "$RELEASE_YI")
for year in 2024 2025 2026; do
  step "$year: release ${RELEASE_YI}亿 and fund the five parts"
  h programme release sichuan-ai --amount "${RELEASE_YI}亿" --date "$year-01-15" --id "release.sichuan-ai.$year"
  for i in 0 1 2 3 4; do
    part_fen=$((release_fen * SHARES[i] / 100))
    h programme fund sichuan-ai --budget "${PARTS[i]}" --amount "$(printf '%d.%02d' $((part_fen / 100)) $((part_fen % 100)))" \
      --date "$year-02-01" --id "fund.sichuan-ai.$year.${PARTS[i]}"
  done
  if [ "$year" = 2024 ]; then
    step "2024: funding 2025's money before its release is refused"
    if h programme fund sichuan-ai --budget tech-research --amount 1亿 --date 2024-06-01 2>&1; then
      echo "sichuan.sh: an unreleased 1亿 was budgeted" >&2
      exit 1
    fi
  fi
done

step "after three releases"
"$HS" --book "$BOOK" programme show sichuan-ai --cn
"$HS" --book "$BOOK" check
