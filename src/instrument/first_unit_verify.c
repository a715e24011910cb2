/* first_unit_verify.c — the first-unit tables against the ledger (see first_unit_verify.h). */
#include "instrument/first_unit_verify.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/first_unit.h"
#include "instrument/first_unit_repo.h"
#include "store/flows.h"

typedef struct {
    hs_store *s;
    first_unit_verify_report *out;
    const first_unit *u;
    int64_t claims, insurer_paid_fen, topup_fen; /* one unit's claims, summed */
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

/* The transfer `id` must move amount_fen from debit to credit under code. */
static hs_status check_transfer(verify_ctx *v, const char *what, const char *id, int64_t amount_fen,
                                const char *debit, const char *credit, const char *code,
                                hs_error *err) {
    v->rows_paid++;
    if (!money_add(v->rows_total_fen, amount_fen, &v->rows_total_fen))
        return hs_fail(err, HS_STORAGE, "first-unit payments overflow");
    hs_transfer t;
    bool found = false;
    hs_status st = store_transfer_by_id(v->s, id, &t, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        violation(v, "%s records %lld fen paid under transfer %s, which the ledger does not hold",
                  what, (long long)amount_fen, id);
    else if (t.amount_fen != amount_fen || strcmp(t.debit, debit) != 0 ||
             strcmp(t.credit, credit) != 0 || strcmp(t.code, code) != 0)
        violation(v,
                  "%s: transfer %s moved %lld fen %s -> %s (%s), the record says %lld fen %s -> %s",
                  what, id, (long long)t.amount_fen, t.debit, t.credit, t.code,
                  (long long)amount_fen, debit, credit);
    return HS_OK;
}

static hs_status claim_fn(void *ctx, const first_unit_claim *c, hs_error *err) {
    verify_ctx *v = ctx;
    v->out->checks++;
    v->claims++;
    if (!money_add(v->insurer_paid_fen, c->insurer_paid_fen, &v->insurer_paid_fen) ||
        !money_add(v->topup_fen, c->topup_fen, &v->topup_fen))
        return hs_fail(err, HS_STORAGE, "first-unit claims overflow");
    if (c->topup_fen == 0)
        return HS_OK;
    char what[96];
    snprintf(what, sizeof what, "claim %s of unit %s", c->id, c->unit);
    return check_transfer(v, what, c->transfer_id, c->topup_fen, v->u->policy.budget,
                          c->payee_account, FIRST_UNIT_TOPUP_CODE, err);
}

static hs_status unit_fn(void *ctx, const first_unit *u, hs_error *err) {
    verify_ctx *v = ctx;
    v->out->checks++;
    v->u = u;
    v->claims = v->insurer_paid_fen = v->topup_fen = 0;
    hs_status st;
    if (u->subsidy_fen > 0) {
        char what[64];
        snprintf(what, sizeof what, "unit %s", u->req.id);
        if ((st = check_transfer(v, what, u->transfer_id, u->subsidy_fen, u->policy.budget,
                                 u->payee_account, FIRST_UNIT_SUBSIDY_CODE, err)) != HS_OK)
            return st;
    }
    if ((st = first_unit_repo_claims_each(v->s, u->req.id, claim_fn, v, err)) != HS_OK)
        return st;
    if (v->claims != u->claims || v->insurer_paid_fen != u->insurer_paid_fen ||
        v->topup_fen != u->topup_fen)
        violation(v,
                  "unit %s records %d claims (insurer %lld fen, top-up %lld fen), its claims "
                  "add up to %lld (%lld fen, %lld fen)",
                  u->req.id, (int)u->claims, (long long)u->insurer_paid_fen,
                  (long long)u->topup_fen, (long long)v->claims, (long long)v->insurer_paid_fen,
                  (long long)v->topup_fen);
    return HS_OK;
}

static hs_status ledger_fn(void *ctx, const hs_transfer *t, hs_error *err) {
    verify_ctx *v = ctx;
    if (!flow_moved(t))
        return HS_OK;
    v->ledger_paid++;
    if (!money_add(v->ledger_total_fen, t->amount_fen, &v->ledger_total_fen))
        return hs_fail(err, HS_STORAGE, "first-unit transfers overflow");
    return HS_OK;
}

hs_status first_unit_verify(hs_store *s, first_unit_verify_report *out, hs_error *err) {
    assert(s != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    out->ok = true;
    verify_ctx v = {.s = s, .out = out};
    hs_status st = first_unit_repo_each(s, NULL, unit_fn, &v, err);
    if (st == HS_OK)
        st = store_flows_with_ref(s, "instrument", "first_unit", ledger_fn, &v, err);
    if (st != HS_OK)
        return st;
    if (v.rows_paid != v.ledger_paid || v.rows_total_fen != v.ledger_total_fen)
        violation(&v,
                  "first units record %lld fen paid in %lld payments, the ledger holds %lld fen "
                  "in %lld transfers of the module",
                  (long long)v.rows_total_fen, (long long)v.rows_paid,
                  (long long)v.ledger_total_fen, (long long)v.ledger_paid);
    assert(out->ok || out->first_violation[0] != '\0');
    return HS_OK;
}
