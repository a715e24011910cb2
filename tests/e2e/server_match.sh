#!/usr/bin/env bash
# server_match.sh — the policy-by-id routes of `huoshui serve` over real HTTP against the real
# binary: GET /policies/shipped lists the shipped policies by id and version (never a path), with
# an ETag honoured by If-None-Match, for the roles that read policies; others 403.
source "$(dirname "$0")/lib.sh"
B=$E2E_TMP/match.db
source "$(dirname "$0")/server_lib.sh"
export HUOSHUI_TODAY=2024-09-27
F1=914403001922038216

hs init >/dev/null
add_user oscar officer --scope programme:chengdu-2024
add_user ed enterprise --scope firm:$F1
add_user bart bank --scope bank:icbc
start_server

req_as GET /api/v1/policies/shipped oscar
check_eq "GET /policies/shipped as an officer: 200, one page" "200 None" "$(status) $(jq_body 'd["next_cursor"]')"
check_eq "it lists the first-version software policy by id" "yes" \
  "$(jq_body '"yes" if any(p["label"]=="chengdu.first_version_software@2024.1" and p["valid_from"]=="2024-01-01" for p in d["items"]) else "no"')"
check_eq "no item names a path" "False" "$(jq_body 'any("/" in p.get("file","") for p in d["items"])')"
etag=$(header ETag)
check_eq "a read sends an ETag" "yes" "$([ -n "$etag" ] && echo yes || echo no)"
req_as GET /api/v1/policies/shipped oscar -H "If-None-Match: $etag"
check_eq "If-None-Match with that ETag: 304" "304" "$(status)"
req_as GET "/api/v1/policies/shipped?limit=2" ed
check_eq "an enterprise pages them: 2 items and a cursor" "200 2 True" \
  "$(status) $(jq_body 'len(d["items"])') $(jq_body 'd["next_cursor"] is not None')"
req_as GET /api/v1/policies/shipped bart
check_eq "a bank may not read policies: 403" "403" "$(status)"
