/* h_subsidy_write.c — the state changes of a subsidy application over HTTP, each on src/ops with
 * the caller's context and shown only to whom route_record_visible allows (an officer in the
 * programme's scope): award, reject, and pay — which moves money, so it takes an Idempotency-Key
 * whose record is written by a commit hook inside the payment's own transaction
 * (idem_answer_ctx), and answers 202 with the pending approval when maker-checker holds it
 * back; and claw back (money returning, idempotent the same way). Bodies are the bytes `subsidy ...
 * --json` prints (view_subsidy, view_approval_pending). */
#include <string.h>

#include "ops/approval_view.h"
#include "ops/idempotency_ops.h"
#include "ops/subsidy_ops.h"
#include "ops/subsidy_view.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/idem_answer.h"
#include "server/paging.h"

/* Fails (resp filled) unless the application exists and the caller may see it. */
static bool visible(route_call *call, http_response *resp, const char *id) {
    hs_error err = {0};
    subsidy_app a;
    json_t *view = NULL;
    if (ops_subsidy_show(call->ctx, id, &a, &view, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return false;
    }
    json_decref(view);
    if (route_record_visible(call->caller, a.policy.programme, a.firm))
        return true;
    hs_fail_code(&err, HS_REFUSED, "forbidden", NULL,
                 "%s (%s) may not act on subsidy application '%.100s': not in its scope",
                 call->caller->user, role_name(call->caller->role), id);
    http_respond_error(resp, &err, false, NULL);
    return false;
}

void h_subsidy_award(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"pay_by", NULL};
    const char *id = route_param(call->match, "id");
    hs_date pay_by;
    if (!only_fields(call, resp, allowed) || !date_field(call, resp, "pay_by", false, &pay_by) ||
        !visible(call, resp, id))
        return;
    hs_error err = {0};
    subsidy_app app;
    if (ops_subsidy_award(call->ctx, id, hs_clock_today(&call->ctx->clock), pay_by, &app, &err) !=
        HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, view_subsidy(&app));
}

void h_subsidy_reject(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"reason", NULL};
    const char *id = route_param(call->match, "id"), *reason;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "reason", true, &reason) ||
        !visible(call, resp, id))
        return;
    hs_error err = {0};
    subsidy_app app;
    if (ops_subsidy_reject(call->ctx, id, reason, hs_clock_today(&call->ctx->clock), &app, &err) !=
        HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, view_subsidy(&app));
}

/* What a payment answers, built inside its transaction. */
typedef struct {
    const subsidy_app *app;
    const approval_outcome *gate;
} pay_result;

static json_t *pay_view(void *arg, int *code) {
    const pay_result *r = arg;
    *code = r->gate->pending ? 202 : 200;
    return r->gate->pending ? view_approval_pending(&r->gate->approval) : view_subsidy(r->app);
}

void h_subsidy_pay(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"amount", "amount_fen", NULL};
    const char *id = route_param(call->match, "id");
    subsidy_app app;
    approval_outcome gate;
    pay_result r = {&app, &gate};
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, pay_view, &r))
        return;
    int64_t amount_fen;
    if (!only_fields(call, resp, allowed) || !amount_field(call, resp, &amount_fen) ||
        !visible(call, resp, id))
        return;
    hs_error err = {0};
    hs_status st = ops_subsidy_pay(idem_answer_ctx(&ans), id, amount_fen,
                                   hs_clock_today(&call->ctx->clock), &app, &gate, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

static json_t *clawback_view(void *arg, int *code) {
    *code = 200;
    return view_subsidy(arg);
}

void h_subsidy_clawback(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"amount", "amount_fen", "reason", NULL};
    const char *id = route_param(call->match, "id"), *reason;
    subsidy_app app;
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, clawback_view, &app))
        return;
    int64_t amount_fen;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "reason", true, &reason) ||
        !amount_field(call, resp, &amount_fen) || !visible(call, resp, id))
        return;
    hs_error err = {0};
    hs_status st = ops_subsidy_clawback(idem_answer_ctx(&ans), id, amount_fen, reason,
                                        hs_clock_today(&call->ctx->clock), &app, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}
