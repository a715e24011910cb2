/* guarantee_verify.c — the guarantee tables against the ledger (see guarantee_verify.h). */
#include "instrument/guarantee_verify.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/guarantee.h"
#include "instrument/guarantee_repo.h"

typedef struct {
    int64_t capital_fen, fees_fen; /* what the records say the accounts hold */
} expected;

static hs_status add(void *ctx, const guarantee *gt, hs_error *err) {
    expected *e = ctx;
    if (!money_add(e->fees_fen, gt->fee_fen, &e->fees_fen) ||
        !money_sub(e->capital_fen, gt->borne_fen[GUARANTEE_SHARE_GUARANTOR], &e->capital_fen) ||
        !money_add(e->capital_fen, gt->recovered_to_fen[GUARANTEE_SHARE_GUARANTOR],
                   &e->capital_fen))
        return hs_fail(err, HS_STORAGE, "guarantee totals overflow");
    return HS_OK;
}

typedef struct {
    hs_store *s;
    guarantee_verify_report *out;
} vctx;

static hs_status held(hs_store *s, const char *name, int64_t *out, hs_error *err) {
    hs_account a;
    bool found = false;
    hs_status st = store_account_by_name(s, name, &a, &found, err);
    *out = st == HS_OK && found ? account_held_fen(&a) : 0;
    return st;
}

static hs_status check_one(void *ctx, const guarantor *g, hs_error *err) {
    vctx *v = ctx;
    expected e = {g->contributed_fen, 0};
    hs_status st = guarantee_repo_each(v->s, g->id, add, &e, err);
    char capital[ACCOUNT_NAME_MAX], fees[ACCOUNT_NAME_MAX];
    snprintf(capital, sizeof capital, "guarantor/%s/capital", g->id);
    snprintf(fees, sizeof fees, "guarantor/%s/fees", g->id);
    int64_t cap = 0, fee = 0;
    if (st != HS_OK || (st = held(v->s, capital, &cap, err)) != HS_OK ||
        (st = held(v->s, fees, &fee, err)) != HS_OK)
        return st;
    v->out->checks += 2;
    if (v->out->ok && (cap != e.capital_fen || fee != e.fees_fen)) {
        v->out->ok = false;
        snprintf(v->out->first_violation, sizeof v->out->first_violation,
                 "guarantor %s: the ledger holds %lld fen of capital and %lld fen of fees, its "
                 "records say %lld and %lld",
                 g->id, (long long)cap, (long long)fee, (long long)e.capital_fen,
                 (long long)e.fees_fen);
    }
    return HS_OK;
}

hs_status guarantee_verify(hs_store *s, guarantee_verify_report *out, hs_error *err) {
    assert(s != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    out->ok = true;
    vctx v = {s, out};
    return guarantee_repo_guarantors_each(s, check_one, &v, err);
}
