#!/usr/bin/env bash
# make_rules.sh OUT_POLICY OUT_SQL — writes the same 50 rules and amount as a policy file and as
# one SQLite query (count and total of eligible firms). Money in the SQL is integer fen; rounding
# of money x rate is half away from zero in both (all amounts here are positive).
set -eu
pol=$1 sql=$2
{
  cat <<'H'
policy bench.fifty_rules version 1
title zh "基准：五十条规则" en "benchmark: fifty rules"
instrument subsidy
budget "budget/bench"
valid 2020-01-01 .. 2030-12-31
source "synthetic benchmark"
param share: rate = 10%
param cap: money = 300万
input sector: enum(nlp, vision, smart_manufacturing, biomedicine, chips, robotics, data, compute, other)
input stage: enum(seed, startup, growth, mature)
input founded: date
input employees: int
input revenue: money
input rd_spend: money
input patents: int
input software_copyrights: int
input high_tech: bool
input zjtx: bool
H
} > "$pol"
where=()
for i in $(seq 0 49); do
  k=$((i % 10))
  case $k in
    0) p="revenue >= $((i * 10))元";              s="revenue_fen >= $((i * 1000))";;
    1) p="employees >= $((i / 10))";              s="employees >= $((i / 10))";;
    2) p="patents < $((1000 + i))";               s="patents < $((1000 + i))";;
    3) p="founded >= 1990-0$((i % 9 + 1))-01";    s="founded >= '1990-0$((i % 9 + 1))-01'";;
    4) p="sector != other or high_tech";          s="(sector <> 'other' OR high_tech = 'true')";;
    5) p="rd_spend <= revenue";                   s="rd_spend_fen <= revenue_fen";;
    6) p="stage in {seed, startup, growth, mature}"; s="stage IN ('seed','startup','growth','mature')";;
    7) p="software_copyrights + patents >= $((i / 10))"; s="software_copyrights + patents >= $((i / 10))";;
    8) p="revenue - rd_spend >= 0元";             s="revenue_fen - rd_spend_fen >= 0";;
    9) p="not (employees > 100000)";              s="NOT (employees > 100000)";;
  esac
  echo "rule r$i \"clause $i\": $p" >> "$pol"
  where+=("$s")
done
cat >> "$pol" <<'T'
let base = rd_spend * share
let bonus = tier employees { <= 50 -> 5万, <= 500 -> 20万, else -> 50万 }
amount "amount": min(base + bonus, cap)
test "one firm" on 2024-06-01 {
  sector = nlp, stage = growth, founded = 2018-03-01, employees = 120, revenue = 8000万,
  rd_spend = 1200万, patents = 15, software_copyrights = 20, high_tech = true, zjtx = true
} => eligible, amount 140万
T
w=$(printf ' AND %s' "${where[@]}"); w=${w# AND }
cat > "$sql" <<S
SELECT count(*), sum(min((rd_spend_fen * 1000 + 5000) / 10000 +
    CASE WHEN employees <= 50 THEN 5000000 WHEN employees <= 500 THEN 20000000 ELSE 50000000 END,
    300000000))
FROM firms WHERE $w;
S
