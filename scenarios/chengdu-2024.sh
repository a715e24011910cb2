#!/usr/bin/env bash
# chengdu-2024.sh — Chengdu's 2024 AI programme on a synthetic registry (seed 000: compute vouchers
# with a 3270万 budget from the city new-economy fund; first-version software subsidies to maker
# and user, each at most 250万; national platforms at most 300万).
# usage: scenarios/chengdu-2024.sh HUOSHUI_BINARY BOOK [WORKDIR]
# Prints what it does; ends with the programme report and `huoshui check`. Deterministic.
set -euo pipefail
H=$1; B=$2; W=${3:-$(dirname "$B")/chengdu-2024}
root=$(cd "$(dirname "$0")/.." && pwd)
P=$root/policies
mkdir -p "$W"
hs() { "$H" --book "$B" "$@"; }
step() { printf '\n== %s\n' "$*"; }
export HUOSHUI_TODAY=2024-12-31

step "book, programme and budgets (appropriation: Chengdu new-economy fund)"
hs init >/dev/null
hs programme create chengdu-2024 --title-zh "成都市人工智能产业2024年度资金" \
  --title-en "Chengdu AI industry programme 2024" --date 2024-01-01
hs programme fund chengdu-2024 --budget compute-voucher --amount 3270万 --date 2024-01-10
hs programme fund chengdu-2024 --budget first-version-software --amount 1500万 --date 2024-01-10
hs programme fund chengdu-2024 --budget national-platform --amount 1200万 --date 2024-01-10

step "synthetic firm registry (seeded): 400 firms, the Chengdu ones take part"
hs gen firms --n 400 --seed 2024 --out "$W/firms.csv" >/dev/null
hs firm import "$W/firms.csv" >/dev/null
python3 - "$W" <<'PY'
import csv, sys, random
w = sys.argv[1]
rows = [r for r in csv.DictReader(open(f"{w}/firms.csv", encoding="utf-8")) if r["city"] in ("成都", "Chengdu", "成都市")]
rows.sort(key=lambda r: r["uscc"])
rnd = random.Random(2024)
# national platforms: firms flagged national lab / engineering centre, newly approved this year
with open(f"{w}/platform-facts.csv", "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["uscc", "national_lab", "national_engineering_center", "newly_approved", "sector", "construction_spend"])
    for i, r in enumerate(rows):
        lab = r["national_lab"] in ("true", "1") or i % 9 == 0
        out.writerow([r["uscc"], "true" if lab else "false", r["national_engineering_center"] or "false",
                      "true" if i % 2 == 0 else "false", r["sector"] or "other",
                      f"{rnd.randint(1, 12) * 100}万"])
# first-version software: maker/user pairs with contract prices
with open(f"{w}/first-version.csv", "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["app", "uscc", "product", "role", "software_price"])
    for i in range(0, min(len(rows) - 1, 16), 2):
        price = f"{rnd.randint(2, 12) * 100}万"
        out.writerow([f"fv-{i//2+1:02d}-maker", rows[i]["uscc"], f"sw-{i//2+1:02d}", "maker", price])
        out.writerow([f"fv-{i//2+1:02d}-user", rows[i+1]["uscc"], f"sw-{i//2+1:02d}", "user", price])
# compute vouchers: the first 14 Chengdu firms ask for one (face = the 300万 per-firm cap)
with open(f"{w}/voucher-firms.txt", "w") as f:
    for r in rows[:14]:
        f.write(f"{r['uscc']} {r['sector'] or 'other'}\n")
PY
echo "$(($(wc -l < "$W/platform-facts.csv") - 1)) Chengdu firms in the registry"

step "national platforms: 免申即享 (match everyone eligible and award)"
hs subsidy match --policy "$P/chengdu-national-platform.policy" --firms "$W/platform-facts.csv" \
  --on 2024-03-01 --award --prefix np.

step "first-version software: applications, awards, payments in instalments"
tail -n +2 "$W/first-version.csv" | while IFS=, read -r app uscc product role price; do
  hs subsidy apply --policy "$P/chengdu-first-version-software.policy" --id "$app" --firm "$uscc" \
    --product "$product" --input role="$role" --input software_price="$price" --on 2024-04-01 >/dev/null
  hs subsidy award "$app" --on 2024-04-15 --pay-by 2024-12-31 >/dev/null 2>&1 \
    || echo "  $app not awarded: $(hs subsidy award "$app" --on 2024-04-15 2>&1 >/dev/null | sed 's/huoshui subsidy: //')"
done
for app in $(hs subsidy list --status awarded --json | python3 -c 'import json,sys; print(" ".join(a["id"] for a in json.load(sys.stdin)))'); do
  hs subsidy pay "$app" --amount 50万 --on 2024-06-01 >/dev/null     # first instalment
  hs subsidy pay "$app" --on 2024-09-01 >/dev/null                   # the rest
done
hs subsidy clawback fv-01-maker --amount 20万 --reason "首版次认定复核未通过部分功能" --on 2024-11-01 >/dev/null

step "compute vouchers: providers, issuance until the 3270万 budget is committed"
hs voucher provider add chengdu-supercomputing --name "成都超算中心" --city 成都 --on 2024-01-15 >/dev/null
hs voucher provider add tianfu-ai-compute --name "天府智算中心" --city 成都 --on 2024-01-15 >/dev/null
hs voucher provider add chengdu-data-exchange --name "成都数据交易中心" --city 成都 --on 2024-01-15 >/dev/null
n=0
while read -r uscc sector; do
  n=$((n + 1))
  if hs voucher issue --id "cv-$n" --policy "$P/chengdu-compute-voucher.policy" --firm "$uscc" \
       --expires 2024-11-30 --on 2024-02-01 --input sector="$sector" >/dev/null 2>"$W/err"; then
    echo "  cv-$n issued to $uscc"
  else
    echo "  cv-$n refused: $(sed 's/huoshui voucher: //' "$W/err")"
  fi
done < "$W/voucher-firms.txt"
providers=(chengdu-supercomputing tianfu-ai-compute chengdu-data-exchange)
for v in $(seq 1 10); do
  for m in 3 6 9; do
    bill=$(( (v * 37 + m * 11) % 90 + 30 ))  # 30万..119万
    hs voucher redeem "cv-$v" --provider "${providers[$(( (v + m) % 3 ))]}" --bill-id "bill-$v-$m" \
      --bill "${bill}万" --on "2024-0$m-15" >/dev/null 2>&1 || true
  done
done
hs voucher settle --on 2024-10-31
hs voucher expire --on 2024-12-01

step "programme report (by budget and by sector), every figure from the ledger"
hs report programme chengdu-2024
hs report programme chengdu-2024 --by sector
hs programme show chengdu-2024
hs check
