/* mc_credit.c — loans and risk pools on a path: linear amortisation, defaults at a constant
 * hazard, the pool's claim decided by the credit module's own rule (credit_claim_decide, with
 * the pool's shares and caps) on the loss net of the expected recovery, renewals at maturity
 * (see mc_run.h). */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "project/mc_path.h"
#include "project/mc_rng.h"

static void claim(const mc_shared *sh, mc_pstate *ps, mc_loan0 *l, int q) {
    if (l->pool < 0)
        return;
    const mc_pool0 *pool = &sh->snap->pools[l->pool];
    double base = l->outstanding * (1.0 - sh->p->recovery_rate);
    double *balance = &ps->pool_balance[l->pool];
    int64_t base_fen = (int64_t)llround(base * 100.0);
    int64_t avail_fen = (int64_t)floor(*balance * 100.0);
    int64_t bank_fen = (int64_t)llround(ps->bank_year_paid[l->bank] * 100.0);
    credit_claim_decision d;
    hs_error err;
    hs_status st = credit_claim_decide(&pool->params, l->unsecured_bp, l->first_loan, base_fen,
                                       bank_fen, avail_fen, true, &d, &err);
    if (st != HS_OK) { /* refused: no loss, the bank's cap used up, or an empty pool */
        if (avail_fen <= 0 && base_fen > 0 && ps->depletion_q < 0)
            ps->depletion_q = q;
        return;
    }
    double paid = (double)d.paid_fen / 100.0;
    *balance -= paid;
    if (*balance < 0)
        *balance = 0;
    ps->claims_paid += paid;
    ps->bank_year_paid[l->bank] += paid;
    if (d.shortfall_fen > 0 && ps->depletion_q < 0)
        ps->depletion_q = q;
}

hs_status mc_credit_prepare(mc_shared *sh, hs_error *err) {
    const mc_snapshot *s = sh->snap;
    sh->pool_loan_start = calloc(s->n_pools + 2, sizeof *sh->pool_loan_start);
    sh->pool_loans = calloc(s->n_loans + 1, sizeof *sh->pool_loans);
    uint32_t *fill = calloc(s->n_pools + 1, sizeof *fill);
    if (sh->pool_loan_start == NULL || sh->pool_loans == NULL || fill == NULL) {
        free(fill);
        return hs_fail(err, HS_STORAGE, "out of memory preparing %zu loans", s->n_loans);
    }
    for (size_t i = 0; i < s->n_loans; i++)
        if (s->loans[i].pool >= 0) {
            assert((size_t)s->loans[i].pool < s->n_pools);
            sh->pool_loan_start[s->loans[i].pool + 1]++;
        }
    for (size_t p = 0; p < s->n_pools; p++)
        sh->pool_loan_start[p + 1] += sh->pool_loan_start[p];
    for (size_t i = 0; i < s->n_loans; i++)
        if (s->loans[i].pool >= 0) {
            size_t p = (size_t)s->loans[i].pool;
            sh->pool_loans[sh->pool_loan_start[p] + fill[p]++] = (uint32_t)i;
        }
    free(fill);
    return HS_OK;
}

/* New loans of the quarter, after the others moved (a new loan neither amortises nor defaults in
 * the quarter it is drawn). */
static hs_status draw_new_loans(const mc_shared *sh, mc_pstate *ps, int q, hs_error *err) {
    const mc_snapshot *s = sh->snap;
    const uint64_t key = mc_key(sh->opt->seed, (uint64_t)ps->path, (uint32_t)q, MC_STREAM_NEWLOAN);
    for (size_t p = 0; p < s->n_pools; p++) {
        uint32_t first = sh->pool_loan_start[p], count = sh->pool_loan_start[p + 1] - first;
        if (count == 0 || ps->pool_balance[p] <= 0)
            continue; /* nothing to resemble, or banks lend no more against an empty pool */
        double lambda = sh->p->new_loan_rate / 4.0 * (double)count;
        int64_t k = mc_poisson(lambda, mc_uniform(mc_bits_at(key, p)));
        assert(k >= 0);
        if ((size_t)k > MC_PATH_LOANS_MAX - ps->n_loans)
            return hs_fail(err, HS_STORAGE, "more than %d loans on one path", MC_PATH_LOANS_MAX);
        if (ps->n_loans + (size_t)k > ps->cap_loans) {
            size_t cap = ps->cap_loans ? ps->cap_loans : 64;
            while (cap < ps->n_loans + (size_t)k)
                cap *= 2;
            mc_loan0 *nl = realloc(ps->loans, cap * sizeof *nl);
            if (nl == NULL)
                return hs_fail(err, HS_STORAGE, "out of memory: %zu loans on one path", cap);
            ps->loans = nl;
            ps->cap_loans = cap;
        }
        for (int64_t j = 0; j < k; j++) {
            uint64_t pick = mc_bits_at(key, ((uint64_t)(p + 1) << 32) | (uint64_t)j);
            const mc_loan0 *like = &s->loans[sh->pool_loans[first + pick % count]];
            mc_loan0 *l = &ps->loans[ps->n_loans++];
            *l = *like;
            l->outstanding = l->amount;
            l->quarters_left = l->term_quarters > 0 ? l->term_quarters : 1;
            l->first_loan = 1;
            assert(l->pool == (int32_t)p && l->outstanding >= 0);
        }
    }
    return HS_OK;
}

hs_status mc_credit_quarter(const mc_shared *sh, mc_pstate *ps, int q, hs_error *err) {
    const mc_snapshot *s = sh->snap;
    int cy = sh->cal_year_of_q[q];
    if (cy != ps->bank_year) {
        ps->bank_year = cy;
        for (size_t b = 0; b < s->n_banks; b++)
            ps->bank_year_paid[b] = 0;
    }
    const uint64_t key = mc_key(sh->opt->seed, (uint64_t)ps->path, (uint32_t)q, MC_STREAM_LOAN);
    for (size_t i = 0; i < ps->n_loans; i++) {
        mc_loan0 *l = &ps->loans[i];
        if (l->outstanding <= 0)
            continue;
        uint64_t bits = mc_bits_at(key, i);
        if (mc_uniform21(bits, 0) < sh->default_q) {
            claim(sh, ps, l, q);
            l->outstanding = 0;
            continue;
        }
        assert(l->quarters_left > 0);
        l->outstanding -= l->outstanding / (double)l->quarters_left;
        if (--l->quarters_left > 0)
            continue;
        l->outstanding = 0;
        if (mc_uniform21(bits, 1) < sh->p->rollover_rate) { /* renewed: a repeat loan */
            l->outstanding = l->amount;
            l->quarters_left = l->term_quarters;
            l->first_loan = 0;
        }
    }
    return draw_new_loans(sh, ps, q, err);
}
