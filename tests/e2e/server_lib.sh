# server_lib.sh — helpers for the end-to-end tests of `huoshui serve`. Source it after lib.sh and
# after setting B (the book's path); then:
#   hs ARGS...                 the CLI on $B
#   add_user NAME ROLE [--scope S]...   a user with password $PW, its bearer token in TOKEN[NAME]
#   start_server [FLAGS...]    `serve --listen 127.0.0.1:0` in the background; URL, SERVER_PID set
#   stop_server                SIGTERM and wait; returns the server's exit status (also on EXIT)
#   req METHOD PATH [curl args...]   status in $E2E_TMP/status, body in body, headers in headers
#   req_as METHOD PATH NAME [curl args...]   the same with NAME's bearer token
#   status, header NAME, jq_body PY_EXPR (d = the body), same_json FILE_A FILE_B
#   as NAME (an Authorization header), bal/owed ACCOUNT (balance_fen, debits − credits),
#   cli_code ARGS... (the error code the CLI's --json prints for a refused command)
# J holds the JSON Content-Type header for curl.
hs() { "$HS" --book "$B" "$@"; }
PW=${PW:-correct-horse-battery-9}
declare -A TOKEN
J=(-H 'Content-Type: application/json')

add_user() {
  local name=$1 role=$2
  shift 2
  hs user add "$name" --role "$role" "$@" <<<"$PW" >/dev/null 2>"$E2E_TMP/useradd.err" ||
    fail "user add $name" "$(cat "$E2E_TMP/useradd.err")"
  TOKEN[$name]=$(hs token create "$name" | tail -1)
}

SERVER_PID=""
start_server() {
  "$HS" --book "$B" serve --listen 127.0.0.1:0 "$@" 2>"$E2E_TMP/serve.err" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    grep -q '^listening on http://' "$E2E_TMP/serve.err" && break
    sleep 0.05
  done
  URL=$(sed -n 's/^listening on \(http:\/\/[0-9.:]*\)$/\1/p' "$E2E_TMP/serve.err" | head -1)
}
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID"
  local rc=$?
  SERVER_PID=""
  return $rc
}
trap 'stop_server; rm -rf "$E2E_TMP"' EXIT

req() {
  local method=$1 path=$2
  shift 2
  curl -s -o "$E2E_TMP/body" -D "$E2E_TMP/headers" -w '%{http_code}' -X "$method" "$@" "$URL$path" >"$E2E_TMP/status"
}
req_as() {
  local method=$1 path=$2 who=$3
  shift 3
  req "$method" "$path" -H "Authorization: Bearer ${TOKEN[$who]}" "$@"
}
status() { cat "$E2E_TMP/status"; }
header() { tr -d '\r' <"$E2E_TMP/headers" | sed -n "s/^$1: //Ip" | head -1; }
jq_body() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$E2E_TMP/body" "$1" 2>/dev/null; }
same_json() { python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); print("same" if a==b else f"{a} != {b}")' "$1" "$2"; }
as() { echo "Authorization: Bearer ${TOKEN[$1]}"; }
bal() { hs balance "$1" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["balance_fen"])' 2>/dev/null || echo none; }
owed() { hs balance "$1" --json 2>/dev/null | python3 -c 'import json,sys; a=json.load(sys.stdin)[0]; print(a["debits_posted_fen"]-a["credits_posted_fen"])' 2>/dev/null || echo none; }
cli_code() { hs "$@" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["error"]["code"])' 2>/dev/null || echo none; }
