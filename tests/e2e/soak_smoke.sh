#!/usr/bin/env bash
# soak_smoke.sh — a short run of the reliability suite (tests/soak/soak.py; the full one is
# `make soak`): 200 racing trials on three servers sharing one book with 0 overspend and every
# acknowledgement in the book, 10 kill -9 rounds with 0 acknowledged transfers lost and none
# half-applied, then `check` and `audit verify` on both books.
source "$(dirname "$0")/lib.sh"
out=$E2E_TMP/soak.txt
python3 "${HUOSHUI_DATA:-.}/tests/soak/soak.py" --bin "$HS" --work "$E2E_TMP/soak" --trials 200 \
  --kills 10 --fuzz-seconds 0 >"$out" 2>&1
check_eq "soak smoke exits 0" 0 "$?"
check_contains "racing: 200 trials, 0 overspent, 0 acknowledgements lost or extra" "0 overspent, 0 acknowledgements lost or extra (1600 requests" "$out"
check_contains "kill -9: 10 rounds, 0 acknowledged lost, 0 half-applied" "acknowledged lost, 0 half-applied" "$out"
check_eq "kill -9: nothing acknowledged was lost" "0" "$(sed -n 's/^kill -9 *10  \([0-9]*\) of .*/\1/p' "$out")"
check_eq "kill -9: the servers acknowledged transfers before dying" "yes" \
  "$(sed -n 's/^kill -9 *10  0 of \([0-9]*\) acknowledged.*/\1/p' "$out" | awk '{print ($1 > 10) ? "yes" : "no"}')"
check_contains "both books pass check and audit verify" "check and audit verify: ok" "$out"
grep '^FAIL' "$out" | sed 's/^FAIL /FAIL soak: /'
