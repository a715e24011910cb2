#!/usr/bin/env bash
# bench/throughput/profile.sh [COUNT] — where the time goes at batch 8190 (not run by `make bench`).
# Records COUNT (default 1,000,000) transfers through book_transfer under `perf record` (DWARF call
# graphs, 250 Hz) and prints the inclusive (children) and self reports that PROFILE.md summarizes.
# Needs perf (Debian: linux-perf) and kernel.perf_event_paranoid <= 2.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
COUNT=${1:-1000000}
make -s -C "$ROOT" build/release/bench/throughput >/dev/null
WORK=$(mktemp -d "${TMPDIR:-/tmp}/huoshui-profile.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
perf record -q -F 250 --call-graph dwarf,16384 -o "$WORK/perf.data" \
  "$ROOT/build/release/bench/throughput" huoshui "$WORK/book" 8190 "$COUNT" 300
echo "== by library (self)"
perf report -i "$WORK/perf.data" --no-children --stdio --sort dso -g none 2>/dev/null | grep '%'
echo "== inclusive (children), top 60"
perf report -i "$WORK/perf.data" --children --stdio --sort symbol -g none 2>/dev/null |
  grep '%' | grep -v '\] 0x0000' | head -60
echo "== self, top 30"
perf report -i "$WORK/perf.data" --no-children --stdio --sort dso,symbol -g none 2>/dev/null |
  grep '%' | head -30
