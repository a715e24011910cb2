#!/usr/bin/env bash
# bench/http/run.sh [HUOSHUI_BIN] — `huoshui serve` under wrk on loopback, 64 connections:
#   GET /api/v1/accounts/approp (bearer token)        goal >= 20,000 requests/s, p99 < 10 ms
#   POST /api/v1/transfers, one transfer per request,  goal >= 20,000 transfers/s with group
#   commit, against the same run with --group-commit off (the side-by-side peer).
# Every POST is acknowledged only after its commit (WAL, synchronous=FULL). After the runs the
# book is checked (huoshui check) and the transfers it holds are counted against wrk's 2xx count.
# $BENCH_SECONDS (default 10) per run. Server threads: $BENCH_THREADS (default: the cores) for GET
# and group commit (a POST suspends its connection while it waits for its group's commit, so a few
# event-loop threads hold every waiting request; more event-loop threads than cores, with wrk on
# the same cores, only add scheduling stalls to the tail: GET p99 17 ms with 4 on 2 cores, 2.5 ms
# with 2); $BENCH_OFF_THREADS (default 64) with group
# commit off, where each worker blocks in its own transaction (its best configuration).
# Each row also gives the server's CPU time per request (user+system, /proc), which stays
# meaningful when the shared machine makes wall-clock figures noisy.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-build/release/huoshui}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
THREADS=${BENCH_THREADS:-$(nproc)}
OFF_THREADS=${BENCH_OFF_THREADS:-64}
TICKS=$(getconf CLK_TCK)
command -v wrk >/dev/null || { echo "bench/http: wrk is not installed (HUOSHUI_BENCH_DEPS=1 scripts/deps.sh)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/huoshui-bench-http.XXXXXX")
PID=""
trap '[ -n "$PID" ] && kill -TERM $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
B=$WORK/book.db
hs() { "$BIN" --book "$B" "$@"; }
hs init >/dev/null
hs account create approp --kind appropriation >/dev/null
hs account create sink --kind enterprise >/dev/null
hs user add bench-officer --role officer --scope programme:bench <<<"bench-officer-password-1" >/dev/null || exit 1
TOKEN=$(hs token create bench-officer | tail -1)

start() { # threads serve-flags...
  local threads=$1; shift
  "$BIN" --book "$B" serve --listen 127.0.0.1:0 --threads "$threads" "$@" 2>"$WORK/serve.err" &
  PID=$!
  for _ in $(seq 1 100); do grep -q '^listening on' "$WORK/serve.err" && break; sleep 0.05; done
  URL=$(sed -n 's/^listening on //p' "$WORK/serve.err" | head -1)
}
stop() { kill -TERM "$PID"; wait "$PID"; PID=""; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; } # the server's user+system ticks
# run LABEL wrk-args... : prints one table row from wrk's --latency output
run() {
  local label=$1; shift
  local out=$WORK/run.$RANDOM.out
  local before after
  before=$(cpu_ticks)
  wrk -t 4 -c 64 -d "${SECONDS_PER_RUN}s" --latency -H "Authorization: Bearer $TOKEN" "$@" >"$out" 2>&1
  after=$(cpu_ticks)
  python3 - "$out" "$label" "$((after - before))" "$TICKS" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
cpu_s = int(sys.argv[3]) / int(sys.argv[4])
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", text)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
total = re.search(r"(\d+) requests in", text)
unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
n = int(total.group(1)) if total else 0
us = cpu_s * 1e6 / n if n else 0
print(f"{sys.argv[2]:<34} {float(rps.group(1)) if rps else 0:>12,.0f} {float(p99.group(1)) * unit[p99.group(2)] if p99 else 0:>10.2f} {n:>10} {non2xx.group(1) if non2xx else 0:>8} {us:>10.0f}")
PY
}
echo "server threads: $THREADS (group commit on), $OFF_THREADS (group commit off); $(uptime)"
printf '%-34s %12s %10s %10s %8s %10s\n' "run (64 connections, loopback)" "req/s" "p99 ms" "requests" "non-2xx" "server us/req"
start "$THREADS"
run "GET /accounts/approp" "$URL/api/v1/accounts/approp"
BENCH_PREFIX=gc run "POST /transfers, group commit" -s "$HERE/post.lua" "$URL"
stop
grep 'group commit:' "$WORK/serve.err" | sed 's/^huoshui serve: /  /'
start "$OFF_THREADS" --group-commit off
BENCH_PREFIX=nogc run "POST /transfers, group commit off" -s "$HERE/post.lua" "$URL"
stop
hs check >/dev/null && echo "huoshui check: ok" || { echo "huoshui check: FAILED"; exit 1; }
held=$(hs history sink --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "transfers in the book: $held (every acknowledged POST; a request cut off by wrk's stop may add one per connection)"
