#!/usr/bin/env bash
# project.sh — `huoshui project run|compare` on a small book: the same seed gives byte-identical
# --json for 1, 2 and 3 threads, another seed differs, --set of a policy parameter and of a model
# parameter change the result, bad --set is named (exit 2), the probabilities are stored for
# `report targets`, and --csv/--chart write files; a fund's deal in a registry firm is in the
# snapshot, its firm's exit pays the fund 2x its stake and its failure writes it off, the fund's
# own recycling share and investment period apply (a per-fund set naming no fund is refused), and
# the Chengdu voucher pays Chengdu firms only (a registry of Beijing firms never draws it).
source "$(dirname "$0")/lib.sh"
H=${HS:-build/release/huoshui}
export HUOSHUI_TODAY=2024-06-30
B=$E2E_TMP/p.db
hs() { "$H" --book "$B" "$@"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$E2E_TMP/out"; }
hs init >/dev/null
hs gen firms --n 300 --seed 7 --out "$E2E_TMP/f.csv" >/dev/null
hs firm import "$E2E_TMP/f.csv" >/dev/null
hs programme create chengdu-2024 --date 2024-01-01 >/dev/null
hs programme fund chengdu-2024 --budget compute-voucher --amount 3270万 >/dev/null
hs programme fund chengdu-2024 --budget risk-pool --amount 4000万 >/dev/null
hs credit pool create CD --programme chengdu-2024 --budget risk-pool --multiple 10 >/dev/null
hs credit pool fund CD --amount 1000万 >/dev/null
hs credit product create --bank BOC --name 科创贷 --rate 3% --term-months 12 --ceiling 500万 --unsecured --pool CD >/dev/null
for i in 1 2 3 4; do
  u=$(sed -n "$((i+1))p" "$E2E_TMP/f.csv" | cut -d, -f1)
  hs credit loan create --id L$i --product BOC.科创贷 --firm "$u" --amount 500万 --approved 2024-04-02 >/dev/null
  hs credit loan disburse L$i --date 2024-04-08 >/dev/null
done
hs target add --programme chengdu-2024 --id firms --indicator firms --value 320 --deadline 2026-12-31 --source test >/dev/null
run() { hs project run --programme chengdu-2024 --years 3 --paths 300 --no-store --json "$@"; }
a=$(run --seed 5 --threads 1 | md5sum); b=$(run --seed 5 --threads 2 | md5sum); c=$(run --seed 5 --threads 3 | md5sum)
check_eq "1 and 2 threads give identical numbers" "$a" "$b"
check_eq "1 and 3 threads give identical numbers" "$a" "$c"
d=$(run --seed 6 --threads 2 | md5sum)
if [ "$a" != "$d" ]; then pass "another seed gives other numbers"; else fail "another seed gives other numbers" "same output"; fi
run --seed 5 > "$E2E_TMP/out"
check_eq "the snapshot has the book's firms, loans and pool" "300 4 1" "$(json '"%d %d %d" % (d["start"]["firms"], d["start"]["loans"], d["start"]["pools"])')"
base=$(json 'd["years_data"][0]["voucher_demand"]["p50"]')
run --seed 5 --set chengdu.compute_voucher.share=10% > "$E2E_TMP/out"
v=$(json 'd["years_data"][0]["voucher_demand"]["p50"]')
if python3 -c "import sys; sys.exit(0 if $v < $base else 1)"; then pass "a lower voucher share lowers demand"; else fail "a lower voucher share lowers demand" "$v vs $base"; fi
run --seed 5 --set model.default_rate=50% > "$E2E_TMP/out"
check_eq "heavy defaults pay claims" "True" "$(json 'd["years_data"][-1]["claims_paid"]["p50"] > 0')"
check_rc "an unknown model parameter is refused" 2 hs project run --programme chengdu-2024 --paths 10 --set model.nope=1
check_contains "and named" "nope" "$E2E_TMP/err"
check_rc "an unknown policy is refused" 2 hs project run --programme chengdu-2024 --paths 10 --set no.such.x=1
check_contains "and the policies it could be are listed" "its policies: chengdu.compute_voucher" "$E2E_TMP/err"
check_rc "a run stores the probabilities" 0 hs project run --programme chengdu-2024 --years 3 --paths 200 --seed 1 --csv "$E2E_TMP/mc.csv" --chart "$E2E_TMP/fan.svg"
check_contains "the CSV has the header" "metric,year,date,p10,p50,p90,mean" "$E2E_TMP/mc.csv"
check_contains "the chart is SVG" "<svg" "$E2E_TMP/fan.svg"
hs report targets --programme chengdu-2024 --json > "$E2E_TMP/out"
check_eq "report targets shows a probability" "True" "$(json 'd[0]["probability"] is not None')"
check_rc "project compare" 0 hs project compare --programme chengdu-2024 --years 3 --paths 200 --set model.default_rate=10% --json
check_eq "compare gives a CI per metric" "True" "$(json 'all(m["lo"] <= m["difference"] <= m["hi"] for m in d["metrics"])')"
hs project compare --programme chengdu-2024 --years 2 --paths 100 --set chengdu.compute_voucher.share=40% > "$E2E_TMP/cmp.txt"
check_contains "compare prints money differences as amounts" "CNY   95% CI [" "$E2E_TMP/cmp.txt"
check_contains "... signed" "budget_used                 -" "$E2E_TMP/cmp.txt"

# ---- a fund's deal in a registry firm (its exit pays the fund), per-fund terms, city ----
u=$(sed -n 10p "$E2E_TMP/f.csv" | cut -d, -f1)
hs programme fund chengdu-2024 --budget fund --amount 1亿 >/dev/null
hs fund create cdf --size 2亿 --gp G --vintage 2023-01-01 --invest-years 5 >/dev/null
hs fund commit cdf --lp cd-gov --type gov --amount 1亿 --from budget/chengdu-2024/fund >/dev/null
hs fund commit cdf --lp bank1 --type bank --amount 1亿 >/dev/null
hs fund call cdf --amount 1亿 --date 2023-01-10 >/dev/null
check_rc "a fund invests in a registry firm" 0 hs fund invest cdf --deal d1 --firm "$u" --amount 5000万 --sector nlp --stage growth --city 成都 --date 2023-02-01
quiet="--set model.hazard_age0=0 --set model.hazard_age1=0 --set model.hazard_age2=0 --set model.hazard_age3=0 --set model.hazard_age4=0 --set model.hazard_age5=0 --set model.exit_multiple_sigma=0 --set model.exit_min_age=0"
fund_run() { hs project run --programme chengdu-2024 --years 2 --paths 100 --seed 9 --no-store --json $quiet "$@"; }
fund_run --set model.exit_rate=0 > "$E2E_TMP/out"
check_eq "the snapshot lists the fund's deal" "1 1 0" "$(json '"%d %d %d" % (d["start"]["funds"], d["start"]["deals"], d["start"]["deals_unlisted"])')"
nav0=$(json 'd["years_data"][0]["fund_nav"]["p50"]'); dpi0=$(json 'd["years_data"][0]["fund_dpi"]["mean"]')
# calls do not depend on the draws, so paid-in is the same on every path: NAV / (TVPI - DPI)
pic=$(json 'd["years_data"][0]["fund_nav"]["mean"] / (d["years_data"][0]["fund_tvpi"]["mean"] - d["years_data"][0]["fund_dpi"]["mean"])')
fund_run --set model.exit_rate=100% > "$E2E_TMP/out"
dpi1=$(json 'd["years_data"][0]["fund_dpi"]["p50"]')
check_eq "the firm's exit pays the fund 2x its 5000万 stake" "True" "$(json "abs((d['years_data'][0]['fund_dpi']['mean'] - $dpi0) * $pic - 1e8) < 100")"
a=$(fund_run --set model.exit_rate=100% --threads 1 | md5sum); b=$(fund_run --set model.exit_rate=100% --threads 3 | md5sum)
check_eq "with deals, 1 and 3 threads give identical numbers" "$a" "$b"
fund_run --set model.exit_rate=100% --set model.fund_recycling.cdf=100% > "$E2E_TMP/out"
check_eq "the fund's own recycling (100%) keeps the proceeds invested: nothing paid out" "0.0" "$(json "d['years_data'][0]['fund_dpi']['p90']")"
fund_run --set model.exit_rate=100% --set model.fund_recycling.cdf=100% --set model.fund_investment_years.cdf=1 > "$E2E_TMP/out"
check_eq "past its own investment period the fund recycles nothing" "True" "$(json "abs(d['years_data'][0]['fund_dpi']['p50'] - $dpi1) < 1e-9")"
fund_run --set model.exit_rate=0 --set model.hazard_age5=100% --set model.hazard_age0=100% --set model.hazard_age1=100% --set model.hazard_age2=100% --set model.hazard_age3=100% --set model.hazard_age4=100% > "$E2E_TMP/out"
check_eq "the firm's failure writes the stake (5000万) off the NAV" "True" "$(json "abs($nav0 - d['years_data'][0]['fund_nav']['p50'] - 5e7) < 1")"
check_rc "the ASan build projects deals, per-fund terms and city policies cleanly" 0 "$HS_DBG" --book "$B" project run --programme chengdu-2024 --years 2 --paths 40 --seed 3 --threads 2 --no-store --json --set model.exit_rate=50% --set model.exit_min_age=0 --set model.fund_recycling.cdf=40%
check_rc "a per-fund set naming no fund is refused" 2 hs project run --programme chengdu-2024 --paths 10 --set model.fund_recycling.nofund=10%
check_contains "and names the fund" "nofund" "$E2E_TMP/err"
check_rc "a per-fund set out of range is refused" 2 hs project run --programme chengdu-2024 --paths 10 --set model.fund_recycling.cdf=150%

# city: the Chengdu voucher (成都市算力券) pays only firms of Chengdu
run --seed 5 > "$E2E_TMP/out"
check_eq "the Chengdu voucher is Chengdu's" "成都市" "$(json '[p["city"] for p in d["policies"] if p["id"] == "chengdu.compute_voucher"][0]')"
check_eq "with Chengdu firms in the registry it pays" "True" "$(json 'd["years_data"][-1]["budget_used"]["p90"] > 0')"
B2=$E2E_TMP/p2.db
awk -F, 'NR == 1 || $3 == "北京"' "$E2E_TMP/f.csv" > "$E2E_TMP/bj.csv"
"$H" --book "$B2" init >/dev/null
"$H" --book "$B2" firm import "$E2E_TMP/bj.csv" >/dev/null
"$H" --book "$B2" programme create chengdu-2024 --date 2024-01-01 >/dev/null
"$H" --book "$B2" programme fund chengdu-2024 --budget compute-voucher --amount 3270万 >/dev/null
"$H" --book "$B2" project run --programme chengdu-2024 --years 3 --paths 300 --seed 5 --no-store --json --set model.apply_rate=100% > "$E2E_TMP/out"
check_eq "a registry of Beijing firms (and their births) never draws Chengdu's voucher" "0 0.0" "$(json '"%d %s" % (d["start"]["firms"] == 0, max(y["budget_used"]["p90"] for y in d["years_data"]))')"
