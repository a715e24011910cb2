#!/usr/bin/env bash
# bench/run.sh HUOSHUI_BIN — runs every benchmark (bench/*/run.sh) in turn with the release binary.
# Benchmarks are not tests: they print figures and ratios against a peer, and never fail on a
# figure; a benchmark that cannot run (a tool missing, a check failing) makes the exit non-zero.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-build/release/huoshui}
rc=0
for b in "$HERE"/*/run.sh; do
  echo "==> bench/$(basename "$(dirname "$b")")"
  bash "$b" "$BIN" || { echo "bench/$(basename "$(dirname "$b")"): failed (exit $?)" >&2; rc=1; }
  echo
done
exit $rc
