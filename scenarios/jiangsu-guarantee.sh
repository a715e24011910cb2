#!/usr/bin/env bash
# jiangsu-guarantee.sh — financing guarantees (融资担保) with fee cuts (降费) for Wuxi tech firms,
# seed 000 ("financing guarantees widened, fees cut"), under policies/jiangsu-financing-guarantee.policy.
#
#   usage: scenarios/jiangsu-guarantee.sh HUOSHUI_BINARY BOOK_PATH [WORKDIR]  (BOOK_PATH must not exist)
#
# What the article says: Jiangsu widened financing guarantees and cut their fees for tech SMEs;
# the Wuxi robotics firm's package was 500万 锡科贷 + 200万 人才贷 + 500万 普惠贷 at about 3%.
# What is the policy's documented default: the firm pays at most 1% a year, the programme pays the
# guarantor up to 1 point more; losses shared 4:3:2:1 (national fund, provincial re-guarantor, bank,
# guarantor); at most 10x leverage. What is synthetic: the guarantor (无锡市融资担保, id WXRD) and
# its 1亿 capital, the re-guarantor's (JSZDB) and the national fund's allocations, the fee rate
# (2%), which loans are guaranteed, one default and its recovery.
# Expected by hand: each 500万 one-year loan's fee is 100,000.00 (2%), half paid by the programme;
# WX-GD-1 (500万) defaults on 2024-09-02 with 5,000,000.00 lost: national 200万, provincial 150万,
# bank 100万, guarantor 50万; the guarantor pays the bank 400万 and is reimbursed 350万; a 100万
# recovery returns 40万 / 30万 / 20万 / 10万.
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
ROBOT=913202117000100150
FIRM_B=91320211700010023T
FIRM_C=91320211700010031M

say "book, programme and its budget lines"
hs init
hs programme create jiangsu-2024 --title-zh 江苏省科技金融 --title-en "Jiangsu tech finance" --date 2024-01-02
hs programme fund jiangsu-2024 --budget guarantee-capital --amount 1亿 --date 2024-01-10
hs programme fund jiangsu-2024 --budget guarantee-fee --amount 500万 --date 2024-01-10
hs programme fund jiangsu-2024 --budget national-fund --amount 3000万 --date 2024-01-10
hs programme fund jiangsu-2024 --budget reguarantee --amount 3000万 --date 2024-01-10

say "the guarantor, the national fund and the provincial re-guarantor"
hs guarantee institution add WXRD --name 无锡市融资担保 --reguarantor JSZDB --programme jiangsu-2024 \
  --budget guarantee-capital --capital 1亿 --date 2024-01-15 --id wxrd-capital-1
hs guarantee party fund national --programme jiangsu-2024 --budget national-fund --amount 3000万 \
  --date 2024-01-15 --id national-2024
hs guarantee party fund JSZDB --programme jiangsu-2024 --budget reguarantee --amount 3000万 \
  --date 2024-01-15 --id jszdb-2024

say "the banks' products and loans (about 3%, one year)"
hs credit product create BOC-WX.锡科贷 --bank BOC-WX --name 锡科贷 --rate 3% --term-months 12 \
  --ceiling 500万 --unsecured --repayment bullet --date 2024-01-02
hs credit product create SPDB-WX.普惠贷 --bank SPDB-WX --name 普惠贷 --rate 2.95% --term-months 12 \
  --ceiling 1000万 --repayment bullet --date 2024-01-02
hs credit loan create --id WX-GR-1 --product BOC-WX.锡科贷 --firm $ROBOT --amount 500万 --approved 2024-04-02
hs credit loan disburse WX-GR-1 --date 2024-04-08
hs credit loan create --id WX-GD-1 --product SPDB-WX.普惠贷 --firm $FIRM_B --amount 500万 --approved 2024-04-08
hs credit loan disburse WX-GD-1 --date 2024-04-10
hs credit loan create --id WX-GC-1 --product SPDB-WX.普惠贷 --firm $FIRM_C --amount 800万 --approved 2024-05-06

say "guarantees at a 2% fee: the firms pay 1%, the programme the other point"
hs guarantee sign WX-GR-1 --guarantor WXRD --policy "$HERE/../policies/jiangsu-financing-guarantee.policy" --fee-rate 2% --date 2024-04-08
hs guarantee sign WX-GD-1 --guarantor WXRD --policy "$HERE/../policies/jiangsu-financing-guarantee.policy" --fee-rate 2% --date 2024-04-10
hs guarantee sign WX-GC-1 --guarantor WXRD --policy "$HERE/../policies/jiangsu-financing-guarantee.policy" --fee-rate 1.8% --date 2024-05-06

say "a default, the compensation (代偿) shared 4:3:2:1, and a recovery"
hs credit default WX-GD-1 --date 2024-09-02
hs guarantee compensate WX-GD-1 --date 2024-09-12
hs guarantee recover WX-GD-1 --amount 100万 --date 2024-12-02 --id WX-GD-1-rec-1

say "the guarantor: capital, in-force balance and leverage"
hs guarantee institution show WXRD

say "the book checks out"
hs check
