#!/usr/bin/env bash
# calc.sh — `huoshui calc` (xirr, npv, waterfall) and `huoshui fund` (project, pacing) through the
# real binary: exact printed figures, exit codes, JSON fields, CSV shape, the SVG chart.
source "$(dirname "$0")/lib.sh"
OUT=$E2E_TMP/out ERR=$E2E_TMP/err

# json_get FILE PYTHON-EXPR  (the parsed document is `d`)
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1; }

EXCEL_FLOWS=(2008-01-01:-10000 2008-03-01:2750 2008-10-30:4250 2009-02-15:3250 2009-04-01:2750)

# ---- xirr ----
check_rc "xirr: Excel's documented example runs" 0 "$HS" calc xirr "${EXCEL_FLOWS[@]}"
check_eq "xirr: prints the rate and a percent" "0.373362534 (37.34%)" "$(cat "$OUT")"
check_rc "xirr --json runs" 0 "$HS" calc xirr "${EXCEL_FLOWS[@]}" --json
check_eq "xirr --json: xirr within Excel's 1e-8 of 0.373362535" "True" \
  "$(json_get "$OUT" 'abs(d["xirr"] - 0.373362535) < 1e-8')"
check_rc "xirr: money forms and flows in any order" 0 "$HS" calc xirr 2008-01-01:-¥10,000 \
  2009-04-01:2,750.00 2008-10-30:4250元 2008-03-01:2750 2009-02-15:3250
check_eq "xirr: same rate whatever the order" "0.373362534 (37.34%)" "$(cat "$OUT")"
check_rc "xirr: a loss" 0 "$HS" calc xirr 2021-01-01:-1000000 2022-01-01:500000
check_eq "xirr: -50% over one 365-day year" "-0.500000000 (-50.00%)" "$(cat "$OUT")"
check_rc "xirr: no sign change is exit 2" 2 "$HS" calc xirr 2024-01-01:1000 2024-06-01:2000
check_contains "xirr: no sign change says so" "no sign change" "$ERR"
check_rc "xirr: all outflows is exit 2" 2 "$HS" calc xirr 2024-01-01:-1000 2024-06-01:-2000
check_rc "xirr: a date before the first is exit 2" 2 "$HS" calc xirr 2024-01-01:-1000 2023-06-01:2000
check_contains "xirr: names the early date" "2023-06-01 is before the first date" "$ERR"
check_rc "xirr: a bad date is exit 2" 2 "$HS" calc xirr 2024-02-30:-1000 2024-06-01:2000
check_rc "xirr: a bad amount is exit 2" 2 "$HS" calc xirr 2024-01-01:-1000x 2024-06-01:2000
check_rc "xirr: no colon is exit 2" 2 "$HS" calc xirr 2024-01-01 2024-06-01:2000
check_rc "xirr: one flow is exit 2" 2 "$HS" calc xirr 2024-01-01:-1000
check_rc "xirr: flows with no root are exit 2" 2 "$HS" calc xirr 2021-01-01:-100 2022-01-01:300 \
  2023-01-01:-250
check_contains "xirr: no root says so" "these flows have no XIRR" "$ERR"
check_rc "xirr: --guess" 0 "$HS" calc xirr "${EXCEL_FLOWS[@]}" --guess 50%
check_eq "xirr: --guess finds the same root" "0.373362534 (37.34%)" "$(cat "$OUT")"

# ---- npv ----
check_rc "npv: Excel's documented example runs" 0 "$HS" calc npv 10% -10000 3000 4200 6800
check_eq "npv: 1,188.44" "1,188.44 CNY" "$(cat "$OUT")"
check_rc "npv: rate as a fraction" 0 "$HS" calc npv 0.1 -10000 3000 4200 6800
check_eq "npv: 0.1 = 10%" "1,188.44 CNY" "$(cat "$OUT")"
check_rc "npv --json runs" 0 "$HS" calc npv 0.08 8000 9200 10000 12000 14500 --json
check_eq "npv --json: Excel's second example before the -40000 outlay" "41922.06" \
  "$(json_get "$OUT" 'd["npv"]')"
check_eq "npv --json: npv_fen" "4192206" "$(json_get "$OUT" 'd["npv_fen"]')"
check_rc "npv: a rate of -100% is exit 2" 2 "$HS" calc npv -100% 100 200
check_rc "npv: a bad rate is exit 2" 2 "$HS" calc npv ten 100 200
check_rc "npv: no amounts is exit 2" 2 "$HS" calc npv 10%
check_rc "npv: --cn" 0 "$HS" calc npv 10% -1亿 3000万 4200万 6800万 --cn
check_eq "npv: --cn prints Chinese units" "1,188.44万" "$(cat "$OUT")"

# ---- multiples ----
check_rc "multiples" 0 "$HS" calc multiples --paid-in 8000万 --distributed 6000万 --nav 5000万 \
  --invested 7500万
check_eq "multiples: TVPI, DPI, RVPI, MOIC" "TVPI 1.3750x DPI 0.7500x RVPI 0.6250x MOIC 1.4667x" \
  "$(tr -s ' \n' ' ' < "$OUT" | sed 's/ $//')"
check_rc "multiples --json" 0 "$HS" calc multiples --paid-in 100 --distributed 50 --nav 80 --json
check_eq "multiples --json: TVPI as an exact ratio of fen" "13000 10000 1.3" \
  "$(json_get "$OUT" '" ".join(str(d["tvpi"][k]) for k in ("num_fen", "den_fen", "value"))')"
check_rc "multiples: zero paid-in is exit 2" 2 "$HS" calc multiples --paid-in 0 --distributed 5 --nav 1
check_rc "multiples: a missing --nav is exit 2" 2 "$HS" calc multiples --paid-in 10 --distributed 5

# ---- waterfall ----
WF=(calc waterfall --paid-in 1亿 --proceeds 2亿 --years 5 --hurdle 8% --carry 20%)
check_rc "waterfall: full catch-up runs" 0 "$HS" "${WF[@]}" --catch-up 100%
check_contains "waterfall: preferred return compounded 5 years" "preferred return 46,932,807.68 CNY" "$OUT"
check_eq "waterfall: catch-up row" "GP catch-up 0.00 CNY 11,733,201.92 CNY" \
  "$(grep '^GP catch-up' "$OUT" | tr -s ' ')"
check_eq "waterfall: carry row" "carried interest 33,067,192.32 CNY 8,266,798.08 CNY" \
  "$(grep '^carried interest' "$OUT" | tr -s ' ')"
check_eq "waterfall: totals" "total 180,000,000.00 CNY 20,000,000.00 CNY" \
  "$(grep '^total' "$OUT" | tr -s ' ')"
check_rc "waterfall --json: 80% catch-up" 0 "$HS" "${WF[@]}" --catch-up 80% --json
check_eq "waterfall --json: lp" "180000000.00" "$(json_get "$OUT" 'd["lp"]')"
check_eq "waterfall --json: gp" "20000000.00" "$(json_get "$OUT" 'd["gp"]')"
check_eq "waterfall --json: tier names" \
  "['return of capital', 'preferred return', 'GP catch-up', 'carried interest']" \
  "$(json_get "$OUT" '[t["name"] for t in d["tiers"]]')"
check_eq "waterfall --json: catch-up tier" "3128853.85 12515415.38" \
  "$(json_get "$OUT" 'd["tiers"][2]["lp"] + " " + d["tiers"][2]["gp"]')"
check_eq "waterfall --json: tiers sum to the proceeds to the fen" "20000000000" \
  "$(json_get "$OUT" 'sum(round(float(t["lp"])*100) + round(float(t["gp"])*100) for t in d["tiers"])')"
check_rc "waterfall: no catch-up by default" 0 "$HS" calc waterfall --paid-in 1000 \
  --proceeds 1500 --years 1 --hurdle 8% --carry 20% --json
check_eq "waterfall: no catch-up, hand-worked example C" "1416.00 84.00" \
  "$(json_get "$OUT" 'd["lp"] + " " + d["gp"]')"
check_rc "waterfall: proceeds below paid-in" 0 "$HS" calc waterfall --paid-in 1000 \
  --proceeds 600 --years 1 --hurdle 8% --carry 20% --catch-up 100% --json
check_eq "waterfall: all 600 to the LPs" "600.00 0.00" "$(json_get "$OUT" 'd["lp"] + " " + d["gp"]')"
check_rc "waterfall: 让利" 0 "$HS" calc waterfall --paid-in 1000 --proceeds 1500 --years 1 \
  --hurdle 8% --carry 20% --catch-up 100% --gov-commitment 300 --social-commitment 700 \
  --concession 50% --concession-to-gp 25% --json
check_eq "waterfall: 让利 government, social, GP (example I)" "372.00 1016.00 112.00" \
  "$(json_get "$OUT" '" ".join(d["concession"][k] for k in ("gov", "social", "gp"))')"
check_rc "waterfall: 让利 table" 0 "$HS" calc waterfall --paid-in 1000 --proceeds 1500 --years 1 \
  --hurdle 8% --carry 20% --catch-up 100% --gov-commitment 300 --social-commitment 700 \
  --concession 50%
check_contains "waterfall: 让利 table shows what was ceded" "ceded" "$OUT"
check_rc "waterfall: 让利 needs all its options" 2 "$HS" calc waterfall --paid-in 1000 \
  --proceeds 1500 --years 1 --hurdle 8% --carry 20% --concession 50%
check_rc "waterfall: a missing --carry is exit 2" 2 "$HS" calc waterfall --paid-in 1000 \
  --proceeds 1500 --years 1 --hurdle 8%
check_rc "waterfall: catch-up at the carry rate is exit 2" 2 "$HS" "${WF[@]}" --catch-up 20%
check_contains "waterfall: says why" "catch-up" "$ERR"
check_rc "waterfall: negative proceeds is exit 2" 2 "$HS" calc waterfall --paid-in 1000 \
  --proceeds -1 --years 1 --hurdle 8% --carry 20%
check_rc "waterfall: a sub-basis-point rate is exit 2" 2 "$HS" "${WF[@]}" --catch-up 80.001%
check_rc "waterfall: an unknown option is exit 2" 2 "$HS" "${WF[@]}" --bogus 1
check_rc "waterfall: deal by deal (example J)" 0 "$HS" calc waterfall --deal 1000:1500:1 \
  --deal 1000:600:1 --hurdle 8% --carry 20% --catch-up 100% --json
check_eq "waterfall: deal by deal LP and GP" "2000.00 100.00" \
  "$(json_get "$OUT" 'd["lp"] + " " + d["gp"]')"
check_eq "waterfall: deal by deal, per deal" "1400.00/100.00 600.00/0.00" \
  "$(json_get "$OUT" '" ".join(x["lp"] + "/" + x["gp"] for x in d["deals"])')"
check_rc "waterfall: deal by deal table" 0 "$HS" calc waterfall --deal 1000:1500:1 \
  --deal 1000:600:1 --hurdle 8% --carry 20% --catch-up 100%
check_eq "waterfall: deal by deal totals" "total 2,000.00 CNY 100.00 CNY" \
  "$(grep '^total' "$OUT" | tr -s ' ')"
check_rc "waterfall: a malformed --deal is exit 2" 2 "$HS" calc waterfall --deal 1000:1500 \
  --hurdle 8% --carry 20%
check_rc "waterfall: --deal with --paid-in is exit 2" 2 "$HS" calc waterfall --deal 1000:1500:1 \
  --paid-in 5 --hurdle 8% --carry 20%

# ---- fund project ----
TA=(fund project --commitment 100 --rc 0.25,0.333,0.5 --growth 0.13 --bow 2.5 --life 12)
check_rc "fund project --csv runs" 0 "$HS" "${TA[@]}" --yield 0 --csv
check_eq "fund project --csv: header" "year,contribution,distribution,nav,net_cash_flow" \
  "$(head -1 "$OUT")"
check_eq "fund project --csv: one row a year" "13" "$(wc -l < "$OUT" | tr -d ' ')"
check_eq "fund project --csv: year 1" "1,25.0000,0.0000,25.0000,-25.0000" "$(sed -n 2p "$OUT")"
check_eq "fund project --csv: year 4" "4,12.5063,6.0113,100.2019,-6.4949" "$(sed -n 5p "$OUT")"
check_eq "fund project --csv: year 12" "12,0.0489,4.0057,0.0489,3.9569" "$(sed -n 13p "$OUT")"
CHART=$E2E_TMP/ta.svg
check_rc "fund project: table and chart" 0 "$HS" "${TA[@]}" --chart "$CHART"
check_contains "fund project: the J-curve trough" \
  "J-curve trough: year 4, cumulative net cash flow -79.2939" "$OUT"
check_contains "fund project: break-even" "break-even: year 8" "$OUT"
if [ -s "$CHART" ] && grep -q '<svg ' "$CHART" && tail -1 "$CHART" | grep -q '^</svg>$'; then
  pass "fund project --chart: an SVG document"
else
  fail "fund project --chart: an SVG document" "$(head -c 200 "$CHART" 2>&1)"
fi
check_eq "fund project --chart: 24 bars, background and legend" "27" "$(grep -c '<rect ' "$CHART")"
check_contains "fund project --chart: trough marked" "trough: year 4" "$CHART"
check_rc "fund project --json" 0 "$HS" "${TA[@]}" --json
check_eq "fund project --json: trough year and 12 rows" "4 12" \
  "$(json_get "$OUT" 'str(d["trough_year"]) + " " + str(len(d["years"]))')"
check_rc "fund project: --horizon past the life" 0 "$HS" "${TA[@]}" --horizon 15 --csv
check_eq "fund project: 15 rows" "16" "$(wc -l < "$OUT" | tr -d ' ')"
check_rc "fund project: a fund already running" 0 "$HS" "${TA[@]}" --age 4 --paid-in 70 --nav 90 \
  --distributed 8 --horizon 14 --csv
check_eq "fund project --age: years 5..14" "5 14" "$(sed -n '2p;$p' "$OUT" | cut -d, -f1 | xargs)"
check_eq "fund project --age: year 5 calls half the 30 uncalled" "5,15.0000,11.3971,105.3029,-3.6029" \
  "$(sed -n 2p "$OUT")"
check_rc "fund project --age: paid-in above the commitment is exit 2" 2 "$HS" "${TA[@]}" --age 4 \
  --paid-in 170 --nav 90
check_rc "fund project FUND: not in the book yet, exit 2" 2 "$HS" fund project F-001
check_contains "fund project FUND: says so" "fund F-001 not found in the book" "$ERR"
check_rc "fund project: a missing --life is exit 2" 2 "$HS" fund project --commitment 100 \
  --rc 0.25 --growth 0.13 --bow 2.5
check_rc "fund project: a call rate above 1 is exit 2" 2 "$HS" fund project --commitment 100 \
  --rc 0.25,1.5 --growth 0.13 --bow 2.5 --life 12
check_rc "fund project: a bad number is exit 2" 2 "$HS" fund project --commitment lots \
  --rc 0.25 --growth 0.13 --bow 2.5 --life 12
check_rc "fund project: an unwritable chart path is exit 2" 2 "$HS" "${TA[@]}" --chart /nonexistent/x.svg

# ---- fund pacing ----
check_rc "fund pacing --csv" 0 "$HS" fund pacing --target-nav 100 --years 30 --rc 0.25,0.333,0.5 \
  --growth 0.13 --bow 2.5 --life 12 --csv
check_eq "fund pacing --csv: header" "year,commitment,contribution,distribution,nav,net_cash_flow" \
  "$(head -1 "$OUT")"
check_eq "fund pacing --csv: 30 rows" "31" "$(wc -l < "$OUT" | tr -d ' ')"
check_eq "fund pacing: NAV holds the target by year 30" "99.9998" "$(tail -1 "$OUT" | cut -d, -f5)"
check_rc "fund pacing: a missing --target-nav is exit 2" 2 "$HS" fund pacing --years 30 --rc 0.25 \
  --growth 0.13 --bow 2.5 --life 12

# ---- help, usage, and the ASan build ----
check_rc "calc --help" 0 "$HS" calc --help
check_contains "calc --help: usage" "usage: huoshui calc xirr" "$OUT"
check_rc "calc waterfall --help" 0 "$HS" calc waterfall --help
check_rc "fund --help" 0 "$HS" fund --help
check_contains "fund --help: usage" "usage: huoshui fund project" "$OUT"
check_rc "calc without a calculator is exit 2" 2 "$HS" calc
check_rc "calc: an unknown calculator is exit 2" 2 "$HS" calc irr
check_rc "fund: an unknown subcommand is exit 2" 2 "$HS" fund bogus
check_rc "ASan build: xirr" 0 "$HS_DBG" calc xirr "${EXCEL_FLOWS[@]}" --json
check_rc "ASan build: waterfall with 让利" 0 "$HS_DBG" calc waterfall --paid-in 1000 --proceeds 1500 \
  --years 1 --hurdle 8% --carry 20% --catch-up 80% --gov-commitment 1 --social-commitment 2 \
  --concession 30%
check_rc "ASan build: fund project with chart" 0 "$HS_DBG" "${TA[@]}" --chart "$E2E_TMP/dbg.svg"
check_rc "ASan build: bad input" 2 "$HS_DBG" calc xirr 2024-01-01:1 2024-01-02:2
