/* h_vouchers.c — compute vouchers (算力券) and providers over HTTP, on src/ops/voucher_ops.h with
 * the bytes the CLI's --json prints (view_voucher_redeemed, view_voucher_provider): a provider
 * redeeming a bill presented to it (scope provider:ID; Idempotency-Key recorded in the redemption's
 * own transaction) or asking for a quote first ("dry_run": true: the same checks and body, nothing
 * written); an officer settling what a programme in its scope owes providers (Idempotency-Key;
 * 202 with the pending approvals when maker-checker holds payments back); the providers list
 * (cursor pages) and an officer registering one. */
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "ops/voucher_ops.h"
#include "ops/voucher_view.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/idem_answer.h"
#include "server/paging.h"

#define VOUCHER_INPUTS_MAX 32 /* members of a redemption's "inputs" object */

/* Answers 403 forbidden naming what the caller may not do. */
static void respond_forbidden(http_response *resp, const hs_principal *p, const char *field,
                              const char *what, const char *id) {
    hs_error err = {0};
    hs_fail_code(&err, HS_REFUSED, "forbidden", field,
                 "%s (%s) may not %s '%.100s': not in its scope", p->user, role_name(p->role), what,
                 id);
    http_respond_error(resp, &err, false, NULL);
}

typedef struct {
    const voucher *v;
    const char *bill_id;
    const int64_t *paid_fen;
    const bool *existed;
} redeem_result;

/* Inside the redemption's transaction: what `voucher redeem --json` prints. */
static json_t *redeem_view(void *arg, int *code) {
    const redeem_result *r = arg;
    *code = 200;
    return view_voucher_redeemed(r->v, r->bill_id, *r->paid_fen, *r->existed);
}

void h_voucher_redeem(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"provider", "bill_id", "bill", "bill_fen",
                                          "inputs",   "dry_run", NULL};
    const char *id = route_param(call->match, "id"), *provider, *bill_id;
    voucher v;
    int64_t paid = 0;
    bool existed = false;
    json_t *dry = json_object_get(call->body, "dry_run");
    bool quote = json_is_true(dry);
    redeem_result r = {&v, NULL, &paid, &existed};
    idem_answer ans;
    if (!quote && idem_answer_begin(call, resp, &ans, redeem_view, &r))
        return;
    hs_error err = {0};
    json_t *inputs;
    int64_t bill_fen;
    bool ok = only_fields(call, resp, allowed) &&
              string_field(call, resp, "provider", true, &provider) &&
              string_field(call, resp, "bill_id", true, &bill_id) &&
              money_field(call, resp, "bill", true, &bill_fen) &&
              bool_field(call, resp, "dry_run", &quote) &&
              facts_field(call, resp, "inputs", VOUCHER_INPUTS_MAX, &inputs);
    if (ok && !principal_in_scope(call->caller, HS_SCOPE_PROVIDER, provider)) {
        respond_forbidden(resp, call->caller, "provider", "redeem for provider", provider);
        ok = false;
    }
    if (!ok)
        return; /* nothing began: like the other idempotent routes, a refused body stores no key */
    json_t *empty = json_object();
    ops_voucher_redeem_req req = {.id = id,
                                  .provider = provider,
                                  .bill_id = bill_id,
                                  .bill_fen = bill_fen,
                                  .on = hs_clock_today(&call->ctx->clock),
                                  .inputs = inputs ? inputs : empty};
    r.bill_id = bill_id;
    if (quote) {
        hs_status st = ops_voucher_redeem_quote(call->ctx, &req, &paid, &existed, &v, &err);
        json_decref(empty);
        if (st != HS_OK) {
            http_respond_error(resp, &err, false, NULL);
            return;
        }
        json_t *view = view_voucher_redeemed(&v, bill_id, paid, existed);
        if (view != NULL)
            json_object_set_new(view, "dry_run", json_true());
        respond_view(resp, view);
        return;
    }
    hs_status st = ops_voucher_redeem(idem_answer_ctx(&ans), &req, &paid, &existed, &v, &err);
    json_decref(empty);
    idem_answer_finish(call, resp, &ans, st, &err);
}

typedef struct {
    const char *programme, *provider;
    const int64_t *settled_fen;
    const size_t *providers;
    json_t *const *pending;
} settle_result;

/* Inside the settlement's transaction: {programme, provider, settled_fen, providers, pending}; 202
 * when maker-checker held any payment back. */
static json_t *settle_view(void *arg, int *code) {
    const settle_result *r = arg;
    json_t *pending = *r->pending ? json_copy(*r->pending) : json_array();
    *code = json_array_size(pending) > 0 ? 202 : 200;
    return json_pack("{s:s, s:o, s:I, s:I, s:o}", "programme", r->programme, "provider",
                     r->provider ? json_string(r->provider) : json_null(), "settled_fen",
                     (json_int_t)*r->settled_fen, "providers", (json_int_t)*r->providers, "pending",
                     pending);
}

void h_voucher_settle(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"programme", "provider", NULL};
    int64_t settled = 0;
    size_t providers = 0;
    json_t *pending = NULL;
    settle_result r = {NULL, NULL, &settled, &providers, &pending};
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, settle_view, &r))
        return;
    if (!only_fields(call, resp, allowed) ||
        !string_field(call, resp, "programme", true, &r.programme) ||
        !string_field(call, resp, "provider", false, &r.provider))
        return;
    if (!route_record_visible(call->caller, r.programme, NULL)) {
        respond_forbidden(resp, call->caller, "programme", "settle vouchers of programme",
                          r.programme);
        return;
    }
    hs_error err = {0};
    hs_status st =
        ops_voucher_settle(idem_answer_ctx(&ans), r.programme, r.provider,
                           hs_clock_today(&call->ctx->clock), &settled, &providers, &pending, &err);
    json_decref(pending);
    idem_answer_finish(call, resp, &ans, st, &err);
}

void h_provider_list(route_call *call, http_response *resp) {
    char after[VOUCHER_ID_MAX];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    hs_error err = {0};
    json_t *all;
    if (ops_voucher_providers(call->ctx, &all, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(all, "id", has_cursor ? after : NULL, limit);
    json_decref(all);
    respond_page(resp, page);
}

/* Copies a string member into dst (cap bytes); false (422) when it does not fit. */
static bool fits(http_response *resp, const char *name, const char *value, char *dst, size_t cap) {
    if (strlen(value) < cap) {
        snprintf(dst, cap, "%s", value);
        return true;
    }
    hs_error err = {0};
    hs_invalid_field(&err, name, "%s is longer than %zu bytes", name, cap - 1);
    http_respond_error(resp, &err, true, NULL);
    return false;
}

void h_provider_add(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"id", "name", "city", NULL};
    const char *id, *name, *city;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "id", true, &id) ||
        !string_field(call, resp, "name", true, &name) ||
        !string_field(call, resp, "city", false, &city))
        return;
    voucher_provider p = {.registered_date = hs_clock_today(&call->ctx->clock)};
    if (!fits(resp, "id", id, p.id, sizeof p.id) ||
        !fits(resp, "name", name, p.name, sizeof p.name) ||
        !fits(resp, "city", city ? city : "", p.city, sizeof p.city))
        return;
    hs_error err = {0};
    if (ops_voucher_provider_add(call->ctx, &p, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_voucher_provider(&p);
    if (v == NULL) {
        respond_view(resp, NULL);
        return;
    }
    http_respond_json(resp, 201, v);
}

typedef struct {
    route_call *call;
    size_t limit;
    json_t *items;
    char last[VOUCHER_ID_MAX];    /* the last item on the page */
    char scanned[VOUCHER_ID_MAX]; /* the last row read: the next batch starts after it */
    size_t rows;                  /* rows read in this batch */
    bool more;
} voucher_page;

/* For a provider: keeps only the redemptions at providers in its scope; true if any is left (the
 * voucher was presented to it). */
static bool presented_to(const hs_principal *p, json_t *view) {
    json_t *reds = json_object_get(view, "redemptions");
    for (size_t i = json_array_size(reds); i-- > 0;) {
        const char *at = json_string_value(json_object_get(json_array_get(reds, i), "provider"));
        if (at == NULL || !principal_in_scope(p, HS_SCOPE_PROVIDER, at))
            json_array_remove(reds, i);
    }
    return json_array_size(reds) > 0;
}

/* One voucher into the page, if the caller may see it and it comes after the cursor. */
static hs_status voucher_add(void *arg, const voucher *v, hs_error *err) {
    voucher_page *pg = arg;
    const hs_principal *p = pg->call->caller;
    pg->rows++;
    snprintf(pg->scanned, sizeof pg->scanned, "%s", v->id);
    if (pg->more)
        return HS_OK;
    bool provider = p->role == HS_ROLE_PROVIDER;
    if (!provider && !route_record_visible(p, v->policy.programme, v->firm))
        return HS_OK;
    voucher again;
    json_t *view;
    hs_status st = ops_voucher_show(pg->call->ctx, v->id, &again, &view, err);
    if (st != HS_OK)
        return st;
    if (provider && !presented_to(p, view)) {
        json_decref(view);
        return HS_OK;
    }
    if (json_array_size(pg->items) == pg->limit) {
        json_decref(view);
        pg->more = true;
        return HS_OK;
    }
    if (json_array_append_new(pg->items, view) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing vouchers");
    snprintf(pg->last, sizeof pg->last, "%s", v->id);
    return HS_OK;
}

void h_voucher_list(route_call *call, http_response *resp) {
    char after[VOUCHER_ID_MAX];
    bool has_cursor;
    voucher_page pg = {.call = call};
    if (!page_args(call, resp, &pg.limit, after, sizeof after, &has_cursor))
        return;
    hs_error err = {0};
    const char *status = http_query(call->req, "status");
    if (status != NULL && strcmp(status, "issued") != 0 && strcmp(status, "exhausted") != 0 &&
        strcmp(status, "expired") != 0) {
        hs_invalid_field(&err, "status", "status must be issued, exhausted or expired");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    pg.items = json_array();
    if (pg.items == NULL) {
        respond_page(resp, NULL);
        return;
    }
    /* keyset batches read in the store, rows the caller may not see skipped, until the page and
     * one more visible voucher are found or the rows run out */
    const size_t batch = pg.limit + 1 < 64 ? 64 : pg.limit + 1;
    char from[VOUCHER_ID_MAX]; /* bound into the store's query: never the buffer it writes */
    snprintf(from, sizeof from, "%s", has_cursor ? after : "");
    hs_status st;
    for (;;) {
        pg.rows = 0;
        st = ops_voucher_each(call->ctx, status, from[0] ? from : NULL, batch, voucher_add, &pg,
                              &err);
        if (st != HS_OK || pg.more || pg.rows < batch)
            break;
        snprintf(from, sizeof from, "%s", pg.scanned);
    }
    if (st != HS_OK) {
        json_decref(pg.items);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_page(resp, page_of_items(pg.items, "id", pg.more));
}

typedef struct {
    route_call *call;
    const char *provider;
    json_t *all;
} redemption_collect;

/* Appends the redemptions of voucher v at the provider, if the caller may see them. */
static hs_status redemptions_add(void *arg, const voucher *v, hs_error *err) {
    redemption_collect *c = arg;
    const hs_principal *p = c->call->caller;
    if (p->role == HS_ROLE_OFFICER && !route_record_visible(p, v->policy.programme, NULL))
        return HS_OK;
    voucher again;
    json_t *view;
    hs_status st = ops_voucher_show(c->call->ctx, v->id, &again, &view, err);
    if (st != HS_OK)
        return st;
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(view, "redemptions"), i, r) {
        const char *at = json_string_value(json_object_get(r, "provider"));
        if (at == NULL || strcmp(at, c->provider) != 0)
            continue;
        json_t *item = json_copy(r);
        if (item == NULL || json_object_set_new(item, "voucher", json_string(v->id)) != 0 ||
            json_object_set_new(item, "programme", json_string(v->policy.programme)) != 0 ||
            json_array_append_new(c->all, item) != 0) {
            json_decref(view);
            return hs_fail(err, HS_STORAGE, "out of memory listing redemptions");
        }
    }
    json_decref(view);
    return HS_OK;
}

void h_provider_redemptions(route_call *call, http_response *resp) {
    const char *provider = route_param(call->match, "id");
    if (call->caller->role == HS_ROLE_PROVIDER &&
        !principal_in_scope(call->caller, HS_SCOPE_PROVIDER, provider)) {
        respond_forbidden(resp, call->caller, "id", "see the redemptions of provider", provider);
        return;
    }
    char after[128];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    hs_error err = {0};
    redemption_collect c = {call, provider, json_array()};
    if (c.all == NULL) {
        respond_page(resp, NULL);
        return;
    }
    if (ops_voucher_each(call->ctx, NULL, NULL, 0, redemptions_add, &c, &err) != HS_OK) {
        json_decref(c.all);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(c.all, "bill_id", has_cursor ? after : NULL, limit);
    json_decref(c.all);
    respond_page(resp, page);
}
