/* rdreserve_verify.c — the R&D-reserve tables against the ledger (see rdreserve_verify.h). */
#include "instrument/rdreserve_verify.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/rdreserve.h"
#include "instrument/rdreserve_repo.h"
#include "store/flows.h"

typedef struct {
    hs_store *s;
    rdreserve_verify_report *out;
    int64_t rows_paid, rows_total_fen;
    int64_t ledger_paid, ledger_total_fen;
} verify_ctx;

static void violation(verify_ctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void violation(verify_ctx *v, const char *fmt, ...) {
    if (!v->out->ok)
        return; /* the first one is reported */
    v->out->ok = false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->out->first_violation, sizeof v->out->first_violation, fmt, ap);
    va_end(ap);
}

static hs_status reserve_fn(void *ctx, const rdreserve *r, hs_error *err) {
    verify_ctx *v = ctx;
    v->out->checks++;
    if (r->status != RDRESERVE_PAID)
        return HS_OK;
    v->rows_paid++;
    if (!money_add(v->rows_total_fen, r->amount_fen, &v->rows_total_fen))
        return hs_fail(err, HS_STORAGE, "R&D-reserve payments overflow");
    hs_transfer t;
    bool found = false;
    hs_status st = store_transfer_by_id(v->s, r->transfer_id, &t, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        violation(v,
                  "reserve %s/%d records %lld fen paid under transfer %s, which the ledger does "
                  "not hold",
                  r->firm, (int)r->year, (long long)r->amount_fen, r->transfer_id);
    else if (t.amount_fen != r->amount_fen || strcmp(t.debit, r->policy.budget) != 0 ||
             strcmp(t.credit, r->payee_account) != 0 || strcmp(t.code, RDRESERVE_CODE) != 0)
        violation(v,
                  "reserve %s/%d: transfer %s moved %lld fen %s -> %s (%s), the record says %lld "
                  "fen %s -> %s",
                  r->firm, (int)r->year, r->transfer_id, (long long)t.amount_fen, t.debit, t.credit,
                  t.code, (long long)r->amount_fen, r->policy.budget, r->payee_account);
    return HS_OK;
}

static hs_status ledger_fn(void *ctx, const hs_transfer *t, hs_error *err) {
    verify_ctx *v = ctx;
    if (!flow_moved(t))
        return HS_OK;
    v->ledger_paid++;
    if (!money_add(v->ledger_total_fen, t->amount_fen, &v->ledger_total_fen))
        return hs_fail(err, HS_STORAGE, "R&D-reserve transfers overflow");
    return HS_OK;
}

hs_status rdreserve_verify(hs_store *s, rdreserve_verify_report *out, hs_error *err) {
    assert(s != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    out->ok = true;
    verify_ctx v = {.s = s, .out = out};
    hs_status st = rdreserve_repo_each(s, NULL, 0, reserve_fn, &v, err);
    if (st == HS_OK)
        st = store_flows_with_ref(s, "instrument", "rdreserve", ledger_fn, &v, err);
    if (st != HS_OK)
        return st;
    if (v.rows_paid != v.ledger_paid || v.rows_total_fen != v.ledger_total_fen)
        violation(&v,
                  "R&D reserves record %lld fen paid in %lld payments, the ledger holds %lld fen "
                  "in %lld transfers of the module",
                  (long long)v.rows_total_fen, (long long)v.rows_paid,
                  (long long)v.ledger_total_fen, (long long)v.ledger_paid);
    assert(out->ok || out->first_violation[0] != '\0');
    return HS_OK;
}
