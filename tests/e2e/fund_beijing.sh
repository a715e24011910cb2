#!/usr/bin/env bash
# fund_beijing.sh — scenarios/beijing.sh (seeds 000, 001): Beijing's patient capital in AI chips,
# frameworks and core algorithms, and Baidu's 10亿 百度文心投资基金 beside the public money: the
# figures the group report gives, the corporate fund carrying no government money (so it adds to
# the group's leverage without a ratio of its own), the co-investment in one firm, and the book
# sound after it.
source "$(dirname "$0")/lib.sh"
YI=10000000000
B=$E2E_TMP/beijing.db
check_rc "scenarios/beijing.sh runs" 0 bash "${HUOSHUI_DATA:-.}/scenarios/beijing.sh" "$HS" "$B"
check_contains "it ends with a sound book" "every invariant holds" "$E2E_TMP/out"
check_rc "fund check: the fund tables agree with the ledger" 0 "$HS" --book "$B" fund check
check_rc "the group report --json" 0 env HUOSHUI_TODAY=2024-12-31 "$HS" --book "$B" fund report beijing-ai --by sector --json
cp "$E2E_TMP/out" "$E2E_TMP/r.json"
j() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); F={f['fund']: f for f in d['funds']}; print($1)" "$E2E_TMP/r.json"; }
check_eq "two funds, 110亿 of sizes" "2 $((110 * YI))" "$(j 'd["funds_count"], d["size_total_fen"]' | tr -d '(),')"
check_eq "government money: the city's 20亿 and the districts' 10亿" "$((30 * YI))" "$(j 'd["external_government_fen"]')"
check_eq "the patient fund: gov 30亿, state 20亿, social 50亿" "$((30 * YI)) $((20 * YI)) $((50 * YI))" \
  "$(j '" ".join(str(F["bj-patient"]["committed_by_type_fen"][k]) for k in ("gov","state","social"))')"
check_eq "its leverage: 100亿 / 30亿" "3.33" "$(j '"%.2f" % F["bj-patient"]["leverage"]')"
check_eq "百度文心: 10亿, all from Baidu as a corporate LP" "$((10 * YI)) $((10 * YI)) 0" \
  "$(j '" ".join(str(x) for x in (F["bj-wenxin"]["size_fen"], F["bj-wenxin"]["committed_by_type_fen"]["corporate"], F["bj-wenxin"]["government_money_fen"]))')"
check_eq "no government money: no leverage ratio of its own" "None" "$(j 'F["bj-wenxin"]["leverage"]')"
check_eq "beside the public money it lifts the group to 110亿 / 30亿" "3.67 2.67" \
  "$(j '"%.2f %.2f" % (d["leverage"]["size_over_government"], d["leverage"]["social_per_government_yuan"])')"
check_eq "the measure's three directions are held" "ai-chips core-algorithms frameworks" \
  "$(j '" ".join(sorted(e["key"] for e in d["exposure"] if e["key"] in ("ai-chips","frameworks","core-algorithms")))')"
check_eq "AI chips: two deals, cost 4.5亿, marked 6亿" "2 $((45 * YI / 10)) $((6 * YI))" \
  "$(j '" ".join(str(x) for x in [(e["deals"], e["cost_fen"], e["value_fen"]) for e in d["exposure"] if e["key"] == "ai-chips"][0])' | tr -d '(),')"
check_eq "patient: nothing distributed, no exit yet" "0 0" "$(j 'F["bj-patient"]["distributed_fen"], F["bj-patient"]["realised_fen"]' | tr -d '(),')"
check_eq "a year's fee: 1% of 100亿" "$((1 * YI))" "$(j 'F["bj-patient"]["fees_fen"]')"
check_rc "fund show bj-wenxin --json" 0 "$HS" --book "$B" fund show bj-wenxin --json
check_eq "百度文心 co-invests in bj-llm-a, the patient fund's core-algorithm firm" "True" \
  "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(any(x.get("firm") == "bj-llm-a" for x in d["deals_list"]))' "$E2E_TMP/out")"
check_rc "the city's budget paid its 20亿 commitment as called (10%)" 0 "$HS" --book "$B" programme show beijing-ai --json
check_eq "city-fund paid 2亿 of 20亿" "$((2 * YI)) $((20 * YI))" \
  "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); b=[b for b in d["budgets"] if b["budget"]=="city-fund"][0]; print(b["paid_fen"], b["appropriated_fen"])' "$E2E_TMP/out")"
