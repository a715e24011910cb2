/* h_voucher_issue.c — vouchers coming into being and lapsing over HTTP, on src/ops/voucher_ops.h
 * with the caller's context and the server's clock: an officer of the policy's programme issuing
 * a voucher to a firm, which reserves its face value on the budget (Idempotency-Key, recorded in
 * the issue's own transaction; 201 with `voucher show --json`), and an officer releasing what is
 * left on the vouchers of a programme it holds that are past their expiry date. */
#include <stdio.h>
#include <string.h>

#include "ops/voucher_ops.h"
#include "ops/voucher_view.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/idem_answer.h"
#include "server/paging.h"
#include "server/policy_scope.h"

#define ISSUE_INPUTS_MAX 32 /* members of an issue's "inputs" */

/* Inside the issue's transaction: the voucher as `voucher show --json` prints it (no redemptions
 * yet), 201. */
static json_t *issue_view(void *arg, int *code) {
    *code = 201;
    return view_voucher(arg, NULL, 0);
}

void h_voucher_issue(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"id",       "policy",  "firm",   "face",
                                          "face_fen", "expires", "inputs", NULL};
    voucher v;
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, issue_view, &v))
        return;
    const char *id, *ref, *firm;
    int64_t face_fen;
    hs_date expires;
    json_t *inputs;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "id", true, &id) ||
        !string_field(call, resp, "policy", true, &ref) ||
        !string_field(call, resp, "firm", true, &firm) ||
        !money_field(call, resp, "face", false, &face_fen) ||
        !date_field(call, resp, "expires", true, &expires) ||
        !facts_field(call, resp, "inputs", ISSUE_INPUTS_MAX, &inputs))
        return;
    hs_error err = {0};
    if (instrument_firm_check(firm, &err) != HS_OK) {
        snprintf(err.field, sizeof err.field, "firm");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    policy_doc doc;
    char programme[64];
    if (!policy_in_scope(call, resp, "policy", ref, HS_INSTR_VOUCHER, NULL, &doc, programme,
                         sizeof programme))
        return;
    ops_voucher_issue_req req = {.id = id,
                                 .firm = firm,
                                 .policy = &doc,
                                 .face_fen = face_fen,
                                 .on = hs_clock_today(&call->ctx->clock),
                                 .expires = expires,
                                 .inputs = inputs};
    hs_status st = ops_voucher_issue(idem_answer_ctx(&ans), &req, &v, &err);
    policy_doc_free(&doc);
    idem_answer_finish(call, resp, &ans, st, &err);
}

void h_voucher_expire(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"programme", NULL};
    const char *programme;
    if (!only_fields(call, resp, allowed) ||
        !programme_in_scope(call, resp, "expire the vouchers of", &programme))
        return;
    hs_error err = {0};
    size_t expired = 0;
    int64_t released_fen = 0;
    if (ops_voucher_expire(call->ctx, hs_clock_today(&call->ctx->clock), programme, &expired,
                           &released_fen, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, json_pack("{s:s, s:I, s:I}", "programme", programme, "expired",
                                 (json_int_t)expired, "released_fen", (json_int_t)released_fen));
}
