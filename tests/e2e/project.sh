#!/usr/bin/env bash
# project.sh — `huoshui project run|compare` on a small book: the same seed gives byte-identical
# --json for 1, 2 and 3 threads, another seed differs, --set of a policy parameter and of a model
# parameter change the result, bad --set is named (exit 2), the probabilities are stored for
# `report targets`, and --csv/--chart write files.
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
check_rc "a run stores the probabilities" 0 hs project run --programme chengdu-2024 --years 3 --paths 200 --seed 1 --csv "$E2E_TMP/mc.csv" --chart "$E2E_TMP/fan.svg"
check_contains "the CSV has the header" "metric,year,date,p10,p50,p90,mean" "$E2E_TMP/mc.csv"
check_contains "the chart is SVG" "<svg" "$E2E_TMP/fan.svg"
hs report targets --programme chengdu-2024 --json > "$E2E_TMP/out"
check_eq "report targets shows a probability" "True" "$(json 'd[0]["probability"] is not None')"
check_rc "project compare" 0 hs project compare --programme chengdu-2024 --years 3 --paths 200 --set model.default_rate=10% --json
check_eq "compare gives a CI per metric" "True" "$(json 'all(m["lo"] <= m["difference"] <= m["hi"] for m in d["metrics"])')"
