#!/usr/bin/env bash
# check_reservations.sh — `huoshui check` holds each live subsidy award and each issued voucher to
# its open reservation in the ledger (the id the module gives it, the amount still left). The
# tampering is done with the sqlite3 CLI: editing the file behind huoshui's back is the point.
source "$(dirname "$0")/lib.sh"
H=$HS_DBG
B=$E2E_TMP/book.db
export HUOSHUI_TODAY=2024-06-30
hs() { "$H" --book "$B" "$@"; }
F=91510100MA6CA00016
hs init >/dev/null
hs programme create chengdu-2024 --date 2024-01-01 >/dev/null
hs programme fund chengdu-2024 --budget compute-voucher --amount 3270万 --date 2024-01-10 >/dev/null
hs programme fund chengdu-2024 --budget first-version-software --amount 1500万 --date 2024-01-10 >/dev/null
check_rc "subsidy apply" 0 hs subsidy apply --policy policies/chengdu-first-version-software.policy --id fv-1 \
  --firm $F --product sw-1 --input role=maker --input software_price=1000万
check_rc "subsidy award" 0 hs subsidy award fv-1 --pay-by 2024-12-31
check_rc "subsidy pay an instalment" 0 hs subsidy pay fv-1 --amount 100万
hs voucher provider add cd-super --name 成都超算中心 --city 成都 >/dev/null
check_rc "voucher issue" 0 hs voucher issue --id V1 --policy policies/chengdu-compute-voucher.policy \
  --firm $F --expires 2024-12-31 --input sector=nlp
check_rc "voucher redeem" 0 hs voucher redeem V1 --provider cd-super --bill-id B-001 --bill 200万
check_rc "check passes with a live award and an issued voucher" 0 hs check
check_contains "every invariant holds" "every invariant holds" "$E2E_TMP/out"

tamper() { # NAME SQL: a copy of the book with SQL applied; prints its path
  sqlite3 "$B" ".backup $E2E_TMP/$1.db"
  sqlite3 "$E2E_TMP/$1.db" "$2"
  echo "$E2E_TMP/$1.db"
}
T=$(tamper seq "UPDATE subsidy_applications SET reservation_seq = reservation_seq + 5 WHERE id = 'fv-1'")
check_rc "an award naming a reservation that is not there: exit 1" 1 "$H" --book "$T" check
check_contains "names the award and the missing reservation" "each live award holds an open reservation of what is left to pay: application fv-1 is awarded with" "$E2E_TMP/err"
check_contains "the reservation id is the module's" "but reservation sub.fv-1.r" "$E2E_TMP/err"
check_contains "it is missing" "is missing" "$E2E_TMP/err"
T=$(tamper award "UPDATE subsidy_applications SET award_fen = award_fen + 1 WHERE id = 'fv-1'")
check_rc "an award whose reservation holds another amount: exit 1" 1 "$H" --book "$T" check
check_contains "names the reservation's state and amount" "but reservation sub.fv-1.r2 is state 1 of" "$E2E_TMP/err"
T=$(tamper vseq "UPDATE vouchers SET reservation_seq = reservation_seq + 3 WHERE id = 'V1'")
check_rc "a voucher naming a reservation that is not there: exit 1" 1 "$H" --book "$T" check
check_contains "names the voucher and the missing reservation" "each issued voucher holds an open reservation of what is left on it: voucher V1 has" "$E2E_TMP/err"
check_contains "the voucher reservation id is the module's" "but reservation vch.V1.r5 is missing" "$E2E_TMP/err"
T=$(tamper vface "UPDATE vouchers SET face_fen = face_fen - 1 WHERE id = 'V1'")
check_rc "a voucher whose reservation holds another amount: exit 1" 1 "$H" --book "$T" check
check_contains "names the voucher reservation's amount" "but reservation vch.V1.r2 is state 1 of" "$E2E_TMP/err"
check_rc "the original book still passes check" 0 hs check
