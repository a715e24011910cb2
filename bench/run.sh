#!/usr/bin/env bash
# run.sh BIN — runs every bench/<name>/run.sh with the release binary (`make bench`).
set -u
cd "$(dirname "$0")/.."
rc=0
for b in bench/*/run.sh; do
  [ -e "$b" ] || continue
  bash "$b" "${1:-build/release/huoshui}" || rc=1
done
exit $rc
