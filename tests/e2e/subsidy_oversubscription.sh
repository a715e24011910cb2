#!/usr/bin/env bash
# subsidy_oversubscription.sh — `subsidy match --award` when a round's eligible applications ask for
# more than the budget has left: pro rata (按比例核减: the awards sum to exactly the budget, each
# the stated largest-remainder share, ties by application id), by ranking with a cut-off (择优),
# capped per firm (单户封顶), and a round within budget paid in full; the scaling is in each award's
# note (`subsidy show`) and the match's JSON; a rerun awards nothing twice; the ledger's budget
# ends at exactly zero; a policy asking for both rules is refused (exit 2) before anything is
# stored. Also on the ASan build.
cd "$(dirname "$0")/../.." || exit 1
source tests/e2e/lib.sh
export HUOSHUI_DATA=${HUOSHUI_DATA:-$PWD} HUOSHUI_TODAY=2024-06-01
T=$E2E_TMP
jq_() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null ||
  echo "unreadable $1"; }
policy() { # FILE ID BUDGET EXTRA_PARAMS...
  local f=$1 id=$2 budget=$3
  shift 3
  {
    printf 'policy t.%s version 1\ntitle zh "测试" en "round test"\ninstrument subsidy\n' "$id"
    printf 'budget "%s"\nvalid 2024-01-01 ..\nsource "s"\n' "$budget"
    for p in "$@"; do printf '%s\n' "$p"; done
    printf 'param cap: money = 500万\ninput ask: money\ninput ranking_score: int = 0\n'
    printf 'rule asks "clause: 申报": ask > 0元\namount "clause: 按申报": min(ask, cap)\n'
  } >"$f"
}
"$HS" gen firms --n 5 --seed 3 --out "$T/g.csv" >/dev/null 2>&1
mapfile -t U < <(awk -F, 'NR > 1 { print $1 }' "$T/g.csv")
# asks 60万, 50万, 30万, 7元 and 0.03元 (a share that rounds to almost nothing); scores for ranking
{
  echo "uscc,ask,ranking_score"
  echo "${U[0]},60万,70"; echo "${U[1]},50万,90"; echo "${U[2]},30万,80"
  echo "${U[3]},7元,10"; echo "${U[4]},0.03元,10"
} >"$T/f.csv"
B=$T/b.db
"$HS" --book "$B" init >/dev/null
"$HS" --book "$B" programme create p1 >/dev/null
for b in pr rk cap ok; do "$HS" --book "$B" programme fund p1 --budget $b --amount 100万 >/dev/null; done
remaining() { "$HS" --book "$B" --json programme show p1 | python3 -c "
import json,sys; d=json.load(sys.stdin); print([b for b in d['budgets'] if b['budget']=='$1'][0]['remaining_fen'])" 2>/dev/null || echo none; }

# ---- pro rata ----
policy "$T/pr.policy" pr budget/p1/pr "param oversubscription_pro_rata: bool = true"
"$HS" --book "$B" --json subsidy match --policy "$T/pr.policy" --firms "$T/f.csv" --award --prefix pr. >"$T/pr.json"
check_eq "pro rata: exit 0" 0 $?
python3 - "$T/pr.json" >"$T/pr.chk" <<'PY'
import json, sys
from fractions import Fraction
d = json.load(open(sys.argv[1]))
apps = sorted((a for a in d["applications"] if a["eligible"]), key=lambda a: a["id"])
B = 100000000
req = [a["decided_fen"] for a in apps]; T = sum(req)
# largest remainder by hand: floor of each exact share, the rest one fen each by remainder, ties id
exact = [Fraction(r * B, T) for r in req]
floor = [int(e) for e in exact]
order = sorted(range(len(apps)), key=lambda i: (-(exact[i] - floor[i]), i))
for i in order[:B - sum(floor)]: floor[i] += 1
got = [a.get("award_fen", 0) for a in apps]
print("sum", sum(got) == B and d["awarded_fen"] == B)
print("shares", got == floor)
print("stated", all(a["share"]["share_fen"] == f for a, f in zip(apps, floor)))
print("round", d["oversubscription"]["rule"] == "pro_rata" and d["oversubscription"]["scaled"]
      and d["oversubscription"]["budget_fen"] == B and d["oversubscription"]["requested_fen"] == T)
PY
for k in sum shares stated round; do
  check_eq "pro rata: $k" "$k True" "$(grep "^$k " "$T/pr.chk")"
done
check_eq "pro rata: the budget has exactly 0 left" 0 "$(remaining pr)"
"$HS" --book "$B" subsidy show "pr.${U[0]}" >"$T/show.txt"
check_contains "pro rata: the award's note shows the scaling" "pro rata (按比例核减)" "$T/show.txt"
check_contains "pro rata: ... with the budget and the requests" "budget 1,000,000.00 CNY / requested 1,400,007.03 CNY" "$T/show.txt"
"$HS" --book "$B" --json subsidy match --policy "$T/pr.policy" --firms "$T/f.csv" --award --prefix pr. >"$T/pr2.json"
check_eq "pro rata rerun: the same awards, nothing more reserved" "$(jq_ "$T/pr.json" '[a.get("award_fen") for a in d["applications"]]') 0" \
  "$(jq_ "$T/pr2.json" '[a.get("award_fen") for a in d["applications"]]') $(remaining pr)"
check_eq "pro rata rerun: the budget's reserved total is unchanged" 100000000 \
  "$("$HS" --book "$B" --json programme show p1 | python3 -c "import json,sys; print([b for b in json.load(sys.stdin)['budgets'] if b['budget']=='pr'][0]['reserved_fen'])")"

# ---- ranking with a cut-off ----
policy "$T/rk.policy" rk budget/p1/rk "param oversubscription_ranking: bool = true"
"$HS" --book "$B" --json subsidy match --policy "$T/rk.policy" --firms "$T/f.csv" --award --prefix rk. >"$T/rk.json"
# by score: 50万 (90), 30万 (80) fit (80万); 60万 (70) does not: cut-off, and everyone below it
check_eq "ranking: the two best in full, the rest cut off" "50000000 30000000 0 0 0" \
  "$(jq_ "$T/rk.json" '" ".join(str(next(a.get("award_fen", 0) for a in d["applications"] if a["firm"] == u)) for u in "'"${U[1]} ${U[2]} ${U[0]} ${U[3]} ${U[4]}"'".split())')"
check_eq "ranking: cut-off score 80, 20万 left in the budget" "80 20000000" \
  "$(jq_ "$T/rk.json" 'str(d["oversubscription"]["cutoff_score"])') $(remaining rk)"
"$HS" --book "$B" subsidy show "rk.${U[1]}" >"$T/show-rk.txt"
check_contains "ranking: the note names the rule and the cut-off" "by ranking (择优): ranking_score 90, cut-off score 80" "$T/show-rk.txt"

# ---- capped per firm, then within budget ----
policy "$T/cap.policy" cap budget/p1/cap "param oversubscription_firm_cap: money = 25万"
"$HS" --book "$B" --json subsidy match --policy "$T/cap.policy" --firms "$T/f.csv" --award --prefix cap. >"$T/cap.json"
check_eq "cap: each at most 25万, the round within budget" "25000000 25000000 25000000 700 3 firm_cap False" \
  "$(jq_ "$T/cap.json" '" ".join([str(a.get("award_fen", 0)) for a in d["applications"]] + [d["oversubscription"]["rule"], str(d["oversubscription"]["scaled"])])')"

# ---- within budget: in full ----
policy "$T/ok.policy" ok budget/p1/ok "param oversubscription_pro_rata: bool = true"
head -3 "$T/f.csv" | sed 's/60万/40万/' >"$T/small.csv" # 40万 + 50万 <= 100万
"$HS" --book "$B" --json subsidy match --policy "$T/ok.policy" --firms "$T/small.csv" --award --prefix ok. >"$T/ok.json"
check_eq "within budget: each in full, not scaled" "40000000 50000000 within_budget False" \
  "$(jq_ "$T/ok.json" '" ".join([str(a.get("award_fen", 0)) for a in d["applications"]] + [d["oversubscription"]["rule"], str(d["oversubscription"]["scaled"])])')"

# ---- a whole-policy money limit below the budget: the round shares the limit's headroom ----
"$HS" --book "$B" programme fund p1 --budget lim --amount 100万 >/dev/null
policy "$T/lim.policy" lim budget/p1/lim "param oversubscription_pro_rata: bool = true" \
  "limit per programme per year <= 80万"
"$HS" --book "$B" --json subsidy match --policy "$T/lim.policy" --firms "$T/f.csv" --award --prefix lim. >"$T/lim.json"
check_eq "a limit of 80万: shared pro rata to exactly 80万, 20万 left in the budget" "80000000 80000000 20000000" \
  "$(jq_ "$T/lim.json" 'str(d["awarded_fen"]) + " " + str(d["oversubscription"]["budget_fen"])') $(remaining lim)"
check_eq "a limit of 80万: each share below its request, none refused" "True 0" \
  "$(jq_ "$T/lim.json" 'str(all(a["award_fen"] < a["decided_fen"] for a in d["applications"] if a["decided_fen"] > 3)) + " " + str(d["refused"])')"

# ---- a tie: equal requests, one fen left over -> the lower application id ----
"$HS" --book "$B" programme fund p1 --budget tie --amount 1.01元 >/dev/null
policy "$T/tie.policy" tie budget/p1/tie "param oversubscription_pro_rata: bool = true"
{ echo "uscc,ask"; echo "${U[3]},1元"; echo "${U[2]},1元"; } >"$T/tie.csv"
"$HS" --book "$B" --json subsidy match --policy "$T/tie.policy" --firms "$T/tie.csv" --award --prefix tie. >"$T/tie.json"
first=$(printf '%s\n%s\n' "${U[2]}" "${U[3]}" | sort | head -1)
check_eq "a tie: 51 fen to the lower id, 50 to the other, 0 left" "51 50 0" \
  "$(jq_ "$T/tie.json" '" ".join(str(a["award_fen"]) for a in sorted(d["applications"], key=lambda a: a["id"]))') $(remaining tie)"
check_eq "a tie: the lower id is $first" "tie.$first" \
  "$(jq_ "$T/tie.json" 'max(d["applications"], key=lambda a: a["award_fen"])["id"]')"

# ---- bad settings: refused before anything is stored ----
policy "$T/both.policy" both budget/p1/ok "param oversubscription_pro_rata: bool = true" "param oversubscription_ranking: bool = true"
check_rc "both rules: exit 2" 2 "$HS" --book "$B" subsidy match --policy "$T/both.policy" --firms "$T/f.csv" --award --prefix both.
check_contains "both rules: the message says why" "pro rata or by ranking, not both" "$T/err"
check_eq "both rules: no application stored" 0 \
  "$("$HS" --book "$B" --json subsidy list 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("items", d) if isinstance(d, dict) else d; print(sum(1 for a in d if a["id"].startswith("both.")))' 2>/dev/null || echo none)"

# ---- the ASan build, pro rata on a fresh book ----
B2=$T/dbg.db
"$HS_DBG" --book "$B2" init >/dev/null 2>&1
"$HS_DBG" --book "$B2" programme create p1 >/dev/null 2>&1
"$HS_DBG" --book "$B2" programme fund p1 --budget pr --amount 100万 >/dev/null 2>&1
"$HS_DBG" --book "$B2" --json subsidy match --policy "$T/pr.policy" --firms "$T/f.csv" --award --prefix pr. >"$T/dbg.json" 2>"$T/dbg.err"
check_eq "debug build: the same awards, nothing on stderr" \
  "0 $(jq_ "$T/pr.json" '[a.get("award_fen") for a in d["applications"]]')" \
  "$? $(jq_ "$T/dbg.json" '[a.get("award_fen") for a in d["applications"]]')$(head -c 200 "$T/dbg.err")"
