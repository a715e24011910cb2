# lib.sh — helpers for end-to-end tests. Source it; then use pass/fail/check_* and `hs` (the binary).
# Every check prints exactly one line: "PASS what" or "FAIL what: why".
set -u
HS=${HUOSHUI_BIN:-build/release/huoshui}
HS_DBG=${HUOSHUI_DBG_BIN:-build/debug/huoshui}
E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/huoshui-e2e.XXXXXX")
trap 'rm -rf "$E2E_TMP"' EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
# check_eq WHAT EXPECTED ACTUAL
check_eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi; }
# check_rc WHAT EXPECTED_RC CMD...   (runs CMD, compares its exit code; output kept in $E2E_TMP/out, err)
check_rc() {
  local what=$1 want=$2; shift 2
  "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"; local rc=$?
  if [ "$rc" = "$want" ]; then pass "$what"; else fail "$what" "exit $rc, wanted $want; stderr: $(head -c 300 "$E2E_TMP/err")"; fi
}
# check_contains WHAT NEEDLE FILE
check_contains() { if grep -qF -- "$2" "$3"; then pass "$1"; else fail "$1" "'$2' not in $(head -c 300 "$3")"; fi; }
