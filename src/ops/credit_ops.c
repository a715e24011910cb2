/* credit_ops.c — the credit operations (see credit_ops.h): one transaction each, rolled back on
 * any error. */
#include "ops/credit_ops.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static hs_date or_today(const hs_ctx *ctx, hs_date date) {
    return date != 0 ? date : hs_clock_today(&ctx->clock);
}

hs_status credit_ops_product_create(const hs_ctx *ctx, const credit_product *p, hs_error *err) {
    assert(ctx != NULL && p != NULL);
    credit_product q = *p;
    q.created_date = or_today(ctx, p->created_date);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, credit_product_create(&tx, &q, NULL, err), err);
}

hs_status credit_ops_product_show(const hs_ctx *ctx, const char *id, credit_product *out,
                                  hs_error *err) {
    bool found;
    hs_status st = credit_product_get(ctx->store, id, out, &found, err);
    if (st == HS_OK && !found)
        return hs_not_found(err, "product", "no product '%s'", id);
    return st;
}

hs_status credit_ops_products_each(const hs_ctx *ctx,
                                   hs_status (*fn)(void *c, const credit_product *p, hs_error *err),
                                   void *c, hs_error *err) {
    return credit_products_each(ctx->store, fn, c, err);
}

hs_status credit_ops_loan_create(const hs_ctx *ctx, const credit_loan_request *req,
                                 credit_loan *out, hs_error *err) {
    assert(ctx != NULL && req != NULL);
    credit_loan_request r = *req;
    r.approved_date = or_today(ctx, req->approved_date);
    credit_loan l;
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = ops_end(&tx, credit_loan_create(&tx, &r, &l, err), err);
    if (st == HS_OK && out != NULL)
        *out = l;
    return st;
}

/* Each operation below writes its result into the caller's *out (or a scratch one) inside the
 * transaction, so that ctx->on_commit (an Idempotency-Key's answer) can read it before the commit.
 */
hs_status credit_ops_loan_disburse(const hs_ctx *ctx, const char *id, hs_date date,
                                   credit_loan *out, hs_error *err) {
    assert(ctx != NULL && id != NULL);
    credit_loan scratch;
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(
        &tx, credit_loan_disburse(&tx, id, or_today(ctx, date), out ? out : &scratch, err), err);
}

hs_status credit_ops_repay(const hs_ctx *ctx, const char *id, int64_t amount_fen, hs_date date,
                           const char *client_id, credit_repayment_result *out, hs_error *err) {
    assert(ctx != NULL && id != NULL);
    credit_repayment_result scratch;
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx,
                   credit_loan_repay(&tx, id, amount_fen, or_today(ctx, date), client_id,
                                     out ? out : &scratch, err),
                   err);
}

hs_status credit_ops_default(const hs_ctx *ctx, const char *id, hs_date date,
                             int64_t *written_off_fen, hs_error *err) {
    assert(ctx != NULL && id != NULL);
    int64_t scratch = 0;
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx,
                   credit_loan_default(&tx, id, or_today(ctx, date),
                                       written_off_fen ? written_off_fen : &scratch, err),
                   err);
}

hs_status credit_ops_claim(const hs_ctx *ctx, const char *loan, const char *pool, hs_date date,
                           bool allow_partial, credit_claim *out, hs_error *err) {
    assert(ctx != NULL && loan != NULL);
    credit_claim scratch;
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx,
                   credit_claim_loan(&tx, loan, pool, or_today(ctx, date), allow_partial,
                                     out ? out : &scratch, err),
                   err);
}

hs_status credit_ops_recover(const hs_ctx *ctx, const char *loan, int64_t amount_fen, hs_date date,
                             const char *client_id, const char *from, credit_recovery_result *out,
                             hs_error *err) {
    assert(ctx != NULL && loan != NULL);
    credit_recovery_result scratch;
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx,
                   credit_recover(&tx, loan, amount_fen, or_today(ctx, date), client_id, from,
                                  out ? out : &scratch, err),
                   err);
}

typedef struct {
    credit_loan_detail *d;
    size_t cap;
} events_acc;

static hs_status add_event(void *vctx, const credit_event *e, hs_error *err) {
    events_acc *a = vctx;
    if (a->d->n_events == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 8;
        credit_event *grown = realloc(a->d->events, cap * sizeof *grown);
        if (grown == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory reading a loan's events");
        a->d->events = grown;
        a->cap = cap;
    }
    a->d->events[a->d->n_events++] = *e;
    return HS_OK;
}

hs_status credit_ops_loan_show(const hs_ctx *ctx, const char *id, credit_loan_detail *out,
                               hs_error *err) {
    memset(out, 0, sizeof *out);
    bool found;
    hs_status st = credit_loan_get(ctx->store, id, &out->loan, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "loan",
                            "no loan '%s' (create it with `huoshui credit loan create`)", id);
    if ((st = credit_claim_get(ctx->store, id, &out->claim, &out->claimed, err)) != HS_OK)
        return st;
    out->schedule = calloc(CREDIT_INSTALMENTS_MAX, sizeof *out->schedule);
    if (out->schedule == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    st = credit_loan_schedule(&out->loan, out->schedule, CREDIT_INSTALMENTS_MAX, &out->n_schedule,
                              &out->from_disbursement, err);
    for (size_t i = 0; st == HS_OK && i < out->n_schedule; i++) {
        out->schedule_principal_fen += out->schedule[i].principal_fen;
        out->schedule_interest_fen += out->schedule[i].interest_fen;
    }
    /* the schedule's principal instalments add up to the loan exactly */
    assert(st != HS_OK || out->schedule_principal_fen == out->loan.amount_fen);
    events_acc acc = {out, 0};
    if (st == HS_OK)
        st = credit_loan_events_each(ctx->store, id, add_event, &acc, err);
    if (st != HS_OK)
        credit_loan_detail_free(out);
    return st;
}

void credit_loan_detail_free(credit_loan_detail *d) {
    free(d->schedule);
    free(d->events);
    d->schedule = NULL;
    d->events = NULL;
    d->n_schedule = d->n_events = 0;
}

hs_status credit_ops_loans_each(const hs_ctx *ctx, const char *pool,
                                hs_status (*fn)(void *c, const credit_loan *l, hs_error *err),
                                void *c, hs_error *err) {
    return credit_loans_each(ctx->store, pool, fn, c, err);
}

hs_status credit_ops_loans_page(const hs_ctx *ctx, const char *pool, const char *after_id,
                                size_t max_rows,
                                hs_status (*fn)(void *c, const credit_loan *l, hs_error *err),
                                void *c, hs_error *err) {
    return credit_loans_page(ctx->store, pool, after_id, max_rows, fn, c, err);
}

#define CREDIT_OVERDUE_WORKDAYS 5 /* the service deadline: 5 working days from approval */

hs_status credit_ops_overdue(const hs_ctx *ctx, hs_date on, int32_t workdays,
                             hs_status (*fn)(void *c, const credit_overdue *o, hs_error *err),
                             void *c, hs_date *on_out, int32_t *workdays_out, hs_error *err) {
    on = or_today(ctx, on);
    if (workdays < 0)
        workdays = CREDIT_OVERDUE_WORKDAYS;
    if (on_out != NULL)
        *on_out = on;
    if (workdays_out != NULL)
        *workdays_out = workdays;
    hs_calendar *cal = malloc(sizeof *cal);
    if (cal == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    char path[4096];
    snprintf(path, sizeof path, "%s/data/holidays-cn.txt", ctx->data_dir);
    hs_status st = calendar_load(cal, path, err);
    if (st == HS_OK)
        st = credit_overdue_approvals(ctx->store, cal, on, workdays, fn, c, err);
    free(cal);
    return st;
}

hs_status credit_ops_pool_create(const hs_ctx *ctx, const credit_pool *p, hs_error *err) {
    credit_pool q = *p;
    q.created_date = or_today(ctx, p->created_date);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, credit_pool_create(&tx, &q, err), err);
}

hs_status credit_ops_pool_fund(const hs_ctx *ctx, const char *id, int64_t amount_fen, hs_date date,
                               const char *transfer_id, bool *existed, approval_outcome *gate,
                               hs_error *err) {
    assert(ctx != NULL && id != NULL && gate != NULL);
    memset(gate, 0, sizeof *gate);
    bool e = false;
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    /* the gate's checks: a known pool and a positive amount (the rest at execution) */
    credit_pool pool;
    bool found = false;
    st = credit_pool_get(tx.store, id, &pool, &found, err);
    if (st == HS_OK && !found)
        st = hs_not_found(err, "pool", "no pool '%s'", id);
    if (st == HS_OK && amount_fen <= 0)
        st = hs_invalid_field(err, "--amount", "the amount must be positive");
    if (st == HS_OK) {
        json_t *req = json_pack("{s:s, s:I}", "pool", id, "amount_fen", (json_int_t)amount_fen);
        if (req != NULL && transfer_id != NULL)
            json_object_set_new(req, "transfer_id", json_string(transfer_id));
        st = req ? approval_tx_gate(&tx, ctx->principal, pool.programme, "credit.pool.fund", req,
                                    amount_fen, or_today(ctx, date), gate, err)
                 : hs_fail(err, HS_STORAGE, "out of memory");
        json_decref(req);
    }
    if (st == HS_OK && !gate->pending)
        st = credit_pool_fund(&tx, id, amount_fen, or_today(ctx, date), transfer_id,
                              existed ? existed : &e, err);
    return ops_end(&tx, st, err);
}

credit_pool_report *credit_ops_pool_show(const hs_ctx *ctx, const char *id, hs_error *err) {
    credit_pool_report *r = malloc(sizeof *r);
    if (r == NULL) {
        hs_fail(err, HS_STORAGE, "out of memory");
        return NULL;
    }
    if (credit_pool_report_build(ctx->store, id, r, err) != HS_OK) {
        free(r);
        return NULL;
    }
    return r;
}

typedef struct {
    const hs_ctx *ctx;
    hs_status (*fn)(void *arg, const credit_pool_report *r, hs_error *err);
    void *arg;
} pools_walk;

static hs_status pool_report_each(void *vw, const char *id, hs_error *err) {
    pools_walk *w = vw;
    credit_pool_report *r = credit_ops_pool_show(w->ctx, id, err);
    if (r == NULL) /* a pool whose id was just listed: not found here is a damaged book */
        return err->status == HS_NOT_FOUND ? hs_fail(err, HS_STORAGE, "pool '%s' vanished", id)
                                           : err->status;
    assert(strcmp(r->pool.id, id) == 0);
    hs_status st = w->fn(w->arg, r, err);
    free(r);
    return st;
}

hs_status credit_ops_pools_each(const hs_ctx *ctx,
                                hs_status (*fn)(void *arg, const credit_pool_report *r,
                                                hs_error *err),
                                void *arg, hs_error *err) {
    assert(ctx != NULL && fn != NULL);
    pools_walk w = {ctx, fn, arg};
    return credit_pool_ids_each(ctx->store, pool_report_each, &w, err);
}
