#!/usr/bin/env bash
# fund.sh — fund groups through the real binary: the shipped scenarios (Suzhou, Anhui, Guangdong)
# run, leave a clean book, and every figure they produce is checked (sizes, leverage, 返投, calls,
# NAV, fees, the waterfall against `calc waterfall`); then the CLI contract: refusals and exit
# codes, idempotent retries, show/report JSON, select, project FUND.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.."
OUT=$E2E_TMP/out ERR=$E2E_TMP/err
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1; }
YI=10000000000 # 1亿 in fen

# ---- Suzhou ----
SZ=$E2E_TMP/suzhou.db
check_rc "suzhou scenario runs" 0 scenarios/suzhou.sh "$HS" "$SZ"
check_rc "suzhou: book clean after the scenario" 0 "$HS" --book "$SZ" check
check_rc "suzhou: fund tables agree with the ledger" 0 "$HS" --book "$SZ" fund check
check_rc "suzhou: report --json" 0 "$HS" --book "$SZ" fund report suzhou-2024 --by sector --json
R=$E2E_TMP/sz.json; cp "$OUT" "$R"
check_eq "suzhou: nine funds" 9 "$(json_get "$R" 'd["funds_count"]')"
check_eq "suzhou: first batch is 700亿" $((700 * YI)) "$(json_get "$R" 'd["size_total_fen"]')"
check_eq "suzhou: each fund's size as in the seed" \
  "ai:100 air-ground:50 biomedicine:100 chain-leader:50 early-stage:50 embodied-robotics:100 mna:100 new-energy:50 talent:100" \
  "$(json_get "$R" '" ".join("%s:%d" % (f["fund"][3:], f["size_fen"] // '$YI') for f in d["funds"])')"
check_eq "suzhou: every fund fully committed" "True" \
  "$(json_get "$R" 'all(f["committed_fen"] == f["size_fen"] for f in d["funds"])')"
check_eq "suzhou: government money 140亿 (20%)" $((140 * YI)) "$(json_get "$R" 'd["external_government_fen"]')"
check_eq "suzhou: leverage 5x (sizes / government)" "5.0" "$(json_get "$R" 'd["leverage"]["size_over_government"]')"
check_eq "suzhou: social capital 4 per yuan of government" "4.0" "$(json_get "$R" 'd["leverage"]["social_per_government_yuan"]')"
check_eq "suzhou: 10% called everywhere (70亿)" $((70 * YI)) "$(json_get "$R" 'd["external_called_fen"]')"
check_eq "suzhou: the programme budget paid 14亿 of calls" "-0" \
  "$("$HS" --book "$SZ" balance budget/suzhou-scig/first-batch --json | python3 -c 'import json,sys; d=json.load(sys.stdin); a=d[0] if isinstance(d,list) else d["accounts"][0]; print("-0" if a["balance_fen"] == 126*'$YI' else a["balance_fen"])')"
AI='[f for f in d["funds"] if f["fund"] == "sz-ai"][0]'
check_eq "suzhou ai: 返投 required 20亿 (1x government money)" $((20 * YI)) "$(json_get "$R" "$AI"'["reinvestment"]["required_fen"]')"
check_eq "suzhou ai: 返投 local 5亿 (llm-1 + chip-1 in Suzhou)" $((5 * YI)) "$(json_get "$R" "$AI"'["reinvestment"]["local_fen"]')"
check_eq "suzhou ai: 返投 shortfall 15亿, ratio 25%" "$((15 * YI)) 0.25" "$(json_get "$R" "$AI"'["reinvestment"]["shortfall_fen"], '"$AI"'["reinvestment"]["ratio"]')"
# fee: 100亿 x 1.5% x 186/365 = 76,438,356.16 yuan -> 7,643,835,616 fen
check_eq "suzhou ai: fee 1.5% of committed for 186 days" 7643835616 "$(json_get "$R" "$AI"'["fees_fen"]')"
check_eq "suzhou ai: NAV = cash + marked deals" $((10 * YI - 65 * YI / 10 - 7643835616 + 8 * YI)) "$(json_get "$R" "$AI"'["nav_fen"]')"
check_eq "suzhou: exposure by sector, largest first" "ai biomedicine robotics ai-chips" \
  "$(json_get "$R" '" ".join(e["key"] for e in d["exposure"])')"
check_eq "suzhou: ai exposure = llm-1 marked 4.5亿 + agent-1 1.5亿" $((6 * YI)) "$(json_get "$R" 'd["exposure"][0]["value_fen"]')"
check_rc "suzhou: rerunning the scenario changes nothing (idempotent)" 0 scenarios/suzhou.sh "$HS" "$SZ"
check_rc "suzhou: report again" 0 "$HS" --book "$SZ" fund report suzhou-2024 --by sector --json
check_eq "suzhou: same figures after the rerun" "$(json_get "$R" 'd["nav_fen"], d["external_called_fen"], d["fees_fen"]')" \
  "$(json_get "$OUT" 'd["nav_fen"], d["external_called_fen"], d["fees_fen"]')"
check_rc "suzhou: check clean after the rerun" 0 "$HS" --book "$SZ" check

# ---- Anhui ----
AH=$E2E_TMP/anhui.db
check_rc "anhui scenario runs" 0 scenarios/anhui.sh "$HS" "$AH"
check_rc "anhui: book clean after the scenario" 0 "$HS" --book "$AH" check
check_rc "anhui: fund tables agree with the ledger" 0 "$HS" --book "$AH" fund check
check_rc "anhui: report --json" 0 "$HS" --book "$AH" fund report anhui-ai --json --by city
R=$E2E_TMP/ah.json; cp "$OUT" "$R"
SUBS='[f for f in d["funds"] if f["parent"] == "ah-mother"]'
check_eq "anhui: mother fund 60亿" $((60 * YI)) "$(json_get "$R" '[f for f in d["funds"] if f["fund"] == "ah-mother"][0]["size_fen"]')"
check_eq "anhui: first batch of sub-funds (2024) reaches 200亿" $((200 * YI)) \
  "$(json_get "$R" 'sum(f["size_fen"] for f in '"$SUBS"' if f["vintage"] < "2025")')"
check_eq "anhui: 300亿 of sub-funds in five years (2024-2028)" "$((300 * YI)) 2028" \
  "$(json_get "$R" 'sum(f["size_fen"] for f in '"$SUBS"'), max(f["vintage"][:4] for f in '"$SUBS"')')"
check_eq "anhui: the mother is <= 20% of every sub-fund's paid-in" "True" \
  "$(json_get "$R" 'all(f["committed_by_type_fen"]["fund"] * 5 <= f["committed_fen"] for f in '"$SUBS"')')"
check_eq "anhui: state money <= 50% of every sub-fund" "True" \
  "$(json_get "$R" 'all((f["committed_by_type_fen"]["fund"] + f["committed_by_type_fen"]["state"] + f["committed_by_type_fen"]["gov"]) * 2 <= f["committed_fen"] for f in '"$SUBS"')')"
check_eq "anhui: the mother's 60亿 is committed to its sub-funds" $((60 * YI)) \
  "$(json_get "$R" 'sum(f["committed_by_type_fen"]["fund"] for f in '"$SUBS"')')"
check_eq "anhui: sub-fund leverage 5x on look-through government money 4亿" "True" \
  "$(json_get "$R" 'all(f["government_money_fen"] == 4 * '$YI' and f["leverage"] == 5.0 for f in '"$SUBS"')')"
check_eq "anhui: group leverage: sizes 360亿 / 60亿 = 6x, committed 300亿 / 60亿 = 5x" "6.0 5.0" \
  "$(json_get "$R" 'd["leverage"]["size_over_government"], d["leverage"]["committed_over_government"]')"
check_eq "anhui: 返投 of sub-01: required 4亿, local 2亿, shortfall 2亿" "$((4 * YI)) $((2 * YI)) $((2 * YI))" \
  "$(json_get "$R" '" ".join(str(x) for x in [[f for f in d["funds"] if f["fund"] == "ah-sub-01"][0]["reinvestment"][k] for k in ("required_fen", "local_fen", "shortfall_fen")])')"
check_eq "anhui: mother cash 20亿 - 10亿 into subs - 3亿 direct = 7亿" $((7 * YI)) \
  "$(json_get "$R" '[f for f in d["funds"] if f["fund"] == "ah-mother"][0]["cash_fen"]')"
check_eq "anhui: 21 deals, shanghai the largest city (10 x 1.5亿)" "21 shanghai" "$(json_get "$R" 'd["deals"], d["exposure"][0]["key"]')"
# the caps, on a fresh sub-fund
check_rc "anhui: a test sub-fund" 0 "$HS" --book "$AH" fund create ah-test --parent ah-mother --size 10亿 --gp gp-t --parent-cap 20% --gov-cap 50% --vintage 2025-01-01
check_rc "anhui: the mother at 20% is accepted" 0 "$HS" --book "$AH" fund commit ah-test --lp ah-mother --type fund --amount 2亿 --date 2025-01-01
check_rc "anhui: one fen more from the mother is refused (exit 1)" 1 "$HS" --book "$AH" fund commit ah-test --lp ah-mother --type fund --amount 0.01 --date 2025-01-02
check_contains "anhui: the refusal names the parent cap" "parent ah-mother's commitment" "$ERR"
check_rc "anhui: state money up to 50% is accepted" 0 "$HS" --book "$AH" fund commit ah-test --lp st --type state --amount 3亿 --date 2025-01-01
check_rc "anhui: state money above 50% is refused" 1 "$HS" --book "$AH" fund commit ah-test --lp st2 --type state --amount 0.01 --date 2025-01-01
check_contains "anhui: the refusal names the state cap" "state money" "$ERR"
check_rc "anhui: a call on the test sub-fund: the mother pays its 40% from its cash" 0 \
  "$HS" --book "$AH" fund call ah-test --amount 5亿 --date 2025-02-01 --json
check_eq "anhui: the mother paid 2亿, the state LP 3亿" "ah-mother:$((2 * YI)) st:$((3 * YI))" \
  "$(json_get "$OUT" '" ".join("%s:%d" % (f["lp"], f["amount_fen"]) for f in d["flows"])')"
check_rc "anhui: a fund drawing on the same budget" 0 "$HS" --book "$AH" fund create ah-over --size 50亿 --gp gp-o --vintage 2025-01-01
check_rc "anhui: committing 50亿 more of the budget is recorded" 0 "$HS" --book "$AH" fund commit ah-over --lp anhui-gov --type gov --from budget/anhui-ai/mother-fund --amount 50亿 --date 2025-01-01
check_rc "anhui: but calling beyond what the budget holds (40亿) is refused (exit 1)" 1 "$HS" --book "$AH" fund call ah-over --amount 45亿 --date 2025-02-01
check_contains "anhui: the ledger names the budget limit" "exceeds_credits" "$ERR"
check_rc "anhui: check clean after refusals" 0 "$HS" --book "$AH" check

# ---- Guangdong ----
GD=$E2E_TMP/guangdong.db
check_rc "guangdong scenario runs" 0 scenarios/guangdong.sh "$HS" "$GD"
check_rc "guangdong: book clean after the scenario" 0 "$HS" --book "$GD" check
check_rc "guangdong: fund tables agree with the ledger" 0 "$HS" --book "$GD" fund check
check_rc "guangdong: show --json" 0 "$HS" --book "$GD" fund show gd-ai-robotics --json
R=$E2E_TMP/gd.json; cp "$OUT" "$R"
check_eq "guangdong: 100亿 with a first phase of 20亿" "$((100 * YI)) $((20 * YI))" "$(json_get "$R" 'd["size_fen"], d["first_phase_fen"]')"
check_eq "guangdong: partners Hengjian Holding, ICBC Guangdong, ICBC Investment and the province" \
  "guangdong-gov:gov hengjian-holding:state icbc-guangdong:bank icbc-investment:bank" \
  "$(json_get "$R" '" ".join(l["lp"] + ":" + l["type"] for l in d["lps"])')"
check_eq "guangdong: committed 30亿 after the second phase" $((30 * YI)) "$(json_get "$R" 'd["committed_fen"]')"
check_rc "guangdong: a phase-1 commitment beyond 首期 20亿 is refused" 1 "$HS" --book "$GD" fund commit gd-ai-robotics --lp icbc-guangdong --type bank --amount 0.01 --date 2026-10-01
check_contains "guangdong: the refusal names the first phase" "首期" "$ERR"
# the waterfall through the book equals `calc waterfall` on the cumulative proceeds (15亿, 3 years)
check_rc "guangdong: calc waterfall with 让利" 0 "$HS" calc waterfall --paid-in 10亿 --proceeds 15亿 --years 3 \
  --hurdle 8% --carry 20% --catch-up 100% --gov-commitment 6亿 --social-commitment 24亿 --concession 50% --concession-to-gp 50% --json
W=$E2E_TMP/wf.json; cp "$OUT" "$W"
check_eq "guangdong: GP carry in the book = the waterfall's GP column after 让利" \
  "$(json_get "$W" 'round(float(d["concession"]["gp"]) * 100)')" "$(json_get "$R" 'd["carry_fen"]')"
check_eq "guangdong: the province received its share after 让利" \
  "$(json_get "$W" 'round(float(d["concession"]["gov"]) * 100)')" "$(json_get "$R" 'd["lps"][0]["distributed_fen"]')"
check_eq "guangdong: social LPs received theirs" \
  "$(json_get "$W" 'round(float(d["concession"]["social"]) * 100)')" "$(json_get "$R" 'sum(l["distributed_fen"] for l in d["lps"][1:])')"
check_eq "guangdong: distributions + carry = 15亿" $((15 * YI)) "$(json_get "$R" 'd["distributed_fen"] + d["carry_fen"]')"
check_eq "guangdong: deal MOICs (exited 4x, marked 3x then exited 15x, written off 0)" "4.0 15.0 0.0" \
  "$(json_get "$R" '" ".join(str(x["moic"]["value"]) for x in d["deals_list"] if x["deal"] in ("gd-d2", "gd-d3", "gd-d7"))')"
check_eq "guangdong: the government budget paid its 3亿 of calls" $((3 * YI)) \
  "$(json_get "$R" 'd["lps"][0]["called_fen"]')"

# ---- CLI contract ----
B=$E2E_TMP/c.db
check_rc "init" 0 "$HS" --book "$B" init
check_rc "create: --size is required (exit 2)" 2 "$HS" --book "$B" fund create f1 --gp g
check_rc "create: a bad rate is exit 2" 2 "$HS" --book "$B" fund create f1 --gp g --size 1亿 --carry 20p
check_rc "create" 0 "$HS" --book "$B" fund create f1 --gp g --size 1亿 --vintage 2024-01-01
check_rc "create again: exists, exit 0" 0 "$HS" --book "$B" fund create f1 --gp g --size 1亿 --vintage 2024-01-01
check_contains "create again says so" "exists" "$OUT"
check_rc "create with other terms: exit 2" 2 "$HS" --book "$B" fund create f1 --gp g --size 2亿 --vintage 2024-01-01
check_rc "commit a" 0 "$HS" --book "$B" fund commit f1 --lp a --type social --amount 1 --date 2024-01-01
check_rc "commit b" 0 "$HS" --book "$B" fund commit f1 --lp b --type social --amount 1 --date 2024-01-01
check_rc "commit c" 0 "$HS" --book "$B" fund commit f1 --lp c --type social --amount 1 --date 2024-01-01
check_rc "commit: unknown type is exit 2" 2 "$HS" --book "$B" fund commit f1 --lp d --type vc --amount 1
check_rc "call 1.00 over three equal LPs" 0 "$HS" --book "$B" fund call f1 --amount 1.00 --date 2024-02-01 --id k1 --json
check_eq "call: 34 + 33 + 33 fen, exact" "34 33 33" "$(json_get "$OUT" '" ".join(str(f["amount_fen"]) for f in d["flows"])')"
check_rc "call retried with the same id: exit 0" 0 "$HS" --book "$B" fund call f1 --amount 1.00 --date 2024-02-01 --id k1 --json
check_eq "call retried: exists" "exists" "$(json_get "$OUT" 'd["result"]')"
check_rc "same id, another amount: exit 2" 2 "$HS" --book "$B" fund call f1 --amount 1.01 --date 2024-02-01 --id k1
check_rc "call beyond the uncalled: exit 1" 1 "$HS" --book "$B" fund call f1 --amount 2.01 --date 2024-02-02
check_rc "invest without firm details: exit 2" 2 "$HS" --book "$B" fund invest f1 --deal d --amount 0.5
check_rc "invest" 0 "$HS" --book "$B" fund invest f1 --deal d --amount 0.5 --firm x --sector ai --stage seed --city chengdu --date 2024-03-01
check_rc "invest beyond cash: exit 1" 1 "$HS" --book "$B" fund invest f1 --deal e --amount 0.51 --firm y --sector ai --stage seed --city chengdu --date 2024-03-01
check_rc "mark an unknown deal: exit 2" 2 "$HS" --book "$B" fund mark f1 --deal zz --value 1
check_rc "exit" 0 "$HS" --book "$B" fund exit f1 --deal d --proceeds 2.00 --date 2025-03-01
check_rc "distribute: --deal on a European fund is exit 2" 2 "$HS" --book "$B" fund distribute f1 --deal d --amount 1
check_rc "distribute" 0 "$HS" --book "$B" fund distribute f1 --amount 2.50 --date 2025-03-02
check_rc "show --json" 0 "$HS" --book "$B" fund show f1 --json
check_eq "show: distributed + carry = 2.50, NAV = cash left" "250 0" "$(json_get "$OUT" 'd["distributed_fen"] + d["carry_fen"], d["nav_fen"]')"
check_rc "report of an unknown group: exit 2" 2 "$HS" --book "$B" fund report nothing
check_rc "report --by a bad dimension: exit 2" 2 "$HS" --book "$B" fund report f1 --by colour
check_rc "unknown fund subcommand: exit 2" 2 "$HS" --book "$B" fund frobnicate
check_rc "fund --help lists the book commands" 0 "$HS" fund --help
check_contains "help mentions fund select" "fund select --candidates" "$OUT"
check_rc "project FUND from the book" 0 env HUOSHUI_TODAY=2026-06-01 "$HS" --book "$GD" fund project gd-ai-robotics --json
check_eq "project FUND starts after the fund's age (2 years)" 3 "$(json_get "$OUT" 'd["first_year"]')"
check_eq "project FUND: the commitment is the fund's (30亿 yuan)" "3000000000.0" "$(json_get "$OUT" 'd["commitment"]')"
check_rc "project from parameters still works" 0 "$HS" fund project --commitment 100 --rc 0.25,0.333,0.5 --growth 0.13 --bow 2.5 --life 12
check_contains "project from parameters prints the trough" "J-curve trough" "$OUT"
check_rc "project of an unknown fund: exit 2" 2 "$HS" --book "$B" fund project nofund
check_rc "check clean after the contract tests" 0 "$HS" --book "$B" check
check_rc "fund check clean" 0 "$HS" --book "$B" fund check f1
sqlite3 "$B" "UPDATE fund_deals SET held_fen = held_fen + 1 WHERE deal = 'd'"
check_rc "fund check finds a tampered deal row (exit 1)" 1 "$HS" --book "$B" fund check
check_contains "fund check names the figure" "cost held of f1 deal d" "$ERR"
sqlite3 "$B" "UPDATE fund_deals SET held_fen = held_fen - 1 WHERE deal = 'd'; UPDATE fund_flows SET amount_fen = amount_fen + 1 WHERE kind = 'fee' OR (kind = 'call' AND lp = 'a')"
check_rc "fund check finds a tampered flow (exit 1)" 1 "$HS" --book "$B" fund check f1
check_rc "fund check of an unknown group: exit 2" 2 "$HS" --book "$B" fund check nothing

# ---- select ----
C=$E2E_TMP/candidates.csv
cat > "$C" <<'CSV'
manager,kind,paid_in,aum,senior_staff,fund_size
alpha,industry,5000万,60亿,6,10亿
beta,industry,1000万,20亿,3,8亿
gamma,venture,999万,5亿,4,2亿
delta,venture,2000万,1亿,3,11亿
eps,venture,2000万,2亿,5,3亿
CSV
check_rc "select runs" 0 "$HS" fund select --candidates "$C" --json
check_eq "select: ranking alpha, eps, beta" "alpha:1 eps:2 beta:3" \
  "$(json_get "$OUT" '" ".join("%s:%d" % (c["manager"], c["rank"]) for c in sorted(d["candidates"], key=lambda c: c["rank"]) if c["eligible"])')"
check_eq "select: the reasons name the rule and its source" "True" \
  "$(json_get "$OUT" 'all(("Chengdu" in c["reasons"]) != c["eligible"] for c in d["candidates"])')"
check_rc "select again: the same result (reproducible)" 0 "$HS" fund select --candidates "$C" --json
cp "$OUT" "$E2E_TMP/sel2.json"
check_rc "select text" 0 "$HS" fund select --candidates "$C"
check_contains "select text explains a refusal" "manager-paid-in" "$OUT"
check_eq "select: the same run twice gives the same JSON" "" "$(cmp "$E2E_TMP/sel2.json" <("$HS" fund select --candidates "$C" --json) 2>&1)"
# the same selection driven by the policy file (eligibility from policies/, score as before)
P=$E2E_TMP/candidates-uscc.csv
python3 -c 'import sys; rows=open(sys.argv[1]).read().splitlines(); print(rows[0] + ",uscc"); [print(r + ",9151010%011d" % i) for i, r in enumerate(rows[1:])]' "$C" > "$P"
check_rc "select --policy runs" 0 "$HS" fund select --candidates "$P" --policy policies/chengdu-ai-fund-selection.policy --date 2024-06-01 --json
check_eq "select --policy: the same ranking as the rule table" "alpha:1 eps:2 beta:3" \
  "$(json_get "$OUT" '" ".join("%s:%d" % (c["manager"], c["rank"]) for c in sorted(d["candidates"], key=lambda c: c["rank"]) if c["eligible"])')"
check_eq "select --policy: refusals name the policy rule, clause and version" "True" \
  "$(json_get "$OUT" 'all(("clause" in c["reasons"] and "chengdu.ai_fund_selection@2024.1" in c["reasons"]) != c["eligible"] for c in d["candidates"])')"
check_rc "select --policy outside its validity: nobody is eligible" 0 "$HS" fund select --candidates "$P" --policy policies/chengdu-ai-fund-selection.policy --date 2030-01-01 --json
check_eq "select --policy outside its validity: no ranks" "0" "$(json_get "$OUT" 'sum(1 for c in d["candidates"] if c["eligible"])')"
check_rc "select --policy with a subsidy policy: exit 2" 2 "$HS" fund select --candidates "$P" --policy policies/chengdu-national-platform.policy
printf 'manager,kind,paid_in,aum,senior_staff,fund_size\nz,bank,1,1,1,1\n' > "$C"
check_rc "select: a bad kind is exit 2" 2 "$HS" fund select --candidates "$C"
check_contains "select: the error names line and field" ":2: field 'kind'" "$ERR"

# ---- recycling: exit proceeds invested again ----
RB=$E2E_TMP/recycle.db
"$HS" --book "$RB" --quiet init >/dev/null
"$HS" --book "$RB" --quiet fund create rf --gp g --size 100 --vintage 2024-01-01
"$HS" --book "$RB" --quiet fund commit rf --lp a --type social --amount 100 --date 2024-01-01
"$HS" --book "$RB" --quiet fund call rf --amount 100 --date 2024-01-02
"$HS" --book "$RB" --quiet fund invest rf --deal d1 --amount 100 --firm x --sector ai --stage seed --city wuhan --date 2024-01-03
"$HS" --book "$RB" --quiet fund exit rf --deal d1 --proceeds 150 --date 2025-01-03
check_rc "recycling: the proceeds are invested again" 0 "$HS" --book "$RB" fund invest rf --deal d2 --amount 120 --firm y --sector ai --stage seed --city wuhan --date 2025-02-01
check_rc "recycling: show --json" 0 "$HS" --book "$RB" fund show rf --json
check_eq "recycling: 220 invested from 100 paid in: 120 recycled" "22000 12000" "$(json_get "$OUT" 'd["invested_fen"], d["recycled_fen"]')"
check_rc "recycling: fund check clean" 0 "$HS" --book "$RB" fund check
