#!/usr/bin/env bash
# notice.sh — public notice (公示) end to end on tests/data/chengdu-fvs-notice.policy (the shipped
# first-version software policy with `notice 5 working days`; no seed programme states one): an
# award on Friday 2024-09-27 is published with the objection deadline 2024-10-10 (the National Day
# holiday skipped, the 调休 Sunday 2024-09-29 counted, from npm chinese-days); pay is refused
# (notice_period) until the deadline has passed and while an objection is open or upheld; anyone
# may object until the deadline; only an officer in scope upholds or dismisses; the public list
# holds public fields only.
source "$(dirname "$0")/lib.sh"
H=${HS_DBG:-$HS}
B=$E2E_TMP/n.db
hs() { "$H" --book "$B" "$@"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$E2E_TMP/out"; }
export HUOSHUI_TODAY=2024-09-27
D=${HUOSHUI_DATA:-.}
NP=$D/tests/data/chengdu-fvs-notice.policy
F1=914403001922038216 # 华为技术有限公司 in tests/data/firms-good.csv
F2=91510100MA6CA00016 # not in the registry: its code stands for its name
P_OFF='oscar-officer-2024'
P_OUT='olga-officer-elsewhere'
P_ED='ed-is-a-firm-user'

check_rc "policy check of the notice policy" 0 hs policy check "$NP"
printf 'policy t version 2024.1\ntitle zh "t" en "t"\ninstrument subsidy\nbudget "budget/p/b"\nvalid 2024-01-01 .. 2024-12-31\nsource "s"\namount "c": 1万\nnotice 61 working days\n' >"$E2E_TMP/bad.policy"
check_rc "notice 61 working days is refused" 2 hs policy check "$E2E_TMP/bad.policy"
check_contains "named with line and column" "bad.policy:8:8: a notice period is 1 to 60 working days" "$E2E_TMP/err"

hs init >/dev/null
hs firm import "$D/tests/data/firms-good.csv" >/dev/null
hs programme create chengdu-2024 >/dev/null
hs programme fund chengdu-2024 --budget first-version-software --amount 1000万 >/dev/null
hs user add oscar --role officer --scope programme:chengdu-2024 <<<"$P_OFF" >/dev/null
hs user add olga --role officer --scope programme:other-2024 <<<"$P_OUT" >/dev/null
hs user add ed --role enterprise --scope firm:$F1 <<<"$P_ED" >/dev/null
for id in 1 2; do
  f=$([ $id = 1 ] && echo $F1 || echo $F2)
  hs subsidy apply --policy "$NP" --firm "$f" --id n$id --product soft-A --on 2024-09-27 --input role=maker --input software_price=1000万 >/dev/null
done
check_rc "award n1 on Friday 2024-09-27" 0 hs subsidy award n1
check_rc "award n2" 0 hs subsidy award n2
check_rc "notice list --json (no login needed)" 0 hs notice list --json
check_eq "two notices" "2" "$(json 'len(d)')"
check_eq "firm name, amount, policy, clause, deadline" \
  "华为技术有限公司 250000000 chengdu.first_version_software_notice clause: 一次性补贴，最高250万元 2024-10-10" \
  "$(json '" ".join(str(d[0][k]) for k in ("firm_name","amount_fen","policy","clause","objection_deadline"))')"
check_eq "a firm outside the registry is named by its code" "$F2" "$(json 'd[1]["firm_name"]')"
check_eq "public fields only: no firm code, no inputs" "False False" "$(json 'str("firm" in d[0])+" "+str("inputs" in d[0])')"
check_eq "under notice" "True" "$(json 'd[0]["under_notice"]')"
check_rc "pay n2 on the deadline day is refused" 1 hs subsidy pay n2 --on 2024-10-10 --json
check_eq "notice_period" "notice_period" "$(json 'd["error"]["code"]')"
check_rc "pay n2 the day after the deadline" 0 hs subsidy pay n2 --on 2024-10-11
check_rc "firm cash of n2 --json" 0 hs balance firm/$F2/cash --json
check_eq "n2 paid 250万" "250000000" "$(json 'd[0]["credits_posted_fen"]')"

# ---- an objection holds n1 ----
check_rc "an objection needs a reason" 2 hs --as ed notice object N-1 --on 2024-10-09 <<<"$P_ED"
check_rc "ed (enterprise) objects to N-1 before the deadline" 0 hs --as ed notice object N-1 --reason "not a first version" --on 2024-10-09 --json <<<"$P_ED"
check_eq "objection O-1 open" "O-1 open N-1" "$(json 'd["id"]+" "+d["state"]+" "+d["notice"]')"
check_rc "an objection after the deadline is refused" 1 hs notice object N-1 --reason late --on 2024-10-11 --json
check_eq "notice_closed" "notice_closed" "$(json 'd["error"]["code"]')"
check_rc "pay n1 with an open objection is refused" 1 hs subsidy pay n1 --on 2024-10-11
check_contains "names the objection" "objection O-1 to notice N-1 is open" "$E2E_TMP/err"
check_rc "an officer out of scope cannot decide" 1 hs --as olga notice dismiss O-1 --reason "fine" <<<"$P_OUT"
check_rc "the objector cannot decide" 1 hs --as ed notice dismiss O-1 --reason "fine" <<<"$P_ED"
check_rc "oscar (officer in scope) upholds O-1" 0 hs --as oscar notice uphold O-1 --reason "shipped in 2022" --on 2024-10-11 <<<"$P_OFF"
check_contains "upheld by oscar" "objection O-1 upheld by oscar" "$E2E_TMP/out"
check_rc "deciding O-1 again is refused" 1 hs --as oscar notice dismiss O-1 --reason again <<<"$P_OFF"
check_rc "pay n1 after an upheld objection is refused" 1 hs subsidy pay n1 --on 2024-10-14 --json
check_eq "notice_period" "notice_period" "$(json 'd["error"]["code"]')"
check_rc "the award is rejected by the existing path" 0 hs subsidy reject n1 --reason "objection O-1 upheld" --on 2024-10-14
check_rc "firm cash of n1" 0 hs balance firm/$F1/cash --json
check_eq "n1 was never paid (nothing pending either)" "0 0" "$(json 'str(d[0]["credits_posted_fen"])+" "+str(d[0]["credits_pending_fen"])')"
check_rc "notice list on 2024-10-14" 0 hs notice list --on 2024-10-14
check_contains "the period has ended" "ended" "$E2E_TMP/out"
check_rc "check" 0 hs check
