#!/usr/bin/env bash
# auth.sh — the identity CLI end to end: `user add|list|disable` and `token create|check`.
# Passwords come from stdin and appear nowhere (not in the book, its WAL, stdout or stderr);
# tokens are printed once, alone on the last line, and stored only as digests; a disabled user's
# tokens stop authenticating at once; expiry follows the process clock (--today). Functional
# checks run the ASan build.
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/b.db
hs() { "$HS_DBG" --book "$B" "$@"; }
PW='Tr0ub4dor&3-horse-staple'
PW2='another long passphrase 2'
# every byte the book holds on disk: the database and its write-ahead log
book_count() { [ -n "$1" ] || { echo "no-needle"; return; }; cat "$B" "$B-wal" 2>/dev/null | grep -a -c -F -- "$1"; }
json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

check_rc "user --help" 0 hs user --help
check_contains "user help names the contract" "user add NAME --role ROLE [--scope KIND:ID]..." "$E2E_TMP/out"
check_rc "token --help" 0 hs token --help
check_contains "token help names the contract" "token create USER [--expires DATE]" "$E2E_TMP/out"
check_rc "user without subcommand is bad usage" 2 hs user
check_rc "user with an unknown subcommand" 2 hs user remove x
check_rc "user add on a missing book is bad input" 2 hs user add olivia --role analyst <<<"$PW"
mkdir -p "$E2E_TMP/dir.db"
check_rc "a book that cannot be opened is a storage failure" 3 "$HS_DBG" --book "$E2E_TMP/dir.db" user list

check_rc "init" 0 hs init
export HUOSHUI_NOW_NS=1717200000000000000 HUOSHUI_TODAY=2024-06-01 # 2024-06-01T00:00:00Z
hs user add olivia --role officer --scope programme:chengdu-2024 --scope programme:mianyang-2025 \
  <<<"$PW" >"$E2E_TMP/add.out" 2>"$E2E_TMP/add.err"
check_eq "user add with two scopes" 0 $?
check_eq "the password is not on stdout" 0 "$(grep -c -F -- "$PW" "$E2E_TMP/add.out")"
check_eq "the password is not on stderr" 0 "$(grep -c -F -- "$PW" "$E2E_TMP/add.err")"
check_eq "the book holds an Argon2id hash (the grep reads the raw file)" 1 \
  "$([ "$(book_count '$argon2id$')" -ge 1 ] && echo 1 || echo 0)"
check_eq "the password appears nowhere in the book file or its WAL" 0 "$(book_count "$PW")"
printf '%s\r\n' "$PW2" | hs user add ann --role analyst >/dev/null 2>&1
check_eq "a CRLF line is one password" 0 $?
hs user add ent --role enterprise --scope firm:91510107MA6CM4R26W <<<"$PW" >/dev/null 2>&1
check_eq "an enterprise with a valid USCC" 0 $?
hs user add bk --role bank --scope bank:icbc-cd <<<"$PW" >/dev/null 2>&1
check_eq "a bank user" 0 $?

check_rc "empty stdin is refused" 2 hs user add nopw --role analyst </dev/null
check_contains "empty stdin says where the password goes" "first line of stdin" "$E2E_TMP/err"
check_rc "an empty first line is refused" 2 hs user add nopw --role analyst <<<""
check_rc "a short password is refused" 2 hs --json user add nopw --role analyst <<<"short pw"
check_eq "short password: field password" "password invalid_field" \
  "$(json_get 'd["error"]["field"]+" "+d["error"]["code"]' <"$E2E_TMP/out")"
check_eq "the short password is not echoed" 0 "$(grep -c -F 'short pw' "$E2E_TMP/out" "$E2E_TMP/err" | awk -F: '{s+=$2} END {print s}')"
check_rc "a password equal to the name is refused" 2 hs user add longusername1 --role analyst <<<"longusername1"
check_rc "a 257-byte password is refused" 2 hs user add nopw --role analyst <<<"$(head -c 257 /dev/zero | tr '\0' x)"
check_rc "a 256-byte password is accepted" 0 hs user add maxpw --role analyst <<<"$(head -c 256 /dev/zero | tr '\0' y)"
check_rc "a duplicate user is refused" 1 hs --json user add olivia --role analyst <<<"$PW"
check_eq "duplicate: state_conflict" "state_conflict" "$(json_get 'd["error"]["code"]' <"$E2E_TMP/out")"
check_rc "role operator is not a server role" 2 hs user add op --role operator <<<"$PW"
check_rc "an unknown role" 2 hs user add op --role root <<<"$PW"
check_rc "an enterprise needs a valid USCC" 2 hs user add ent2 --role enterprise --scope firm:91510107MA6CM4R26X <<<"$PW"
check_contains "the bad USCC is explained" "统一社会信用代码" "$E2E_TMP/err"
check_rc "an enterprise needs a firm scope" 2 hs user add ent2 --role enterprise <<<"$PW"
check_rc "an officer needs a programme scope" 2 hs user add off2 --role officer --scope fund:f1 <<<"$PW"
check_contains "the mismatch is explained" "programme:ID" "$E2E_TMP/err"
check_rc "an admin holds no scope" 2 hs user add adm --role admin --scope programme:x <<<"$PW"
check_rc "a scope without KIND:ID" 2 hs user add off2 --role officer --scope chengdu <<<"$PW"
check_rc "the same scope twice" 2 hs user add off2 --role officer --scope programme:x --scope programme:x <<<"$PW"
check_rc "an invalid user name" 2 hs user add Olivia --role analyst <<<"$PW"
check_rc "a user name with a colon" 2 hs user add cli:root --role analyst <<<"$PW"
check_rc "--role is required" 2 hs user add nobody <<<"$PW"

check_rc "user list --json" 0 hs user list --json
check_eq "five users listed" "ann bk ent maxpw olivia" "$(json_get '" ".join(u["user"] for u in d)' <"$E2E_TMP/out")"
check_eq "olivia's scopes" "programme:chengdu-2024 programme:mianyang-2025" \
  "$(json_get '" ".join(d[4]["scopes"])' <"$E2E_TMP/out")"
check_eq "created_at follows the process clock" "2024-06-01T00:00:00Z" "$(json_get 'd[4]["created_at"]' <"$E2E_TMP/out")"
check_eq "no hash in the listing" 0 "$(grep -c -e argon2 -e pwhash "$E2E_TMP/out")"
check_rc "user list (table)" 0 hs user list
check_contains "the table shows role and scopes" "officer      active    programme:chengdu-2024" "$E2E_TMP/out"

# tokens
hs token create bk --expires 2024-06-30 >"$E2E_TMP/tok.out" 2>"$E2E_TMP/tok.err"
check_eq "token create" 0 $?
T1=$(tail -n 1 "$E2E_TMP/tok.out")
check_eq "the token is alone on the last line" 1 "$(grep -c -E '^hs_[A-Za-z0-9_-]{43}$' <<<"$T1")"
check_eq "the token is printed once" 1 "$(grep -c -F -- "$T1" "$E2E_TMP/tok.out")"
check_eq "the token is not on stderr" 0 "$(grep -c -F -- "$T1" "$E2E_TMP/tok.err")"
check_eq "the token is not in the book" 0 "$(book_count "$T1")"
check_eq "nor its random part" 0 "$(book_count "${T1#hs_}")"
T2=$(hs token create bk 2>/dev/null | tail -n 1)
check_eq "a second token differs" 1 "$([ -n "$T2" ] && [ "$T1" != "$T2" ] && echo 1 || echo 0)"
TO=$(hs token create olivia 2>/dev/null | tail -n 1)
check_rc "token create --json" 0 hs --json token create ann
check_eq "--json carries the token" 1 "$(json_get 'd["token"]' <"$E2E_TMP/out" | grep -c -E '^hs_')"
check_rc "token for no such user" 2 hs token create nobody
check_rc "--expires in the past" 2 hs token create bk --expires 2024-05-31
check_rc "--expires not a date" 2 hs token create bk --expires 2024-02-30

check_rc "token check" 0 hs --json token check <<<"$T1"
check_eq "the token authenticates as bk, bank:icbc-cd" "bk bank bank:icbc-cd" \
  "$(json_get 'd["user"]+" "+d["role"]+" "+" ".join(d["scopes"])' <"$E2E_TMP/out")"
check_rc "its last day still authenticates" 0 hs --today 2024-06-30 token check <<<"$T1"
check_rc "the day after it does not" 1 hs --today 2024-07-01 --json token check <<<"$T1"
check_eq "expired: unauthenticated" "unauthenticated" "$(json_get 'd["error"]["code"]' <"$E2E_TMP/out")"
check_rc "a token without expiry lasts" 0 hs --today 2030-01-01 token check <<<"$T2"
check_rc "a tampered token is refused" 1 hs token check <<<"${T1%?}$([ "${T1: -1}" = A ] && echo B || echo A)"
check_rc "junk is refused" 1 hs token check <<<"hs_nope"
check_rc "no token on stdin" 2 hs token check </dev/null

# revoke one token by its label
TR=$(hs token create olivia 2>/dev/null | tail -n 1)
check_rc "token check --json shows the label" 0 hs --json token check <<<"$TR"
L=$(json_get 'd["label"]' <"$E2E_TMP/out")
check_eq "the label is hs_ + 8 hex digits" 1 "$(grep -c -E '^hs_[0-9a-f]{8}$' <<<"$L")"
check_rc "token revoke LABEL" 0 hs token revoke "$L"
check_rc "the revoked token no longer authenticates" 1 hs token check <<<"$TR"
check_rc "olivia's other token still does" 0 hs token check <<<"$TO"
check_rc "revoking again changes nothing" 0 hs token revoke "$L"
check_contains "it says so" "was revoked already" "$E2E_TMP/out"
check_rc "a malformed label" 2 hs token revoke "${TR:0:11}x"
check_rc "an unknown label" 2 hs token revoke hs_00000000

# disable: sessions and tokens die at once; others are untouched
check_rc "user disable" 0 hs user disable bk
check_contains "disable says what it ended" "2 tokens revoked" "$E2E_TMP/out"
check_rc "the disabled user's token no longer authenticates" 1 hs token check <<<"$T2"
check_rc "nor the other one" 1 hs token check <<<"$T1"
check_rc "another user's token still does" 0 hs token check <<<"$TO"
check_rc "no new token for a disabled user" 1 hs token create bk
check_rc "disabling again changes nothing" 0 hs --json user disable bk
check_eq "it says so" "True" "$(json_get 'd["was_disabled"]' <"$E2E_TMP/out")"
check_rc "disable a missing user" 2 hs user disable nobody
check_eq "the listing shows bk disabled" "True" \
  "$(hs user list --json | json_get '[u for u in d if u["user"]=="bk"][0]["disabled"]')"
check_rc "token list --json" 0 hs token list --json
check_eq "five tokens listed, bk's two and one of olivia's revoked" "ann:False bk:True bk:True olivia:False olivia:True" \
  "$(json_get '" ".join(sorted(t["user"]+":"+str(t["revoked"]) for t in d))' <"$E2E_TMP/out")"
check_eq "labels are hs_ + 8 hex digits" 5 "$(json_get '" ".join(t["label"] for t in d)' <"$E2E_TMP/out" | tr ' ' '\n' | grep -c -E '^hs_[0-9a-f]{8}$')"
check_eq "the listing shows no token" 0 "$(grep -c -F -e "$T1" -e "${T2#hs_}" -e "${TO#hs_}" "$E2E_TMP/out")"
check_eq "bk's first token expires 2024-06-30, the second never" "2024-06-30 None" \
  "$(json_get '" ".join(sorted(str(t["expires"]) for t in d if t["user"]=="bk"))' <"$E2E_TMP/out")"
check_rc "token list USER (table)" 0 hs token list olivia
check_eq "olivia: one active token, one revoked" "1 1" "$(grep -c -E '^hs_[0-9a-f]{8} +olivia +- +active$' "$E2E_TMP/out") $(grep -c -E '^hs_[0-9a-f]{8} +olivia +- +revoked$' "$E2E_TMP/out")"
check_rc "token list for no such user" 2 hs token list nobody
check_eq "after all that, neither password nor token is in the book" "0 0 0" \
  "$(book_count "$PW") $(book_count "$T1") $(book_count "$TO")"
check_rc "the book is still consistent" 0 hs check
