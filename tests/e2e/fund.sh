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
# the derived flow totals (what reports read instead of the flows) are checked against the flows
sqlite3 "$B" "UPDATE fund_flow_totals SET amount_fen = amount_fen + 1 WHERE fund = 'f1' AND kind = 'call' AND lp = 'a'"
check_rc "fund check finds a tampered flow total (exit 1)" 1 "$HS" --book "$B" fund check f1
check_contains "fund check names the flow total" "the flow total of f1 call LP a: the totals say" "$ERR"
sqlite3 "$B" "UPDATE fund_flow_totals SET amount_fen = amount_fen - 1, flows = flows + 1 WHERE fund = 'f1' AND kind = 'call' AND lp = 'a'"
check_rc "fund check finds a tampered flow count (exit 1)" 1 "$HS" --book "$B" fund check f1
check_contains "fund check names the flow count" "the flow count of f1 call LP a" "$ERR"
sqlite3 "$B" "UPDATE fund_flow_totals SET flows = flows - 1 WHERE fund = 'f1' AND kind = 'call' AND lp = 'a'; UPDATE fund_flow_days SET amount_fen = amount_fen + 1 WHERE fund = 'f1' AND kind = 'distribute'"
check_rc "fund check finds a tampered dated total (exit 1)" 1 "$HS" --book "$B" fund check f1
check_contains "fund check names the dated total" "the dated flow total of f1 distribute on 2025-03-02" "$ERR"
sqlite3 "$B" "UPDATE fund_flow_days SET amount_fen = amount_fen - 1 WHERE fund = 'f1' AND kind = 'distribute'; DELETE FROM fund_flow_totals WHERE fund = 'f1' AND kind = 'invest'"
check_rc "fund check finds a missing flow total (exit 1)" 1 "$HS" --book "$B" fund check f1
check_contains "fund check names the missing total" "the flow total of f1 invest: the totals say 0 fen" "$ERR"
sqlite3 "$B" "INSERT INTO fund_flow_totals SELECT fund, kind, '', SUM(amount_fen), COUNT(*) FROM fund_flows WHERE fund = 'f1' AND kind = 'invest' GROUP BY fund"
check_rc "fund check clean once the totals are put back" 0 "$HS" --book "$B" fund check f1
sqlite3 "$B" "UPDATE fund_deal_totals SET value_fen = value_fen + 1 WHERE fund = 'f1'"
check_rc "fund check finds a tampered deal total (exit 1)" 1 "$HS" --book "$B" fund check f1
check_contains "fund check names the deal total" "the value of f1 deals in " "$ERR"
sqlite3 "$B" "UPDATE fund_deal_totals SET value_fen = value_fen - 1, held = held + 1 WHERE fund = 'f1'"
check_rc "fund check finds a tampered held count (exit 1)" 1 "$HS" --book "$B" fund check f1
check_contains "fund check names the held count" "the held deal count of f1 deals in " "$ERR"
sqlite3 "$B" "UPDATE fund_deal_totals SET held = held - 1 WHERE fund = 'f1'"
check_rc "fund check clean once the deal totals are put back" 0 "$HS" --book "$B" fund check f1
# the triggers follow a deal row rewritten in another place: out of the old one, into the new
sqlite3 "$B" "UPDATE fund_deals SET city = 'moved' WHERE fund = 'f1' AND deal = 'd'"
check_eq "a deal moved: its place's totals moved with it" "moved 1" "$(sqlite3 "$B" "SELECT city, deals FROM fund_deal_totals WHERE fund = 'f1'" | tr '|' ' ')"
check_rc "a deal moved: the deal totals still agree" 0 "$HS" --book "$B" fund check f1
sqlite3 "$B" "UPDATE fund_deals SET city = 'chengdu' WHERE fund = 'f1' AND deal = 'd'"
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

# ---- one transaction per event: refused events leave nothing, fund accounts are the module's ----
T=$E2E_TMP/tx.db
"$HS" --book "$T" --quiet init
"$HS" --book "$T" --quiet fund create tf --gp g --size 300 --vintage 2024-01-01
check_rc "report of a fund with no events yet" 0 "$HS" --book "$T" --today 2026-05-01 fund report tf --json
check_eq "report: as of today by default, not 1970-01-01" "2026-05-01" "$(json_get "$OUT" 'd["as_of"]')"
check_rc "report text says the same date" 0 "$HS" --book "$T" --today 2026-05-01 fund report tf
check_contains "report text: as of today" "as of 2026-05-01" "$OUT"
check_rc "show: as of today too" 0 "$HS" --book "$T" --today 2026-05-01 fund show tf --json
check_eq "show: deployment per year counts from the vintage to today" "0.0" "$(json_get "$OUT" 'd["deployed_per_year"]')"
check_rc "a commitment above the size is refused (exit 1)" 1 "$HS" --book "$T" fund commit tf --lp big --type social --amount 301 --date 2024-01-02 --json
check_eq "the refusal has a stable code" "exceeds_fund_size" "$(json_get "$OUT" 'd["error"]["code"]')"
check_rc "account list after the refusal" 0 "$HS" --book "$T" account list --json
check_eq "the refused commitment left no account behind" "[]" \
  "$(json_get "$OUT" 'sorted(a["account"] for a in d if "big" in a["account"])')"
check_rc "commit" 0 "$HS" --book "$T" fund commit tf --lp a --type social --amount 300 --date 2024-01-02
check_rc "call" 0 "$HS" --book "$T" fund call tf --amount 300 --date 2024-01-03
check_rc "an investment beyond the cash is refused (exit 1)" 1 "$HS" --book "$T" fund invest tf --deal big --amount 301 --firm x --sector ai --stage seed --city hefei --date 2024-01-04
check_rc "account list after the refused investment" 0 "$HS" --book "$T" account list --json
check_eq "the refused investment left no holding account behind" "[]" \
  "$(json_get "$OUT" 'sorted(a["account"] for a in d if "big" in a["account"])')"
check_rc "a plain transfer out of a fund's cash is refused (exit 1)" 1 "$HS" --book "$T" transfer --id steal --debit fund/tf/cash --credit lp/a/cash --amount 1 --json
check_contains "refused as owned by the fund module" "account_owned_by_module" "$OUT"
"$HS" --book "$T" --quiet account create ext/x --kind external
check_rc "nor into the GP's fee account" 1 "$HS" --book "$T" transfer --id steal2 --debit ext/x --credit gp/g/fees --amount 1
check_rc "nor out of the LP account the module made" 1 "$HS" --book "$T" transfer --id steal3 --debit lp/a/cash --credit ext/x --amount 1
check_contains "the refusal names the owner" "account_owned_by_module" "$ERR"
check_rc "fee with both --days and --amount: exit 2" 2 "$HS" --book "$T" fund fee tf --days 10 --amount 1
check_rc "book clean" 0 "$HS" --book "$T" check
# a book written before accounts had owners: opening it gives the module its accounts
sqlite3 "$T" "UPDATE accounts SET owner = ''; UPDATE module_versions SET version = 2 WHERE module = 'fund'"
check_rc "an older book: a plain transfer out of fund cash is refused once it is opened" 1 "$HS" --book "$T" transfer --id steal4 --debit fund/tf/cash --credit ext/x --amount 1
check_rc "an older book: a second fund with the same GP reuses its accounts" 0 "$HS" --book "$T" fund create tf2 --gp g --size 100 --vintage 2024-01-01
"$HS" --book "$T" --quiet account create ext/y --kind external
check_rc "an older book: free accounts stay free" 0 "$HS" --book "$T" transfer --id free1 --debit ext/x --credit ext/y --amount 1

# ---- many events from a JSON Lines file in one transaction: all or nothing ----
BB=$E2E_TMP/batch.db
"$HS" --book "$BB" --quiet init
"$HS" --book "$BB" --quiet fund create bf --gp g --size 10 --vintage 2024-01-01
cat > "$E2E_TMP/ev.jsonl" <<'JSONL'
# commitments, a call, an investment and a fee
{"kind":"commit","fund":"bf","lp":"a","type":"social","amount":"4","date":"2024-01-02"}
{"kind":"commit","fund":"bf","lp":"b","type":"social","amount":"6","date":"2024-01-02"}

{"kind":"call","fund":"bf","amount":"5.00","date":"2024-02-01","id":"bc1"}
{"kind":"invest","fund":"bf","deal":"d","amount":"3","firm":"x","sector":"ai","stage":"seed","city":"hefei","date":"2024-03-01"}
{"kind":"fee","fund":"bf","days":91,"date":"2024-04-01"}
JSONL
check_rc "events --batch: five events applied" 0 "$HS" --book "$BB" --json fund events --batch "$E2E_TMP/ev.jsonl"
check_eq "events --batch: counts" "5 5 0" "$(json_get "$E2E_TMP/out" 'd["events"], d["applied"], d["existed"]' | tr -d '(),')"
"$HS" --book "$BB" --json fund show bf > "$E2E_TMP/bshow.json"
check_eq "events --batch: the same figures as the single commands" "1000 500 300 2" \
  "$(json_get "$E2E_TMP/bshow.json" 'd["committed_fen"], d["called_fen"], d["invested_fen"], len(d["lps"])' | tr -d '(),')"
check_rc "events --batch again: every event exists, exit 0" 0 "$HS" --book "$BB" --json fund events --batch "$E2E_TMP/ev.jsonl"
check_eq "events --batch again: nothing applied" "0 5" "$(json_get "$E2E_TMP/out" 'd["applied"], d["existed"]' | tr -d '(),')"
printf '%s\n' '{"kind":"call","fund":"bf","amount":"1","date":"2024-05-01","id":"bc2"}' \
  '{"kind":"call","fund":"bf","amount":"100","date":"2024-05-02"}' > "$E2E_TMP/bad.jsonl"
check_rc "events --batch: a refused line is exit 1" 1 "$HS" --book "$BB" --json fund events --batch "$E2E_TMP/bad.jsonl"
check_contains "events --batch: the refusal names the line" "bad.jsonl:2:" "$E2E_TMP/out"
"$HS" --book "$BB" --json fund show bf > "$E2E_TMP/bshow.json"
check_eq "events --batch: nothing of the refused file applied" "500" "$(json_get "$E2E_TMP/bshow.json" 'd["called_fen"]')"
printf '%s\n' '{"kind":"call","fund":"bf","amount":"1x"}' > "$E2E_TMP/bad2.jsonl"
check_rc "events --batch: a bad amount is exit 2" 2 "$HS" --book "$BB" --json fund events --batch "$E2E_TMP/bad2.jsonl"
check_contains "events --batch: the error names the field" '"field":"amount"' "$E2E_TMP/out"
check_rc "events --batch: book clean" 0 "$HS" --book "$BB" fund check

# ---- racing events: several processes call and distribute on one fund at once ----
RC=$E2E_TMP/race.db
hr() { "$HS" --book "$RC" "$@"; }
hr --quiet init
hr --quiet fund create rc --gp g --size 3000 --vintage 2024-01-01
for lp in a b c; do hr --quiet fund commit rc --lp $lp --type social --amount 1000 --date 2024-01-02; done
race_call() { # $1 = worker: five calls of 90.00 .. 200.00 yuan with ids of its own
  local w=$1 i amt rc
  for i in 1 2 3 4 5; do
    amt=$(( 9000 + (w * 37 + i * 101) % 11000 ))
    hr fund call rc --id "w$w-c$i" --amount "$((amt / 100)).$(printf %02d $((amt % 100)))" --date 2024-02-0$i >/dev/null 2>>"$E2E_TMP/race-err.$w"
    rc=$?
    case $rc in 0) echo "$amt" ;; 1) ;; *) echo "w$w-c$i exit $rc" >> "$E2E_TMP/race-bad.$w" ;; esac
  done
}
for w in 1 2 3 4 5 6; do race_call $w > "$E2E_TMP/race-ok.$w" & done
wait
accepted=$(cat "$E2E_TMP"/race-ok.* | awk '{s+=$1} END {print s+0}')
check_eq "racing calls: no unexpected exit (storage, busy, bad input)" "0" "$(cat "$E2E_TMP"/race-bad.* 2>/dev/null | wc -l)"
check_rc "racing calls: show" 0 hr fund show rc --json
check_eq "racing calls: called = the sum of the accepted calls" "$accepted" "$(json_get "$OUT" 'd["called_fen"]')"
check_eq "racing calls: no LP called above its commitment" "True" "$(json_get "$OUT" 'all(0 <= l["called_fen"] <= l["committed_fen"] for l in d["lps"])')"
check_eq "racing calls: every call split pro rata (equal LPs within a fen per call)" "True" \
  "$(json_get "$OUT" 'max(l["called_fen"] for l in d["lps"]) - min(l["called_fen"] for l in d["lps"]) <= 30')"
check_rc "racing calls: fund check" 0 hr fund check rc
check_rc "racing calls: huoshui check" 0 hr check
same_id() { hr fund call rc --id same-call --amount 1.00 --date 2024-03-01 --json > "$E2E_TMP/same.$1" 2>&1; echo $? >> "$E2E_TMP/same-rc"; }
: > "$E2E_TMP/same-rc"
for w in 1 2 3 4 5 6; do same_id $w & done
wait
check_eq "one event id retried by six processes at once: all exit 0" "000000" "$(sort "$E2E_TMP/same-rc" | tr -d '\n')"
check_eq "... applied once, five answered exists" "applied:1 exists:5" \
  "$(cat "$E2E_TMP"/same.[1-6] | python3 -c 'import json,sys,collections; t=sys.stdin.read(); d=json.JSONDecoder(); i=0; c=collections.Counter()
while i < len(t):
    t2=t[i:].lstrip()
    if not t2: break
    o,n=d.raw_decode(t2); c[o["result"]]+=1; i=len(t)-len(t2)+n
print(" ".join("%s:%d" % kv for kv in sorted(c.items())))')"
# distributions: the cumulative waterfall read inside the transaction makes the order irrelevant
hr --quiet fund invest rc --deal d --amount "$(hr fund show rc --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["cash_fen"] / 100)')" --firm x --sector ai --stage seed --city hefei --date 2024-04-01
hr --quiet fund exit rc --deal d --proceeds 6000 --date 2025-06-01
cp "$RC" "$E2E_TMP/race-serial.db"; [ -e "$RC-wal" ] && cp "$RC-wal" "$E2E_TMP/race-serial.db-wal"
for w in 1 2 3 4 5 6; do hr fund distribute rc --id "dist-$w" --amount 900 --date 2026-01-0$w >/dev/null 2>>"$E2E_TMP/race-dist-err" & done
wait
for w in 1 2 3 4 5 6; do "$HS" --book "$E2E_TMP/race-serial.db" --quiet fund distribute rc --id "dist-$w" --amount 900 --date 2026-01-0$w; done
check_rc "racing distributions: show" 0 hr fund show rc --json
cp "$OUT" "$E2E_TMP/race-par.json"
check_rc "serial distributions: show" 0 "$HS" --book "$E2E_TMP/race-serial.db" fund show rc --json
check_eq "racing distributions: all six applied (5,400.00 in all)" "540000" "$(json_get "$E2E_TMP/race-par.json" 'd["distributed_fen"] + d["carry_fen"]')"
check_eq "racing distributions: the GP's carry equals the serial run's, to the fen" \
  "$(json_get "$OUT" 'd["carry_fen"]')" "$(json_get "$E2E_TMP/race-par.json" 'd["carry_fen"]')"
check_rc "racing distributions: fund check" 0 hr fund check rc
check_rc "racing distributions: huoshui check" 0 hr check
