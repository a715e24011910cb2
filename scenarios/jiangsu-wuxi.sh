#!/usr/bin/env bash
# jiangsu-wuxi.sh — the Wuxi (Binhu) credit package of seed 000 on one book, backed by a Jiangsu
# risk-compensation pool.
#
#   usage: scenarios/jiangsu-wuxi.sh HUOSHUI_BINARY BOOK_PATH [WORKDIR]   (BOOK_PATH must not exist
#          yet; WORKDIR, passed by `make run`, is not needed: everything goes into the book)
#
# What the article says (People's Daily 2024-04-15, seeds/000): a Binhu robotics firm (长广溪智能制造)
# short of working capital got a "综合金融方案包" from 中国银行, 江苏银行 and 浦发银行: 500万 锡科贷,
# 200万 人才贷 and 500万 普惠贷, all unsecured (无抵押信用贷款), at about 3%, each disbursed within 5
# working days; the provincial 普惠金融发展风险补偿基金 compensates cooperating banks' losses.
# What is synthetic here (the article does not say): which bank lent which product (one each), the
# exact rates, terms and repayment methods, the firms' 统一社会信用代码 (made up, with valid GB 32100
# check characters), the other firms' loans, the pool's size and funding dates, the defaults, the
# claims and the recovery. Pool rule parameters are the Zhuhai defaults (see credit_pool.h).
#
# Timeline (2024): programme and pool funded in January; loans from March to June; the robotics
# package approved on Tue 04-02 and disbursed 04-08/09/10 — across Qingming (04-04..06 off, Sunday
# 04-07 a make-up working day), so 04-10 is exactly the 5th working day; two defaults in the
# summer, claims on the pool, a top-up, a recovery in November; one loan disbursed late (06-12,
# after the Dragon Boat holiday) and one approved before National Day and never disbursed.
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 HUOSHUI_BINARY BOOK_PATH [WORKDIR]" >&2
  exit 2
fi
HS_BIN=$1
BOOK=$2
if [ -e "$BOOK" ]; then
  echo "$0: $BOOK exists; the scenario builds a fresh book" >&2
  exit 2
fi
hs() { "$HS_BIN" --book "$BOOK" "$@"; }
say() { printf '\n== %s\n' "$*"; }

# the robotics firm of the article, and seven other (synthetic) Binhu firms
ROBOT=913202117000100150
FIRM_B=91320211700010023T
FIRM_C=91320211700010031M
FIRM_D=9132021170001004XD
FIRM_E=91320211700010058D
FIRM_F=913202117000100668
FIRM_G=913202117000100743
FIRM_H=91320211700010082X

say "book, programme and the risk-compensation pool"
hs init
hs programme create jiangsu-2024 --title-zh 江苏省普惠金融发展风险补偿基金 \
  --title-en "Jiangsu inclusive-finance risk-compensation fund" --date 2024-01-02
hs programme fund jiangsu-2024 --budget risk-pool --amount 4000万 --date 2024-01-10
hs credit pool create jiangsu-wuxi --programme jiangsu-2024 --budget risk-pool --multiple 10 \
  --date 2024-01-10
hs credit pool fund jiangsu-wuxi --amount 500万 --date 2024-01-15 --id pool-fund-2024-01

say "cooperating banks and their products (unsecured, about 3%)"
hs credit product create BOC-WX.锡科贷 --bank BOC-WX --name 锡科贷 --rate 3% --term-months 12 \
  --ceiling 500万 --unsecured --repayment bullet --pool jiangsu-wuxi --date 2024-01-02
hs credit product create JSB-WX.人才贷 --bank JSB-WX --name 人才贷 --rate 3.1% --term-months 24 \
  --ceiling 300万 --unsecured --repayment equal-principal --pool jiangsu-wuxi --date 2024-01-02
hs credit product create SPDB-WX.普惠贷 --bank SPDB-WX --name 普惠贷 --rate 2.95% --term-months 12 \
  --ceiling 1000万 --unsecured --repayment equal-principal --pool jiangsu-wuxi --date 2024-01-02

say "other firms' loans"
hs credit loan create --id WX-B-1 --product BOC-WX.锡科贷 --firm $FIRM_B --amount 500万 --approved 2024-03-01
hs credit loan disburse WX-B-1 --date 2024-03-06
hs credit loan create --id WX-C-1 --product SPDB-WX.普惠贷 --firm $FIRM_C --amount 800万 --approved 2024-03-04
hs credit loan disburse WX-C-1 --date 2024-03-08
hs credit loan create --id WX-D-1 --product JSB-WX.人才贷 --firm $FIRM_D --amount 300万 --approved 2024-03-11
hs credit loan disburse WX-D-1 --date 2024-03-13

say "the robotics firm's package: 500万 锡科贷 + 200万 人才贷 + 500万 普惠贷, approved 2024-04-02"
hs credit loan create --id WX-ROBOT-XKD --product BOC-WX.锡科贷 --firm $ROBOT --amount 500万 --approved 2024-04-02
hs credit loan create --id WX-ROBOT-RCD --product JSB-WX.人才贷 --firm $ROBOT --amount 200万 --approved 2024-04-02
hs credit loan create --id WX-ROBOT-PHD --product SPDB-WX.普惠贷 --firm $ROBOT --amount 500万 --approved 2024-04-02
hs credit loan disburse WX-ROBOT-XKD --date 2024-04-08
hs credit loan disburse WX-ROBOT-RCD --date 2024-04-09
hs credit loan disburse WX-ROBOT-PHD --date 2024-04-10

say "more loans: a partly guaranteed second loan, two in May, one disbursed late, one never"
hs credit loan create --id WX-B-2 --product JSB-WX.人才贷 --firm $FIRM_B --amount 200万 \
  --approved 2024-04-15 --unsecured-share 60%
hs credit loan disburse WX-B-2 --date 2024-04-17
hs credit loan create --id WX-E-1 --product SPDB-WX.普惠贷 --firm $FIRM_E --amount 1000万 --approved 2024-05-06
hs credit loan disburse WX-E-1 --date 2024-05-09
hs credit loan create --id WX-F-1 --product BOC-WX.锡科贷 --firm $FIRM_F --amount 400万 --approved 2024-05-06
hs credit loan disburse WX-F-1 --date 2024-05-10
hs credit loan create --id WX-H-1 --product SPDB-WX.普惠贷 --firm $FIRM_H --amount 600万 --approved 2024-06-03
hs credit loan disburse WX-H-1 --date 2024-06-12
hs credit loan create --id WX-G-1 --product JSB-WX.人才贷 --firm $FIRM_G --amount 250万 --approved 2024-09-27

say "repayments (no amount: the next scheduled instalment with interest actual/365)"
hs credit repay WX-C-1 --date 2024-04-08
hs credit repay WX-C-1 --date 2024-05-08
hs credit repay WX-B-2 --date 2024-05-17
hs credit repay WX-ROBOT-XKD --date 2024-05-08
hs credit repay WX-ROBOT-RCD --date 2024-05-09
hs credit repay WX-ROBOT-PHD --date 2024-05-10
hs credit repay WX-ROBOT-XKD --date 2024-06-08
hs credit repay WX-ROBOT-RCD --date 2024-06-09
hs credit repay WX-ROBOT-PHD --date 2024-06-10
hs credit repay WX-D-1 --date 2024-04-13
hs credit repay WX-D-1 --amount 1,000,000.00 --date 2024-06-28 --id WX-D-1-prepay

say "defaults and claims on the pool"
hs credit default WX-C-1 --date 2024-07-15
hs credit claim WX-C-1 --pool jiangsu-wuxi --date 2024-07-25
hs credit default WX-B-2 --date 2024-08-20
hs credit claim WX-B-2 --pool jiangsu-wuxi --date 2024-08-30

say "top-up from the budget, and a recovery that returns the pool's share"
hs credit pool fund jiangsu-wuxi --amount 500万 --date 2024-09-02 --id pool-fund-2024-09
hs credit recover WX-C-1 --amount 100万 --date 2024-11-20 --id WX-C-1-rec-1

say "service check: loans not disbursed within 5 working days (as of 2024-10-15)"
hs credit loan overdue-approvals --on 2024-10-15

say "the robotics firm's 锡科贷"
hs credit loan show WX-ROBOT-XKD

say "the book checks out"
hs check

say "pool report"
hs credit pool show jiangsu-wuxi
