/* h_accounts.c — GET /api/v1/accounts/{name} and the paginated account list, over
 * ops/account_ops with the JSON views of ops/ledger_view (the bytes `balance --json` prints). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "ops/account_ops.h"
#include "ops/audit_ops.h"
#include "ops/ledger_view.h"
#include "server/body_fields.h"
#include "server/fund_scope.h"
#include "server/handlers.h"
#include "server/paging.h"

void h_account_get(route_call *call, http_response *resp) {
    const char *name = route_param(call->match, "name");
    hs_error err = {0};
    hs_account a;
    if (ops_account_get(call->ctx, name, &a, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_balance_row(&a);
    if (v == NULL) {
        hs_fail(&err, HS_STORAGE, "out of memory");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_json(resp, 200, v);
}

typedef struct {
    const hs_ctx *ctx;
    const hs_principal *caller;
    const char *after; /* the cursor: names <= it were on earlier pages */
    size_t limit;
    json_t *items;
    char last[ACCOUNT_NAME_MAX];
    bool more;
} page_ctx;

static hs_status page_add(void *vctx, const hs_account *a, hs_error *err) {
    page_ctx *p = vctx;
    if (p->more || (p->after != NULL && strcmp(a->name, p->after) <= 0))
        return HS_OK;
    if (!fund_scope_account_visible(p->ctx, p->caller, a->name))
        return HS_OK;
    if (json_array_size(p->items) == p->limit) {
        p->more = true;
        return HS_OK;
    }
    json_t *v = view_balance_row(a);
    if (v == NULL || json_array_append_new(p->items, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing accounts");
    snprintf(p->last, sizeof p->last, "%s", a->name);
    return HS_OK;
}

/* Cursors are the last name of the page, base64url: opaque to clients, checked on the way in. */
static bool cursor_decode(const char *text, char *out, size_t out_len) {
    size_t n = 0;
    if (sodium_base642bin((unsigned char *)out, out_len - 1, text, strlen(text), NULL, &n, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return false;
    out[n] = '\0';
    return n > 0 && memchr(out, '\0', n) == NULL;
}

void h_account_list(route_call *call, http_response *resp) {
    hs_error err = {0};
    const char *limit_text = http_query(call->req, "limit");
    const char *cursor = http_query(call->req, "cursor");
    const char *prefix = http_query(call->req, "prefix");
    long limit = PAGE_LIMIT_DEFAULT;
    if (limit_text != NULL) {
        char *end;
        limit = strtol(limit_text, &end, 10);
        if (*limit_text == '\0' || *end != '\0' || limit < 1 || limit > PAGE_LIMIT_MAX) {
            hs_invalid_field(&err, "limit", "limit must be an integer from 1 to %d",
                             PAGE_LIMIT_MAX);
            http_respond_error(resp, &err, false, NULL);
            return;
        }
    }
    char after[ACCOUNT_NAME_MAX];
    if (cursor != NULL && !cursor_decode(cursor, after, sizeof after)) {
        hs_invalid_field(&err, "cursor", "not a cursor this API gave out");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    page_ctx p = {.ctx = call->ctx,
                  .caller = call->caller,
                  .after = cursor ? after : NULL,
                  .limit = (size_t)limit,
                  .items = json_array()};
    ops_balance_totals totals;
    hs_status st = ops_account_balances(call->ctx, prefix && *prefix ? prefix : NULL, NULL,
                                        page_add, &p, &totals, &err);
    if (st == HS_NOT_FOUND)
        st = HS_OK; /* a prefix selecting nothing is an empty page */
    if (st != HS_OK || p.items == NULL) {
        json_decref(p.items);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *next = json_null();
    if (p.more) {
        char enc[sodium_base64_ENCODED_LEN(ACCOUNT_NAME_MAX,
                                           sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
        sodium_bin2base64(enc, sizeof enc, (const unsigned char *)p.last, strlen(p.last),
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        next = json_string(enc);
    }
    http_respond_json(resp, 200, json_pack("{s:o, s:o}", "items", p.items, "next_cursor", next));
}

void h_account_create(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"name", "kind", "limit", NULL};
    const char *name, *kind, *limit;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "name", true, &name) ||
        !string_field(call, resp, "kind", true, &kind) ||
        !string_field(call, resp, "limit", false, &limit))
        return;
    hs_error err = {0};
    uint32_t flags = 0;
    if (limit != NULL && !account_limit_parse(limit, &flags)) {
        hs_invalid_field(&err, "limit", "limit is debits-le-credits, credits-le-debits or none");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    if (ops_account_name_in_module_namespace(name)) {
        hs_fail_code(&err, HS_REFUSED, "forbidden", "name",
                     "'%.100s' lies in a namespace a module makes its accounts under; a free "
                     "account may not take it",
                     name);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    hs_account a;
    bool existed = false;
    if (ops_account_create(call->ctx, name, kind, flags, &a, &existed, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    http_respond_json(resp, existed ? 200 : 201, view_account_created(&a, existed));
}

typedef struct {
    const hs_ctx *ctx;
    const char *after; /* the cursor: the id of the previous page's last row, or NULL */
    bool past_cursor;
    size_t limit;
    json_t *items;
    bool more;
} history_page;

static hs_status history_add(void *arg, const ops_history_row *r, hs_error *err) {
    history_page *pg = arg;
    if (!pg->past_cursor) {
        pg->past_cursor = strcmp(r->t->id, pg->after) == 0;
        return HS_OK;
    }
    if (json_array_size(pg->items) == pg->limit) {
        pg->more = true; /* the running balance needs every row; the rest are only counted */
        return HS_OK;
    }
    ops_history_row row = *r;
    hs_status st = ops_audit_seq_of_transfer(pg->ctx, r->t->id, &row.audit_seq, err);
    if (st == HS_OK && json_array_append_new(pg->items, view_history_row(&row)) != 0)
        st = hs_fail(err, HS_STORAGE, "out of memory");
    return st;
}

void h_account_history(route_call *call, http_response *resp) {
    char after[TRANSFER_ID_MAX];
    bool has_cursor;
    history_page pg = {.ctx = call->ctx};
    if (!page_args(call, resp, &pg.limit, after, sizeof after, &has_cursor))
        return;
    pg.after = has_cursor ? after : NULL;
    pg.past_cursor = !has_cursor;
    pg.items = json_array();
    hs_error err = {0};
    if (pg.items == NULL) {
        respond_page(resp, NULL);
        return;
    }
    if (ops_account_history(call->ctx, route_param(call->match, "name"), false, history_add, &pg,
                            &err) != HS_OK) {
        json_decref(pg.items);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_page(resp, page_of_items(pg.items, "id", pg.more));
}
