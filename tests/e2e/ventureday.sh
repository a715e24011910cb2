#!/usr/bin/env bash
# ventureday.sh — venture-day matchmaking (深圳创投日 with its AI session, seed 001): an event,
# roadshows and interests, matches ranked by fit with their clauses, follow-ups that only move
# forward, an investment linked to the fund module's deal (its cost in the outcome figures), the
# report per session, bad input (exit 2 naming the field, nothing stored), refusals (exit 1), and
# `check` catching a follow-up whose deal is gone.
source "$(dirname "$0")/lib.sh"
H=${HS_DBG:-$HS}
B=$E2E_TMP/vd.db
hs() { "$H" --book "$B" "$@"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$E2E_TMP/out"; }
export HUOSHUI_TODAY=2024-05-01
hs init >/dev/null
E=sz-2024-05
check_rc "create the May venture day" 0 hs ventureday event create $E --date 2024-05-08 --city 深圳 --title "深圳创投日·人工智能专场"
check_rc "the same again is a no-op" 0 hs ventureday event create $E --date 2024-05-08 --city 深圳 --title "深圳创投日·人工智能专场"
check_rc "the same id on another day is bad input" 2 hs ventureday event create $E --date 2024-06-08 --city 深圳 --json
check_eq "code exists_with_different_fields" "exists_with_different_fields" "$(json 'd["error"]["code"]')"
check_rc "an event without --city" 2 hs ventureday event create x --date 2024-06-08
check_rc "roadshow: llm-a (nlp, early, 5000万, AI session)" 0 hs ventureday roadshow $E --firm llm-a --sector nlp --stage early --seeking 5000万 --session ai
check_rc "roadshow: chip-b (ai-chips, growth, 3亿, AI session)" 0 hs ventureday roadshow $E --firm chip-b --sector ai-chips --stage growth --seeking 3亿 --session ai
check_rc "roadshow: bio-c (biotech, main session)" 0 hs ventureday roadshow $E --firm bio-c --sector biotech --stage seed --seeking 800万
check_rc "interest: angel-x (nlp,vision; seed,early; 500万-3000万; all sessions)" 0 hs ventureday interest $E --investor angel-x --sectors nlp,vision --stages seed,early --ticket-min 500万 --ticket-max 3000万
check_rc "a fund that does not exist is not found" 2 hs ventureday interest $E --investor vc-y --sectors nlp --ticket-min 1 --ticket-max 2 --fund nowhere
hs fund create sz-ai --size 10亿 --gp sz-gp --vintage 2024-01-01 >/dev/null
hs fund commit sz-ai --lp sz-social --type social --amount 10亿 --date 2024-01-02 >/dev/null
hs fund call sz-ai --amount 2亿 --date 2024-01-05 >/dev/null
check_rc "interest: vc-y from fund sz-ai (nlp,ai-chips; 5000万-5亿; AI session)" 0 hs ventureday interest $E --investor vc-y --sectors nlp,ai-chips --ticket-min 5000万 --ticket-max 5亿 --session ai --fund sz-ai
check_rc "bad input: ticket-max below ticket-min" 2 hs ventureday interest $E --investor z --sectors nlp --ticket-min 2亿 --ticket-max 1亿 --json
check_eq "names ticket_max" "invalid_field ticket_max" "$(json 'd["error"]["code"] + " " + d["error"]["field"]')"
check_rc "bad input: a list as one roadshow's sector" 2 hs ventureday roadshow $E --firm q --sector nlp,cv --stage seed --seeking 1
check_rc "bad input: an empty item in sectors" 2 hs ventureday interest $E --investor z --sectors nlp,,cv --ticket-min 1 --ticket-max 2
check_rc "bad input: a firm id with a space" 2 hs ventureday roadshow $E --firm "a b" --sector nlp --stage seed --seeking 1
check_rc "a roadshow at an unknown event is not found" 2 hs ventureday roadshow nowhere --firm q --sector nlp --stage seed --seeking 1
check_rc "match --json" 0 hs ventureday match $E --json
check_eq "three matches, ranked" "chip-b:vc-y:100 llm-a:vc-y:100 llm-a:angel-x:90" "$(json '" ".join("%s:%s:%d" % (m["firm"], m["investor"], m["fit"]) for m in d)')"
check_eq "rank 1 is the larger amount sought at equal fit" "1 chip-b" "$(json 'd[0]["rank"], d[0]["firm"]' | tr -d "(),'")"
check_eq "angel-x's clause for llm-a: near the ticket" "True" "$(json '"seeking 5,000.00万 near the ticket 500.00万-3,000.00万 (+10)" in d[2]["explain"]')"
check_eq "bio-c matches nobody (its sector is no one's)" "False" "$(json 'any(m["firm"] == "bio-c" for m in d)')"
check_rc "match --investor angel-x" 0 hs ventureday match $E --investor angel-x --json
check_eq "one, keeping its event rank 3" "3" "$(json '" ".join(str(m["rank"]) for m in d)')"
check_rc "match in text" 0 hs ventureday match $E
check_contains "the text names the clause" "sector ai-chips is one of the investor's sectors (+50)" "$E2E_TMP/out"
check_rc "follow-up: llm-a met vc-y" 0 hs ventureday followup $E --firm llm-a --investor vc-y --status met --date 2024-05-08
check_rc "a pair that did not match gets no follow-up" 1 hs ventureday followup $E --firm bio-c --investor vc-y --status met --date 2024-05-08 --json
check_eq "state_conflict" "state_conflict" "$(json 'd["error"]["code"]')"
check_rc "a follow-up dated before the event is bad input" 2 hs ventureday followup $E --firm chip-b --investor vc-y --status met --date 2024-05-07
check_rc "term sheet" 0 hs ventureday followup $E --firm llm-a --investor vc-y --status term-sheet --date 2024-06-10
check_rc "a step back is refused" 1 hs ventureday followup $E --firm llm-a --investor vc-y --status met --date 2024-06-11
check_rc "invested without a deal is bad input" 2 hs ventureday followup $E --firm llm-a --investor vc-y --status invested --date 2024-07-01
check_rc "a deal that does not exist is not found" 2 hs ventureday followup $E --firm llm-a --investor vc-y --status invested --fund sz-ai --deal d-llm --date 2024-07-01
hs fund invest sz-ai --deal d-other --firm someone-else --amount 1000万 --sector nlp --stage early --city 深圳 --date 2024-06-30 >/dev/null
check_rc "a deal in another firm is refused" 1 hs ventureday followup $E --firm llm-a --investor vc-y --status invested --fund sz-ai --deal d-other --date 2024-07-01
hs fund invest sz-ai --deal d-llm --firm llm-a --amount 6000万 --sector nlp --stage early --city 深圳 --date 2024-06-30 >/dev/null
check_rc "invested, linked to fund sz-ai's deal d-llm" 0 hs ventureday followup $E --firm llm-a --investor vc-y --status invested --fund sz-ai --deal d-llm --date 2024-07-01 --json
check_eq "the follow-up names the deal" "invested sz-ai d-llm" "$(json 'd["status"] + " " + d["fund"] + " " + d["deal"]')"
check_rc "nothing after invested" 1 hs ventureday followup $E --firm llm-a --investor vc-y --status declined --date 2024-07-02
check_rc "angel-x met llm-a, then declined" 0 hs ventureday followup $E --firm llm-a --investor angel-x --status met --date 2024-05-08
check_rc "declined" 0 hs ventureday followup $E --firm llm-a --investor angel-x --status declined --date 2024-05-20
check_rc "chip-b: vc-y declined without meeting" 0 hs ventureday followup $E --firm chip-b --investor vc-y --status declined --date 2024-05-09
check_rc "report --json" 0 hs ventureday report $E --json
check_eq "whole event: 3 roadshows, 2 interests, 3 matches, 2 met, 1 term sheet, 1 invested" "3 2 3 2 1 1" \
  "$(json '" ".join(str(d["outcome"][k]) for k in ("roadshows","interests","matches","met","term_sheets","invested"))')"
check_eq "invested: the deal's cost, 6000万; sought 3.58亿" "6000000000 35800000000" "$(json 'd["outcome"]["invested_fen"], d["outcome"]["sought_fen"]' | tr -d '(),')"
check_eq "the AI session: 2 roadshows, both interests, 3 matches" "ai 2 2 3" "$(json '" ".join(str(x) for x in [d["sessions"][0][k] for k in ("session","roadshows","interests","matches")])')"
check_rc "report in text --cn" 0 hs ventureday report $E --cn
check_contains "the text shows the invested amount" "6,000.00万" "$E2E_TMP/out"
check_rc "event list --json" 0 hs ventureday event list --json
check_eq "one event" "sz-2024-05 2024-05-08" "$(json '" ".join(d[0][k] for k in ("id","date"))')"
check_rc "check passes with the linked deal" 0 hs check
HUOSHUI_TODAY=2024-05-09 hs ventureday roadshow $E --firm late --sector nlp --stage seed --seeking 1 >/dev/null 2>&1
check_eq "registrations close after the event's day (exit 1)" "1" "$?"
check_rc "the late roadshow was not stored" 0 hs ventureday report $E --json
check_eq "still 3 roadshows" "3" "$(json 'd["outcome"]["roadshows"]')"
# a follow-up whose deal vanished (a tampered book) is a check violation, not a crash
sqlite3 "$B" "UPDATE vd_followups SET deal = 'd-gone' WHERE status = 'invested'"
check_rc "check fails on the tampered follow-up" 1 hs check
check_contains "naming the follow-up and the deal" "names deal d-gone of fund sz-ai, which the fund module does not hold" "$E2E_TMP/err"

# ---- over HTTP: who may do what ----
source "$(dirname "$0")/server_lib.sh"
B=$E2E_TMP/http.db
HS=$H
unset HUOSHUI_TODAY
export HUOSHUI_TODAY=2024-05-01
hs init >/dev/null
FIRM=91510107MA6CM4R26W
hs fund create sz-ai --size 10亿 --gp sz-gp --vintage 2024-01-01 >/dev/null
hs fund create other-fund --size 1亿 --gp o-gp --vintage 2024-01-01 >/dev/null
add_user oscar officer --scope programme:any
add_user erin enterprise --scope firm:$FIRM
add_user fred fund_manager --scope fund:sz-ai
add_user ann analyst
start_server
post() { local who=$1 path=$2 body=$3; req_as POST "$path" "$who" "${J[@]}" --data-binary "$body"; }
post oscar /api/v1/venture-days '{"id":"sz-2024-06","date":"2024-06-08","city":"深圳","title":"深圳创投日"}'
check_eq "an officer creates the event: 201" "201" "$(status)"
post erin /api/v1/venture-days '{"id":"sz-x","date":"2024-06-08","city":"深圳"}'
check_eq "an enterprise may not: 403" "403" "$(status)"
post erin /api/v1/venture-days/sz-2024-06/roadshows "{\"firm\":\"$FIRM\",\"sector\":\"nlp\",\"stage\":\"early\",\"seeking\":\"5000万\",\"session\":\"ai\"}"
check_eq "an enterprise registers its own firm: 201" "201 5000000000" "$(status) $(jq_body 'd["seeking_fen"]')"
post erin /api/v1/venture-days/sz-2024-06/roadshows '{"firm":"someone-else","sector":"nlp","stage":"early","seeking":"1万"}'
check_eq "but not another firm: 403" "403" "$(status)"
post oscar /api/v1/venture-days/sz-2024-06/roadshows '{"firm":"chip-b","sector":"ai-chips","stage":"growth","seeking_fen":30000000000,"session":"ai"}'
check_eq "an officer registers any firm: 201" "201" "$(status)"
post fred /api/v1/venture-days/sz-2024-06/interests '{"investor":"vc-y","sectors":"nlp,ai-chips","ticket_min":"5000万","ticket_max":"5亿","fund":"sz-ai"}'
check_eq "a fund manager registers its fund's interest: 201" "201" "$(status)"
post fred /api/v1/venture-days/sz-2024-06/interests '{"investor":"vc-z","sectors":"nlp","ticket_min":"1","ticket_max":"2"}'
check_eq "without naming its fund: 403" "403" "$(status)"
post fred /api/v1/venture-days/sz-2024-06/interests '{"investor":"vc-z","sectors":"nlp","ticket_min":"1","ticket_max":"2","fund":"other-fund"}'
check_eq "for a fund it does not hold: 403" "403" "$(status)"
post oscar /api/v1/venture-days/sz-2024-06/interests '{"investor":"angel-x","sectors":"nlp","ticket_min":"500万","ticket_max":"3000万"}'
check_eq "an officer registers an angel: 201" "201" "$(status)"
post oscar /api/v1/venture-days/sz-2024-06/interests '{"investor":"angel-q","sectors":"nlp","ticket_min":"5亿","ticket_max":"1亿"}'
check_eq "a ticket range upside down: 422 naming ticket_max" "422 ticket_max" "$(status) $(jq_body 'd["error"]["field"]')"
req_as GET /api/v1/venture-days/sz-2024-06/matches ann
check_eq "the analyst sees all three matches" "3" "$(jq_body 'len(d)')"
req_as GET "/api/v1/venture-days/sz-2024-06/matches?investor=angel-x" ann
check_eq "?investor= filters" "angel-x" "$(jq_body '" ".join(m["investor"] for m in d)')"
req_as GET /api/v1/venture-days/sz-2024-06/matches erin
check_eq "the enterprise sees its own firm's matches only" "$FIRM $FIRM" "$(jq_body '" ".join(m["firm"] for m in d)')"
req_as GET /api/v1/venture-days/sz-2024-06/matches fred
check_eq "the fund manager sees its fund's only" "vc-y vc-y" "$(jq_body '" ".join(m["investor"] for m in d)')"
hs ventureday match sz-2024-06 --json >"$E2E_TMP/cli.json"
req_as GET /api/v1/venture-days/sz-2024-06/matches oscar
check_eq "the officer's list is the CLI's bytes" "same" "$(same_json "$E2E_TMP/cli.json" "$E2E_TMP/body")"
post fred /api/v1/venture-days/sz-2024-06/followups "{\"firm\":\"$FIRM\",\"investor\":\"vc-y\",\"status\":\"met\",\"date\":\"2024-06-08\"}"
check_eq "the fund manager records its meeting: 201" "201 met" "$(status) $(jq_body 'd["status"]')"
post fred /api/v1/venture-days/sz-2024-06/followups "{\"firm\":\"$FIRM\",\"investor\":\"angel-x\",\"status\":\"met\",\"date\":\"2024-06-08\"}"
check_eq "but not another investor's: 403" "403" "$(status)"
post oscar /api/v1/venture-days/sz-2024-06/followups "{\"firm\":\"$FIRM\",\"investor\":\"vc-y\",\"status\":\"met\",\"date\":\"2024-06-09\"}"
check_eq "a step back: 409 state_conflict" "409 state_conflict" "$(status) $(jq_body 'd["error"]["code"]')"
post oscar /api/v1/venture-days/sz-2024-06/followups '{"firm":"a","investor":"b","status":"maybe"}'
check_eq "an unknown status: 422" "422 status" "$(status) $(jq_body 'd["error"]["field"]')"
req_as GET /api/v1/venture-days/sz-2024-06/report ann
check_eq "the report: 2 roadshows, 2 interests, 3 matches, 1 met" "2 2 3 1" "$(jq_body '" ".join(str(d["outcome"][k]) for k in ("roadshows","interests","matches","met"))')"
hs ventureday report sz-2024-06 --json >"$E2E_TMP/cli.json"
check_eq "the same bytes as ventureday report --json" "same" "$(same_json "$E2E_TMP/cli.json" "$E2E_TMP/body")"
req_as GET /api/v1/venture-days/sz-2024-06/report erin
check_eq "an enterprise may not read the report: 403" "403" "$(status)"
req_as GET /api/v1/venture-days erin
check_eq "every signed-in role lists the events" "200 sz-2024-06" "$(status) $(jq_body 'd[0]["id"]')"
stop_server
check_eq "the server stops cleanly" "0" "$?"
