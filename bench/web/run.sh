#!/usr/bin/env bash
# bench/web/run.sh HUOSHUI_BIN — the dashboard's two figures (issue 10): the JavaScript shipped,
# compressed (gzip as served; the bound is 1 MB), and how fast the first page is interactive on
# loopback with the demo book (the Chengdu 2024 scenario's): headless Debian chromium
# (playwright-core) timing, median of 7, (a) a cold load of / to the login form ready, (b) login
# to the officer's programmes page drawn (budget bars and charts) — against the bound of 1 s.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
H=${1:-$ROOT/build/release/huoshui}
W=$(mktemp -d)
trap 'kill -TERM $SP 2>/dev/null; wait $SP 2>/dev/null; rm -rf "$W"' EXIT
SP=""
js=$(cd "$ROOT/build/web" && ls app-*.js)
printf 'shipped JavaScript: %s bytes, %s bytes gzip (bound 1,000,000)\n' \
  "$(stat -c %s "$ROOT/build/web/$js")" "$(stat -c %s "$ROOT/build/web/$js.gz")"
bash "$ROOT/scenarios/chengdu-2024.sh" "$H" "$W/demo.db" "$W/chengdu" >/dev/null
echo "bench-officer-password" | "$H" --book "$W/demo.db" user add olivia --role officer --scope programme:chengdu-2024 >/dev/null
HUOSHUI_TODAY=2024-12-31 HUOSHUI_DATA=$ROOT "$H" --book "$W/demo.db" serve --listen 127.0.0.1:0 2>"$W/serve.err" &
SP=$!
for _ in $(seq 1 100); do grep -q '^listening on http://' "$W/serve.err" && break; sleep 0.05; done
URL=$(sed -n 's/^listening on \(http:\/\/[0-9.:]*\)$/\1/p' "$W/serve.err" | head -1)
HS_URL=$URL HS_ROOT=$ROOT HS_USER=olivia HS_PW=bench-officer-password node "$ROOT/bench/web/measure.mjs"
