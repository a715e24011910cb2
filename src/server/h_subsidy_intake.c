/* h_subsidy_intake.c — how applications come into being over HTTP, on src/ops/subsidy_ops.h with
 * the caller's context, each under a policy named by id (server/policy_scope.h) and dated by the
 * server's clock, never by the body: an enterprise applying for its own firm or an officer for a
 * firm of a programme it holds (201 with `subsidy show --json`: the decision and its explanation,
 * eligible or not); 免申即享, an officer running a policy over the registry and, with "award",
 * awarding everyone eligible; and an officer voiding the awards of a programme it holds that were
 * not paid by their pay-by date. */
#include <stdio.h>
#include <string.h>

#include "audit/audit_entry.h"
#include "ops/subsidy_ops.h"
#include "ops/subsidy_view.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/paging.h"
#include "server/policy_scope.h"

#define APPLY_INPUTS_MAX                                                                           \
    64                      /* members of an application's "inputs" (the facts typed over the      \
                               firm's registry record) */
#define MATCH_PREFIX_MAX 16 /* bytes of a match's id prefix */

/* The id an application gets when the body names none: "<uscc>.<8 hex>.<YYYYMMDD>", the hex from
 * the SHA-256 of the policy's label and the product, so that one firm's application under one
 * policy (and product) on one day has one id: a retried request gets the application it made
 * (subsidy_apply answers the stored one for the same inputs), never a second. */
static bool derived_id(const policy_doc *doc, const char *firm, const char *product, hs_date on,
                       char out[SUBSIDY_ID_MAX]) {
    char basis[POLICY_REF_MAX + 128], hex[AUDIT_HEX_LEN], day[11];
    snprintf(basis, sizeof basis, "%s@%s|%.100s", policy_id(doc->policy),
             policy_version(doc->policy), product ? product : "");
    if (!audit_sha256_hex(basis, strlen(basis), hex))
        return false;
    date_format(on, day);
    int n =
        snprintf(out, SUBSIDY_ID_MAX, "%.18s.%.8s.%.4s%.2s%.2s", firm, hex, day, day + 5, day + 8);
    return n > 0 && n < SUBSIDY_ID_MAX;
}

void h_subsidy_apply(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"policy", "firm", "id", "product", "inputs", NULL};
    const char *ref, *firm, *id, *product;
    json_t *inputs;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "policy", true, &ref) ||
        !string_field(call, resp, "firm", true, &firm) ||
        !string_field(call, resp, "id", false, &id) ||
        !string_field(call, resp, "product", false, &product) ||
        !facts_field(call, resp, "inputs", APPLY_INPUTS_MAX, &inputs))
        return;
    hs_error err = {0};
    if (instrument_firm_check(firm, &err) != HS_OK) {
        snprintf(err.field, sizeof err.field, "firm");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    policy_doc doc;
    char programme[64], id_buf[SUBSIDY_ID_MAX];
    if (!policy_in_scope(call, resp, "policy", ref, HS_INSTR_SUBSIDY, firm, &doc, programme,
                         sizeof programme))
        return;
    hs_date today = hs_clock_today(&call->ctx->clock);
    if (id == NULL && !derived_id(&doc, firm, product, today, id_buf)) {
        policy_doc_free(&doc);
        hs_fail(&err, HS_STORAGE, "could not derive an application id");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    ops_subsidy_apply_req req = {.policy = &doc,
                                 .firm = firm,
                                 .id = id ? id : id_buf,
                                 .product = product,
                                 .on = today,
                                 .inputs = inputs};
    subsidy_app app;
    hs_status st = ops_subsidy_apply(call->ctx, &req, &app, &err);
    policy_doc_free(&doc);
    json_t *view = NULL;
    if (st == HS_OK)
        st = ops_subsidy_show(call->ctx, app.id, &app, &view, &err);
    if (st != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    http_respond_json(resp, 201, view);
}

void h_subsidy_match(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"policy", "facts", "award", "pay_by", "prefix", NULL};
    const char *ref, *prefix;
    json_t *facts;
    bool award;
    hs_date pay_by;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "policy", true, &ref) ||
        !facts_field(call, resp, "facts", APPLY_INPUTS_MAX, &facts) ||
        !bool_field(call, resp, "award", &award) ||
        !date_field(call, resp, "pay_by", false, &pay_by) ||
        !string_field(call, resp, "prefix", false, &prefix))
        return;
    hs_error err = {0};
    if (prefix != NULL && strlen(prefix) > MATCH_PREFIX_MAX) {
        hs_invalid_field(&err, "prefix", "prefix is longer than %d bytes", MATCH_PREFIX_MAX);
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    policy_doc doc;
    char programme[64];
    if (!policy_in_scope(call, resp, "policy", ref, HS_INSTR_SUBSIDY, NULL, &doc, programme,
                         sizeof programme))
        return;
    ops_subsidy_match_req req = {.policy = &doc,
                                 .facts = facts,
                                 .prefix = prefix,
                                 .on = hs_clock_today(&call->ctx->clock),
                                 .pay_by = pay_by,
                                 .award = award};
    ops_subsidy_match_result m;
    hs_status st = ops_subsidy_match(call->ctx, &req, &m, &err);
    policy_doc_free(&doc);
    if (st != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    json_t *view = view_subsidy_match(&m);
    json_decref(m.applications);
    json_decref(m.round);
    if (view != NULL)
        json_object_set_new(view, "programme", json_string(programme));
    respond_view(resp, view);
}

void h_subsidy_expire(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"programme", NULL};
    const char *programme;
    if (!only_fields(call, resp, allowed) ||
        !programme_in_scope(call, resp, "expire the awards of", &programme))
        return;
    hs_error err = {0};
    size_t expired = 0;
    if (ops_subsidy_expire(call->ctx, hs_clock_today(&call->ctx->clock), programme, &expired,
                           &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp,
                 json_pack("{s:s, s:I}", "programme", programme, "expired", (json_int_t)expired));
}
