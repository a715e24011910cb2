#!/usr/bin/env bash
# target.sh — programme targets end to end: the shipped seed targets import, bad input is named
# and stores nothing, actuals come from the registry (firms by city, unicorns), the credit book
# (loans outstanding), programme budgets (paid), the fund module (committed, social capital) or an
# imported statistics file, and `report targets` gives progress, growth needed, RAG as a table,
# --json and --xlsx.
source "$(dirname "$0")/lib.sh"
H=${HS_DBG:-$HS}
DATA=${HUOSHUI_DATA:-.}
export HUOSHUI_TODAY=2025-06-30
B=$E2E_TMP/t.db
hs() { "$H" --book "$B" "$@"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$E2E_TMP/out"; }
hs init >/dev/null

for f in shenzhen beijing anhui; do
  check_rc "seed targets $f.csv import" 0 hs target import "$DATA/data/targets/$f.csv"
done
check_rc "target list --json" 0 hs target list --json
check_eq "eight seed targets" "8" "$(json 'len(d)')"
check_eq "Shenzhen's 3000 firms in 深圳" "3000 city=深圳" \
  "$(json '" ".join(str(x) for t in d if t["id"]=="ai-firms" for x in (t["value"], t["filter"]))')"
check_rc "re-importing the seeds replaces, adds nothing" 0 hs target import "$DATA/data/targets/shenzhen.csv"
hs target list --json > "$E2E_TMP/out"
check_eq "still eight" "8" "$(json 'len(d)')"

# bad input: named, exit 2, nothing stored
check_rc "a count that is an amount is refused" 2 hs target add --programme p --id x --indicator firms \
  --value 3亿 --deadline 2026-12-31 --source s
check_contains "the option is named" "value" "$E2E_TMP/err"
check_rc "an unknown indicator is refused" 2 hs target add --programme p --id x --indicator gdp \
  --value 3 --deadline 2026-12-31 --source s
check_rc "a filter key that does not suit the indicator" 2 hs --json target add --programme p --id x \
  --indicator budget_executed --value 3亿 --deadline 2026-12-31 --filter city=深圳 --source s
check_eq "the --json error names the field" "filter" "$(json 'd["error"]["field"]')"
check_rc "a target without a source is refused" 2 hs target add --programme p --id x --indicator firms \
  --value 3 --deadline 2026-12-31
printf 'programme,id,indicator,value,deadline,source\np,ok,firms,1,2026-12-31,s\np,bad,firms,1,2026-13-01,s\n' > "$E2E_TMP/bad.csv"
check_rc "an import with a bad date on line 3" 2 hs target import "$E2E_TMP/bad.csv"
check_contains "the line is named" "bad.csv:3" "$E2E_TMP/err"
hs target list --programme p --json > "$E2E_TMP/out"
check_eq "nothing of that file was stored" "0" "$(json 'len(d)')"

# the registry: two firms in 深圳, one a unicorn, one in 北京
cat > "$E2E_TMP/firms.csv" <<'EOF'
uscc,name,city,sector,unicorn
91440300708461136T,深圳一号科技有限公司,深圳,nlp,true
91440300MA5F0X8P37,深圳二号科技有限公司,深圳,vision,false
91110000802100433B,北京一号科技有限公司,北京,nlp,true
EOF
hs firm import "$E2E_TMP/firms.csv" >/dev/null
check_rc "report targets --json" 0 hs report targets --programme shenzhen-ai --json
check_eq "the --json fields the issue names" "True" \
  "$(json 'all(all(k in t for k in ("id","indicator","value","actual","progress","deadline")) for t in d)')"
check_eq "firms in 深圳 counted from the registry" "2 registry" \
  "$(json '" ".join(str(t[k]) for t in d if t["id"]=="ai-firms" for k in ("actual","actual_source"))')"
check_eq "unicorns in 深圳" "1" "$(json '[t["actual"] for t in d if t["id"]=="unicorns"][0]')"
check_eq "progress is actual / value" "0.1" "$(json '[t["progress"] for t in d if t["id"]=="unicorns"][0]')"
check_eq "industry output has no actual before an import" "None" \
  "$(json '[t["actual"] for t in d if t["id"]=="ai-terminal-output"][0]')"

# imported statistics: the latest figure dated on or before --on
printf 'programme,target,date,value,source\nshenzhen-ai,ai-terminal-output,2024-12-31,6000亿,统计局\nshenzhen-ai,ai-terminal-output,2025-12-31,7000亿,统计局\n' > "$E2E_TMP/act.csv"
check_rc "target actual import" 0 hs target actual import "$E2E_TMP/act.csv"
hs report targets --programme shenzhen-ai --json > "$E2E_TMP/out"
check_eq "the 2024 figure as of 2025-06-30" "60000000000000 imported" \
  "$(json '" ".join(str(t[k]) for t in d if t["id"]=="ai-terminal-output" for k in ("actual","actual_source"))')"
check_eq "growth needed from 6000亿 to 8000亿 in 1.5 years" "0.211" \
  "$(json '"%.3f" % [t["needed_growth"] for t in d if t["id"]=="ai-terminal-output"][0]')"
check_eq "amber: 21%/yr is between 10% and 25%" "amber" \
  "$(json '[t["rag"] for t in d if t["id"]=="ai-terminal-output"][0]')"
hs report targets --programme shenzhen-ai --on 2026-01-15 --json > "$E2E_TMP/out"
check_eq "--on picks the 2025 figure" "70000000000000" \
  "$(json '[t["actual"] for t in d if t["id"]=="ai-terminal-output"][0]')"
printf 'programme,target,date,value\nshenzhen-ai,nope,2024-12-31,1\n' > "$E2E_TMP/act2.csv"
check_rc "an actual for an unknown target" 2 hs target actual import "$E2E_TMP/act2.csv"

# the book: a pool with a loan, a paid budget, a fund whose government LP pays from the programme
hs programme create js --date 2024-01-01 >/dev/null
hs programme fund js --budget risk-pool --amount 4000万 --date 2024-01-02 >/dev/null
hs programme fund js --budget fund --amount 20亿 --date 2024-01-02 >/dev/null
hs credit pool create JS --programme js --budget risk-pool --multiple 10 >/dev/null
hs credit pool fund JS --amount 1000万 --date 2024-01-03 >/dev/null
hs credit product create --bank BOC-WX --name 锡科贷 --rate 3% --term-months 12 --ceiling 500万 --unsecured --pool JS >/dev/null
hs credit loan create --id L1 --product BOC-WX.锡科贷 --firm 91320200MA1XY0001R --amount 500万 --approved 2024-04-02 >/dev/null
hs credit loan disburse L1 --date 2024-04-08 >/dev/null
hs fund create js-ai --size 50亿 --gp JS-GP --vintage 2024-01-15 >/dev/null
hs fund commit js-ai --lp js-gov --type gov --amount 20亿 --from budget/js/fund --date 2024-02-01 >/dev/null
hs fund commit js-ai --lp bank-1 --type bank --amount 30亿 --date 2024-02-01 >/dev/null
cat > "$E2E_TMP/js.csv" <<'EOF'
programme,id,indicator,value,deadline,base_year,base_value,source
js,loans,loans_outstanding,1亿,2026-12-31,,,test
js,paid,budget_executed,30亿,2026-12-31,2023,0,test
js,committed,fund_committed,100亿,2026-12-31,,,test
js,social,social_capital,60亿,2026-12-31,,,test
EOF
check_rc "book targets import" 0 hs target import "$E2E_TMP/js.csv"
check_rc "report targets for the book" 0 hs report targets --programme js --json
check_eq "loans outstanding on the programme's pool" "500000000" "$(json '[t["actual"] for t in d if t["id"]=="loans"][0]')"
check_eq "budget paid: the pool funding (a fund commitment is not a payment)" "1000000000" \
  "$(json '[t["actual"] for t in d if t["id"]=="paid"][0]')"
check_eq "fund committed on the programme's fund" "500000000000" "$(json '[t["actual"] for t in d if t["id"]=="committed"][0]')"
check_eq "social capital = committed beyond government money" "300000000000" "$(json '[t["actual"] for t in d if t["id"]=="social"][0]')"
check_eq "the book's figures say so" "book" "$(json '[t["actual_source"] for t in d if t["id"]=="loans"][0]')"
check_rc "report targets as a table" 0 hs report targets --programme js
check_contains "the table has the RAG column" "RAG" "$E2E_TMP/out"
check_rc "report targets --xlsx" 0 hs report targets --xlsx "$E2E_TMP/t.xlsx"
if [ -s "$E2E_TMP/t.xlsx" ]; then pass "the workbook is written"; else fail "the workbook is written" "empty or missing"; fi
check_rc "report targets --help" 0 hs report targets --help
check_rc "target --help" 0 hs target --help

# ---- the schema keeps no floating point: a v1 book's REAL probability becomes hits of paths ----
M=$E2E_TMP/v1.db
"$H" --book "$M" init >/dev/null
"$H" --book "$M" target add --programme p --id firms --indicator firms --value 10 --deadline 2030-12-31 --source s >/dev/null
sqlite3 "$M" "DROP TABLE target_probabilities;
  CREATE TABLE target_probabilities (programme TEXT NOT NULL, target TEXT NOT NULL,
    probability REAL NOT NULL, paths INTEGER NOT NULL, seed INTEGER NOT NULL,
    run_on INTEGER NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY (programme, target));
  INSERT INTO target_probabilities VALUES ('p', 'firms', 0.375, 1000, 7, 20000, 'run-1');
  UPDATE module_versions SET version = 1 WHERE module = 'target';"
check_rc "a v1 book opens and migrates" 0 "$H" --book "$M" report targets --programme p --json
check_eq "the stored probability reads back exactly (375 of 1000 paths)" "0.375" "$(json 'd[0]["probability"]')"
check_eq "the REAL column is gone, hits is there" "paths hits" \
  "$(sqlite3 "$M" "SELECT group_concat(name, ' ') FROM pragma_table_info('target_probabilities') WHERE name IN ('probability', 'hits', 'paths')")"
check_eq "no floating-point column anywhere in the book" "0" \
  "$(sqlite3 "$M" "SELECT count(*) FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND upper(c.type) IN ('REAL', 'FLOAT', 'DOUBLE', 'DOUBLE PRECISION', 'NUMERIC')")"
check_eq "375 hits of 1000 paths" "375|1000" "$(sqlite3 "$M" "SELECT hits, paths FROM target_probabilities")"
