#!/usr/bin/env bash
# server_users.sh — users and bearer tokens over real HTTP (curl) against the real binary: an admin
# adds a user (who then logs in with that password), lists, creates a token for a machine client
# (shown once, not cached; it authenticates), revokes it (it no longer does) and disables the user
# (its login and session end); other roles are refused, auditors list; the password never reaches
# the book, the server's log or the audit chain (the entry hashes the body without it), and the
# bodies are the bytes the CLI's --json prints.
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/users.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-06-01
hs init >/dev/null
add_user adam admin
add_user audrey auditor
add_user oscar officer --scope programme:p1
start_server
NEWPW='tiger-lily-velvet-42'
A=(-H "$(as adam)" "${J[@]}")

BODY='{"user":"bea","role":"bank","scopes":["bank:icbc"],"password":"'$NEWPW'"}'
req POST /api/v1/users -H "$(as oscar)" "${J[@]}" --data-binary "$BODY"
check_eq "an officer may not add users: 403" 403 "$(status)"
req POST /api/v1/users "${A[@]}" --data-binary '{"user":"bea","role":"banker","password":"'$NEWPW'"}'
check_eq "an unknown role: 422 naming role" "422 role" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/users "${A[@]}" --data-binary '{"user":"bea","role":"bank","scopes":["bank"],"password":"'$NEWPW'"}'
check_eq "a scope that is not KIND:ID: 422 naming scopes" "422 scopes" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/users "${A[@]}" --data-binary '{"user":"bea","role":"bank","scopes":["bank:icbc"],"password":"short"}'
check_eq "a weak password: 422 naming password" "422 password" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/users "${A[@]}" --data-binary "$BODY"
check_eq "an admin adds a user: 201 with role and scopes, no hash" "201 bank bank:icbc False" \
  "$(status) $(jq_body 'd["role"]') $(jq_body '",".join(d["scopes"])') $(jq_body '"hash" in str(d) or "argon" in str(d)')"
req POST /api/v1/users "${A[@]}" --data-binary "$BODY"
check_eq "the same name again: 409 state_conflict" "409 state_conflict" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/session "${J[@]}" --data-binary '{"user":"bea","password":"'$NEWPW'"}' -c "$E2E_TMP/jar"
check_eq "the new user logs in with that password" "200 bea bank" "$(status) $(jq_body 'd["user"]') $(jq_body 'd["role"]')"

req GET /api/v1/users -H "$(as audrey)"
cp "$E2E_TMP/body" "$E2E_TMP/http_users"
check_eq "GET /users as an auditor: the items are user list --json" "200 same" \
  "$(status) $(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))["items"]; print("same" if a==b and len(a)==4 else f"{a} != {b}")' <(hs user list --json) "$E2E_TMP/http_users")"
req GET '/api/v1/users?limit=2' -H "$(as adam)"
check_eq "an admin pages them: 2 and a cursor" "200 2 True" "$(status) $(jq_body 'len(d["items"])') $(jq_body 'd["next_cursor"] is not None')"
req GET /api/v1/users -H "$(as oscar)"
check_eq "an officer may not list users: 403" 403 "$(status)"

# ---- tokens ----
req POST /api/v1/tokens -H "$(as audrey)" "${J[@]}" --data-binary '{"user":"bea"}'
check_eq "an auditor may not create tokens: 403" 403 "$(status)"
req POST /api/v1/tokens "${A[@]}" --data-binary '{"user":"bea","expires":"2023-01-01"}'
check_eq "a token expiring before today: 422 naming expires" "422 expires" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/tokens "${A[@]}" --data-binary '{"user":"bea","expires":"2024-12-31"}'
check_eq "an admin creates a token: 201, not cached" "201 2024-12-31 no-store" \
  "$(status) $(jq_body 'd["expires"]') $(header Cache-Control)"
BT=$(jq_body 'd["token"]')
req GET /api/v1/session -H "Authorization: Bearer $BT"
check_eq "the token authenticates as the user" "200 bea" "$(status) $(jq_body 'd["user"]')"
req GET '/api/v1/tokens?user=bea' -H "$(as audrey)"
LABEL=$(jq_body 'd["items"][0]["label"]')
check_eq "GET /tokens?user=: its token by label, never the token" "200 1 True False" \
  "$(status) $(jq_body 'len(d["items"])') $(jq_body 'd["items"][0]["label"].startswith("hs_")') $(jq_body '"'"$BT"'" in str(d)')"
req POST "/api/v1/tokens/$LABEL/revoke" -H "$(as adam)"
check_eq "revoke: 200, was not revoked before" "200 False" "$(status) $(jq_body 'd["was_revoked"]')"
req GET /api/v1/session -H "Authorization: Bearer $BT"
check_eq "the revoked token no longer authenticates: 401" 401 "$(status)"
req POST "/api/v1/tokens/$LABEL/revoke" -H "$(as adam)"
check_eq "revoking again: 200, was revoked" "200 True" "$(status) $(jq_body 'd["was_revoked"]')"

# ---- disable ----
req POST /api/v1/users/bea/disable -H "$(as oscar)"
check_eq "an officer may not disable users: 403" 403 "$(status)"
req POST /api/v1/users/bea/disable -H "$(as adam)"
check_eq "an admin disables the user: its session ended" "200 False 1" \
  "$(status) $(jq_body 'd["was_disabled"]') $(jq_body 'd["sessions_ended"]')"
req GET /api/v1/session -b "$E2E_TMP/jar"
check_eq "its session cookie no longer works: 401" 401 "$(status)"
req POST /api/v1/session "${J[@]}" --data-binary '{"user":"bea","password":"'$NEWPW'"}'
check_eq "nor its password: 401" 401 "$(status)"
req POST /api/v1/users/nobody/disable -H "$(as adam)"
check_eq "disabling no such user: 404" 404 "$(status)"

# ---- no secret anywhere ----
raw=$(printf '%s' "$BODY" | sha256sum | cut -d' ' -f1)
kept=$(python3 -c 'import json,sys,hashlib; d=json.loads(sys.argv[1]); d.pop("password"); print(hashlib.sha256(json.dumps(d,sort_keys=True,separators=(",",":")).encode()).hexdigest())' "$BODY")
hs audit log --json >"$E2E_TMP/audit.json"
check_eq "the audit entry of POST /users hashes the body without the password" "True False" \
  "$(python3 -c 'import json,sys; e=[x for x in json.load(open(sys.argv[1])) if x["action"]=="POST /api/v1/users"]; print(any(x["body_sha256"]==sys.argv[2] for x in e), any(x["body_sha256"]==sys.argv[3] for x in e))' "$E2E_TMP/audit.json" "$kept" "$raw")"
stop_server
check_eq "the password is in neither the book nor the server's log" "0 0" \
  "$(cat "$B"* | grep -ac -- "$NEWPW") $(grep -c -- "$NEWPW" "$E2E_TMP/serve.err")"
check_rc "the audit chain is intact" 0 hs audit verify
