#!/usr/bin/env bash
# server.sh — `huoshui serve` over real HTTP (curl) against the real binary on a temporary book:
# the OpenAPI document (validated by an npm OpenAPI 3.1 validator, and equal to the route table),
# the role × route matrix generated from `serve --routes`, sessions with CSRF, bearer tokens,
# idempotent replay and conflict, malformed JSON / unknown fields / oversized bodies storing
# nothing, the account view equal to `balance --json`, ETags, 32 concurrent clients racing one
# limited budget (group commit on and off), SIGTERM under load losing no acknowledged transfer,
# and login rate limiting (last: it locks the address out for a minute).
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/server.db
source "$(dirname "$0")/server_lib.sh"
USCC=91510107MA6CM4R26W
VALIDATOR=${HUOSHUI_DATA:-.}/build/npm/node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js

hs init >/dev/null
hs account create approp --kind appropriation >/dev/null
hs account create budget --kind budget --limit debits-le-credits >/dev/null
hs account create spare --kind enterprise >/dev/null
hs account create sink --kind enterprise >/dev/null
hs account create "budget/chengdu-2024/vouchers" --kind budget >/dev/null
hs account create "firm/$USCC/cash" --kind enterprise >/dev/null
hs transfer --id fund-budget --debit approp --credit budget --amount 100.00 >/dev/null

# one user and one bearer token per role
ROLES="admin officer reviewer fund_manager bank provider enterprise auditor analyst"
for r in $ROLES; do
  case $r in
    officer) scope="--scope programme:chengdu-2024" ;; reviewer) scope="--scope programme:chengdu-2024" ;;
    fund_manager) scope="--scope fund:f1" ;; bank) scope="--scope bank:icbc" ;;
    provider) scope="--scope provider:p1" ;; enterprise) scope="--scope firm:$USCC" ;; *) scope="" ;;
  esac
  # shellcheck disable=SC2086
  hs user add "u-$r" --role "$r" $scope <<<"$PW" >/dev/null 2>"$E2E_TMP/useradd.err" ||
    fail "user add u-$r" "$(cat "$E2E_TMP/useradd.err")"
  TOKEN[$r]=$(hs token create "u-$r" | tail -1)
done
hs user add matrix-probe --role analyst <<<"matrix-probe-password" >/dev/null


start_server
check_eq "serve prints the port it took (--listen 127.0.0.1:0)" "yes" "$(echo "$URL" | grep -qE '^http://127\.0\.0\.1:[0-9]+$' && echo yes || echo "no: '$URL'")"

# ---- the OpenAPI document ----
req GET /api/v1/openapi.json
check_eq "GET /api/v1/openapi.json without login" 200 "$(status)"
cp "$E2E_TMP/body" "$E2E_TMP/openapi.json"
if [ -e "$VALIDATOR" ]; then
  node "$VALIDATOR" "$E2E_TMP/openapi.json" >"$E2E_TMP/validate.out" 2>&1
  check_eq "the document passes the OpenAPI 3.1 validator (@seriousme/openapi-schema-validator)" 0 $?
else
  fail "OpenAPI validator" "not installed at $VALIDATOR (scripts/deps.sh installs it)"
fi
hs serve --routes >"$E2E_TMP/routes.json"
check_eq "the document lists exactly the routes of the table" "same" "$(python3 - "$E2E_TMP/openapi.json" "$E2E_TMP/routes.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1])); table = json.load(open(sys.argv[2]))
documented = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
routed = {(r["method"], r["path"]) for r in table}
print("same" if documented == routed and len(table) == len(routed) else f"missing {routed - documented}, extra {documented - routed}")
PY
)"
check_eq "security headers: CSP without inline script" "default-src 'self'; script-src 'self'; frame-ancestors 'none'" "$(header Content-Security-Policy)"
check_eq "security headers: nosniff" "nosniff" "$(header X-Content-Type-Options)"
check_eq "security headers: no referrer" "no-referrer" "$(header Referrer-Policy)"

# ---- the role × route matrix, generated from the route table ----
python3 - "$E2E_TMP/routes.json" >"$E2E_TMP/matrix.tsv" <<'PY'
import json, sys
roles = "admin officer reviewer fund_manager bank provider enterprise auditor analyst".split()
scoped_by = {"programme": ("officer", "reviewer"), "firm": ("enterprise",)}
held = {"officer": "chengdu-2024", "reviewer": "chengdu-2024", "enterprise": "91510107MA6CM4R26W"}
for r in json.load(open(sys.argv[1])):
    for role in roles + ["anonymous"]:
        if r["public"]:
            want = r["example_status"]
        elif role == "anonymous":
            want = 401
        elif role not in r["roles"]:
            want = 403
        elif r["scope"] == "account" and role not in ("officer", "auditor"):
            want = 403  # the example account is a free account: only officers and auditors see it
        elif r["scope"] in ("programme", "firm") and role in scoped_by[r["scope"]] and \
                not r["example_path"].endswith("/" + held[role]):
            want = 403  # a scoped role outside its scope (the test users hold held[role])
        else:
            want = r["example_status"]
        print("\t".join([role, r["method"], r["example_path"], r["example_body"] or "-", str(want), r["path"]]))
PY
cells=0; bad=0
while IFS=$'\t' read -r role method path body want tmpl; do
  args=()
  [ "$role" != anonymous ] && args+=(-H "Authorization: Bearer ${TOKEN[$role]}")
  [ "$body" != - ] && args+=(-H "Content-Type: application/json" --data-binary "$body")
  args+=(-H "Idempotency-Key: matrix-$role-$cells")
  req "$method" "$path" "${args[@]}"
  cells=$((cells + 1))
  if [ "$(status)" != "$want" ]; then
    bad=$((bad + 1))
    fail "matrix $role $method $tmpl" "status $(status), wanted $want: $(head -c 200 "$E2E_TMP/body")"
  fi
done <"$E2E_TMP/matrix.tsv"
check_eq "role × route matrix: every cell as the table says ($cells cells)" 0 "$bad"
check_eq "the matrix covers every route × 10 callers" "$(( $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$E2E_TMP/routes.json") * 10 ))" "$cells"

# ---- sessions, cookies, CSRF ----
req POST /api/v1/session -H 'Content-Type: application/json' --data-binary "{\"user\":\"u-officer\",\"password\":\"$PW\"}"
check_eq "login: 200" 200 "$(status)"
check_eq "login answers user, role, csrf_token" "u-officer officer yes" "$(jq_body 'd["user"]+" "+d["role"]+" "+("yes" if len(d["csrf_token"])>20 else "no")')"
CSRF=$(jq_body 'd["csrf_token"]')
cookie=$(header Set-Cookie)
check_eq "the cookie is HttpOnly; SameSite=Strict; Path=/" "yes" "$(echo "$cookie" | grep -q '^huoshui_session=[A-Za-z0-9_-]\{20,\}; HttpOnly; SameSite=Strict; Path=/$' && echo yes || echo "no: $cookie")"
SESSION=$(echo "$cookie" | sed 's/^huoshui_session=\([^;]*\);.*/\1/')
req GET /api/v1/session -H "Cookie: huoshui_session=$SESSION"
check_eq "the cookie authenticates a read" "200 u-officer session" "$(status) $(jq_body 'd["user"]+" "+d["via"]')"
T='{"id":"csrf-1","debit":"approp","credit":"spare","amount":"1.00"}'
req POST /api/v1/transfers -H "Cookie: huoshui_session=$SESSION" -H 'Idempotency-Key: c1' --data-binary "$T"
check_eq "a cookie POST without X-CSRF-Token is 403 csrf" "403 csrf" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/transfers -H "Cookie: huoshui_session=$SESSION" -H 'X-CSRF-Token: wrong' -H 'Idempotency-Key: c1' --data-binary "$T"
check_eq "a wrong X-CSRF-Token is 403 csrf" "403" "$(status)"
req POST /api/v1/transfers -H "Cookie: huoshui_session=$SESSION" -H "X-CSRF-Token: $CSRF" -H 'Idempotency-Key: c1' --data-binary "$T"
check_eq "with the session's X-CSRF-Token the transfer is applied" "200 ok" "$(status) $(jq_body 'd["result"]')"
req DELETE /api/v1/session -H "Cookie: huoshui_session=$SESSION"
check_eq "logout by cookie needs the CSRF token too" 403 "$(status)"
req DELETE /api/v1/session -H "Cookie: huoshui_session=$SESSION" -H "X-CSRF-Token: $CSRF"
check_eq "logout" 200 "$(status)"
req GET /api/v1/session -H "Cookie: huoshui_session=$SESSION"
check_eq "a logged-out session is 401" 401 "$(status)"
req POST /api/v1/session -H 'Content-Type: application/json' --data-binary '{"user":"u-officer","password":"wrong-password-1"}'
check_eq "a wrong password is 401 unauthenticated" "401 unauthenticated" "$(status) $(jq_body 'd["error"]["code"]')"
req GET /api/v1/accounts/spare -H "Authorization: Bearer hs_notatoken"
check_eq "an unknown bearer token is 401" 401 "$(status)"

# ---- transfers: idempotency, bad bodies ----
OFF=(-H "Authorization: Bearer ${TOKEN[officer]}" -H 'Content-Type: application/json')
T='{"id":"idem-1","debit":"approp","credit":"spare","amount":"2.50"}'
req POST /api/v1/transfers "${OFF[@]}" --data-binary "$T"
check_eq "POST /transfers without Idempotency-Key: 400 idempotency_key_required" "400 idempotency_key_required" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/transfers "${OFF[@]}" -H 'Idempotency-Key: idem-key-1' --data-binary "$T"
check_eq "first POST applies" "200 ok" "$(status) $(jq_body 'd["result"]')"
cp "$E2E_TMP/body" "$E2E_TMP/first"
req POST /api/v1/transfers "${OFF[@]}" -H 'Idempotency-Key: idem-key-1' --data-binary "$T"
check_eq "a replay returns the original status" 200 "$(status)"
check_eq "a replay says Idempotency-Hit: true" "true" "$(header Idempotency-Hit)"
check_eq "a replay returns the original body byte for byte" "$(cat "$E2E_TMP/first")" "$(cat "$E2E_TMP/body")"
req POST /api/v1/transfers "${OFF[@]}" -H 'Idempotency-Key: idem-key-1' --data-binary '{"id":"idem-2","debit":"approp","credit":"spare","amount":"9"}'
check_eq "the same key with another body: 409 idempotency_key_reused" "409 idempotency_key_reused" "$(status) $(jq_body 'd["error"]["code"]')"
before=$(hs balance spare --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["credits_posted_fen"])')
req POST /api/v1/transfers "${OFF[@]}" -H 'Idempotency-Key: bad-1' --data-binary '{"id":"bad-1","debit":"approp",'
check_eq "malformed JSON: 400 invalid_json" "400 invalid_json" "$(status) $(jq_body 'd["error"]["code"]')"
check_eq "malformed JSON: the message names line and column" "yes" "$(jq_body 'd["error"]["message"]' | grep -q 'line 1, column' && echo yes || echo no)"
req POST /api/v1/transfers "${OFF[@]}" -H 'Idempotency-Key: bad-2' --data-binary '{"id":"bad-2","debit":"approp","credit":"spare","amount":"1","colour":"red"}'
check_eq "an unknown field: 400 naming it" "400 unknown_field colour" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["field"]')"
req POST /api/v1/transfers "${OFF[@]}" -H 'Idempotency-Key: bad-3' --data-binary '{"id":"bad-3","debit":"approp","credit":"spare","amount":"lots"}'
check_eq "a bad amount in well-formed JSON: 422 naming the field" "422 amount" "$(status) $(jq_body 'd["error"]["field"]')"
python3 -c 'import sys; sys.stdout.write("{\"id\":\"bad-4\",\"debit\":\"approp\",\"credit\":\"spare\",\"amount\":\"1\",\"code\":\"" + "x"*(2<<20) + "\"}")' >"$E2E_TMP/big.json"
req POST /api/v1/transfers "${OFF[@]}" -H 'Idempotency-Key: bad-4' --data-binary "@$E2E_TMP/big.json"
check_eq "a 2 MiB body: 413 body_too_large" "413" "$(status)"
curl -s -o "$E2E_TMP/body" -w '%{http_code}' -X POST "${OFF[@]}" -H 'Idempotency-Key: bad-5' -H 'Transfer-Encoding: chunked' --data-binary "@$E2E_TMP/big.json" "$URL/api/v1/transfers" >"$E2E_TMP/status"
check_eq "a 2 MiB chunked body: 413" "413" "$(status)"
req POST /api/v1/transfers "${OFF[@]}" -H 'Idempotency-Key: bad-6' --data-binary '{"transfers":[{"id":"bad-6a","debit":"budget","credit":"spare","amount":"60"},{"id":"bad-6b","debit":"budget","credit":"spare","amount":"60"}]}'
check_eq "a list that would overspend: 409 exceeds_credits naming the transfer" "409 exceeds_credits bad-6b" "$(status) $(jq_body 'd["error"]["code"]+" "+d["error"]["id"]')"
after=$(hs balance spare --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["credits_posted_fen"])')
check_eq "bad requests stored nothing" "$before" "$after"
check_eq "no bad transfer id is in the book" "0" "$(hs history spare --json 2>/dev/null | grep -c 'bad-' )"

# ---- accounts ----
req GET "/api/v1/accounts/spare" -H "Authorization: Bearer ${TOKEN[auditor]}"
check_eq "GET /accounts/spare: 200" 200 "$(status)"
check_eq "the account is the same object as balance --json" "same" "$(hs balance spare --json | python3 -c 'import json,sys; a=json.load(sys.stdin)[0]; b=json.load(open(sys.argv[1])); print("same" if a==b else f"{a} != {b}")' "$E2E_TMP/body")"
ETAG=$(header ETag)
req GET "/api/v1/accounts/spare" -H "Authorization: Bearer ${TOKEN[auditor]}" -H "If-None-Match: $ETAG"
check_eq "If-None-Match with the ETag: 304" 304 "$(status)"
req GET "/api/v1/accounts/budget%2Fchengdu-2024%2Fvouchers" -H "Authorization: Bearer ${TOKEN[officer]}"
check_eq "a percent-encoded name, officer in scope" "200 budget/chengdu-2024/vouchers" "$(status) $(jq_body 'd["account"]')"
req GET "/api/v1/accounts/firm%2F$USCC%2Fcash" -H "Authorization: Bearer ${TOKEN[enterprise]}"
check_eq "an enterprise reads its own firm's account" 200 "$(status)"
req GET "/api/v1/accounts/firm%2F91510107MA6CM4R26X%2Fcash" -H "Authorization: Bearer ${TOKEN[enterprise]}"
check_eq "an enterprise may not read another firm's account" 403 "$(status)"
req GET "/api/v1/accounts/%2e%2e" -H "Authorization: Bearer ${TOKEN[auditor]}"
check_eq "a '..' segment is refused" "400 invalid_path" "$(status) $(jq_body 'd["error"]["code"]')"
req GET "/api/v1/accounts/nope" -H "Authorization: Bearer ${TOKEN[auditor]}"
check_eq "an unknown account: 404 not_found" "404 not_found" "$(status) $(jq_body 'd["error"]["code"]')"
O=(-H "Authorization: Bearer ${TOKEN[officer]}" -H 'Content-Type: application/json')
req POST /api/v1/accounts "${O[@]}" --data-binary '{"name":"grants/desk","kind":"clearing","limit":"debits-le-credits"}'
check_eq "POST /accounts as an officer: 201, the body account create --json prints" "201 same" \
  "$(status) $(hs account create grants/desk --kind clearing --limit debits-le-credits --json | python3 -c 'import json,sys; a=json.load(sys.stdin); b=json.load(open(sys.argv[1])); b["created"]=False; print("same" if a==b else f"{a} != {b}")' "$E2E_TMP/body")"
req POST /api/v1/accounts "${O[@]}" --data-binary '{"name":"grants/desk","kind":"clearing","limit":"debits-le-credits"}'
check_eq "the same again: 200, created false" "200 False" "$(status) $(jq_body 'd["created"]')"
req POST /api/v1/accounts "${O[@]}" --data-binary '{"name":"grants/desk","kind":"expense"}'
check_eq "the name with another kind: 422 naming kind" "422 kind" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/accounts "${O[@]}" --data-binary '{"name":"budget/chengdu-2024/squat","kind":"budget"}'
check_eq "a name in a module's namespace: 403, nothing stored" "403 2" "$(status) $(hs account show budget/chengdu-2024/squat >/dev/null 2>&1; echo $?)"
req POST /api/v1/accounts "${O[@]}" --data-binary '{"name":"grants/x","kind":"clearing","limit":"sideways"}'
check_eq "an unknown limit: 422 naming limit" "422 limit" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/accounts -H "Authorization: Bearer ${TOKEN[auditor]}" -H 'Content-Type: application/json' --data-binary '{"name":"grants/y","kind":"clearing"}'
check_eq "an auditor may not create accounts: 403" 403 "$(status)"
rows=""; cursor=""
for _ in $(seq 1 20); do
  req GET "/api/v1/accounts/approp/history?limit=1${cursor:+&cursor=$cursor}" -H "Authorization: Bearer ${TOKEN[auditor]}"
  [ "$(status)" = 200 ] || break
  rows="$rows $(jq_body '" ".join(i["id"]+":"+str(i["balance_fen"])+":"+str(i["audit_seq"]) for i in d["items"])')"
  cursor=$(jq_body 'd["next_cursor"] or ""')
  [ -z "$cursor" ] && break
done
check_eq "GET /accounts/approp/history, a row a page: the rows of history --json (id, running balance, audit seq)" \
  "$(hs history approp --json | python3 -c 'import json,sys; print(" ".join(i["id"]+":"+str(i["balance_fen"])+":"+str(i["audit_seq"]) for i in json.load(sys.stdin)))')" "$(echo $rows)"
req GET "/api/v1/accounts/firm%2F91510107MA6CM4R26X%2Fcash/history" -H "Authorization: Bearer ${TOKEN[enterprise]}"
check_eq "another firm's account history to an enterprise: 403" 403 "$(status)"
req GET "/api/v1/accounts/nope/history" -H "Authorization: Bearer ${TOKEN[auditor]}"
check_eq "the history of no account: 404" 404 "$(status)"
names=""; cursor=""
for _ in $(seq 1 20); do
  req GET "/api/v1/accounts?limit=2${cursor:+&cursor=$cursor}" -H "Authorization: Bearer ${TOKEN[auditor]}"
  names="$names $(jq_body '" ".join(i["account"] for i in d["items"])')"
  cursor=$(jq_body 'd["next_cursor"] or ""')
  [ -z "$cursor" ] && break
done
check_eq "cursor pages list every account once, in order" "$(hs balance --json | python3 -c 'import json,sys; print(" ".join(a["account"] for a in json.load(sys.stdin)))')" "$(echo $names)"

# ---- instrument records (created after the matrix, whose examples expect 404) ----
hs programme create chengdu-2024 --date 2024-01-01 >/dev/null
hs programme fund chengdu-2024 --budget main --amount 1000 --date 2024-01-02 >/dev/null
hs programme create mianyang-2025 --date 2024-01-01 >/dev/null
req GET /api/v1/programmes/chengdu-2024 -H "Authorization: Bearer ${TOKEN[officer]}"
check_eq "an officer reads a programme in scope" 200 "$(status)"
check_eq "the programme is the same object as programme show --json" "same" "$(hs programme show chengdu-2024 --json | python3 -c 'import json,sys; a=json.load(sys.stdin); b=json.load(open(sys.argv[1])); print("same" if a==b else f"{a} != {b}")' "$E2E_TMP/body")"
req GET /api/v1/programmes/mianyang-2025 -H "Authorization: Bearer ${TOKEN[officer]}"
check_eq "an officer may not read a programme outside its scope" "403 forbidden" "$(status) $(jq_body 'd["error"]["code"]')"
req GET /api/v1/programmes/mianyang-2025 -H "Authorization: Bearer ${TOKEN[analyst]}"
check_eq "an analyst reads any programme's aggregates" 200 "$(status)"
req GET "/api/v1/reports/programmes/chengdu-2024?format=csv" -H "Authorization: Bearer ${TOKEN[officer]}"
check_eq "a programme report as a CSV download" "200 text/csv; charset=utf-8" "$(status) $(header Content-Type)"
check_eq "the CSV is the bytes of report programme --csv" "$(hs report programme chengdu-2024 --csv | md5sum)" "$(md5sum <"$E2E_TMP/body")"
check_eq "the CSV comes as an attachment" 'attachment; filename="programme-report.csv"' "$(header Content-Disposition)"
req GET "/api/v1/reports/programmes/chengdu-2024" -H "Authorization: Bearer ${TOKEN[officer]}"
check_eq "the JSON report is report programme --json" "same" "$(hs report programme chengdu-2024 --json | python3 -c 'import json,sys; a=json.load(sys.stdin); b=json.load(open(sys.argv[1])); print("same" if a==b else f"{a} != {b}")' "$E2E_TMP/body")"
req GET "/api/v1/reports/programmes/chengdu-2024?format=xlsx" -H "Authorization: Bearer ${TOKEN[auditor]}"
check_eq "an Excel download is a zip (xlsx)" "200 PK" "$(status) $(head -c 2 "$E2E_TMP/body")"
req GET "/api/v1/reports/programmes/chengdu-2024?by=firm" -H "Authorization: Bearer ${TOKEN[analyst]}"
check_eq "analysts get no firm-level report" 403 "$(status)"
req GET "/api/v1/reports/programmes/chengdu-2024?by=city" -H "Authorization: Bearer ${TOKEN[analyst]}"
check_eq "an analyst's totals by city: report programme --by city --json" "200 same" \
  "$(status) $(same_json <(hs report programme chengdu-2024 --by city --json) "$E2E_TMP/body")"
req GET /api/v1/firms/91510107MA6CM4R26X -H "Authorization: Bearer ${TOKEN[enterprise]}"
check_eq "an enterprise may not read another firm's record" 403 "$(status)"

# ---- 32 clients race one limited budget ----
race() { # $1 = label; budget holds what is left of 100.00, each client tries 10 × 1.00
  local label=$1 c
  for c in $(seq 1 32); do
    (
      for i in $(seq 1 10); do
        code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer ${TOKEN[officer]}" \
          -H "Idempotency-Key: $label-$c-$i" --data-binary "{\"id\":\"$label-$c-$i\",\"debit\":\"budget\",\"credit\":\"sink\",\"amount\":\"1.00\"}" \
          "$URL/api/v1/transfers")
        echo "$code"
      done
    ) >"$E2E_TMP/race.$label.$c" &
  done
  wait $(jobs -p | grep -v "^$SERVER_PID$") 2>/dev/null
}
race gc
sleep 0.2
ok=$(cat "$E2E_TMP"/race.gc.* | grep -c '^200$'); refused=$(cat "$E2E_TMP"/race.gc.* | grep -c '^409$')
check_eq "race (group commit): every request answered 200 or 409" 320 "$((ok + refused))"
check_eq "race (group commit): exactly what the budget held was paid" 100 "$ok"
read -r debits credits pending <<<"$(hs balance budget --json | python3 -c 'import json,sys; a=json.load(sys.stdin)[0]; print(a["debits_posted_fen"], a["credits_posted_fen"], a["debits_pending_fen"])')"
check_eq "race (group commit): 0 overspend" "10000 10000 0" "$debits $credits $pending"
check_rc "huoshui check passes after the race" 0 hs check
# the audit chain under group commit: each accepted request has its own entry, by its user
check_rc "audit verify passes after the race" 0 hs audit verify
hs history sink --json >"$E2E_TMP/sink.json"
hs audit log --actor u-officer --limit 1000 --json >"$E2E_TMP/audit.json"
check_eq "race (group commit): each paid request's transfer links its own audit entry by u-officer, action POST /api/v1/transfers" "100 100 ok" "$(python3 - "$E2E_TMP/sink.json" "$E2E_TMP/audit.json" <<'PY'
import json, sys
hist = [t for t in json.load(open(sys.argv[1])) if t["id"].startswith("gc-")]
entries = {e["seq"]: e for e in json.load(open(sys.argv[2]))}
seqs = [t["audit_seq"] for t in hist]
good = all(s in entries and entries[s]["action"] == "POST /api/v1/transfers" for s in seqs)
print(len(hist), len(set(seqs)), "ok" if good else "bad")
PY
)"
stop_server; rc=$?
check_eq "SIGTERM: serve exits 0" 0 "$rc"
gc_line=$(grep 'group commit:' "$E2E_TMP/serve.err")
check_eq "group commit shared transactions" "yes" "$(echo "$gc_line" | python3 -c 'import re,sys; m=re.search(r"(\d+) requests in (\d+) transactions", sys.stdin.read()); print("yes" if m and int(m.group(2)) < int(m.group(1)) else "no: "+str(m and m.groups()))')"

hs transfer --id refill --debit approp --credit budget --amount 100.00 >/dev/null
start_server --group-commit off
race nogc
ok=$(cat "$E2E_TMP"/race.nogc.* | grep -c '^200$'); refused=$(cat "$E2E_TMP"/race.nogc.* | grep -c '^409$')
check_eq "race (group commit off): every request answered 200 or 409" 320 "$((ok + refused))"
check_eq "race (group commit off): exactly what the budget held was paid" 100 "$ok"
check_rc "huoshui check passes after the second race" 0 hs check
stop_server

# ---- SIGTERM under load loses no acknowledged transfer ----
start_server
for c in $(seq 1 8); do
  (
    for i in $(seq 1 100000); do
      code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer ${TOKEN[officer]}" \
        -H "Idempotency-Key: term-$c-$i" --data-binary "{\"id\":\"term-$c-$i\",\"debit\":\"approp\",\"credit\":\"sink\",\"amount\":\"0.01\"}" \
        "$URL/api/v1/transfers")
      [ "$code" = 200 ] && echo "term-$c-$i"
      [ "$code" = 000 ] && break
    done
  ) >"$E2E_TMP/term.$c" &
done
# signal once the load is really on: 50 acknowledgements (at most 30 s on a loaded machine)
for _ in $(seq 1 300); do
  [ "$(cat "$E2E_TMP"/term.* 2>/dev/null | wc -l)" -ge 50 ] && break
  sleep 0.1
done
sleep 0.3
stop_server; rc=$?
wait
check_eq "SIGTERM under load: serve exits 0" 0 "$rc"
acked=$(cat "$E2E_TMP"/term.* | sort -u)
n_acked=$(echo "$acked" | grep -c .)
check_eq "SIGTERM under load: transfers were acknowledged before the signal" "yes" "$([ "$n_acked" -gt 0 ] && echo yes || echo no)"
hs history sink --json >"$E2E_TMP/sink.json"
missing=$(python3 - "$E2E_TMP/sink.json" <<PY
import json, sys
have = {t.get("id") for t in json.load(open(sys.argv[1]))}
acked = """$acked""".split()
print(sum(1 for a in acked if a not in have))
PY
)
check_eq "SIGTERM under load: every acknowledged transfer ($n_acked) is in the book" 0 "$missing"
check_rc "huoshui check passes after SIGTERM" 0 hs check

# ---- login rate limiting (last: the address is locked out for a minute) ----
start_server
# one failure from this address already (the wrong password above): four more make five
codes=""
for i in 1 2 3 4; do
  req POST /api/v1/session -H 'Content-Type: application/json' --data-binary '{"user":"u-analyst","password":"wrong-password-x"}'
  codes="$codes $(status)"
done
check_eq "wrong passwords are each 401 up to five in a minute" " 401 401 401 401" "$codes"
req POST /api/v1/session -H 'Content-Type: application/json' --data-binary "{\"user\":\"u-analyst\",\"password\":\"$PW\"}"
check_eq "the sixth attempt in a minute is 429 rate_limited, even with the right password" "429 rate_limited" "$(status) $(jq_body 'd["error"]["code"]')"
stop_server
check_eq "no secret in the server's log" "0" "$(grep -c -F -e "$PW" -e "${TOKEN[officer]}" -e "${CSRF:-no-csrf-token}" -e "${SESSION:-no-session}" "$E2E_TMP/serve.err")"
