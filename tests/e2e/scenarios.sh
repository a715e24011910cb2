#!/usr/bin/env bash
# scenarios.sh — runs each shipped scenario on a fresh book with the real binary, then checks its
# figures against the ledger (independently, in SQL) and `huoshui check`.
source "$(dirname "$0")/lib.sh"
q() { sqlite3 "$1" "$2"; }

# ---- Chengdu 2024 ----
B=$E2E_TMP/chengdu.db
check_rc "scenario chengdu-2024 runs" 0 bash scenarios/chengdu-2024.sh "$HS" "$B" "$E2E_TMP/chengdu"
log=$E2E_TMP/out
check_contains "the voucher budget is 3270万" "funded budget/chengdu-2024/compute-voucher with 32,700,000.00 CNY" "$log"
check_eq "ten 300万 vouchers fit in 3270万, the rest are refused" "10 4" \
  "$(grep -c 'issued to' "$log") $(grep -c 'cv-[0-9]* refused' "$log")"
check_eq "vouchers reserved never exceeded the budget" "yes" \
  "$(q "$B" "SELECT CASE WHEN SUM(face_fen) <= 3270000000 THEN 'yes' ELSE 'no' END FROM vouchers WHERE status != 'voided'")"
paid=$(q "$B" "SELECT SUM(t.amount) FROM transfers t JOIN accounts a ON a.id = t.debit_id WHERE a.name LIKE 'budget/chengdu-2024/%' AND (t.flags & 5) = 0 AND t.code != 'programme.close'")
"$HS" --book "$B" report programme chengdu-2024 --json > "$E2E_TMP/rep.json"
check_eq "report total paid equals the ledger to the fen" "$paid" \
  "$(python3 -c "import json,sys; print([r for r in json.load(open(sys.argv[1]))['rows'] if r['group']=='total'][0]['paid_fen'])" "$E2E_TMP/rep.json")"
"$HS" --book "$B" report programme chengdu-2024 --by sector --json > "$E2E_TMP/sec.json"
check_eq "the by-sector rows add up to the total" "yes" \
  "$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['rows']; t=[x for x in r if x['group']=='total'][0]; print('yes' if sum(x['paid_fen'] for x in r if x['group']!='total')==t['paid_fen'] else 'no')" "$E2E_TMP/sec.json")"
check_eq "providers were paid exactly what the vouchers redeemed" \
  "$(q "$B" "SELECT SUM(paid_fen) FROM voucher_redemptions")" \
  "$(q "$B" "SELECT SUM(credits_posted) FROM accounts WHERE name LIKE 'provider/%/cash'")"
check_eq "subsidy payments in the book equal the applications' paid amounts" \
  "$(q "$B" "SELECT SUM(paid_fen) FROM subsidy_applications")" \
  "$(q "$B" "SELECT SUM(amount) FROM transfers WHERE code = 'subsidy.pay'")"
check_eq "no first-version award exceeds the 250万 cap" "0" "$(q "$B" "SELECT COUNT(*) FROM subsidy_applications WHERE policy_id = 'chengdu.first_version_software' AND award_fen > 250000000")"
check_eq "no national-platform award exceeds the 300万 cap" "0" "$(q "$B" "SELECT COUNT(*) FROM subsidy_applications WHERE policy_id = 'chengdu.national_platform' AND award_fen > 300000000")"
check_rc "huoshui check after chengdu-2024" 0 "$HS" --book "$B" check
check_rc "the scenario is deterministic (second run, same figures)" 0 bash scenarios/chengdu-2024.sh "$HS" "$E2E_TMP/chengdu2.db" "$E2E_TMP/chengdu2"
check_eq "same balances on both runs" "$(q "$B" "SELECT group_concat(name || ':' || debits_posted || ':' || credits_posted) FROM accounts ORDER BY name")" \
  "$(q "$E2E_TMP/chengdu2.db" "SELECT group_concat(name || ':' || debits_posted || ':' || credits_posted) FROM accounts ORDER BY name")"

# ---- Jiangsu / Wuxi credit pool: the pool report equals the ledger ----
W=$E2E_TMP/wuxi.db
check_rc "scenario jiangsu-wuxi runs" 0 bash scenarios/jiangsu-wuxi.sh "$HS" "$W" "$E2E_TMP/wuxi"
check_rc "report pool --json" 0 "$HS" --book "$W" report pool jiangsu-wuxi --json
claims=$(python3 -c "import json,sys; print([r for r in json.load(open(sys.argv[1]))['rows'] if r['bank']=='total'][0]['claims_paid_fen'])" "$E2E_TMP/out")
check_eq "claims paid in the report equal the ledger's pool debits" "$(q "$W" "SELECT debits_posted FROM accounts WHERE name = 'pool/jiangsu-wuxi'")" "$claims"
check_contains "the report says the pool is reconciled" "reconciled with the ledger" "$E2E_TMP/out"
check_rc "huoshui check after jiangsu-wuxi" 0 "$HS" --book "$W" check

# ---- fund scenarios: `huoshui check` covers the fund tables too ----
for sc in suzhou anhui guangdong; do
  FB=$E2E_TMP/$sc.db
  check_rc "scenario $sc runs" 0 bash scenarios/$sc.sh "$HS" "$FB" "$E2E_TMP/$sc"
  check_rc "huoshui check after $sc (ledger and fund tables)" 0 "$HS" --book "$FB" check
done
check_eq "Suzhou's nine funds total 700亿" "7000000000000" "$(q "$E2E_TMP/suzhou.db" "SELECT SUM(amount_fen) FROM fund_flows WHERE kind = 'commit'")"
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
