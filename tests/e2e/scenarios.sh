#!/usr/bin/env bash
# scenarios.sh — runs each shipped scenario on a fresh book with the real binary, then checks its
# figures against the ledger (independently: the instruments' own records through `--json` reads
# against the ledger's balances) and `huoshui check`. Only the tamper steps touch the file with the
# sqlite3 CLI (they simulate a corrupt book); every other read goes through huoshui, so the suite
# runs unchanged on another backend.
source "$(dirname "$0")/lib.sh"
# py BOOK_JSON_FILE EXPR: evaluates EXPR with d = the parsed file
py() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# balances BOOK PREFIX FILE: `balance PREFIX --json` into FILE
balances() { "$HS" --book "$1" balance "$2" --json > "$3"; }

# ---- Chengdu 2024 ----
B=$E2E_TMP/chengdu.db
check_rc "scenario chengdu-2024 runs" 0 bash scenarios/chengdu-2024.sh "$HS" "$B" "$E2E_TMP/chengdu"
log=$E2E_TMP/out
check_contains "the voucher budget is 3270万" "funded budget/chengdu-2024/compute-voucher with 32,700,000.00 CNY" "$log"
check_eq "ten 300万 vouchers fit in 3270万, the rest are refused" "10 4" \
  "$(grep -c 'issued to' "$log") $(grep -c 'cv-[0-9]* refused' "$log")"
faces=0
for n in $(seq 1 14); do   # the scenario asks for cv-1..cv-14; the refused ones do not exist
  if "$HS" --book "$B" voucher show "cv-$n" --json > "$E2E_TMP/v.json" 2>/dev/null; then
    faces=$((faces + $(py "$E2E_TMP/v.json" '0 if d["status"] == "voided" else d["face_fen"]')))
  fi
done
check_eq "vouchers reserved never exceeded the budget" "yes" "$([ "$faces" -le 3270000000 ] && [ "$faces" -gt 0 ] && echo yes || echo "no: $faces")"
balances "$B" budget/chengdu-2024/ "$E2E_TMP/budgets.json"
# the programme is open: nothing was closed out, so every posted debit of a budget is a payment
paid=$(py "$E2E_TMP/budgets.json" 'sum(a["debits_posted_fen"] for a in d)')
"$HS" --book "$B" report programme chengdu-2024 --json > "$E2E_TMP/rep.json"
check_eq "report total paid equals the ledger to the fen" "$paid" \
  "$(python3 -c "import json,sys; print([r for r in json.load(open(sys.argv[1]))['rows'] if r['group']=='total'][0]['paid_fen'])" "$E2E_TMP/rep.json")"
"$HS" --book "$B" report programme chengdu-2024 --by sector --json > "$E2E_TMP/sec.json"
check_eq "the by-sector rows add up to the total" "yes" \
  "$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['rows']; t=[x for x in r if x['group']=='total'][0]; print('yes' if sum(x['paid_fen'] for x in r if x['group']!='total')==t['paid_fen'] else 'no')" "$E2E_TMP/sec.json")"
"$HS" --book "$B" report programme chengdu-2024 --by city --json > "$E2E_TMP/city.json"
check_eq "the by-city rows add up to the total, one per city of the firms paid" "yes" \
  "$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=d['rows']; t=[x for x in r if x['group']=='total'][0]; print('yes' if sum(x['paid_fen'] for x in r if x['group']!='total')==t['paid_fen'] and 'by city' in d['title'] and len(r)>=2 else 'no: '+json.dumps(d)[:300])" "$E2E_TMP/city.json")"
redeemed=0
for n in $(seq 1 14); do
  if "$HS" --book "$B" voucher show "cv-$n" --json > "$E2E_TMP/v.json" 2>/dev/null; then
    redeemed=$((redeemed + $(py "$E2E_TMP/v.json" 'sum(r["paid_fen"] for r in d["redemptions"])')))
  fi
done
balances "$B" provider/ "$E2E_TMP/providers.json"
check_eq "providers were paid exactly what the vouchers redeemed" "$redeemed" \
  "$(py "$E2E_TMP/providers.json" 'sum(a["credits_posted_fen"] for a in d if a["account"].endswith("/cash"))')"
"$HS" --book "$B" subsidy list --json > "$E2E_TMP/apps.json"
balances "$B" firm/ "$E2E_TMP/firms.json"
# firms' cash is credited only by subsidy payments in this scenario (vouchers pay providers)
check_eq "subsidy payments in the book equal the applications' paid amounts" \
  "$(py "$E2E_TMP/apps.json" 'sum(a["paid_fen"] for a in d)')" \
  "$(py "$E2E_TMP/firms.json" 'sum(a["credits_posted_fen"] for a in d if a["account"].endswith("/cash"))')"
check_eq "no first-version award exceeds the 250万 cap" "0" "$(py "$E2E_TMP/apps.json" 'sum(1 for a in d if a["policy"].split("@")[0] == "chengdu.first_version_software" and (a.get("award_fen") or 0) > 250000000)')"
check_eq "no national-platform award exceeds the 300万 cap" "0" "$(py "$E2E_TMP/apps.json" 'sum(1 for a in d if a["policy"].split("@")[0] == "chengdu.national_platform" and (a.get("award_fen") or 0) > 300000000)')"
check_eq "awards were made under both capped policies" "yes" "$(py "$E2E_TMP/apps.json" '"yes" if {a["policy"].split("@")[0] for a in d if (a.get("award_fen") or 0) > 0} >= {"chengdu.first_version_software", "chengdu.national_platform"} else "no"')"
check_rc "huoshui check after chengdu-2024" 0 "$HS" --book "$B" check
check_rc "the scenario is deterministic (second run, same figures)" 0 bash scenarios/chengdu-2024.sh "$HS" "$E2E_TMP/chengdu2.db" "$E2E_TMP/chengdu2"
"$HS" --book "$B" balance --json > "$E2E_TMP/bal1.json"
"$HS" --book "$E2E_TMP/chengdu2.db" balance --json > "$E2E_TMP/bal2.json"
check_eq "same balances on both runs" "$(py "$E2E_TMP/bal1.json" 'sorted((a["account"], a["debits_posted_fen"], a["credits_posted_fen"]) for a in d)')" \
  "$(py "$E2E_TMP/bal2.json" 'sorted((a["account"], a["debits_posted_fen"], a["credits_posted_fen"]) for a in d)')"

# ---- Jiangsu / Wuxi credit pool: the pool report equals the ledger ----
W=$E2E_TMP/wuxi.db
check_rc "scenario jiangsu-wuxi runs" 0 bash scenarios/jiangsu-wuxi.sh "$HS" "$W" "$E2E_TMP/wuxi"
check_rc "report pool --json" 0 "$HS" --book "$W" report pool jiangsu-wuxi --json
claims=$(python3 -c "import json,sys; print([r for r in json.load(open(sys.argv[1]))['rows'] if r['bank']=='total'][0]['claims_paid_fen'])" "$E2E_TMP/out")
balances "$W" pool/jiangsu-wuxi "$E2E_TMP/pool.json"
check_eq "claims paid in the report equal the ledger's pool debits" "$(py "$E2E_TMP/pool.json" '[a["debits_posted_fen"] for a in d if a["account"] == "pool/jiangsu-wuxi"][0]')" "$claims"
check_contains "the report says the pool is reconciled" "reconciled with the ledger" "$E2E_TMP/out"
check_rc "huoshui check after jiangsu-wuxi" 0 "$HS" --book "$W" check
check_rc "huoshui check --json after jiangsu-wuxi" 0 "$HS" --book "$W" check --json
check_eq "check --json says ok" "True" "$(py "$E2E_TMP/out" 'd["ok"]')"

# ---- fund scenarios: `huoshui check` covers the fund tables too ----
for sc in suzhou anhui guangdong; do
  FB=$E2E_TMP/$sc.db
  check_rc "scenario $sc runs" 0 bash scenarios/$sc.sh "$HS" "$FB" "$E2E_TMP/$sc"
  check_rc "huoshui check after $sc (ledger and fund tables)" 0 "$HS" --book "$FB" check
done
balances "$E2E_TMP/suzhou.db" fund/ "$E2E_TMP/funds.json"
check_eq "Suzhou's nine funds total 700亿" "7000000000000" "$(py "$E2E_TMP/funds.json" 'sum(a["debits_posted_fen"] for a in d if "/commitment/" in a["account"])')"
sqlite3 "$E2E_TMP/suzhou.db" ".backup $E2E_TMP/suzhou-tampered.db"
sqlite3 "$E2E_TMP/suzhou-tampered.db" "UPDATE fund_flows SET amount_fen = amount_fen + 1 WHERE rowid = (SELECT MIN(rowid) FROM fund_flows WHERE kind = 'call')"
check_rc "huoshui check finds a fund table that disagrees with the ledger (exit 1)" 1 "$HS" --book "$E2E_TMP/suzhou-tampered.db" check
check_contains "names the fund tables" "fund tables agree with the ledger" "$E2E_TMP/err"

# ---- `huoshui check` also holds the subsidy and voucher tables to the ledger ----
sqlite3 "$B" ".backup $E2E_TMP/chengdu-t1.db"
sqlite3 "$E2E_TMP/chengdu-t1.db" "UPDATE subsidy_applications SET paid_fen = paid_fen - 1 WHERE paid_fen > 0 AND rowid = (SELECT MIN(rowid) FROM subsidy_applications WHERE paid_fen > 0)"
check_rc "check finds an application whose paid amount disagrees with the ledger" 1 "$HS" --book "$E2E_TMP/chengdu-t1.db" check
check_contains "names the payment check" "paid amount equals its payment transfers" "$E2E_TMP/err"
sqlite3 "$B" ".backup $E2E_TMP/chengdu-t2.db"
sqlite3 "$E2E_TMP/chengdu-t2.db" "UPDATE vouchers SET redeemed_fen = redeemed_fen + 1 WHERE rowid = (SELECT MIN(rowid) FROM vouchers WHERE redeemed_fen > 0)"
check_rc "check finds a voucher whose redeemed amount disagrees with the ledger" 1 "$HS" --book "$E2E_TMP/chengdu-t2.db" check
check_contains "names the voucher check" "redeemed amount equals its redemption transfers" "$E2E_TMP/err"
sqlite3 "$W" ".backup $E2E_TMP/wuxi-t.db"
sqlite3 "$E2E_TMP/wuxi-t.db" "UPDATE credit_claims SET paid_fen = paid_fen + 1 WHERE rowid = (SELECT MIN(rowid) FROM credit_claims)"
check_rc "check finds a pool whose claims disagree with the ledger" 1 "$HS" --book "$E2E_TMP/wuxi-t.db" check
check_contains "names the pool" "pool jiangsu-wuxi records" "$E2E_TMP/err"
