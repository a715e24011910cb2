/* target_actual.c — a target's actual from the book and the registry (ops_target_actual_computed):
 * firm counts from the registry, loans outstanding from credit, budget paid from the programme,
 * fund figures from the fund module. Book figures are the book's current state. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_loan.h"
#include "instrument/credit_pool.h"
#include "instrument/fund_report.h"
#include "ops/programme_funds.h"
#include "ops/programme_ops.h"
#include "ops/registry_ops.h"
#include "ops/target_ops.h"

static hs_status count_firms(const hs_ctx *ctx, const target *t, const target_filter *tf,
                             int64_t *out, hs_error *err) {
    registry_session rs;
    hs_status st = registry_session_open(ctx, false, &rs, err);
    if (st != HS_OK)
        return st;
    firm_filter f = {.city = tf->city[0] ? tf->city : NULL,
                     .sector = tf->sector,
                     .stage = tf->stage,
                     .flags_all = tf->flags_all};
    if (t->indicator == TARGET_UNICORNS)
        f.flags_all |= FIRM_FLAG_UNICORN;
    st = registry_count(rs.registry, &f, out, err);
    registry_session_close(&rs);
    return st;
}

typedef struct {
    hs_store *s;
    const char *programme;
    int64_t sum_fen;
    bool overflow;
} loan_sum;

static hs_status add_loan(void *c, const credit_loan *l, hs_error *err) {
    (void)err;
    loan_sum *ls = c;
    if (!money_add(ls->sum_fen, credit_loan_outstanding(l), &ls->sum_fen))
        ls->overflow = true;
    return HS_OK;
}

static hs_status pool_loans(void *c, const char *id, hs_error *err) {
    loan_sum *ls = c;
    credit_pool p;
    bool found = false;
    hs_status st = credit_pool_get(ls->s, id, &p, &found, err);
    if (st != HS_OK || !found || strcmp(p.programme, ls->programme) != 0)
        return st;
    return credit_loans_each(ls->s, id, add_loan, ls, err);
}

static hs_status loans_outstanding(const hs_ctx *ctx, const target *t, int64_t *out,
                                   hs_error *err) {
    loan_sum ls = {.s = ctx->store, .programme = t->programme};
    hs_status st = credit_pool_ids_each(ctx->store, pool_loans, &ls, err);
    if (st == HS_OK && ls.overflow)
        st = hs_fail(err, HS_STORAGE, "loans outstanding overflow");
    *out = ls.sum_fen;
    return st;
}

static hs_status budget_paid(const hs_ctx *ctx, const target *t, int64_t *out, hs_error *err) {
    programme_status ps;
    hs_status st = ops_programme_status(ctx, t->programme, &ps, err);
    if (st == HS_NOT_FOUND) {
        *out = 0; /* a target may be set before its programme is */
        return HS_OK;
    }
    if (st != HS_OK)
        return st;
    *out = ps.totals[PROGRAMME_PAID];
    programme_status_free(&ps);
    return HS_OK;
}

static void add_figure(const target *t, const fund_figures *f, int64_t *sum, bool *overflow) {
    int64_t v =
        t->indicator == TARGET_FUND_COMMITTED ? f->committed_fen
        : t->indicator == TARGET_FUND_DEPLOYED
            ? f->invested_fen
            : (f->committed_fen > f->gov_money_fen ? f->committed_fen - f->gov_money_fen : 0);
    if (!money_add(*sum, v, sum))
        *overflow = true;
}

static hs_status fund_figure(const hs_ctx *ctx, const target *t, const target_filter *tf,
                             hs_date on, int64_t *out, hs_error *err) {
    *out = 0;
    hs_date today = hs_clock_today(&ctx->clock);
    bool overflow = false;
    hs_status st;
    if (tf->fund[0]) { /* one tree or group, its totals */
        fund_report r;
        st = fund_report_build(ctx->store, tf->fund, on, today, FUND_BY_NONE, &r, err);
        if (st != HS_OK)
            return st;
        fund_figures tot = {.committed_fen = r.external_committed_fen,
                            .gov_money_fen = r.external_gov_fen,
                            .invested_fen = r.invested_total_fen};
        add_figure(t, &tot, out, &overflow);
        fund_report_free(&r);
        return overflow ? hs_fail(err, HS_STORAGE, "fund figures overflow") : HS_OK;
    }
    programme_fund_id *ids = NULL;
    size_t n = 0;
    st = ops_programme_fund_ids(ctx, t->programme, &ids, &n, err);
    for (size_t i = 0; i < n && st == HS_OK; i++) {
        fund_figures f;
        if ((st = fund_figures_get(ctx->store, ids[i], on, today, &f, err)) == HS_OK)
            add_figure(t, &f, out, &overflow);
    }
    free(ids);
    if (st == HS_OK && overflow)
        st = hs_fail(err, HS_STORAGE, "fund figures overflow");
    return st;
}

hs_status ops_target_actual_computed(const hs_ctx *ctx, const target *t, hs_date on,
                                     int64_t *actual, bool *known, hs_error *err) {
    assert(ctx != NULL && t != NULL && actual != NULL && known != NULL);
    *actual = 0;
    *known = true;
    target_filter tf;
    hs_status st = target_filter_parse(t->filter, &tf, err);
    if (st != HS_OK)
        return hs_fail(err, HS_STORAGE, "target %s/%s has a damaged filter", t->programme, t->id);
    switch (t->indicator) {
    case TARGET_FIRMS:
    case TARGET_UNICORNS:
        return count_firms(ctx, t, &tf, actual, err);
    case TARGET_LOANS_OUTSTANDING:
        return loans_outstanding(ctx, t, actual, err);
    case TARGET_BUDGET_EXECUTED:
        return budget_paid(ctx, t, actual, err);
    case TARGET_FUND_COMMITTED:
    case TARGET_FUND_DEPLOYED:
    case TARGET_SOCIAL_CAPITAL:
        return fund_figure(ctx, t, &tf, on, actual, err);
    case TARGET_INDUSTRY_OUTPUT:
    case TARGET_INDICATORS:
        break;
    }
    *known = false;
    return HS_OK;
}
