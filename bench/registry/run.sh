#!/usr/bin/env bash
# run.sh [HUOSHUI_BIN] — the firm registry at scale: `gen firms` for N (default 1M) firms, then
# `firm import` (every cell validated, credit codes checked, history-aware upsert, one transaction)
# against SQLite's own `.import` of the same CSV into a table with the same primary key (no
# validation) — the floor for getting these rows into SQLite — and `firm export`. Prints seconds,
# rows/s and the ratio to the peer. Not part of `make test`. N=200000 for a quicker run.
set -eu
cd "$(dirname "$0")/../.."
BIN=${1:-build/release/huoshui}
N=${N:-1000000}
dir=build/bench/registry
mkdir -p "$dir"
command -v sqlite3 >/dev/null || { echo "bench/registry: sqlite3 not installed (make bench installs it)"; exit 1; }
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }
csv=$dir/firms-$N.csv
t0=$(now); "$BIN" --quiet gen firms --n "$N" --seed 1 --out "$csv"; t1=$(now)
gen_s=$(secs "$t0" "$t1")
rm -f "$dir/b.db" "$dir/b.db-wal" "$dir/b.db-shm"
"$BIN" --book "$dir/b.db" init >/dev/null
t0=$(now); "$BIN" --quiet --book "$dir/b.db" firm import "$csv" >/dev/null; t1=$(now)
imp_s=$(secs "$t0" "$t1")
t0=$(now); "$BIN" --quiet --book "$dir/b.db" firm export "$dir/export.csv"; t1=$(now)
exp_s=$(secs "$t0" "$t1")
rm -f "$dir/peer.db"
t0=$(now)
sqlite3 "$dir/peer.db" >/dev/null <<S
PRAGMA journal_mode = WAL;
CREATE TABLE firms(uscc TEXT PRIMARY KEY, name TEXT, city TEXT, district TEXT, sector TEXT,
  stage TEXT, founded TEXT, employees INTEGER, revenue TEXT, rd_spend TEXT, patents INTEGER,
  trademarks INTEGER, software_copyrights INTEGER, high_tech TEXT, zjtx TEXT, national_lab TEXT,
  national_engineering_center TEXT, unicorn TEXT);
.mode csv
.import --skip 1 $csv firms
S
t1=$(now)
peer_s=$(secs "$t0" "$t1")
rows=$(sqlite3 "$dir/peer.db" "SELECT count(*) FROM firms")
[ "$rows" = "$N" ] || { echo "bench/registry: peer imported $rows rows, expected $N"; exit 1; }
python3 - "$N" "$gen_s" "$imp_s" "$exp_s" "$peer_s" <<'PY'
import sys
n, gen, imp, exp, peer = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"registry: {n} firms")
print(f"  gen firms       {gen:7.2f} s  {n / gen:12,.0f} firms/s")
print(f"  firm import     {imp:7.2f} s  {n / imp:12,.0f} rows/s  (validated, upsert with history)")
print(f"  sqlite3 .import {peer:7.2f} s  {n / peer:12,.0f} rows/s  (peer: raw text, no checks)")
print(f"  firm export     {exp:7.2f} s  {n / exp:12,.0f} rows/s")
print(f"  import / peer   {imp / peer:7.2f} x")
PY
