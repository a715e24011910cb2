#!/usr/bin/env bash
# demo_serve.sh — the end of `make run`: one demo user per role on the Chengdu 2024 scenario's book
# (demo/chengdu-2024.db, built afresh by scripts/demo.sh), then `huoshui serve` on it in the foreground,
# printing the URL and the demo logins. The password is for this demo book only.
# usage: scripts/demo_serve.sh HUOSHUI_BINARY   (HUOSHUI_LISTEN: default 127.0.0.1:8080)
set -euo pipefail
H=${1:-build/release/huoshui}
B=demo/chengdu-2024.db
PW=huoshui-demo-only
LISTEN=${HUOSHUI_LISTEN:-127.0.0.1:8080}
export HUOSHUI_TODAY=2024-12-31   # the scenario's day: vouchers and awards are live on it
hs() { "$H" --book "$B" "$@"; }
firm=$(head -1 demo/chengdu-2024/voucher-firms.txt | cut -d' ' -f1)
users=(
  "officer olivia --scope programme:chengdu-2024"
  "reviewer rita --scope programme:chengdu-2024"
  "fund_manager frank --scope fund:chengdu-ai"
  "bank bella --scope bank:BOC-CD"
  "provider pat --scope provider:chengdu-supercomputing"
  "enterprise ed --scope firm:$firm"
  "auditor audrey"
  "analyst ann"
)
for u in "${users[@]}"; do
  read -r role name scope_flag scope <<<"$u"
  hs user add "$name" --role "$role" ${scope_flag:+"$scope_flag" "$scope"} <<<"$PW" >/dev/null
done
host=${LISTEN%:*}; port=${LISTEN##*:}
printf '\n\033[1m== the dashboard\033[0m  http://%s:%s/   (Ctrl-C stops it)\n' "$host" "$port"
printf 'demo logins (password "%s", this demo book only):\n' "$PW"
for u in "${users[@]}"; do
  read -r role name _ <<<"$u"
  printf '  %-13s %s\n' "$role" "$name"
done
exec env HUOSHUI_DATA="$(pwd)" "$H" --book "$B" serve --listen "$LISTEN"
