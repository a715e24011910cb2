#!/usr/bin/env bash
# policy_errors.sh — golden error messages: every tests/policy-errors/NN-name.policy must be
# rejected with exit 2 and exactly the message in NN-name.expected (file:line:column, message,
# the source line and a caret). A file with a matching NN-name.csv is a runtime error instead:
# `policy eval --firms NN-name.csv` must report it. The ASan build runs each too (no crash, no leak).
cd "$(dirname "$0")/../.."
source tests/e2e/lib.sh
n=0
for f in tests/policy-errors/*.policy; do
  name=$(basename "$f" .policy)
  want=${f%.policy}.expected
  csv=${f%.policy}.csv
  if [ ! -f "$want" ]; then fail "policy error $name" "no $want"; continue; fi
  if [ -f "$csv" ]; then
    "$HS" policy eval "$f" --on 2024-06-01 --firms "$csv" >/dev/null 2>"$E2E_TMP/got"; rc=$?
  else
    "$HS" policy check "$f" >/dev/null 2>"$E2E_TMP/got"; rc=$?
  fi
  if [ "$rc" != 2 ]; then fail "policy error $name" "exit $rc, wanted 2"; continue; fi
  if diff -u "$want" "$E2E_TMP/got" >"$E2E_TMP/diff"; then
    pass "policy error $name"
  else
    fail "policy error $name" "message differs: $(head -c 600 "$E2E_TMP/diff")"
  fi
  n=$((n + 1))
done
if [ "$n" -ge 30 ]; then pass "at least 30 error goldens ($n)"; else fail "error goldens" "only $n"; fi
# the sanitizer build must reject them all the same way (exit 2, no ASan report)
bad=0
for f in tests/policy-errors/*.policy; do
  [ -f "${f%.policy}.csv" ] && continue
  "$HS_DBG" policy check "$f" >/dev/null 2>"$E2E_TMP/dbg"; rc=$?
  if [ "$rc" != 2 ] || grep -q 'Sanitizer' "$E2E_TMP/dbg"; then bad=$((bad + 1)); echo "  $f: rc $rc"; fi
done
check_eq "error goldens under ASan+UBSan" 0 "$bad"
