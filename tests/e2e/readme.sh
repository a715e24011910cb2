#!/usr/bin/env bash
# readme.sh — the README's 5-minute tour runs exactly as written.
#
# Every line of every ```sh block between "## A 5-minute tour" and the next "## " heading is run,
# in order, in one shell (so `export` carries on), from a scratch directory that holds the shipped
# policies/ and data/ as a checkout would, with `huoshui` on PATH. A command (backslash
# continuations joined) must exit 0, unless its comment says "(exit N" — then it must exit N.
# Comment-only lines are skipped. The book the tour builds must pass `huoshui check` at the end.
set -u
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
README=$ROOT/README.md
WORK=$E2E_TMP/tour
mkdir -p "$WORK/bin"
ln -s "$(cd "$(dirname "$HS")" && pwd)/$(basename "$HS")" "$WORK/bin/huoshui"
ln -s "$ROOT/policies" "$WORK/policies"
ln -s "$ROOT/data" "$WORK/data"

# The tour's commands, one per line (continuations joined), with the exit code each expects.
awk '
  /^## A 5-minute tour/ { on = 1; next }
  on && /^## / { on = 0 }
  on && /^```sh/ { code = 1; next }
  on && /^```/ { code = 0; next }
  on && code {
    line = $0
    if (held != "") { line = held " " line; held = "" }
    if (line ~ /\\$/) { sub(/\\$/, "", line); held = line; next }
    print line
  }
' "$README" > "$E2E_TMP/commands"

# HUOSHUI_TOUR_BOOK=BOOK: the same tour on another book (tests/e2e/pg.sh gives a PostgreSQL URL)
if [ -n "${HUOSHUI_TOUR_BOOK:-}" ]; then
  sed -i "s|^export HUOSHUI_BOOK=[^ ]*|export HUOSHUI_BOOK=$HUOSHUI_TOUR_BOOK|" "$E2E_TMP/commands"
  check_contains "the tour runs on $HUOSHUI_TOUR_BOOK" "export HUOSHUI_BOOK=$HUOSHUI_TOUR_BOOK" "$E2E_TMP/commands"
fi

count=$(grep -cv '^[[:space:]]*\(#.*\)\?$' "$E2E_TMP/commands")
if [ "$count" -lt 40 ]; then
  fail "README tour found" "only $count commands between '## A 5-minute tour' and the next heading"
fi

# Build one script: each command runs in this shell, its output to a log, its exit code checked.
script=$E2E_TMP/tour.sh
{
  echo "cd '$WORK'; export PATH='$WORK/bin':\"\$PATH\"; unset HUOSHUI_BOOK HUOSHUI_TODAY"
  n=0
  while IFS= read -r line; do
    n=$((n + 1))
    trimmed=${line#"${line%%[![:space:]]*}"}
    [ -z "$trimmed" ] && continue
    case "$trimmed" in '#'*) continue ;; esac
    want=0
    if [[ $line =~ \(exit\ ([0-9]) ]]; then want=${BASH_REMATCH[1]}; fi
    label=$(printf '%s' "${trimmed%%#*}" | cut -c1-80 | tr -cd 'A-Za-z0-9 ./=:,_-')
    printf '{ %s\n} >>"%s" 2>&1\n' "$line" "$E2E_TMP/log"
    printf 'rc=$?; if [ $rc -eq %s ]; then echo "PASS tour %d: %s"; else echo "FAIL tour %d: %s: exit $rc, expected %s (see below)"; tail -5 "%s"; fi\n' \
      "$want" "$n" "$label" "$n" "$label" "$want" "$E2E_TMP/log"
  done < "$E2E_TMP/commands"
  echo 'if huoshui check >/dev/null 2>&1; then echo "PASS tour book passes check"; else echo "FAIL tour book passes check: $(huoshui check 2>&1 | tail -2)"; fi'
} > "$script"
( bash "$script" )
