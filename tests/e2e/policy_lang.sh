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

# 3. exceptions: the explanation says which applied (rd-super-deduction, an IC firm in 2023)
check_rc "explain an IC manufacturing firm for 2023" 0 "$HS" policy explain "$RD" --firm F1 \
  --period 2023 --set rd_spend=1000万 --set taxable_income=5000万 --set ic_or_machine_tool=true \
  --set manufacturing=true
check_contains "the raised exception applies" "[applies] exception raised" "$E2E_TMP/out"
check_contains "the more specific IC exception applies beneath it" "    [applies] exception ic " "$E2E_TMP/out"
check_contains "120% of 1000万 at 25%" "decision: eligible, amount 3,000,000.00 CNY" "$E2E_TMP/out"
check_rc "explain --json for the same firm" 0 "$HS" policy explain "$RD" --firm F1 --period 2023 \
  --set rd_spend=1000万 --set taxable_income=5000万 --set ic_or_machine_tool=true --json
check_contains "JSON items of kind exception" '"kind": "exception"' "$E2E_TMP/out"

# 4. periods: a tax year, quarterly columns, the rate by the date of the expense
check_rc "eval --period 2022 over quarterly columns" 0 "$HS" policy eval "$RD" --period 2022 \
  --firms tests/data/lang-rd-2022.csv --csv
check_eq "2022: Q1-Q3 at 75% and Q4 at 100%; Q4 only; manufacturing; tech SME" \
  "2031250.00 2500000.00 2500000.00 2500000.00" \
  "$(tail -n +2 "$E2E_TMP/out" | cut -d, -f3 | paste -sd' ')"
check_rc "the same quarters read as 2023 are refused" 2 "$HS" policy eval "$RD" --period 2023 \
  --firms tests/data/lang-rd-2022.csv
check_contains "the refusal names both years" "quarterly columns are for 2022, but the period evaluated is 2023" "$E2E_TMP/err"
check_rc "--period and --on together are bad input" 2 "$HS" policy eval "$RD" --period 2022 \
  --on 2022-12-31 --firms tests/data/lang-rd-2022.csv
check_rc "a bad --period is bad input" 2 "$HS" policy eval "$RD" --period 22 --firms tests/data/lang-rd-2022.csv
check_rc "explain --period 2022" 0 "$HS" policy explain "$RD" --period 2022 --firm 91440400MA4X00001A \
  --firms tests/data/lang-rd-2022.csv
check_contains "Q4's rate is the one in force on 2022-10-01, with its document" \
  'super_deduction at quarter_start(4) = 100%  (value on 2022-10-01: from 2022-10-01)  ref "财政部 税务总局 科技部公告2022年第28号"' \
  "$E2E_TMP/out"
check_contains "the explanation is for 2022-12-31" "on 2022-12-31" "$E2E_TMP/out"
for y in 2018 2019 2020 2021 2022 2023 2024 2025 2026 2027 2028; do
  "$HS" policy eval "$RD" --period $y --firms tests/data/lang-rd-years.csv --csv >"$E2E_TMP/y$y" 2>&1 ||
    echo "eval $y failed" >>"$E2E_TMP/y$y"
done
got=$(for y in 2018 2019 2020 2021 2022 2023 2024 2025 2026 2027 2028; do
  echo "$y $(tail -n +2 "$E2E_TMP/y$y" | cut -d, -f3 | paste -sd' ')"; done)
check_eq "every tax year 2018-2028: general, manufacturing, tech SME, IC firm" "2018 1875000.00 1875000.00 1875000.00 1875000.00
2019 1875000.00 1875000.00 1875000.00 1875000.00
2020 1875000.00 1875000.00 1875000.00 1875000.00
2021 1875000.00 2500000.00 1875000.00 1875000.00
2022 2031250.00 2500000.00 2500000.00 2031250.00
2023 2500000.00 2500000.00 2500000.00 3000000.00
2024 2500000.00 2500000.00 2500000.00 3000000.00
2025 2500000.00 2500000.00 2500000.00 3000000.00
2026 2500000.00 2500000.00 2500000.00 3000000.00
2027 2500000.00 2500000.00 2500000.00 3000000.00
2028 2500000.00 2500000.00 2500000.00 2500000.00" "$got"

# 5. the tax policies of issue 12, for a tax year / a month
check_rc "small low-profit relief, tax year 2024" 0 "$HS" policy explain policies/small-low-profit-relief.policy \
  --firm F1 --period 2024 --set taxable_income=300万 --set employees=300 --set total_assets=5000万
check_contains "300万: 60万 forgone (25% against 5%)" "decision: eligible, amount 600,000.00 CNY" "$E2E_TMP/out"
check_contains "the relief cites 公告2023年第12号" 'ref "财政部 税务总局公告2023年第12号 第三条：减按25%计算应纳税所得额"' "$E2E_TMP/out"
check_rc "small low-profit: 2028 is after the measure" 0 "$HS" policy explain policies/small-low-profit-relief.policy \
  --firm F1 --period 2028 --set taxable_income=300万 --set employees=300 --set total_assets=5000万
check_contains "2028 not in force" "not in force" "$E2E_TMP/out"
check_rc "tech equity deferral --json" 0 "$HS" --json policy explain policies/tech-equity-deferral.policy \
  --firm F1 --period 2024 --set contributor=individual --set equity_value=1000万 --set holding_years=5
check_contains "deferral: 200万 now against its present value in 5 years at 3%" '"amount_fen": 27478243' "$E2E_TMP/out"
check_rc "software VAT refund, March 2024" 0 "$HS" policy explain policies/software-vat-refund.policy \
  --firm F1 --period 2024-03 --set software_sales=100万 --set input_vat=5万
check_contains "13% - 5万 input - 3% kept = 5万" "decision: eligible, amount 50,000.00 CNY" "$E2E_TMP/out"
check_contains "the rate of the day and its document" 'vat_rate = 13%  from 2019-04-01  ref "财政部 税务总局 海关总署公告2019年第39号"' "$E2E_TMP/out"

# 6. tests in separate files, tolerances, population tests
check_rc "policy test finds policies/tests/NAME.tests" 0 "$HS" policy test "$RD"
check_contains "a population case from the test file" \
  "ok    policies/tests/rd-super-deduction.tests: 2022 filings: 5 eligible, 953.125万 forgone" "$E2E_TMP/out"
check_contains "the summary counts both files" "27 passed, 0 failed" "$E2E_TMP/out"
cat >"$E2E_TMP/more.tests" <<'T'
test "estimate off by more than its tolerance" period 2024 { rd_spend = 1000万, taxable_income = 5000万 }
  => eligible, amount 240万 within 4%
test "estimate inside its tolerance" period 2024 { rd_spend = 1000万, taxable_income = 5000万 }
  => eligible, amount 240万 within 5%
population "wrong count" period 2022 from "FIRMS" => eligible 6, total 953.125万
population "wrong total" period 2022 from "FIRMS" => eligible 5, total 953.12万
T
sed -i "s|FIRMS|$PWD/policies/tests/rd-super-deduction-firms.csv|" "$E2E_TMP/more.tests"
check_rc "a test file named on the command line; failures exit 1" 1 "$HS" policy test "$RD" "$E2E_TMP/more.tests"
check_contains "named test files replace the one found beside the policy" "24 passed, 3 failed" "$E2E_TMP/out"
check_contains "tolerance failure says so" \
  "estimate off by more than its tolerance: expected amount 2,400,000.00 CNY within 4%, got 2,500,000.00 CNY" "$E2E_TMP/out"
check_contains "population count failure" "wrong count: expected 6 eligible of 7, got 5" "$E2E_TMP/out"
check_contains "population total failure" "wrong total: expected total 9,531,200.00 CNY, got 9,531,250.00 CNY" "$E2E_TMP/out"
check_rc "--json lists the test file per case" 1 "$HS" --json policy test "$RD" "$E2E_TMP/more.tests"
check_contains "JSON file of a test-file case" "\"file\": \"$E2E_TMP/more.tests\"" "$E2E_TMP/out"
printf 'test "x" period 2024 { nope = 1元 } => eligible\n' >"$E2E_TMP/bad.tests"
check_rc "a broken test file exits 2" 2 "$HS" policy test "$RD" "$E2E_TMP/bad.tests"
check_contains "its error names the test file's line" "bad.tests:1:24: 'nope' is not a declared input" "$E2E_TMP/err"
check_rc "a test file before any policy is bad input" 2 "$HS" policy test "$E2E_TMP/bad.tests"

# 7. every complete policy shown in docs/policy-language.md (a block with `policy` and `test` lines)
#    passes its own tests
python3 - "$E2E_TMP" <<'PY'
import re, sys
s = open("docs/policy-language.md", encoding="utf-8").read()
blocks = [b for b in re.findall(r"```\n(.*?)```", s, re.S) if re.search(r"^policy ", b, re.M) and re.search(r"^test ", b, re.M)]
for i, b in enumerate(blocks):
    open("%s/doc%d.policy" % (sys.argv[1], i), "w", encoding="utf-8").write(b)
pass_count = len(blocks)
PY
ndoc=$(ls "$E2E_TMP"/doc*.policy 2>/dev/null | wc -l)
if [ "$ndoc" -ge 2 ]; then pass "the docs hold $ndoc complete example policies"; else fail "doc examples" "only $ndoc"; fi
for f in "$E2E_TMP"/doc*.policy; do
  check_rc "doc example $(basename "$f") passes policy test" 0 "$HS" policy test "$f"
done

# 8. amendments: Chengdu compute vouchers 2023 -> 2024 -> 2025
CV=policies/chengdu-compute-voucher.policy
for d in 2023-06-01:2023.1 2024-06-01:2024.2 2025-12-31:2025.1; do
  check_rc "in-force on ${d%%:*}" 0 "$HS" --json policy in-force chengdu.compute_voucher --on "${d%%:*}"
  check_contains "version ${d##*:} is in force on ${d%%:*}" "\"version\": \"${d##*:}\"" "$E2E_TMP/out"
done
check_contains "in-force lists the chain" '"amends": "chengdu.compute_voucher"' "$E2E_TMP/out"
check_contains "in-force gives the text's hash" '"sha256": "' "$E2E_TMP/out"
check_rc "in-force before the first version: exit 2" 2 "$HS" policy in-force chengdu.compute_voucher --on 2022-12-31
check_rc "in-force of an unknown id: exit 2" 2 "$HS" policy in-force nosuch.policy --on 2024-01-01
check_rc "in-force after the last version ended: exit 1 (named, not in force)" 1 "$HS" policy in-force chengdu.compute_voucher --on 2026-06-01
check_contains "the version of 2026 is named, not in force" "2025.1 in force on 2026-06-01 (NOT in force" "$E2E_TMP/out"
printf 'uscc,bill,sector,applicant\n91510100MA61R0001A,1200万,compute,institute\n91510100MA61R0002B,200万,nlp,enterprise\n' >"$E2E_TMP/cv.csv"
check_rc "eval names the 2024 file, dated 2023: the 2023 version decides" 0 "$HS" policy eval "$CV" \
  --on 2023-06-01 --firms "$E2E_TMP/cv.csv" --csv
check_eq "2023: institute capped at 150万 (an exception of 2023 only), 30% of 200万" "1500000.00 600000.00" \
  "$(tail -n +2 "$E2E_TMP/out" | cut -d, -f3 | paste -sd' ')"
check_contains "eval says which version it used" "using chengdu.compute_voucher version 2023.1" "$E2E_TMP/err"
check_rc "eval by id on 2025-06-01" 0 "$HS" --json policy eval chengdu.compute_voucher --on 2025-06-01 --firms "$E2E_TMP/cv.csv"
check_contains "2025: the amendment's version decides" '"version": "2025.1"' "$E2E_TMP/out"
check_contains "the evaluation records the text's hash" "\"sha256\": \"$(sha256sum policies/chengdu-compute-voucher-2025.policy | cut -c1-64)\"" "$E2E_TMP/out"
check_rc "diff 2024 -> 2025" 0 "$HS" policy diff chengdu.compute_voucher@2024.2 policies/chengdu-compute-voucher-2025.policy
check_contains "diff shows a changed parameter" "~ param share: rate = 30% from 2024-01-01, 60% from 2025-01-01" "$E2E_TMP/out"
check_contains "diff shows the amount's clause" '-> "clause: 按比例抵扣，每家每年封顶": min(offset, firm_cap)' "$E2E_TMP/out"
check_rc "diff 2023 -> 2024 --json" 0 "$HS" --json policy diff policies/chengdu-compute-voucher-2023.policy "$CV"
check_eq "2023 -> 2024: the 150万 exception and its parameter are removed, a rule's clause changed" \
  "exception institute_applicant removed|param institute_cap removed|rule local_provider changed" \
  "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("|".join(sorted(c["kind"]+" "+c["name"]+" "+c["change"] for c in d["changes"] if c["kind"] in ("exception","rule") or c["name"]=="institute_cap")))' "$E2E_TMP/out")"
check_rc "diff of a file that does not exist: exit 2" 2 "$HS" policy diff "$CV" nosuch.policy@1
B=$E2E_TMP/book.db
"$HS" --book "$B" init >/dev/null 2>&1
check_rc "history of a shipped chain in a fresh book" 0 "$HS" --book "$B" policy history chengdu.compute_voucher
check_contains "history lists the shipped versions" "2025.1     from 2025-01-01" "$E2E_TMP/out"
check_contains "history says nothing is stored yet" "no version of chengdu.compute_voucher stored in the book yet" "$E2E_TMP/out"
check_rc "history of an unknown policy still exits 2" 2 "$HS" --book "$B" policy history nosuch.policy
printf 'uscc,name,city,sector,bill\n91510100MA61R0001X,甲,成都,compute,200万\n' >"$E2E_TMP/reform.csv"
check_rc "reform by id on 2023-06-01" 0 "$HS" --json policy reform chengdu.compute_voucher --set share=50% \
  --firms "$E2E_TMP/reform.csv" --on 2023-06-01
check_contains "reform uses the version in force that day" '"version": "2023.1"' "$E2E_TMP/out"
check_contains "2023: 30% of 200万 against 50%" '"delta_fen": 4000000' "$E2E_TMP/out"
