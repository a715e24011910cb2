#!/usr/bin/env bash
# bench/project/run.sh [HUOSHUI_BIN] — the Monte Carlo core (src/project/mc_run.c) against the same
# fund model vectorised in numpy (bench/project/peer.py, Debian's python3-numpy), side by side:
#   10,000 paths x 1,000 funds x 40 quarters: goal < 5 s on 2 cores and >= 5x the numpy peer;
#   scaling in paths (2 threads) and in threads (10,000 paths).
# The driver (bench/project/project.c, built by make) runs the real mc_run on a synthetic programme
# of funds only (no firms, loans or policies: what the peer computes); both print the mean final NAV
# and TVPI, which must agree within sampling error (another generator, the same model). The same
# seed must give the same figures for every thread count (the counter-based generator).
# $BENCH_PATHS (10000), $BENCH_FUNDS (1000), $BENCH_YEARS (10).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PATHS=${BENCH_PATHS:-10000}
FUNDS=${BENCH_FUNDS:-1000}
YEARS=${BENCH_YEARS:-10}
CORES=$(nproc)
make -C "$ROOT" -s build/release/bench/project >/dev/null || { echo "bench/project: cannot build the driver" >&2; exit 1; }
DRV=$ROOT/build/release/bench/project
/usr/bin/python3 -c 'import numpy' 2>/dev/null || { echo "bench/project: numpy is not installed (HUOSHUI_BENCH_DEPS=1 scripts/deps.sh)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/huoshui-bench-project.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
echo "bench/project: $FUNDS funds x $((YEARS * 4)) quarters, $(uptime | sed 's/.*load/load/')"
"$DRV" "$FUNDS" 10 "$YEARS" 1 1 --write "$WORK" >/dev/null || exit 1
printf '%-44s %10s %16s %10s\n' "run" "seconds" "mean final NAV" "TVPI"
row() { printf '%-44s %10.3f %16.4e %10.4f\n' "$1" "$(field "$2" seconds)" "$(field "$2" mean_final_nav)" "$(field "$2" mean_final_tvpi)"; }
main=$("$DRV" "$FUNDS" "$PATHS" "$YEARS" "$CORES" 1) || exit 1
row "huoshui mc_run, $PATHS paths, $CORES threads" "$main"
one=$("$DRV" "$FUNDS" "$PATHS" "$YEARS" 1 1) || exit 1
row "huoshui mc_run, $PATHS paths, 1 thread" "$one"
peer=$(/usr/bin/python3 "$HERE/peer.py" "$WORK" "$PATHS" "$YEARS" 1) || exit 1
row "numpy peer, $PATHS paths (1 thread)" "$peer"
python3 - "$main" "$one" "$peer" <<'PY'
import json, sys
m, o, p = (json.loads(a) for a in sys.argv[1:4])
same = m["mean_final_nav"] == o["mean_final_nav"] and m["mean_final_tvpi"] == o["mean_final_tvpi"]
print(f"same seed, {m['threads']} threads vs 1: {'identical figures' if same else 'DIFFERENT figures'}")
rel = abs(m["mean_final_nav"] - p["mean_final_nav"]) / p["mean_final_nav"]
print(f"huoshui vs numpy mean final NAV: {100 * rel:.2f}% apart (sampling error, another generator)")
print(f"goal < 5 s on 2 cores: {m['seconds']:.2f} s -> {'MET' if m['seconds'] < 5 else 'NOT MET'}")
r = p["seconds"] / m["seconds"]
print(f"goal >= 5x numpy: {r:.1f}x ({p['seconds'] / o['seconds']:.1f}x on 1 thread) -> {'MET' if r >= 5 else 'NOT MET'}")
sys.exit(0 if same else 1)
PY
ok=$?
deals=$("$DRV" "$FUNDS" "$PATHS" "$YEARS" "$CORES" 1 --deals) || exit 1
row "huoshui, + 1 listed deal/fund (firms), $CORES thr" "$deals"
echo "  (each fund's deal follows its own registry firm: exits pay it, failures write it off; the"
echo "   firms' quarterly failure/unicorn/exit/growth draws are the extra cost; numpy has no peer)"
echo "scaling in paths ($CORES threads):"
for n in 1000 2500 5000 "$PATHS"; do
  r=$("$DRV" "$FUNDS" "$n" "$YEARS" "$CORES" 1) || exit 1
  printf '  %6d paths  %8.3f s  %6.1f ns per fund-quarter-path\n' "$n" "$(field "$r" seconds)" \
    "$(python3 -c "print($(field "$r" seconds) * 1e9 / ($n * $FUNDS * $YEARS * 4))")"
done
echo "scaling in threads ($PATHS paths):"
for t in 1 2 4; do
  r=$("$DRV" "$FUNDS" "$PATHS" "$YEARS" "$t" 1) || exit 1
  printf '  %2d threads  %8.3f s\n' "$t" "$(field "$r" seconds)"
done
exit $ok
