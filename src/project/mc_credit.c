/* mc_credit.c — loans and risk pools on a path: linear amortisation, defaults at a constant
 * hazard, the pool's claim decided by the credit module's own rule (credit_claim_decide, with
 * the pool's shares and caps) on the loss net of the expected recovery, renewals at maturity
 * (see mc_run.h). */
#include <assert.h>
#include <math.h>

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

void mc_credit_quarter(const mc_shared *sh, mc_pstate *ps, int q) {
    const mc_snapshot *s = sh->snap;
    int cy = sh->cal_year_of_q[q];
    if (cy != ps->bank_year) {
        ps->bank_year = cy;
        for (size_t b = 0; b < s->n_banks; b++)
            ps->bank_year_paid[b] = 0;
    }
    const uint64_t key = mc_key(sh->opt->seed, (uint64_t)ps->path, (uint32_t)q, MC_STREAM_LOAN);
    for (size_t i = 0; i < s->n_loans; i++) {
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
}
