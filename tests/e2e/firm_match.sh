#!/usr/bin/env bash
# firm_match.sh — `huoshui firm match USCC [--on DATE] [--json]` end to end on the ASan build:
# every shipped policy in force on the date (the highest version of each id in force) decided for
# the firm's registry record, eligible first, then by amount, then label; why not (the failing
# rule, clause and line; an input the registry does not hold); --on defaulting to today; the
# table with --cn; exit 2 for a malformed or unregistered firm, a bad date, a missing book. A data
# directory of its own holds a few policies written here (so that eligibility, versions and the
# order are known) next to two shipped ones.
source "$(dirname "$0")/lib.sh"
ROOT=${HUOSHUI_DATA:-$(cd "$(dirname "$0")/../.." && pwd)}
B=$E2E_TMP/match.db
DATA=$E2E_TMP/data
hs() { HUOSHUI_DATA=$DATA "$HS_DBG" --book "$B" "$@"; }
F1=914403001922038216 # 华为: high_tech true, 207000 employees (tests/data/firms-good.csv)
F2=91440300708461136T # 腾讯: high_tech 1, 108,000 employees
NOFIRM=91510100MA6CA00016

mkdir -p "$DATA/policies"
ln -s "$ROOT/data" "$DATA/data"
cp "$ROOT/policies/chengdu-national-platform.policy" "$ROOT/policies/chengdu-first-version-software.policy" "$DATA/policies/"
# mkpolicy FILE ID VERSION FROM TO GRANT RULE EXPR: a subsidy of GRANT when EXPR holds
mkpolicy() {
  cat >"$DATA/policies/$1.policy" <<EOF
policy $2 version $3
title zh "测试 $2" en "Test $2"
instrument subsidy
budget "budget/test-2024/grants"
valid $4 .. $5
source "test"

param grant: money = $6

input high_tech: bool = false
input employees: int = 0

rule $7 "clause: 条件 $7": $8

amount "clause: 奖励 $6": grant
EOF
}
mkpolicy bonus-1 test.high_tech_bonus 2024.1 2024-01-01 2024-12-31 10万 certified "high_tech"
mkpolicy bonus-2 test.high_tech_bonus 2024.2 2024-06-01 2025-12-31 20万 certified "high_tech"
mkpolicy staff test.staff_grant 2024.1 2024-01-01 2025-12-31 50万 large "employees >= 150000"
mkpolicy tie-b test.tie_b 2024.1 2024-01-01 2025-12-31 1万 any "employees >= 0"
mkpolicy tie-a test.tie_a 2024.1 2024-01-01 2025-12-31 1万 any "employees >= 0"
mkpolicy old test.expired 2020.1 2020-01-01 2020-12-31 1万 any "employees >= 0"

hs init >/dev/null
check_rc "firm match before the firm is registered: exit 2" 2 hs firm match $F1 --on 2024-07-01
check_contains "it says the registry lacks it" "no firm $F1 in the registry" "$E2E_TMP/err"
HUOSHUI_DATA=$ROOT "$HS_DBG" --book "$B" firm import "$ROOT/tests/data/firms-good.csv" >/dev/null # divisions

check_rc "firm match --json" 0 hs firm match $F1 --on 2024-07-01 --json
cp "$E2E_TMP/out" "$E2E_TMP/m.json"
j() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$E2E_TMP/m.json" "$1"; }
check_eq "the firm, its name and the date" "$F1 华为技术有限公司 2024-07-01" "$(j 'd["firm"]+" "+d["name"]+" "+d["on"]')"
check_eq "eligible first, then by amount, then label; one version per id; none out of force" \
  "test.staff_grant@2024.1 test.high_tech_bonus@2024.2 test.tie_a@2024.1 test.tie_b@2024.1 chengdu.first_version_software@2024.1 chengdu.national_platform@2024.1" \
  "$(j '" ".join(m["label"] for m in d["matches"])')"
check_eq "eligible and amounts" "True:50000000 True:20000000 True:1000000 True:1000000 False:0 False:0" \
  "$(j '" ".join(str(m["eligible"])+":"+str(m["amount_fen"]) for m in d["matches"])')"
check_eq "each match carries the policy's identity" "test.staff_grant 2024.1 subsidy 测试 test.staff_grant Test test.staff_grant 500000.00" \
  "$(j '" ".join(d["matches"][0][k] for k in ("policy","version","instrument","title_zh","title_en","amount"))')"
check_eq "why not: the failing rule, its clause and line" "new_platform|clause: 新获批|25" \
  "$(j '"|".join(str(f[k]) for m in d["matches"] if m["policy"]=="chengdu.national_platform" for f in m["failed"] for k in ("rule","clause","line"))')"
check_eq "and the reason" "rule 'new_platform' (clause: 新获批) not met" \
  "$(j '[m["reason"] for m in d["matches"] if m["policy"]=="chengdu.national_platform"][0]')"
check_eq "a policy the registry holds no input for: not eligible, saying which input" "input 'role' is not given and has no default []" \
  "$(j '[m["reason"]+" "+str(m["failed"]) for m in d["matches"] if m["policy"]=="chengdu.first_version_software"][0]')"

check_rc "before 2024-06-01 the older version is the one in force" 0 hs firm match $F1 --on 2024-03-01 --json
check_eq "test.high_tech_bonus@2024.1, 10万" "test.high_tech_bonus@2024.1:10000000" \
  "$(python3 -c 'import json,sys; print(" ".join(m["label"]+":"+str(m["amount_fen"]) for m in json.load(open(sys.argv[1]))["matches"] if m["policy"]=="test.high_tech_bonus"))' "$E2E_TMP/out")"
check_rc "in 2020 only the expired policy was in force" 0 hs firm match $F1 --on 2020-06-01 --json
check_eq "test.expired alone" "test.expired@2020.1" \
  "$(python3 -c 'import json,sys; print(" ".join(m["label"] for m in json.load(open(sys.argv[1]))["matches"]))' "$E2E_TMP/out")"

check_rc "without --on: today" 0 env HUOSHUI_TODAY=2025-01-15 HUOSHUI_DATA="$DATA" "$HS_DBG" --book "$B" firm match $F2 --json
check_eq "today from HUOSHUI_TODAY; 2024.2 alone after 2024" "2025-01-15 test.high_tech_bonus@2024.2" \
  "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["on"], " ".join(m["label"] for m in d["matches"] if m["policy"]=="test.high_tech_bonus"))' "$E2E_TMP/out")"

check_rc "the table" 0 hs firm match $F1 --on 2024-07-01
check_contains "a header with the firm" "$F1 华为技术有限公司 on 2024-07-01" "$E2E_TMP/out"
check_contains "a row per policy: label, eligible, amount" "test.staff_grant@2024.1" "$E2E_TMP/out"
check_contains "amounts in CNY" "500,000.00 CNY" "$E2E_TMP/out"
check_contains "reasons" "rule 'new_platform' (clause: 新获批) not met" "$E2E_TMP/out"
check_contains "a summary line" "6 policies in force, 4 eligible" "$E2E_TMP/out"
check_rc "the table with --cn" 0 hs --cn firm match $F1 --on 2024-07-01
check_contains "--cn amounts" "50.00万" "$E2E_TMP/out"

check_rc "a malformed credit code: exit 2" 2 hs firm match BAD
check_contains "naming why" "is not a valid 统一社会信用代码" "$E2E_TMP/err"
check_rc "its --json error names the field uscc" 2 hs firm match BAD --json
check_contains "invalid_field uscc" '"field":"uscc"' "$E2E_TMP/out"
check_rc "a firm the registry lacks: exit 2" 2 hs firm match $NOFIRM --json
check_contains "not_found" '"code":"not_found"' "$E2E_TMP/out"
check_rc "a bad date: exit 2" 2 hs firm match $F1 --on 2024-02-30
check_rc "no firm: exit 2" 2 hs firm match
check_rc "two firms: exit 2" 2 hs firm match $F1 $F2
check_rc "an unknown option: exit 2" 2 hs firm match $F1 --at 2024-01-01
check_rc "a missing book: exit 2" 2 env HUOSHUI_DATA="$DATA" "$HS_DBG" --book "$E2E_TMP/none.db" firm match $F1
check_rc "firm --help" 0 hs firm --help
check_contains "firm --help lists match" "firm match USCC [--on DATE]" "$E2E_TMP/out"
check_rc "nothing stored: check passes" 0 hs check
