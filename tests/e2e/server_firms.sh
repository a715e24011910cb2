#!/usr/bin/env bash
# server_firms.sh — the registry routes of `huoshui serve` over real HTTP (curl) against the real
# binary: an officer imports a CSV body (all or nothing; a bad file refused naming every bad line
# and field, nothing stored; the summary equal to `firm import --json` but for the file name),
# the firm list in cursor pages with the filters of `firm list` (items equal to `firm list
# --json`), an enterprise seeing only its own firm, analysts and others refused, a firm's
# products, ETag and 304.
source "$(dirname "$0")/lib.sh"
D=$(cd "$(dirname "$0")/../data" && pwd)
B=$E2E_TMP/firms.db
source "$(dirname "$0")/server_lib.sh"
M=$E2E_TMP/mirror.db
cli() { "$HS" --book "$M" "$@"; }
OWN=91510107MA6CM4R22G
CSV=(-H 'Content-Type: text/csv')

hs init >/dev/null
cli init >/dev/null
add_user oscar officer --scope programme:p1
add_user rita reviewer --scope programme:p1
add_user audrey auditor
add_user ann analyst
add_user ed enterprise --scope firm:$OWN
add_user adam admin
add_user bob bank --scope bank:b1
start_server
check_eq "serve listens" "yes" "$(echo "$URL" | grep -qE '^http://127\.0\.0\.1:[0-9]+$' && echo yes || echo "no: '$URL'")"
count() { hs firm list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# ---- import ----
req POST /api/v1/firms/import -H "$(as oscar)" "${CSV[@]}" --data-binary @"$D/firms-bad.csv"
check_eq "a file with 3 bad rows: 422 invalid_field" "422 invalid_field" "$(status) $(jq_body 'd["error"]["code"]')"
check_eq "the problems name every bad line and field (3 uscc, 4 founded, 5 employees, revenue, high_tech)" \
  "body.csv:3: field 'uscc'|body.csv:4: field 'founded'|body.csv:5: field 'employees'|body.csv:5: field 'revenue'|body.csv:5: field 'high_tech'" \
  "$(jq_body '"|".join(":".join(p.split(":")[:3]) for p in d["error"]["problems"])')"
check_eq "the message names the body, not a temporary file" "True False" "$(jq_body '"body.csv" in d["error"]["message"]') $(jq_body '"/tmp" in d["error"]["message"] or any("/tmp" in p for p in d["error"]["problems"])')"
check_eq "nothing stored (the good rows of the refused file neither)" "0" "$(count)"
check_eq "the CLI refuses the same file naming the same field" "$(jq_body 'd["error"]["field"]')" \
  "$(hs firm import "$D/firms-bad.csv" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["error"]["field"])')"
req POST /api/v1/firms/import -H "$(as oscar)" -H 'Content-Type: application/json' --data-binary @"$D/firms-good.csv"
check_eq "a CSV sent as application/json: 400 unsupported_media_type" "400 unsupported_media_type" "$(status) $(jq_body 'd["error"]["code"]')"
req POST /api/v1/firms/import -H "$(as oscar)" "${CSV[@]}"
check_eq "an empty body: 422 invalid_field body" "422 body" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/firms/import -H "$(as audrey)" "${CSV[@]}" --data-binary @"$D/firms-good.csv"
check_eq "an auditor writes nothing: 403" "403" "$(status)"
req POST /api/v1/firms/import -H "$(as adam)" "${CSV[@]}" --data-binary @"$D/firms-good.csv"
check_eq "nor an admin: 403" "403" "$(status)"
req POST /api/v1/firms/import -H "$(as ed)" "${CSV[@]}" --data-binary @"$D/firms-good.csv"
check_eq "nor an enterprise: 403" "403" "$(status)"
check_eq "still nothing stored" "0" "$(count)"
req POST /api/v1/firms/import -H "$(as oscar)" "${CSV[@]}" --data-binary @"$D/firms-good.csv"
check_eq "the officer imports the good file: 200" "200" "$(status)"
cp "$E2E_TMP/body" "$E2E_TMP/http_import"
cli firm import "$D/firms-good.csv" --json >"$E2E_TMP/cli_import"
check_eq "the summary is firm import --json's (file: body.csv)" "same" "$(python3 - "$E2E_TMP/cli_import" "$E2E_TMP/http_import" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
ok = b.pop("file") == "body.csv" and a.pop("file") is not None
print("same" if ok and a == b else f"{a} != {b}")
PY
)"
check_eq "every row stored" "$(jq_body 'd["inserted"]')" "$(count)"
req POST /api/v1/firms/import-products -H "$(as oscar)" "${CSV[@]}" --data-binary @"$D/products-bad.csv"
check_eq "POST /firms/import-products of a bad file: 422 with every bad row, nothing stored" "422 yes 0" \
  "$(status) $(jq_body '"yes" if len(d["error"]["problems"]) >= 2 and all(p.startswith("body.csv:") for p in d["error"]["problems"]) else d') $(hs firm show 91510107MA6CM4R20A --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["products"]))')"
req POST /api/v1/firms/import-products -H "$(as ed)" "${CSV[@]}" --data-binary @"$D/products-good.csv"
check_eq "an enterprise may not import products: 403" 403 "$(status)"
req POST /api/v1/firms/import-products -H "$(as oscar)" "${CSV[@]}" --data-binary @"$D/products-good.csv"
cp "$E2E_TMP/body" "$E2E_TMP/http_products"
cli firm import-products "$D/products-good.csv" --json >"$E2E_TMP/cli_products"
check_eq "POST /firms/import-products as an officer: 200, the summary firm import-products --json prints" "200 same" \
  "$(status) $(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); a.pop("file"); b.pop("file"); print("same" if a==b and b["inserted"]>0 else f"{a} != {b}")' "$E2E_TMP/cli_products" "$E2E_TMP/http_products")"
req POST /api/v1/firms/import -H "$(as oscar)" "${CSV[@]}" --data-binary @"$D/firms-good.csv"
check_eq "importing it again changes nothing" "200 0 0" "$(status) $(jq_body 'd["inserted"]') $(jq_body 'd["updated"]')"

# ---- list ----
hs firm list --json >"$E2E_TMP/cli_list"
req GET /api/v1/firms -H "$(as oscar)"
check_eq "GET /firms as an officer: every firm, as firm list --json prints them" "200 same" \
  "$(status) $(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))["items"]; print("same" if a==b else f"{a} != {b}")' "$E2E_TMP/cli_list" "$E2E_TMP/body")"
ETAG=$(header ETag)
req GET /api/v1/firms -H "$(as oscar)" -H "If-None-Match: $ETAG"
check_eq "If-None-Match with the ETag: 304" "304" "$(status)"
ALL=$(python3 -c 'import json,sys; print(",".join(f["uscc"] for f in json.load(open(sys.argv[1]))))' "$E2E_TMP/cli_list")
PAGES=""; CUR=""; N=0
while :; do
  req GET "/api/v1/firms?limit=2${CUR:+&cursor=$CUR}" -H "$(as audrey)"
  PAGES="$PAGES${PAGES:+,}$(jq_body '",".join(f["uscc"] for f in d["items"])')"
  CUR=$(jq_body 'd["next_cursor"] or ""'); N=$((N + 1))
  [ -z "$CUR" ] || [ $N -gt 10 ] && break
done
check_eq "pages of 2 followed by cursor give every firm once, in order" "$ALL" "$PAGES"
req GET "/api/v1/firms?sector=vision" -H "$(as rita)"
check_eq "?sector=vision as firm list --sector vision" "$(hs firm list --sector vision --json | python3 -c 'import json,sys; print(",".join(f["uscc"] for f in json.load(sys.stdin)))')" "$(jq_body '",".join(f["uscc"] for f in d["items"])')"
req GET "/api/v1/firms?city=深圳&status=high_tech" -H "$(as oscar)"
check_eq "?city=&status=high_tech as firm list --city --flag high_tech" "$(hs firm list --city 深圳 --flag high_tech --json | python3 -c 'import json,sys; print(",".join(f["uscc"] for f in json.load(sys.stdin)))')" "$(jq_body '",".join(f["uscc"] for f in d["items"])')"
req GET "/api/v1/firms?sector=astrology" -H "$(as oscar)"
check_eq "an unknown sector: 422 invalid_field sector" "422 sector" "$(status) $(jq_body 'd["error"]["field"]')"
req GET "/api/v1/firms?status=famous" -H "$(as oscar)"
check_eq "an unknown status: 422 invalid_field status" "422 status" "$(status) $(jq_body 'd["error"]["field"]')"
req GET /api/v1/firms -H "$(as ed)"
check_eq "an enterprise sees only its own firm" "200 $OWN" "$(status) $(jq_body '",".join(f["uscc"] for f in d["items"])')"
req GET /api/v1/firms -H "$(as ann)"
check_eq "an analyst gets no firm-level list: 403" "403" "$(status)"
req GET /api/v1/firms -H "$(as bob)"
check_eq "nor a bank: 403" "403" "$(status)"

# ---- products ----
req GET /api/v1/firms/91510107MA6CM4R20A/products -H "$(as oscar)"
hs firm show 91510107MA6CM4R20A --json >"$E2E_TMP/cli_show"
check_eq "a firm's products: those firm show --json lists" "200 same" \
  "$(status) $(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["products"]; b=json.load(open(sys.argv[2]))["items"]; print("same" if a==b and a else f"{a} != {b}")' "$E2E_TMP/cli_show" "$E2E_TMP/body")"
req GET /api/v1/firms/$OWN/products -H "$(as ed)"
check_eq "the enterprise reads its own products" "200 EQ-7" "$(status) $(jq_body '",".join(p["product_id"] for p in d["items"])')"
req GET /api/v1/firms/91510107MA6CM4R20A/products -H "$(as ed)"
check_eq "another firm's products to the enterprise: 403" "403" "$(status)"
req GET /api/v1/firms/91510107MA6CM4R26W/products -H "$(as audrey)"
check_eq "a firm the registry lacks: 404" "404" "$(status)"
req GET /api/v1/firms/91510107MA6CM4R20A/products -H "$(as ann)"
check_eq "an analyst: 403" "403" "$(status)"

# ---- credit-code check ----
req POST /api/v1/firms/check -H "$(as bob)" "${J[@]}" --data-binary '{"uscc":["91510107MA6CM4R20A","91510107MA6CM4R20B"]}'
cp "$E2E_TMP/body" "$E2E_TMP/http_check"
hs firm check 91510107MA6CM4R20A 91510107MA6CM4R20B --json >"$E2E_TMP/cli_check" 2>/dev/null
check_eq "POST /firms/check (any role): each verdict as firm check --json prints it" "200 True,False same" \
  "$(status) $(jq_body '",".join(str(r["valid"]) for r in d["results"])') $(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))["results"]; print("same" if a==b else f"{a} != {b}")' "$E2E_TMP/cli_check" "$E2E_TMP/http_check")"
req POST /api/v1/firms/check -H "$(as bob)" "${J[@]}" --data-binary '{"uscc":[]}'
check_eq "no codes: 422 naming uscc" "422 uscc" "$(status) $(jq_body 'd["error"]["field"]')"
req POST /api/v1/firms/check -H "$(as bob)" "${J[@]}" --data-binary "{\"uscc\":[$(python3 -c 'print(",".join(["\"91510107MA6CM4R20A\""]*1001))')]}"
check_eq "1001 codes: 422" 422 "$(status)"

stop_server
check_eq "serve exits 0 on SIGTERM" 0 $?
check_rc "the book is sound after it all" 0 "$HS" --book "$B" check
