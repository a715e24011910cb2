/* h_approvals.c — maker-checker over HTTP (四眼原则): the approvals a caller may see (cursor
 * pages over ops_approval_list, whose elements are the bytes `approval list --json` prints) and a
 * reviewer's approve or reject with a reason (ops_approval_approve / _reject, which authorise per
 * programme scope and refuse the maker: 409 maker_cannot_approve). */
#include <string.h>

#include "ops/approval_ops.h"
#include "ops/approval_view.h"
#include "server/handlers.h"
#include "server/idem_answer.h"
#include "server/paging.h"

void h_approval_list(route_call *call, http_response *resp) {
    size_t limit;
    char after[APPROVAL_ID_MAX];
    bool has_cursor;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    hs_error err = {0};
    json_t *items = NULL;
    bool more = false;
    if (ops_approval_page(call->ctx, http_query(call->req, "programme"),
                          http_query(call->req, "state"), has_cursor ? after : NULL, limit, &items,
                          &more, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_page(resp, page_of_items(items, "id", more));
}

/* Reads {"reason": "..."} (the only field; required when `required`): false with resp filled for
 * an unknown field, a reason that is not a string, empty when required, or too long. */
static bool reason_arg(route_call *call, http_response *resp, bool required, const char **reason) {
    hs_error err = {0};
    *reason = NULL;
    const char *key;
    json_t *v;
    json_object_foreach(call->body, key, v) {
        if (strcmp(key, "reason") != 0) {
            hs_fail_code(&err, HS_INPUT, "unknown_field", key,
                         "unknown field '%.64s' (only reason)", key);
            http_respond_error(resp, &err, false, NULL);
            return false;
        }
    }
    v = json_object_get(call->body, "reason");
    if (v != NULL && !json_is_string(v)) {
        hs_invalid_field(&err, "reason", "reason must be a string");
        http_respond_error(resp, &err, true, NULL);
        return false;
    }
    *reason = v != NULL ? json_string_value(v) : NULL;
    if (required && (*reason == NULL || (*reason)[0] == '\0')) {
        hs_invalid_field(&err, "reason", "a reason is required");
        http_respond_error(resp, &err, true, NULL);
        return false;
    }
    if (*reason != NULL && strlen(*reason) >= APPROVAL_REASON_MAX) {
        hs_invalid_field(&err, "reason", "the reason is longer than %d bytes",
                         APPROVAL_REASON_MAX - 1);
        http_respond_error(resp, &err, true, NULL);
        return false;
    }
    return true;
}

static void decide(route_call *call, http_response *resp, bool approve) { /* reject only */
    const char *reason;
    if (!reason_arg(call, resp, !approve, &reason))
        return;
    hs_error err = {0};
    approval done;
    const char *id = route_param(call->match, "id");
    hs_date on = hs_clock_today(&call->ctx->clock);
    hs_status st = approve ? ops_approval_approve(call->ctx, id, reason, on, &done, &err)
                           : ops_approval_reject(call->ctx, id, reason, on, &done, &err);
    if (st != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, view_approval(&done));
}

static json_t *approved_view(void *arg, int *code) {
    *code = 200;
    return view_approval(arg);
}

/* Approving executes the held request, so it moves money: Idempotency-Key required (dispatch), a
 * retry answered from the record, the record written in the approval's own transaction. */
void h_approval_approve(route_call *call, http_response *resp) {
    approval done;
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, approved_view, &done))
        return;
    const char *reason;
    if (!reason_arg(call, resp, false, &reason))
        return;
    hs_error err = {0};
    hs_status st = ops_approval_approve(idem_answer_ctx(&ans), route_param(call->match, "id"),
                                        reason, hs_clock_today(&call->ctx->clock), &done, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

void h_approval_reject(route_call *call, http_response *resp) {
    decide(call, resp, false);
}
