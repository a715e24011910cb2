/* h_notices.c — public notice (公示) over HTTP: the public list (no login; view_notice_public
 * carries public fields only: firm name, amount, policy and clause, deadline), filing an
 * objection (no login: an anonymous or cookie caller is recorded as "public:<client address>", a
 * bearer-token caller as its user; the reason is capped at NOTICE_TEXT_MAX - 1 bytes), and an
 * officer's uphold or dismiss (ops_notice_decide authorises per programme scope). */
#include <stdio.h>
#include <string.h>

#include "ops/notice_ops.h"
#include "server/handlers.h"
#include "server/paging.h"

void h_notice_list(route_call *call, http_response *resp) {
    size_t limit;
    char after[NOTICE_ID_MAX];
    bool has_cursor;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    hs_error err = {0};
    json_t *items = NULL;
    bool more = false;
    if (ops_notice_page(call->ctx, hs_clock_today(&call->ctx->clock), has_cursor ? after : NULL,
                        limit, &items, &more, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_page(resp, page_of_items(items, "id", more));
}

/* Reads {"reason": "..."} (required, the only field, under NOTICE_TEXT_MAX bytes); false with resp
 * filled otherwise. */
static bool reason_arg(route_call *call, http_response *resp, const char **reason) {
    hs_error err = {0};
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
    *reason = json_string_value(json_object_get(call->body, "reason"));
    if (*reason == NULL || (*reason)[0] == '\0') {
        hs_invalid_field(&err, "reason", "a non-empty string reason is required");
        http_respond_error(resp, &err, true, NULL);
        return false;
    }
    if (strlen(*reason) >= NOTICE_TEXT_MAX) {
        hs_invalid_field(&err, "reason", "the reason is longer than %d bytes", NOTICE_TEXT_MAX - 1);
        http_respond_error(resp, &err, true, NULL);
        return false;
    }
    return true;
}

void h_notice_object(route_call *call, http_response *resp) {
    const char *reason;
    if (!reason_arg(call, resp, &reason))
        return;
    /* an anonymous filer acts as "public:<address>" (no right beyond filing; role none); so does a
     * caller who came by session cookie, since a public route checks no CSRF token and a forged
     * cross-site request must not file in a logged-in user's name */
    hs_ctx ctx = *call->ctx;
    hs_principal filer;
    if (call->caller->role == HS_ROLE_NONE || call->session_token != NULL) {
        char name[HS_PRINCIPAL_NAME_MAX];
        snprintf(name, sizeof name, "public:%.60s", call->req->client_addr);
        filer = principal_make(name, HS_ROLE_NONE);
        ctx.principal = &filer;
        ctx.actor = filer.user;
    }
    hs_error err = {0};
    notice_objection o;
    if (ops_notice_object(&ctx, route_param(call->match, "id"), reason, hs_clock_today(&ctx.clock),
                          &o, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_notice_objection(&o);
    if (v == NULL) {
        respond_view(resp, NULL);
        return;
    }
    http_respond_json(resp, 201, v);
}

static void decide(route_call *call, http_response *resp, bool uphold) {
    const char *reason;
    if (!reason_arg(call, resp, &reason))
        return;
    hs_error err = {0};
    notice_objection o;
    if (ops_notice_decide(call->ctx, route_param(call->match, "id"), uphold, reason,
                          hs_clock_today(&call->ctx->clock), &o, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, view_notice_objection(&o));
}

void h_objection_uphold(route_call *call, http_response *resp) {
    decide(call, resp, true);
}

void h_objection_dismiss(route_call *call, http_response *resp) {
    decide(call, resp, false);
}
