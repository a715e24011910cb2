#!/usr/bin/env bash
# policy_lang.sh — the policy language of issue 12 end to end on the shipped policies: exact
# ratio thresholds, references per dated value in explanations (text and JSON).
cd "$(dirname "$0")/../.."
source tests/e2e/lib.sh
HQ=policies/hengqin-vat-offset.policy
RD=policies/rd-super-deduction.policy

# 1. exact thresholds: 5.999999% stays in the grade below 6%, 6% moves up
check_rc "eval hengqin at the 6% edge" 0 "$HS" policy eval "$HQ" --on 2024-12-31 \
  --firms tests/data/lang-intensity.csv --csv
check_eq "5.999999% gets 30%, 6% gets 60%" "3000000.00 6000000.00" \
  "$(tail -n +2 "$E2E_TMP/out" | cut -d, -f3 | paste -sd' ')"
check_rc "explain hengqin at 5.999999%" 0 "$HS" policy explain "$HQ" --firm 91440400MA4X00001A \
  --on 2024-12-31 --firms tests/data/lang-intensity.csv
check_contains "explain notes the exact intensity" "intensity = 6%  exactly 5.999999%" "$E2E_TMP/out"

# 2. references per value
check_rc "explain rd-super-deduction 2024" 0 "$HS" policy explain "$RD" --firm F1 --on 2024-05-31 \
  --set rd_spend=1000万 --set taxable_income=5000万
check_contains "text explanation prints the value's document" \
  'super_deduction = 100%  from 2023-01-01  ref "财政部 税务总局公告2023年第7号"' "$E2E_TMP/out"
check_rc "explain rd-super-deduction 2020 --json" 0 "$HS" policy explain "$RD" --firm F1 \
  --on 2020-05-31 --set rd_spend=1000万 --set taxable_income=5000万 --json
check_contains "JSON explanation carries ref" '"ref": "财税〔2018〕99号"' "$E2E_TMP/out"
check_rc "show prints refs" 0 "$HS" policy show "$RD" --on 2023-06-01
check_contains "show: ref of the value in force" 'ref "财政部 税务总局公告2023年第7号"' "$E2E_TMP/out"
printf 'policy t.x version 1\ntitle zh "x" en "x"\ninstrument tax\nbudget "b"\nvalid 2020-01-01 ..\nsource "s"\nparam r: rate = 5%% ref ""\namount "a": 0元\n' >"$E2E_TMP/bad.policy"
check_rc "an empty ref is bad input" 2 "$HS" policy check "$E2E_TMP/bad.policy"
check_contains "empty ref names the line" "bad.policy:7:" "$E2E_TMP/err"
