#!/usr/bin/env bash
# programme_multi_year.sh — a multi-year appropriation released year by year (Sichuan: 12亿 over
# three years, seed 003): the scenario's figures; funding only what was released and releasing
# only what was pledged (exit 1, exceeds_credits, nothing stored); bad input (exit 2); idempotent
# create and release; the accounts owned by the programme; racing releases of the last tranche;
# maker-checker on a release; and the HTTP route (scope, Idempotency-Key, the CLI's bytes).
source "$(dirname "$0")/lib.sh"
H=${HS_DBG:-$HS}
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$E2E_TMP/out"; }
fen() { hs balance "$1" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["balance_fen"])' 2>/dev/null || echo none; }

# ---- the Sichuan scenario ----
S=$E2E_TMP/sichuan.db
check_rc "scenarios/sichuan.sh runs" 0 bash "${HUOSHUI_DATA:-.}/scenarios/sichuan.sh" "$HS" "$S"
check_contains "it shows 2025's money refused in 2024" "refused: of the 400,000,000.00 CNY released so far 0.00 CNY is not yet in a budget" "$E2E_TMP/out"
check_contains "it ends with a sound book" "every invariant holds" "$E2E_TMP/out"
B=$S
hs() { "$H" --book "$B" "$@"; }
check_rc "programme show --json" 0 hs programme show sichuan-ai --json
check_eq "pledged, released, unreleased, unbudgeted" "120000000000 120000000000 0 0" \
  "$(json '" ".join(str(d["multi_year_appropriation"][k]) for k in ("pledged_fen","released_fen","unreleased_fen","unbudgeted_fen"))')"
check_eq "the five parts hold 12亿 in all" "120000000000" "$(json 'd["appropriated_fen"]')"
check_eq "技术攻关 holds 30% of each year's 4亿" "36000000000" "$(json '[b["appropriated_fen"] for b in d["budgets"] if b["budget"]=="tech-research"][0]')"
check_eq "the treasury gave the whole pledge" "-120000000000" "$(fen treasury/sichuan-ai)"

# ---- one programme, step by step ----
B=$E2E_TMP/p.db
hs init >/dev/null
check_rc "create with --appropriation 12亿" 0 hs programme create sc --appropriation 12亿 --date 2024-01-01
check_rc "funding before any release is refused" 1 hs programme fund sc --budget a --amount 1 --date 2024-01-02 --json
check_eq "code exceeds_credits on field amount" "exceeds_credits amount" "$(json 'd["error"]["code"] + " " + d["error"]["field"]')"
check_rc "the refused funding made no budget" 2 hs balance budget/sc/a --json
check_rc "release 4亿" 0 hs programme release sc --amount 4亿 --date 2024-01-15 --id rel-2024
check_rc "the same release again (same id)" 0 hs programme release sc --amount 4亿 --date 2024-01-15 --id rel-2024
check_eq "released once" "40000000000" "$(fen appropriation/sc)"
check_rc "the same id with another amount is bad input (exists_with_different_amount)" 2 hs programme release sc --amount 3亿 --date 2024-01-15 --id rel-2024
check_rc "fund 4亿 (all that is released)" 0 hs programme fund sc --budget a --amount 4亿 --date 2024-02-01
check_rc "one fen more is refused" 1 hs programme fund sc --budget b --amount 0.01 --date 2024-02-01
check_contains "the message says what is released and unbudgeted" "of the 400,000,000.00 CNY released so far 0.00 CNY is not yet in a budget" "$E2E_TMP/err"
check_rc "release 8亿 more (2025 and 2026)" 0 hs programme release sc --amount 8亿 --date 2025-01-15
check_rc "releasing one fen beyond the pledge is refused" 1 hs programme release sc --amount 0.01 --date 2026-01-15 --json
check_eq "code exceeds_credits" "exceeds_credits" "$(json 'd["error"]["code"]')"
check_contains "it names what is left" "0.00 CNY of its 1,200,000,000.00 CNY appropriation is left to release" "$E2E_TMP/err"
check_eq "the pledge is empty, never negative" "0" "$(fen pledge/sc)"
check_rc "a plain transfer out of the appropriation is refused" 1 hs transfer --id steal --debit appropriation/sc --credit treasury/sc --amount 1
check_contains "named account_owned_by_module" "account_owned_by_module" "$E2E_TMP/err"
check_rc "a plain transfer out of the pledge is refused" 1 hs transfer --id steal2 --debit pledge/sc --credit appropriation/sc --amount 1
check_rc "create again, same appropriation: a no-op" 0 hs programme create sc --appropriation 12亿 --date 2024-01-01
check_rc "create again with another appropriation" 2 hs programme create sc --appropriation 10亿 --json
check_eq "code exists_with_different_appropriation" "exists_with_different_appropriation appropriation" "$(json 'd["error"]["code"] + " " + d["error"]["field"]')"
check_rc "create again without one (open-ended)" 2 hs programme create sc
check_rc "--appropriation 0 is bad input" 2 hs programme create z --appropriation 0
check_rc "--appropriation not money is bad input" 2 hs programme create z --appropriation lots
check_rc "no programme z was made" 2 hs programme show z
check_rc "release without --amount" 2 hs programme release sc
check_rc "release of an unknown programme" 2 hs programme release nowhere --amount 1 --json
check_eq "code not_found" "not_found" "$(json 'd["error"]["code"]')"
check_rc "an open-ended programme" 0 hs programme create open --date 2024-01-01
check_rc "has nothing to release" 1 hs programme release open --amount 1 --json
check_eq "code state_conflict" "state_conflict" "$(json 'd["error"]["code"]')"
check_rc "and funds without a limit, as before" 0 hs programme fund open --budget x --amount 1亿
check_rc "open-ended show --json" 0 hs programme show open --json
check_eq "multi_year_appropriation is null" "None" "$(json 'd["multi_year_appropriation"]')"
check_rc "close sc" 0 hs programme close sc --date 2026-12-31
check_rc "release after close is refused" 1 hs programme release sc --amount 1 --json
check_eq "closed: state_conflict" "state_conflict" "$(json 'd["error"]["code"]')"
check_rc "show after close" 0 hs programme show sc --json
check_eq "the closed budgets' money is back, unbudgeted" "120000000000 120000000000" "$(json 'str(d["multi_year_appropriation"]["released_fen"]) + " " + str(d["multi_year_appropriation"]["unbudgeted_fen"])')"
check_rc "check on the book" 0 hs check

# ---- racing releases of the last tranche: one wins, the pledge is never overdrawn ----
R=$E2E_TMP/race.db
"$HS" --book "$R" init >/dev/null
"$HS" --book "$R" programme create race --appropriation 10亿 --date 2024-01-01 >/dev/null
"$HS" --book "$R" programme release race --amount 6亿 --date 2024-01-02 >/dev/null
for i in $(seq 1 8); do
  "$HS" --book "$R" programme release race --amount 4亿 --date 2025-01-02 --id "last-$i" >"$E2E_TMP/race.$i" 2>&1 &
done
wait
won=$(grep -l '^released' "$E2E_TMP"/race.* | wc -l)
check_eq "exactly one of eight racing releases of the last 4亿 lands" "1" "$won"
check_eq "the pledge is empty, not negative" "0" "$("$HS" --book "$R" balance pledge/race --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["balance_fen"])')"

# ---- maker-checker: a release at or above the threshold waits for a reviewer ----
M=$E2E_TMP/m.db
hm() { "$H" --book "$M" "$@"; }
hm init >/dev/null
hm programme create mc --appropriation 12亿 --approval-threshold 1亿 --date 2024-01-01 >/dev/null
hm user add rita --role reviewer --scope programme:mc <<<"rita-reviews-2024" >/dev/null
check_rc "a 4亿 release waits" 0 hm programme release mc --amount 4亿 --date 2024-01-15 --json
check_eq "as a pending programme.release" "pending programme.release" "$(json 'd["pending_approval"]["state"] + " " + d["pending_approval"]["action"]')"
check_eq "nothing released yet" "0" "$(hm programme show mc --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["multi_year_appropriation"]["released_fen"])')"
check_rc "a release beyond the pledge is refused at once, not queued" 1 hm programme release mc --amount 13亿 --date 2024-01-15
check_rc "the reviewer approves" 0 hm --as rita approval approve A-1 --reason "2024 tranche" <<<"rita-reviews-2024"
check_eq "then 4亿 is released" "40000000000" "$(hm programme show mc --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["multi_year_appropriation"]["released_fen"])')"

# ---- over HTTP ----
source "$(dirname "$0")/server_lib.sh"
B=$E2E_TMP/http.db
HS=$H
hs init >/dev/null
hs programme create hsc --appropriation 12亿 --date 2024-01-01 >/dev/null
add_user oscar officer --scope programme:hsc
add_user olga officer --scope programme:other
add_user ann analyst
start_server
OH=(-H "Authorization: Bearer ${TOKEN[oscar]}" "${J[@]}")
req POST /api/v1/programmes/hsc/release "${OH[@]}" -H 'Idempotency-Key: r-1' --data-binary '{"amount":"4亿"}'
check_eq "an officer in scope releases: 200" "200" "$(status)"
check_eq "the body is the programme's status" "40000000000 80000000000" "$(jq_body 'str(d["multi_year_appropriation"]["released_fen"]) + " " + str(d["multi_year_appropriation"]["unreleased_fen"])')"
cp "$E2E_TMP/body" "$E2E_TMP/first.json"
req POST /api/v1/programmes/hsc/release "${OH[@]}" -H 'Idempotency-Key: r-1' --data-binary '{"amount":"4亿"}'
check_eq "a replay answers the same" "same" "$(same_json "$E2E_TMP/first.json" "$E2E_TMP/body")"
hs programme show hsc --json >"$E2E_TMP/cli.json"
check_eq "the same bytes as programme show --json" "same" "$(same_json "$E2E_TMP/cli.json" "$E2E_TMP/body")"
req POST /api/v1/programmes/hsc/release "${OH[@]}" -H 'Idempotency-Key: r-2' --data-binary '{"amount_fen":80000000001}'
check_eq "beyond the pledge: refused" "exceeds_credits" "$(jq_body 'd["error"]["code"]')"
req POST /api/v1/programmes/hsc/release "${OH[@]}" --data-binary '{"amount":"1亿"}'
check_eq "without an Idempotency-Key: 400" "400" "$(status)"
req POST /api/v1/programmes/hsc/release -H "Authorization: Bearer ${TOKEN[olga]}" "${J[@]}" -H 'Idempotency-Key: r-3' --data-binary '{"amount":"1亿"}'
check_eq "an officer out of scope: 403" "403" "$(status)"
req POST /api/v1/programmes/hsc/release -H "Authorization: Bearer ${TOKEN[ann]}" "${J[@]}" -H 'Idempotency-Key: r-4' --data-binary '{"amount":"1亿"}'
check_eq "an analyst: 403" "403" "$(status)"
req POST /api/v1/programmes/hsc/release "${OH[@]}" -H 'Idempotency-Key: r-5' --data-binary '{"amount":"1亿","budget":"x"}'
check_eq "an unknown member: 400" "400" "$(status)"
req POST /api/v1/programmes "${OH[@]}" --data-binary '{"id":"hsc","appropriation":"12亿"}'
check_eq "create over HTTP with the same appropriation: 201" "201" "$(status)"
check_eq "the created status shows the pledge" "120000000000" "$(jq_body 'd["multi_year_appropriation"]["pledged_fen"]')"
check_eq "released over HTTP: 4亿 once" "40000000000" "$(hs programme show hsc --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["multi_year_appropriation"]["released_fen"])')"
stop_server
check_eq "the server stops cleanly" "0" "$?"
