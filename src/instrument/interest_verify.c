/* interest_verify.c — the interest-subsidy tables against the ledger (see interest_verify.h). */
#include "instrument/interest_verify.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/interest.h"
#include "instrument/interest_repo.h"
#include "store/flows.h"

typedef struct {
    hs_store *s;
    interest_verify_report *out;
    const interest_scheme *sc;
    int64_t rows_paid, rows_total_fen;     /* from the module's rows */
    int64_t ledger_paid, ledger_total_fen; /* from the ledger's transfers */
} verify_ctx;

static void violation(verify_ctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void violation(verify_ctx *v, const char *fmt, ...) {
    if (!v->out->ok)
        return; /* the first one is reported */
    v->out->ok = false;
    int n = snprintf(v->out->first_violation, sizeof v->out->first_violation,
                     "interest scheme %s: ", v->sc->id);
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && (size_t)n < sizeof v->out->first_violation)
        vsnprintf(v->out->first_violation + n, sizeof v->out->first_violation - (size_t)n, fmt, ap);
    va_end(ap);
}

static hs_status check_row(verify_ctx *v, const interest_accrual *a, hs_error *err) {
    v->out->checks++;
    if (a->amount_fen == 0)
        return HS_OK;
    v->rows_paid++;
    if (!money_add(v->rows_total_fen, a->amount_fen, &v->rows_total_fen))
        return hs_fail(err, HS_STORAGE, "interest accruals overflow");
    hs_transfer t;
    bool found = false;
    hs_status st = store_transfer_by_id(v->s, a->transfer_id, &t, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        violation(v,
                  "%s of loan %s records %lld fen paid under transfer %s, which the ledger "
                  "does not hold",
                  a->period, a->loan, (long long)a->amount_fen, a->transfer_id);
    else if (t.amount_fen != a->amount_fen || strcmp(t.debit, v->sc->policy.budget) != 0 ||
             strcmp(t.credit, a->payee_account) != 0 || strcmp(t.code, INTEREST_CODE) != 0)
        violation(v,
                  "%s of loan %s: transfer %s moved %lld fen %s -> %s (%s), the record says "
                  "%lld fen %s -> %s",
                  a->period, a->loan, a->transfer_id, (long long)t.amount_fen, t.debit, t.credit,
                  t.code, (long long)a->amount_fen, v->sc->policy.budget, a->payee_account);
    return HS_OK;
}

static hs_status row_fn(void *ctx, const interest_accrual *a, hs_error *err) {
    return check_row(ctx, a, err);
}

static hs_status run_fn(void *ctx, const interest_run *r, hs_error *err) {
    verify_ctx *v = ctx;
    interest_result res;
    bool found = false;
    hs_status st = interest_period_get(v->s, r->scheme, r->period, &res, &found, err);
    interest_result_free(&res);
    if (st == HS_STORAGE) { /* the run does not add up to its rows: a violation, named */
        violation(v, "%s", err->msg);
        hs_error_clear(err);
        return HS_OK;
    }
    if (st != HS_OK)
        return st;
    return interest_repo_accruals_each(v->s, r->scheme, r->period, row_fn, v, err);
}

static hs_status ledger_fn(void *ctx, const hs_transfer *t, hs_error *err) {
    verify_ctx *v = ctx;
    if (strcmp(t->code, INTEREST_CODE) != 0 || !flow_moved(t))
        return HS_OK;
    v->ledger_paid++;
    if (!money_add(v->ledger_total_fen, t->amount_fen, &v->ledger_total_fen))
        return hs_fail(err, HS_STORAGE, "interest transfers overflow");
    return HS_OK;
}

static hs_status scheme_fn(void *ctx, const interest_scheme *sc, hs_error *err) {
    verify_ctx *v = ctx;
    v->sc = sc;
    v->rows_paid = v->rows_total_fen = v->ledger_paid = v->ledger_total_fen = 0;
    hs_status st = interest_repo_runs_each(v->s, sc->id, run_fn, v, err);
    if (st == HS_OK)
        st = store_flows_with_ref(v->s, "scheme", sc->id, ledger_fn, v, err);
    if (st != HS_OK)
        return st;
    v->out->checks++;
    if (v->rows_paid != v->ledger_paid || v->rows_total_fen != v->ledger_total_fen)
        violation(v,
                  "its accruals paid %lld fen in %lld transfers, the ledger holds %lld fen in "
                  "%lld interest.subsidy transfers of the scheme",
                  (long long)v->rows_total_fen, (long long)v->rows_paid,
                  (long long)v->ledger_total_fen, (long long)v->ledger_paid);
    return HS_OK;
}

hs_status interest_verify(hs_store *s, interest_verify_report *out, hs_error *err) {
    assert(s != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    out->ok = true;
    verify_ctx v = {.s = s, .out = out};
    hs_status st = interest_repo_schemes_each(s, scheme_fn, &v, err);
    assert(st != HS_OK || out->ok || out->first_violation[0] != '\0');
    return st;
}
