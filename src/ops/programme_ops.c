/* programme_ops.c — programme operations over one transaction each (see programme_ops.h). */
#include "ops/programme_ops.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/programme_repo.h"

hs_status ops_programme_create(const hs_ctx *ctx, const programme *p, hs_error *err) {
    assert(ctx != NULL && p != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, programme_tx_create(&tx, p, err), err);
}

hs_status ops_programme_fund(const hs_ctx *ctx, const char *id, const char *budget,
                             int64_t amount_fen, hs_date date, const char *transfer_id,
                             approval_outcome *gate, hs_error *err) {
    assert(ctx != NULL && id != NULL && budget != NULL && gate != NULL);
    memset(gate, 0, sizeof *gate);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    /* the gate's checks: an open programme and a positive amount (the rest at execution) */
    st = programme_require_open(tx.store, id, err);
    if (st == HS_OK && amount_fen <= 0)
        st = hs_invalid_field(err, "amount", "field 'amount': must be positive");
    if (st == HS_OK) {
        json_t *req = json_pack("{s:s, s:s, s:I}", "programme", id, "budget", budget, "amount_fen",
                                (json_int_t)amount_fen);
        if (req != NULL && transfer_id != NULL)
            json_object_set_new(req, "transfer_id", json_string(transfer_id));
        st = req ? approval_tx_gate(&tx, ctx->principal, id, "programme.fund", req, amount_fen,
                                    date, gate, err)
                 : hs_fail(err, HS_STORAGE, "out of memory");
        json_decref(req);
    }
    if (st == HS_OK && !gate->pending)
        st = programme_tx_fund(&tx, id, budget, amount_fen, date, transfer_id, err);
    return ops_end(&tx, st, err);
}

hs_status ops_programme_release(const hs_ctx *ctx, const char *id, int64_t amount_fen, hs_date date,
                                const char *transfer_id, approval_outcome *gate, hs_error *err) {
    assert(ctx != NULL && id != NULL && gate != NULL);
    memset(gate, 0, sizeof *gate);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    /* the gate's checks: an open programme, a positive amount, something to release */
    st = programme_require_open(tx.store, id, err);
    if (st == HS_OK && amount_fen <= 0)
        st = hs_invalid_field(err, "amount", "field 'amount': must be positive");
    programme_appropriation a;
    if (st == HS_OK && (st = programme_appropriation_read(tx.store, id, &a, err)) == HS_OK &&
        (!a.multi_year || amount_fen > a.unreleased_fen))
        st = programme_tx_release(&tx, id, amount_fen, date, transfer_id, err); /* its refusal */
    if (st == HS_OK) {
        json_t *req =
            json_pack("{s:s, s:I}", "programme", id, "amount_fen", (json_int_t)amount_fen);
        if (req != NULL && transfer_id != NULL)
            json_object_set_new(req, "transfer_id", json_string(transfer_id));
        st = req ? approval_tx_gate(&tx, ctx->principal, id, "programme.release", req, amount_fen,
                                    date, gate, err)
                 : hs_fail(err, HS_STORAGE, "out of memory");
        json_decref(req);
    }
    if (st == HS_OK && !gate->pending)
        st = programme_tx_release(&tx, id, amount_fen, date, transfer_id, err);
    return ops_end(&tx, st, err);
}

hs_status ops_programme_close(const hs_ctx *ctx, const char *id, hs_date date, hs_error *err) {
    assert(ctx != NULL && id != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = programme_tx_close(&tx, id, date, err);
    return ops_end(&tx, st, err);
}

hs_status ops_programme_each(const hs_ctx *ctx,
                             hs_status (*fn)(void *arg, const programme *p, hs_error *err),
                             void *arg, hs_error *err) {
    assert(ctx != NULL && fn != NULL);
    return programme_repo_each(ctx->store, fn, arg, err);
}

static hs_status add_budget(void *vctx, const programme_budget *b, hs_error *err) {
    programme_status *s = vctx;
    int64_t v[PROGRAMME_FIGURES] = {b->appropriated_fen, b->returned_fen,   b->reserved_fen,
                                    b->paid_fen,         b->closed_out_fen, b->remaining_fen};
    for (int i = 0; i < PROGRAMME_FIGURES; i++)
        if (!money_add(s->totals[i], v[i], &s->totals[i]))
            return hs_fail(err, HS_STORAGE, "totals overflow");
    programme_budget *nb = realloc(s->budgets, (s->n_budgets + 1) * sizeof *nb);
    if (nb == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory reading budgets");
    s->budgets = nb;
    s->budgets[s->n_budgets++] = *b;
    return HS_OK;
}

hs_status ops_programme_status(const hs_ctx *ctx, const char *id, programme_status *out,
                               hs_error *err) {
    assert(ctx != NULL && id != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    bool found;
    hs_status st = programme_get(ctx->store, id, &out->programme, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "programme", "no programme '%s'", id);
    if ((st = programme_appropriation_read(ctx->store, id, &out->appropriation, err)) != HS_OK)
        return st;
    if ((st = programme_budgets(ctx->store, id, add_budget, out, err)) != HS_OK) {
        programme_status_free(out);
        return st;
    }
    return HS_OK;
}

void programme_status_free(programme_status *st) {
    if (st == NULL)
        return;
    free(st->budgets);
    st->budgets = NULL;
    st->n_budgets = 0;
}
