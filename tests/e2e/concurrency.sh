#!/usr/bin/env bash
# concurrency.sh — four processes hammer one book with payments and reservations against one
# limited budget; the budget must never be overspent, every accepted payment must be in the book,
# and `huoshui check` must pass.
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/conc.db
hs() { "$HS" --book "$B" "$@"; }
hs init >/dev/null
hs account create approp --kind appropriation >/dev/null
hs account create budget --kind budget --limit debits-le-credits >/dev/null
for f in 1 2 3 4; do hs account create firm/$f --kind enterprise >/dev/null; done
hs transfer --id fund --debit approp --credit budget --amount 10000 >/dev/null   # 10,000.00 CNY
worker() { # $1 = worker number; 60 single transfers (some pending + post) and 4 batch files
  local w=$1 ok=0 i
  for i in $(seq 1 60); do
    local amt=$(( (RANDOM % 400) + 1 ))
    if [ $((i % 5)) = 0 ]; then
      if hs transfer --id "w$w-r$i" --debit budget --credit firm/$w --amount "$amt" --pending >/dev/null 2>&1; then
        hs transfer --id "w$w-p$i" --post "w$w-r$i" >/dev/null 2>&1 && echo "w$w-p$i $amt"
      fi
    else
      hs transfer --id "w$w-t$i" --debit budget --credit firm/$w --amount "$amt" >/dev/null 2>>"$E2E_TMP/errors.$w"
      case $? in 0) echo "w$w-t$i $amt" ;; 1) ;; *) echo "w$w-t$i unexpected exit" >> "$E2E_TMP/storage.$w" ;; esac
    fi
  done
  for i in 1 2 3 4; do
    local f=$E2E_TMP/batch-$w-$i.jsonl
    : > "$f"
    for j in 1 2 3; do
      echo "{\"id\":\"w$w-b$i-$j\",\"debit\":\"budget\",\"credit\":\"firm/$w\",\"amount\":\"$(( (RANDOM % 100) + 1 ))\"}" >> "$f"
    done
    if hs transfer --batch "$f" >/dev/null 2>&1; then
      python3 -c 'import json,sys
for l in open(sys.argv[1]): o=json.loads(l); print(o["id"], o["amount"])' "$f"
    fi
  done
}
for w in 1 2 3 4; do worker $w > "$E2E_TMP/accepted.$w" & done
wait
accepted=$(cat "$E2E_TMP"/accepted.* | awk '{s+=$2} END {print s*100}')
count=$(cat "$E2E_TMP"/accepted.* | wc -l)
paid=$(hs balance budget --json | python3 -c 'import json,sys; a=json.load(sys.stdin)[0]; print(a["debits_posted_fen"], a["credits_posted_fen"], a["debits_pending_fen"])')
read -r debits credits pending <<<"$paid"
check_eq "budget never overspent (debits + pending <= credits)" "yes" "$([ $((debits + pending)) -le "$credits" ] && echo yes || echo "no: $debits + $pending > $credits")"
check_eq "demand exceeded the budget, so some were refused" "yes" "$([ "$count" -lt 256 ] && echo yes || echo "no: all $count accepted")"
check_eq "every accepted payment is in the book, to the fen" "$accepted" "$debits"
check_eq "no transfer failed for storage reasons (busy, locked)" "0" "$(cat "$E2E_TMP"/storage.* 2>/dev/null | wc -l)"
check_rc "huoshui check passes after the race" 0 hs check
