/* h_programme_write.c — funding a programme's budget (and releasing a multi-year appropriation)
 * over HTTP: an officer holding the
 * programme's scope; it moves money, so it takes an Idempotency-Key recorded in the funding's own
 * transaction (idem_answer_ctx's commit hook); 200 with the programme's status (what `programme
 * fund
 * --json` prints), or 202 with the pending approval under maker-checker. */
#include "ops/approval_view.h"
#include "ops/programme_ops.h"
#include "ops/programme_view.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/idem_answer.h"

typedef struct {
    const hs_ctx *ctx;
    const char *id;
    const approval_outcome *gate;
} fund_result;

/* Inside the funding's transaction: the pending approval, or the programme's status as funded. */
static json_t *fund_view(void *arg, int *code) {
    const fund_result *r = arg;
    if (r->gate->pending) {
        *code = 202;
        return view_approval_pending(&r->gate->approval);
    }
    *code = 200;
    programme_status st;
    hs_error err = {0};
    if (ops_programme_status(r->ctx, r->id, &st, &err) != HS_OK)
        return NULL;
    json_t *v = view_programme_status(&st);
    programme_status_free(&st);
    return v;
}

void h_programme_fund(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"budget", "amount", "amount_fen", "transfer_id", NULL};
    const char *id = route_param(call->match, "id");
    approval_outcome gate;
    fund_result r = {call->ctx, id, &gate};
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, fund_view, &r))
        return;
    const char *budget, *transfer_id;
    int64_t amount_fen;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "budget", true, &budget) ||
        !string_field(call, resp, "transfer_id", false, &transfer_id) ||
        !amount_field(call, resp, &amount_fen))
        return;
    hs_error err = {0};
    if (!route_record_visible(call->caller, id, NULL)) {
        hs_fail_code(&err, HS_REFUSED, "forbidden", "id",
                     "%s (%s) may not fund programme '%.100s': not in its scope",
                     call->caller->user, role_name(call->caller->role), id);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (amount_fen == 0) {
        hs_invalid_field(&err, "amount", "funding needs an amount (amount or amount_fen)");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    hs_status st = ops_programme_fund(idem_answer_ctx(&ans), id, budget, amount_fen,
                                      hs_clock_today(&call->ctx->clock), transfer_id, &gate, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

/* POST /api/v1/programmes/{id}/release: releases part of a multi-year appropriation, as
 * `programme release --json` (the programme's status, or 202 with the pending approval). */
void h_programme_release(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"amount", "amount_fen", "transfer_id", NULL};
    const char *id = route_param(call->match, "id");
    approval_outcome gate;
    fund_result r = {call->ctx, id, &gate};
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, fund_view, &r))
        return;
    const char *transfer_id;
    int64_t amount_fen;
    if (!only_fields(call, resp, allowed) ||
        !string_field(call, resp, "transfer_id", false, &transfer_id) ||
        !amount_field(call, resp, &amount_fen))
        return;
    hs_error err = {0};
    if (!route_record_visible(call->caller, id, NULL)) {
        hs_fail_code(&err, HS_REFUSED, "forbidden", "id",
                     "%s (%s) may not release programme '%.100s': not in its scope",
                     call->caller->user, role_name(call->caller->role), id);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (amount_fen == 0) {
        hs_invalid_field(&err, "amount", "a release needs an amount (amount or amount_fen)");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    hs_status st =
        ops_programme_release(idem_answer_ctx(&ans), id, amount_fen,
                              hs_clock_today(&call->ctx->clock), transfer_id, &gate, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}
