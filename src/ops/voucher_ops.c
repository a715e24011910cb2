/* voucher_ops.c — voucher operations, one transaction each (see voucher_ops.h). */
#include "ops/approval_view.h"
#include "ops/voucher_ops.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "instrument/voucher_repo.h"
#include "ops/voucher_view.h"

hs_status ops_voucher_issue(const hs_ctx *ctx, const ops_voucher_issue_req *req, voucher *out,
                            hs_error *err) {
    assert(ctx != NULL && req != NULL && out != NULL);
    if (req->id == NULL || req->policy == NULL || req->firm == NULL)
        return hs_invalid_field(err,
                                req->id == NULL ? "--id"
                                : req->policy   ? "--firm"
                                                : "--policy",
                                "--id, --policy, --firm and --expires are required");
    hs_status st = instrument_firm_check(req->firm, err);
    if (st != HS_OK)
        return st;
    instrument_policy ip;
    if ((st = ops_instrument_policy(req->policy, HS_INSTR_VOUCHER, &ip, err)) != HS_OK)
        return st;
    static const char *const also[] = {"product", NULL};
    json_t *empty = json_object();
    const json_t *inputs = req->inputs ? req->inputs : empty;
    st = instrument_inputs_known(&ip, inputs, also, err);
    hs_tx tx;
    if (st == HS_OK && (st = ops_begin(ctx, &tx, err)) == HS_OK)
        st = ops_end(&tx,
                     voucher_issue(&tx, &ip, req->id, req->firm, req->face_fen, req->on,
                                   req->expires, inputs, out, err),
                     err);
    json_decref(empty);
    instrument_policy_free(&ip);
    return st;
}

hs_status ops_voucher_redeem(const hs_ctx *ctx, const ops_voucher_redeem_req *req,
                             int64_t *paid_fen, bool *existed, voucher *out, hs_error *err) {
    assert(ctx != NULL && req != NULL && paid_fen != NULL && existed != NULL && out != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = voucher_redeem(&tx, req->id, req->provider, req->bill_id, req->bill_fen, req->on,
                        req->inputs, paid_fen, existed, out, err);
    return ops_end(&tx, st, err);
}

hs_status ops_voucher_redeem_quote(const hs_ctx *ctx, const ops_voucher_redeem_req *req,
                                   int64_t *paid_fen, bool *existed, voucher *out, hs_error *err) {
    assert(ctx != NULL && req != NULL && paid_fen != NULL && existed != NULL && out != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = voucher_redeem(&tx, req->id, req->provider, req->bill_id, req->bill_fen, req->on,
                        req->inputs, paid_fen, existed, out, err);
    /* always roll back: a quote writes nothing (the rollback's own status is not the answer) */
    hs_error ignored = {0};
    hs_status rb = ops_end(&tx, st == HS_OK ? HS_REFUSED : st, st == HS_OK ? &ignored : err);
    return st == HS_OK ? (rb == HS_REFUSED ? HS_OK : rb) : st;
}

typedef struct {
    const hs_ctx *ctx;
    hs_date on;
    json_t *pending;
} settle_gate_ctx;

/* Maker-checker before each provider payment: records a pending approval and holds it back. */
static hs_status settle_gate(void *vctx, hs_tx *tx, const char *programme, const char *provider,
                             int64_t owed_fen, bool *hold, hs_error *err) {
    settle_gate_ctx *g = vctx;
    json_t *req = json_pack("{s:s, s:s, s:I}", "programme", programme, "provider", provider,
                            "amount_fen", (json_int_t)owed_fen);
    if (req == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    approval_outcome out;
    hs_status st = approval_tx_gate(tx, g->ctx->principal, programme, "voucher.settle", req,
                                    owed_fen, g->on, &out, err);
    json_decref(req);
    if (st != HS_OK)
        return st;
    *hold = out.pending;
    if (out.pending && json_array_append_new(g->pending, view_approval(&out.approval)) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

hs_status ops_voucher_settle(const hs_ctx *ctx, const char *programme, const char *provider,
                             hs_date on, int64_t *settled_fen, size_t *providers, json_t **pending,
                             hs_error *err) {
    assert(ctx != NULL && pending != NULL);
    *pending = NULL;
    settle_gate_ctx g = {ctx, on, json_array()};
    if (g.pending == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK) {
        json_decref(g.pending);
        return st;
    }
    voucher_settle_scope scope = {.provider = provider, .programme = programme};
    size_t held = 0;
    st = voucher_settle_gated(&tx, &scope, on, settle_gate, &g, settled_fen, providers, &held, err);
    assert(st != HS_OK || held == json_array_size(g.pending));
    *pending = g.pending; /* ctx->on_commit's answer shows what was held back */
    st = ops_end(&tx, st, err);
    *pending = NULL;
    if (st != HS_OK) {
        json_decref(g.pending);
        return st;
    }
    *pending = g.pending;
    return HS_OK;
}

hs_status ops_voucher_expire(const hs_ctx *ctx, hs_date on, const char *programme, size_t *count,
                             int64_t *released_fen, hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, voucher_expire(&tx, on, programme, count, released_fen, err), err);
}

hs_status ops_voucher_provider_add(const hs_ctx *ctx, const voucher_provider *p, hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, voucher_provider_add(&tx, p, err), err);
}

static hs_status add_provider(void *ctx, const voucher_provider *p, hs_error *err) {
    json_t *o = view_voucher_provider(p);
    if (o == NULL || json_array_append_new(ctx, o) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

hs_status ops_voucher_providers(const hs_ctx *ctx, json_t **out, hs_error *err) {
    *out = json_array();
    hs_status st = voucher_provider_each(ctx->store, add_provider, *out, err);
    if (st != HS_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return st;
}

typedef struct {
    voucher_redemption *r;
    size_t n, cap;
} red_list;

static hs_status add_redemption(void *vctx, const voucher_redemption *r, hs_error *err) {
    red_list *l = vctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        voucher_redemption *p = realloc(l->r, cap * sizeof *p);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        l->r = p;
        l->cap = cap;
    }
    l->r[l->n++] = *r;
    return HS_OK;
}

hs_status ops_voucher_show(const hs_ctx *ctx, const char *id, voucher *out, json_t **view,
                           hs_error *err) {
    *view = NULL;
    bool found = false;
    hs_status st = voucher_find(ctx->store, id, out, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "V", "no voucher '%s'", id);
    red_list l = {0};
    if ((st = voucher_redemptions_each(ctx->store, id, add_redemption, &l, err)) == HS_OK) {
        *view = view_voucher(out, l.r, l.n);
        if (*view == NULL)
            st = hs_fail(err, HS_STORAGE, "out of memory");
    }
    free(l.r);
    return st;
}

hs_status ops_voucher_each(const hs_ctx *ctx, const char *status, const char *after_id,
                           size_t max_rows,
                           hs_status (*fn)(void *arg, const voucher *v, hs_error *err), void *arg,
                           hs_error *err) {
    assert(ctx != NULL && fn != NULL);
    return voucher_repo_each(ctx->store, status, after_id, max_rows, fn, arg, err);
}
