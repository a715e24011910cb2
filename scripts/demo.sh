#!/usr/bin/env bash
# demo.sh — `make run`: builds a small book under demo/ (Chengdu's 2024 compute-voucher budget of
# 3270万) and prints its balances. Later capabilities extend this demo.
set -euo pipefail
H=${1:-build/release/huoshui}
mkdir -p demo
B=demo/huoshui.db
rm -f "$B" "$B-wal" "$B-shm"
hs() { "$H" --book "$B" "$@"; }
say() { printf '\n\033[1m$ huoshui %s\033[0m\n' "$*"; }
run() { say "$@"; hs "$@"; }
export HUOSHUI_TODAY=${HUOSHUI_TODAY:-2024-06-30}
run init
run account create appropriation/chengdu-2024/new-economy --kind appropriation
run account create budget/chengdu-2024/vouchers --kind budget --limit debits-le-credits
run account create firm/91510100MA61234567/cash --kind enterprise
run account create provider/chengdu-supercomputing/receivable --kind provider
run transfer --id chengdu-2024-fund --debit appropriation/chengdu-2024/new-economy \
  --credit budget/chengdu-2024/vouchers --amount 3270万 --code budget.fund \
  --ref source="成都市新经济发展基金" --date 2024-01-10
run transfer --id voucher-0001 --debit budget/chengdu-2024/vouchers \
  --credit provider/chengdu-supercomputing/receivable --amount 500万 --pending \
  --code voucher.issue --ref firm=91510100MA61234567 --date 2024-03-01
run transfer --id voucher-0001-redeem-1 --post voucher-0001 --amount 120万 --date 2024-04-15
say "(a partial post pays 120万 and releases the rest of the reservation back to the budget)"
say "transfer --id too-much ... --amount 3200万   (would overspend: refused by the ledger)"
hs transfer --id too-much --debit budget/chengdu-2024/vouchers \
  --credit firm/91510100MA61234567/cash --amount 3200万 || echo "(exit $? — refused, nothing changed)"
run balance
run --cn balance budget
run history budget/chengdu-2024/vouchers
run check

# The shipped scenarios, each on its own book under demo/ (their full output in demo/<name>.log).
for s in scenarios/*.sh; do
  [ -e "$s" ] || continue
  name=$(basename "$s" .sh)
  rm -f "demo/$name.db" "demo/$name.db-wal" "demo/$name.db-shm"
  printf '\n\033[1m== scenario %s\033[0m (book demo/%s.db, log demo/%s.log)\n' "$name" "$name" "$name"
  if bash "$s" "$H" "demo/$name.db" "demo/$name" > "demo/$name.log" 2>&1; then
    tail -n 12 "demo/$name.log"
  else
    echo "scenario $name failed; see demo/$name.log"; tail -n 20 "demo/$name.log"; exit 1
  fi
done

# The dashboard on the Chengdu book, one demo login per role (scripts/demo_serve.sh); ends with Ctrl-C.
scripts/demo_serve.sh "$H"
