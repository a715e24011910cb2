#!/usr/bin/env bash
# wuxi-interest.sh — interest subsidies (贴息) on the Wuxi credit package of seed 000: builds the
# jiangsu-wuxi book (scenarios/jiangsu-wuxi.sh: the robotics firm's 500万 锡科贷 + 200万 人才贷 +
# 500万 普惠贷 at about 3%, all unsecured, and seven other firms' loans), then runs the shipped
# policy policies/wuxi-interest-subsidy.policy over the second and third quarters of 2024.
#
#   usage: scenarios/wuxi-interest.sh HUOSHUI_BINARY BOOK_PATH [WORKDIR]   (BOOK_PATH must not exist)
#
# What the article says: the loans, their size and rate (~3%), and that Jiangsu cuts firms'
# financing costs; it names no subsidy rate. What is the policy's documented default: the 1.5-point
# cap (so a 3% loan gets half its interest back), unsecured loans only, repaying on schedule, 50万
# per firm and year, valid for 2024. What is synthetic: the 200万 budget line and its date.
# What is synthetic here too: the robotics firm's July-September instalments (the jiangsu-wuxi
# scenario records repayments only to June; the other firms' later instalments stay unrecorded,
# so in Q3 their equal-principal loans are behind schedule and get nothing, each row saying so).
# Expected: in Q2, WX-C-1 (普惠贷, three instalments due by 06-30, two paid), WX-B-2 (06-17 unpaid)
# and WX-E-1 (06-09 unpaid) are behind their schedules and get nothing; bullet loans (锡科贷) owe no
# principal before maturity and qualify; in Q3 WX-C-1 and WX-B-2 are in default (written off in
# July and August) and get nothing.
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 HUOSHUI_BINARY BOOK_PATH [WORKDIR]" >&2
  exit 2
fi
HS_BIN=$1
BOOK=$2
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -e "$BOOK" ]; then
  echo "$0: $BOOK exists; the scenario builds a fresh book" >&2
  exit 2
fi
hs() { "$HS_BIN" --book "$BOOK" "$@"; }
say() { printf '\n== %s\n' "$*"; }

say "the Wuxi credit package (scenarios/jiangsu-wuxi.sh)"
bash "$HERE/jiangsu-wuxi.sh" "$HS_BIN" "$BOOK" >/dev/null

say "an interest-subsidy budget line and the scheme (paid to the firms)"
hs programme fund jiangsu-2024 --budget interest-subsidy --amount 200万 --date 2024-03-01
hs interest scheme add wuxi-2024 --policy "$HERE/../policies/wuxi-interest-subsidy.policy" \
  --pay-to firm --date 2024-03-01

say "2024Q2: April to June"
HUOSHUI_TODAY=2024-07-05 hs interest accrue --scheme wuxi-2024 --period 2024Q2

say "the robotics firm keeps repaying on schedule (next instalment each month)"
for m in 07 08 09; do
  hs credit repay WX-ROBOT-XKD --date 2024-$m-08 >/dev/null
  hs credit repay WX-ROBOT-RCD --date 2024-$m-09 >/dev/null
  hs credit repay WX-ROBOT-PHD --date 2024-$m-10 >/dev/null
done

say "2024Q3: July to September (two loans written off in the quarter)"
HUOSHUI_TODAY=2024-10-08 hs interest accrue --scheme wuxi-2024 --period 2024Q3

say "the robotics firm's 锡科贷 in Q2, explained"
hs interest explain --scheme wuxi-2024 --period 2024Q2 --loan WX-ROBOT-XKD

say "the periods paid, and the book checks out"
hs interest list --scheme wuxi-2024
hs check
