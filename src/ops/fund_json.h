/* fund_json.h — fund requests read from JSON objects, for `fund events --batch` (one object a
 * line) and the HTTP API (POST /funds, POST /funds/{id}/events): the fields of the CLI's options
 * under the same names, in the same text syntax (amounts as money_parse takes them, rates as
 * rate_parse_bp, dates ISO). Both check the form only; the operation decides the rest. */
#ifndef HS_OPS_FUND_JSON_H
#define HS_OPS_FUND_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "ops/fund_ops.h"

/* One event object into *q (strings borrowed from o, which must outlive q): "kind" (commit, call,
 * default, invest, mark, fee, exit, distribute, writeoff), "fund" and "id", "date", "lp", "type",
 * "amount", "from", "phase", "default", "deal", "firm", "sector", "stage", "city", "region",
 * "share", "value", "days", "proceeds", "cost" (strings; "phase" and "days" also integers).
 * HS_INPUT with err's field the member at fault: code unknown_field for a member not listed,
 * invalid_field for a wrong type or a malformed value (the message names it); q->date stays 0
 * when no date is given. */
hs_status fund_event_from_json(json_t *o, fund_event_req *q, hs_error *err);

/* The terms of `fund create` from an object into *t (fund_terms_init first; vintage `today` unless
 * given): "id", "size" and "gp" required; "name", "group", "parent", "first_phase", "vintage",
 * "invest_years", "exit_years", "extension_years", "fee_basis" (committed|paid-in|invested), "fee",
 * "fee_exit", "hurdle", "carry", "catch_up", "waterfall" (european|american), "concession",
 * "concession_to_gp", "reinvest" (1.2x), "region", "gov_cap", "parent_cap" — the options of
 * `fund create` with '_' for '-'. Errors as fund_event_from_json (a required member missing:
 * invalid_field naming it). */
hs_status fund_terms_from_json(json_t *o, hs_date today, fund_terms *t, hs_error *err);

#endif
