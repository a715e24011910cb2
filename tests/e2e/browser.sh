#!/usr/bin/env bash
# browser.sh — the web dashboard end to end: the message catalogue test (and that it fails on a
# missing key), the served files over HTTP (types, caching, gzip, 404, traversal, JS size), then
# tests/browser/dashboard.mjs in Debian's chromium (playwright-core, headless) against a real
# `huoshui serve --listen 127.0.0.1:0` on a fresh book (tests/browser/book.sh): every role's main
# flow, screenshots into build/screenshots/, axe-core, no console error. Without chromium or the
# npm packages this FAILS (it never skips): `make deps` installs them.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=$E2E_TMP/web.db
PW='correct-horse-battery-9'
export HUOSHUI_TODAY=2024-06-30

if node "$ROOT/web/check-catalogue.mjs" >"$E2E_TMP/cat.out" 2>&1; then
  cat "$E2E_TMP/cat.out"
else
  cat "$E2E_TMP/cat.out"; fail "catalogue test" "see above"
fi
mkdir -p "$E2E_TMP/i18n"
cp "$ROOT"/web/i18n/*.json "$E2E_TMP/i18n/"
python3 - "$E2E_TMP/i18n/zh-Hant.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d.pop("login.submit"); json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False)
PY
if node "$ROOT/web/check-catalogue.mjs" "$E2E_TMP/i18n" >"$E2E_TMP/cat2.out" 2>&1; then
  fail "the catalogue test fails on a key missing in zh-Hant" "it passed"
else
  check_contains "the catalogue test fails on a key missing in zh-Hant" "FAIL catalogue zh-Hant has every key: missing login.submit" "$E2E_TMP/cat2.out"
fi

WEB=$ROOT/build/web
if [ ! -e "$WEB/index.html" ]; then
  fail "the dashboard is built" "no $WEB/index.html (make web)"
  exit 1
fi
pass "the dashboard is built"
js=$(cd "$WEB" && ls app-*.js | head -1)
gz=$(stat -c %s "$WEB/$js.gz")
check_eq "the JavaScript shipped is at most 1 MB compressed ($gz bytes)" yes "$([ "$gz" -le 1000000 ] && echo yes || echo no)"
check_eq "ECharts is tree-shaken (no unused chart types bundled)" 0 "$(grep -c 'series.sankey\|series.graph\|series.sunburst' "$WEB/$js")"

"$ROOT/tests/browser/book.sh" "$HS" "$B" "$PW" >"$E2E_TMP/book.out" 2>"$E2E_TMP/book.err" ||
  { fail "the test book" "$(head -c 400 "$E2E_TMP/book.err")"; exit 1; }
FIRM=$(sed -n 's/^firm //p' "$E2E_TMP/book.out"); OTHER=$(sed -n 's/^other //p' "$E2E_TMP/book.out")
pass "the test book is built (firm $FIRM)"

SERVER_PID=""
HUOSHUI_DATA=$ROOT "$HS" --book "$B" serve --listen 127.0.0.1:0 --threads 4 2>"$E2E_TMP/serve.err" &
SERVER_PID=$!
trap 'kill -TERM $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "$E2E_TMP"' EXIT
for _ in $(seq 1 100); do grep -q '^listening on http://' "$E2E_TMP/serve.err" && break; sleep 0.05; done
URL=$(sed -n 's/^listening on \(http:\/\/[0-9.:]*\)$/\1/p' "$E2E_TMP/serve.err" | head -1)
check_eq "serve listens" yes "$([ -n "$URL" ] && echo yes || echo no)"

hdr() { curl -s -o /dev/null -D - "$@" | tr -d '\r'; }
hdr "$URL/" >"$E2E_TMP/h1"
check_contains "GET / is the dashboard (text/html)" "Content-Type: text/html; charset=utf-8" "$E2E_TMP/h1"
check_contains "index.html is not cached stale (no-cache)" "Cache-Control: no-cache" "$E2E_TMP/h1"
check_contains "pages carry the CSP without inline script" "script-src 'self'" "$E2E_TMP/h1"
hdr -H 'Accept-Encoding: gzip' "$URL/$js" >"$E2E_TMP/h2"
check_contains "a hashed asset is immutable for a year" "Cache-Control: public, max-age=31536000, immutable" "$E2E_TMP/h2"
check_contains "... served gzip when accepted" "Content-Encoding: gzip" "$E2E_TMP/h2"
check_contains "... as JavaScript" "Content-Type: text/javascript; charset=utf-8" "$E2E_TMP/h2"
check_eq "... the .gz bytes are the build's" "$(md5sum <"$WEB/$js.gz" | cut -d' ' -f1)" \
  "$(curl -s -H 'Accept-Encoding: gzip' "$URL/$js" | md5sum | cut -d' ' -f1)"
check_eq "... and plain bytes without Accept-Encoding" "$(md5sum <"$WEB/$js" | cut -d' ' -f1)" "$(curl -s "$URL/$js" | md5sum | cut -d' ' -f1)"
check_eq "an unknown file is 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/nope-0123456789.js")"
check_eq "no path leaves the directory" 404 "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$URL/../../Makefile")"
check_eq "... nor an encoded one" 404 "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$URL/%2e%2e%2fMakefile")"
check_eq "the API is still the API" 401 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/session")"

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  fail "chromium is installed" "no ${CHROMIUM:-/usr/bin/chromium} (scripts/deps.sh installs Debian's chromium)"
  exit 1
fi
if [ ! -e "$ROOT/build/webnpm/node_modules/playwright-core/package.json" ]; then
  fail "playwright-core is installed" "not in build/webnpm (scripts/deps.sh)"
  exit 1
fi
rm -rf "$ROOT/build/screenshots"
HS_URL=$URL HS_PW=$PW HS_FIRM=$FIRM HS_OTHER=$OTHER HS_ROOT=$ROOT timeout 900 node "$ROOT/tests/browser/dashboard.mjs"
rc=$?
[ $rc -eq 0 ] || fail "the browser tests" "exited $rc"
n=$(ls "$ROOT/build/screenshots" 2>/dev/null | wc -l)
check_eq "screenshots of every page in each language are in build/screenshots" yes "$([ "$n" -ge 60 ] && echo yes || echo "no: $n")"
