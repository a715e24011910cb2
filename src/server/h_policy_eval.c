/* h_policy_eval.c — the shipped policies by id (never by path: ops/policy_source.h), their own
 * test cases, their evaluation over given firms or the registry ("what if" parameters included),
 * one firm's explanation, and the matcher (every policy in force for one firm), over HTTP on
 * src/ops/policy_eval_ops.h with the caller's context; bodies are the bytes the CLI's --json
 * prints. All are reads: nothing is stored.
 *
 * Who (the route table has the roles; the firm-level rules are here):
 *  - test: every role that reads policies.
 *  - eval: officers, reviewers and auditors; analysts too, but over the registry only as the
 *    aggregates ("stats": true; stats false or absent is 403 forbidden field "stats", rather than
 *    a silently different shape), since analysts see no firm-level records. Firms an analyst
 *    types in are its own data and answered row by row.
 *  - explain: officers, reviewers and auditors any firm (its registry record under the typed
 *    inputs); an enterprise only a firm it holds (403 otherwise); an analyst only with "inputs"
 *    given, and the registry is never read for it.
 *  - matches: the route's firm scope (an enterprise its own firm; officers, reviewers, auditors
 *    any).
 * Bad members are 422 naming the field; unknown members 400 unknown_field; a per-row evaluation
 * error (overflow) is a row with "error": true in a 200, as `policy eval --json` prints it. */
#include <string.h>

#include "ops/explain_view.h"
#include "ops/policy_eval_ops.h"
#include "ops/policy_source.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/paging.h"

void h_policy_shipped(route_call *call, http_response *resp) {
    hs_error err = {0};
    size_t limit;
    char after[256];
    bool has_cursor;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    json_t *all = NULL;
    if (policy_shipped_list(call->ctx, &all, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(all, "label", has_cursor ? after : NULL, limit);
    json_decref(all);
    respond_page(resp, page);
}

/* ---- test, eval, explain and the matcher ---- */

/* Answers err: bad input in a body member is 422 (it names the field), anything else as coded. */
static void respond_err(http_response *resp, const hs_error *err) {
    http_respond_error(resp, err, err->status == HS_INPUT, NULL);
}

static void respond_forbidden(route_call *call, http_response *resp, const char *field,
                              const char *why) {
    hs_error err = {0};
    hs_fail_code(&err, HS_REFUSED, "forbidden", field, "%s (%s) %s", call->caller->user,
                 role_name(call->caller->role), why);
    http_respond_error(resp, &err, false, NULL);
}

/* The policy of path parameter {id} ("ID" or "ID@VERSION"), resolved; false with resp filled. */
static bool resolve(route_call *call, http_response *resp, policy_doc *d) {
    hs_error err = {0};
    if (policy_doc_resolve(call->ctx, route_param(call->match, "id"), "id", d, &err) == HS_OK)
        return true;
    http_respond_error(resp, &err, false, NULL);
    return false;
}

/* Body member `on`: a required date; false with resp filled (422 naming it). */
static bool on_field(route_call *call, http_response *resp, hs_date *on) {
    const char *text;
    if (!string_field(call, resp, "on", true, &text))
        return false;
    if (date_parse(text, on))
        return true;
    hs_error err = {0};
    hs_invalid_field(&err, "on", "on must be a date YYYY-MM-DD");
    http_respond_error(resp, &err, true, NULL);
    return false;
}

/* Optional body member `name` of JSON type `object` (true) or array (false); *out borrowed or
 * NULL. False with resp filled (422) when it has another type. */
static bool member_of(route_call *call, http_response *resp, const char *name, bool object,
                      const json_t **out) {
    const json_t *v = json_object_get(call->body, name);
    *out = v;
    if (v == NULL || (object ? json_is_object(v) : json_is_array(v)))
        return true;
    hs_error err = {0};
    hs_invalid_field(&err, name, "%s must be %s", name,
                     object ? "an object {NAME: VALUE}" : "an array of objects");
    http_respond_error(resp, &err, true, NULL);
    return false;
}

void h_policy_test(route_call *call, http_response *resp) {
    static const char *const allowed[] = {NULL};
    policy_doc d;
    if (!only_fields(call, resp, allowed) || !resolve(call, resp, &d))
        return;
    hs_error err = {0};
    ops_policy_test_result r;
    hs_status st = ops_policy_test(&d, &r, &err);
    policy_doc_free(&d);
    if (st != HS_OK) {
        ops_policy_test_free(&r);
        respond_err(resp, &err);
        return;
    }
    json_t *v = view_policy_test(&r);
    ops_policy_test_free(&r);
    respond_view(resp, v);
}

void h_policy_eval(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"on", "firms", "params", "stats", NULL};
    hs_date on;
    const json_t *firms, *params, *stats = NULL;
    if (!only_fields(call, resp, allowed) || !on_field(call, resp, &on) ||
        !member_of(call, resp, "firms", false, &firms) ||
        !member_of(call, resp, "params", true, &params))
        return;
    stats = json_object_get(call->body, "stats");
    if (stats != NULL && !json_is_boolean(stats)) {
        hs_error err = {0};
        hs_invalid_field(&err, "stats", "stats must be true or false");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    /* analysts see no firm-level records: over the registry, aggregates only (asked for) */
    if (call->caller->role == HS_ROLE_ANALYST && firms == NULL && !json_is_true(stats)) {
        respond_forbidden(call, resp, "stats",
                          "may evaluate the registry's firms only as aggregates: send "
                          "\"stats\": true, or give the firms");
        return;
    }
    policy_doc d;
    if (!resolve(call, resp, &d))
        return;
    ops_policy_eval_req req = {.policy = &d,
                               .on = on,
                               .params = params,
                               .params_field = "params",
                               .firms = firms,
                               .firms_field = "firms",
                               .threads = 1,
                               .repeat = 1};
    ops_policy_eval_result r;
    hs_error err = {0};
    hs_status st = ops_policy_eval(call->ctx, &req, &r, &err);
    json_t *v = NULL;
    if (st == HS_OK)
        v = json_is_true(stats) ? view_policy_eval_stats(&r, false) : view_policy_eval(&r);
    ops_policy_eval_free(&r);
    policy_doc_free(&d);
    if (st != HS_OK) {
        respond_err(resp, &err);
        return;
    }
    respond_view(resp, v);
}

void h_policy_explain(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"on", "firm", "inputs", "params", NULL};
    hs_date on;
    const char *firm;
    const json_t *inputs, *params;
    if (!only_fields(call, resp, allowed) || !on_field(call, resp, &on) ||
        !string_field(call, resp, "firm", true, &firm) ||
        !member_of(call, resp, "inputs", true, &inputs) ||
        !member_of(call, resp, "params", true, &params))
        return;
    const hs_principal *who = call->caller;
    if (strlen(firm) > 64) {
        hs_error err = {0};
        hs_invalid_field(&err, "firm", "firm must be a credit code (at most 64 bytes)");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    if (who->role == HS_ROLE_ENTERPRISE && !principal_in_scope(who, HS_SCOPE_FIRM, firm)) {
        respond_forbidden(call, resp, "firm", "may explain only the firms it holds");
        return;
    }
    if (who->role == HS_ROLE_ANALYST && inputs == NULL) {
        respond_forbidden(call, resp, "inputs",
                          "sees no firm-level records: give the firm's inputs (the registry is "
                          "not read for analysts)");
        return;
    }
    policy_doc d;
    if (!resolve(call, resp, &d))
        return;
    ops_policy_explain_req req = {.policy = &d,
                                  .firm = firm,
                                  .on = on,
                                  .params = params,
                                  .params_field = "params",
                                  .inputs = inputs,
                                  .inputs_field = "inputs",
                                  .registry = who->role != HS_ROLE_ANALYST,
                                  .firm_field = "firm"};
    hs_explanation ex;
    hs_error err = {0};
    hs_status st = ops_policy_explain(call->ctx, &req, &ex, &err);
    policy_doc_free(&d);
    if (st != HS_OK) {
        respond_err(resp, &err);
        return;
    }
    char text[DATE_TEXT_LEN];
    json_t *v = view_explanation(&ex, firm, date_format(on, text));
    explanation_free(&ex);
    respond_view(resp, v);
}

void h_firm_matches(route_call *call, http_response *resp) {
    const char *on_text = http_query(call->req, "on");
    hs_date on = hs_clock_today(&call->ctx->clock);
    hs_error err = {0};
    if (on_text != NULL && !date_parse(on_text, &on)) {
        hs_invalid_field(&err, "on", "on must be a date YYYY-MM-DD");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    json_t *v = NULL;
    if (ops_policy_match(call->ctx, route_param(call->match, "uscc"), on, &v, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, v);
}
