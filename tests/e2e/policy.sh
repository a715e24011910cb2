#!/usr/bin/env bash
# policy.sh — the policy CLI end to end: every shipped policy's own test cases pass, eval and
# explain give exact amounts on a small population (tests/data/policy-firms.csv), exit codes follow
# the contract (0 ok, 1 a test case failed, 2 bad input), JSON/CSV output, dated parameters.
cd "$(dirname "$0")/../.."
source tests/e2e/lib.sh
FIRMS=tests/data/policy-firms.csv
FV=policies/chengdu-first-version-software.policy
CV=policies/chengdu-compute-voucher.policy

# 1. every shipped policy's test cases
check_rc "policy test policies/ exits 0" 0 "$HS" policy test policies/
last=$(tail -1 "$E2E_TMP/out")
if [[ "$last" =~ ^([0-9]+)\ passed,\ 0\ failed$ ]] && [ "${BASH_REMATCH[1]}" -ge 50 ]; then
  pass "policy test summary line ($last)"
else
  fail "policy test summary line" "got '$last'"
fi
nfiles=$(ls policies/*.policy | wc -l)
check_eq "every shipped policy has test cases" "$nfiles" \
  "$(grep -o '^  ok    policies/[^:]*\.policy' "$E2E_TMP/out" | sort -u | wc -l)"
check_rc "policy test (default dir) under ASan" 0 "$HS_DBG" policy test
check_contains "default dir finds the shipped policies" "chengdu-compute-voucher.policy" "$E2E_TMP/out"
check_rc "policy check all shipped policies" 0 "$HS" policy check policies/*.policy

# 2. eval: exact amounts
check_rc "eval first-version --csv" 0 "$HS" policy eval "$FV" --on 2024-06-01 --firms "$FIRMS" --csv
check_eq "first-version eval CSV" "uscc,eligible,amount,amount_fen,reason
91510100MA61R0001A,true,2500000.00,250000000,
91510100MA61R0002B,true,1500000.00,150000000,
91510100MA61R0003C,false,0.00,0,rule 'has_price' (clause: 按合同金额) not met" "$(cat "$E2E_TMP/out")"

check_rc "eval compute voucher 2024 --json" 0 "$HS" policy eval "$CV" --on 2024-06-01 --firms "$FIRMS" --json
check_eq "compute voucher 2024 amounts" "90000000 300000000 24000000" \
  "$(jq -r '[.firms[].amount_fen] | map(tostring) | join(" ")' "$E2E_TMP/out" 2>/dev/null ||
     python3 -c 'import json,sys; print(" ".join(str(f["amount_fen"]) for f in json.load(open(sys.argv[1]))["firms"]))' "$E2E_TMP/out")"
check_contains "compute voucher 2024 total" '"total": "4140000.00"' "$E2E_TMP/out"

check_rc "eval compute voucher 2025 (dated parameters)" 0 "$HS" policy eval "$CV" --on 2025-06-01 --firms "$FIRMS" --csv
check_eq "compute voucher 2025: 60%, cap 500万" "1800000.00 5000000.00 480000.00" \
  "$(tail -n +2 "$E2E_TMP/out" | cut -d, -f3 | tr '\n' ' ' | sed 's/ $//')"

check_rc "eval outside validity is not an error" 0 "$HS" policy eval "$CV" --on 2026-06-01 --firms "$FIRMS"
# (2026 is after the 2025 amendment, chengdu-compute-voucher-2025.policy, which is then the version)
check_contains "outside validity says why" "not in force on 2026-06-01 (valid 2025-01-01 .. 2025-12-31)" "$E2E_TMP/out"
check_contains "the version of the day is named" "using chengdu.compute_voucher version 2025.1" "$E2E_TMP/err"
check_contains "outside validity summary" "3 firms, 0 eligible, total 0.00 CNY" "$E2E_TMP/out"

check_rc "eval reads --firms - from stdin" 0 bash -c "'$HS' policy eval '$FV' --on 2024-06-01 --firms - --csv < '$FIRMS'"
check_rc "eval reads a piped CSV without --firms" 0 bash -c "'$HS' policy eval '$FV' --on 2024-06-01 --csv < '$FIRMS'"
check_contains "piped eval" "91510100MA61R0001A,true,2500000.00" "$E2E_TMP/out"
check_contains "stdin eval" "91510100MA61R0002B,true,1500000.00" "$E2E_TMP/out"

check_rc "eval --stats" 0 "$HS" policy eval "$CV" --on 2024-06-01 --firms "$FIRMS" --stats --threads 2
check_contains "stats total" "total 4140000.00" "$E2E_TMP/out"

# 3. explain
check_rc "explain one firm" 0 "$HS" policy explain "$CV" --firm 91510100MA61R0002B --on 2024-06-01 --firms "$FIRMS"
check_contains "explain shows the parameter in force" "share = 30%  from 2024-01-01" "$E2E_TMP/out"
check_contains "explain shows the legal source" "3270万元" "$E2E_TMP/out"
check_contains "explain shows each rule" '[pass] local_provider "clause: 购买本地算力服务或数据产品"' "$E2E_TMP/out"
check_contains "explain shows intermediate values" "offset = 3,600,000.00 CNY" "$E2E_TMP/out"
check_contains "explain decision" "decision: eligible, amount 3,000,000.00 CNY" "$E2E_TMP/out"
check_rc "explain a failing firm --json" 0 "$HS" policy explain "$FV" --firm 91510100MA61R0003C --on 2024-06-01 --firms "$FIRMS" --json
check_contains "explain JSON names the failed rule" "rule 'has_price' (clause: 按合同金额) not met" "$E2E_TMP/out"
check_contains "explain JSON marks eligibility" '"eligible": false' "$E2E_TMP/out"
check_rc "explain with --set" 0 "$HS" policy explain policies/zhuhai-ai-robotics.policy --firm X1 --on 2024-10-01 \
  --set sector=robotics --set located_in_zhuhai=true --set project_investment=1.5亿
check_contains "explain --set shows the tier" "rate_for_size = 15%" "$E2E_TMP/out"
check_contains "explain --set amount" "decision: eligible, amount 22,500,000.00 CNY" "$E2E_TMP/out"
check_rc "explain unknown firm is bad input" 2 "$HS" policy explain "$FV" --firm NOPE --on 2024-06-01 --firms "$FIRMS"

# 4. show: limits and parameters on a date
check_rc "show compute voucher 2025" 0 "$HS" policy show "$CV" --on 2025-06-01
check_contains "show: dated programme limit" "limit      per programme per year <= 100,000,000.00 CNY" "$E2E_TMP/out"
check_contains "show: instrument" "instrument voucher" "$E2E_TMP/out"

# 5. exit codes and bad input
check_rc "eval without --on is bad usage" 2 "$HS" policy eval "$FV" --firms "$FIRMS"
check_rc "eval with a bad date" 2 "$HS" policy eval "$FV" --on 2024-13-01 --firms "$FIRMS"
printf 'uscc,role,software_price\nA1,maker,lots\n' > "$E2E_TMP/bad.csv"
check_rc "eval with a bad money cell" 2 "$HS" policy eval "$FV" --on 2024-06-01 --firms "$E2E_TMP/bad.csv"
check_contains "bad cell names file:row and column" "bad.csv:2: column 'software_price'" "$E2E_TMP/err"
printf 'uscc,software_price\nA1,100万\n' > "$E2E_TMP/missing.csv"
check_rc "eval with a missing column" 2 "$HS" policy eval "$FV" --on 2024-06-01 --firms "$E2E_TMP/missing.csv"
check_contains "missing column named" "no column 'role'" "$E2E_TMP/err"
printf 'uscc,role,software_price_fen\nA1,maker,100000000\n' > "$E2E_TMP/fen.csv"
check_rc "money column in fen (X_fen)" 0 "$HS" policy eval "$FV" --on 2024-06-01 --firms "$E2E_TMP/fen.csv" --csv
check_contains "X_fen column read as fen" "A1,true,300000.00" "$E2E_TMP/out"
sed 's/=> eligible, amount 250万, share_amount = 300万/=> eligible, amount 249万/' "$FV" > "$E2E_TMP/wrong.policy"
check_rc "a failing test case exits 1" 1 "$HS" policy test "$E2E_TMP/wrong.policy"
check_contains "failing case explained" "expected amount 2,490,000.00 CNY, got 2,500,000.00 CNY" "$E2E_TMP/out"
check_contains "failing summary" "5 passed, 1 failed" "$E2E_TMP/out"
check_rc "policy test on a broken file exits 2" 2 "$HS" policy test tests/policy-errors/06-unknown-name.policy
check_rc "policy --help" 0 "$HS" policy --help
check_contains "help names the contract" "huoshui policy explain FILE --firm USCC --on DATE" "$E2E_TMP/out"
check_rc "policy test --json" 0 "$HS" policy test policies/ --json
check_contains "test JSON" '"failed": 0' "$E2E_TMP/out"

# 6. "what if": --param overrides a parameter on every date
check_rc "eval --param what-if" 0 "$HS" policy eval "$FV" --on 2024-06-01 --firms "$FIRMS" --csv --param cap=300万 --param share=25%
check_eq "what-if amounts" "2500000.00 1250000.00 0.00" \
  "$(tail -n +2 "$E2E_TMP/out" | cut -d, -f3 | tr '\n' ' ' | sed 's/ $//')"
check_rc "--param with a bad value is bad input" 2 "$HS" policy eval "$FV" --on 2024-06-01 --firms "$FIRMS" --param cap=lots
check_contains "--param error names the parameter" "parameter 'cap': not a money amount" "$E2E_TMP/err"
check_rc "--param unknown name" 2 "$HS" policy eval "$FV" --on 2024-06-01 --firms "$FIRMS" --param nope=1
check_rc "show lists parameters on a date" 0 "$HS" policy show "$CV" --on 2024-03-01
check_contains "show: 2024 share" "param      share = 30%" "$E2E_TMP/out"

# 7. explain marks branches that were not used, and amounts that are not awarded
check_rc "explain a firm with no revenue" 0 "$HS" policy explain policies/hengqin-vat-offset.policy --firm A \
  --on 2024-09-01 --set revenue=0元 --set rd_spend=1万 --set infra_spend=1万 --set vat_payable=1万
check_contains "a guarded division is shown as not used" "rd_spend / revenue = error: policies/hengqin-vat-offset.policy:26:47: division by zero  (not used)" "$E2E_TMP/out"
check_contains "amount of an ineligible firm is not awarded" "(not awarded: not eligible)" "$E2E_TMP/out"
check_contains "first failing rule named" "decision: not eligible: rule 'has_revenue' (clause: 有营业收入) not met" "$E2E_TMP/out"
