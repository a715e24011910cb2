/* mc_funds.c — funds on a path: Takahashi–Alexander per fund, by quarter, with a random return
 * (see mc_run.h and project/takahashi.h for the yearly model). A year's rates become quarterly
 * ones that compound to them: a call rate RC on the uncalled commitment becomes
 * 1 - (1 - RC)^(1/4), a distribution rate RD = max(Y, (t/L)^B) on the NAV likewise, and the NAV
 * grows by (1 + G)^(1/4) times exp(s Z - s^2/2) with s = volatility / 2 and Z a standard normal
 * drawn per fund and quarter (the factor tabulated at 4096 quantiles and interpolated). In the
 * investment period (fund_investment_years from the vintage) a share fund_recycling of each
 * quarter's distribution is redeployed (循环投资): it stays in the NAV instead of being paid. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "project/mc_path.h"
#include "project/mc_rng.h"

static double call_rate_year(const mc_params *p, int t) {
    return t <= 1 ? p->fund_call_rate_1 : t == 2 ? p->fund_call_rate_2 : p->fund_call_rate_3;
}

hs_status mc_funds_prepare(mc_shared *sh, hs_error *err) {
    const mc_snapshot *s = sh->snap;
    const mc_params *p = sh->p;
    int oldest = 0;
    for (size_t f = 0; f < s->n_funds; f++)
        if (s->funds[f].age_q > oldest)
            oldest = s->funds[f].age_q;
    sh->fund_ages = oldest + sh->quarters + 1;
    size_t cells = s->n_funds * (size_t)sh->fund_ages;
    sh->fund_rc = cells ? malloc(cells * sizeof *sh->fund_rc) : NULL;
    sh->fund_rd = cells ? malloc(cells * sizeof *sh->fund_rd) : NULL;
    if (cells && (sh->fund_rc == NULL || sh->fund_rd == NULL))
        return hs_fail(err, HS_STORAGE, "out of memory preparing %zu funds", s->n_funds);
    for (size_t f = 0; f < s->n_funds; f++) {
        double life_y = (double)s->funds[f].life_q / 4.0;
        for (int a = 0; a < sh->fund_ages; a++) {
            int t = a / 4 + 1; /* the fund's year */
            double rd = pow((double)(a + 1) / 4.0 / life_y, p->fund_bow);
            if (rd < p->fund_yield)
                rd = p->fund_yield;
            if (rd > 1)
                rd = 1;
            sh->fund_rc[f * (size_t)sh->fund_ages + (size_t)a] = mc_quarterly(call_rate_year(p, t));
            sh->fund_rd[f * (size_t)sh->fund_ages + (size_t)a] = mc_quarterly(rd);
        }
    }
    double sq = p->fund_volatility / 2.0;
    sh->fund_sigma_q = sq;
    sh->fund_drift_q = 0.25 * log1p(p->fund_growth) - sq * sq / 2.0;
    /* the quarterly growth factor by the uniform that draws it, tabulated like the normal */
    for (int i = 0; i <= MC_FACTOR_TABLE; i++)
        sh->fund_factor[i] =
            exp(sh->fund_drift_q + sq * mc_normal((double)i / (MC_FACTOR_TABLE + 1.0)));
    return HS_OK;
}

void mc_funds_quarter(const mc_shared *sh, mc_pstate *ps, int q) {
    const mc_snapshot *s = sh->snap;
    const uint64_t key = mc_key(sh->opt->seed, (uint64_t)ps->path, (uint32_t)q, MC_STREAM_FUND);
    const double *factor = sh->fund_factor;
    const size_t ages = (size_t)sh->fund_ages;
    const double recycle = sh->p->fund_recycling;
    const size_t invest_q = (size_t)(4.0 * sh->p->fund_investment_years);
    for (size_t f = 0; f < s->n_funds; f++) {
        size_t a = (size_t)(s->funds[f].age_q + q);
        assert(a < ages);
        double x = mc_uniform(mc_bits_at(key, f)) * MC_FACTOR_TABLE;
        int i = (int)x;
        double g = factor[i] + (x - i) * (factor[i + 1] - factor[i]);
        double nav = ps->fund_nav[f] * g;
        double c = sh->fund_rc[f * ages + a] * (s->funds[f].committed - ps->fund_pic[f]);
        double d = sh->fund_rd[f * ages + a] * nav;
        /* in the investment period a share of what would be distributed is redeployed */
        double kept = a < invest_q ? recycle * d : 0.0;
        ps->fund_nav[f] = nav + c - d + kept;
        ps->fund_pic[f] += c;
        ps->fund_dist[f] += d - kept;
        assert(kept >= 0 && kept <= d);
    }
}
