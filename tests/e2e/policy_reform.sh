#!/usr/bin/env bash
# policy_reform.sh — `huoshui policy reform`: a shipped policy (tax.rd_super_deduction) over a
# generated population (`gen firms`, plus the policy's own columns taxable_income and
# excluded_industry), baseline against reform. The totals are checked against `policy eval` firm
# by firm; --rule-off and --from; the breakdowns add up; --registry with a programme budget; the
# workbook; bad input exits 2 naming the field and nothing else.
cd "$(dirname "$0")/../.." || exit 1
source tests/e2e/lib.sh
export HUOSHUI_DATA=${HUOSHUI_DATA:-$PWD} HUOSHUI_TODAY=2024-06-01
T=$E2E_TMP
POL=policies/rd-super-deduction.policy
"$HS" gen firms --n 300 --seed 11 --out "$T/gen.csv" >/dev/null 2>&1
# the policy's own columns; empty (not reported) money cells read as 0; every 13th firm excluded
awk -F, -v OFS=, 'NR == 1 { print $0, "taxable_income", "excluded_industry"; next }
  { if ($9 == "") $9 = "0.00"; if ($10 == "") $10 = "0.00";
    print $0, sprintf("%.2f", $9 / 10 - 200000), (NR % 13 == 0) ? "true" : "false" }' \
  "$T/gen.csv" >"$T/f.csv"
rows=$(($(wc -l <"$T/f.csv") - 1))
check_eq "the population has 300 firms" 300 "$rows"

# jq_ FILE EXPR: EXPR over the JSON d in FILE, or "unreadable FILE" (never an empty string)
jq_() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null ||
  echo "unreadable $1"; }

# ---- baseline and reform against policy eval, firm by firm ----
"$HS" --json policy reform "$POL" --set super_deduction=120% --firms "$T/f.csv" --on 2024-06-01 \
  >"$T/r.json" 2>"$T/r.err"
check_eq "reform --json exits 0" 0 $?
"$HS" --json policy eval "$POL" --firms "$T/f.csv" --on 2024-06-01 >"$T/base.json"
"$HS" --json policy eval "$POL" --param super_deduction=120% --firms "$T/f.csv" --on 2024-06-01 \
  >"$T/ref.json"
python3 - "$T/r.json" "$T/base.json" "$T/ref.json" >"$T/cmp.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2])); f = json.load(open(sys.argv[3]))
def fen(s): # "12345.67" exact
    neg = s.startswith("-"); s = s.lstrip("-"); y, _, c = s.partition(".")
    v = int(y) * 100 + int((c + "00")[:2]); return -v if neg else v
base = {x["uscc"]: fen(x["amount"]) if x["eligible"] else 0 for x in b["firms"]}
ref = {x["uscc"]: fen(x["amount"]) if x["eligible"] else 0 for x in f["firms"]}
out = []
out.append("baseline_total %s" % (r["baseline"]["total_fen"] == sum(base.values())))
out.append("reform_total %s" % (r["reform"]["total_fen"] == sum(ref.values())))
out.append("baseline_eligible %s" % (r["baseline"]["eligible"] == b["eligible"]))
out.append("reform_eligible %s" % (r["reform"]["eligible"] == f["eligible"]))
out.append("delta %s" % (r["delta_fen"] == r["reform"]["total_fen"] - r["baseline"]["total_fen"]))
changed = {u: ref[u] - base[u] for u in base if ref[u] != base[u]}
rows = r["gainers"] + r["losers"]
ok = len(rows) == len(changed) and all(
    x["baseline_fen"] == base[x["uscc"]] and x["reform_fen"] == ref[x["uscc"]]
    and x["delta_fen"] == changed[x["uscc"]] for x in rows)
out.append("per_firm %s" % ok)
out.append("changes_sum %s" % (sum(x["delta_fen"] for x in rows) == r["delta_fen"]))
g = [x["delta_fen"] for x in r["gainers"]]
out.append("gainers_sorted %s" % (g == sorted(g, reverse=True) and all(d > 0 for d in g)))
for k in ("by_sector", "by_city"):
    out.append("%s_adds_up %s" % (k, sum(x["baseline_fen"] for x in r[k]) == r["baseline"]["total_fen"]
        and sum(x["reform_fen"] for x in r[k]) == r["reform"]["total_fen"]
        and sum(x["firms"] for x in r[k]) == r["firms"]
        and sum(x["reform_eligible"] for x in r[k]) == r["reform"]["eligible"]))
out.append("some_gain %s" % (len(r["gainers"]) > 0 and r["delta_fen"] > 0))
print("\n".join(out))
PY
for k in baseline_total reform_total baseline_eligible reform_eligible delta per_firm changes_sum \
  gainers_sorted by_sector_adds_up by_city_adds_up some_gain; do
  check_eq "reform vs policy eval: $k" "$k True" "$(grep "^$k " "$T/cmp.txt")"
done

# ---- --rule-off: the excluded firms become eligible at the baseline's amount ----
"$HS" --json policy reform "$POL" --rule-off not_excluded --firms "$T/f.csv" --on 2024-06-01 \
  >"$T/off.json"
sed 's/,true$/,false/' "$T/f.csv" >"$T/none-excluded.csv"
"$HS" --json policy eval "$POL" --firms "$T/none-excluded.csv" --on 2024-06-01 >"$T/none.json"
check_eq "--rule-off: reform total = eval with nobody excluded" \
  "$(jq_ "$T/none.json" 'sum(int(round(float(x["amount"])*100)) for x in d["firms"] if x["eligible"])')" \
  "$(jq_ "$T/off.json" 'd["reform"]["total_fen"]')"
check_eq "--rule-off: reform eligible = eval with nobody excluded" \
  "$(jq_ "$T/none.json" 'd["eligible"]')" "$(jq_ "$T/off.json" 'd["reform"]["eligible"]')"
check_eq "--rule-off: nobody loses" 0 "$(jq_ "$T/off.json" 'len(d["losers"])')"
check_eq "--rule-off: the rules switched off are listed" '["not_excluded"]' \
  "$(jq_ "$T/off.json" 'json.dumps(d["rule_off"])')"

# ---- --from: before it the reform is the baseline; from it, as without ----
"$HS" --json policy reform "$POL" --set super_deduction=120% --from 2025-01-01 --firms "$T/f.csv" \
  --on 2024-06-01 >"$T/early.json"
check_eq "--from after --on: delta 0" 0 "$(jq_ "$T/early.json" 'd["delta_fen"]')"
check_eq "--from after --on: not applied, no gainers" "False 0" \
  "$(jq_ "$T/early.json" 'str(d["applies"]) + " " + str(len(d["gainers"]))')"
check_eq "--from after --on: reform total = baseline total" \
  "$(jq_ "$T/r.json" 'd["baseline"]["total_fen"]')" "$(jq_ "$T/early.json" 'd["reform"]["total_fen"]')"
"$HS" --json policy reform "$POL" --set super_deduction=120% --from 2024-01-01 --firms "$T/f.csv" \
  --on 2024-06-01 >"$T/late.json"
check_eq "--from before --on: the same delta as without --from" \
  "$(jq_ "$T/r.json" 'd["delta_fen"]')" "$(jq_ "$T/late.json" 'd["delta_fen"]')"

# ---- the table and the workbook ----
check_rc "the table prints" 0 "$HS" policy reform tax.rd_super_deduction --set super_deduction=120% \
  --firms "$T/f.csv" --on 2024-06-01 --xlsx "$T/r.xlsx"
check_contains "the table has the totals row" "firms eligible" "$T/out"
check_contains "the table has the budget line" "budget budget/tax-expenditure/rd-super-deduction" "$T/out"
n_gain=$(jq_ "$T/r.json" 'len(d["gainers"])')
check_eq "the table lists at most 20 gainers" "$((n_gain < 20 ? n_gain : 20)) $((n_gain > 0))" \
  "$(awk '/^gain:/ {on=1; next} /^$/ {on=0} on' "$T/out" | grep -c '^  9') 1"
if python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); n=[x for x in z.namelist() if x.startswith('xl/worksheets/sheet')]; sys.exit(0 if len(n)==5 else 1)" "$T/r.xlsx" 2>/dev/null; then
  pass "--xlsx writes a workbook of five sheets"
else
  fail "--xlsx writes a workbook of five sheets" "$(ls -l "$T/r.xlsx" 2>&1)"
fi
rows_x=$(python3 2>/dev/null -c "
import zipfile,sys,re; z=zipfile.ZipFile(sys.argv[1]); s=z.read('xl/worksheets/sheet5.xml').decode()
print(len(re.findall(r'<row ', s)) - 1)" "$T/r.xlsx" || echo "no sheet")
check_eq "the workbook lists every firm that changes" \
  "$(jq_ "$T/r.json" 'len(d["gainers"]) + len(d["losers"])')" "$rows_x"

# ---- --registry, and the programme budget it draws on ----
B=$T/book.db
cat >"$T/p.policy" <<'P'
policy test.reform_registry version 1
title zh "测试" en "registry reform test"
instrument subsidy
budget "budget/p1/rd"
valid 2024-01-01 ..
source "test"
param share: rate = 10%
param cap: money = 50万
input rd_spend: money = 0元
input high_tech: bool = false
input sector: enum(nlp, vision, smart_manufacturing, biomedicine, chips, robotics, data, compute, other)
rule spends "clause: 有研发投入": rd_spend > 0元
rule certified "clause: 高新技术企业": high_tech
amount "clause: 按研发投入": min(rd_spend * share, cap)
P
"$HS" --book "$B" init >/dev/null 2>&1
"$HS" --book "$B" firm import "$T/gen.csv" >/dev/null 2>&1
"$HS" --book "$B" programme create p1 >/dev/null 2>&1
"$HS" --book "$B" programme fund p1 --budget rd --amount 5000万 >/dev/null 2>&1
check_rc "--registry exits 0" 0 "$HS" --book "$B" --json policy reform "$T/p.policy" --set share=20% \
  --rule-off certified --registry --on 2024-06-01
cp "$T/out" "$T/reg.json"
"$HS" --book "$B" --json policy eval "$T/p.policy" --param share=20% --firms "$T/gen.csv" \
  --on 2024-06-01 >"$T/reg-eval.json" 2>/dev/null
check_eq "--registry: the baseline counts the high-tech firms with R&D" \
  "$(awk -F, 'NR > 1 && $14 == "true" && $10 != "" && $10 + 0 > 0' "$T/gen.csv" | wc -l)" \
  "$(jq_ "$T/reg.json" 'd["baseline"]["eligible"]')"
check_eq "--registry: the reform counts every firm with R&D" \
  "$(awk -F, 'NR > 1 && $10 != "" && $10 + 0 > 0' "$T/gen.csv" | wc -l)" \
  "$(jq_ "$T/reg.json" 'd["reform"]["eligible"]')"
check_eq "--registry: the budget is the programme's" "p1 5000000000" \
  "$(jq_ "$T/reg.json" 'd["budget"]["programme"] + " " + str(d["budget"]["remaining_fen"])')"
check_eq "--registry: remaining after = remaining - delta" \
  "$(jq_ "$T/reg.json" '5000000000 - d["delta_fen"]')" \
  "$(jq_ "$T/reg.json" 'd["budget"]["remaining_after_fen"]')"
check_rc "--registry without a book exits 2" 2 "$HS" --book "$T/none.db" policy reform "$T/p.policy" \
  --registry --on 2024-06-01

# ---- the ASan build on the same run ----
"$HS_DBG" --json policy reform "$POL" --set super_deduction=120% --rule-off not_excluded \
  --firms "$T/f.csv" --on 2024-06-01 >"$T/dbg.json" 2>"$T/dbg.err"
rc_dbg=$?
"$HS" --json policy reform "$POL" --set super_deduction=120% --rule-off not_excluded \
  --firms "$T/f.csv" --on 2024-06-01 >"$T/rel.json"
if [ "$rc_dbg" = 0 ] && [ -s "$T/rel.json" ] && cmp -s "$T/dbg.json" "$T/rel.json" && ! [ -s "$T/dbg.err" ]; then
  pass "debug build: the same bytes, nothing on stderr"
else
  fail "debug build: the same bytes, nothing on stderr" "exit $rc_dbg; $(head -c 300 "$T/dbg.err")"
fi

# ---- bad input: exit 2, the field named, nothing printed as a result ----
bad() { # WHAT FIELD ARGS...
  local what=$1 field=$2; shift 2
  "$HS" --json policy reform "$@" >"$T/bad.json" 2>/dev/null
  local rc=$?
  check_eq "bad input: $what exits 2 naming $field" "2 $field" \
    "$rc $(jq_ "$T/bad.json" 'd["error"]["field"]' 2>/dev/null)"
}
bad "unknown parameter" --set "$POL" --set nosuch=1 --firms "$T/f.csv" --on 2024-06-01
bad "a value that does not parse" --set "$POL" --set super_deduction=lots --firms "$T/f.csv" --on 2024-06-01
bad "unknown rule" --rule-off "$POL" --rule-off nosuch --firms "$T/f.csv" --on 2024-06-01
bad "a bad --on" --on "$POL" --firms "$T/f.csv" --on 2024-13-01
bad "a bad --from" --from "$POL" --firms "$T/f.csv" --on 2024-06-01 --from soon
head -5 "$T/f.csv" | sed '3s/^9[^,]*/91510100BADCODE001/' >"$T/badcode.csv"
bad "a bad credit code in the CSV" --firms "$POL" --firms "$T/badcode.csv" --on 2024-06-01
check_rc "unknown rule: the rules are listed" 2 "$HS" policy reform "$POL" --rule-off nosuch \
  --firms "$T/f.csv" --on 2024-06-01
check_contains "unknown rule: the message lists has_rd" "has_rd" "$T/err"
check_rc "neither --firms nor --registry exits 2" 2 "$HS" policy reform "$POL" --on 2024-06-01
check_rc "an unknown policy id exits 2" 2 "$HS" policy reform no.such_policy --firms "$T/f.csv" \
  --on 2024-06-01
