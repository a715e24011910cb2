/* h_programmes.c — programmes over HTTP, on src/ops/programme_ops.h with the bytes `programme show
 * --json` prints (view_programme_status): the list (cursor pages; officers and reviewers only the
 * programmes in their scope), create (an officer holding scope programme:ID for the new ID: the
 * book's administrator assigns that scope first, so no officer creates programmes for another's
 * portfolio; admins never, as a programme is the source of payments) and close (returns every
 * unreserved remainder to the appropriation, so it takes an Idempotency-Key recorded in the
 * closing's own transaction). */
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "ops/approval_ops.h"
#include "ops/programme_ops.h"
#include "ops/programme_view.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/idem_answer.h"
#include "server/paging.h"

typedef struct {
    const hs_ctx *ctx;
    const char *after;
    size_t limit;
    json_t *items;
    char last[PROGRAMME_ID_MAX];
    bool more;
} programme_page;

/* One programme into the page, if the caller may see it and it comes after the cursor. */
static hs_status programme_add(void *arg, const programme *p, hs_error *err) {
    programme_page *pg = arg;
    if (pg->more || (pg->after != NULL && strcmp(p->id, pg->after) <= 0))
        return HS_OK;
    const hs_principal *caller = pg->ctx->principal;
    hs_scope_kind k = route_role_scope_kind(caller->role);
    if (k == HS_SCOPE_PROGRAMME && !principal_in_scope(caller, k, p->id))
        return HS_OK;
    if (json_array_size(pg->items) == pg->limit) {
        pg->more = true;
        return HS_OK;
    }
    programme_status st;
    hs_status s = ops_programme_status(pg->ctx, p->id, &st, err);
    if (s != HS_OK)
        return s;
    json_t *v = view_programme_status(&st);
    programme_status_free(&st);
    if (v == NULL || json_array_append_new(pg->items, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing programmes");
    snprintf(pg->last, sizeof pg->last, "%s", p->id);
    return HS_OK;
}

void h_programme_list(route_call *call, http_response *resp) {
    char after[PROGRAMME_ID_MAX];
    bool has_cursor;
    programme_page pg = {.ctx = call->ctx};
    if (!page_args(call, resp, &pg.limit, after, sizeof after, &has_cursor))
        return;
    pg.after = has_cursor ? after : NULL;
    pg.items = json_array();
    hs_error err = {0};
    if (pg.items == NULL) {
        hs_fail(&err, HS_STORAGE, "out of memory listing programmes");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (ops_programme_each(call->ctx, programme_add, &pg, &err) != HS_OK) {
        json_decref(pg.items);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_page(resp, json_pack("{s:o, s:o}", "items", pg.items, "next_cursor",
                                 cursor_of(pg.last, pg.more)));
}

/* Reads the optional approval threshold: "approval_threshold" in any money form (0 allowed: every
 * payment) or "approval_threshold_fen" an integer >= 0, not both. *has false when absent. */
static bool threshold_field(route_call *call, http_response *resp, int64_t *fen, bool *has) {
    hs_error err = {0};
    json_t *text = json_object_get(call->body, "approval_threshold"),
           *raw = json_object_get(call->body, "approval_threshold_fen");
    *fen = 0;
    *has = text != NULL || raw != NULL;
    if (text != NULL && raw != NULL) {
        hs_invalid_field(&err, "approval_threshold",
                         "give approval_threshold or approval_threshold_fen, not both");
    } else if (raw != NULL) {
        if (json_is_integer(raw) && json_integer_value(raw) >= 0) {
            *fen = json_integer_value(raw);
            return true;
        }
        hs_invalid_field(&err, "approval_threshold_fen",
                         "approval_threshold_fen must be an integer >= 0");
    } else if (text != NULL) {
        char why[128] = "";
        if (json_is_string(text) && money_parse(json_string_value(text), fen, why, sizeof why) &&
            *fen >= 0)
            return true;
        hs_invalid_field(&err, "approval_threshold", "not an amount >= 0: %s", why);
    } else {
        return true;
    }
    http_respond_error(resp, &err, true, NULL);
    return false;
}

void h_programme_create(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"id",
                                          "title_zh",
                                          "title_en",
                                          "approval_threshold",
                                          "approval_threshold_fen",
                                          "appropriation",
                                          "appropriation_fen",
                                          NULL};
    const char *id, *title_zh, *title_en;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "id", true, &id) ||
        !string_field(call, resp, "title_zh", false, &title_zh) ||
        !string_field(call, resp, "title_en", false, &title_en))
        return;
    hs_error err = {0};
    if (!principal_in_scope(call->caller, HS_SCOPE_PROGRAMME, id)) {
        hs_fail_code(&err, HS_REFUSED, "forbidden", "id",
                     "%s (%s) may not create programme '%.100s': it needs scope programme:%.100s",
                     call->caller->user, role_name(call->caller->role), id, id);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    int64_t threshold;
    bool has_threshold;
    programme p = {.created_date = hs_clock_today(&call->ctx->clock)};
    if (!threshold_field(call, resp, &threshold, &has_threshold) ||
        !money_field(call, resp, "appropriation", false, &p.multi_year_fen) ||
        !copy_field(resp, "id", id, p.id, sizeof p.id) ||
        !copy_field(resp, "title_zh", title_zh, p.title_zh, sizeof p.title_zh) ||
        !copy_field(resp, "title_en", title_en, p.title_en, sizeof p.title_en))
        return;
    if (ops_approval_programme_create(call->ctx, &p, has_threshold ? &threshold : NULL, &err) !=
        HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    programme_status st;
    if (ops_programme_status(call->ctx, p.id, &st, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_programme_status(&st);
    programme_status_free(&st);
    if (v == NULL) {
        respond_view(resp, NULL);
        return;
    }
    http_respond_json(resp, 201, v);
}

typedef struct {
    const hs_ctx *ctx;
    const char *id;
} close_result;

/* Inside the closing's transaction: the programme's status as closed. */
static json_t *close_view(void *arg, int *code) {
    const close_result *r = arg;
    *code = 200;
    programme_status st;
    hs_error err = {0};
    if (ops_programme_status(r->ctx, r->id, &st, &err) != HS_OK)
        return NULL;
    json_t *v = view_programme_status(&st);
    programme_status_free(&st);
    return v;
}

void h_programme_close(route_call *call, http_response *resp) {
    const char *id = route_param(call->match, "id");
    close_result r = {call->ctx, id};
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, close_view, &r))
        return;
    static const char *const allowed[] = {NULL};
    if (call->body != NULL && !only_fields(call, resp, allowed))
        return;
    hs_error err = {0};
    if (!route_record_visible(call->caller, id, NULL)) {
        hs_fail_code(&err, HS_REFUSED, "forbidden", "id",
                     "%s (%s) may not close programme '%.100s': not in its scope",
                     call->caller->user, role_name(call->caller->role), id);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    hs_status st =
        ops_programme_close(idem_answer_ctx(&ans), id, hs_clock_today(&call->ctx->clock), &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}
